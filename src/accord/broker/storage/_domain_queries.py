"""Load the records a domain question needs — and only those — into an `Estate`.

Each loader runs a handful of indexed queries whose size depends on the question, not on the size of
the broker: a can-i-deploy touches the named version, its pacts, the integrated pacticipants' versions
in the target environment and the verifications between them; pacts-for-verification touches one
provider's pacts, their consumer versions and that provider's verifications of them.
"""

from __future__ import annotations

import importlib
from collections import defaultdict
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import Connection, Engine, and_, func, or_, select

from accord.broker.domain import (
    Branch,
    DeployedVersion,
    Environment,
    Estate,
    MatrixOptions,
    MatrixSelector,
    Pacticipant,
    PactPublication,
    ReleasedVersion,
    Verification,
    Version,
)


class _LazySchema:
    """The service's tables (``accord.broker.storage._schema``), imported on first use."""

    def __getattr__(self, name: str) -> Any:
        module = importlib.import_module("accord.broker.storage._schema")
        return getattr(module, name)


schema: Any = _LazySchema()
_CHUNK = 500


@contextmanager
def open_connection(storage: Any) -> Iterator[Connection]:
    """A connection from the app's storage: an `Engine`, or an object with an ``engine`` attribute."""
    engine: Engine = storage if isinstance(storage, Engine) else storage.engine
    with engine.connect() as conn:
        yield conn


def _utc(value: datetime | None) -> datetime:
    if value is None:
        return datetime(1970, 1, 1, tzinfo=UTC)
    return value if value.tzinfo else value.replace(tzinfo=UTC)


def _chunks(ids: Iterable[int]) -> Iterator[list[int]]:
    items = sorted(set(ids))
    for start in range(0, len(items), _CHUNK):
        yield items[start : start + _CHUNK]


