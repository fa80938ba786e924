"""Pacts for verification over HTTP: request validation, selection, pending and WIP, the response shape."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from typing import Any

import pytest

from accord.broker.api._metadata import PactMetadata, decode_metadata
from accord.broker.api.for_verification import parse_verification_query
from accord.broker.domain import BrokerQueryError, ConsumerVersionSelector, Estate

from .domain.builder import EstateBuilder
from .test_matrix_api import anyio_backend, database_url, serving

__all__ = ["anyio_backend", "database_url"]  # fixtures shared with the matrix API tests


@pytest.mark.parametrize(
    ("body", "field", "fragment"),
    [
        ([], "", "the request body must be a JSON object"),
        (
            {"consumerVersionSelectors": [{"branch": "b", "tag": "t"}]},
            "consumerVersionSelectors[0]",
            "cannot specify both a tag and a branch",
        ),
        (
            {"consumerVersionSelectors": [{"bogus": True}]},
            "consumerVersionSelectors[0]",
            "unknown selector property 'bogus'",
        ),
        ({"providerVersionBranch": 3}, "providerVersionBranch", "must be a string"),
        ({"providerVersionTags": "main"}, "providerVersionTags", "must be an array of strings"),
        ({"includePendingStatus": "yes"}, "includePendingStatus", "must be true or false"),
        ({"includeWipPactsSince": "last week"}, "includeWipPactsSince", "must be a date"),
        (
            {"includePendingStatus": True, "providerVersionBranch": ""},
            "providerVersionBranch",
            "must not be an empty string",
        ),
        (
            {"consumerVersionSelectors": [{"environment": "mars"}]},
            "consumerVersionSelectors[0]",
            "environment with name 'mars' does not exist",
        ),
        (
            {"consumerVersionSelectors": [{"matchingBranch": True}]},
            "consumerVersionSelectors[0]",
            "providerVersionBranch must be specified",
        ),
        ({"surprise": 1}, "surprise", "unknown property"),
    ],
)
def test_invalid_requests(body: Any, field: str, fragment: str) -> None:
    """Each invalid request names the field and the problem (HTTP 400), with a hint."""
    with pytest.raises(BrokerQueryError) as caught:
        parse_verification_query(body, {"prod"})
    assert any(fragment in message for message in caught.value.errors[field])
    assert caught.value.hint


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        ({}, ([], None, [], False, None)),
        (
            {
                "consumerVersionSelectors": [{"mainBranch": True}, {"deployedOrReleased": True}],
                "providerVersionBranch": "main",
                "includePendingStatus": True,
                "includeWipPactsSince": "2026-01-01",
            },
            (
                [
                    ConsumerVersionSelector(main_branch=True),
                    ConsumerVersionSelector(deployed_or_released=True),
                ],
                "main",
                [],
                True,
                datetime(2026, 1, 1, tzinfo=UTC),
            ),
        ),
        (
            {"providerVersionTags": ["dev"], "includeWipPactsSince": "2026-01-02T03:04:05Z"},
            ([], None, ["dev"], False, datetime(2026, 1, 2, 3, 4, 5, tzinfo=UTC)),
        ),
    ],
)
def test_valid_requests(body: dict[str, Any], expected: tuple[Any, ...]) -> None:
    """Valid requests, as the Rust verifier and pact-python send them, parse completely."""
    query = parse_verification_query(body, {"prod"})
    got = (
        query.selectors,
        query.provider_version_branch,
        query.provider_version_tags,
        query.include_pending_status,
        query.include_wip_pacts_since,
    )
    assert got == expected


def _wip_estate() -> Estate:
    b = EstateBuilder()
    b.pacticipant("web", main_branch="main")
    b.environment("prod")
    b.publish("web", "1", "catalog", "w1", branch="main")
    b.publish("web", "2", "catalog", "w2", branch="feat-x")
    b.verify("catalog", "10", "w1", True, branch="main")
    b.deploy("web", "1", "prod")
    return b.build()


RUST_VERIFIER_BODY = {
    "consumerVersionSelectors": [{"mainBranch": True}, {"deployedOrReleased": True}],
    "includePendingStatus": True,
    "includeWipPactsSince": "2026-01-01",
    "providerVersionBranch": "main",
    "providerVersionTags": [],
}


@pytest.mark.anyio
async def test_what_the_rust_verifier_gets(database_url: str) -> None:
    """The Rust verifier's request gets the explicit pact (not pending) and the WIP one, with notices and "
    "links."""
    with serving(database_url, _wip_estate()) as client:
        async with client:
            first = await client.get("/pacts/provider/catalog/for-verification")
            response = await client.post("/pacts/provider/catalog/for-verification", json=RUST_VERIFIER_BODY)
    assert first.status_code == 200
    assert response.status_code == 200, response.text
    assert response.headers["content-type"].startswith("application/hal+json")
    body = response.json()
    pacts = body["_embedded"]["pacts"]
    assert [p["shortDescription"] for p in pacts] == [
        "latest from main branch, deployed to prod",
        "latest from branch feat-x",
    ]
    assert [p["verificationProperties"]["pending"] for p in pacts] == [False, True]
    assert [p["verificationProperties"].get("wip") for p in pacts] == [None, True]
    assert pacts[0]["_links"]["self"]["name"] == "Pact between web (1) and catalog"
    # The Pact Broker's form: the pact version URL, then metadata saying why it is verified.
    prefix, segment = pacts[0]["_links"]["self"]["href"].split("/metadata/")
    assert prefix == "http://broker.test/pacts/provider/catalog/consumer/web/pact-version/w1"
    assert decode_metadata(segment) == PactMetadata(("1",), wip=False, pending=False)
    wip_segment = pacts[1]["_links"]["self"]["href"].split("/metadata/")[1]
    assert decode_metadata(wip_segment) == PactMetadata(("2",), wip=True, pending=True)
    assert pacts[0]["verificationProperties"]["notices"][0]["text"] == (
        "The pact at http://broker.test/pacts/provider/catalog/consumer/web/pact-version/w1 is being "
        "verified "
        "because the pact content belongs to the consumer versions matching the following criteria:\n"
        "    * latest version from the main branch 'main' (1)\n"
        "    * consumer version(s) currently deployed to prod (1)"
    )
    assert body["_links"]["self"]["href"] == "http://broker.test/pacts/provider/catalog/for-verification"


