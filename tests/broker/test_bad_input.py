"""Bad input gets a 4xx with a clear JSON error body, never a 500, and nothing is stored."""

from __future__ import annotations

import base64
import json
from typing import Any

import httpx
import pytest

from .conftest import pact, publication, table_counts

pytestmark = pytest.mark.anyio


def _with(changes: dict[str, Any], contract_changes: dict[str, Any] | None = None) -> dict[str, Any]:
    body = publication("web", "1", {"api": "a"})
    body.update(changes)
    if contract_changes:
        body["contracts"][0].update(contract_changes)
    return body


_HUGE = base64.b64encode(
    json.dumps({**pact("web", "api"), "padding": "x" * (20 * 1024 * 1024)}).encode()
).decode()

CASES: list[tuple[str, str, str, Any, int, str]] = [
    # (case, method, path, body (bytes = raw), status, words in the error)
    ("malformed JSON", "POST", "/contracts/publish", b'{"pacticipantName": ', 400, "not valid JSON"),
    ("array body", "POST", "/contracts/publish", b"[1, 2]", 400, "must be a JSON object"),
    (
        "missing version",
        "POST",
        "/contracts/publish",
        _with({"pacticipantVersionNumber": None}),
        400,
        "'pacticipantVersionNumber' is missing",
    ),
    ("number as name", "POST", "/contracts/publish", _with({"pacticipantName": 42}), 400, "must be a string"),
    (
        "contracts not a list",
        "POST",
        "/contracts/publish",
        _with({"contracts": "nope"}),
        400,
        "must be an array",
    ),
    (
        "invalid base64",
        "POST",
        "/contracts/publish",
        _with({}, {"content": "%%% not base64"}),
        400,
        "not valid base64",
    ),
    (
        "base64 of non-JSON",
        "POST",
        "/contracts/publish",
        _with({}, {"content": base64.b64encode(b"hello").decode()}),
        400,
        "not a JSON pact",
    ),
    (
        "unknown specification",
        "POST",
        "/contracts/publish",
        _with({}, {"specification": "openapi"}),
        400,
        "is not supported",
    ),
    (
        "unknown onConflict",
        "POST",
        "/contracts/publish",
        _with({}, {"onConflict": "explode"}),
        400,
        "onConflict",
    ),
    (
        "pact names disagree",
        "POST",
        "/contracts/publish",
        _with({}, {"providerName": "other"}),
        400,
        "the pact's provider",
    ),
    ("20 MB pact", "POST", "/contracts/publish", _with({}, {"content": _HUGE}), 413, "larger than"),
    (
        "path traversal in a name",
        "POST",
        "/contracts/publish",
        _with({"pacticipantName": "../../etc/passwd"}),
        400,
        "path separator",
    ),
    (
        "control character in a tag",
        "POST",
        "/contracts/publish",
        _with({"tags": ["a\nb"]}),
        400,
        "control character",
    ),
    ("dot-dot version in the path", "PUT", "/pacticipants/web/versions/%2E%2E", {}, 400, "'..' part"),
    (
        "success not a boolean",
        "POST",
        "/pacts/provider/api/consumer/web/version/1/verification-results",
        {"success": "yes", "providerApplicationVersion": "1"},
        400,
        "must be a boolean",
    ),
    ("environment without a name", "POST", "/environments", {"displayName": "x"}, 400, "'name' is missing"),
    (
        "production not a boolean",
        "POST",
        "/environments",
        {"name": "x", "production": "true"},
        400,
        "must be a boolean",
    ),
    (
        "undeploy with true",
        "PATCH",
        "/deployed-versions/abc",
        {"currentlyDeployed": True},
        400,
        "only be set to false",
    ),
    (
        "unknown top-level field",
        "POST",
        "/contracts/publish",
        _with({"pacticipantVersion": "1"}),
        400,
        "unknown field(s): pacticipantVersion",
    ),
    (
        "unknown contract field",
        "POST",
        "/contracts/publish",
        _with({}, {"contnet": "x"}),
        400,
        "contracts[0] has unknown field(s): contnet",
    ),
    (
        "unknown environment field",
        "POST",
        "/environments",
        {"name": "x", "prod": True},
        400,
        "unknown field(s): prod",
    ),
    ("unknown route", "GET", "/no/such/thing", None, 404, "no resource"),
    ("wrong method", "DELETE", "/contracts/publish", None, 405, "not allowed"),
    ("bad page size", "GET", "/pacticipants/web/versions?size=abc", None, 400, "must be integers"),
]


@pytest.mark.parametrize(
    ("case", "method", "path", "body", "status", "words"), CASES, ids=[c[0] for c in CASES]
)
async def test_bad_input_is_a_clear_4xx_and_stores_nothing(  # noqa: PLR0917 - one per table column
    client: httpx.AsyncClient,
    db_url: str,
    case: str,
    method: str,
    path: str,
    body: Any,
    status: int,
    words: str,
) -> None:
    """Each malformed request is refused with its cause named in a JSON body; the tables stay empty."""
    before = table_counts(db_url)
    kwargs: dict[str, Any] = (
        {"content": body} if isinstance(body, bytes) else {"json": body} if body is not None else {}
    )
    if isinstance(body, bytes):
        kwargs["headers"] = {"content-type": "application/json"}
    response = await client.request(method, path, **kwargs)
    assert response.status_code == status, response.text[:300]
    assert words in response.json()["error"]
    assert table_counts(db_url) == before


@pytest.mark.parametrize(
    "name", ["web'; DROP TABLE pacticipants; --", 'we"b', "web%00", "ümlaut & <tags>", "a" * 255]
)
async def test_sql_metacharacters_in_names_are_just_names(client: httpx.AsyncClient, name: str) -> None:
    """Names with SQL metacharacters, quotes and unicode are stored and read back verbatim."""
    response = await client.post("/contracts/publish", json=publication(name, "1", {"api": "a"}))
    assert response.status_code == 200, response.text
    pacticipant = await client.get(response.json()["_links"]["pb:pacticipant"]["href"])
    assert pacticipant.json()["name"] == name
    assert [
        p["name"] for p in (await client.get("/pacticipants")).json()["_embedded"]["pacticipants"]
    ] == sorted([name, "api"])
