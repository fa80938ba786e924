"""``GET /matrix`` and ``GET /can-i-deploy``: the Pact Broker's deployment questions, over HTTP.

Routes (all ``application/hal+json``):

- ``GET /matrix?q[][pacticipant]=P&q[][version]=V[&q[]...]&latestby=cvp|cvpv&environment=E|tag=T&latest=true
  |mainBranch=true&ignore[][pacticipant]=I`` — the rows and the verdict;
- ``GET /can-i-deploy?pacticipant=P&version=V&environment=E|to=T&ignore[]=I`` — the simplified endpoint;
- ``GET /pacticipants/{p}/branches/{b}/latest-version/can-i-deploy/to-environment/{e}`` and
  ``GET /pacticipants/{p}/latest-version/{tag}/can-i-deploy/to/{to}`` — for the latest version of a
  branch or tag.

Query-string parsing and HAL+JSON rendering for these endpoints live here as well.

The query syntax is Rack's nested parameters, as the Pact Broker's clients send them:
``q[][pacticipant]=web&q[][version]=1.0&q[][pacticipant]=catalog&q[][latest]=true&latestby=cvpv``
(a repeated key inside ``q[]`` starts the next selector); ``ignore[][pacticipant]=...`` likewise. The
response body is the Pact Broker's: ``{summary: {deployable, reason, success, failed, unknown[, ignored]},
notices: [{type, text}], matrix: [{consumer, provider, pact, verificationResult}]}``.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from typing import Any
from urllib.parse import quote

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import BaseRoute, Route

from accord.broker.domain import (
    BrokerQueryError,
    DeploymentStatus,
    Estate,
    MatrixOptions,
    MatrixResult,
    MatrixRow,
    MatrixSelector,
    Pacticipant,
    Version,
    deployment_status,
    find_matrix,
)
from accord.broker.storage._domain_queries import load_matrix_estate, open_connection
from accord.broker.storage._labels import Label, newest_label_orders

_TRUE = "true"


def nested_list(pairs: list[tuple[str, str]], name: str) -> list[dict[str, str] | str]:
    """Collect ``name[][field]=value`` / ``name[i][field]=value`` / ``name[]=value`` pairs, Rack-style."""
    items: list[dict[str, str] | str] = []
    indexed: dict[int, dict[str, str]] = {}
    pattern = re.compile(rf"{re.escape(name)}\[(\d*)\]\[([A-Za-z_]+)\]")
    for key, value in pairs:
        if key == f"{name}[]":
            items.append(value)
            continue
        match = pattern.fullmatch(key)
        if not match:
            continue
        index, field = match.groups()
        if index:
            indexed.setdefault(int(index), {})[field] = value
            continue
        last = items[-1] if items else None
        if not isinstance(last, dict) or field in last:
            last = {}
            items.append(last)
        last[field] = value
    return items + [indexed[i] for i in sorted(indexed)]


def _selector(raw: dict[str, str]) -> MatrixSelector:
    return MatrixSelector(
        pacticipant=raw.get("pacticipant") or None,
        version=raw.get("version") or None,
        latest=raw.get("latest") == _TRUE,
        tag=raw.get("tag") or None,
        branch=raw.get("branch") or None,
        main_branch=raw.get("mainBranch") == _TRUE,
        environment=raw.get("environment") or None,
    )


def _one(pairs: list[tuple[str, str]], key: str) -> str | None:
    values = [v for k, v in pairs if k == key]
    return values[-1] if values and values[-1] != "" else None


def _limit(pairs: list[tuple[str, str]]) -> int:
    raw = _one(pairs, "limit")
    if raw is None:
        return 100
    try:
        return int(raw)
    except ValueError:
        raise BrokerQueryError(
            {"limit": [f"must be a whole number, got '{raw}'"]}, hint="Use e.g. limit=100."
        ) from None


def parse_matrix_query(pairs: list[tuple[str, str]]) -> tuple[list[MatrixSelector], MatrixOptions]:
    """Parse ``GET /matrix`` parameters into selectors and options (Pact Broker ``ParseQuery``)."""
    raw_selectors = nested_list(pairs, "q")
    if any(isinstance(item, str) for item in raw_selectors):
        raise BrokerQueryError(
            {"q": ["each q[] entry must be a selector such as q[][pacticipant]=NAME&q[][version]=VERSION"]},
            hint="See GET /matrix in the Pact Broker documentation.",
        )
    selectors = [_selector(item) for item in raw_selectors if isinstance(item, dict)]
    ignore = tuple(
        _selector(item) if isinstance(item, dict) else MatrixSelector(pacticipant=item)
        for item in nested_list(pairs, "ignore")
    )
    latest = _one(pairs, "latest")
    options = MatrixOptions(
        latestby=_one(pairs, "latestby"),
        latest=latest == _TRUE,
        tag=_one(pairs, "tag"),
        branch=_one(pairs, "branch"),
        main_branch=_one(pairs, "mainBranch") == _TRUE,
        environment=_one(pairs, "environment"),
        ignore=ignore,
        limit=_limit(pairs),
    )
    return selectors, options


def parse_can_i_deploy_query(pairs: list[tuple[str, str]]) -> tuple[list[MatrixSelector], MatrixOptions]:
    """Parse ``GET /can-i-deploy?pacticipant=&version=&environment=|to=&ignore[]=`` "
    "(``ParseCanIDeployQuery``)."""
    selector = MatrixSelector(pacticipant=_one(pairs, "pacticipant"), version=_one(pairs, "version"))
    ignore = tuple(
        MatrixSelector(pacticipant=item)
        if isinstance(item, str)
        else MatrixSelector(pacticipant=item.get("pacticipant"), version=item.get("version") or None)
        for item in nested_list(pairs, "ignore")
    )
    environment, to = _one(pairs, "environment"), _one(pairs, "to")
    if environment is None and to is None:
        raise BrokerQueryError(
            {"": ["Must specify either an environment or a 'to' tag."]},
            hint="Add environment=NAME (recommended) or to=TAG to the query.",
        )
    options = MatrixOptions(
        latestby="cvpv" if environment else "cvp",
        tag=to,
        latest=to is not None,
        environment=environment,
        ignore=ignore,
    )
    return [selector], options


