"""Branches, tags and versions with "/" (``feature/price``, ``1.0+feature/x``), as the Pact Broker takes them.

Clients publish them in bodies and put them in paths as one ``%2F``-encoded segment (the Rust verifier's
``pb:branch-version``); the broker's links encode them the same way. Names whose parts are empty, "."
or "..", and pacticipant names with "/", are still refused.
"""

from __future__ import annotations

import httpx
import pytest

from .conftest import publication

pytestmark = pytest.mark.anyio


async def test_a_slashed_branch_tag_and_version_round_trip(client: httpx.AsyncClient) -> None:
    """Published, put by path, listed, linked and followed: the name stays ``feature/price``."""
    body = publication("web", "1", {"api": "a"}, branch="feature/price", tags=["team/a"])
    assert (await client.post("/contracts/publish", json=body)).status_code == 200
    put = await client.put("/pacticipants/api/branches/feature%2Fprice/versions/7", json={})
    assert put.status_code == 201, put.text
    tagged = await client.put("/pacticipants/api/versions/7/tags/team%2Fb", json={})
    assert tagged.status_code == 201, tagged.text
    assert tagged.json()["name"] == "team/b"

    version = (await client.get("/pacticipants/web/versions/1")).json()
    assert [b["name"] for b in version["_embedded"]["branchVersions"]] == ["feature/price"]
    assert [t["name"] for t in version["_embedded"]["tags"]] == ["team/a"]
    branch = await client.get("/pacticipants/api/branches/feature%2Fprice")
    assert branch.status_code == 200, branch.text
    assert branch.json()["name"] == "feature/price"
    assert "/branches/feature%2Fprice" in branch.json()["_links"]["self"]["href"]
    for href in (branch.json()["_links"]["self"]["href"], put.json()["_links"]["self"]["href"]):
        assert (await client.get(href)).status_code == 200, href
    latest = await client.get("/pacts/provider/api/consumer/web/branch/feature%2Fprice/latest")
    assert latest.status_code == 200, latest.text
    assert (await client.get("/pacts/provider/api/consumer/web/latest/team%2Fa")).status_code == 200
    selected = await client.post(
        "/pacts/provider/api/for-verification",
        json={
            "consumerVersionSelectors": [{"branch": "feature/price"}],
            "providerVersionBranch": "feature/price",
        },
    )
    assert len(selected.json()["_embedded"]["pacts"]) == 1

    slashed = publication("web", "2.0+feature/x", {"api": "b"}, branch="feature/price")
    assert (await client.post("/contracts/publish", json=slashed)).status_code == 200
    pact = await client.get("/pacts/provider/api/consumer/web/version/2.0%2Bfeature%2Fx")
    assert pact.status_code == 200, pact.text
    assert pact.json()["_links"]["pb:consumer-version"]["name"] == "2.0+feature/x"
    assert "/versions/2.0%2Bfeature%2Fx" in pact.json()["_links"]["pb:consumer-version"]["href"]
    results = await client.post(
        pact.json()["_links"]["pb:publish-verification-results"]["href"],
        json={"success": True, "providerApplicationVersion": "8+feature/y"},
    )
    assert results.status_code == 201, results.text
    assert (await client.get("/pacticipants/api/versions/8%2Bfeature%2Fy")).json()["number"] == "8+feature/y"


@pytest.mark.parametrize(
    "name", ["../etc", "feature//price", "/feature", "feature/", "a/./b", "a/..", "a\\b"]
)
async def test_branch_names_with_bad_parts_are_refused(client: httpx.AsyncClient, name: str) -> None:
    """Empty, "." and ".." parts, and backslashes, are refused in a body and in a path."""
    published = await client.post(
        "/contracts/publish", json=publication("web", "1", {"api": "a"}, branch=name)
    )
    assert published.status_code == 400, published.text
    assert "has an empty, '.' or '..' part" in published.json()["error"]
    encoded = name.replace("/", "%2F").replace("\\", "%5C")
    put = await client.put(f"/pacticipants/api/branches/{encoded}/versions/1", json={})
    assert put.status_code == 400, put.text
    assert (await client.get("/pacticipants/api")).status_code == 404  # nothing stored


@pytest.mark.parametrize(
    ("method", "path", "json"),
    [
        ("POST", "/contracts/publish", publication("team/web", "1", {"api": "a"})),
        ("PUT", "/pacticipants/team%2Fweb/versions/1", {}),
        ("POST", "/pacticipants", {"name": "team/web"}),
    ],
)
async def test_pacticipant_names_keep_refusing_slashes(
    client: httpx.AsyncClient, method: str, path: str, json: dict[str, object]
) -> None:
    """Pacticipant names do not take "/": one is a 400, even encoded."""
    response = await client.request(method, path, json=json)
    assert response.status_code == 400, response.text
    assert "path separator" in response.json()["error"]
