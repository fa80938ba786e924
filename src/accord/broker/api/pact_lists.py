"""Lists of pacts by consumer branch, and a provider's provider states.

Routes (the Pact Broker's ``lib/pact_broker/api.rb``, as the Rust ``pact broker get-pacts`` and
``pact broker provider-states list`` call them):

- ``GET /pacts/provider/{p}/branch[/latest]`` and ``GET /pacts/provider/{p}/branch/{b}[/latest]`` — the
  pacts (or only the latest per consumer) of every consumer's main branch, or of branch ``b``, in the
  Pact Broker's provider-pacts shape (``_links["pb:pacts"]``, each ``{href, title, name: consumer}``);
- ``GET /pacts/provider/{p}/consumer/{c}/branch/versions``, ``.../branch/latest/versions``,
  ``.../branch/{b}`` and ``.../branch/{b}/latest/versions`` — one consumer's pacts of its main branch or
  of branch ``b``, in its pact-versions shape (``_embedded.pacts``, ``_links["pact-versions"]``);
- ``GET /pacts/provider/{p}/provider-states`` (from the latest pact of each consumer's main branch),
  ``.../provider-states/branch/{b}`` (latest of branch ``b``) and ``.../provider-states/environment/{e}``
  (the pacts of the consumer versions currently in environment ``e``, by name or UUID): the
  de-duplicated provider states, ``{"providerStates": [{name, params?, consumers}]}``, by name.

As in the Pact Broker, ``.../consumer/{c}/branch/latest`` names a branch called ``latest``.
"""

from __future__ import annotations

import json
from typing import Any

import sqlalchemy as sa
from sqlalchemy import Connection, Row
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import BaseRoute, Route

from accord.broker.api._common import hal, iso, link, pacticipant_or_404, read, self_url, urls
from accord.broker.api.matrix import Urls
from accord.broker.domain import ConsumerVersionSelector, select_pacts
from accord.broker.storage import _repository as repo
from accord.broker.storage import _schema as t
from accord.broker.storage._domain_queries import load_verification_estate


def _name(row: Row[Any]) -> str:
    return f"Pact between {row.consumer_name} ({row.consumer_version}) and {row.provider_name}"


async def provider_pacts_for_branch(request: Request) -> Response:
    """``GET /pacts/provider/{p}/branch[/{b}][/latest]``: a provider's pacts from consumer branches."""
    u = urls(request)
    p = request.path_params
    branch: str | None = p.get("branch")
    latest = request.url.path.endswith("/latest")

    def work(conn: Connection) -> dict[str, Any]:
        provider = pacticipant_or_404(conn, p["provider"])
        rows = repo.branch_pacts(conn, provider.id, branch=branch, latest=latest)
        suffix = f" with consumer version branch '{branch}'" if branch is not None else ""
        title = f"{'Latest' if latest else 'All'} pact versions for the provider {provider.name}{suffix}"
        hrefs = [u.pact(r.provider_name, r.consumer_name, r.consumer_version) for r in rows]
        return {
            "_links": {
                "self": link(self_url(request), title),
                "pb:provider": link(u.pacticipant(provider.name), name=provider.name),
                "pb:pacts": [
                    link(href, _name(r), r.consumer_name) for href, r in zip(hrefs, rows, strict=True)
                ],
                "provider": link(
                    u.pacticipant(provider.name),
                    provider.name,
                    "DEPRECATED - please use the pb:provider relation",
                ),
                "pacts": [
                    link(href, f"DEPRECATED - please use the pb:pacts relation. {_name(r)}", r.consumer_name)
                    for href, r in zip(hrefs, rows, strict=True)
                ],
            }
        }

    return hal(await read(request, work))


def _pact_version(u: Urls, row: Row[Any]) -> dict[str, Any]:
    return {
        "createdAt": iso(row.created_at),
        "_embedded": {
            "consumerVersion": {
                "number": row.consumer_version,
                "_links": {
                    "self": link(
                        u.version(row.consumer_name, row.consumer_version), "Version", row.consumer_version
                    )
                },
            }
        },
        "_links": {
            "self": link(u.pact(row.provider_name, row.consumer_name, row.consumer_version), _name(row))
        },
    }


