"""The web UI's routes: HTML pages under ``/ui/`` and the Pact Broker's badge URLs.

- ``GET /ui/pacticipants/{name}`` — versions, branches, tags, deployments and releases;
- ``GET /ui/pacts/provider/{p}/consumer/{c}/version/{v}`` and ``.../latest`` — a pact, readable;
- ``GET /ui/matrix/provider/{p}/consumer/{c}`` — the pair's matrix;
- ``GET /ui/network`` — the dependency graph;
- ``GET /pacts/provider/{p}/consumer/{c}/latest/badge`` and ``.../latest/{tag}/badge`` — SVG badges.

Unknown names answer an HTML 404 page naming what was missing (badges answer ``unknown`` instead).
"""

from __future__ import annotations

from collections.abc import Callable

from sqlalchemy import Connection
from starlette.requests import Request
from starlette.responses import HTMLResponse, Response
from starlette.routing import BaseRoute, Route

from accord.broker.api._common import read, urls
from accord.broker.domain import BrokerQueryError
from accord.broker.ui._badges import badge_for, render_badge
from accord.broker.ui._pages import (
    _ENV,
    MAX_MATRIX_ROWS,
    page_number,
    render_matrix,
    render_network,
    render_pact,
    render_pacticipant,
)
from accord.broker.ui._queries import badge_status

SVG = "image/svg+xml"
_BADGE_LABELS = ("consumer", "provider")


def _not_found(request: Request, message: str, hint: str) -> HTMLResponse:
    page = _ENV.get_template("notfound.html").render(base=urls(request).base, message=message, hint=hint)
    return HTMLResponse(page, status_code=404)


async def _page(request: Request, work: Callable[[Connection], str | None], missing: str) -> Response:
    try:
        html = await read(request, work)
    except BrokerQueryError as error:
        return _not_found(request, error.message, error.hint or "check the names in the address")
    if html is None:
        return _not_found(request, missing, "check the names in the address, or publish a pact first")
    return HTMLResponse(html)


async def pacticipant_page(request: Request) -> Response:
    """``GET /ui/pacticipants/{name}``."""
    name = request.path_params["name"]
    u = urls(request)
    page = page_number(request.query_params.get("page"))
    return await _page(
        request, lambda c: render_pacticipant(c, u, name, page), f"no application is named {name!r}"
    )


async def pact_page(request: Request) -> Response:
    """``GET /ui/pacts/provider/{p}/consumer/{c}/version/{v}`` (or ``/latest``)."""
    p, c = request.path_params["provider"], request.path_params["consumer"]
    version = request.path_params.get("version")
    u = urls(request)
    what = f"version {version!r} of {c!r}" if version else f"{c!r}"
    return await _page(
        request, lambda conn: render_pact(conn, u, p, c, version), f"{what} has no pact with {p!r}"
    )


async def matrix_page(request: Request) -> Response:
    """``GET /ui/matrix/provider/{p}/consumer/{c}``."""
    p, c = request.path_params["provider"], request.path_params["consumer"]
    u = urls(request)
    limit = page_number(request.query_params.get("limit"), default=100, most=MAX_MATRIX_ROWS)
    return await _page(
        request, lambda conn: render_matrix(conn, u, p, c, limit), f"no matrix for {c!r} and {p!r}"
    )


async def network_page(request: Request) -> Response:
    """``GET /ui/network``."""
    u = urls(request)
    return await _page(request, lambda conn: render_network(conn, u), "no network")


async def badge(request: Request) -> Response:
    """``GET /pacts/provider/{p}/consumer/{c}/latest[/{tag}]/badge``: the latest pact's verification badge.

    ``?label=consumer`` or ``?label=provider`` puts that pacticipant's name on the left half.
    """
    p, c = request.path_params["provider"], request.path_params["consumer"]
    tag = request.path_params.get("tag")
    status = await read(request, lambda conn: badge_status(conn, p, c, tag))
    label = request.query_params.get("label", "")
    text = {"consumer": c, "provider": p}.get(label, "pact") if label in _BADGE_LABELS else "pact"
    return Response(
        render_badge(badge_for(status, text)),
        media_type=SVG,
        headers={"Cache-Control": "no-cache, no-store, max-age=0", "Vary": "Accept"},
    )


def routes() -> list[BaseRoute]:
    """The UI's routes (mounted before the pact routes, so ``/latest/badge`` is not read as a tag)."""
    pact = "/ui/pacts/provider/{provider}/consumer/{consumer}"
    badge_base = "/pacts/provider/{provider}/consumer/{consumer}/latest"
    return [
        Route("/ui/pacticipants/{name}", pacticipant_page, methods=["GET"]),
        Route(f"{pact}/version/{{version}}", pact_page, methods=["GET"]),
        Route(f"{pact}/latest", pact_page, methods=["GET"]),
        Route("/ui/matrix/provider/{provider}/consumer/{consumer}", matrix_page, methods=["GET"]),
        Route("/ui/network", network_page, methods=["GET"]),
        Route(f"{badge_base}/badge", badge, methods=["GET"]),
        Route(f"{badge_base}/{{tag}}/badge", badge, methods=["GET"]),
    ]


__all__ = ["SVG", "badge", "matrix_page", "network_page", "pact_page", "pacticipant_page", "routes"]
