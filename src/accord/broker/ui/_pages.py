"""The broker's HTML pages, rendered from the Jinja2 templates shipped in ``ui/templates``.

Autoescaping is on for every template: pacticipant names, versions, tags and pact contents are user
data and may hold HTML or SQL metacharacters; they are always displayed as text. Links to other pages
quote each path segment (`urlpart`), so a name with ``/``, ``?`` or ``#`` still lands on its page.
The pages only read, through `_queries` (the storage and domain functions the API uses).
"""

from __future__ import annotations

from typing import Any
from urllib.parse import quote

from jinja2 import Environment, PackageLoader, select_autoescape
from sqlalchemy import Connection

from accord.broker.ui._graph import NODE_HEIGHT, NODE_WIDTH, layout
from accord.broker.ui._pact_view import interactions_of, spec_version
from accord.broker.ui._queries import (
    FAILED,
    PASSED,
    UNVERIFIED,
    IntegrationRow,
    integration_rows,
    matrix_view,
    pact_content,
    pacticipant_view,
    when,
)


def urlpart(value: object) -> str:
    """One URL path segment or query value, percent-encoded (``/`` included)."""
    return quote(str(value), safe="")


_ENV = Environment(
    loader=PackageLoader("accord.broker.ui", "templates"),
    autoescape=select_autoescape(default=True, default_for_string=True),
    trim_blocks=True,
    lstrip_blocks=True,
)
_ENV.filters["urlpart"] = urlpart
_ENV.globals["when"] = when


MAX_MATRIX_ROWS = 2000
"""The most rows the matrix page shows (``?limit=``); the API's ``GET /matrix`` has its own limit."""


def page_number(raw: str | None, default: int = 1, most: int = 1_000_000) -> int:
    """A positive page number or row count from a query parameter; anything else is ``default``."""
    if raw is None or not raw.isdigit():
        return default
    return min(max(1, int(raw)), most)


def _render(name: str, urls: Any, **context: Any) -> str:
    return _ENV.get_template(name).render(base=urls.base, urls=urls, **context)


def render_index(conn: Connection, urls: Any, query: str = "") -> str:
    """The home page: every integration, filtered by ``query`` (a case-insensitive substring)."""
    rows = integration_rows(conn)
    shown = [r for r in rows if r.matches(query)] if query else rows
    counts = {s: sum(1 for r in shown if r.status == s) for s in (PASSED, FAILED, UNVERIFIED)}
    return _render("index.html", urls, rows=shown, total=len(rows), q=query, counts=counts)


def render_pacticipant(conn: Connection, urls: Any, name: str, page: int = 1) -> str | None:
    """A pacticipant's page (``page`` of its versions), or ``None`` when no pacticipant has that name."""
    view = pacticipant_view(conn, name, page=page)
    return None if view is None else _render("pacticipant.html", urls, p=view)


def render_pact(conn: Connection, urls: Any, provider: str, consumer: str, version: str | None) -> str | None:
    """A pact's page (``version`` None: the latest), or ``None`` when there is no such pact."""
    found = pact_content(conn, provider, consumer, version)
    if found is None:
        return None
    pact, content = found
    return _render(
        "pact.html",
        urls,
        provider=provider,
        consumer=consumer,
        version=pact.consumer_version,
        published=when(pact.created_at),
        spec=spec_version(content),
        interactions=interactions_of(content),
    )


def render_matrix(conn: Connection, urls: Any, provider: str, consumer: str, limit: int = 100) -> str:
    """The matrix page of a pair: its newest ``limit`` rows, with a link to show more when there are more.

    Raises:
        BrokerQueryError: a pacticipant is unknown.
    """
    view = matrix_view(conn, consumer, provider, limit=limit + 1)
    rows = view.rows[:limit]
    more = min(limit * 4, MAX_MATRIX_ROWS) if len(view.rows) > limit and limit < MAX_MATRIX_ROWS else None
    return _render("matrix.html", urls, consumer=consumer, provider=provider, rows=rows, more=more)


def render_network(conn: Connection, urls: Any) -> str:
    """The network page: every integration as an edge of a layered SVG graph."""
    graph = layout([(r.consumer, r.provider, r.status) for r in integration_rows(conn)])
    return _render("network.html", urls, graph=graph, node_width=NODE_WIDTH, node_height=NODE_HEIGHT)


__all__ = [
    "IntegrationRow",
    "integration_rows",
    "render_index",
    "render_matrix",
    "render_network",
    "render_pact",
    "render_pacticipant",
    "urlpart",
]
