"""The HTML home page: browsers get it at ``/``; clients still get HAL+JSON there."""

from __future__ import annotations

import httpx
import pytest

from .conftest import publication

pytestmark = pytest.mark.anyio

BROWSER = {"Accept": "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"}


@pytest.mark.parametrize(
    ("verify", "status"), [(None, "unverified"), (True, "passed by 7"), (False, "failed by 7")]
)
async def test_home_page_lists_integrations(
    client: httpx.AsyncClient, verify: bool | None, status: str
) -> None:
    """Each pair shows its latest pact and the latest verification's outcome; names are escaped."""
    await client.post("/contracts/publish", json=publication("<web>", "1", {"api": "a"}))
    if verify is not None:
        pact = (await client.get("/pacts/provider/api/consumer/%3Cweb%3E/version/1")).json()
        await client.post(
            pact["_links"]["pb:publish-verification-results"]["href"],
            json={"success": verify, "providerApplicationVersion": "7"},
        )
    page = await client.get("/", headers=BROWSER)
    assert page.headers["content-type"].startswith("text/html")
    text = " ".join(page.text.split())
    assert "&lt;web&gt;" in text and "<web>" not in text
    assert status in text


async def test_clients_still_get_hal(client: httpx.AsyncClient) -> None:
    """The Rust clients' Accept header gets the HAL index, and so does no Accept header at all."""
    for accept in ("application/hal+json, application/json", "*/*"):
        response = await client.get("/", headers={"Accept": accept})
        assert response.headers["content-type"].startswith("application/hal+json")


async def test_empty_broker_page(client: httpx.AsyncClient) -> None:
    """An empty broker says how to publish the first pact."""
    assert "No pacts yet" in (await client.get("/", headers=BROWSER)).text
