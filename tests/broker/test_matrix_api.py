"""GET /matrix and GET /can-i-deploy through the whole app (ASGI), on SQLite and PostgreSQL."""

from __future__ import annotations

import base64
import json
from typing import Any
from urllib.parse import quote

import httpx
import pytest

from accord.broker.api.matrix import nested_list, parse_can_i_deploy_query, parse_matrix_query
from accord.broker.domain import MatrixOptions, MatrixSelector

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
