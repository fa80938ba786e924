"""Pacts by consumer branch and a provider's provider states, as the Pact Broker lists them (the Rust
``pact broker get-pacts`` and ``provider-states list`` read these), on SQLite and PostgreSQL."""

from __future__ import annotations

import base64
import json
from typing import Any

import httpx
import pytest

from .conftest import pact

pytestmark = pytest.mark.anyio


def _with_states(consumer: str, marker: str, states: list[dict[str, Any]]) -> dict[str, Any]:
    content = pact(consumer, "api", marker)
    content["interactions"][0]["providerStates"] = states
    return content


async def _publish(
    client: httpx.AsyncClient, consumer: str, version: str, branch: str, content: dict[str, Any]
) -> None:
    body = {
        "pacticipantName": consumer,
        "pacticipantVersionNumber": version,
        "branch": branch,
        "contracts": [
            {
                "consumerName": consumer,
                "providerName": "api",
                "specification": "pact",
                "contentType": "application/json",
                "content": base64.b64encode(json.dumps(content).encode()).decode(),
            }
        ],
    }
    assert (await client.post("/contracts/publish", json=body)).status_code == 200


@pytest.fixture
async def estate(client: httpx.AsyncClient) -> httpx.AsyncClient:
    """web (main branch main) 1 and 2 on main, 3 on feat; ios (main branch trunk) 1 on trunk; web 1
    deployed to prod."""
    for name, main in (("web", "main"), ("ios", "trunk")):
        assert (await client.put(f"/pacticipants/{name}", json={"mainBranch": main})).status_code in (
            200,
            201,
        )
    user = [{"name": "a user exists", "params": {"id": 1}}]
    await _publish(client, "web", "1", "main", _with_states("web", "a", [{"name": "an item exists"}]))
    await _publish(client, "web", "2", "main", _with_states("web", "b", [{"name": "an item exists"}, *user]))
    await _publish(client, "web", "3", "feat", _with_states("web", "c", [{"name": "no items"}]))
    await _publish(client, "ios", "1", "trunk", _with_states("ios", "d", user))
    prod = (await client.post("/environments", json={"name": "prod"})).json()["uuid"]
    deployed = await client.post(
        f"/pacticipants/web/versions/1/deployed-versions/environment/{prod}", json={}
    )
    assert deployed.status_code == 201
    return client


def _pacts(body: dict[str, Any]) -> list[tuple[str, str]]:
    return [
        (link["name"], link["href"].rsplit("/", 3)[-3] + "/" + link["href"].rsplit("/", 1)[-1])
        for link in body["_links"]["pb:pacts"]
    ]


@pytest.mark.parametrize(
    ("path", "expected", "title"),
    [
        (
            "/branch",
            [("ios", "ios/1"), ("web", "web/1"), ("web", "web/2")],
            "All pact versions for the provider api",
        ),
        ("/branch/latest", [("ios", "ios/1"), ("web", "web/2")], "Latest pact versions for the provider api"),
        (
            "/branch/feat",
            [("web", "web/3")],
            "All pact versions for the provider api with consumer version branch 'feat'",
        ),
        (
            "/branch/main/latest",
            [("web", "web/2")],
            "Latest pact versions for the provider api with consumer version branch 'main'",
        ),
        ("/branch/nope", [], "All pact versions for the provider api with consumer version branch 'nope'"),
    ],
)
async def test_provider_pacts_by_consumer_branch(
    estate: httpx.AsyncClient, path: str, expected: list[tuple[str, str]], title: str
) -> None:
    """``/pacts/provider/{p}/branch...``: main branches (each consumer's own) or a named branch, all or
    the latest per consumer, linked as ``pb:pacts`` with the pact's name as title."""
    response = await estate.get(f"/pacts/provider/api{path}")
    assert response.status_code == 200
    body = response.json()
    assert _pacts(body) == expected
    assert body["_links"]["self"]["title"] == title
    assert [link["title"] for link in body["_links"]["pb:pacts"]][:1] == [
        f"Pact between {c} ({v.split('/')[1]}) and api" for c, v in expected[:1]
    ]
    assert body["_links"]["pb:provider"]["name"] == "api"


