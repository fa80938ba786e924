"""Publishing and reading pacts and verification results through the HAL API (SQLite and PostgreSQL)."""

from __future__ import annotations

import httpx
import pytest

from accord.broker import BrokerSettings, create_app
from accord.broker.api._metadata import SelectorMetadata, decode_metadata, encode_metadata

from .conftest import pact, publication

pytestmark = pytest.mark.anyio


async def test_index_lists_the_relations_clients_follow(client: httpx.AsyncClient) -> None:
    """GET / answers HAL+JSON with the pb: relations, templated where they take parameters."""
    response = await client.get("/")
    assert response.headers["content-type"].startswith("application/hal+json")
    links = response.json()["_links"]
    for rel in (
        "pb:publish-contracts",
        "pb:provider-pacts-for-verification",
        "pb:pacticipant",
        "pb:environments",
        "pb:latest-provider-pacts",
        "pb:latest-pact-versions",
        "pb:pacticipant-version",
    ):
        assert rel in links
    assert (
        links["pb:provider-pacts-for-verification"]["href"]
        == "http://broker/pacts/provider/{provider}/for-verification"
    )
    assert links["pb:provider-pacts-for-verification"]["templated"] is True


async def test_publish_creates_pacticipants_version_branch_tags_and_pacts(client: httpx.AsyncClient) -> None:
    """POST /contracts/publish stores everything in one go and answers with notices and links."""
    response = await client.post(
        "/contracts/publish", json=publication("web", "1.0", {"api": "a", "auth": "b"}, tags=["dev"])
    )
    assert response.status_code == 200, response.text
    body = response.json()
    assert [n["type"] for n in body["notices"]] == ["info", "success", "debug", "success", "debug"]
    assert len(body["_links"]["pb:contracts"]) == 2
    assert (
        body["_embedded"]["version"]["_links"]["self"]["href"]
        == "http://broker/pacticipants/web/versions/1.0"
    )
    version = (await client.get("/pacticipants/web/versions/1.0")).json()
    assert [b["name"] for b in version["_embedded"]["branchVersions"]] == ["main"]
    assert [t["name"] for t in version["_embedded"]["tags"]] == ["dev"]
    assert (await client.get("/pacticipants/web")).json()["mainBranch"] == "main"
    got = (await client.get("/pacts/provider/api/consumer/web/version/1.0")).json()
    ids = [interaction.pop("_id") for interaction in got["interactions"]]  # added as the Pact Broker does
    assert got["interactions"] == pact("web", "api", "a")["interactions"]
    assert [len(i) for i in ids] == [40]
    assert {"pb:provider", "pb:publish-verification-results", "pb:consumer-version"} <= set(got["_links"])


@pytest.mark.parametrize(
    ("on_conflict", "second_marker", "status", "served_marker"),
    [
        (None, "a", 200, "a"),  # identical content: allowed, unchanged
        (None, "b", 409, "a"),  # changed content: refused
        ("overwrite", "b", 409, "a"),  # as the Pact Broker: onConflict does not allow changing it
    ],
)
async def test_republishing_a_consumer_version(
    client: httpx.AsyncClient, on_conflict: str | None, second_marker: str, status: int, served_marker: str
) -> None:
    """Changed pact content for an existing consumer version is a 409, whatever onConflict says."""
    assert (
        await client.post("/contracts/publish", json=publication("web", "1", {"api": "a"}))
    ).status_code == 200
    again = await client.post(
        "/contracts/publish", json=publication("web", "1", {"api": second_marker}, on_conflict=on_conflict)
    )
    assert again.status_code == status, again.text
    if status == 409:
        assert "different content" in again.json()["error"]
        # The Pact Broker's clients print a refused publication's notices.
        assert [n["type"] for n in again.json()["notices"]] == ["error", "info"]
        assert again.json()["notices"][0]["text"] == again.json()["error"]
    served = (await client.get("/pacts/provider/api/consumer/web/version/1")).json()
    assert served["interactions"][0]["description"] == f"a request for {served_marker}"


