"""The official Rust clients against Accord's broker on 127.0.0.1: can-i-deploy, and a whole contract cycle.

``pact broker can-i-deploy`` (pact-python-cli 0.10.9) must draw the same verdict from Accord's matrix
as the Pact Broker would, for every situation of the domain table; then the whole flow runs with the
real tools: ``pact broker publish`` -> ``pact verifier --publish`` (selectors, pending, WIP) against a
small provider -> ``pact broker record-deployment`` -> ``pact broker can-i-deploy``, positive and
negative, checking what the broker holds afterwards (the verifier exits 0 even when publishing fails).
"""

from __future__ import annotations

import json
import os
import socket
import subprocess
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import httpx
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


def _pact(consumer: str, fields: dict[str, Any]) -> dict[str, Any]:
    return {
        "consumer": {"name": consumer},
        "provider": {"name": "catalog"},
        "interactions": [
            {
                "description": "a request for item 1",
                "providerStates": [{"name": "item 1 exists"}],
                "request": {"method": "GET", "path": "/items/1"},
                "response": {
                    "status": 200,
                    "headers": {"Content-Type": "application/json"},
                    "body": {"id": 1, **fields},
                    "matchingRules": {"body": {"$.name": {"matchers": [{"match": "type"}]}}},
                },
            }
        ],
        "metadata": {"pactSpecification": {"version": "3.0.0"}},
    }


class _Catalog(BaseHTTPRequestHandler):
    """The provider: item 1 has an id and a name (no price)."""

    def do_GET(self) -> None:
        body = json.dumps({"id": 1, "name": "pen"}).encode() if self.path == "/items/1" else b"{}"
        self.send_response(200 if self.path == "/items/1" else 404)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def do_POST(self) -> None:  # provider states
        self.rfile.read(int(self.headers.get("Content-Length") or 0))
        self.send_response(200)
        self.send_header("Content-Length", "2")
        self.end_headers()
        self.wfile.write(b"{}")

    def log_message(self, format: str, *args: Any) -> None:
        """Keep test output quiet."""


@contextmanager
def catalog_provider() -> Iterator[int]:
    """The provider on 127.0.0.1, an ephemeral port."""
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Catalog)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield server.server_address[1]
    finally:
        server.shutdown()
        thread.join(timeout=30)
        server.server_close()


def publish(
    broker: str, directory: Path, consumer: str, version: str, *, branch: str, fields: dict[str, Any]
) -> None:
    """``pact broker publish`` one pact file for a consumer version."""
    folder = directory / f"{consumer}-{version}"
    folder.mkdir()
    (folder / f"{consumer}-catalog.json").write_text(json.dumps(_pact(consumer, fields)))
    result = pact_cli(
        "broker", "publish", str(folder), "-b", broker, "--consumer-app-version", version, "--branch", branch
    )
    assert result.returncode == 0, result.stdout + result.stderr


def verify(broker: str, port: int, version: str, *selectors: str) -> subprocess.CompletedProcess[str]:
    """``pact verifier`` from the broker, publishing, pending and WIP on."""
    args = [
        "verifier",
        "--broker-url",
        broker,
        "--provider-name",
        "catalog",
        "-h",
        "127.0.0.1",
        "-p",
        str(port),
        "-s",
        f"http://127.0.0.1:{port}/_pact/state",
        "--publish",
        "--provider-version",
        version,
        "--provider-branch",
        "main",
        "--enable-pending",
        "--include-wip-pacts-since",
        "2026-01-01",
    ]
    for selector in selectors:
        args += ["--consumer-version-selectors", selector]
    return pact_cli(*args)


def results(broker: str, consumer: str, version: str) -> list[tuple[str, bool | None]]:
    """What the broker holds: (provider version, success) rows of the consumer version's matrix."""
    response = httpx.get(
        f"{broker}/matrix", params=[("q[][pacticipant]", consumer), ("q[][version]", version)], timeout=30
    )
    assert response.status_code == 200, response.text
    return sorted(
        (
            row["provider"]["version"]["number"] if row["provider"]["version"] else "",
            row["verificationResult"] and row["verificationResult"]["success"],
        )
        for row in response.json()["matrix"]
    )


def test_whole_cycle_with_the_rust_tools(database_url: str, tmp_path: Path) -> None:
    """Publish, verify (pending, WIP), record deployments, can-i-deploy: the broker holds what it should."""
    from accord.broker import BrokerSettings, create_app

    app = create_app(BrokerSettings(database_url=database_url))
    try:
        _cycle(app, tmp_path)
    finally:
        app.state.storage.dispose()


def _cycle(app: Any, tmp_path: Path) -> None:
    with serve(app) as broker, catalog_provider() as port:
        assert pact_cli("broker", "create-environment", "-b", broker, "--name", "prod").returncode == 0
        publish(broker, tmp_path, "web", "1", branch="main", fields={"name": "pen"})

        # positive: the provider verifies web 1 from its main branch and publishes the result
        first = verify(broker, port, "10", '{"mainBranch": true}', '{"deployedOrReleased": true}')
        assert first.returncode == 0, first.stdout + first.stderr
        assert results(broker, "web", "1") == [("10", True)]
        assert can_i_deploy(broker, "web", "1", "prod")[0] == 1  # catalog is not in prod yet
        assert can_i_deploy(broker, "catalog", "10", "prod")[0] == 0  # no consumer in prod: chicken and egg
        for pacticipant, version in (("catalog", "10"), ("web", "1")):
            recorded = pact_cli(
                "broker",
                "record-deployment",
                "-b",
                broker,
                "--pacticipant",
                pacticipant,
                "--version",
                version,
                "--environment",
                "prod",
            )
            assert recorded.returncode == 0, recorded.stdout + recorded.stderr
        assert can_i_deploy(broker, "web", "1", "prod")[0] == 0

        # negative: web 2 on a feature branch expects a price the provider does not return
        publish(broker, tmp_path, "web", "2", branch="feat-price", fields={"name": "pen", "price": 3})
        code, output = can_i_deploy(broker, "web", "2", "prod")
        assert code == 1
        assert (
            "There is no verified pact between version 2 of web and the version of catalog currently in "
            "prod (10)" in output
        )
        second = verify(broker, port, "11", '{"mainBranch": true}', '{"deployedOrReleased": true}')
        assert second.returncode == 0, second.stdout + second.stderr  # web 2 came as a pending WIP pact
        assert "WIP" in second.stdout or "work in progress" in second.stdout
        assert results(broker, "web", "2") == [("11", False)]
        assert results(broker, "web", "1") == [("10", True), ("11", True)]
        deployed = pact_cli(
            "broker",
            "record-deployment",
            "-b",
            broker,
            "--pacticipant",
            "catalog",
            "--version",
            "11",
            "--environment",
            "prod",
        )
        assert deployed.returncode == 0
        code, output = can_i_deploy(broker, "web", "2", "prod")
        assert code == 1
        assert (
            "The verification for the pact between version 2 of web and the version of catalog currently in "
            "prod (11) failed"
        ) in output
        assert can_i_deploy(broker, "web", "1", "prod")[0] == 0
