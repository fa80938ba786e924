"""The web UI: home, pacticipant, pact, matrix and network pages, badges; clients still get HAL at ``/``."""

from __future__ import annotations

import itertools
import re
from typing import Any

import httpx
import pytest
import sqlalchemy as sa
from starlette.applications import Starlette

from accord.broker.ui import layout
from accord.broker.ui._graph import NODE_HEIGHT, NODE_WIDTH

from .conftest import publication

pytestmark = pytest.mark.anyio

BROWSER = {"Accept": "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"}
EVIL = "<b>x'\"&; DROP TABLE pacticipants;--"


def flat(text: str) -> str:
    """The page text with whitespace runs folded to one space."""
    return " ".join(text.split())


async def verify(client: httpx.AsyncClient, pair: tuple[str, str], version: str, ok: bool, by: str) -> None:
    """Publish a verification result for a consumer version's pact."""
    provider, consumer = pair
    pact = (await client.get(f"/pacts/provider/{provider}/consumer/{consumer}/version/{version}")).json()
    response = await client.post(
        pact["_links"]["pb:publish-verification-results"]["href"],
        json={"success": ok, "providerApplicationVersion": by},
    )
    assert response.status_code == 201


@pytest.mark.parametrize(
    ("result", "shown"),
    [
        (None, '<span class="status unverified">unverified</span>'),
        (True, '<span class="status passed">verified</span> <span class="muted">by 7</span>'),
        (False, '<span class="status failed">failed</span> <span class="muted">by 7</span>'),
    ],
)
async def test_home_page_lists_integrations(
    client: httpx.AsyncClient, result: bool | None, shown: str
) -> None:
    """Each pair shows its latest pact and the latest verification's outcome, coloured by status."""
    await client.post("/contracts/publish", json=publication("web", "1", {"api": "a"}))
    if result is not None:
        await verify(client, ("api", "web"), "1", result, "7")
    page = await client.get("/", headers=BROWSER)
    assert page.status_code == 200 and page.headers["content-type"].startswith("text/html")
    assert shown in flat(page.text)
    assert "/ui/pacts/provider/api/consumer/web/version/1" in page.text


async def test_names_are_escaped_everywhere(client: httpx.AsyncClient) -> None:
    """HTML and SQL metacharacters in names are shown as text on every page and in badges."""
    await client.post("/contracts/publish", json=publication(EVIL, "1<i>", {"api": "a"}, tags=["<t>"]))
    quoted = httpx.URL("/x/" + EVIL).raw_path.decode()[3:]  # percent-encoded path segment
    pages = [
        "/",
        f"/ui/pacticipants/{quoted}",
        f"/ui/pacts/provider/api/consumer/{quoted}/latest",
        f"/ui/matrix/provider/api/consumer/{quoted}",
        "/ui/network",
    ]
    for path in pages:
        page = await client.get(path, headers=BROWSER)
        assert page.status_code == 200, path
        assert "&lt;b&gt;x&#39;&#34;&amp;; DROP TABLE" in page.text, path
        assert "<b>" not in page.text and "<i>" not in page.text and "<t>" not in page.text, path
    badge = await client.get(
        f"/pacts/provider/api/consumer/{quoted}/latest/badge", params={"label": "consumer"}
    )
    assert "&lt;b&gt;x" in badge.text and "<b>" not in badge.text


@pytest.mark.parametrize(
    ("query", "expected"), [("", {"web", "mobile"}), ("MOB", {"mobile"}), ("zzz", set())]
)
async def test_home_page_search(client: httpx.AsyncClient, query: str, expected: set[str]) -> None:
    """A plain GET form filters the integrations by a case-insensitive substring of the names."""
    for consumer in ("web", "mobile"):
        await client.post("/contracts/publish", json=publication(consumer, "1", {"api": "a"}))
    page = (await client.get("/", params={"q": query}, headers=BROWSER)).text
    shown = set(re.findall(r'/ui/pacticipants/(\w+)">\w+</a></td>\s*<td>[^\n]*/ui/pacticipants/api"', page))
    assert shown == expected
    assert f'name="q" value="{query}"' in page