async def test_put_pact_then_latest_tag_branch_and_sha(client: httpx.AsyncClient) -> None:
    """The older PUT publication, and every way of reading a pact back."""
    put = await client.put("/pacts/provider/api/consumer/web/version/1", json=pact("web", "api", "a"))
    assert put.status_code == 201
    assert (await client.put("/pacticipants/web/versions/1/tags/prod", json={})).status_code == 201
    assert (await client.put("/pacticipants/web/branches/feat/versions/1", json={})).status_code == 201
    assert (
        await client.put("/pacts/provider/api/consumer/web/version/2", json=pact("web", "api", "b"))
    ).status_code == 201
    sha = put.json()["_links"]["pb:pact-version"]["name"]
    cases = {
        "/pacts/provider/api/consumer/web/latest": "b",
        "/pacts/provider/api/consumer/web/latest/prod": "a",
        "/pacts/provider/api/consumer/web/branch/feat/latest": "a",
        f"/pacts/provider/api/consumer/web/pact-version/{sha}": "a",
    }
    for path, marker in cases.items():
        response = await client.get(path)
        assert response.status_code == 200, path
        assert response.json()["interactions"][0]["description"] == f"a request for {marker}", path
    latest = (await client.get("/pacts/provider/api/latest")).json()
    assert [link["name"] for link in latest["_links"]["pb:pacts"]] == ["web"]
    assert (await client.get("/pacts/latest")).json()["pacts"][0]["_embedded"]["consumer"]["_embedded"][
        "version"
    ]["number"] == "2"


async def test_verification_results_keep_test_results(client: httpx.AsyncClient) -> None:
    """POST to pb:publish-verification-results stores the result with its per-interaction testResults."""
    await client.post("/contracts/publish", json=publication("web", "1", {"api": "a"}))
    pact_resource = (await client.get("/pacts/provider/api/consumer/web/version/1")).json()
    href = pact_resource["_links"]["pb:publish-verification-results"]["href"]
    results = [
        {
            "interactionDescription": "a request for a",
            "success": False,
            "mismatches": [{"attribute": "status"}],
        }
    ]
    posted = await client.post(
        href,
        json={
            "success": False,
            "providerApplicationVersion": "7",
            "testResults": results,
            "verifiedBy": {"implementation": "Pact-Rust", "version": "1.4.7"},
        },
    )
    assert posted.status_code == 201, posted.text
    assert posted.json()["_links"]["self"]["href"].endswith("/verification-results/1")
    latest = (await client.get(pact_resource["_links"]["pb:latest-verification-results"]["href"])).json()
    assert (latest["success"], latest["testResults"], latest["verifiedBy"]["implementation"]) == (
        False,
        results,
        "Pact-Rust",
    )
    assert (await client.get("/pacticipants/api/versions/7")).status_code == 200
    by_version = await client.post(
        "/pacts/provider/api/consumer/web/version/1/verification-results",
        json={"success": True, "providerApplicationVersion": "8"},
    )
    assert by_version.json()["_links"]["self"]["href"].endswith("/verification-results/2")


async def test_verified_pact_makes_can_i_deploy_green(client: httpx.AsyncClient) -> None:
    """Publish, verify, deploy the provider: the domain engineer's /matrix route answers on our data."""
    await client.post("/contracts/publish", json=publication("web", "1", {"api": "a"}))
    await client.post("/environments", json={"name": "prod", "production": True})
    href = (await client.get("/pacts/provider/api/consumer/web/version/1")).json()["_links"][
        "pb:publish-verification-results"
    ]["href"]
    await client.post(href, json={"success": True, "providerApplicationVersion": "7"})
    provider_version = (await client.get("/pacticipants/api/versions/7")).json()
    deploy = next(
        link for link in provider_version["_links"]["pb:record-deployment"] if link["name"] == "prod"
    )
    assert (await client.post(deploy["href"], json={})).status_code == 201
    matrix = await client.get(
        "/matrix",
        params=[
            ("q[][pacticipant]", "web"),
            ("q[][version]", "1"),
            ("latestby", "cvpv"),
            ("environment", "prod"),
        ],
    )
    assert matrix.json()["summary"]["deployable"] is True


async def test_pact_urls_with_metadata(client: httpx.AsyncClient) -> None:
    """The Pact Broker's ``.../pact-version/{sha}/metadata/{m}`` URLs: the pact is served for the consumer
    version the metadata names, its results link keeps the metadata, results are published and read
    there; the latest pact's results link names its consumer version; a corrupt segment is a 400."""
    for number in ("1", "2"):  # the same content, so one pact version (sha) for both
        await client.post("/contracts/publish", json=publication("web", number, {"api": "a"}))
    latest = (await client.get("/pacts/provider/api/consumer/web/latest")).json()
    latest_results = latest["_links"]["pb:publish-verification-results"]["href"]
    assert decode_metadata(latest_results.split("/metadata/")[1].split("/")[0]).consumer_version_numbers == (
        "2",
    )
    sha = latest["_links"]["pb:pact-version"]["name"]
    base = f"/pacts/provider/api/consumer/web/pact-version/{sha}"

    segment = encode_metadata([SelectorMetadata("1", branch="main", latest=False)])
    served = await client.get(f"{base}/metadata/{segment}")
    assert served.status_code == 200, served.text
    links = served.json()["_links"]
    assert links["pb:consumer-version"]["name"] == "1"
    assert [v["name"] for v in links["pb:consumer-versions"]] == ["1"]
    results = links["pb:publish-verification-results"]["href"]
    assert results == f"http://broker{base}/metadata/{segment}/verification-results"
    published = await client.post(results, json={"success": True, "providerApplicationVersion": "7"})
    assert published.status_code == 201, published.text
    assert (await client.get(f"{results}/1")).json()["providerApplicationVersion"] == "7"
    matrix = (await client.get("/matrix", params={"q[][pacticipant]": "web", "q[][version]": "1"})).json()
    assert [row["provider"]["version"]["number"] for row in matrix["matrix"]] == ["7"]

    corrupt = await client.get(f"{base}/metadata/%25%25%25")
    assert (corrupt.status_code, list(corrupt.json()["errors"])) == (400, ["metadata"])


