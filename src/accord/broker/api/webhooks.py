"""Webhook routes, as the Pact Broker has them:

- ``GET|POST /webhooks``; ``GET|PUT|DELETE /webhooks/{uuid}`` (``PUT`` creates the webhook with that
  uuid when there is none yet: the Ruby client's ``create-or-update-webhook``);
- ``GET|POST /webhooks/provider/{p}/consumer/{c}``, ``/webhooks/provider/{p}`` and
  ``/webhooks/consumer/{c}``: the webhooks of those pacticipants, and creating one for them;
- ``POST /webhooks/{uuid}/execute``: send it now with example values and report the outcome.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from typing import Any

from sqlalchemy import Connection, Row
from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import BaseRoute, Route

from accord.broker.api._common import (
    ApiError,
    hal,
    iso,
    link,
    not_found,
    read,
    read_json,
    self_url,
    urls,
    write,
)
from accord.broker.api.matrix import Urls
from accord.broker.storage import _repository as repo
from accord.broker.webhooks import WebhookError, execute, validate
from accord.broker.webhooks import _webhooks as hooks

# The Pact Broker's rule for a client-chosen webhook uuid.
_UUID = re.compile(r"[A-Za-z0-9_-]{16,}")


def webhook_json(u: Urls, row: Row[Any]) -> dict[str, Any]:
    """A webhook resource (a basic-auth password is masked, as the Pact Broker does)."""
    href = f"{u.base}/webhooks/{row.uuid}"
    request = json.loads(row.request)
    if "password" in request:
        request["password"] = "**********"
    body: dict[str, Any] = {
        "uuid": row.uuid,
        "description": row.description,
        "events": [{"name": name} for name in json.loads(row.events)],
        "request": request,
        "enabled": bool(row.enabled),
        "createdAt": iso(row.created_at),
        "updatedAt": iso(row.updated_at),
        "_links": {"self": link(href, row.description or "Webhook"), "pb:execute": link(f"{href}/execute")},
    }
    for role in ("consumer", "provider"):
        name = getattr(row, f"{role}_name")
        label = getattr(row, f"{role}_label")
        if name is not None:
            body[role] = {"name": name}
            body["_links"][f"pb:{role}"] = link(u.pacticipant(name), name=name)
        elif label is not None:
            body[role] = {"label": label}
    return body


def _definition(request: Request, body: dict[str, Any]) -> dict[str, Any]:
    try:
        return validate(body, request.app.state.settings.webhook_hosts)
    except WebhookError as error:
        raise ApiError(
            400, f"invalid webhook: {error}", "see the Pact Broker's webhook documentation", error.field
        ) from None


def _ids(
    conn: Connection, definition: dict[str, Any], path_roles: Iterable[str] = ()
) -> dict[str, int | None]:
    """The ids of the pacticipants a webhook names. As in the Pact Broker, an unknown pacticipant named
    by the URL (``/webhooks/provider/{p}/consumer/{c}``) is a 404, and one named in the body is invalid
    input: a 400 on ``consumer.name`` or ``provider.name``."""
    ids: dict[str, int | None] = {}
    for role in ("consumer", "provider"):
        named = definition[role]
        if named is not None and "name" in named:
            row = repo.find_pacticipant(conn, named["name"])
            if row is None and role in path_roles:
                raise not_found(f"{role} {named['name']!r}")
            if row is None:
                raise ApiError(
                    400,
                    f"invalid webhook: no {role} named {named['name']!r} exists",
                    "create the pacticipant first (or publish a pact for it), or check the name's spelling",
                    f"{role}.name",
                )
            ids[role] = row.id
    return ids


def _path_pacticipants(request: Request) -> dict[str, str]:
    """The consumer and provider named by a ``/webhooks/provider/{p}/consumer/{c}`` path."""
    return {
        role: request.path_params[role] for role in ("consumer", "provider") if role in request.path_params
    }


def _check_path_pacticipants(conn: Connection, named: dict[str, str]) -> None:
    for role, name in named.items():
        if repo.find_pacticipant(conn, name) is None:
            raise not_found(f"{role} {name!r}")


async def list_webhooks(request: Request) -> Response:
    """``GET /webhooks`` (all of them) or ``GET /webhooks/provider/{p}[/consumer/{c}]`` and
    ``/webhooks/consumer/{c}`` (those limited to exactly these pacticipants).

    As the Pact Broker's ``PacticipantWebhooks`` (``Webhook.find_by_consumer_and_provider``): the
    pacticipant of each role is the one the path names, or none for a role it does not name. So
    ``/webhooks/provider/api`` lists the webhooks for api and any consumer, including those for the
    consumers with a label; a webhook scoped by labels on both sides names no pacticipant, and is in
    ``/webhooks`` only.
    """
    u = urls(request)
    named = _path_pacticipants(request)

    def work(conn: Connection) -> list[Row[Any]]:
        _check_path_pacticipants(conn, named)
        return [
            row
            for row in hooks.find(conn)
            if not named
            or all(getattr(row, f"{role}_name") == named.get(role) for role in ("consumer", "provider"))
        ]

    rows = await read(request, work)
    return hal(
        {
            "_embedded": {"webhooks": [webhook_json(u, r) for r in rows]},
            "_links": {
                "self": link(self_url(request) if named else f"{u.base}/webhooks", "Webhooks"),
                "pb:webhooks": [link(f"{u.base}/webhooks/{r.uuid}", r.description) for r in rows],
            },
        }
    )


async def create_webhook(request: Request) -> Response:
    """``POST /webhooks`` (or ``POST /webhooks/provider/{p}/consumer/{c}``, where the path names the
    pacticipants): 201 with the webhook."""
    body = await read_json(request, allow_empty=False)
    path_roles = _path_pacticipants(request)
    for role, name in path_roles.items():
        body[role] = {"name": name}
    definition = _definition(request, body)
    u = urls(request)

    def work(conn: Connection) -> Row[Any]:
        uuid = hooks.save(conn, definition, _ids(conn, definition, path_roles))
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
    """``PUT /webhooks/{uuid}``: replace the definition (200), or create the webhook with this uuid
    (201) when there is none, as the Pact Broker does for ``create-or-update-webhook``."""
    definition = _definition(request, await read_json(request, allow_empty=False))
    uuid = request.path_params["uuid"]
    if not _UUID.fullmatch(uuid):
        raise ApiError(
            400,
            f"the webhook uuid {uuid!r} is not valid",
            "use at least 16 letters, digits, '-' or '_' (e.g. the output of `uuidgen`)",
            "uuid",
        )

    def work(conn: Connection) -> tuple[Row[Any], bool]:
        created = not hooks.find(conn, uuid)
        hooks.save(conn, definition, _ids(conn, definition), uuid)
        return _one(conn, uuid), created

    row, created = await write(request, work)
    u = urls(request)
    if created:
        return hal(webhook_json(u, row), 201, {"Location": f"{u.base}/webhooks/{row.uuid}"})
    return hal(webhook_json(u, row))


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
    sent = json.loads(row.request)
    result = await run_in_threadpool(execute, sent, context)
    success = result.error is None and result.status is not None and result.status < 400
    outcome = f"HTTP {result.status}" if result.error is None else f"Error: {result.error}"
    href = f"{urls(request).base}/webhooks/{row.uuid}"
    return hal(
        {
            "success": success,
            "request": {"method": sent["method"], "url": hooks.render(sent["url"], context)},
            "response": {"status": result.status},
            "error": result.error,
            # The Ruby client's test-webhook prints these lines.
            "logs": f"{sent['method']} {hooks.render(sent['url'], context)}\n{outcome}\n",
            "_links": {
                "webhook": link(href),
                "try-again": link(f"{href}/execute", "Execute the webhook again"),
            },
        }
    )


def routes() -> list[BaseRoute]:
    """The webhook routes."""
    return [
        Route("/webhooks", list_webhooks, methods=["GET"]),
        Route("/webhooks", create_webhook, methods=["POST"]),
        *(
            Route(path, handler, methods=[method])
            for path in (
                "/webhooks/provider/{provider}/consumer/{consumer}",
                "/webhooks/provider/{provider}",
                "/webhooks/consumer/{consumer}",
            )
            for handler, method in ((list_webhooks, "GET"), (create_webhook, "POST"))
        ),
        Route("/webhooks/{uuid}", get_webhook, methods=["GET"]),
        Route("/webhooks/{uuid}", put_webhook, methods=["PUT"]),
        Route("/webhooks/{uuid}", delete_webhook, methods=["DELETE"]),
        Route("/webhooks/{uuid}/execute", execute_webhook, methods=["POST"]),
    ]


__all__ = ["routes", "webhook_json"]