@pytest.mark.anyio
@pytest.mark.parametrize(
    ("request_body", "expected"),
    [
        ({}, [("1", None)]),
        ({"includePendingStatus": True, "providerVersionBranch": "feat"}, [("1", False)]),
        ({"consumerVersionSelectors": [{"branch": "feat-x"}], "includePendingStatus": True}, [("2", True)]),
        ({"consumerVersionSelectors": [{"latest": True}], "providerVersionTags": ["main"]}, [("2", None)]),
        ({"consumerVersionSelectors": [{"tag": "nope", "latest": True}]}, []),
    ],
)
async def test_selection_over_http(
    database_url: str, request_body: dict[str, Any], expected: list[tuple[str, bool | None]]
) -> None:
    """POST bodies select the pacts and report pending only when asked."""
    with serving(database_url, _wip_estate()) as client:
        async with client:
            response = await client.post("/pacts/provider/catalog/for-verification", json=request_body)
    assert response.status_code == 200, response.text
    pacts = response.json()["_embedded"]["pacts"]
    got = [
        (p["_links"]["self"]["name"].split("(")[1].split(")")[0], p["verificationProperties"].get("pending"))
        for p in pacts
    ]
    assert got == expected


@pytest.mark.anyio
async def test_get_with_query_parameters(database_url: str) -> None:
    """GET takes the same fields as query parameters."""
    with serving(database_url, _wip_estate()) as client:
        async with client:
            response = await client.get(
                "/pacts/provider/catalog/for-verification?consumerVersionSelectors[][branch]=feat-x"
                "&includePendingStatus=true&providerVersionBranch=main"
            )
    [pact] = response.json()["_embedded"]["pacts"]
    assert (pact["shortDescription"], pact["verificationProperties"]["pending"]) == (
        "latest from branch feat-x",
        True,
    )


@pytest.mark.anyio
@pytest.mark.parametrize(
    ("path", "content", "status", "fragment"),
    [
        ("/pacts/provider/nobody/for-verification", b"{}", 404, "No provider with name 'nobody' found"),
        ("/pacts/provider/catalog/for-verification", b"{not json", 400, "not valid JSON"),
        ("/pacts/provider/catalog/for-verification", b"[1]", 400, "must be a JSON object"),
        (
            "/pacts/provider/catalog/for-verification",
            b'{"consumerVersionSelectors": [{"deployed": true, "released": true}]}',
            400,
            "cannot specify both deployed=true and released=true",
        ),
        (
            "/pacts/provider/catalog/for-verification",
            b'{"consumerVersionSelectors": [{"environment": "mars"}]}',
            400,
            "environment with name 'mars' does not exist",
        ),
    ],
)
async def test_bad_requests(database_url: str, path: str, content: bytes, status: int, fragment: str) -> None:
    """Unknown providers get a 404 and bad bodies a 400, each with a clear JSON error."""
    with serving(database_url, _wip_estate()) as client:
        async with client:
            response = await client.post(path, content=content, headers={"content-type": "application/json"})
    assert response.status_code == status, response.text
    assert fragment in json.dumps(response.json())
    assert response.json()["hint"]
