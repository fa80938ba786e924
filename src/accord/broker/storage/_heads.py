"""The ``pact_heads`` table: the newest consumer version with a pact, kept up to date by every write.

For each consumer and provider the table holds the newest consumer version that published a pact for
that provider (scope ``latest``), and the newest such version on each consumer branch (``branch``) and
with each consumer tag (``tag``); ``label`` names the branch or tag (empty for ``latest``). "Newest" is
the highest version id: the service gives each version ``order = id`` (``ensure_version``), so ids and
orders agree. These are the rows the ``latest``, ``branch``, ``mainBranch``, ``matchingBranch`` and
``tag``/``latest`` selectors and the WIP rule pick from, and the consumer/provider pairs the matrix
infers integrations from: reading them costs a few rows per consumer, however many versions exist.

Maintenance, always inside the writer's transaction:

- a head only moves *forward* when something is added (a pact published, a version put on a branch or
  tagged): `advance` upserts with ``greatest(current, new)``;
- when something is removed (a version, a pact, a tag, a branch, a pacticipant), `forget` first deletes
  the heads that pointed at it, and `rederive` recomputes them from what is left once the rows are gone.

Several replicas on one PostgreSQL: each of these first takes the consumer's pacticipant row lock
(``FOR NO KEY UPDATE``, which foreign key checks do not wait for), so the head maintenance of one
consumer runs one transaction at a time, and — at READ COMMITTED, where every statement reads what was
committed when it started — each reads everything the previous one committed. Without it, a publication
and a branch membership added to one version at once could each miss the other's uncommitted row and
neither move the branch's head; or two deletions could each rederive a head to the version the other
is deleting. (SQLite serialises write transactions already.)

Migration 0003 creates the table and derives every head from the publications, branches and tags
already stored (``GROUP BY`` with ``max``), so a broker upgraded in place starts consistent.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any, NamedTuple

import sqlalchemy as sa
from sqlalchemy import Connection
from sqlalchemy.dialects import postgresql, sqlite

from accord.broker.storage import _schema as t

LATEST = "latest"
BRANCH = "branch"
TAG = "tag"


class HeadKey(NamedTuple):
    """What a head is the newest of: a consumer's pacts for a provider, overall or on a branch / tag."""

    consumer_id: int
    provider_id: int
    scope: str
    label: str


def lock_consumer(conn: Connection, consumer_id: int) -> None:
    """Wait for, then hold until commit, the right to change this consumer's heads (see above)."""
    if conn.dialect.name == "postgresql":
        pt = t.pacticipants
        conn.execute(sa.select(pt.c.id).where(pt.c.id == consumer_id).with_for_update(key_share=True))


def _consumer_of(conn: Connection, version_id: int) -> int | None:
    found = conn.execute(sa.select(t.versions.c.pacticipant_id).where(t.versions.c.id == version_id)).scalar()
    return None if found is None else int(found)


def _upsert(conn: Connection, heads: dict[HeadKey, int]) -> None:
    """Insert these heads, or move existing ones forward (never back) to the given versions."""
    if not heads:
        return
    h = t.pact_heads
    rows = [{**key._asdict(), "consumer_version_id": version_id} for key, version_id in sorted(heads.items())]
    if conn.dialect.name == "postgresql":
        pg = postgresql.insert(h).values(rows)
        statement: Any = pg.on_conflict_do_update(
            constraint="uq_pact_heads_key",
            set_={
                "consumer_version_id": sa.func.greatest(
                    h.c.consumer_version_id, pg.excluded.consumer_version_id
                )
            },
        )
    else:
        lite = sqlite.insert(h).values(rows)
        statement = lite.on_conflict_do_update(
            index_elements=[h.c.consumer_id, h.c.provider_id, h.c.scope, h.c.label],
            # SQLite's two-argument max() is the scalar maximum
            set_={
                "consumer_version_id": sa.func.max(h.c.consumer_version_id, lite.excluded.consumer_version_id)
            },
        )
    conn.execute(statement)


