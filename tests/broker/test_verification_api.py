"""Pacts for verification over HTTP: request validation, selection, pending and WIP, the response shape."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import pytest

from accord.broker.api.for_verification import parse_verification_query
from accord.broker.domain import BrokerQueryError, ConsumerVersionSelector


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