async def test_clients_still_get_hal(client: httpx.AsyncClient) -> None:
    """The Rust clients' Accept header gets the HAL index, and so does a wildcard Accept."""
    for accept in ("application/hal+json, application/json", "*/*"):
        response = await client.get("/", headers={"Accept": accept})
        assert response.headers["content-type"].startswith("application/hal+json")
        assert "pb:latest-pact-versions" in response.json()["_links"]


async def test_empty_broker_page(client: httpx.AsyncClient) -> None:
    """An empty broker says how to publish the first pact, and its network page says it is empty."""
    assert "No pacts yet" in (await client.get("/", headers=BROWSER)).text
    assert "No integrations yet" in (await client.get("/ui/network", headers=BROWSER)).text


async def test_home_page_queries_do_not_grow_with_pacticipants(
    app: Starlette, client: httpx.AsyncClient
) -> None:
    """The home page costs the same few queries for 1 pair as for 60 (no query per integration)."""
    counts = []
    for consumers in (1, 60):
        for i in range(consumers):
            await client.post(
                "/contracts/publish", json=publication(f"c{consumers}-{i}", "1", {f"p{i}": "a"})
            )
        statements: list[str] = []

        def count(*args: Any, log: list[str] = statements) -> None:
            log.append(args[2])

        sa.event.listen(app.state.storage.engine, "before_cursor_execute", count)
        try:
            assert (await client.get("/", headers=BROWSER)).status_code == 200
        finally:
            sa.event.remove(app.state.storage.engine, "before_cursor_execute", count)
        counts.append(len([s for s in statements if s.lstrip().upper().startswith("SELECT")]))
    assert counts[0] == counts[1] <= 3


async def test_pacticipant_page(client: httpx.AsyncClient) -> None:
    """Versions show their branches, tags, and the environments they are deployed and released to."""
    await client.post(
        "/contracts/publish", json=publication("web", "1.0", {"api": "a"}, branch="feat", tags=["rc"])
    )
    env = (await client.post("/environments", json={"name": "production", "production": True})).json()
    version = "/pacticipants/web/versions/1.0"
    assert (
        await client.post(f"{version}/deployed-versions/environment/{env['uuid']}", json={})
    ).status_code == 201
    assert (
        await client.post(f"{version}/released-versions/environment/{env['uuid']}", json={})
    ).status_code == 201
    page = flat((await client.get("/ui/pacticipants/web", headers=BROWSER)).text)
    for fragment in (
        '<span class="chip">feat</span>',
        '<span class="chip tag">rc</span>',
        '<span class="chip env">production</span>',
        '<span class="chip rel">production</span>',
        "/ui/matrix/provider/api/consumer/web",
    ):
        assert fragment in page


async def test_pacticipant_page_pages_through_versions(client: httpx.AsyncClient) -> None:
    """Versions come 50 to a page, newest first, with links both ways; a page past the end links back."""
    for n in range(1, 121):
        resp = await client.put(f"/pacticipants/web/versions/{n}", json={})
        assert resp.status_code in (200, 201)
    first = flat((await client.get("/ui/pacticipants/web", headers=BROWSER)).text)
    assert "1&ndash;50 of 120, newest first" in first
    assert '/pacticipants/web/versions/120">' in first
    assert '/pacticipants/web/versions/70">' not in first
    assert '<a href="?page=2">older &rarr;</a>' in first
    assert "&larr; newer" not in first
    last = flat((await client.get("/ui/pacticipants/web?page=3", headers=BROWSER)).text)
    assert "101&ndash;120 of 120" in last
    assert '/pacticipants/web/versions/1">' in last
    assert '<a href="?page=2">&larr; newer</a>' in last
    assert "older &rarr;" not in last
    beyond = flat((await client.get("/ui/pacticipants/web?page=9", headers=BROWSER)).text)
    assert '<a href="?page=3">the last page is 3</a>' in beyond
    for junk in ("0", "-1", "x", ""):
        page = flat((await client.get(f"/ui/pacticipants/web?page={junk}", headers=BROWSER)).text)
        assert "1&ndash;50 of 120" in page