def advance(
    conn: Connection,
    consumer_id: int,
    version_id: int,
    *,
    provider_id: int | None = None,
    branch: str | None = None,
    tag: str | None = None,
) -> None:
    """Move the heads a version now belongs to forward to it (when it is newer than the current head).

    Call after adding a publication for ``provider_id`` (the one publishing writer knows the pair, so
    only the version's labels are read), a branch membership (``branch``) or a tag (``tag``) to the
    version of ``consumer_id``: only the heads the addition can change are touched.
    """
    lock_consumer(conn, consumer_id)  # before reading: see the module docstring
    labels: list[tuple[str, str]]
    if provider_id is not None:
        bv, tg = t.branch_versions, t.tags
        on = sa.union_all(
            sa.select(sa.literal(BRANCH).label("scope"), bv.c.branch_name.label("label")).where(
                bv.c.version_id == version_id
            ),
            sa.select(sa.literal(TAG).label("scope"), tg.c.name.label("label")).where(
                tg.c.version_id == version_id
            ),
        )
        labels = [(LATEST, ""), *((row.scope, row.label) for row in conn.execute(on))]
        providers = [provider_id]
    else:
        p = t.pact_publications
        query = sa.select(p.c.provider_id).where(p.c.consumer_version_id == version_id).distinct()
        providers = list(conn.execute(query).scalars())
        if branch is not None:
            labels = [(BRANCH, branch)]
        elif tag is not None:
            labels = [(TAG, tag)]
        else:
            return
    _upsert(
        conn,
        {
            HeadKey(consumer_id, provider, scope, label): version_id
            for provider in providers
            for scope, label in labels
        },
    )


def forget(conn: Connection, *criteria: Any) -> list[HeadKey]:
    """Delete the heads matching ``criteria`` and return their keys, for `rederive` after the removal.

    Call `lock_consumer` first for the consumers concerned. The rows are locked as well
    (``FOR UPDATE`` on PostgreSQL).
    """
    h = t.pact_heads
    rows = conn.execute(
        sa.select(h.c.id, h.c.consumer_id, h.c.provider_id, h.c.scope, h.c.label)
        .where(*criteria)
        .order_by(h.c.id)
        .with_for_update()
    ).all()
    if rows:
        conn.execute(sa.delete(h).where(h.c.id.in_([row.id for row in rows])))
    return [HeadKey(row.consumer_id, row.provider_id, row.scope, row.label) for row in rows]


def forget_version(conn: Connection, version_id: int, **narrow: Any) -> list[HeadKey]:
    """`forget` the heads that are this version (``narrow``: only those with this ``provider_id``,
    ``scope``, ``label``)."""
    consumer_id = _consumer_of(conn, version_id)
    if consumer_id is None:
        return []
    lock_consumer(conn, consumer_id)
    h = t.pact_heads
    criteria = [h.c.consumer_version_id == version_id]
    criteria += [h.c[column] == value for column, value in narrow.items()]
    return forget(conn, *criteria)


def _newest(conn: Connection, key: HeadKey) -> int | None:
    p = t.pact_publications
    query = sa.select(sa.func.max(p.c.consumer_version_id)).where(
        p.c.consumer_id == key.consumer_id, p.c.provider_id == key.provider_id
    )
    if key.scope == BRANCH:
        bv = t.branch_versions
        query = query.where(
            p.c.consumer_version_id.in_(
                sa.select(bv.c.version_id).where(
                    bv.c.pacticipant_id == key.consumer_id, bv.c.branch_name == key.label
                )
            )
        )
    elif key.scope == TAG:
        tg = t.tags
        query = query.where(
            p.c.consumer_version_id.in_(
                sa.select(tg.c.version_id).where(
                    tg.c.pacticipant_id == key.consumer_id, tg.c.name == key.label
                )
            )
        )
    found = conn.execute(query).scalar()
    return None if found is None else int(found)


def rederive(conn: Connection, keys: Iterable[HeadKey]) -> None:
    """Recompute these heads from the publications, branches and tags that remain."""
    found = {key: _newest(conn, key) for key in dict.fromkeys(keys)}
    _upsert(conn, {key: version_id for key, version_id in found.items() if version_id is not None})


__all__ = [
    "BRANCH",
    "LATEST",
    "TAG",
    "HeadKey",
    "advance",
    "forget",
    "forget_version",
    "lock_consumer",
    "rederive",
]
