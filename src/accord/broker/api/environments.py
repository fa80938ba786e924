"""Environments, deployed versions and released versions.

Routes:

- ``GET|POST /environments`` (``?name=`` filters), ``GET|PUT|DELETE /environments/{uuid}``;
- ``POST /pacticipants/{p}/versions/{v}/deployed-versions/environment/{uuid}`` — record a deployment
  (``{applicationInstance?, target?}``); ``GET`` lists that version's deployments there;
- ``POST /pacticipants/{p}/versions/{v}/released-versions/environment/{uuid}`` — record a release;
- ``GET|PATCH /deployed-versions/{uuid}`` (``{"currentlyDeployed": false}`` undeploys) and
  ``GET|PATCH /released-versions/{uuid}`` (``{"currentlySupported": false}`` ends support);
- ``GET /environments/{uuid}/deployed-versions/currently-deployed`` and
  ``.../released-versions/currently-supported`` (``?pacticipant=&version=&applicationInstance=``).
"""

from __future__ import annotations

import json
from typing import Any

from sqlalchemy import Connection, Row, Table
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import BaseRoute, Route

from accord.broker.api._common import (
    ApiError,
    check_name,
    field,
    hal,
    iso,
    link,
    not_found,
    pacticipant_or_404,
    read,
    read_json,
    reject_unknown,
    self_url,
    urls,
    write,
)
from accord.broker.api.matrix import Urls
from accord.broker.storage import _deployments as deps
from accord.broker.storage import _repository as repo
from accord.broker.storage import _schema as t


def environment_json(u: Urls, row: Row[Any]) -> dict[str, Any]:
    """The Pact Broker's environment resource."""
    eurl = u.environment(row.uuid)
    return {
        "uuid": row.uuid,
        "name": row.name,
        "displayName": row.display_name or row.name,
        "production": bool(row.production),
        "contacts": _contacts(row.contacts),
        "createdAt": iso(row.created_at),
        "updatedAt": iso(row.updated_at),
        "_links": {
            "self": link(eurl, "Environment", row.name),
            "pb:currently-deployed-deployed-versions": link(f"{eurl}/deployed-versions/currently-deployed"),
            "pb:currently-supported-released-versions": link(f"{eurl}/released-versions/currently-supported"),
            "pb:environments": link(f"{u.base}/environments", "Environments"),
        },
    }


def _contacts(raw: str | None) -> list[Any]:
    return list(json.loads(raw)) if raw else []


def _environment_fields(body: dict[str, Any], *, creating: bool) -> dict[str, Any]:
    reject_unknown(body, {"name", "displayName", "production", "contacts"})
    result: dict[str, Any] = {}
    name = field(body, "name", str, required=creating)
    if name is not None:
        result["name"] = check_name(name, "name")
    if "displayName" in body:
        result["display_name"] = field(body, "displayName", str)
    if "production" in body or creating:
        result["production"] = bool(field(body, "production", bool) or False)
    if "contacts" in body:
        result["contacts"] = json.dumps(field(body, "contacts", list) or [])
    return result


async def list_environments(request: Request) -> Response:
    """``GET /environments``."""
    u = urls(request)
    rows = await read(request, lambda conn: deps.list_environments(conn, request.query_params.get("name")))
    items = [environment_json(u, r) for r in rows]
    # The Ruby client finds an environment by name among the ``pb:environments`` links.
    links = [link(u.environment(r.uuid), "Environment", r.name) for r in rows]
    return hal(
        {
            "_embedded": {"environments": items},
            "_links": {"self": link(f"{u.base}/environments", "Environments"), "pb:environments": links},
        }
    )


async def create_environment(request: Request) -> Response:
    """``POST /environments``: 201, or 409 when the name is taken."""
    fields = _environment_fields(await read_json(request, allow_empty=False), creating=True)
    u = urls(request)

    def work(conn: Connection) -> Row[Any]:
        if deps.list_environments(conn, fields["name"]):
            raise ApiError(
                409,
                f"an environment named {fields['name']!r} already exists",
                "PUT /environments/{uuid} to change it",
                "name",
            )
        uuid = deps.save_environment(conn, fields)
        row = deps.find_environment(conn, uuid)
        assert row is not None
        return row

    row = await write(request, work)
    return hal(environment_json(u, row), 201, {"Location": u.environment(row.uuid)})


def _environment(conn: Connection, uuid: str) -> Row[Any]:
    row = deps.find_environment(conn, uuid)
    if row is None:
        raise not_found(f"environment {uuid!r}")
    return row


