"""The newest version of each (pacticipant, branch) and (pacticipant, tag): the ``latest`` flags of the
branch versions and tags in matrix rows (the Pact Broker's ``BranchVersion#latest?`` and
``Tag#latest?``)."""

from __future__ import annotations

from collections.abc import Iterable

import sqlalchemy as sa
from sqlalchemy import Connection

from accord.broker.storage import _schema as t

Label = tuple[int, str]


_CHUNK = 100  # labels per statement (four bound parameters each)


def _newest(conn: Connection, table: sa.Table, name: sa.Column[str], wanted: set[Label]) -> dict[Label, int]:
    # One scalar subquery per label, ``max(version_id)`` for (pacticipant, label): the index on
    # (pacticipant_id, label, version_id) answers each in one step down the index, however many versions
    # the branch or tag has (a GROUP BY over the label's rows would read all of them). The newest is the
    # highest id, as versions get ``order = id``; its order is what the rows compare with.
    v = t.versions
    found: dict[Label, int] = {}
    labels = sorted(wanted)
    for start in range(0, len(labels), _CHUNK):
        parts = [
            sa.select(
                sa.literal(pacticipant_id, sa.Integer).label("pacticipant_id"),
                sa.literal(label, sa.String).label("label"),
                sa.select(v.c.order)
                .where(
                    v.c.id
                    == sa.select(sa.func.max(table.c.version_id))
                    .where(table.c.pacticipant_id == pacticipant_id, name == label)
                    .scalar_subquery()
                )
                .scalar_subquery()
                .label("newest"),
            )
            for pacticipant_id, label in labels[start : start + _CHUNK]
        ]
        query = parts[0] if len(parts) == 1 else sa.union_all(*parts)
        for row in conn.execute(query):
            if row.newest is not None:
                found[(row.pacticipant_id, row.label)] = int(row.newest)
    return found


def newest_label_orders(
    conn: Connection, branches: Iterable[Label], tags: Iterable[Label]
) -> tuple[dict[Label, int], dict[Label, int]]:
    """For each wanted (pacticipant id, branch) and (pacticipant id, tag): the order of its newest
    version, in one statement per hundred labels, each label costing one index lookup."""
    return (
        _newest(conn, t.branch_versions, t.branch_versions.c.branch_name, set(branches)),
        _newest(conn, t.tags, t.tags.c.name, set(tags)),
    )


__all__ = ["newest_label_orders"]
