"""A broker killed with SIGKILL mid-load restarts on a consistent database; Schemathesis, driven by
``/openapi.json``, finds no 500."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import threading
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from pathlib import Path

import httpx
import pytest
import sqlalchemy as sa

from accord.broker import Storage
from accord.broker.storage import _schema as t

from .conftest import ServerThread, publication

BIN = Path(__file__).resolve().parents[2] / ".venv" / "bin"


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


@contextmanager
def broker_process(db_url: str, *extra: str) -> Iterator[tuple[subprocess.Popen[str], str]]:
    """``accord broker serve`` in its own process; yields once uvicorn reports it is listening."""
    port = _free_port()
    process = subprocess.Popen(
        [str(BIN / "accord"), "broker", "serve", "--port", str(port), "--database-url", db_url, *extra],
        stderr=subprocess.PIPE,
        text=True,
        env={**os.environ, "PYTHONUNBUFFERED": "1"},
    )
    assert process.stderr is not None
    workers = int(extra[extra.index("--workers") + 1]) if "--workers" in extra else 1
    for line in process.stderr:
        if "Application startup complete" in line:
            workers -= 1
            if workers == 0:
                break
    else:
        raise AssertionError("the broker did not start")
    drain = threading.Thread(target=process.stderr.read, daemon=True)  # keep the pipe from filling
    drain.start()
    try:
        yield process, f"http://127.0.0.1:{port}"
    finally:
        if process.poll() is None:
            process.terminate()  # uvicorn's parent stops its worker processes on SIGTERM
        try:
            process.wait(30)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(30)
        drain.join(30)
        process.stderr.close()


@pytest.mark.slow
def test_sigkill_mid_load_leaves_a_consistent_database(db_url: str) -> None:
    """Every publication is all or nothing: after a SIGKILL during 8 concurrent publishers, each stored
    consumer version has both its pacts, and the restarted broker serves them."""
    published = threading.Semaphore(0)

    def publisher(url: str, worker: int) -> None:
        with httpx.Client(base_url=url, timeout=10) as http:
            for n in range(200):
                try:
                    http.post(
                        "/contracts/publish",
                        json=publication("web", f"{worker}.{n}", {"api": f"{worker}.{n}", "auth": "x"}),
                    )
                except httpx.TransportError:
                    return
                published.release()

    with broker_process(db_url) as (process, url), ThreadPoolExecutor(8) as pool:
        futures = [pool.submit(publisher, url, worker) for worker in range(8)]
        for _ in range(40):
            published.acquire()
        process.send_signal(signal.SIGKILL)
        for future in futures:
            future.result()

    storage = Storage(db_url)
    with storage.read() as conn:
        per_version = conn.execute(
            sa.select(t.versions.c.number, sa.func.count(t.pact_publications.c.id))
            .outerjoin(t.pact_publications, t.pact_publications.c.consumer_version_id == t.versions.c.id)
            .join(t.pacticipants, t.pacticipants.c.id == t.versions.c.pacticipant_id)
            .where(t.pacticipants.c.name == "web")
            .group_by(t.versions.c.number)
        ).all()
    storage.dispose()
    assert len(per_version) >= 40
    assert {count for _, count in per_version} == {2}
    with broker_process(db_url) as (_, url), httpx.Client(base_url=url) as http:
        number = per_version[0][0]
        assert http.get(f"/pacts/provider/auth/consumer/web/version/{number}").status_code == 200


@pytest.mark.slow
def test_serve_with_worker_processes(db_url: str) -> None:
    """``--workers 2``: stateless worker processes share the database; what one stores, all serve."""
    with broker_process(db_url, "--workers", "2") as (_, url), httpx.Client(base_url=url, timeout=30) as http:
        for n in range(6):
            response = http.post("/contracts/publish", json=publication("web", str(n), {"api": str(n)}))
            assert response.status_code == 200, response.text
        numbers = [
            v["number"] for v in http.get("/pacticipants/web/versions").json()["_embedded"]["versions"]
        ]
        assert numbers == ["5", "4", "3", "2", "1", "0"]


@pytest.mark.slow
@pytest.mark.parametrize("db_url", ["sqlite"], indirect=True)
def test_schemathesis_finds_no_server_error(live_server: ServerThread) -> None:
    """Schemathesis generates requests for every operation in /openapi.json; none gets a 5xx."""
    result = subprocess.run(
        [
            str(BIN / "schemathesis"),
            "run",
            f"{live_server.url}/openapi.json",
            "--checks",
            "not_a_server_error",
            "--max-examples",
            "10",
            "--seed",
            "1",
        ],
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    assert result.returncode == 0, result.stdout[-3000:]