async def test_matrix_page_shows_more_rows_on_request(client: httpx.AsyncClient) -> None:
    """The matrix page shows the newest 100 rows and offers more; ``?limit=`` shows them."""
    for n in range(1, 106):
        await client.post("/contracts/publish", json=publication("web", f"1.{n}", {"api": f"c{n}"}))
    page = flat((await client.get("/ui/matrix/provider/api/consumer/web", headers=BROWSER)).text)
    assert "Showing the newest 100 rows." in page
    assert '<a href="?limit=400">Show up to 400</a>' in page
    assert ">1.105</a>" in page and ">1.5</a>" not in page
    everything = flat(
        (await client.get("/ui/matrix/provider/api/consumer/web?limit=400", headers=BROWSER)).text
    )
    assert ">1.1</a>" in everything and "Show up to" not in everything


PACT_V3 = {
    "consumer": {"name": "web"},
    "provider": {"name": "api"},
    "interactions": [
        {
            "description": "a request for an order",
            "providerStates": [{"name": "an order exists", "params": {"id": 42}}],
            "request": {
                "method": "post",
                "path": "/orders",
                "query": {"q": ["a b"]},
                "headers": {"Content-Type": "application/json"},
                "body": {"item": "tea"},
            },
            "response": {
                "status": 201,
                "body": {"id": 42},
                "matchingRules": {"body": {"$.id": {"matchers": [{"match": "integer"}]}}},
            },
        }
    ],
    "messages": [
        {"description": "an order event", "contents": {"event": "created"}, "metaData": {"topic": "orders"}}
    ],
    "metadata": {"pactSpecification": {"version": "3.0.0"}},
}


async def test_pact_page_renders_interactions(client: httpx.AsyncClient) -> None:
    """Request, response, provider states with params, matching rules and messages are readable."""
    assert (await client.put("/pacts/provider/api/consumer/web/version/2", json=PACT_V3)).status_code in (
        200,
        201,
    )
    for path in (
        "/ui/pacts/provider/api/consumer/web/version/2",
        "/ui/pacts/provider/api/consumer/web/latest",
    ):
        page = flat((await client.get(path, headers=BROWSER)).text)
        for fragment in (
            "a request for an order",
            "<strong>an order exists</strong> <code>{&#34;id&#34;: 42}</code>",
            '<span class="method">POST</span> <code>/orders</code><code>?q=a+b</code>',
            "Status <strong>201</strong>",
            "&#34;item&#34;: &#34;tea&#34;",
            "<td>response body</td><td><code>$.id</code></td>",
            "an order event",
            "&#34;topic&#34;: &#34;orders&#34;",
            "Pact specification 3.0.0",
            "2 interactions",
        ):
            assert fragment in page, fragment


async def test_matrix_page_rows(client: httpx.AsyncClient) -> None:
    """Every consumer version's pact is a row, with the provider version that verified it and the outcome."""
    await client.post("/contracts/publish", json=publication("web", "1", {"api": "a"}))
    await client.post("/contracts/publish", json=publication("web", "2", {"api": "b"}))
    await verify(client, ("api", "web"), "1", True, "p1")
    await verify(client, ("api", "web"), "2", False, "p2")
    page = flat((await client.get("/ui/matrix/provider/api/consumer/web", headers=BROWSER)).text)
    rows = re.findall(r"version/(\d)\">\d</a></td>.*?<td>(p\d)</td> <td><span class=\"status (\w+)\"", page)
    assert rows == [("2", "p2", "failed"), ("1", "p1", "passed")]


@pytest.mark.parametrize(
    ("path", "status"),
    [
        ("/ui/pacticipants/nobody", 404),
        ("/ui/pacts/provider/api/consumer/web/version/9", 404),
        ("/ui/pacts/provider/nobody/consumer/web/latest", 404),
        ("/ui/matrix/provider/nobody/consumer/web", 404),
    ],
)
async def test_unknown_names_get_a_404_page(client: httpx.AsyncClient, path: str, status: int) -> None:
    """Pages for names that do not exist answer an HTML 404 naming what is missing."""
    await client.post("/contracts/publish", json=publication("web", "1", {"api": "a"}))
    response = await client.get(path, headers=BROWSER)
    assert response.status_code == status
    assert response.headers["content-type"].startswith("text/html") and "Not found" in response.text


