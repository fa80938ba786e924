"""Pacticipants, their versions, branches, branch versions and tags (the Pact Broker's resources).

Routes:

- ``GET /pacticipants``, ``POST /pacticipants`` (create; 409 when the name exists),
  ``POST /pacticipants/create-or-update`` is not a Pact Broker route — clients ``PUT`` or ``PATCH``
  ``/pacticipants/{p}`` (create or update ``displayName``, ``mainBranch``, ``repositoryUrl``),
  ``GET``/``DELETE /pacticipants/{p}``;
- ``GET /pacticipants/{p}/versions``, ``GET|PUT|PATCH|DELETE /pacticipants/{p}/versions/{v}``,
  ``GET /pacticipants/{p}/latest-version[/{tag}]``;
- ``GET /pacticipants/{p}/branches``, ``GET|DELETE /pacticipants/{p}/branches/{b}``,
  ``GET|PUT /pacticipants/{p}/branches/{b}/versions/{v}`` (PUT puts the version on the branch,
  creating both when needed), ``GET /pacticipants/{p}/branches/{b}/latest-version``;
- ``GET|PUT|DELETE /pacticipants/{p}/versions/{v}/tags/{t}``;
- ``GET|PUT|DELETE /pacticipants/{p}/labels/{label}`` (labels are shown in the pacticipant's
  ``_embedded.labels``), ``GET /pacticipants/label/{label}`` (the pacticipants with that label).
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import Connection, Row
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
    q,
    read,
    read_json,
    reject_unknown,
    urls,
    write,
)
from accord.broker.api.matrix import Urls, matrix_links
from accord.broker.storage import _deployments as deps
from accord.broker.storage import _pacticipant_labels as labels
from accord.broker.storage import _repository as repo

_PACTICIPANT_FIELDS = {
    "displayName": "display_name",
    "mainBranch": "main_branch",
    "repositoryUrl": "repository_url",
}


def pacticipant_json(
    u: Urls, row: Row[Any], label_names: list[str] | None = None, latest_version: str | None = None
) -> dict[str, Any]:
    """The Pact Broker's pacticipant resource, with its labels (``label_names``) and its latest version
    embedded (as ``latestVersion`` and the deprecated ``latest-version`` older clients read)."""
    base = u.pacticipant(row.name)
    embedded: dict[str, Any] = {"labels": [_label_json(u, row.name, name) for name in label_names or []]}
    if latest_version is not None:
        version = {
            "number": latest_version,
            "_links": {"self": link(u.version(row.name, latest_version), "Version", latest_version)},
        }
        deprecated = "DEPRECATED - please use latestVersion"
        embedded["latestVersion"] = version
        embedded["latest-version"] = {**version, "title": deprecated, "name": deprecated}
    return {
        "name": row.name,
        "displayName": row.display_name or row.name,
        "mainBranch": row.main_branch,
        "repositoryUrl": row.repository_url,
        "createdAt": iso(row.created_at),
        "updatedAt": iso(row.updated_at),
        "_embedded": embedded,
        "_links": {
            "self": link(base, name=row.name),
            "pb:versions": link(f"{base}/versions"),
            "versions": link(f"{base}/versions", "Deprecated - use pb:versions"),
            "pb:version": link(
                f"{base}/versions/{{version}}", "Get, create or delete a pacticipant version", templated=True
            ),
            "pb:version-tag": link(
                f"{base}/versions/{{version}}/tags/{{tag}}",
                "Get, create or delete a tag for a version",
                templated=True,
            ),
            "pb:branch-version": link(
                f"{base}/branches/{{branch}}/versions/{{version}}",
                "Get or add/create a version for a branch",
                templated=True,
            ),
            "pb:branches": link(f"{base}/branches"),
            "pb:latest-version": link(f"{base}/latest-version", "Latest version"),
            "pb:label": link(
                f"{base}/labels/{{label}}", f"Get, create or delete a label for {row.name}", templated=True
            ),
        },
    }


def _label_json(u: Urls, pacticipant: str, name: str) -> dict[str, Any]:
    base = u.pacticipant(pacticipant)
    return {
        "name": name,
        "_links": {
            "self": link(f"{base}/labels/{q(name)}", "Label", name),
            "pb:pacticipant": link(base, "Pacticipant", pacticipant),
        },
    }


def _with_labels(conn: Connection, u: Urls, rows: list[Row[Any]]) -> list[dict[str, Any]]:
    """The pacticipant resources of ``rows``, their labels and latest versions read in one query each."""
    found = labels.labels_of(conn, (r.id for r in rows))
    latest = repo.latest_version_numbers(conn, [r.id for r in rows])
    return [pacticipant_json(u, r, found.get(r.id), latest.get(r.id)) for r in rows]


def version_json(conn: Connection, u: Urls, pacticipant: Row[Any], version: Row[Any]) -> dict[str, Any]:
    """The Pact Broker's version resource: branches, tags, and the record-deployment/release links."""
    vurl = u.version(pacticipant.name, version.number)
    branches = repo.version_branches(conn, version.id)
    tags = repo.version_tags(conn, version.id)
    environments = deps.list_environments(conn)
    branch_versions = [
        {
            "name": b,
            "latest": _is_latest_on_branch(conn, pacticipant.id, version, b),
            "_links": {
                "self": link(
                    f"{u.pacticipant(pacticipant.name)}/branches/{q(b)}/versions/{q(version.number)}", name=b
                )
            },
        }
        for b in branches
    ]
    return {
        "number": version.number,
        "buildUrl": version.build_url,
        "createdAt": iso(version.created_at),
        "branchVersions": branch_versions,
        "_embedded": {
            "branchVersions": branch_versions,
            "tags": [
                {"name": tag, "_links": {"self": link(f"{vurl}/tags/{q(tag)}", name=tag)}} for tag in tags
            ],
        },
        "_links": {
            "self": link(vurl, name=version.number),
            "pb:pacticipant": link(u.pacticipant(pacticipant.name), "Pacticipant", pacticipant.name),
            "pb:tag": link(
                f"{vurl}/tags/{{tag}}",
                "Get, create or delete a tag for this pacticipant version",
                templated=True,
            ),
            "pb:record-deployment": [
                link(
                    f"{vurl}/deployed-versions/environment/{q(e.uuid)}",
                    f"Record deployment to {e.display_name or e.name}",
                    e.name,
                )
                for e in environments
            ],
            "pb:record-release": [
                link(
                    f"{vurl}/released-versions/environment/{q(e.uuid)}",
                    f"Record release to {e.display_name or e.name}",
                    e.name,
                )
                for e in environments
            ],
            **matrix_links(u.base, pacticipant.name, version.number),
        },
    }


