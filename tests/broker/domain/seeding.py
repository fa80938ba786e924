"""Seeding the broker's tables from in-memory estates, and the databases tests run on."""

from __future__ import annotations

import os
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import sqlalchemy as sa

from accord.broker.domain import Estate
from accord.broker.storage import Storage
from accord.broker.storage import _schema as schema

from .builder import T0, EstateBuilder

POSTGRES_URL = os.environ.get("ACCORD_TEST_POSTGRES", "postgresql+psycopg://postgres@127.0.0.1:5432")


def seed(conn: sa.Connection, estate: Estate) -> None:
    """Write an in-memory estate into the broker's tables."""
    for p in estate.pacticipants:
        conn.execute(
            sa.insert(schema.pacticipants).values(
                id=p.id, name=p.name, main_branch=p.main_branch, created_at=T0
            )
        )
    branch_ids: dict[tuple[int, str], int] = {}
    for v in estate.versions:
        conn.execute(
            sa.insert(schema.versions).values(
                id=v.id,
                pacticipant_id=v.pacticipant_id,
                number=v.number,
                order=v.order,
                created_at=v.created_at,
            )
        )
        for name in v.branches:
            key = (v.pacticipant_id, name)
            if key not in branch_ids:
                branch_ids[key] = len(branch_ids) + 1
                conn.execute(
                    sa.insert(schema.branches).values(
                        id=branch_ids[key],
                        pacticipant_id=v.pacticipant_id,
                        name=name,
                        created_at=v.created_at,
                    )
                )
            conn.execute(
                sa.insert(schema.branch_versions).values(
                    branch_id=branch_ids[key],
                    version_id=v.id,
                    pacticipant_id=v.pacticipant_id,
                    branch_name=name,
                    created_at=v.created_at,
                )
            )
        for tag in v.tags:
            conn.execute(
                sa.insert(schema.tags).values(
                    version_id=v.id, pacticipant_id=v.pacticipant_id, name=tag, created_at=v.created_at
                )
            )
    shas: dict[str, int] = {}
    for pub in estate.publications:
        if pub.pact_version_sha not in shas:
            shas[pub.pact_version_sha] = len(shas) + 1
            conn.execute(
                sa.insert(schema.pact_versions).values(
                    id=shas[pub.pact_version_sha],
                    sha=pub.pact_version_sha,
                    consumer_id=pub.consumer_id,
                    provider_id=pub.provider_id,
                    content="{}",
                    interactions_count=0,
                    created_at=pub.created_at,
                )
            )
        conn.execute(
            sa.insert(schema.pact_publications).values(
                id=pub.id,
                consumer_id=pub.consumer_id,
                provider_id=pub.provider_id,
                consumer_version_id=pub.consumer_version_id,
                pact_version_id=shas[pub.pact_version_sha],
                revision_number=pub.revision,
                created_at=pub.created_at,
            )
        )
    for ver in estate.verifications:
        conn.execute(
            sa.insert(schema.verifications).values(
                id=ver.id,
                number=ver.id,
                pact_version_id=shas[ver.pact_version_sha],
                consumer_id=ver.consumer_id,
                provider_id=ver.provider_id,
                provider_version_id=ver.provider_version_id,
                success=ver.success,
                wip=ver.wip,
                execution_date=ver.executed_at,
                created_at=ver.executed_at,
            )
        )
    for env in estate.environments:
        conn.execute(
            sa.insert(schema.environments).values(
                id=env.id, uuid=env.uuid, name=env.name, production=env.production, created_at=T0
            )
        )
    for d in estate.deployed_versions:
        conn.execute(
            sa.insert(schema.deployed_versions).values(
                id=d.id,
                uuid=f"d{d.id}",
                version_id=d.version_id,
                pacticipant_id=estate.version_by_id[d.version_id].pacticipant_id,
                environment_id=d.environment_id,
                created_at=d.created_at,
                undeployed_at=None if d.current else d.created_at,
            )
        )
    for r in estate.released_versions:
        conn.execute(
            sa.insert(schema.released_versions).values(
                id=r.id,
                uuid=f"r{r.id}",
                version_id=r.version_id,
                pacticipant_id=estate.version_by_id[r.version_id].pacticipant_id,
                environment_id=r.environment_id,
                created_at=r.created_at,
                support_ended_at=None if r.supported else r.created_at,
            )
        )


def estate_of_three_teams() -> Estate:
    b = EstateBuilder()
    b.pacticipant("web", main_branch="main")
    b.pacticipant("app", main_branch="main")
    for env in ("test", "prod"):
        b.environment(env)
    b.publish("web", "1", "catalog", "w1", branch="main", tags=("prod",))
    b.publish("web", "1", "stock", "s1", branch="main", tags=("prod",))
    b.verify("catalog", "10", "w1", True, branch="main", tags=("prod",))
    b.verify("stock", "20", "s1", False, branch="main")
    b.publish("web", "2", "catalog", "w2", branch="feat")
    b.publish("app", "1", "catalog", "w1", branch="main")
    b.verify("catalog", "11", "w2", True, branch="main")
    b.publish("app", "2", "catalog", "a2", branch="main")
    b.deploy("catalog", "10", "prod")
    b.deploy("stock", "20", "prod")
    b.deploy("web", "1", "prod")
    b.deploy("catalog", "11", "test")
    b.release("app", "1", "prod")
    b.deploy("web", "2", "test", current=False)
    b.version("web", "3", branch="main")
    return b.build()


def postgres_available() -> bool:
    """True when the PostgreSQL server on 127.0.0.1:5432 answers."""
    try:
        engine = sa.create_engine(f"{POSTGRES_URL}/postgres", connect_args={"connect_timeout": 2})
        with engine.connect():
            pass
        engine.dispose()
    except Exception:
        return False
    return True


@contextmanager
def sqlite_database(directory: Path) -> Iterator[str]:
    """A fresh SQLite database URL in a temporary directory."""
    yield f"sqlite:///{directory}/broker.sqlite3"


@contextmanager
def postgres_database() -> Iterator[str]:
    """A fresh PostgreSQL database, dropped afterwards."""
    name = f"accord_test_{uuid.uuid4().hex[:12]}"
    admin = sa.create_engine(f"{POSTGRES_URL}/postgres", isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(sa.text(f'CREATE DATABASE "{name}"'))
    try:
        yield f"{POSTGRES_URL}/{name}"
    finally:
        with admin.connect() as conn:
            conn.execute(sa.text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


def seeded_engine(url: str, estate: Estate) -> sa.Engine:
    """An engine on ``url`` with the estate written into the schema the migrations build.

    The rows go in at revision 0002, before the maintained ``pact_heads`` table existed, and the last
    migrations then run: their backfill derives the heads, as it does for a broker upgraded in place.
    """
    storage = Storage(url)
    storage.migrate("0002")
    with storage.engine.begin() as conn:
        seed(conn, estate)
    storage.migrate()
    storage.dispose()
    return sa.create_engine(url)


EstateFactory = Callable[[], Estate]
