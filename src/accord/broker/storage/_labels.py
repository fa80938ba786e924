"""The newest version of each (pacticipant, branch) and (pacticipant, tag): the ``latest`` flags of the
branch versions and tags in matrix rows (the Pact Broker's ``BranchVersion#latest?`` and
``Tag#latest?``)."""

from __future__ import annotations

from collections.abc import Iterable

import sqlalchemy as sa
from sqlalchemy import Connection

from accord.broker.storage import _schema as t

Label = tuple[int, str]


def _newest(conn: Connection, table: sa.Table, name: sa.Column[str], wanted: set[Label]) -> dict[Label, int]:
    if not wanted:
        return {}
    ids = sorted({pacticipant_id for pacticipant_id, _ in wanted})
    names = sorted({label for _, label in wanted})
    query = (
        sa.select(table.c.pacticipant_id, name, sa.func.max(t.versions.c.order))
        .join(t.versions, t.versions.c.id == table.c.version_id)
        .where(table.c.pacticipant_id.in_(ids), name.in_(names))
        .group_by(table.c.pacticipant_id, name)
    )
    found = {(row[0], row[1]): int(row[2]) for row in conn.execute(query)}
    return {label: order for label, order in found.items() if label in wanted}


def newest_label_orders(
    conn: Connection, branches: Iterable[Label], tags: Iterable[Label]
) -> tuple[dict[Label, int], dict[Label, int]]:
    """For each wanted (pacticipant id, branch) and (pacticipant id, tag): the order of its newest
    version, in two queries whatever the number of labels."""
    return (
        _newest(conn, t.branch_versions, t.branch_versions.c.branch_name, set(branches)),
        _newest(conn, t.tags, t.tags.c.name, set(tags)),
    )


__all__ = ["newest_label_orders"]