class Urls:
    """The broker's resource URLs, built the way the service's routes spell them."""

    def __init__(self, base_url: str) -> None:
        self.base = base_url.rstrip("/")

    def pacticipant(self, name: str) -> str:
        """``/pacticipants/{name}``."""
        return f"{self.base}/pacticipants/{quote(name, safe='')}"

    def version(self, name: str, number: str) -> str:
        """``/pacticipants/{name}/versions/{number}``."""
        return f"{self.pacticipant(name)}/versions/{quote(number, safe='')}"

    def pact(self, provider: str, consumer: str, number: str) -> str:
        """The pact a consumer version published for a provider."""
        return (
            f"{self.base}/pacts/provider/{quote(provider, safe='')}/consumer/{quote(consumer, safe='')}"
            f"/version/{quote(number, safe='')}"
        )

    def pact_version(self, provider: str, consumer: str, sha: str) -> str:
        """The pact content by its sha (what a provider verifies)."""
        return (
            f"{self.base}/pacts/provider/{quote(provider, safe='')}/consumer/{quote(consumer, safe='')}"
            f"/pact-version/{quote(sha, safe='')}"
        )

    def verification(self, provider: str, consumer: str, sha: str, number: int) -> str:
        """One verification result of a pact version."""
        return f"{self.pact_version(provider, consumer, sha)}/verification-results/{number}"

    def environment(self, uuid: str) -> str:
        """``/environments/{uuid}``."""
        return f"{self.base}/environments/{quote(uuid, safe='')}"


def format_time(value: datetime) -> str:
    """ISO 8601 in UTC with a ``+00:00`` offset, as the Pact Broker formats dates."""
    if value.tzinfo is None:
        value = value.replace(tzinfo=UTC)
    return value.astimezone(UTC).isoformat(timespec="seconds")


class NewestLabels:
    """The order of the newest version of each (pacticipant id, branch) and (pacticipant id, tag) that
    matrix rows show, for their ``latest`` flags (read with `newest_label_orders`)."""

    def __init__(
        self, branches: dict[Label, int] | None = None, tags: dict[Label, int] | None = None
    ) -> None:
        self.branches = branches or {}
        self.tags = tags or {}

    @classmethod
    def read(cls, conn: Any, rows: list[MatrixRow]) -> NewestLabels:
        """The labels of the rows' consumer and provider versions, in two queries."""
        versions = [(row.consumer.id, row.consumer_version) for row in rows]
        versions += [(row.provider.id, row.provider_version) for row in rows if row.provider_version]
        branches = {(pid, b) for pid, version in versions for b in version.branches}
        tags = {(pid, tag) for pid, version in versions for tag in version.tags}
        return cls(*newest_label_orders(conn, branches, tags))


