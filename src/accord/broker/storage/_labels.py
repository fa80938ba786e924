"""The newest version of each (pacticipant, branch) and (pacticipant, tag): the ``latest`` flags of the
branch versions and tags in matrix rows (the Pact Broker's ``BranchVersion#latest?`` and
``Tag#latest?``).

One statement answers every label: a scalar subquery per label, each one step down that label's index
(``ix_branch_versions_pacticipant_branch``, ``ix_tags_pacticipant_name``, which end with ``version_id``)
and one primary key lookup, so the cost follows the number of labels, not the number of versions (a
single grouped join made PostgreSQL scan every version; ``max(order)`` over a join reads every version
of the label).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import sqlalchemy as sa
from sqlalchemy import Connection

from accord.broker.storage import _schema as t

Label = tuple[int, str]
_PER_STATEMENT = 200


def _newest(table: sa.Table, name: sa.Column[str], label: Label) -> sa.ScalarSelect[Any]:
    # The newest version is the one with the highest id (versions get ``order = id``): with the label
    # indexes ending in ``version_id`` (migration 0004), max(version_id) is one step down the index,
    # where max(order) over a join reads every version of the label (500 per branch at 10x the
    # benchmark's estate). Its order is what the rows compare with.
    newest_id = (
        sa.select(sa.func.max(table.c.version_id))
        .where(table.c.pacticipant_id == label[0], name == label[1])
        .scalar_subquery()
    )
    return sa.select(t.versions.c.order).where(t.versions.c.id == newest_id).scalar_subquery()


def newest_label_orders(
    conn: Connection, branches: Iterable[Label], tags: Iterable[Label]
) -> tuple[dict[Label, int], dict[Label, int]]:
    """For each (pacticipant id, branch) and (pacticipant id, tag): the order of its newest version."""
    wanted = [("branch", label) for label in sorted(set(branches))]
    wanted += [("tag", label) for label in sorted(set(tags))]
    columns = {
        "branch": (t.branch_versions, t.branch_versions.c.branch_name),
        "tag": (t.tags, t.tags.c.name),
    }
    found: dict[str, dict[Label, int]] = {"branch": {}, "tag": {}}
    for start in range(0, len(wanted), _PER_STATEMENT):
        chunk = wanted[start : start + _PER_STATEMENT]
        row = conn.execute(sa.select(*(_newest(*columns[kind], label) for kind, label in chunk))).one()
        for (kind, label), newest in zip(chunk, row, strict=True):
            if newest is not None:
                found[kind][label] = int(newest)
    return found["branch"], found["tag"]


__all__ = ["newest_label_orders"]
