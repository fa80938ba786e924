"""GET /matrix and GET /can-i-deploy through the whole app (ASGI), on SQLite and PostgreSQL."""

from __future__ import annotations

import base64
import json
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any
from urllib.parse import quote

import httpx
import pytest
from starlette.applications import Starlette

from accord.broker.api import for_verification, matrix
from accord.broker.api.matrix import nested_list, parse_can_i_deploy_query, parse_matrix_query
from accord.broker.domain import Estate, MatrixOptions, MatrixSelector

from .domain.builder import EstateBuilder
from .domain.seeding import postgres_available, postgres_database, seeded_engine, sqlite_database
from .domain.test_can_i_deploy import CASES as DOMAIN_CASES
from .domain.test_can_i_deploy import Scenario as DomainScenario
from .domain.test_can_i_deploy import failed_verification, verified_and_deployed

NOT_IN_PROD = "(no version is currently recorded as deployed/released in this environment)"


def pact_json(consumer: str, provider: str, marker: str) -> dict[str, Any]:
    """A small V3 pact whose content differs by ``marker``."""
    return {
        "consumer": {"name": consumer},
        "provider": {"name": provider},
        "interactions": [
            {
                "description": f"a request for {marker}",
                "providerStates": [{"name": "items exist"}],
                "request": {"method": "GET", "path": f"/items/{marker}"},
                "response": {"status": 200, "body": {"id": marker}},
            }
        ],
        "metadata": {"pactSpecification": {"version": "3.0.0"}},
    }


