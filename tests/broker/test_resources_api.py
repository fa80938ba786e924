"""Pacticipants, versions, branches, tags, environments, deployments and releases through the API."""

from __future__ import annotations

import httpx
import pytest

from .conftest import publication

pytestmark = pytest.mark.anyio


async def test_pacticipant_create_update_list_delete(client: httpx.AsyncClient) -> None:
    """POST creates (409 when taken), PATCH/PUT create-or-update, DELETE removes everything of it."""
    created = await client.post("/pacticipants", json={"name": "web", "displayName": "Web"})
    assert created.status_code == 201
    assert (await client.post("/pacticipants", json={"name": "web"})).status_code == 409
    patched = await client.patch(
        "/pacticipants/web", json={"mainBranch": "trunk", "repositoryUrl": "https://git/web"}
    )
    assert (patched.status_code, patched.json()["mainBranch"], patched.json()["displayName"]) == (
        200,
        "trunk",
        "Web",
    )
    assert (await client.put("/pacticipants/api", json={})).status_code == 201
    links = (await client.get("/pacticipants/api")).json()["_links"]
    assert links["pb:branch-version"]["templated"] and links["pb:version-tag"]["templated"]
    names = [p["name"] for p in (await client.get("/pacticipants")).json()["_embedded"]["pacticipants"]]
    assert names == ["api", "web"]
    await client.post("/contracts/publish", json=publication("web", "1", {"api": "a"}))
    assert (await client.delete("/pacticipants/web")).status_code == 204
    assert (await client.get("/pacticipants/web")).status_code == 404
    assert (await client.get("/pacts/provider/api/latest")).json()["pacts"] == []


async def test_versions_branches_and_tags(client: httpx.AsyncClient) -> None:
    """Versions list newest first; branch and tag PUTs are idempotent; latest-version follows them."""
    for number in ("1", "2", "3"):
        assert (
            await client.put(f"/pacticipants/web/branches/main/versions/{number}", json={})
        ).status_code == 201
    assert (await client.put("/pacticipants/web/branches/main/versions/3", json={})).status_code == 200
    await client.put("/pacticipants/web/versions/2/tags/prod", json={})
    assert (await client.put("/pacticipants/web/versions/2/tags/prod", json={})).status_code == 200
    numbers = [
        v["number"] for v in (await client.get("/pacticipants/web/versions")).json()["_embedded"]["versions"]
    ]
    assert numbers == ["3", "2", "1"]
    cases = {
        "/pacticipants/web/latest-version": "3",
        "/pacticipants/web/latest-version/prod": "2",
        "/pacticipants/web/branches/main/latest-version": "3",
    }
    for path, number in cases.items():
        assert (await client.get(path)).json()["number"] == number
    assert (await client.get("/pacticipants/web/versions/2/tags/prod")).status_code == 200
    assert (await client.delete("/pacticipants/web/versions/2/tags/prod")).status_code == 204
    assert (await client.get("/pacticipants/web/latest-version/prod")).status_code == 404
    assert (await client.delete("/pacticipants/web/branches/main")).status_code == 204
    assert (await client.get("/pacticipants/web/branches/main")).status_code == 404
    assert (await client.delete("/pacticipants/web/versions/3")).status_code == 204
    assert (await client.get("/pacticipants/web/latest-version")).json()["number"] == "2"


async def test_environments_crud(client: httpx.AsyncClient) -> None:
    """Environments: create (409 on a taken name), list, filter by name, update, delete."""
    created = await client.post(
        "/environments", json={"name": "test", "displayName": "Test", "production": False}
    )
    assert created.status_code == 201
    uuid = created.json()["uuid"]
    assert (await client.post("/environments", json={"name": "test"})).status_code == 409
    await client.post("/environments", json={"name": "prod", "production": True})
    listed = (await client.get("/environments", params={"name": "prod"})).json()["_embedded"]["environments"]
    assert [e["production"] for e in listed] == [True]
    updated = await client.put(
        f"/environments/{uuid}", json={"displayName": "Testing", "contacts": [{"name": "QA"}]}
    )
    assert (updated.json()["displayName"], updated.json()["contacts"]) == ("Testing", [{"name": "QA"}])
    assert (await client.delete(f"/environments/{uuid}")).status_code == 204
    assert (await client.get(f"/environments/{uuid}")).status_code == 404


async def test_environment_list_links_each_environment_by_name(client: httpx.AsyncClient) -> None:
    """``GET /environments`` has a ``pb:environments`` link per environment, named after it (the Ruby
    client's record-undeployment and record-support-ended find the environment by that name)."""
    uuids = {name: await _environment(client, name) for name in ("test", "prod")}
    links = (await client.get("/environments")).json()["_links"]["pb:environments"]
    assert sorted((link["name"], link["href"].rsplit("/", 1)[-1]) for link in links) == sorted(uuids.items())