def _is_latest_on_branch(conn: Connection, pacticipant_id: int, version: Row[Any], branch: str) -> bool:
    latest = repo.latest_version(conn, pacticipant_id, branch=branch)
    return latest is not None and latest.id == version.id


def _version(conn: Connection, name: str, number: str) -> tuple[Row[Any], Row[Any]]:
    pacticipant = pacticipant_or_404(conn, name)
    version = repo.find_version(conn, pacticipant.id, number)
    if version is None:
        raise not_found(f"version {number!r} of {name!r}")
    return pacticipant, version


def _pacticipant_fields(body: dict[str, Any]) -> dict[str, Any]:
    # The Ruby client's contract with the Pact Broker PATCHes ``{"repository_url": ...}``: the Pact Broker
    # ignores unknown keys and answers 200/201; we refuse unknown keys, so take it as ``repositoryUrl``.
    if "repository_url" in body and "repositoryUrl" not in body:
        body = {**body, "repositoryUrl": body["repository_url"]}
        del body["repository_url"]
    reject_unknown(body, {"name", *_PACTICIPANT_FIELDS})
    result = {}
    for key, column in _PACTICIPANT_FIELDS.items():
        if key in body:
            value = field(body, key, str)
            if key == "mainBranch" and value is not None:
                check_name(value, "mainBranch", slashes=True)
            result[column] = value
    return result


# -- pacticipants --------------------------------------------------------------------------------


async def list_pacticipants(request: Request) -> Response:
    """``GET /pacticipants``."""
    u = urls(request)

    def work(conn: Connection) -> tuple[list[Row[Any]], list[dict[str, Any]]]:
        rows = repo.list_pacticipants(conn)
        return rows, _with_labels(conn, u, rows)

    rows, items = await read(request, work)
    return hal(
        {
            "_embedded": {"pacticipants": items},
            "pacticipants": items,
            "_links": {
                "self": link(f"{u.base}/pacticipants"),
                "pb:pacticipants": [link(u.pacticipant(r.name), "Pacticipant", r.name) for r in rows],
                "pacticipants": [
                    link(u.pacticipant(r.name), r.name, "DEPRECATED - please use pb:pacticipants")
                    for r in rows
                ],
            },
        }
    )