class BrokerDriver:
    """Drives the broker the way the official clients do: through its HAL API only."""

    def __init__(self, client: httpx.AsyncClient) -> None:
        self.client = client

    def ok(self, response: httpx.Response) -> dict[str, Any]:
        assert response.status_code < 300, (response.status_code, response.text)
        return response.json() if response.content else {}

    async def publish(
        self, consumer: str, version: str, provider: str, marker: str, branch: str | None = None
    ) -> dict[str, Any]:
        content = base64.b64encode(json.dumps(pact_json(consumer, provider, marker)).encode()).decode()
        body: dict[str, Any] = {
            "pacticipantName": consumer,
            "pacticipantVersionNumber": version,
            "tags": [],
            "contracts": [
                {
                    "consumerName": consumer,
                    "providerName": provider,
                    "specification": "pact",
                    "contentType": "application/json",
                    "content": content,
                }
            ],
        }
        if branch:
            body["branch"] = branch
        return self.ok(await self.client.post("/contracts/publish", json=body))

    def pact_url(self, consumer: str, version: str, provider: str) -> str:
        return f"/pacts/provider/{quote(provider)}/consumer/{quote(consumer)}/version/{quote(version)}"

    async def verify(
        self,
        consumer: str,
        version: str,
        provider: str,
        provider_version: str,
        success: bool,
        *,
        branch: str | None = None,
        pact_url: str | None = None,
    ) -> None:
        if branch:
            self.ok(
                await self.client.put(
                    f"/pacticipants/{provider}/branches/{branch}/versions/{provider_version}", json={}
                )
            )
        pact = self.ok(await self.client.get(pact_url or self.pact_url(consumer, version, provider)))
        href = pact["_links"]["pb:publish-verification-results"]["href"]
        self.ok(
            await self.client.post(
                href, json={"success": success, "providerApplicationVersion": provider_version}
            )
        )

    async def environment(self, name: str) -> None:
        self.ok(
            await self.client.post(
                "/environments", json={"name": name, "displayName": name.title(), "production": False}
            )
        )

    async def ensure_version(self, pacticipant: str, version: str) -> None:
        response = await self.client.get(f"/pacticipants/{pacticipant}/versions/{version}")
        if response.status_code == 404:
            self.ok(await self.client.put(f"/pacticipants/{pacticipant}/versions/{version}", json={}))

    async def deploy(self, pacticipant: str, version: str, environment: str) -> None:
        await self.ensure_version(pacticipant, version)
        resource = self.ok(await self.client.get(f"/pacticipants/{pacticipant}/versions/{version}"))
        links = resource["_links"]["pb:record-deployment"]
        href = next(link["href"] for link in links if link["name"] == environment)
        self.ok(await self.client.post(href, json={}))

    async def can_i_deploy(self, pacticipant: str, version: str, environment: str) -> dict[str, Any]:
        response = await self.client.get(
            "/matrix",
            params=[
                ("q[][pacticipant]", pacticipant),
                ("q[][version]", version),
                ("latestby", "cvpv"),
                ("environment", environment),
            ],
        )
        assert response.status_code == 200, response.text
        assert response.headers["content-type"].startswith("application/hal+json")
        return response.json()


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("q[][pacticipant]=a&q[][version]=1", [{"pacticipant": "a", "version": "1"}]),
        (
            "q[][pacticipant]=a&q[][version]=1&q[][pacticipant]=b&q[][latest]=true",
            [{"pacticipant": "a", "version": "1"}, {"pacticipant": "b", "latest": "true"}],
        ),
        ("q[1][pacticipant]=b&q[0][pacticipant]=a", [{"pacticipant": "a"}, {"pacticipant": "b"}]),
        ("q[]=a&q[]=b", ["a", "b"]),
        ("other=1", []),
    ],
)
def test_nested_list(query: str, expected: list[object]) -> None:
    """q[] and ignore[] parameters are grouped the way Rack groups them."""
    pairs = [tuple(item.split("=", 1)) for item in query.split("&")]
    assert nested_list(pairs, "q") == expected  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("query", "selectors", "options"),
    [
        (
            "q[][pacticipant]=web&q[][version]=1&latestby=cvpv&environment=prod",
            [MatrixSelector(pacticipant="web", version="1")],
            MatrixOptions(latestby="cvpv", environment="prod"),
        ),
        (
            "q[][pacticipant]=web&q[][latest]=true&q[][branch]=main&latestby=cvp&latest=true&tag=prod",
            [MatrixSelector(pacticipant="web", latest=True, branch="main")],
            MatrixOptions(latestby="cvp", latest=True, tag="prod"),
        ),
        (
            "q[][pacticipant]=web&q[][mainBranch]=true&mainBranch=true&ignore[][pacticipant]=x&ignore[][version]=2",
            [MatrixSelector(pacticipant="web", main_branch=True)],
            MatrixOptions(main_branch=True, ignore=(MatrixSelector(pacticipant="x", version="2"),)),
        ),
    ],
)
def test_parse_matrix_query(query: str, selectors: list[MatrixSelector], options: MatrixOptions) -> None:
    """GET /matrix parameters become the domain's selectors and options."""
    pairs = [tuple(item.split("=", 1)) for item in query.split("&")]
    assert parse_matrix_query(pairs) == (selectors, options)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("query", "options"),
    [
        ("pacticipant=web&version=1&environment=prod", MatrixOptions(latestby="cvpv", environment="prod")),
        ("pacticipant=web&version=1&to=prod", MatrixOptions(latestby="cvp", latest=True, tag="prod")),
        (
            "pacticipant=web&version=1&environment=prod&ignore[]=x",
            MatrixOptions(latestby="cvpv", environment="prod", ignore=(MatrixSelector(pacticipant="x"),)),
        ),
    ],
)
def test_parse_can_i_deploy_query(query: str, options: MatrixOptions) -> None:
    """GET /can-i-deploy parameters: one selector, latestby cvpv for an environment, cvp for a tag."""
    pairs = [tuple(item.split("=", 1)) for item in query.split("&")]
    assert parse_can_i_deploy_query(pairs) == ([MatrixSelector(pacticipant="web", version="1")], options)  # type: ignore[arg-type]