class _Loader:
    """Accumulates rows by id, then freezes them into an `Estate`."""

    def __init__(self, conn: Connection) -> None:
        self.conn = conn
        self.pacticipants: dict[int, Pacticipant] = {}
        self.version_rows: dict[int, Any] = {}
        self.publications: dict[int, PactPublication] = {}
        self.verifications: dict[int, Verification] = {}
        self.environments: dict[int, Environment] = {}
        self.deployed: dict[int, DeployedVersion] = {}
        self.released: dict[int, ReleasedVersion] = {}
        self.pairs: set[tuple[int, int]] = set()

    # -- pacticipants, versions ------------------------------------------------------------------

    def all_pacticipants(self) -> None:
        t = schema.pacticipants
        for row in self.conn.execute(select(t.c.id, t.c.name, t.c.main_branch)):
            self.pacticipants[row.id] = Pacticipant(row.id, row.name, row.main_branch)

    def environments_all(self) -> None:
        t = schema.environments
        for row in self.conn.execute(select(t)):
            self.environments[row.id] = Environment(
                row.id, row.name, row.uuid, bool(row.production), row.display_name, _utc(row.created_at)
            )

    def versions_where(self, *criteria: Any) -> list[int]:
        t = schema.versions
        rows = self.conn.execute(
            select(t.c.id, t.c.pacticipant_id, t.c.number, t.c.order, t.c.created_at).where(*criteria)
        ).all()
        for row in rows:
            self.version_rows[row.id] = row
        return [row.id for row in rows]

    def versions_by_id(self, ids: Iterable[int]) -> None:
        missing = [i for i in ids if i not in self.version_rows]
        for chunk in _chunks(missing):
            self.versions_where(schema.versions.c.id.in_(chunk))

    def deployments_for(
        self, version_ids: Iterable[int] | None = None, environment_id: int | None = None
    ) -> None:
        d, r = schema.deployed_versions, schema.released_versions
        dq = select(d).where(d.c.undeployed_at.is_(None))
        rq = select(r).where(r.c.support_ended_at.is_(None))
        if environment_id is not None:
            dq, rq = (
                dq.where(d.c.environment_id == environment_id),
                rq.where(r.c.environment_id == environment_id),
            )
        chunks: list[list[int] | None] = list(_chunks(version_ids)) if version_ids is not None else [None]
        for chunk in chunks:
            dq2 = dq if chunk is None else dq.where(d.c.version_id.in_(chunk))
            rq2 = rq if chunk is None else rq.where(r.c.version_id.in_(chunk))
            for row in self.conn.execute(dq2):
                target = getattr(row, "target", None)
                self.deployed[row.id] = DeployedVersion(
                    row.id, row.version_id, row.environment_id, _utc(row.created_at), True, target
                )
            for row in self.conn.execute(rq2):
                self.released[row.id] = ReleasedVersion(
                    row.id, row.version_id, row.environment_id, _utc(row.created_at), True
                )

    # -- pacts and verifications -----------------------------------------------------------------

    def publications_where(self, *criteria: Any) -> list[PactPublication]:
        p, pv = schema.pact_publications, schema.pact_versions
        query = (
            select(
                p.c.id,
                p.c.consumer_id,
                p.c.provider_id,
                p.c.consumer_version_id,
                pv.c.sha,
                p.c.created_at,
                p.c.revision_number,
            )
            .join(pv, pv.c.id == p.c.pact_version_id)
            .where(*criteria)
        )
        found = []
        for row in self.conn.execute(query):
            pub = PactPublication(
                row.id,
                row.consumer_id,
                row.provider_id,
                row.consumer_version_id,
                row.sha,
                _utc(row.created_at),
                row.revision_number or 1,
            )
            self.publications[pub.id] = pub
            found.append(pub)
        return found

    def verifications_where(self, *criteria: Any) -> list[Verification]:
        v, pv = schema.verifications, schema.pact_versions
        query = (
            select(
                v.c.id,
                pv.c.sha,
                v.c.consumer_id,
                v.c.provider_id,
                v.c.provider_version_id,
                v.c.success,
                v.c.execution_date,
                v.c.number,
                v.c.wip,
            )
            .join(pv, pv.c.id == v.c.pact_version_id)
            .where(*criteria)
        )
        found = []
        for row in self.conn.execute(query):
            verification = Verification(
                row.id,
                row.sha,
                row.consumer_id,
                row.provider_id,
                row.provider_version_id,
                bool(row.success),
                _utc(row.execution_date),
                row.number or 1,
                bool(row.wip),
            )
            self.verifications[verification.id] = verification
            found.append(verification)
        return found

    def pact_version_ids(self, shas: Iterable[str]) -> list[int]:
        pv = schema.pact_versions
        ids: list[int] = []
        items = sorted(set(shas))
        for start in range(0, len(items), _CHUNK):
            chunk = items[start : start + _CHUNK]
            ids += [row.id for row in self.conn.execute(select(pv.c.id).where(pv.c.sha.in_(chunk)))]
        return ids

    # -- freezing ---------------------------------------------------------------------------------

    def build(self) -> Estate:
        version_ids = list(self.version_rows)
        branches_of: dict[int, list[str]] = defaultdict(list)
        tags_of: dict[int, list[str]] = defaultdict(list)
        branch_records: dict[tuple[int, str], Branch] = {}
        bv, b, tg = schema.branch_versions, schema.branches, schema.tags
        for chunk in _chunks(version_ids):
            query = (
                select(bv.c.version_id, b.c.name, b.c.pacticipant_id, b.c.created_at)
                .join(b, b.c.id == bv.c.branch_id)
                .where(bv.c.version_id.in_(chunk))
                .order_by(bv.c.id)
            )
            for row in self.conn.execute(query):
                branches_of[row.version_id].append(row.name)
                branch_records[(row.pacticipant_id, row.name)] = Branch(
                    row.pacticipant_id, row.name, _utc(row.created_at)
                )
            tag_query = (
                select(tg.c.version_id, tg.c.name).where(tg.c.version_id.in_(chunk)).order_by(tg.c.created_at)
            )
            for row in self.conn.execute(tag_query):
                tags_of[row.version_id].append(row.name)
        versions = tuple(
            Version(
                row.id,
                row.pacticipant_id,
                row.number,
                row.order,
                _utc(row.created_at),
                tuple(branches_of.get(row.id, ())),
                tuple(tags_of.get(row.id, ())),
            )
            for row in self.version_rows.values()
        )
        return Estate(
            pacticipants=tuple(self.pacticipants.values()),
            versions=versions,
            publications=tuple(self.publications.values()),
            verifications=tuple(self.verifications.values()),
            environments=tuple(self.environments.values()),
            deployed_versions=tuple(self.deployed.values()),
            released_versions=tuple(self.released.values()),
            branches=tuple(branch_records.values()),
            integration_pairs=tuple(sorted(self.pairs)),
        )


def _named_ids(loader: _Loader, names: Iterable[str | None]) -> list[int]:
    folded = {n.casefold() for n in names if n}
    return [p.id for p in loader.pacticipants.values() if p.name.casefold() in folded]


def load_matrix_estate(conn: Connection, selectors: list[MatrixSelector], options: MatrixOptions) -> Estate:
    """The records `accord.broker.domain.find_matrix` needs for these selectors and options.

    Phase 1 loads the named pacticipants' versions and who they are integrated with; phase 2 loads the
    integrated pacticipants' versions that the destination can select, then the pacts between all loaded
    versions and the verifications of those pacts by loaded provider versions.
    """
    loader = _Loader(conn)
    loader.all_pacticipants()
    loader.environments_all()
    v, p = schema.versions, schema.pact_publications
    named = _named_ids(loader, [s.pacticipant for s in selectors] + [s.pacticipant for s in options.ignore])
    if named:
        _load_selected_versions(loader, [*selectors, *options.ignore])
        for row in conn.execute(
            select(p.c.consumer_id, p.c.provider_id)
            .where(or_(p.c.consumer_id.in_(named), p.c.provider_id.in_(named)))
            .distinct()
        ):
            loader.pairs.add((row.consumer_id, row.provider_id))
    others = {c for c, _ in loader.pairs} | {pr for _, pr in loader.pairs}
    others -= set(named)
    if others and options.infers_selectors:
        _load_destination_versions(loader, sorted(others), options)
    elif others and len(selectors) == 1:
        loader.versions_where(v.c.pacticipant_id.in_(sorted(others)))
    loader.deployments_for(version_ids=list(loader.version_rows))
    involved = set(named) | others
    for chunk in _chunks(loader.version_rows):
        loader.publications_where(p.c.consumer_version_id.in_(chunk), p.c.provider_id.in_(sorted(involved)))
    pact_version_ids = loader.pact_version_ids(pub.pact_version_sha for pub in loader.publications.values())
    vt = schema.verifications
    for chunk in _chunks(pact_version_ids):
        loader.verifications_where(vt.c.pact_version_id.in_(chunk), vt.c.provider_id.in_(sorted(involved)))
    loader.versions_by_id(ver.provider_version_id for ver in loader.verifications.values())
    return loader.build()


