"""Environments, deployed versions and released versions: the service's reads and writes.

Like ``_repository``, every function takes a `Connection` inside the caller's transaction.
"""

from __future__ import annotations

import uuid as uuidlib
from typing import Any

import sqlalchemy as sa
from sqlalchemy import Connection, Row

from accord.broker.storage import _schema as t
from accord.broker.storage._repository import now


def list_environments(conn: Connection, name: str | None = None) -> list[Row[Any]]:
    """Every environment (or the one named ``name``), by name."""
    query = sa.select(t.environments).order_by(t.environments.c.name)
    if name is not None:
        query = query.where(t.environments.c.name == name)
    return list(conn.execute(query))


def find_environment(conn: Connection, uuid: str) -> Row[Any] | None:
    """An environment by uuid, or ``None``."""
    return conn.execute(sa.select(t.environments).where(t.environments.c.uuid == uuid)).first()


def save_environment(conn: Connection, fields: dict[str, Any], uuid: str | None = None) -> str:
    """Create an environment (``uuid`` ``None``) or update one; returns its uuid."""
    if uuid is None:
        uuid = str(uuidlib.uuid4())
        conn.execute(sa.insert(t.environments).values(uuid=uuid, created_at=now(), **fields))
    else:
        conn.execute(
            sa.update(t.environments).where(t.environments.c.uuid == uuid).values(updated_at=now(), **fields)
        )
    return uuid


def delete_environment(conn: Connection, environment_id: int) -> None:
    """Delete an environment with its deployment and release records."""
    for table in (t.deployed_versions, t.released_versions):
        conn.execute(sa.delete(table).where(table.c.environment_id == environment_id))
    conn.execute(sa.delete(t.environments).where(t.environments.c.id == environment_id))


def record_deployment(
    conn: Connection, version: Row[Any], environment_id: int, target: str | None
) -> tuple[Row[Any], bool]:
    """Record that a version is deployed to an environment (as application instance ``target``).

    Pact Broker rule: a deployment replaces the pacticipant's currently deployed version with the
    same application instance in that environment (it is marked undeployed); recording the version
    that is already current there again changes nothing. Returns the record and whether it is new.
    """
    dv = t.deployed_versions
    current = list(
        conn.execute(
            sa.select(dv).where(
                dv.c.pacticipant_id == version.pacticipant_id,
                dv.c.environment_id == environment_id,
                dv.c.undeployed_at.is_(None),
                (dv.c.target == target) if target is not None else dv.c.target.is_(None),
            )
        )
    )
    for row in current:
        if row.version_id == version.id:
            return row, False
    when = now()
    for row in current:
        conn.execute(sa.update(dv).where(dv.c.id == row.id).values(undeployed_at=when))
    uuid = str(uuidlib.uuid4())
    conn.execute(
        sa.insert(dv).values(
            uuid=uuid,
            version_id=version.id,
            pacticipant_id=version.pacticipant_id,
            environment_id=environment_id,
            target=target,
            created_at=when,
        )
    )
    row = conn.execute(sa.select(dv).where(dv.c.uuid == uuid)).one()
    return row, True


def record_release(conn: Connection, version: Row[Any], environment_id: int) -> tuple[Row[Any], bool]:
    """Record that a version is released to an environment; returns the record and whether it is new.

    Recording a release that exists again re-opens its support (the Pact Broker does the same).
    """
    rv = t.released_versions
    row = conn.execute(
        sa.select(rv).where(rv.c.version_id == version.id, rv.c.environment_id == environment_id)
    ).first()
    if row is not None:
        if row.support_ended_at is not None:
            conn.execute(sa.update(rv).where(rv.c.id == row.id).values(support_ended_at=None))
            row = conn.execute(sa.select(rv).where(rv.c.id == row.id)).one()
        return row, False
    uuid = str(uuidlib.uuid4())
    conn.execute(
        sa.insert(rv).values(
            uuid=uuid,
            version_id=version.id,
            pacticipant_id=version.pacticipant_id,
            environment_id=environment_id,
            created_at=now(),
        )
    )
    return conn.execute(sa.select(rv).where(rv.c.uuid == uuid)).one(), True


def deployment_rows(
    conn: Connection,
    table: sa.Table,
    *,
    uuid: str | None = None,
    version_id: int | None = None,
    environment_id: int | None = None,
    pacticipant: str | None = None,
    current_only: bool = False,
) -> list[Row[Any]]:
    """Deployed or released version records, joined with their version number and pacticipant name."""
    ended = table.c.undeployed_at if table is t.deployed_versions else table.c.support_ended_at
    query = (
        sa.select(
            table,
            t.versions.c.number.label("version_number"),
            t.pacticipants.c.name.label("pacticipant_name"),
            t.environments.c.uuid.label("environment_uuid"),
            t.environments.c.name.label("environment_name"),
        )
        .join(t.versions, t.versions.c.id == table.c.version_id)
        .join(t.pacticipants, t.pacticipants.c.id == table.c.pacticipant_id)
        .join(t.environments, t.environments.c.id == table.c.environment_id)
    )
    if uuid is not None:
        query = query.where(table.c.uuid == uuid)
    if version_id is not None:
        query = query.where(table.c.version_id == version_id)
    if environment_id is not None:
        query = query.where(table.c.environment_id == environment_id)
    if pacticipant is not None:
        query = query.where(t.pacticipants.c.name == pacticipant)
    if current_only:
        query = query.where(ended.is_(None))
    return list(conn.execute(query.order_by(table.c.id)))


def end_deployment(conn: Connection, table: sa.Table, record_id: int) -> None:
    """Mark a deployed version undeployed, or a released version's support ended, now."""
    column = "undeployed_at" if table is t.deployed_versions else "support_ended_at"
    conn.execute(
        sa.update(table)
        .where(table.c.id == record_id, getattr(table.c, column).is_(None))
        .values(**{column: now()})
    )


__all__ = [
    "delete_environment",
    "deployment_rows",
    "end_deployment",
    "find_environment",
    "list_environments",
    "record_deployment",
    "record_release",
    "save_environment",
]
