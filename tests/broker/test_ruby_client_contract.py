"""What the Ruby broker client's own contract with the Pact Broker expects of any broker, checked on ours."""

from __future__ import annotations

import httpx
import pytest

pytestmark = pytest.mark.anyio

HAL_UTF8 = "application/hal+json;charset=utf-8"


@pytest.mark.parametrize(
    ("method", "path", "body", "status"),
    [
        ("GET", "/", None, 200),
        ("POST", "/pacticipants", {"name": "web"}, 201),
        ("GET", "/pacticipants/nobody", None, 404),
        ("GET", "/matrix?q[][pacticipant]=nobody&q[][version]=1&latestby=cvpv", None, 400),
        ("POST", "/webhooks", {"events": []}, 400),
        ("GET", "/no/such/resource", None, 404),
        ("POST", "/pacts/provider/nobody/for-verification", {}, 404),
    ],
)
async def test_json_answers_carry_the_pact_brokers_content_type(
    client: httpx.AsyncClient, method: str, path: str, body: object, status: int
) -> None:
    """Answers and errors alike are application/hal+json;charset=utf-8, as the Pact Broker sends them."""
    response = await client.request(method, path, json=body)
    assert (response.status_code, response.headers["content-type"]) == (status, HAL_UTF8)


async def test_a_matrix_query_refused_lists_its_messages(client: httpx.AsyncClient) -> None:
    """A refused matrix query answers ``errors`` as a list of sentences, as the Pact Broker's matrix does."""
    refused = await client.get(
        "/matrix?q[][pacticipant]=ghost&q[][version]=1&q[][pacticipant]=spook&latestby=cvpv"
    )
    errors = refused.json()["errors"]
    assert (refused.status_code, type(errors), len(errors)) == (400, list, 2)
    assert all("ghost" in e or "spook" in e for e in errors)


async def test_links_use_the_configured_base_url(db_url: str) -> None:
    """Self links of lists follow the public base URL, like every other link, not the request's Host."""
    from accord.broker import BrokerSettings, create_app

    app = create_app(BrokerSettings(database_url=db_url, base_url="https://broker.example"))
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://internal:9292") as c:
        await c.put("/pacts/provider/api/consumer/web/version/1", json=_pact())
        paths = ["/pacts/latest", "/pacts/provider/api/latest", "/pacts/provider/api/branch/main"]
        hrefs = [(await c.get(path)).json()["_links"]["self"]["href"] for path in paths]
        uuid = (await c.post("/environments", json={"name": "test"})).json()["uuid"]
        deployed = f"/environments/{uuid}/deployed-versions/currently-deployed?pacticipant=web"
        paths.append(deployed)
        hrefs.append((await c.get(deployed)).json()["_links"]["self"]["href"])
    app.state.storage.dispose()
    assert hrefs == [f"https://broker.example{path}" for path in paths]


def _pact(marker: str = "a") -> dict[str, object]:
    return {
        "consumer": {"name": "web"},
        "provider": {"name": "api"},
        "interactions": [
            {"description": marker, "request": {"method": "GET", "path": "/"}, "response": {"status": 200}}
        ],
    }


async def test_latest_pacts_link_the_latest_pact_and_the_version(client: httpx.AsyncClient) -> None:
    """Each of ``/pacts/latest`` links itself as the integration's latest pact, then its consumer version's."""
    await client.put("/pacts/provider/api/consumer/web/version/1", json=_pact())
    [item] = (await client.get("/pacts/latest")).json()["pacts"]
    hrefs = [entry["href"].removeprefix("http://broker") for entry in item["_links"]["self"]]
    assert hrefs == ["/pacts/provider/api/consumer/web/latest", "/pacts/provider/api/consumer/web/version/1"]


@pytest.mark.parametrize("path", ["/pacts/provider/api/latest", "/pacts/provider/api/latest/prod"])
async def test_provider_pacts_keep_the_deprecated_provider_link(client: httpx.AsyncClient, path: str) -> None:
    """A provider's latest pacts carry ``provider`` (titled with its name) beside ``pb:provider``."""
    await client.put("/pacts/provider/api/consumer/web/version/1", json=_pact())
    links = (await client.get(path)).json()["_links"]
    assert (links["provider"]["href"], links["provider"]["title"]) == (links["pb:provider"]["href"], "api")