async def get_environment(request: Request) -> Response:
    """``GET /environments/{uuid}``."""
    row = await read(request, lambda conn: _environment(conn, request.path_params["uuid"]))
    return hal(environment_json(urls(request), row))


async def put_environment(request: Request) -> Response:
    """``PUT /environments/{uuid}``: update name, display name, production flag or contacts."""
    fields = _environment_fields(await read_json(request), creating=False)
    uuid = request.path_params["uuid"]

    def work(conn: Connection) -> Row[Any]:
        row = _environment(conn, uuid)
        if "name" in fields and fields["name"] != row.name and deps.list_environments(conn, fields["name"]):
            raise ApiError(409, f"an environment named {fields['name']!r} already exists", None, "name")
        deps.save_environment(conn, fields, uuid)
        return _environment(conn, uuid)

    return hal(environment_json(urls(request), await write(request, work)))


async def delete_environment(request: Request) -> Response:
    """``DELETE /environments/{uuid}``."""
    await write(
        request,
        lambda conn: deps.delete_environment(conn, _environment(conn, request.path_params["uuid"]).id),
    )
    return Response(status_code=204)


# -- deployed and released versions --------------------------------------------------------------


def _deployment_json(u: Urls, row: Row[Any], table: Table) -> dict[str, Any]:
    deployed = table is t.deployed_versions
    kind = "deployed-versions" if deployed else "released-versions"
    result: dict[str, Any] = {
        "uuid": row.uuid,
        "createdAt": iso(row.created_at),
        "_embedded": {
            "version": {
                "number": row.version_number,
                "_links": {"self": link(u.version(row.pacticipant_name, row.version_number))},
            },
            "environment": {
                "uuid": row.environment_uuid,
                "name": row.environment_name,
                "_links": {"self": link(u.environment(row.environment_uuid), name=row.environment_name)},
            },
            "pacticipant": {
                "name": row.pacticipant_name,
                "_links": {"self": link(u.pacticipant(row.pacticipant_name))},
            },
        },
        "_links": {
            "self": link(f"{u.base}/{kind}/{row.uuid}"),
            "pb:version": link(u.version(row.pacticipant_name, row.version_number), name=row.version_number),
            "pb:environment": link(u.environment(row.environment_uuid), name=row.environment_name),
        },
    }
    if deployed:
        result.update(
            currentlyDeployed=row.undeployed_at is None,
            applicationInstance=row.target,
            target=row.target,
            undeployedAt=iso(row.undeployed_at),
        )
    else:
        result.update(
            currentlySupported=row.support_ended_at is None, supportEndedAt=iso(row.support_ended_at)
        )
    return result


def _version_and_environment(conn: Connection, request: Request) -> tuple[Row[Any], Row[Any]]:
    p = request.path_params
    pacticipant = pacticipant_or_404(conn, p["pacticipant"])
    version = repo.find_version(conn, pacticipant.id, p["version"])
    if version is None:
        raise not_found(f"version {p['version']!r} of {p['pacticipant']!r}")
    return version, _environment(conn, p["uuid"])


async def record_deployment(request: Request) -> Response:
    """``POST .../deployed-versions/environment/{uuid}``: 201 when recorded, 200 when already current."""
    body = await read_json(request)
    target = field(body, "applicationInstance", str)
    target = target if target is not None else field(body, "target", str)
    u = urls(request)

    def work(conn: Connection) -> tuple[dict[str, Any], bool]:
        version, environment = _version_and_environment(conn, request)
        record, created = deps.record_deployment(conn, version, environment.id, target)
        row = deps.deployment_rows(conn, t.deployed_versions, uuid=record.uuid)[0]
        return _deployment_json(u, row, t.deployed_versions), created

    result, created = await write(request, work)
    return hal(result, 201 if created else 200)


async def record_release(request: Request) -> Response:
    """``POST .../released-versions/environment/{uuid}``: 201 when recorded, 200 when it existed."""
    await read_json(request)
    u = urls(request)

    def work(conn: Connection) -> tuple[dict[str, Any], bool]:
        version, environment = _version_and_environment(conn, request)
        record, created = deps.record_release(conn, version, environment.id)
        row = deps.deployment_rows(conn, t.released_versions, uuid=record.uuid)[0]
        return _deployment_json(u, row, t.released_versions), created

    result, created = await write(request, work)
    return hal(result, 201 if created else 200)


def _table(request: Request) -> Table:
    return t.deployed_versions if "deployed-versions" in request.url.path else t.released_versions