async def create_pacticipant(request: Request) -> Response:
    """``POST /pacticipants``: 201, or 409 when a pacticipant with that name exists."""
    body = await read_json(request, allow_empty=False)
    name = check_name(field(body, "name", str, required=True), "name")
    fields = _pacticipant_fields(body)
    u = urls(request)

    def work(conn: Connection) -> dict[str, Any]:
        if repo.find_pacticipant(conn, name) is not None:
            raise ApiError(
                409,
                f"a pacticipant named {name!r} already exists",
                "PATCH /pacticipants/{name} to change it",
                "name",
            )
        row = repo.ensure_pacticipant(conn, name)
        repo.update_pacticipant(conn, row.id, fields)
        return _with_labels(conn, u, [pacticipant_or_404(conn, name)])[0]

    return hal(await write(request, work), 201, {"Location": u.pacticipant(name)})


async def put_pacticipant(request: Request) -> Response:
    """``PUT``/``PATCH /pacticipants/{p}``: create or update (``create-or-update-pacticipant``)."""
    name = check_name(request.path_params["pacticipant"], "pacticipant name")
    body = await read_json(request)
    fields = _pacticipant_fields(body)
    u = urls(request)

    def work(conn: Connection) -> tuple[dict[str, Any], bool]:
        created = repo.find_pacticipant(conn, name) is None
        row = repo.ensure_pacticipant(conn, name)
        repo.update_pacticipant(conn, row.id, fields)
        return _with_labels(conn, u, [pacticipant_or_404(conn, name)])[0], created

    body_json, created = await write(request, work)
    return hal(body_json, 201 if created else 200)


async def get_pacticipant(request: Request) -> Response:
    """``GET /pacticipants/{p}``."""
    u = urls(request)

    def work(conn: Connection) -> dict[str, Any]:
        return _with_labels(conn, u, [pacticipant_or_404(conn, request.path_params["pacticipant"])])[0]

    return hal(await read(request, work))


async def delete_pacticipant(request: Request) -> Response:
    """``DELETE /pacticipants/{p}``: the pacticipant and everything recorded for it."""

    def work(conn: Connection) -> None:
        repo.delete_pacticipant(conn, pacticipant_or_404(conn, request.path_params["pacticipant"]).id)

    await write(request, work)
    return Response(status_code=204)


# -- versions ------------------------------------------------------------------------------------


async def list_versions(request: Request) -> Response:
    """``GET /pacticipants/{p}/versions`` (newest first; ``size``/``page`` paginate)."""
    u = urls(request)
    size, page = _page(request)

    def work(conn: Connection) -> dict[str, Any]:
        pacticipant = pacticipant_or_404(conn, request.path_params["pacticipant"])
        rows = repo.list_versions(conn, pacticipant.id, size, (page - 1) * size)
        items = [version_json(conn, u, pacticipant, v) for v in rows]
        return {
            "_embedded": {"versions": items},
            "_links": {
                "self": link(f"{u.pacticipant(pacticipant.name)}/versions"),
                "pb:pacticipant": link(u.pacticipant(pacticipant.name), name=pacticipant.name),
            },
        }

    return hal(await read(request, work))


def _page(request: Request) -> tuple[int, int]:
    try:
        size = int(request.query_params.get("size") or request.query_params.get("pageSize") or 100)
        page = int(request.query_params.get("page") or request.query_params.get("pageNumber") or 1)
    except ValueError:
        raise ApiError(400, "size and page must be integers", "e.g. ?size=100&page=1", "page") from None
    if not (1 <= size <= 1000 and page >= 1):
        raise ApiError(400, "size must be 1 to 1000 and page at least 1", None, "page")
    return size, page


async def get_version(request: Request) -> Response:
    """``GET /pacticipants/{p}/versions/{v}``."""
    u = urls(request)

    def work(conn: Connection) -> dict[str, Any]:
        pacticipant, version = _version(
            conn, request.path_params["pacticipant"], request.path_params["version"]
        )
        return version_json(conn, u, pacticipant, version)

    return hal(await read(request, work))