async def test_pacticipants_embed_their_latest_version(client: httpx.AsyncClient) -> None:
    """A pacticipant, alone or listed, embeds its latest version (``latestVersion`` and ``latest-version``)
    and the list links each pacticipant under ``pacticipants`` too; ``versions`` is kept beside
    ``pb:versions``."""
    for number in ("1", "2"):
        await client.put(f"/pacticipants/web/versions/{number}", json={})
    await client.post("/pacticipants", json={"name": "new"})
    listed = (await client.get("/pacticipants")).json()
    one = (await client.get("/pacticipants/web")).json()
    by_name = {p["name"]: p for p in listed["pacticipants"]}
    assert one["_embedded"]["latest-version"]["number"] == one["_embedded"]["latestVersion"]["number"] == "2"
    assert one["_embedded"]["latest-version"]["_links"]["self"]["href"].endswith(
        "/pacticipants/web/versions/2"
    )
    assert by_name["web"]["_embedded"]["latest-version"]["number"] == "2"
    assert "latest-version" not in by_name["new"]["_embedded"]
    assert [link["title"] for link in listed["_links"]["pacticipants"]] == ["new", "web"]
    assert one["_links"]["versions"]["href"] == one["_links"]["pb:versions"]["href"]


@pytest.mark.parametrize(("exists", "status"), [(False, 201), (True, 200)])
async def test_a_snake_cased_repository_url_is_stored(
    client: httpx.AsyncClient, exists: bool, status: int
) -> None:
    """PATCH ``{"repository_url"}`` (what the Ruby client's contract sends) sets ``repositoryUrl``."""
    if exists:
        await client.post("/pacticipants", json={"name": "api"})
    patched = await client.patch("/pacticipants/api", json={"repository_url": "git@git.example:api"})
    assert (patched.status_code, patched.json()["repositoryUrl"]) == (status, "git@git.example:api")


@pytest.mark.parametrize(
    ("path", "expected"),
    [
        ("/pacts/provider/api/consumer/web/latest", "2"),
        ("/pacts/provider/api/consumer/web/latest/prod", "1"),
        ("/pacts/provider/api/consumer/web/version/1", None),
    ],
)
async def test_the_latest_pact_names_its_consumer_version_in_a_header(
    client: httpx.AsyncClient, path: str, expected: str | None
) -> None:
    """A latest pact answers ``X-Pact-Consumer-Version`` (which version "latest" was); a pact by version does not."""
    await client.put("/pacts/provider/api/consumer/web/version/1", json=_pact("a"))
    await client.put("/pacticipants/web/versions/1/tags/prod", json={})
    await client.put("/pacts/provider/api/consumer/web/version/2", json=_pact("b"))
    response = await client.get(path)
    assert (response.status_code, response.headers.get("x-pact-consumer-version")) == (200, expected)


def _webhook(**names: str) -> dict[str, object]:
    body: dict[str, object] = {
        "events": [{"name": "contract_content_changed"}],
        "request": {"method": "POST", "url": "http://127.0.0.1:9/hook"},
    }
    body.update({role: {"name": name} for role, name in names.items()})
    return body


@pytest.mark.parametrize("role", ["consumer", "provider"])
async def test_a_webhook_naming_an_unknown_pacticipant_in_its_body_is_invalid(
    client: httpx.AsyncClient, role: str
) -> None:
    """An unknown pacticipant named in the body is a 400 on ``{role}.name``; named by the URL, a 404."""
    refused = await client.post("/webhooks", json=_webhook(**{role: "ghost"}))
    assert (refused.status_code, list(refused.json()["errors"])) == (400, [f"{role}.name"])
    by_path = await client.post(f"/webhooks/{role}/ghost", json=_webhook())
    assert by_path.status_code == 404
