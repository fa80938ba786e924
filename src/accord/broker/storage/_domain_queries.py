"""Load the records a domain question needs — and only those — into an `Estate`.

Each loader runs about ten small queries whose size depends on the question, not on the size of the
broker: a can-i-deploy touches the named version, its pacts, the integrated pacticipants' versions in
the target environment and the verifications between them; pacts-for-verification touches one
provider's pacts, their consumer versions and that provider's verifications of them.

Every query filters an indexed column by a value or by a list of ids sent as *one* array parameter
(``= ANY(%s)`` on PostgreSQL), and referenced rows (pact content shas, versions) are fetched by id in a
second query rather than joined: joins let the planner pick hash joins over whole tables, whose cost
grows with the broker; id lookups stay proportional to the answer.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from typing import Any, NamedTuple

from sqlalchemy import (
    ARRAY,
    Connection,
    Engine,
    Integer,
    Text,
    and_,
    any_,
    bindparam,
    cast,
    func,
    or_,
    select,
    union,
)

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
from accord.broker.storage import _schema as schema


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


class _VersionRow(NamedTuple):
    id: int
    pacticipant_id: int
    number: str
    order: int
    created_at: datetime


class _Loader:
    """Accumulates rows by id, then freezes them into an `Estate`."""

    def __init__(self, conn: Connection) -> None:
        self.conn = conn
        self.pacticipants: dict[int, Pacticipant] = {}
        self.version_rows: dict[int, _VersionRow] = {}
        self.publication_rows: dict[int, Any] = {}
        self.verification_rows: dict[int, Any] = {}
        self.environments: dict[int, Environment] = {}
        self.pairs: set[tuple[int, int]] = set()

    def ids_in(self, column: Any, ids: Iterable[int]) -> Any:
        """``column IN ids`` as one array parameter on PostgreSQL, a plain list elsewhere."""
        values = sorted(set(ids))
        if self.conn.dialect.name == "postgresql":
            # A text literal cast to int[] is much cheaper for the driver than adapting a list of ints.
            literal = "{" + ",".join(str(int(v)) for v in values) + "}"
            return column == any_(cast(bindparam(None, literal, type_=Text), ARRAY(Integer)))
        return column.in_(values)

    # -- pacticipants, environments, versions ------------------------------------------------------

    def all_pacticipants(self) -> None:
        t = schema.pacticipants
        for row in self.conn.execute(select(t.c.id, t.c.name, t.c.main_branch)).all():
            self.pacticipants[row.id] = Pacticipant(row.id, row.name, row.main_branch)

    def environments_all(self) -> None:
        t = schema.environments
        query = select(t.c.id, t.c.name, t.c.uuid, t.c.production, t.c.display_name, t.c.created_at)
        for row in self.conn.execute(query).all():
            self.environments[row.id] = Environment(
                row.id, row.name, row.uuid, bool(row.production), row.display_name, _utc(row.created_at)
            )

    def versions_where(self, *criteria: Any) -> None:
        t = schema.versions
        query = select(t.c.id, t.c.pacticipant_id, t.c.number, t.c.order, t.c.created_at).where(*criteria)
        for row in self.conn.execute(query).all():
            self.version_rows[row.id] = _VersionRow(
                row.id, row.pacticipant_id, row.number, row.order, row.created_at
            )

    def versions_by_id(self, ids: Iterable[int]) -> None:
        missing = {i for i in ids if i not in self.version_rows}
        if missing:
            self.versions_where(self.ids_in(schema.versions.c.id, missing))

    # -- pacts and verifications -------------------------------------------------------------------

    def publications_where(self, *criteria: Any) -> None:
        p = schema.pact_publications
        query = select(
            p.c.id,
            p.c.consumer_id,
            p.c.provider_id,
            p.c.consumer_version_id,
            p.c.pact_version_id,
            p.c.created_at,
            p.c.revision_number,
        ).where(*criteria)
        for row in self.conn.execute(query).all():
            self.publication_rows[row.id] = row

    def verifications_of(self, pact_version_ids: Iterable[int], keep: Callable[[Any], bool]) -> None:
        """The verifications of these pact versions that ``keep`` accepts.

        Only the pact versions go into the SQL: given a provider condition too, SQLite (which has no
        statistics unless someone runs ANALYZE) walks every verification of the provider by
        ``ix_verifications_provider`` instead of the few of each pact version, a cost that grows with
        the broker. The few rows per pact version are filtered here instead.
        """
        v = schema.verifications
        query = select(
            v.c.id,
            v.c.pact_version_id,
            v.c.consumer_id,
            v.c.provider_id,
            v.c.provider_version_id,
            v.c.success,
            v.c.execution_date,
            v.c.number,
            v.c.wip,
        ).where(self.ids_in(v.c.pact_version_id, pact_version_ids))
        for row in self.conn.execute(query).all():
            if keep(row):
                self.verification_rows[row.id] = row

    def pact_version_ids(self) -> set[int]:
        return {row.pact_version_id for row in self.publication_rows.values()}

    # -- freezing ------------------------------------------------------------------------------------

    def build(self) -> Estate:
        """Fetch shas, missing versions, branches, tags, deployments and releases; freeze."""
        self.versions_by_id(row.consumer_version_id for row in self.publication_rows.values())
        self.versions_by_id(row.provider_version_id for row in self.verification_rows.values())
        shas: dict[int, str] = {}
        pv = schema.pact_versions
        wanted = self.pact_version_ids() | {row.pact_version_id for row in self.verification_rows.values()}
        if wanted:
            for row in self.conn.execute(select(pv.c.id, pv.c.sha).where(self.ids_in(pv.c.id, wanted))).all():
                shas[row.id] = row.sha
        branches_of, tags_of, branch_records = self._labels()
        deployed, released = self._deployments()
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
        publications = tuple(
            PactPublication(
                row.id,
                row.consumer_id,
                row.provider_id,
                row.consumer_version_id,
                shas[row.pact_version_id],
                _utc(row.created_at),
                row.revision_number or 1,
            )
            for row in self.publication_rows.values()
        )
        verifications = tuple(
            Verification(
                row.id,
                shas[row.pact_version_id],
                row.consumer_id,
                row.provider_id,
                row.provider_version_id,
                bool(row.success),
                _utc(row.execution_date),
                row.number or 1,
                bool(row.wip),
            )
            for row in self.verification_rows.values()
        )
        return Estate(
            pacticipants=tuple(self.pacticipants.values()),
            versions=versions,
            publications=publications,
            verifications=verifications,
            environments=tuple(self.environments.values()),
            deployed_versions=deployed,
            released_versions=released,
            branches=tuple(branch_records.values()),
            integration_pairs=tuple(sorted(self.pairs)),
        )

    def _labels(self) -> tuple[dict[int, list[str]], dict[int, list[str]], dict[tuple[int, str], Branch]]:
        branches_of: dict[int, list[str]] = defaultdict(list)
        tags_of: dict[int, list[str]] = defaultdict(list)
        records: dict[tuple[int, str], Branch] = {}
        if not self.version_rows:
            return branches_of, tags_of, records
        bv, b, tg = schema.branch_versions, schema.branches, schema.tags
        links = self.conn.execute(
            select(bv.c.version_id, bv.c.branch_id)
            .where(self.ids_in(bv.c.version_id, self.version_rows))
            .order_by(bv.c.id)
        ).all()
        if links:
            names = {
                row.id: row
                for row in self.conn.execute(
                    select(b.c.id, b.c.name, b.c.pacticipant_id, b.c.created_at).where(
                        self.ids_in(b.c.id, {link.branch_id for link in links})
                    )
                ).all()
            }
            for link in links:
                branch = names[link.branch_id]
                branches_of[link.version_id].append(branch.name)
                records[(branch.pacticipant_id, branch.name)] = Branch(
                    branch.pacticipant_id, branch.name, _utc(branch.created_at)
                )
        query = (
            select(tg.c.version_id, tg.c.name)
            .where(self.ids_in(tg.c.version_id, self.version_rows))
            .order_by(tg.c.created_at)
        )
        for row in self.conn.execute(query).all():
            tags_of[row.version_id].append(row.name)
        return branches_of, tags_of, records

    def _deployments(self) -> tuple[tuple[DeployedVersion, ...], tuple[ReleasedVersion, ...]]:
        if not self.version_rows:
            return (), ()
        d, r = schema.deployed_versions, schema.released_versions
        deployed = tuple(
            DeployedVersion(
                row.id, row.version_id, row.environment_id, _utc(row.created_at), True, row.target
            )
            for row in self.conn.execute(
                select(d.c.id, d.c.version_id, d.c.environment_id, d.c.created_at, d.c.target).where(
                    d.c.undeployed_at.is_(None), self.ids_in(d.c.version_id, self.version_rows)
                )
            ).all()
        )
        released = tuple(
            ReleasedVersion(row.id, row.version_id, row.environment_id, _utc(row.created_at))
            for row in self.conn.execute(
                select(r.c.id, r.c.version_id, r.c.environment_id, r.c.created_at).where(
                    r.c.support_ended_at.is_(None), self.ids_in(r.c.version_id, self.version_rows)
                )
            ).all()
        )
        return deployed, released


def _named_ids(loader: _Loader, names: Iterable[str | None]) -> list[int]:
    folded = {n.casefold() for n in names if n}
    return [p.id for p in loader.pacticipants.values() if p.name.casefold() in folded]


def load_matrix_estate(conn: Connection, selectors: list[MatrixSelector], options: MatrixOptions) -> Estate:
    """The records `accord.broker.domain.find_matrix` needs for these selectors and options.

    Phase 1 loads the named pacticipants' versions and who they are integrated with; phase 2 loads the
    integrated pacticipants' versions that the destination can select, then the pacts of all loaded
    versions (as consumers) and the verifications of those pacts, with the verifying versions.
    """
    loader = _Loader(conn)
    loader.all_pacticipants()
    loader.environments_all()
    v, p = schema.versions, schema.pact_publications
    named = _named_ids(loader, [s.pacticipant for s in selectors] + [s.pacticipant for s in options.ignore])
    if not named:
        return loader.build()
    _load_selected_versions(loader, [*selectors, *options.ignore])
    # every pair that has a pact has an overall head (``pact_heads``): one row per integration
    h = schema.pact_heads
    pairs = select(h.c.consumer_id, h.c.provider_id).where(
        h.c.scope == "latest",
        or_(loader.ids_in(h.c.consumer_id, named), loader.ids_in(h.c.provider_id, named)),
    )
    for row in conn.execute(pairs).all():
        loader.pairs.add((row.consumer_id, row.provider_id))
    others = ({c for c, _ in loader.pairs} | {pr for _, pr in loader.pairs}) - set(named)
    if others and options.infers_selectors:
        _load_destination_versions(loader, sorted(others), options)
    elif others and len(selectors) == 1:
        loader.versions_where(loader.ids_in(v.c.pacticipant_id, others))
    involved = set(named) | others
    if loader.version_rows:
        loader.publications_where(
            loader.ids_in(p.c.consumer_version_id, loader.version_rows),
            loader.ids_in(p.c.provider_id, involved),
        )
    if loader.publication_rows:
        loader.verifications_of(loader.pact_version_ids(), lambda row: row.provider_id in involved)
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
    criteria = [v.c.pacticipant_id == pid for pid in whole]
    criteria += [
        and_(v.c.pacticipant_id == pid, v.c.number.in_(sorted(numbers)))
        for pid, numbers in exact.items()
        if pid not in whole
    ]
    loader.versions_where(or_(*criteria))


def _load_destination_versions(loader: _Loader, pacticipant_ids: list[int], options: MatrixOptions) -> None:
    v = schema.versions
    criteria: list[Any] = [loader.ids_in(v.c.pacticipant_id, pacticipant_ids)]
    if options.environment:
        env = next((e for e in loader.environments.values() if e.name == options.environment), None)
        if env is None:
            return
        d, r = schema.deployed_versions, schema.released_versions
        in_env = union(
            select(d.c.version_id).where(d.c.environment_id == env.id, d.c.undeployed_at.is_(None)),
            select(r.c.version_id).where(r.c.environment_id == env.id, r.c.support_ended_at.is_(None)),
        )
        ids = [row[0] for row in loader.conn.execute(in_env).all()]
        loader.versions_where(*criteria, loader.ids_in(v.c.id, ids))
        return
    if options.tag:
        tg = schema.tags
        criteria.append(v.c.id.in_(select(tg.c.version_id).where(tg.c.name == options.tag)))
    elif options.branch or options.main_branch:
        bv, b, pt = schema.branch_versions, schema.branches, schema.pacticipants
        on_branch = select(bv.c.version_id).join(b, b.c.id == bv.c.branch_id)
        if options.branch:
            on_branch = on_branch.where(b.c.name == options.branch)
        else:
            on_branch = on_branch.join(pt, and_(pt.c.id == b.c.pacticipant_id, pt.c.main_branch == b.c.name))
        criteria.append(v.c.id.in_(on_branch))
    if options.latest:
        newest = (
            select(v.c.pacticipant_id, func.max(v.c.order).label("top"))
            .where(*criteria)
            .group_by(v.c.pacticipant_id)
            .subquery()
        )
        loader.versions_where(
            v.c.id.in_(
                select(v.c.id).join(
                    newest, and_(v.c.pacticipant_id == newest.c.pacticipant_id, v.c.order == newest.c.top)
                )
            )
        )
    else:
        loader.versions_where(*criteria)


def load_verification_estate(
    conn: Connection, provider_name: str, all_for_tags: Iterable[str] = ()
) -> Estate:
    """The records `accord.broker.domain.pacts_for_verification` needs for one provider.

    Not every pact of the provider — only those any selector or the WIP rule can pick: the latest pact
    of each consumer overall, of each consumer branch and of each consumer tag (the ``pact_heads``
    rows that the writes maintain), the pacts of consumer versions currently deployed or released, and
    every pact of the versions tagged ``all_for_tags`` (the ``{"tag": t}`` selectors without
    ``latest``). Then the consumer versions with their branches, tags, deployments and releases, and
    the provider's successful verifications of those pacts (all that the pending and WIP rules read),
    with the verifying versions.

    Args:
        conn: a connection.
        provider_name: the provider asking (case-insensitive).
        all_for_tags: tags of the request's "all versions with this tag" selectors.
    """
    loader = _Loader(conn)
    loader.all_pacticipants()
    loader.environments_all()
    folded = provider_name.casefold()
    provider = next((x for x in loader.pacticipants.values() if x.name.casefold() == folded), None)
    if provider is None:
        return loader.build()
    p, h = schema.pact_publications, schema.pact_heads
    tg, d, r = schema.tags, schema.deployed_versions, schema.released_versions
    mine = p.c.provider_id == provider.id
    # the newest consumer version with a pact for this provider, overall, per branch and per tag:
    # maintained by every write (``_heads.py``), so this reads a few rows per consumer
    head_rows = conn.execute(
        select(h.c.consumer_id, h.c.consumer_version_id).where(h.c.provider_id == provider.id)
    ).all()
    consumers = {row.consumer_id for row in head_rows}
    candidates: set[int] = {row.consumer_version_id for row in head_rows}
    if not consumers:
        return loader.build()
    # versions of those consumers currently deployed / released (whether they have a pact for this
    # provider is settled when the publications are read below)
    for table, current in ((d, d.c.undeployed_at.is_(None)), (r, r.c.support_ended_at.is_(None))):
        query = select(table.c.version_id).where(current, loader.ids_in(table.c.pacticipant_id, consumers))
        candidates.update(conn.execute(query).scalars())
    tags = sorted(set(all_for_tags))
    if tags:
        query = select(tg.c.version_id).where(
            loader.ids_in(tg.c.pacticipant_id, consumers), tg.c.name.in_(tags)
        )
        candidates.update(conn.execute(query).scalars())
    loader.publications_where(mine, loader.ids_in(p.c.consumer_version_id, candidates))
    loader.verifications_of(
        loader.pact_version_ids(), lambda row: row.provider_id == provider.id and row.success
    )
    return loader.build()


__all__ = ["load_matrix_estate", "load_verification_estate", "open_connection"]