async def version_deployments(request: Request) -> Response:
    """``GET .../{deployed|released}-versions/environment/{uuid}`` for one version."""
    table = _table(request)
    u = urls(request)

    def work(conn: Connection) -> list[dict[str, Any]]:
        version, environment = _version_and_environment(conn, request)
        rows = deps.deployment_rows(conn, table, version_id=version.id, environment_id=environment.id)
        return [_deployment_json(u, r, table) for r in rows]

    key = "deployedVersions" if table is t.deployed_versions else "releasedVersions"
    return hal({"_embedded": {key: await read(request, work)}, "_links": {"self": link(self_url(request))}})


async def current_deployments(request: Request) -> Response:
    """``GET /environments/{uuid}/deployed-versions/currently-deployed`` (and released, supported)."""
    table = _table(request)
    u = urls(request)
    params = request.query_params

    def work(conn: Connection) -> list[dict[str, Any]]:
        environment = _environment(conn, request.path_params["uuid"])
        rows = deps.deployment_rows(
            conn,
            table,
            environment_id=environment.id,
            pacticipant=params.get("pacticipant"),
            current_only=True,
        )
        if params.get("version"):
            rows = [r for r in rows if r.version_number == params["version"]]
        instance = params.get("applicationInstance", params.get("target"))
        if instance is not None and table is t.deployed_versions:
            rows = [r for r in rows if (r.target or "") == instance]
        return [_deployment_json(u, r, table) for r in rows]

    key = "deployedVersions" if table is t.deployed_versions else "releasedVersions"
    return hal({"_embedded": {key: await read(request, work)}, "_links": {"self": link(self_url(request))}})


def _record(conn: Connection, request: Request) -> tuple[Table, Row[Any]]:
    table = _table(request)
    rows = deps.deployment_rows(conn, table, uuid=request.path_params["uuid"])
    if not rows:
        kind = "deployed" if table is t.deployed_versions else "released"
        raise not_found(f"{kind} version {request.path_params['uuid']!r}")
    return table, rows[0]


async def get_record(request: Request) -> Response:
    """``GET /deployed-versions/{uuid}`` or ``/released-versions/{uuid}``."""
    table, row = await read(request, lambda conn: _record(conn, request))
    return hal(_deployment_json(urls(request), row, table))


async def patch_record(request: Request) -> Response:
    """``PATCH`` a deployed version (``currentlyDeployed: false``) or released version
    (``currentlySupported: false``): the Pact Broker's record-undeployment and record-support-ended."""
    body = await read_json(request, allow_empty=False)
    table = _table(request)
    key = "currentlyDeployed" if table is t.deployed_versions else "currentlySupported"
    value = field(body, key, bool, required=True)
    if value:
        raise ApiError(
            400, f"'{key}' can only be set to false", "record a new deployment or release instead", key
        )
    u = urls(request)

    def work(conn: Connection) -> dict[str, Any]:
        _, row = _record(conn, request)
        deps.end_deployment(conn, table, row.id)
        return _deployment_json(u, _record(conn, request)[1], table)

    return hal(await write(request, work))


def routes() -> list[BaseRoute]:
    """The environment, deployed-version and released-version routes."""
    vv = "/pacticipants/{pacticipant}/versions/{version}"
    return [
        Route("/environments", list_environments, methods=["GET"]),
        Route("/environments", create_environment, methods=["POST"]),
        Route("/environments/{uuid}", get_environment, methods=["GET"]),
        Route("/environments/{uuid}", put_environment, methods=["PUT", "PATCH"]),
        Route("/environments/{uuid}", delete_environment, methods=["DELETE"]),
        Route(
            "/environments/{uuid}/deployed-versions/currently-deployed", current_deployments, methods=["GET"]
        ),
        Route(
            "/environments/{uuid}/released-versions/currently-supported", current_deployments, methods=["GET"]
        ),
        Route(f"{vv}/deployed-versions/environment/{{uuid}}", record_deployment, methods=["POST"]),
        Route(f"{vv}/deployed-versions/environment/{{uuid}}", version_deployments, methods=["GET"]),
        Route(f"{vv}/released-versions/environment/{{uuid}}", record_release, methods=["POST"]),
        Route(f"{vv}/released-versions/environment/{{uuid}}", version_deployments, methods=["GET"]),
        Route("/deployed-versions/{uuid}", get_record, methods=["GET"]),
        Route("/deployed-versions/{uuid}", patch_record, methods=["PATCH"]),
        Route("/released-versions/{uuid}", get_record, methods=["GET"]),
        Route("/released-versions/{uuid}", patch_record, methods=["PATCH"]),
    ]


__all__ = ["environment_json", "routes"]
