"""Pacticipant labels (the Pact Broker's ``/pacticipants/{p}/labels/{label}``): free-form names on a
pacticipant, unique per pacticipant, removed with it (``ON DELETE CASCADE``).

Adding a label that exists is a no-op; two writers adding the same label at once meet the unique
constraint, and the loser's transaction is retried (``Storage.write``) and finds the winner's row.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import sqlalchemy as sa
from sqlalchemy import Connection, Row

from accord.broker.storage import _schema as t
from accord.broker.storage._repository import now

_labels = t.pacticipant_labels


def find_label(conn: Connection, pacticipant_id: int, name: str) -> Row[Any] | None:
    """The pacticipant's label ``name``, or ``None``."""
    return conn.execute(
        sa.select(_labels).where(_labels.c.pacticipant_id == pacticipant_id, _labels.c.name == name)
    ).first()


def add_label(conn: Connection, pacticipant_id: int, name: str) -> bool:
    """Put the label on the pacticipant; ``True`` when it was not there yet."""
    if find_label(conn, pacticipant_id, name) is not None:
        return False
    conn.execute(sa.insert(_labels).values(pacticipant_id=pacticipant_id, name=name, created_at=now()))
    return True


def delete_label(conn: Connection, pacticipant_id: int, name: str) -> bool:
    """Take the label off the pacticipant; ``True`` when it was there."""
    deleted = conn.execute(
        sa.delete(_labels).where(_labels.c.pacticipant_id == pacticipant_id, _labels.c.name == name)
    )
    return bool(deleted.rowcount)


def labels_of(conn: Connection, pacticipant_ids: Iterable[int]) -> dict[int, list[str]]:
    """The label names of each of these pacticipants (by name; pacticipants without labels are absent),
    in one query."""
    ids = sorted(set(pacticipant_ids))
    found: dict[int, list[str]] = {}
    if not ids:
        return found
    rows = conn.execute(
        sa.select(_labels.c.pacticipant_id, _labels.c.name)
        .where(_labels.c.pacticipant_id.in_(ids))
        .order_by(_labels.c.pacticipant_id, _labels.c.name)
    )
    for row in rows:
        found.setdefault(row.pacticipant_id, []).append(row.name)
    return found


def labels_of_names(conn: Connection, names: Iterable[str]) -> dict[str, set[str]]:
    """The label names of the pacticipants with these names (every name is a key)."""
    wanted = sorted(set(names))
    found: dict[str, set[str]] = {name: set() for name in wanted}
    rows = conn.execute(
        sa.select(t.pacticipants.c.name, _labels.c.name.label("label"))
        .join(_labels, _labels.c.pacticipant_id == t.pacticipants.c.id)
        .where(t.pacticipants.c.name.in_(wanted))
    )
    for row in rows:
        found[row.name].add(row.label)
    return found


def pacticipants_with_label(conn: Connection, name: str) -> list[Row[Any]]:
    """The pacticipants that have the label, by name."""
    return list(
        conn.execute(
            sa.select(t.pacticipants)
            .join(_labels, _labels.c.pacticipant_id == t.pacticipants.c.id)
            .where(_labels.c.name == name)
            .order_by(t.pacticipants.c.name)
        )
    )


__all__ = [
    "add_label",
    "delete_label",
    "find_label",
    "labels_of",
    "labels_of_names",
    "pacticipants_with_label",
]
