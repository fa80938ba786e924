"""Storage (URLs, migrations, clean-up) and the ``accord broker`` commands."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import httpx
import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from starlette.applications import Starlette

from accord.broker import Storage
from accord.broker.storage import normalise_database_url
from accord.broker.storage._cleanup import cleanup
from accord.broker.storage._schema import metadata
from accord.errors import ConfigurationError

from .conftest import publication

ACCORD = Path(__file__).resolve().parents[2] / ".venv" / "bin" / "accord"


@pytest.mark.parametrize(
    ("given", "expected"),
    [
        ("postgresql://u@h:5432/db", "postgresql+psycopg://u@h:5432/db"),
        ("postgres://u@h/db", "postgresql+psycopg://u@h/db"),
        ("postgresql+psycopg://u@h/db", "postgresql+psycopg://u@h/db"),
        ("sqlite:///x.sqlite3", "sqlite:///x.sqlite3"),
        ("broker.sqlite3", "sqlite:///broker.sqlite3"),
    ],
)
def test_database_urls(given: str, expected: str) -> None:
    """postgres:// and postgresql:// use psycopg 3; a bare path is a SQLite file."""
    assert normalise_database_url(given) == expected


def test_unknown_database_scheme_is_refused() -> None:
    """A MySQL URL is a configuration error with a hint."""
    with pytest.raises(ConfigurationError, match="unsupported database URL scheme"):
        normalise_database_url("mysql://u@h/db")


def test_sqlite_runs_in_wal_mode_with_foreign_keys(tmp_path: Path) -> None:
    """The SQLite file is in WAL mode and enforces foreign keys; migrating twice is harmless."""
    storage = Storage(f"sqlite:///{tmp_path / 'b.sqlite3'}")
    storage.migrate()
    storage.migrate()
    with storage.read() as conn:
        assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
    assert storage.current_revision() == "0006"


async def _estate(client: httpx.AsyncClient) -> None:
    for number in ("1", "2", "3", "4", "5", "6"):
        await client.post("/contracts/publish", json=publication("web", number, {"api": number}))
    await client.post("/contracts/publish", json=publication("web", "7", {"api": "7"}, branch="feat"))
    await client.put("/pacticipants/web/versions/2/tags/prod", json={})
    env = (await client.post("/environments", json={"name": "prod"})).json()["uuid"]
    await client.post(f"/pacticipants/web/versions/3/deployed-versions/environment/{env}", json={})
    for consumer_version, provider_version in (("3", "a1"), ("4", "a2")):
        pact = (await client.get(f"/pacts/provider/api/consumer/web/version/{consumer_version}")).json()
        href = pact["_links"]["pb:publish-verification-results"]["href"]
        await client.post(href, json={"success": True, "providerApplicationVersion": provider_version})


@pytest.mark.anyio
@pytest.mark.parametrize("dry_run", [True, False])
async def test_cleanup_keeps_what_selectors_need(
    client: httpx.AsyncClient, app: Starlette, dry_run: bool
) -> None:
    """--keep 1 removes old versions except the newest, branch heads, latest tagged, deployed, and the
    provider versions that verified kept pacts; --dry-run removes nothing."""
    await _estate(client)
    report = cleanup(app.state.storage, 1, dry_run=dry_run)
    # api a2 is api's newest version; a1 verified the kept (deployed) web 3.
    assert sorted(report.removed) == [("web", "1"), ("web", "4"), ("web", "5")]
    remaining = [
        v["number"] for v in (await client.get("/pacticipants/web/versions")).json()["_embedded"]["versions"]
    ]
    assert remaining == (["7", "6", "5", "4", "3", "2", "1"] if dry_run else ["7", "6", "3", "2"])
    assert (await client.get("/pacts/provider/api/consumer/web/version/3")).status_code == 200


@pytest.mark.parametrize(
    ("args", "exit_code", "words"),
    [
        (["migrate"], 0, "revision 0006"),
        (["token", "create", "ci", "--role", "read"], 0, "acc_"),
        (["token", "revoke", "nobody"], 2, "no active token"),
        (["token", "create", "x", "--role", "root"], 2, "Invalid value"),
        (["cleanup", "--keep", "3", "--dry-run"], 0, "Would delete 0 version(s)"),
        (["cleanup", "--keep", "0"], 2, "Invalid value"),
        (["serve", "--host", "0.0.0.0"], 2, "without authentication"),
    ],
)
def test_broker_commands(tmp_path: Path, args: list[str], exit_code: int, words: str) -> None:
    """The commands succeed, or fail with the cause and a hint (never a traceback)."""
    url = f"sqlite:///{tmp_path / 'cli.sqlite3'}"
    result = subprocess.run(
        [str(ACCORD), "broker", *args],
        capture_output=True,
        text=True,
        env={**os.environ, "ACCORD_BROKER_DATABASE_URL": url},
        timeout=60,
        check=False,
    )
    output = result.stdout + result.stderr
    assert result.returncode == exit_code, output
    assert words in output
    assert "Traceback" not in output


def test_migrations_build_exactly_the_schema(db_url: str) -> None:
    """After migrating, the database matches the SQLAlchemy tables: no table, column or index drifted."""
    storage = Storage(db_url)
    storage.migrate()
    with storage.engine.connect() as conn:
        differences = compare_metadata(MigrationContext.configure(conn), metadata)
    storage.dispose()
    assert differences == []