def domain_app(engine: object) -> Starlette:
    """Only the domain engineer's routes, on a database: enough to exercise them end to end."""
    app = Starlette(routes=[*matrix.routes(), *for_verification.routes()])
    app.state.storage = engine
    return app


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def database_url(request: pytest.FixtureRequest, tmp_path: Any) -> Iterator[str]:
    """A fresh database URL (SQLite file, or a PostgreSQL database created and dropped)."""
    if request.param == "postgres":
        if not postgres_available():
            pytest.fail("PostgreSQL is not running on 127.0.0.1:5432; deselect with -m 'not postgres'")
        with postgres_database() as url:
            yield url
    else:
        with sqlite_database(tmp_path) as url:
            yield url


@pytest.fixture
def anyio_backend() -> str:
    """Run the async tests on asyncio."""
    return "asyncio"


@contextmanager
def serving(url: str, estate: Estate) -> Iterator[httpx.AsyncClient]:
    """An httpx client on the domain routes over a database seeded with the estate."""
    engine = seeded_engine(url, estate)
    try:
        yield httpx.AsyncClient(
            transport=httpx.ASGITransport(app=domain_app(engine)), base_url="http://broker.test"
        )
    finally:
        engine.dispose()


def _estate(scenario: DomainScenario) -> Estate:
    builder = EstateBuilder()
    scenario(builder)
    return builder.build()


@pytest.mark.anyio
@pytest.mark.parametrize("case", DOMAIN_CASES, ids=[c[0] for c in DOMAIN_CASES])
async def test_can_i_deploy_table_over_http(
    database_url: str, case: tuple[str, DomainScenario, str, str, bool | None, list[str]]
) -> None:
    """Every domain can-i-deploy case gives the same verdict through GET /matrix and GET /can-i-deploy."""
    _, scenario, pacticipant, version, deployable, reasons = case
    with serving(database_url, _estate(scenario)) as client:
        async with client:
            matrix_response = await client.get(
                "/matrix",
                params=[
                    ("q[][pacticipant]", pacticipant),
                    ("q[][version]", version),
                    ("latestby", "cvpv"),
                    ("environment", "prod"),
                ],
            )
            simple = await client.get(
                "/can-i-deploy",
                params={"pacticipant": pacticipant, "version": version, "environment": "prod"},
            )
    for response in (matrix_response, simple):
        assert response.status_code == 200, response.text
        assert response.headers["content-type"].startswith("application/hal+json")
        body = response.json()
        assert (body["summary"]["deployable"], body["summary"]["reason"]) == (deployable, "\n".join(reasons))
        assert [n["text"] for n in body["notices"]] == reasons


@pytest.mark.anyio
async def test_matrix_row_shape(database_url: str) -> None:
    """Rows carry both versions, branches, environments, the pact and the verification, with links."""
    with serving(database_url, _estate(verified_and_deployed)) as client:
        async with client:
            response = await client.get("/can-i-deploy?pacticipant=web&version=1&environment=prod")
    [row] = response.json()["matrix"]
    assert row["consumer"]["name"] == "web"
    assert row["consumer"]["version"]["number"] == "1"
    assert row["consumer"]["version"]["branch"] == "main"
    assert (
        row["consumer"]["version"]["_links"]["self"]["href"]
        == "http://broker.test/pacticipants/web/versions/1"
    )
    assert row["provider"]["version"]["number"] == "2"
    assert [e["name"] for e in row["provider"]["version"]["environments"]] == ["prod"]
    assert row["verificationResult"]["success"] is True
    assert row["verificationResult"]["_links"]["self"]["href"].startswith(
        "http://broker.test/pacts/provider/catalog/consumer/web/pact-version/sha-a/verification-results/"
    )
    assert (
        row["pact"]["_links"]["self"]["href"]
        == "http://broker.test/pacts/provider/catalog/consumer/web/version/1"
    )