def _version_json(
    estate: Estate, urls: Urls, pacticipant: Pacticipant, version: Version, newest: NewestLabels
) -> dict[str, Any]:
    branch_links = [
        {
            "name": branch,
            "latest": newest.branches.get((pacticipant.id, branch)) == version.order,
            "_links": {
                "self": {
                    "title": "Branch version",
                    "name": branch,
                    "href": f"{urls.pacticipant(pacticipant.name)}/branches/{quote(branch, safe='')}"
                    f"/versions/{quote(version.number, safe='')}",
                }
            },
        }
        for branch in version.branches
    ]
    env_ids = [d.environment_id for d in estate.deployed_versions if d.version_id == version.id and d.current]
    env_ids += [
        r.environment_id for r in estate.released_versions if r.version_id == version.id and r.supported
    ]
    environments = []
    for env_id in dict.fromkeys(env_ids):
        env = estate.environment_by_id.get(env_id)
        if env is None:
            continue
        environments.append(
            {
                "uuid": env.uuid,
                "name": env.name,
                "displayName": env.display_name or env.name,
                "production": env.production,
                "createdAt": format_time(env.created_at),
                "_links": {
                    "self": {"title": "Environment", "name": env.name, "href": urls.environment(env.uuid)}
                },
            }
        )
    return {
        "number": version.number,
        "branch": version.branches[-1] if version.branches else None,
        "branches": branch_links,
        "branchVersions": branch_links,
        "environments": environments,
        "_links": {"self": {"href": urls.version(pacticipant.name, version.number)}},
        "tags": [
            {
                "name": tag,
                "latest": newest.tags.get((pacticipant.id, tag)) == version.order,
                "_links": {
                    "self": {
                        "href": f"{urls.version(pacticipant.name, version.number)}/tags/{quote(tag, safe='')}"
                    }
                },
            }
            for tag in version.tags
        ],
    }


def row_json(
    estate: Estate, urls: Urls, row: MatrixRow, newest: NewestLabels | None = None
) -> dict[str, Any]:
    """One matrix row in the Pact Broker's shape (branch versions and tags flagged ``latest`` from
    ``newest``; all ``false`` without it)."""
    newest = newest or NewestLabels()
    verification = row.verification
    return {
        "consumer": {
            "name": row.consumer.name,
            "version": _version_json(estate, urls, row.consumer, row.consumer_version, newest),
            "_links": {"self": {"href": urls.pacticipant(row.consumer.name)}},
        },
        "provider": {
            "name": row.provider.name,
            "version": _version_json(estate, urls, row.provider, row.provider_version, newest)
            if row.provider_version
            else None,
            "_links": {"self": {"href": urls.pacticipant(row.provider.name)}},
        },
        "pact": {
            "createdAt": format_time(row.publication.created_at),
            "_links": {
                "self": {"href": urls.pact(row.provider.name, row.consumer.name, row.consumer_version.number)}
            },
        },
        "verificationResult": None
        if verification is None
        else {
            "success": verification.success,
            "verifiedAt": format_time(verification.executed_at),
            "_links": {
                "self": {
                    "href": urls.verification(
                        row.provider.name,
                        row.consumer.name,
                        verification.pact_version_sha,
                        verification.number,
                    )
                }
            },
        },
    }


def shown_rows(result: MatrixResult) -> list[MatrixRow]:
    """The rows a matrix response shows: the considered ones (up to the limit), then the ignored ones."""
    return [*result.considered_rows[: result.options.limit], *result.ignored_rows]


def matrix_json(
    estate: Estate,
    urls: Urls,
    result: MatrixResult,
    status: DeploymentStatus,
    newest: NewestLabels | None = None,
) -> dict[str, Any]:
    """The whole matrix response: summary, notices, considered rows then ignored rows."""
    rows = [row_json(estate, urls, row, newest) for row in result.considered_rows[: result.options.limit]]
    rows += [{**row_json(estate, urls, row, newest), "ignored": True} for row in result.ignored_rows]
    return {"summary": status.summary_json(), "notices": status.notices_json(), "matrix": rows}


HAL_JSON = "application/hal+json"
HAL_JSON_UTF8 = "application/hal+json;charset=utf-8"
"""What every JSON answer of the broker, errors included, is sent as: the Pact Broker's exact
Content-Type. A pact written against the Pact Broker expects the charset parameter, and Pact's
header matching compares media-type parameters too."""


def hal_response(body: dict[str, Any], status_code: int = 200) -> Response:
    """A HAL+JSON response."""
    return JSONResponse(body, status_code=status_code, media_type=HAL_JSON_UTF8)


def broker_error_response(error: BrokerQueryError) -> Response:
    """A 400 with the Pact Broker's error shape plus Accord's hint: ``{"errors": {field: [msg]}}``."""
    errors = {key or "query": messages for key, messages in error.errors.items()}
    return JSONResponse(
        {"errors": errors, "error": error.message, "hint": error.hint},
        status_code=400,
        media_type=HAL_JSON_UTF8,
    )


def matrix_error_response(error: BrokerQueryError) -> Response:
    """A 400 for a matrix or can-i-deploy query the Pact Broker's way, ``{"errors": [message, ...]}``
    (its matrix resource validates selectors into a flat list), plus Accord's ``error`` and hint."""
    messages = [message for field_messages in error.errors.values() for message in field_messages]
    return JSONResponse(
        {"errors": messages or [error.message], "error": error.message, "hint": error.hint},
        status_code=400,
        media_type=HAL_JSON_UTF8,
    )


