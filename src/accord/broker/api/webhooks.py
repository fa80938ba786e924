"""Webhook routes: ``GET|POST /webhooks``, ``GET|PUT|DELETE /webhooks/{uuid}`` and
``POST /webhooks/{uuid}/execute`` (send it now with example values and report the outcome)."""

from __future__ import annotations

import json
from typing import Any

from sqlalchemy import Connection, Row
from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import BaseRoute, Route

from accord.broker.api._common import ApiError, hal, iso, link, not_found, read, read_json, urls, write
from accord.broker.api.matrix import Urls
from accord.broker.storage import _repository as repo
from accord.broker.webhooks import WebhookError, execute, validate
from accord.broker.webhooks import _webhooks as hooks


def webhook_json(u: Urls, row: Row[Any]) -> dict[str, Any]:
    """A webhook resource."""
    href = f"{u.base}/webhooks/{row.uuid}"
    body: dict[str, Any] = {
        "uuid": row.uuid,
        "description": row.description,
        "events": [{"name": name} for name in json.loads(row.events)],
        "request": json.loads(row.request),
        "enabled": bool(row.enabled),
        "createdAt": iso(row.created_at),
        "updatedAt": iso(row.updated_at),
        "_links": {"self": link(href, row.description or "Webhook"), "pb:execute": link(f"{href}/execute")},
    }
    for role in ("consumer", "provider"):
        name = getattr(row, f"{role}_name")
        if name is not None:
            body[role] = {"name": name}
            body["_links"][f"pb:{role}"] = link(u.pacticipant(name), name=name)
    return body


def _definition(request: Request, body: dict[str, Any]) -> dict[str, Any]:
    try:
        return validate(body, request.app.state.settings.webhook_hosts)
    except WebhookError as error:
        raise ApiError(
            400, f"invalid webhook: {error}", "see the Pact Broker's webhook documentation", error.field
        ) from None


def _ids(conn: Connection, definition: dict[str, Any]) -> dict[str, int | None]:
    ids: dict[str, int | None] = {}
    for role in ("consumer", "provider"):
        named = definition[role]
        if named is not None:
            row = repo.find_pacticipant(conn, named["name"])
            if row is None:
                raise not_found(f"{role} {named['name']!r}")
            ids[role] = row.id
    return ids


async def list_webhooks(request: Request) -> Response:
    """``GET /webhooks``."""
    u = urls(request)
    rows = await read(request, hooks.find)
    return hal(
        {
            "_embedded": {"webhooks": [webhook_json(u, r) for r in rows]},
            "_links": {
                "self": link(f"{u.base}/webhooks"),
                "pb:webhooks": [link(f"{u.base}/webhooks/{r.uuid}", r.description) for r in rows],
            },
        }
    )


async def create_webhook(request: Request) -> Response:
    """``POST /webhooks``: 201 with the webhook."""
    definition = _definition(request, await read_json(request, allow_empty=False))
    u = urls(request)

    def work(conn: Connection) -> Row[Any]:
        uuid = hooks.save(conn, definition, _ids(conn, definition))
        return hooks.find(conn, uuid)[0]

    row = await write(request, work)
    return hal(webhook_json(u, row), 201, {"Location": f"{u.base}/webhooks/{row.uuid}"})


def _one(conn: Connection, uuid: str) -> Row[Any]:
    rows = hooks.find(conn, uuid)
    if not rows:
        raise not_found(f"webhook {uuid!r}")
    return rows[0]


async def get_webhook(request: Request) -> Response:
    """``GET /webhooks/{uuid}``."""
    row = await read(request, lambda conn: _one(conn, request.path_params["uuid"]))
    return hal(webhook_json(urls(request), row))


async def put_webhook(request: Request) -> Response:
    """``PUT /webhooks/{uuid}``: replace the definition."""
    definition = _definition(request, await read_json(request, allow_empty=False))
    uuid = request.path_params["uuid"]

    def work(conn: Connection) -> Row[Any]:
        _one(conn, uuid)
        hooks.save(conn, definition, _ids(conn, definition), uuid)
        return _one(conn, uuid)

    return hal(webhook_json(urls(request), await write(request, work)))


async def delete_webhook(request: Request) -> Response:
    """``DELETE /webhooks/{uuid}``."""

    def work(conn: Connection) -> None:
        if not hooks.delete(conn, request.path_params["uuid"]):
            raise not_found(f"webhook {request.path_params['uuid']!r}")

    await write(request, work)
    return Response(status_code=204)


async def execute_webhook(request: Request) -> Response:
    """``POST /webhooks/{uuid}/execute``: send the request now, with example values, and report it."""
    row = await read(request, lambda conn: _one(conn, request.path_params["uuid"]))
    context = {
        "consumerName": row.consumer_name or "Example Consumer",
        "providerName": row.provider_name or "Example Provider",
        "consumerVersionNumber": "1",
        "providerVersionNumber": "1",
        "eventName": json.loads(row.events)[0],
    }
    result = await run_in_threadpool(execute, json.loads(row.request), context)
    success = result.error is None and result.status is not None and result.status < 400
    return hal({"success": success, "response": {"status": result.status}, "error": result.error})


def routes() -> list[BaseRoute]:
    """The webhook routes."""
    return [
        Route("/webhooks", list_webhooks, methods=["GET"]),
        Route("/webhooks", create_webhook, methods=["POST"]),
        Route("/webhooks/{uuid}", get_webhook, methods=["GET"]),
        Route("/webhooks/{uuid}", put_webhook, methods=["PUT"]),
        Route("/webhooks/{uuid}", delete_webhook, methods=["DELETE"]),
        Route("/webhooks/{uuid}/execute", execute_webhook, methods=["POST"]),
    ]


__all__ = ["routes", "webhook_json"]
