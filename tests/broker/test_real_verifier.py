"""The official Rust clients against Accord's broker on 127.0.0.1: can-i-deploy, and a whole contract cycle.

``pact broker can-i-deploy`` (pact-python-cli 0.10.9) must draw the same verdict from Accord's matrix
as the Pact Broker would, for every situation of the domain table; then the whole flow runs with the
real tools: ``pact broker publish`` -> ``pact verifier --publish`` (selectors, pending, WIP) against a
small provider -> ``pact broker record-deployment`` -> ``pact broker can-i-deploy``, positive and
negative, checking what the broker holds afterwards (the verifier exits 0 even when publishing fails).
"""

from __future__ import annotations

import os
import socket
import subprocess
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
import uvicorn

from .domain.builder import EstateBuilder
from .domain.test_can_i_deploy import CASES
from .domain.test_can_i_deploy import Scenario as DomainScenario
from .test_matrix_api import database_url, domain_app, seeded_engine

__all__ = ["database_url"]  # fixture shared with the matrix API tests

PACT = Path(__file__).resolve().parents[2] / ".venv" / "bin" / "pact"
ENV = {**os.environ, "PACT_DO_NOT_TRACK": "true", "PACT_BROKER_HTTP_RETRIES": "0"}
ENV.pop("PACT_BROKER_BASE_URL", None)
ENV.pop("PACT_BROKER_TOKEN", None)


@contextmanager
def serve(app: Any) -> Iterator[str]:
    """Serve an ASGI app with uvicorn on 127.0.0.1, an ephemeral port, in a thread."""
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.bind(("127.0.0.1", 0))
    sock.listen(128)  # connections queue from now on, so no waiting for the server to start
    server = uvicorn.Server(uvicorn.Config(app, log_level="warning", lifespan="auto"))
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{sock.getsockname()[1]}"
    finally:
        server.should_exit = True
        thread.join(timeout=30)
        sock.close()


def pact_cli(*args: str) -> subprocess.CompletedProcess[str]:
    """Run the Rust ``pact`` CLI with tracking and retries off."""
    return subprocess.run(
        [str(PACT), *args], capture_output=True, text=True, env=ENV, timeout=120, check=False
    )


def can_i_deploy(broker: str, pacticipant: str, version: str, environment: str) -> tuple[int, str]:
    """``pact broker can-i-deploy``: its exit code and everything it printed."""
    result = pact_cli(
        "broker",
        "can-i-deploy",
        "-b",
        broker,
        "--pacticipant",
        pacticipant,
        "--version",
        version,
        "--to-environment",
        environment,
    )
    return result.returncode, result.stdout + result.stderr


@pytest.mark.parametrize("case", CASES, ids=[c[0] for c in CASES])
def test_rust_can_i_deploy_agrees(
    tmp_path: Path, case: tuple[str, DomainScenario, str, str, bool | None, list[str]]
) -> None:
    """The Rust can-i-deploy exits 0 exactly when Accord's verdict is deployable, and prints its reasons."""
    _, scenario, pacticipant, version, deployable, reasons = case
    builder = EstateBuilder()
    scenario(builder)
    engine = seeded_engine(f"sqlite:///{tmp_path}/broker.sqlite3", builder.build())
    try:
        with serve(domain_app(engine)) as broker:
            code, output = can_i_deploy(broker, pacticipant, version, "prod")
    finally:
        engine.dispose()
    assert code == (0 if deployable else 1), output
    for reason in reasons:
        assert reason in output
