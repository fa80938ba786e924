"""``accord broker``: serve the broker, migrate its database, manage tokens, prune old data."""

from __future__ import annotations

import os
import socket
from collections.abc import Iterator
from contextlib import contextmanager

import click
import sqlalchemy.exc

from accord.broker import BrokerSettings, Storage, create_app, create_token, list_tokens, revoke_token
from accord.broker._settings import DEFAULT_DATABASE_URL
from accord.broker.storage._cleanup import cleanup as run_cleanup
from accord.errors import ConfigurationError, StorageError

_DB_HELP = f"Database URL: sqlite:///file or postgresql://user@host/db (default {DEFAULT_DATABASE_URL})."


@contextmanager
def _database(url: str) -> Iterator[None]:
    """A database that cannot be used (no such folder, PostgreSQL down, bad password) is a StorageError."""
    try:
        yield
    except sqlalchemy.exc.DBAPIError as exc:
        where = url.rsplit("@", maxsplit=1)[-1]  # never print a password
        cause = (str(exc.orig).strip().splitlines() or [type(exc.orig).__name__])[0]
        raise StorageError(
            f"the broker's database {where} cannot be used: {cause}",
            hint="check --database-url (or ACCORD_BROKER_DATABASE_URL): the SQLite file's folder must exist "
            "and be writable, a PostgreSQL server must be running and accept the user",
        ) from None


def _storage(database_url: str | None) -> Storage:
    url = BrokerSettings.from_env(database_url=database_url).database_url
    storage = Storage(url)
    with _database(url):
        storage.migrate()
    return storage


def _check_address(host: str, port: int) -> None:
    """Refuse an address the server cannot listen on before migrating, in Accord's words."""
    try:
        with socket.socket(socket.AF_INET6 if ":" in host else socket.AF_INET) as probe:
            probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)  # as uvicorn binds
            probe.bind((host, port))
    except OSError as exc:
        raise ConfigurationError(
            f"the broker cannot listen on {host}:{port}: {exc.strerror or exc}",
            hint="choose another --port (or stop what listens there), and a --host of this machine",
        ) from None


@click.group()
def broker() -> None:
    """Run and administer an Accord broker (Pact Broker-compatible)."""


@broker.command()
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to bind.")
@click.option(
    "--port", default=9292, show_default=True, type=click.IntRange(0, 65535), help="TCP port to listen on."
)
@click.option("--database-url", envvar="ACCORD_BROKER_DATABASE_URL", help=_DB_HELP)
@click.option(
    "--auth",
    type=click.Choice(["none", "tokens"]),
    default=None,
    help="Require bearer tokens (create them with `accord broker token create`).",
)
@click.option("--base-url", help="Public URL used in links when behind a proxy.")
@click.option(
    "--workers",
    default=1,
    show_default=True,
    type=click.IntRange(min=1),
    help="Worker processes (stateless; they share the database).",
)
def serve(  # noqa: PLR0917 - one parameter per Click option
    host: str, port: int, database_url: str | None, auth: str | None, base_url: str | None, workers: int
) -> None:
    """Serve the broker over HTTP (migrations are applied first)."""
    import uvicorn  # noqa: PLC0415 - only serving needs the server

    _check_address(host, port)
    settings = BrokerSettings.from_env(
        host=host,
        port=port,
        database_url=database_url,
        base_url=base_url,
        token_auth=None if auth is None else auth == "tokens",
    )
    with _database(settings.database_url):
        app = create_app(settings)
    database = app.state.storage.url.split("@")[-1]
    click.echo(f"Accord broker on http://{host}:{port} (database {database}, {workers} worker(s))", err=True)
    if workers == 1:
        uvicorn.run(app, host=host, port=port, log_level="info")
        return
    # Worker processes rebuild the app from the environment; the migrations are already applied.
    app.state.storage.dispose()
    os.environ.update(
        ACCORD_BROKER_DATABASE_URL=settings.database_url,
        ACCORD_BROKER_MIGRATE="false",
        ACCORD_BROKER_AUTH="tokens" if settings.token_auth else "",
        PACT_BROKER_PUBLIC_BASE_URL=settings.base_url or "",
    )
    uvicorn.run(
        "accord.broker._app:create_app_from_env",
        factory=True,
        host=host,
        port=port,
        workers=workers,
        log_level="info",
    )


@broker.command()
@click.option("--database-url", envvar="ACCORD_BROKER_DATABASE_URL", help=_DB_HELP)
def migrate(database_url: str | None) -> None:
    """Apply the database migrations (also done by `serve`)."""
    storage = _storage(database_url)
    click.echo(f"Database at revision {storage.current_revision()}")


@broker.group()
def token() -> None:
    """Create, list and revoke bearer tokens."""


@token.command("create")
@click.argument("name")
@click.option("--role", type=click.Choice(["read", "write", "admin"]), default="write", show_default=True)
@click.option("--database-url", envvar="ACCORD_BROKER_DATABASE_URL", help=_DB_HELP)
def token_create(name: str, role: str, database_url: str | None) -> None:
    """Create a token NAME and print its secret (shown only once)."""
    info, secret = create_token(_storage(database_url), name, role)
    click.echo(f"Created token {info.name} ({info.role}), id {info.uuid}. Its secret, shown once:", err=True)
    click.echo(secret)


@token.command("list")
@click.option("--database-url", envvar="ACCORD_BROKER_DATABASE_URL", help=_DB_HELP)
def token_list(database_url: str | None) -> None:
    """List tokens (never their secrets)."""
    for info in list_tokens(_storage(database_url)):
        state = f"revoked {info.revoked_at:%Y-%m-%d}" if info.revoked_at else "active"
        click.echo(f"{info.uuid}  {info.name:<24} {info.role:<6} created {info.created_at:%Y-%m-%d}  {state}")


@token.command("revoke")
@click.argument("ident")
@click.option("--database-url", envvar="ACCORD_BROKER_DATABASE_URL", help=_DB_HELP)
def token_revoke(ident: str, database_url: str | None) -> None:
    """Revoke the token with id or name IDENT."""
    count = revoke_token(_storage(database_url), ident)
    click.echo(f"Revoked {count} token(s)")


@broker.command()
@click.option(
    "--keep",
    required=True,
    type=click.IntRange(min=1),
    help="Versions to keep per pacticipant, besides branch heads, latest tagged, deployed and released.",
)
@click.option("--dry-run", is_flag=True, help="Only list what would be deleted.")
@click.option("--database-url", envvar="ACCORD_BROKER_DATABASE_URL", help=_DB_HELP)
def cleanup(keep: int, dry_run: bool, database_url: str | None) -> None:
    """Delete old versions that no selector, branch head, deployment or release still needs."""
    report = run_cleanup(_storage(database_url), keep, dry_run=dry_run)
    verb = "Would delete" if dry_run else "Deleted"
    for pacticipant, number in report.removed:
        click.echo(f"{verb} {pacticipant} {number}")
    click.echo(f"{verb} {len(report.removed)} version(s); kept {report.kept}.")


__all__ = ["broker"]