async def put_version(request: Request) -> Response:
    """``PUT``/``PATCH /pacticipants/{p}/versions/{v}``: create the version (``buildUrl`` optional)."""
    name = check_name(request.path_params["pacticipant"], "pacticipant name")
    number = check_name(request.path_params["version"], "version number", slashes=True)
    body = await read_json(request)
    build_url = field(body, "buildUrl", str)
    u = urls(request)

    def work(conn: Connection) -> tuple[dict[str, Any], bool]:
        pacticipant = repo.ensure_pacticipant(conn, name)
        created = repo.find_version(conn, pacticipant.id, number) is None
        version = repo.ensure_version(conn, pacticipant.id, number, build_url)
        return version_json(conn, u, pacticipant, version), created

    body_json, created = await write(request, work)
    return hal(body_json, 201 if created else 200)


async def delete_version(request: Request) -> Response:
    """``DELETE /pacticipants/{p}/versions/{v}``."""

    def work(conn: Connection) -> None:
        _, version = _version(conn, request.path_params["pacticipant"], request.path_params["version"])
        repo.delete_version(conn, version.id)

    await write(request, work)
    return Response(status_code=204)


async def latest_version(request: Request) -> Response:
    """``GET /pacticipants/{p}/latest-version[/{tag}]`` and ``.../branches/{b}/latest-version``."""
    u = urls(request)
    tag = request.path_params.get("tag")
    branch = request.path_params.get("branch")

    def work(conn: Connection) -> dict[str, Any]:
        pacticipant = pacticipant_or_404(conn, request.path_params["pacticipant"])
        version = repo.latest_version(conn, pacticipant.id, tag=tag, branch=branch)
        if version is None:
            what = f" with tag {tag!r}" if tag else f" on branch {branch!r}" if branch else ""
            raise not_found(f"a version of {pacticipant.name!r}{what}")
        return version_json(conn, u, pacticipant, version)

    return hal(await read(request, work))


# -- branches ------------------------------------------------------------------------------------


def _branch_json(u: Urls, pacticipant: str, row: Row[Any]) -> dict[str, Any]:
    burl = f"{u.pacticipant(pacticipant)}/branches/{q(row.name)}"
    return {
        "name": row.name,
        "createdAt": iso(row.created_at),
        "updatedAt": iso(row.updated_at),
        "_links": {
            "self": link(burl, name=row.name),
            "pb:latest-version": link(f"{burl}/latest-version"),
            "pb:pacticipant": link(u.pacticipant(pacticipant), name=pacticipant),
        },
    }


async def list_branches(request: Request) -> Response:
    """``GET /pacticipants/{p}/branches``."""
    u = urls(request)

    def work(conn: Connection) -> dict[str, Any]:
        pacticipant = pacticipant_or_404(conn, request.path_params["pacticipant"])
        items = [_branch_json(u, pacticipant.name, b) for b in repo.list_branches(conn, pacticipant.id)]
        return {
            "_embedded": {"branches": items},
            "_links": {"self": link(f"{u.pacticipant(pacticipant.name)}/branches")},
        }

    return hal(await read(request, work))


def _branch(conn: Connection, request: Request) -> tuple[Row[Any], Row[Any]]:
    pacticipant = pacticipant_or_404(conn, request.path_params["pacticipant"])
    branch = repo.find_branch(conn, pacticipant.id, request.path_params["branch"])
    if branch is None:
        raise not_found(f"branch {request.path_params['branch']!r} of {pacticipant.name!r}")
    return pacticipant, branch


async def get_branch(request: Request) -> Response:
    """``GET /pacticipants/{p}/branches/{b}``."""
    u = urls(request)
    pacticipant, branch = await read(request, lambda conn: _branch(conn, request))
    return hal(_branch_json(u, pacticipant.name, branch))


async def delete_branch(request: Request) -> Response:
    """``DELETE /pacticipants/{p}/branches/{b}`` (its versions stay)."""
    await write(request, lambda conn: repo.delete_branch(conn, _branch(conn, request)[1].id))
    return Response(status_code=204)


def _branch_version_json(u: Urls, pacticipant: str, branch: str, number: str) -> dict[str, Any]:
    burl = f"{u.pacticipant(pacticipant)}/branches/{q(branch)}"
    return {
        "_links": {
            "self": link(f"{burl}/versions/{q(number)}", name=branch),
            "pb:branch": link(burl, name=branch),
            "pb:version": link(u.version(pacticipant, number), name=number),
        }
    }