def _load_selected_versions(loader: _Loader, selectors: list[MatrixSelector]) -> None:
    """Exact version numbers load one row each; any other selector loads the pacticipant's versions."""
    v = schema.versions
    exact: dict[int, set[str]] = defaultdict(set)
    whole: set[int] = set()
    for selector in selectors:
        ids = _named_ids(loader, [selector.pacticipant])
        if selector.version and not (
            selector.tag or selector.branch or selector.main_branch or selector.environment
        ):
            for pid in ids:
                exact[pid].add(selector.version)
        else:
            whole.update(ids)
    if whole:
        loader.versions_where(v.c.pacticipant_id.in_(sorted(whole)))
    for pid, numbers in exact.items():
        if pid not in whole:
            loader.versions_where(v.c.pacticipant_id == pid, v.c.number.in_(sorted(numbers)))


def _load_destination_versions(loader: _Loader, pacticipant_ids: list[int], options: MatrixOptions) -> None:
    v = schema.versions
    if options.environment:
        env = next((e for e in loader.environments.values() if e.name == options.environment), None)
        if env is None:
            return
        d, r = schema.deployed_versions, schema.released_versions
        in_env = (
            select(d.c.version_id)
            .where(d.c.environment_id == env.id, d.c.undeployed_at.is_(None))
            .union(select(r.c.version_id).where(r.c.environment_id == env.id, r.c.support_ended_at.is_(None)))
        )
        loader.versions_where(v.c.pacticipant_id.in_(pacticipant_ids), v.c.id.in_(in_env))
        return
    if options.tag:
        tg = schema.tags
        tagged = select(tg.c.version_id).where(tg.c.name == options.tag)
        criteria = [v.c.id.in_(tagged)]
    elif options.branch or options.main_branch:
        bv, b, pt = schema.branch_versions, schema.branches, schema.pacticipants
        if options.branch:
            on_branch = (
                select(bv.c.version_id).join(b, b.c.id == bv.c.branch_id).where(b.c.name == options.branch)
            )
        else:
            on_branch = (
                select(bv.c.version_id)
                .join(b, b.c.id == bv.c.branch_id)
                .join(pt, and_(pt.c.id == b.c.pacticipant_id, pt.c.main_branch == b.c.name))
            )
        criteria = [v.c.id.in_(on_branch)]
    else:
        criteria = []
    if options.latest:
        newest = (
            select(v.c.pacticipant_id, func.max(v.c.order).label("top"))
            .where(v.c.pacticipant_id.in_(pacticipant_ids), *criteria)
            .group_by(v.c.pacticipant_id)
            .subquery()
        )
        loader.versions_where(v.c.pacticipant_id == newest.c.pacticipant_id, v.c.order == newest.c.top)
    else:
        loader.versions_where(v.c.pacticipant_id.in_(pacticipant_ids), *criteria)


def load_verification_estate(conn: Connection, provider_name: str) -> Estate:
    """The records `accord.broker.domain.pacts_for_verification` needs for one provider.

    Every pact published for the provider (to apply any selector and find WIP heads), the consumer
    versions with their branches, tags, deployments and releases, and the provider's verifications of
    those pacts with the verifying versions' branches and tags.
    """
    loader = _Loader(conn)
    loader.all_pacticipants()
    loader.environments_all()
    provider = next(
        (x for x in loader.pacticipants.values() if x.name.casefold() == provider_name.casefold()), None
    )
    if provider is None:
        return loader.build()
    p, vt = schema.pact_publications, schema.verifications
    pubs = loader.publications_where(p.c.provider_id == provider.id)
    loader.versions_by_id(pub.consumer_version_id for pub in pubs)
    loader.deployments_for(version_ids=[pub.consumer_version_id for pub in pubs])
    ids = loader.pact_version_ids(pub.pact_version_sha for pub in pubs)
    for chunk in _chunks(ids):
        loader.verifications_where(vt.c.pact_version_id.in_(chunk), vt.c.provider_id == provider.id)
    loader.versions_by_id(ver.provider_version_id for ver in loader.verifications.values())
    return loader.build()


__all__ = ["load_matrix_estate", "load_verification_estate", "open_connection"]