async def pact_versions_for_branch(request: Request) -> Response:
    """``GET /pacts/provider/{p}/consumer/{c}/branch/...``: one consumer's pacts from a branch."""
    u = urls(request)
    p = request.path_params
    branch: str | None = p.get("branch")
    latest = request.url.path.endswith("/latest/versions")

    def work(conn: Connection) -> dict[str, Any]:
        provider = pacticipant_or_404(conn, p["provider"])
        consumer = pacticipant_or_404(conn, p["consumer"])
        rows = repo.branch_pacts(conn, provider.id, consumer_id=consumer.id, branch=branch, latest=latest)
        return {
            "_embedded": {"pacts": [_pact_version(u, r) for r in rows]},
            "_links": {
                "self": link(
                    self_url(request), f"All versions of the pact between {consumer.name} and {provider.name}"
                ),
                "consumer": link(u.pacticipant(consumer.name), "Consumer", consumer.name),
                "provider": link(u.pacticipant(provider.name), "Provider", provider.name),
                "pact-versions": [
                    link(
                        u.pact(r.provider_name, r.consumer_name, r.consumer_version),
                        "Pact",
                        f"Version {r.consumer_version} - {r.created_at.strftime('%d/%m/%Y')}",
                    )
                    for r in rows
                ],
            },
        }

    return hal(await read(request, work))


def _states_of(content: dict[str, Any]) -> list[tuple[str, Any]]:
    """(name, params) of every provider state of a pact's interactions or messages, as the Pact Broker
    reads them (``Pacts::Content#provider_states``): V2's ``providerState`` string or V3+'s
    ``providerStates`` list."""
    states: list[tuple[str, Any]] = []
    for key in ("interactions", "messages"):
        items = content.get(key)
        for item in items if isinstance(items, list) else ():
            if not isinstance(item, dict):
                continue
            if isinstance(item.get("providerState"), str):
                states.append((item["providerState"], None))
            elif isinstance(item.get("providerStates"), list):
                states.extend(
                    (str(s.get("name")), s.get("params"))
                    for s in item["providerStates"]
                    if isinstance(s, dict)
                )
    return states


async def provider_states(request: Request) -> Response:
    """``GET /pacts/provider/{p}/provider-states[/branch/{b}|/environment/{e}]``: the provider states."""
    p = request.path_params

    def work(conn: Connection) -> dict[str, Any]:
        provider_row = pacticipant_or_404(conn, p["provider"])
        if "branch" in p:
            selector = ConsumerVersionSelector(branch=p["branch"])
        elif "environment" in p:
            by_uuid = conn.execute(
                sa.select(t.environments.c.name).where(t.environments.c.uuid == p["environment"])
            ).scalar()
            selector = ConsumerVersionSelector(environment=by_uuid or p["environment"])
        else:
            selector = ConsumerVersionSelector(main_branch=True)
        estate = load_verification_estate(conn, provider_row.name)
        provider = estate.pacticipant_named(provider_row.name)
        selected = select_pacts(estate, provider, [selector]) if provider is not None else []
        shas = {s.publication.pact_version_sha for s in selected}
        contents = dict(
            conn.execute(
                sa.select(t.pact_versions.c.sha, t.pact_versions.c.content).where(
                    t.pact_versions.c.sha.in_(shas)
                )
            ).all()
        )
        consumers: dict[str, list[str]] = {}
        found: dict[str, tuple[str, Any]] = {}
        for pact in selected:
            for name, params in _states_of(json.loads(contents[pact.publication.pact_version_sha])):
                key = json.dumps([name, params], sort_keys=True)
                found.setdefault(key, (name, params))
                names = consumers.setdefault(key, [])
                if pact.consumer.name not in names:
                    names.append(pact.consumer.name)
        states = []
        for key, (name, params) in sorted(found.items(), key=lambda item: item[1][0]):
            state: dict[str, Any] = {"name": name}
            if params is not None:
                state["params"] = params
            state["consumers"] = consumers[key]
            states.append(state)
        return {"providerStates": states}

    return hal(await read(request, work))


def routes() -> list[BaseRoute]:
    """The pacts-by-branch and provider-states routes (the literal segments before the templated)."""
    provider = "/pacts/provider/{provider}"
    pair = f"{provider}/consumer/{{consumer}}"
    return [
        Route(f"{provider}/branch", provider_pacts_for_branch, methods=["GET"]),
        Route(f"{provider}/branch/latest", provider_pacts_for_branch, methods=["GET"]),
        Route(f"{provider}/branch/{{branch}}", provider_pacts_for_branch, methods=["GET"]),
        Route(f"{provider}/branch/{{branch}}/latest", provider_pacts_for_branch, methods=["GET"]),
        Route(f"{pair}/branch/versions", pact_versions_for_branch, methods=["GET"]),
        Route(f"{pair}/branch/latest/versions", pact_versions_for_branch, methods=["GET"]),
        Route(f"{pair}/branch/{{branch}}", pact_versions_for_branch, methods=["GET"]),
        Route(f"{pair}/branch/{{branch}}/latest/versions", pact_versions_for_branch, methods=["GET"]),
        Route(f"{provider}/provider-states", provider_states, methods=["GET"]),
        Route(f"{provider}/provider-states/branch/{{branch}}", provider_states, methods=["GET"]),
        Route(f"{provider}/provider-states/environment/{{environment}}", provider_states, methods=["GET"]),
    ]


__all__ = ["routes"]