async def put_branch_version(request: Request) -> Response:
    """``PUT /pacticipants/{p}/branches/{b}/versions/{v}``: add the version to the branch (creating both)."""
    name = check_name(request.path_params["pacticipant"], "pacticipant name")
    branch = check_name(request.path_params["branch"], "branch name", slashes=True)
    number = check_name(request.path_params["version"], "version number", slashes=True)
    await read_json(request)

    def work(conn: Connection) -> bool:
        pacticipant = repo.ensure_pacticipant(conn, name)
        version = repo.ensure_version(conn, pacticipant.id, number)
        return repo.ensure_branch_version(conn, pacticipant.id, version.id, branch)

    created = await write(request, work)
    return hal(_branch_version_json(urls(request), name, branch, number), 201 if created else 200)


async def get_branch_version(request: Request) -> Response:
    """``GET /pacticipants/{p}/branches/{b}/versions/{v}``."""
    p = request.path_params

    def work(conn: Connection) -> None:
        _, version = _version(conn, p["pacticipant"], p["version"])
        if p["branch"] not in repo.version_branches(conn, version.id):
            raise not_found(f"version {p['version']!r} on branch {p['branch']!r}")

    await read(request, work)
    return hal(_branch_version_json(urls(request), p["pacticipant"], p["branch"], p["version"]))


# -- tags ----------------------------------------------------------------------------------------


def _tag_json(u: Urls, pacticipant: str, number: str, tag: str) -> dict[str, Any]:
    vurl = u.version(pacticipant, number)
    return {
        "name": tag,
        "_links": {
            "self": link(f"{vurl}/tags/{q(tag)}", name=tag),
            "pb:version": link(vurl, name=number),
            "pb:pacticipant": link(u.pacticipant(pacticipant), name=pacticipant),
        },
    }


async def put_tag(request: Request) -> Response:
    """``PUT /pacticipants/{p}/versions/{v}/tags/{t}``: tag the version (creating pacticipant and version)."""
    name = check_name(request.path_params["pacticipant"], "pacticipant name")
    number = check_name(request.path_params["version"], "version number", slashes=True)
    tag = check_name(request.path_params["tag"], "tag name", slashes=True)
    await read_json(request)

    def work(conn: Connection) -> bool:
        pacticipant = repo.ensure_pacticipant(conn, name)
        version = repo.ensure_version(conn, pacticipant.id, number)
        return repo.ensure_tag(conn, pacticipant.id, version.id, tag)

    created = await write(request, work)
    return hal(_tag_json(urls(request), name, number, tag), 201 if created else 200)


async def get_tag(request: Request) -> Response:
    """``GET /pacticipants/{p}/versions/{v}/tags/{t}``."""
    p = request.path_params

    def work(conn: Connection) -> None:
        _, version = _version(conn, p["pacticipant"], p["version"])
        if p["tag"] not in repo.version_tags(conn, version.id):
            raise not_found(f"tag {p['tag']!r} on version {p['version']!r}")

    await read(request, work)
    return hal(_tag_json(urls(request), p["pacticipant"], p["version"], p["tag"]))


async def delete_tag(request: Request) -> Response:
    """``DELETE /pacticipants/{p}/versions/{v}/tags/{t}``."""
    p = request.path_params

    def work(conn: Connection) -> None:
        _, version = _version(conn, p["pacticipant"], p["version"])
        if not repo.delete_tag(conn, version.id, p["tag"]):
            raise not_found(f"tag {p['tag']!r} on version {p['version']!r}")

    await write(request, work)
    return Response(status_code=204)


# -- labels --------------------------------------------------------------------------------------


def _labelled(conn: Connection, request: Request) -> tuple[Row[Any], str]:
    """The pacticipant and the (checked) label name of a ``/pacticipants/{p}/labels/{label}`` path."""
    label = check_name(request.path_params["label"], "label name")
    name = request.path_params["pacticipant"]
    pacticipant = repo.find_pacticipant(conn, name)
    if pacticipant is None:
        raise ApiError(
            404,
            f"pacticipant {name!r} was not found",
            f"create it first (PUT /pacticipants/{name}), then label it",
            "pacticipant",
        )
    return pacticipant, label


async def put_label(request: Request) -> Response:
    """``PUT /pacticipants/{p}/labels/{label}``: label the pacticipant (201, or 200 when it had it)."""
    check_name(request.path_params["label"], "label name")
    await read_json(request)

    def work(conn: Connection) -> tuple[str, str, bool]:
        pacticipant, label = _labelled(conn, request)
        return pacticipant.name, label, labels.add_label(conn, pacticipant.id, label)

    name, label, created = await write(request, work)
    return hal(_label_json(urls(request), name, label), 201 if created else 200)