@pytest.mark.parametrize(
    ("result", "message", "colour"),
    [(None, "unknown", "#9f9f9f"), (True, "verified", "#4c1"), (False, "failed", "#e05d44")],
)
async def test_badges(client: httpx.AsyncClient, result: bool | None, message: str, colour: str) -> None:
    """The latest (and latest tagged) pact's badge is an SVG with the status text and colour, never cached."""
    await client.post("/contracts/publish", json=publication("web", "1", {"api": "a"}, tags=["prod"]))
    if result is not None:
        await verify(client, ("api", "web"), "1", result, "7")
    for path in (
        "/pacts/provider/api/consumer/web/latest/badge",
        "/pacts/provider/api/consumer/web/latest/prod/badge",
    ):
        badge = await client.get(path)
        assert badge.status_code == 200
        assert badge.headers["content-type"].startswith("image/svg+xml")
        assert "no-cache" in badge.headers["cache-control"]
        assert (
            f">{message}</text>" in badge.text
            and f'fill="{colour}"' in badge.text
            and ">pact</text>" in badge.text
        )


@pytest.mark.parametrize(
    ("path", "label"),
    [
        ("/pacts/provider/api/consumer/web/latest/other/badge", "pact"),
        ("/pacts/provider/nobody/consumer/web/latest/badge", "pact"),
        ("/pacts/provider/api/consumer/web/latest/badge?label=consumer", "web"),
        ("/pacts/provider/api/consumer/web/latest/badge?label=provider", "api"),
    ],
)
async def test_badge_unknown_and_labels(client: httpx.AsyncClient, path: str, label: str) -> None:
    """Unknown pairs or tags give an ``unknown`` badge (still 200); ``label`` names a pacticipant."""
    await client.post("/contracts/publish", json=publication("web", "1", {"api": "a"}))
    await verify(client, ("api", "web"), "1", True, "7")
    badge = await client.get(path)
    assert badge.status_code == 200 and f">{label}</text>" in badge.text
    assert (">unknown</text>" in badge.text) == ("other" in path or "nobody" in path)


async def test_network_page(client: httpx.AsyncClient) -> None:
    """The graph is inline SVG: one box per application and one coloured curve per integration."""
    await client.post("/contracts/publish", json=publication("web", "1", {"api": "a", "auth": "b"}))
    await client.post("/contracts/publish", json=publication("api", "1", {"auth": "c"}))
    await verify(client, ("auth", "api"), "1", False, "9")
    page = (await client.get("/ui/network", headers=BROWSER)).text
    assert page.count("<rect ") == 3 and page.count("<path ") == 3
    assert '<path class="failed"' in page and page.count('<path class="unverified"') == 2
    assert "/ui/pacticipants/auth" in page


def _overlap(a: Any, b: Any) -> bool:
    return abs(a.x - b.x) < NODE_WIDTH and abs(a.y - b.y) < NODE_HEIGHT


@pytest.mark.parametrize("size", [1, 50, 200, 400])
def test_layout_scales_and_layers(size: int) -> None:
    """Hundreds of applications (with a cycle) get distinct boxes; consumers sit left of their providers."""
    edges = [(f"svc{i}", f"svc{(i * 7 + 3) % size}", "passed") for i in range(size) if (i * 7 + 3) % size > i]
    edges += [(f"svc{i}", "svc0", "failed") for i in range(1, size, 5)]  # edges back to svc0: cycles
    graph = layout(edges)
    by_name = {n.name: n for n in graph.nodes}
    assert len(by_name) == len({n for e in edges for n in e[:2]})
    ordered = sorted(graph.nodes, key=lambda n: (n.x, n.y))
    assert not any(_overlap(a, b) for a, b in itertools.pairwise(ordered) if a.x == b.x)
    forward = [e for e in edges if e[2] == "passed"]
    assert all(by_name[c].x < by_name[p].x for c, p, _ in forward)
    assert all(n.x + NODE_WIDTH <= graph.width and n.y + NODE_HEIGHT <= graph.height for n in graph.nodes)