@pytest.mark.parametrize(
    ("path", "expected"),
    [
        ("/branch/versions", ["1", "2"]),
        ("/branch/latest/versions", ["2"]),
        ("/branch/feat", ["3"]),
        ("/branch/main/latest/versions", ["2"]),
        ("/branch/latest", []),  # as in the Pact Broker: the pacts of a branch named "latest"
    ],
)
async def test_consumer_pact_versions_by_branch(
    estate: httpx.AsyncClient, path: str, expected: list[str]
) -> None:
    """``/pacts/provider/{p}/consumer/{c}/branch...``: one consumer's pacts of its main branch or a
    named branch, embedded as ``pacts`` with their consumer versions."""
    response = await estate.get(f"/pacts/provider/api/consumer/web{path}")
    assert response.status_code == 200
    body = response.json()
    assert [p["_embedded"]["consumerVersion"]["number"] for p in body["_embedded"]["pacts"]] == expected
    assert [link["name"].split(" - ")[0] for link in body["_links"]["pact-versions"]] == [
        f"Version {v}" for v in expected
    ]
    assert body["_links"]["self"]["title"] == "All versions of the pact between web and api"


@pytest.mark.parametrize(
    "path",
    [
        "/pacts/provider/nope/branch",
        "/pacts/provider/nope/branch/main/latest",
        "/pacts/provider/api/consumer/nope/branch/versions",
        "/pacts/provider/nope/provider-states",
    ],
)
async def test_unknown_pacticipants_are_404(estate: httpx.AsyncClient, path: str) -> None:
    """An unknown provider or consumer is a 404 naming it."""
    response = await estate.get(path)
    assert response.status_code == 404
    assert "nope" in response.json()["error"]


@pytest.mark.parametrize(
    ("path", "expected"),
    [
        (
            "",
            [
                {"name": "a user exists", "params": {"id": 1}, "consumers": ["ios", "web"]},
                {"name": "an item exists", "consumers": ["web"]},
            ],
        ),
        ("/branch/feat", [{"name": "no items", "consumers": ["web"]}]),
        ("/environment/prod", [{"name": "an item exists", "consumers": ["web"]}]),
        ("/environment/mars", []),
    ],
)
async def test_provider_states(estate: httpx.AsyncClient, path: str, expected: list[dict[str, Any]]) -> None:
    """``/pacts/provider/{p}/provider-states``: de-duplicated by name and params, with their consumers,
    from the latest pacts of the main branches, of a branch, or of the versions in an environment."""
    response = await estate.get(f"/pacts/provider/api/provider-states{path}")
    assert response.status_code == 200
    assert response.json() == {"providerStates": expected}


async def test_provider_states_of_an_environment_by_uuid(estate: httpx.AsyncClient) -> None:
    """The environment segment may be the environment's UUID as well as its name."""
    prod = (await estate.get("/environments", params={"name": "prod"})).json()["_embedded"]["environments"][0]
    response = await estate.get(f"/pacts/provider/api/provider-states/environment/{prod['uuid']}")
    assert [s["name"] for s in response.json()["providerStates"]] == ["an item exists"]


async def test_v2_provider_state_strings(client: httpx.AsyncClient) -> None:
    """A V2 pact's ``providerState`` string is a provider state without params."""
    assert (await client.put("/pacticipants/web", json={"mainBranch": "main"})).status_code in (200, 201)
    content = pact("web", "api", "a")
    content["interactions"][0]["providerState"] = "an item exists"
    await _publish(client, "web", "1", "main", content)
    response = await client.get("/pacts/provider/api/provider-states")
    assert response.json() == {"providerStates": [{"name": "an item exists", "consumers": ["web"]}]}


async def test_index_links_the_branch_relations(client: httpx.AsyncClient) -> None:
    """The index names the Pact Broker's eight pacts-by-branch relations, templated."""
    links = (await client.get("/")).json()["_links"]
    assert links["pb:latest-main-branch-pact-versions"] == {
        "href": "http://broker/pacts/provider/{provider}/consumer/{consumer}/branch/latest/versions",
        "title": "Latest version of pact for a provider, for a named consumers main branch",
        "templated": True,
    }
    for rel in (
        "pb:provider-pacts-with-main-branch",
        "pb:provider-pacts-with-branch",
        "pb:latest-provider-pacts-with-main-branch",
        "pb:latest-provider-pacts-with-branch",
        "pb:branch-pact-versions",
        "pb:latest-branch-pact-versions",
        "pb:main-branch-pact-versions",
    ):
        assert links[rel]["templated"] is True, rel