async def get_label(request: Request) -> Response:
    """``GET /pacticipants/{p}/labels/{label}``: 404 when the pacticipant does not have the label."""

    def work(conn: Connection) -> tuple[str, str]:
        pacticipant, label = _labelled(conn, request)
        if labels.find_label(conn, pacticipant.id, label) is None:
            raise ApiError(
                404,
                f"pacticipant {pacticipant.name!r} has no label {label!r}",
                f"add it with PUT /pacticipants/{pacticipant.name}/labels/{label}",
                "label",
            )
        return pacticipant.name, label

    name, label = await read(request, work)
    return hal(_label_json(urls(request), name, label))


async def delete_label(request: Request) -> Response:
    """``DELETE /pacticipants/{p}/labels/{label}``: 204, or 404 when the pacticipant has no such label."""

    def work(conn: Connection) -> None:
        pacticipant, label = _labelled(conn, request)
        if not labels.delete_label(conn, pacticipant.id, label):
            raise ApiError(
                404,
                f"pacticipant {pacticipant.name!r} has no label {label!r}",
                f"GET /pacticipants/{pacticipant.name} lists its labels",
                "label",
            )

    await write(request, work)
    return Response(status_code=204)


async def pacticipants_for_label(request: Request) -> Response:
    """``GET /pacticipants/label/{label}``: the pacticipants with the label (an empty list when none)."""
    label = check_name(request.path_params["label"], "label name")
    u = urls(request)

    def work(conn: Connection) -> list[dict[str, Any]]:
        return _with_labels(conn, u, labels.pacticipants_with_label(conn, label))

    items = await read(request, work)
    return hal(
        {
            "_embedded": {"pacticipants": items},
            "_links": {
                "self": link(f"{u.base}/pacticipants/label/{q(label)}", f"Pacticipants labelled {label}")
            },
        }
    )


def routes() -> list[BaseRoute]:
    """The pacticipant, version, branch and tag routes."""
    pp = "/pacticipants/{pacticipant}"
    return [
        Route("/pacticipants", list_pacticipants, methods=["GET"]),
        Route("/pacticipants", create_pacticipant, methods=["POST"]),
        Route(pp, get_pacticipant, methods=["GET"]),
        Route(pp, put_pacticipant, methods=["PUT", "PATCH"]),
        Route(pp, delete_pacticipant, methods=["DELETE"]),
        Route(f"{pp}/versions", list_versions, methods=["GET"]),
        Route(f"{pp}/versions/{{version}}", get_version, methods=["GET"]),
        Route(f"{pp}/versions/{{version}}", put_version, methods=["PUT", "PATCH"]),
        Route(f"{pp}/versions/{{version}}", delete_version, methods=["DELETE"]),
        Route(f"{pp}/latest-version", latest_version, methods=["GET"]),
        Route(f"{pp}/latest-version/{{tag}}", latest_version, methods=["GET"]),
        Route(f"{pp}/branches", list_branches, methods=["GET"]),
        Route(f"{pp}/branches/{{branch}}", get_branch, methods=["GET"]),
        Route(f"{pp}/branches/{{branch}}", delete_branch, methods=["DELETE"]),
        Route(f"{pp}/branches/{{branch}}/latest-version", latest_version, methods=["GET"]),
        Route(f"{pp}/branches/{{branch}}/versions/{{version}}", get_branch_version, methods=["GET"]),
        Route(f"{pp}/branches/{{branch}}/versions/{{version}}", put_branch_version, methods=["PUT"]),
        Route(f"{pp}/versions/{{version}}/tags/{{tag}}", get_tag, methods=["GET"]),
        Route(f"{pp}/versions/{{version}}/tags/{{tag}}", put_tag, methods=["PUT"]),
        Route(f"{pp}/versions/{{version}}/tags/{{tag}}", delete_tag, methods=["DELETE"]),
        Route(f"{pp}/labels/{{label}}", get_label, methods=["GET"]),
        Route(f"{pp}/labels/{{label}}", put_label, methods=["PUT"]),
        Route(f"{pp}/labels/{{label}}", delete_label, methods=["DELETE"]),
        # After the pacticipant's own routes, so that a pacticipant named "label" keeps its versions,
        # branches and latest-version (the Pact Broker has the same ambiguity).
        Route("/pacticipants/label/{label}", pacticipants_for_label, methods=["GET"]),
    ]


__all__ = ["pacticipant_json", "routes", "version_json"]