async def _environment(client: httpx.AsyncClient, name: str) -> str:
    uuid: str = (await client.post("/environments", json={"name": name})).json()["uuid"]
    return uuid


async def test_deployments_replace_by_application_instance_and_undeploy(client: httpx.AsyncClient) -> None:
    """Deploying replaces the current version of the same instance; PATCH currentlyDeployed=false
    undeploys."""
    env = await _environment(client, "prod")
    for number in ("1", "2"):
        await client.put(f"/pacticipants/api/versions/{number}", json={})
    first = await client.post(f"/pacticipants/api/versions/1/deployed-versions/environment/{env}", json={})
    assert first.status_code == 201
    assert (
        await client.post(f"/pacticipants/api/versions/1/deployed-versions/environment/{env}", json={})
    ).status_code == 200
    blue = await client.post(
        f"/pacticipants/api/versions/2/deployed-versions/environment/{env}",
        json={"applicationInstance": "blue"},
    )
    current = (
        await client.get(
            f"/environments/{env}/deployed-versions/currently-deployed", params={"pacticipant": "api"}
        )
    ).json()["_embedded"]["deployedVersions"]
    assert sorted((d["_embedded"]["version"]["number"], d["applicationInstance"]) for d in current) == [
        ("1", None),
        ("2", "blue"),
    ]
    await client.post(f"/pacticipants/api/versions/2/deployed-versions/environment/{env}", json={})
    assert (await client.get(first.json()["_links"]["self"]["href"])).json()["currentlyDeployed"] is False
    undeployed = await client.patch(blue.json()["_links"]["self"]["href"], json={"currentlyDeployed": False})
    assert (undeployed.status_code, undeployed.json()["currentlyDeployed"]) == (200, False)


async def test_releases_and_support_ended(client: httpx.AsyncClient) -> None:
    """Recording a release twice is idempotent; PATCH currentlySupported=false ends support."""
    env = await _environment(client, "mobile")
    await client.put("/pacticipants/app/versions/1", json={})
    path = f"/pacticipants/app/versions/1/released-versions/environment/{env}"
    released = await client.post(path, json={})
    assert released.status_code == 201
    assert (await client.post(path, json={})).status_code == 200
    ended = await client.patch(released.json()["_links"]["self"]["href"], json={"currentlySupported": False})
    assert ended.json()["currentlySupported"] is False
    supported = (await client.get(f"/environments/{env}/released-versions/currently-supported")).json()
    assert supported["_embedded"]["releasedVersions"] == []


async def test_openapi_describes_every_route(client: httpx.AsyncClient) -> None:
    """/openapi.json lists the publish, pact, matrix and environment paths with their methods."""
    document = (await client.get("/openapi.json")).json()
    assert document["openapi"].startswith("3.")
    paths = document["paths"]
    assert "post" in paths["/contracts/publish"]
    assert {"get", "put", "patch", "delete"} <= set(
        paths["/pacts/provider/{provider}/consumer/{consumer}/version/{version}"]
    )
    assert "get" in paths["/matrix"]
    assert paths["/environments/{uuid}"]["get"]["parameters"][0]["name"] == "uuid"


def _hrefs(document: object) -> list[str]:
    """Every non-templated href in a HAL document."""
    found: list[str] = []
    if isinstance(document, dict):
        if isinstance(document.get("href"), str) and not document.get("templated"):
            found.append(document["href"])
        for value in document.values():
            found += _hrefs(value)
    elif isinstance(document, list):
        for value in document:
            found += _hrefs(value)
    return found


async def test_every_link_resolves(client: httpx.AsyncClient) -> None:
    """Each non-templated link in the main resources answers 200 (no link leads to a 404)."""
    await client.post("/contracts/publish", json=publication("web", "1", {"api": "a"}, tags=["dev"]))
    await client.post("/environments", json={"name": "prod"})
    pact_resource = (await client.get("/pacts/provider/api/consumer/web/version/1")).json()
    await client.post(
        pact_resource["_links"]["pb:publish-verification-results"]["href"],
        json={"success": True, "providerApplicationVersion": "7"},
    )
    pages = [
        "/",
        "/pacticipants/web",
        "/pacticipants/web/versions/1",
        "/pacts/provider/api/consumer/web/version/1",
        "/pacts/provider/api/latest",
        "/environments",
        "/pacticipants/web/branches",
    ]
    # Relations that exist but need a POST or a query: their GET answers 405 or 400, never 404.
    expected = {"/contracts/publish": 405, "/verification-results": 405, "/matrix": 400}
    for page in pages:
        for href in _hrefs((await client.get(page)).json()):
            response = await client.get(href)
            status = next((code for suffix, code in expected.items() if href.endswith(suffix)), 200)
            assert response.status_code == status, (page, href, response.text[:200])