def public_base_url(request: Request) -> str:
    """The broker's public URL for links: the configured base URL, else the request's."""
    configured = getattr(request.app.state, "base_url", None)
    return str(configured) if configured else str(request.base_url)


@contextmanager
def connection_for(request: Request) -> Iterator[Any]:
    """A read connection to the broker's database, from the app's storage (see ``accord.broker``)."""
    with open_connection(request.app.state.storage) as conn:
        yield conn


async def _matrix_answer(
    request: Request, selectors: list[MatrixSelector], options: MatrixOptions
) -> Response:
    urls = Urls(public_base_url(request))

    def work() -> Response:
        with connection_for(request) as conn:
            estate = load_matrix_estate(conn, selectors, options)
            result = find_matrix(estate, selectors, options)
            newest = NewestLabels.read(conn, shown_rows(result))
        return hal_response(matrix_json(estate, urls, result, deployment_status(result), newest))

    try:
        return await run_in_threadpool(work)
    except BrokerQueryError as error:
        return matrix_error_response(error)


async def matrix_endpoint(request: Request) -> Response:
    """``GET /matrix``."""
    try:
        selectors, options = parse_matrix_query(list(request.query_params.multi_items()))
    except BrokerQueryError as error:
        return matrix_error_response(error)
    return await _matrix_answer(request, selectors, options)


async def can_i_deploy_endpoint(request: Request) -> Response:
    """``GET /can-i-deploy`` (the Pact Broker's simplified endpoint)."""
    try:
        selectors, options = parse_can_i_deploy_query(list(request.query_params.multi_items()))
    except BrokerQueryError as error:
        return matrix_error_response(error)
    return await _matrix_answer(request, selectors, options)


async def branch_can_i_deploy_endpoint(request: Request) -> Response:
    """``GET /pacticipants/{p}/branches/{b}/latest-version/can-i-deploy/to-environment/{e}``."""
    p = request.path_params
    selector = MatrixSelector(pacticipant=p["pacticipant"], branch=p["branch"], latest=True)
    return await _matrix_answer(
        request, [selector], MatrixOptions(latestby="cvpv", environment=p["environment"])
    )


async def tag_can_i_deploy_endpoint(request: Request) -> Response:
    """``GET /pacticipants/{p}/latest-version/{tag}/can-i-deploy/to/{to}``."""
    p = request.path_params
    selector = MatrixSelector(pacticipant=p["pacticipant"], tag=p["tag"], latest=True)
    return await _matrix_answer(request, [selector], MatrixOptions(latestby="cvp", latest=True, tag=p["to"]))


def matrix_links(base_url: str, pacticipant: str, version: str) -> dict[str, Any]:
    """Matrix-related HAL links for a pacticipant version resource (for the service's decorators)."""
    urls = Urls(base_url)
    name = quote(pacticipant, safe="")
    number = quote(version, safe="")
    return {
        "pb:matrix": {
            "title": "Matrix for this version",
            "href": f"{urls.base}/matrix?q%5B%5D%5Bpacticipant%5D={name}&q%5B%5D%5Bversion%5D={number}"
            "&latestby=cvpv",
        },
        "pb:can-i-deploy-to-environment": {
            "title": "Can this version be deployed to an environment?",
            "href": f"{urls.base}/can-i-deploy?pacticipant={name}&version={number}"
            "&environment={environment}",
            "templated": True,
        },
    }


def routes() -> list[BaseRoute]:
    """The matrix and can-i-deploy routes, mounted by ``accord.broker.create_app``."""
    return [
        Route("/matrix", matrix_endpoint, methods=["GET"], name="pb:matrix"),
        Route("/can-i-deploy", can_i_deploy_endpoint, methods=["GET"], name="pb:can-i-deploy"),
        Route(
            "/pacticipants/{pacticipant}/branches/{branch}/latest-version/can-i-deploy/to-environment/{environment}",
            branch_can_i_deploy_endpoint,
            methods=["GET"],
            name="pb:can-i-deploy-branch-to-environment",
        ),
        Route(
            "/pacticipants/{pacticipant}/latest-version/{tag}/can-i-deploy/to/{to}",
            tag_can_i_deploy_endpoint,
            methods=["GET"],
            name="pb:can-i-deploy-tag-to-tag",
        ),
    ]


__all__ = [
    "HAL_JSON",
    "HAL_JSON_UTF8",
    "Urls",
    "broker_error_response",
    "can_i_deploy_endpoint",
    "connection_for",
    "format_time",
    "hal_response",
    "matrix_endpoint",
    "matrix_error_response",
    "matrix_json",
    "matrix_links",
    "nested_list",
    "parse_can_i_deploy_query",
    "parse_matrix_query",
    "public_base_url",
    "routes",
    "row_json",
]
