"""The broker's database: engine creation, transactions with retry, and Alembic migrations.

``Storage`` is the one object the app keeps (``request.app.state.storage``). It holds no state that
matters between requests — only the connection pool — so several replicas on one PostgreSQL database
behave as one broker.

- SQLite (the default, a file in the working directory) runs in WAL mode with foreign keys on, and a
  write transaction starts with ``BEGIN IMMEDIATE`` so that two writers queue on the database lock
  instead of failing half-way.
- PostgreSQL is reached through psycopg 3; ``postgresql://`` and ``postgres://`` URLs are accepted and
  rewritten to SQLAlchemy's ``postgresql+psycopg://``.

Writes run through `Storage.write`: the whole unit of work is one transaction, and it is re-run from
the start when it lost a race (a unique constraint violated by a concurrent writer, a deadlock, a
serialisation failure or a busy SQLite file), so that concurrent publications of the same pacticipant
or version converge on one row.
"""

from __future__ import annotations

import logging
import random
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any, TypeVar

import sqlalchemy as sa
from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from sqlalchemy import Connection, Engine, event
from sqlalchemy.exc import DBAPIError, IntegrityError, OperationalError

from accord.errors import ConfigurationError, StorageError

_T = TypeVar("_T")
_LOG = logging.getLogger("accord.broker.storage")
_MIGRATIONS = Path(__file__).parent / "migrations"
_WRITE_OPTION = "accord_write"
_RETRIES = 12
# PostgreSQL: unique_violation, serialization_failure, deadlock_detected.
_RETRYABLE_PG_CODES = {"23505", "40001", "40P01"}
_MIGRATION_LOCK_ID = 0x6163636F7264  # "accord": serialises replicas migrating one database


def normalise_database_url(url: str) -> str:
    """The SQLAlchemy URL for a user-given database URL.

    Accepts ``sqlite:///path``, a bare file path (taken as SQLite), ``postgresql://``,
    ``postgres://`` and ``postgresql+psycopg://``.

    Raises:
        ConfigurationError: for any other scheme.
    """
    if "://" not in url:
        return f"sqlite:///{url}"
    scheme, _, rest = url.partition("://")
    if scheme in {"postgresql", "postgres", "postgresql+psycopg"}:
        return f"postgresql+psycopg://{rest}"
    if scheme in {"sqlite", "sqlite+pysqlite"}:
        return url
    raise ConfigurationError(
        f"unsupported database URL scheme {scheme!r} in {url!r}",
        hint="use sqlite:///path/to/file.sqlite3 or postgresql://user@host:5432/dbname",
    )


def _configure_sqlite(engine: Engine) -> None:
    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection: Any, _record: Any) -> None:
        # Let SQLAlchemy's "begin" event below emit BEGIN itself (pysqlite's implicit BEGIN is deferred).
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA busy_timeout=30000")
        cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(conn: Connection) -> None:
        immediate = conn.get_execution_options().get(_WRITE_OPTION, False)
        conn.exec_driver_sql("BEGIN IMMEDIATE" if immediate else "BEGIN")


def _retryable(error: DBAPIError) -> bool:
    code = getattr(error.orig, "sqlstate", None)
    if code is not None:
        return code in _RETRYABLE_PG_CODES
    if isinstance(error, IntegrityError):
        return "UNIQUE constraint failed" in str(error.orig)
    return isinstance(error, OperationalError) and "locked" in str(error.orig)


class Storage:
    """The broker's database: an engine plus transactional helpers.

    Attributes:
        url: the SQLAlchemy URL in use.
        engine: the SQLAlchemy engine (a pool; safe to share between threads).
    """

    def __init__(self, database_url: str, *, pool_size: int = 10) -> None:
        self.url = normalise_database_url(database_url)
        self.is_sqlite = self.url.startswith("sqlite")
        if self.is_sqlite:
            self.engine = sa.create_engine(
                self.url, connect_args={"check_same_thread": False, "timeout": 30}, pool_size=pool_size
            )
            _configure_sqlite(self.engine)
        else:
            try:
                self.engine = sa.create_engine(
                    self.url, pool_size=pool_size, max_overflow=pool_size, pool_recycle=1800
                )
            except ModuleNotFoundError as error:
                raise ConfigurationError(
                    "PostgreSQL support needs psycopg 3, which is not installed",
                    hint="pip install 'accord[postgres]'",
                ) from error

    @contextmanager
    def read(self) -> Iterator[Connection]:
        """A connection for reading (one transaction, rolled back at the end)."""
        with self.engine.connect() as conn:
            yield conn

    @contextmanager
    def transaction(self) -> Iterator[Connection]:
        """One write transaction: committed when the block ends, rolled back if it raises."""
        with self.engine.connect() as conn:
            conn.execution_options(**{_WRITE_OPTION: True})
            with conn.begin():
                yield conn

    def write(self, work: Callable[[Connection], _T]) -> _T:
        """Run ``work`` in one transaction, re-running it from scratch when it lost a race.

        Raises:
            StorageError: when the transaction still conflicts after several attempts.
        """
        last: DBAPIError | None = None
        for attempt in range(_RETRIES):
            try:
                with self.transaction() as conn:
                    return work(conn)
            except DBAPIError as error:
                if not _retryable(error):
                    raise
                last = error
                _LOG.info("write conflict (attempt %d), retrying: %s", attempt + 1, error.orig)
                # Jittered back-off so that writers who collided do not collide again in lockstep.
                time.sleep(random.uniform(0, 0.005 * (attempt + 1)))
        raise StorageError(
            f"the database kept reporting conflicts after {_RETRIES} attempts: {last.orig if last else ''}",
            hint="retry the request; if it persists, check the database's health",
        )

    def migrate(self, revision: str = "head") -> None:
        """Apply the Alembic migrations shipped with Accord (idempotent; safe with several replicas).

        Args:
            revision: the revision to stop at (every one by default); tests and the benchmark stop
                early to load data the way an older broker held it, then upgrade the rest of the way.
        """
        config = Config()
        config.set_main_option("script_location", str(_MIGRATIONS))
        with self.engine.connect() as conn:
            if not self.is_sqlite:
                conn.exec_driver_sql(f"SELECT pg_advisory_lock({_MIGRATION_LOCK_ID})")
            try:
                config.attributes["connection"] = conn
                command.upgrade(config, revision)
                conn.commit()
            finally:
                if not self.is_sqlite:
                    conn.exec_driver_sql(f"SELECT pg_advisory_unlock({_MIGRATION_LOCK_ID})")
                    conn.commit()

    def current_revision(self) -> str | None:
        """The Alembic revision the database is at, or ``None`` before the first migration."""
        with self.engine.connect() as conn:
            return MigrationContext.configure(conn).get_current_revision()

    def dispose(self) -> None:
        """Close every pooled connection."""
        self.engine.dispose()


__all__ = ["Storage", "normalise_database_url"]
