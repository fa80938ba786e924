"""Fixtures for the broker service tests: a fresh database per test (SQLite file or PostgreSQL),
an app on it, an httpx client over ASGI, and a real uvicorn server on 127.0.0.1 port 0."""

from __future__ import annotations

import base64
import json
import os
import threading
import uuid
from collections.abc import AsyncIterator, Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import httpx
import pytest
import sqlalchemy as sa
import uvicorn
from starlette.applications import Starlette

from accord.broker import BrokerSettings, Storage, create_app
from accord.broker.storage._schema import metadata

pytest.register_assert_rewrite("broker.peer_cycle")  # a helper module full of asserts

PG_SERVER = os.environ.get("ACCORD_TEST_POSTGRES", "postgresql+psycopg://postgres@127.0.0.1:5432")


def _postgres_up() -> bool:
    try:
        engine = sa.create_engine(f"{PG_SERVER}/postgres")
        with engine.connect():
            pass
        engine.dispose()
        return True
    except Exception:
        return False


POSTGRES_UP = _postgres_up()


@contextmanager
def postgres_db() -> Iterator[str]:
    """A PostgreSQL database created for one test and dropped afterwards."""
    name = f"accord_test_{uuid.uuid4().hex[:12]}"
    admin = sa.create_engine(f"{PG_SERVER}/postgres", isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.exec_driver_sql(f'CREATE DATABASE "{name}"')
    try:
        yield f"{PG_SERVER}/{name}"
    finally:
        with admin.connect() as conn:
            conn.exec_driver_sql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin.dispose()


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def db_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """A fresh, empty database URL: a SQLite file, or a PostgreSQL database of its own."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'broker.sqlite3'}"
        return
    if not POSTGRES_UP:
        pytest.fail("PostgreSQL is not reachable on 127.0.0.1:5432 (start it, or deselect -m 'not postgres')")
    with postgres_db() as url:
        yield url


@pytest.fixture
def anyio_backend() -> str:
    """Run async tests on asyncio."""
    return "asyncio"


@pytest.fixture
def app(db_url: str) -> Iterator[Starlette]:
    """A broker app (no auth, loopback) on a fresh database."""
    application = create_app(BrokerSettings(database_url=db_url))
    yield application
    application.state.storage.dispose()


@pytest.fixture
async def client(app: Starlette) -> AsyncIterator[httpx.AsyncClient]:
    """An httpx client talking to the app in-process."""
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://broker") as c:
        yield c


def pact(consumer: str, provider: str, marker: str = "a") -> dict[str, Any]:
    """A small V3 pact whose content differs by ``marker``."""
    return {
        "consumer": {"name": consumer},
        "provider": {"name": provider},
        "interactions": [
            {
                "description": f"a request for {marker}",
                "request": {"method": "GET", "path": f"/items/{marker}"},
                "response": {"status": 200, "body": {"id": marker}},
            }
        ],
        "metadata": {"pactSpecification": {"version": "3.0.0"}},
    }


def publication(
    consumer: str,
    version: str,
    providers: dict[str, str],
    *,
    branch: str | None = "main",
    tags: list[str] | None = None,
    on_conflict: str | None = None,
) -> dict[str, Any]:
    """A ``POST /contracts/publish`` body: one pact per provider (``{provider: marker}``)."""
    contracts = []
    for provider, marker in providers.items():
        contract = {
            "consumerName": consumer,
            "providerName": provider,
            "specification": "pact",
            "contentType": "application/json",
            "content": base64.b64encode(json.dumps(pact(consumer, provider, marker)).encode()).decode(),
        }
        if on_conflict:
            contract["onConflict"] = on_conflict
        contracts.append(contract)
    body: dict[str, Any] = {
        "pacticipantName": consumer,
        "pacticipantVersionNumber": version,
        "tags": tags or [],
        "contracts": contracts,
    }
    if branch:
        body["branch"] = branch
    return body


def table_counts(url: str) -> dict[str, int]:
    """Rows per table (to prove that a refused request stored nothing)."""
    storage = Storage(url)
    with storage.read() as conn:
        counts = {
            name: conn.execute(sa.select(sa.func.count()).select_from(table)).scalar_one()
            for name, table in metadata.tables.items()
        }
    storage.dispose()
    return counts


@contextmanager
def serve_on_loopback(handler: type[BaseHTTPRequestHandler]) -> Iterator[str]:
    """A threaded ``http.server`` with ``handler`` on 127.0.0.1 port 0; yields its base URL."""
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(10)


class ServerThread:
    """uvicorn serving an app on 127.0.0.1 port 0 in a thread; ``url`` once started."""

    def __init__(self, app: Starlette) -> None:
        config = uvicorn.Config(app, host="127.0.0.1", port=0, log_level="warning", lifespan="off")
        self.server = uvicorn.Server(config)
        self.thread = threading.Thread(target=self.server.run, daemon=True)
        self.url = ""

    def __enter__(self) -> ServerThread:
        started = threading.Event()
        original = self.server.startup

        async def startup(sockets: Any = None) -> None:
            await original(sockets)
            started.set()

        self.server.startup = startup  # type: ignore[method-assign]
        self.thread.start()
        if not started.wait(30):
            raise RuntimeError("uvicorn did not start")
        port = self.server.servers[0].sockets[0].getsockname()[1]
        self.url = f"http://127.0.0.1:{port}"
        return self

    def __exit__(self, *exc: object) -> None:
        self.server.should_exit = True
        self.thread.join(30)


@pytest.fixture
def live_server(app: Starlette) -> Iterator[ServerThread]:
    """The app served by uvicorn on a real loopback socket."""
    with ServerThread(app) as server:
        yield server
