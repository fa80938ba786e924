"""Pruning old versions that nothing needs any more (``accord broker cleanup``).

Users of large Pact Brokers ask for automatic clean-up (pact_broker#354): versions pile up, one per
CI build, and slow every query. A version is *kept* when any of these still needs it:

- it is among the newest ``keep`` versions of its pacticipant;
- it is the head (latest version) of one of its pacticipant's branches — what the ``branch``,
  ``mainBranch`` and ``matchingBranch`` selectors pick;
- it is the latest version with one of its tags — what the ``tag``/``latest`` selectors pick;
- it is currently deployed or released and supported in an environment — what ``deployed``,
  ``released`` and ``deployedOrReleased`` pick, and what can-i-deploy compares against;
- it is the provider version of a verification of a pact that a kept consumer version published
  (so a kept pact's verification status does not change).

Everything else is deleted with its pacts, verifications, tags and branch memberships, in one
transaction.
"""

from __future__ import annotations

from dataclasses import dataclass

import sqlalchemy as sa
from sqlalchemy import Connection

from accord.broker.storage import _repository as repo
from accord.broker.storage import _schema as t
from accord.broker.storage._engine import Storage


@dataclass(frozen=True)
class CleanupReport:
    """What a clean-up removed (or, in a dry run, would remove): ``(pacticipant, version)`` pairs."""

    removed: list[tuple[str, str]]
    kept: int


def _protected(conn: Connection, keep: int) -> set[int]:
    keep_ids: set[int] = set()
    ranked = sa.select(
        t.versions.c.id,
        sa.func.row_number()
        .over(partition_by=t.versions.c.pacticipant_id, order_by=t.versions.c.order.desc())
        .label("rank"),
    ).subquery()
    keep_ids.update(conn.execute(sa.select(ranked.c.id).where(ranked.c.rank <= keep)).scalars())
    for table, group in ((t.branch_versions, t.branch_versions.c.branch_id), (t.tags, t.tags.c.name)):
        heads = (
            sa.select(sa.func.max(t.versions.c.order))
            .join(table, table.c.version_id == t.versions.c.id)
            .group_by(t.versions.c.pacticipant_id, group)
        )
        keep_ids.update(
            conn.execute(sa.select(t.versions.c.id).where(t.versions.c.order.in_(heads))).scalars()
        )
    keep_ids.update(
        conn.execute(
            sa.select(t.deployed_versions.c.version_id).where(t.deployed_versions.c.undeployed_at.is_(None))
        ).scalars()
    )
    keep_ids.update(
        conn.execute(
            sa.select(t.released_versions.c.version_id).where(
                t.released_versions.c.support_ended_at.is_(None)
            )
        ).scalars()
    )
    kept_pacts = sa.select(t.pact_publications.c.pact_version_id).where(
        t.pact_publications.c.consumer_version_id.in_(list(keep_ids) or [-1])
    )
    keep_ids.update(
        conn.execute(
            sa.select(t.verifications.c.provider_version_id).where(
                t.verifications.c.pact_version_id.in_(kept_pacts)
            )
        ).scalars()
    )
    return keep_ids


def cleanup(storage: Storage, keep: int, *, dry_run: bool = False) -> CleanupReport:
    """Delete every version nothing needs (see the module docstring); ``dry_run`` only reports."""

    def work(conn: Connection) -> CleanupReport:
        protected = _protected(conn, keep)
        rows = conn.execute(
            sa.select(t.versions.c.id, t.versions.c.number, t.pacticipants.c.name)
            .join(t.pacticipants, t.pacticipants.c.id == t.versions.c.pacticipant_id)
            .order_by(t.pacticipants.c.name, t.versions.c.order)
        ).all()
        doomed = [row for row in rows if row.id not in protected]
        if not dry_run:
            for row in doomed:
                repo.delete_version(conn, row.id)
        return CleanupReport([(row.name, row.number) for row in doomed], len(rows) - len(doomed))

    return storage.write(work)


__all__ = ["CleanupReport", "cleanup"]
