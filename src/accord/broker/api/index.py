"""``GET /``: the HAL index every Pact client starts from, and the heartbeat.

The clients never build paths themselves: they follow these relations, expanding the templated ones
(``{provider}``, ``{consumer}``, ``{pacticipant}``, ``{version}``, ``{environment}``...).
"""

from __future__ import annotations

from typing import Any

from starlette.requests import Request
from starlette.responses import HTMLResponse, JSONResponse, Response
from starlette.routing import BaseRoute, Route

from accord.broker.api._common import hal, link, read, urls
from accord.broker.ui import render_index


def index_json(base: str) -> dict[str, Any]:
    """The index's relations, by the Pact Broker's names."""
    b = base

    def rel(path: str, title: str, templated: bool | None = None) -> dict[str, Any]:
        return link(f"{b}{path}", title, templated=bool(templated if templated is not None else "{" in path))

    return {
        "_links": {
            "self": rel("", "Index"),
            "pb:publish-pact": rel(
                "/pacts/provider/{provider}/consumer/{consumer}/version/{consumerApplicationVersion}",
                "Publish a pact",
            ),
            "pb:publish-contracts": rel("/contracts/publish", "Publish contracts"),
            "pb:latest-pact-versions": rel("/pacts/latest", "Latest pact versions"),
            "pb:pacticipants": rel("/pacticipants", "Pacticipants"),
            "pb:pacticipant": rel("/pacticipants/{pacticipant}", "Fetch pacticipant by name"),
            "pb:latest-provider-pacts": rel("/pacts/provider/{provider}/latest", "Latest pacts by provider"),
            "pb:latest-provider-pacts-with-tag": rel(
                "/pacts/provider/{provider}/latest/{tag}", "Latest pacts for provider with the specified tag"
            ),
            "pb:provider-pacts": rel(
                "/pacts/provider/{provider}", "All pact versions for the specified provider"
            ),
            "pb:provider-pacts-for-verification": rel(
                "/pacts/provider/{provider}/for-verification",
                "Pact versions to be verified for the specified provider",
            ),
            "pb:provider-pacts-with-main-branch": rel(
                "/pacts/provider/{provider}/branch", "All pacts for a provider, for any consumers main branch"
            ),
            "pb:provider-pacts-with-branch": rel(
                "/pacts/provider/{provider}/branch/{branch}",
                "All pacts for a provider, for any consumers named branch",
            ),
            "pb:latest-provider-pacts-with-main-branch": rel(
                "/pacts/provider/{provider}/branch/latest",
                "Latest pact for a provider, for any consumers main branch",
            ),
            "pb:latest-provider-pacts-with-branch": rel(
                "/pacts/provider/{provider}/branch/{branch}/latest",
                "Latest pacts for a provider, for any consumers named branch",
            ),
            "pb:branch-pact-versions": rel(
                "/pacts/provider/{provider}/consumer/{consumer}/branch/{branch}",
                "All versions of pacts for a provider, for a named consumers branch",
            ),
            "pb:latest-branch-pact-versions": rel(
                "/pacts/provider/{provider}/consumer/{consumer}/branch/{branch}/latest/versions",
                "Latest version of pact for a provider, for a named consumers branch",
            ),
            "pb:main-branch-pact-versions": rel(
                "/pacts/provider/{provider}/consumer/{consumer}/branch/versions",
                "All versions of pacts for a provider, for a named consumers main branch",
            ),
            "pb:latest-main-branch-pact-versions": rel(
                "/pacts/provider/{provider}/consumer/{consumer}/branch/latest/versions",
                "Latest version of pact for a provider, for a named consumers main branch",
            ),
            "pb:latest-version": rel(
                "/pacticipants/{pacticipant}/latest-version", "Latest pacticipant version"
            ),
            "pb:latest-tagged-version": rel(
                "/pacticipants/{pacticipant}/latest-version/{tag}",
                "Latest pacticipant version with the specified tag",
            ),
            "pb:pacticipant-version": rel(
                "/pacticipants/{pacticipant}/versions/{version}",
                "Get, create or delete a pacticipant version",
            ),
            "pb:pacticipant-version-tag": rel(
                "/pacticipants/{pacticipant}/versions/{version}/tags/{tag}",
                "Get, create or delete a tag for a pacticipant version",
            ),
            "pb:pacticipant-branch": rel(
                "/pacticipants/{pacticipant}/branches/{branch}", "Get or delete a pacticipant branch"
            ),
            "pb:pacticipant-branch-version": rel(
                "/pacticipants/{pacticipant}/branches/{branch}/versions/{version}",
                "Get or add/create a pacticipant version for a branch",
            ),
            "pb:webhooks": rel("/webhooks", "Webhooks"),
            "pb:webhook": rel("/webhooks/{uuid}", "Webhook"),
            "pb:environments": rel("/environments", "Environments"),
            "pb:environment": rel("/environments/{uuid}", "Environment"),
            "pb:matrix": rel("/matrix", "The matrix", templated=False),
            "pb:can-i-deploy-pacticipant-version-to-environment": rel(
                "/can-i-deploy?pacticipant={pacticipant}&version={version}&environment={environment}",
                "Determine if a pacticipant version can be deployed to an environment",
            ),
            "pb:can-i-deploy-pacticipant-version-to-tag": rel(
                "/can-i-deploy?pacticipant={pacticipant}&version={version}&to={tag}",
                "Determine if a pacticipant version can be deployed to an environment identified by tag",
            ),
            "pb:can-i-deploy-branch-to-environment": rel(
                "/pacticipants/{pacticipant}/branches/{branch}/latest-version/can-i-deploy/to-environment/{environment}",
                "Determine if the latest version of a branch can be deployed to an environment",
            ),
            "pb:openapi": rel("/openapi.json", "OpenAPI description of this API"),
            "curies": [{"name": "pb", "href": f"{b}/doc/{{rel}}?context=index", "templated": True}],
        }
    }


async def index(request: Request) -> Response:
    """``GET /``: HAL+JSON for clients, the HTML home page for browsers (``Accept: text/html``)."""
    u = urls(request)
    if "text/html" in request.headers.get("accept", ""):
        search = request.query_params.get("q", "")
        return HTMLResponse(await read(request, lambda conn: render_index(conn, u, search)))
    return hal(index_json(u.base))


async def heartbeat(request: Request) -> Response:
    """``GET /diagnostic/status/heartbeat``: 200 while the process serves (no database access)."""
    return JSONResponse({"ok": True, "_links": {"self": {"href": str(request.url)}}})


def routes() -> list[BaseRoute]:
    """The index and heartbeat routes."""
    return [
        Route("/", index, methods=["GET"]),
        Route("/diagnostic/status/heartbeat", heartbeat, methods=["GET"]),
    ]


__all__ = ["index_json", "routes"]