@pytest.mark.anyio
async def test_matrix_rows_flag_the_latest_branch_versions_and_tags(database_url: str) -> None:
    """Each branch version and tag in a row says whether it is the newest of that branch (tag) for its
    pacticipant, as the Pact Broker's matrix does (``latest``), however few versions the query loaded."""
    b = EstateBuilder()
    b.publish("web", "1", "catalog", "s1", branch="main", tags=("dev", "beta"))
    b.publish("web", "2", "catalog", "s2", branch="main", tags=("dev",))
    b.verify("catalog", "10", "s1", True, branch="main", tags=("prod",))
    b.version("catalog", "11", branch="feat", tags=("prod",))
    with serving(database_url, b.build()) as client:
        async with client:
            response = await client.get("/matrix", params={"q[][pacticipant]": "web", "q[][version]": "1"})
    [row] = response.json()["matrix"]
    consumer, provider = row["consumer"]["version"], row["provider"]["version"]
    assert [(v["name"], v["latest"]) for v in consumer["branchVersions"]] == [("main", False)]
    assert sorted((t["name"], t["latest"]) for t in consumer["tags"]) == [("beta", True), ("dev", False)]
    assert [(v["name"], v["latest"]) for v in provider["branchVersions"]] == [("main", True)]
    assert [(t["name"], t["latest"]) for t in provider["tags"]] == [("prod", False)]
    assert consumer["branchVersions"][0]["_links"]["self"]["name"] == "main"


@pytest.mark.anyio
@pytest.mark.parametrize(
    ("path", "status", "fragment"),
    [
        ("/can-i-deploy?pacticipant=web&version=1", 400, "Must specify either an environment or a 'to' tag."),
        ("/can-i-deploy?pacticipant=nobody&version=1&environment=prod", 400, "Pacticipant nobody not found"),
        (
            "/can-i-deploy?pacticipant=web&version=1&environment=mars",
            400,
            "Environment with name 'mars' does not exist",
        ),
        ("/matrix?q[][version]=1", 400, "Please specify the pacticipant name"),
        ("/matrix?latestby=cvp", 400, "Please provide 1 or more version selectors."),
        (
            "/matrix?q[][pacticipant]=web&q[][version]=1&latestby=all",
            400,
            "latestby must be one of cvp, cvpv, cp",
        ),
        ("/matrix?q[][pacticipant]=web&q[][version]=1&limit=many", 400, "must be a whole number"),
        ("/matrix?q[]=web", 400, "each q[] entry must be a selector"),
        ("/matrix?q[][pacticipant]=%27%3B%20DROP%20TABLE%20versions%3B--", 400, "not found"),
        ("/pacticipants/web/latest-version/prod/can-i-deploy/to/prod", 200, None),
        ("/pacticipants/web/branches/main/latest-version/can-i-deploy/to-environment/prod", 200, None),
        ("/matrix?q[][pacticipant]=web&q[][pacticipant]=catalog", 200, None),
    ],
)
async def test_bad_and_odd_queries(database_url: str, path: str, status: int, fragment: str | None) -> None:
    """Bad queries get a 400 naming the problem (never a 500); the URL forms of can-i-deploy answer."""
    with serving(database_url, _estate(verified_and_deployed)) as client:
        async with client:
            response = await client.get(path)
    assert response.status_code == status, response.text
    if fragment is not None:
        assert fragment in json.dumps(response.json())
        assert response.json()["hint"]
    else:
        assert set(response.json()) == {"summary", "notices", "matrix"}


@pytest.mark.anyio
async def test_ignore_over_http(database_url: str) -> None:
    """ignore[][pacticipant] turns a failing provider into an ignored row and a deployable verdict."""
    with serving(database_url, _estate(failed_verification)) as client:
        async with client:
            response = await client.get(
                "/matrix?q[][pacticipant]=web&q[][version]=1&latestby=cvpv&environment=prod"
                "&ignore[][pacticipant]=catalog"
            )
    body = response.json()
    assert (body["summary"]["deployable"], body["summary"]["ignored"]) == (True, 1)
    assert body["matrix"][0]["ignored"] is True
