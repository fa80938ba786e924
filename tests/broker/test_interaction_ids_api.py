"""Served pacts carry an ``_id`` per interaction, so verifiers' per-interaction results can be kept.

The Rust verifier (``pact verifier``, pact_ffi in pact-python and pact-js) only reports an interaction
in ``testResults`` when the pact it fetched gave that interaction an ``_id``, as the Pact Broker does;
without them, passing interactions vanished from the stored results and failures had an empty id.
"""

from __future__ import annotations

import base64
import json

import httpx
import pytest

from accord.broker.domain import interaction_id

from .conftest import pact

pytestmark = pytest.mark.anyio


async def test_every_way_of_fetching_a_pact_gives_the_same_ids(client: httpx.AsyncClient) -> None:
    """By version, by content sha, latest: each interaction has the same ``_id``, first, even when the
    published content carried a stale one; the published content is otherwise served unchanged."""
    content = pact("web", "api", "a")
    content["interactions"].append({**content["interactions"][0], "description": "again", "_id": "stale"})
    body = {
        "pacticipantName": "web",
        "pacticipantVersionNumber": "1",
        "branch": "main",
        "contracts": [
            {
                "consumerName": "web",
                "providerName": "api",
                "specification": "pact",
                "contentType": "application/json",
                "content": base64.b64encode(json.dumps(content).encode()).decode(),
            }
        ],
    }
    assert (await client.post("/contracts/publish", json=body)).status_code == 200
    by_version = (await client.get("/pacts/provider/api/consumer/web/version/1")).json()
    by_sha = (await client.get(by_version["_links"]["pb:pact-version"]["href"])).json()
    latest = (await client.get("/pacts/provider/api/consumer/web/latest")).json()
    expected = [interaction_id({k: v for k, v in i.items() if k != "_id"}) for i in content["interactions"]]
    for served in (by_version, by_sha, latest):
        assert [next(iter(i)) for i in served["interactions"]] == ["_id", "_id"]
        assert [i["_id"] for i in served["interactions"]] == expected
    assert expected[0] != expected[1]
    assert [{k: v for k, v in i.items() if k != "_id"} for i in by_version["interactions"]] == [
        {k: v for k, v in i.items() if k != "_id"} for i in content["interactions"]
    ]


async def test_results_reported_by_id_are_kept(client: httpx.AsyncClient) -> None:
    """A verification published as the Rust verifier sends it (``interactionId`` = ``_id``) is stored
    with every interaction's result, and the ids lead back to the interactions of the pact."""
    body = {
        "pacticipantName": "web",
        "pacticipantVersionNumber": "1",
        "contracts": [
            {
                "consumerName": "web",
                "providerName": "api",
                "specification": "pact",
                "contentType": "application/json",
                "content": base64.b64encode(json.dumps(pact("web", "api", "a")).encode()).decode(),
            }
        ],
    }
    assert (await client.post("/contracts/publish", json=body)).status_code == 200
    served = (await client.get("/pacts/provider/api/consumer/web/version/1")).json()
    (only,) = served["interactions"]
    results = [{"interactionId": only["_id"], "success": True}]
    published = await client.post(
        served["_links"]["pb:publish-verification-results"]["href"],
        json={"success": True, "providerApplicationVersion": "7", "testResults": results},
    )
    assert published.status_code == 201, published.text
    stored = (await client.get(published.json()["_links"]["self"]["href"])).json()
    assert stored["testResults"] == results