async def test_a_wip_verification_keeps_the_pact_wip(client: httpx.AsyncClient) -> None:
    """A success published through a WIP pact's link (metadata ``w=true``) is recorded as a WIP
    verification: the pact is still WIP for the provider branch next time, as in the Pact Broker; the
    same success published without that metadata takes it out of the WIP set."""
    await client.post("/contracts/publish", json=publication("web", "1", {"api": "a"}))
    await client.post("/contracts/publish", json=publication("web", "2", {"api": "b"}, branch="feat"))
    await client.put("/pacticipants/web", json={"mainBranch": "main"})
    await client.put("/pacticipants/api/branches/main/versions/5", json={})
    query = {
        "consumerVersionSelectors": [{"mainBranch": True}],
        "providerVersionBranch": "main",
        "includePendingStatus": True,
        "includeWipPactsSince": "2000-01-01",
    }

    async def wip_links() -> list[str]:
        answer = await client.post("/pacts/provider/api/for-verification", json=query)
        pacts = answer.json()["_embedded"]["pacts"]
        return [p["_links"]["self"]["href"] for p in pacts if p["verificationProperties"].get("wip")]

    [wip] = await wip_links()
    assert decode_metadata(wip.split("/metadata/")[1]).wip is True
    results = (await client.get(wip)).json()["_links"]["pb:publish-verification-results"]["href"]
    await client.post(results, json={"success": True, "providerApplicationVersion": "5"})
    assert await wip_links() == [wip]
    plain = results.replace(f"/metadata/{wip.split('/metadata/')[1]}", "")
    await client.post(plain, json={"success": True, "providerApplicationVersion": "5"})
    assert await wip_links() == []


_MERGED = "Pact content merged with existing content for web version 1 and provider api."


@pytest.mark.parametrize(
    ("allowed", "second", "expected"),
    [
        (False, "a", (200, ["a request for a"], _MERGED)),
        (False, "b", (409, ["a request for a"], "already exists with different content")),
        (True, "b", (200, ["a request for a", "a request for b"], _MERGED)),
        (True, "a", (200, ["a request for a"], _MERGED)),
    ],
)
async def test_merge_on_conflict(
    db_url: str, allowed: bool, second: str, expected: tuple[int, list[str], str]
) -> None:
    """``onConflict: "merge"`` for an existing pact: as the Pact Broker, a notice that it merged, and
    changed content merged (interactions appended or replaced) only where changing content is allowed,
    otherwise a 409."""
    status, descriptions, notice = expected
    app = create_app(BrokerSettings(database_url=db_url, allow_contract_modification=allowed))
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://broker") as client:
        await client.post("/contracts/publish", json=publication("web", "1", {"api": "a"}))
        answer = await client.post(
            "/contracts/publish", json=publication("web", "1", {"api": second}, on_conflict="merge")
        )
        assert answer.status_code == status
        assert notice in " ".join(n["text"] for n in answer.json()["notices"])
        stored = (await client.get("/pacts/provider/api/consumer/web/version/1")).json()
        assert [i["description"] for i in stored["interactions"]] == descriptions
    app.state.storage.dispose()


async def test_notices_say_where_each_pact_is(client: httpx.AsyncClient) -> None:
    """After each pact's notice, a debug notice with its URL, as the Pact Broker's (the clients print it)."""
    response = await client.post(
        "/contracts/publish", json=publication("web", "1", {"api": "a", "auth": "b"})
    )
    views = [n for n in response.json()["notices"] if n["text"].startswith("  View the published pact at ")]
    assert [(n["type"], n["text"].rsplit(" ", 1)[1]) for n in views] == [
        ("debug", "http://broker/pacts/provider/api/consumer/web/version/1"),
        ("debug", "http://broker/pacts/provider/auth/consumer/web/version/1"),
    ]
