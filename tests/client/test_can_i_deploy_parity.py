"""`accord can-i-deploy` and the Rust `pact broker can-i-deploy` on the same Accord broker: same verdict.

Each situation is built on a fresh Accord broker (``accord.broker.create_app`` on a temporary SQLite
database, served by uvicorn on 127.0.0.1) through Accord's own client, as a pipeline would: publish
pacts, publish verification results, record deployments, tag versions. Then both CLIs are asked the
same question; their exit codes (0 deployable, 1 not) must agree, and equal the expected verdict.
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

from accord.broker import BrokerSettings, create_app
from accord.cli._main import main
from accord.client import HalClient, create_environment, publish, record_deployment

from .conftest import write_pact

PACT = Path(__file__).resolve().parents[2] / ".venv" / "bin" / "pact"

# steps: ("pact", consumer, version, providers, branch) (each version's pact content differs),
#        ("verify", provider, version, consumer, consumer version, success), ("deploy", pacticipant, version),
#        ("version", pacticipant, version, branch), ("tag", pacticipant, version, tag)
Step = tuple[Any, ...]
SITUATIONS: list[tuple[str, list[Step], list[str], int]] = [
    (
        "consumer verified by the deployed provider",
        [
            ("pact", "web", "1", ["catalog"], "main"),
            ("verify", "catalog", "2", "web", "1", True),
            ("deploy", "catalog", "2"),
        ],
        ["-a", "web", "-e", "1", "--to-environment", "prod"],
        0,
    ),
    (
        "consumer failed by the deployed provider",
        [
            ("pact", "web", "1", ["catalog"], "main"),
            ("verify", "catalog", "2", "web", "1", False),
            ("deploy", "catalog", "2"),
        ],
        ["-a", "web", "-e", "1", "--to-environment", "prod"],
        1,
    ),
    (
        "consumer pact not verified yet",
        [
            ("pact", "web", "1", ["catalog"], "main"),
            ("version", "catalog", "2", "main"),
            ("deploy", "catalog", "2"),
        ],
        ["-a", "web", "-e", "1", "--to-environment", "prod"],
        1,
    ),
    (
        "provider not in the environment",
        [("pact", "web", "1", ["catalog"], "main"), ("verify", "catalog", "2", "web", "1", True)],
        ["-a", "web", "-e", "1", "--to-environment", "prod"],
        1,
    ),
    (
        "provider not in the environment, ignored",
        [("pact", "web", "1", ["catalog"], "main"), ("verify", "catalog", "2", "web", "1", True)],
        ["-a", "web", "-e", "1", "--to-environment", "prod", "--ignore", "catalog"],
        0,
    ),
    (
        "consumer version without pacts",
        [("pact", "web", "1", ["catalog"], "main"), ("version", "web", "2", "main")],
        ["-a", "web", "-e", "2", "--to-environment", "prod"],
        0,
    ),
    (
        "verified only by an older provider version than the deployed one",
        [
            ("pact", "web", "1", ["catalog"], "main"),
            ("verify", "catalog", "2", "web", "1", True),
            ("version", "catalog", "3", "main"),
            ("deploy", "catalog", "3"),
        ],
        ["-a", "web", "-e", "1", "--to-environment", "prod"],
        1,
    ),
    (
        "two providers deployed, both verified",
        [
            ("pact", "web", "1", ["catalog", "orders"], "main"),
            ("verify", "catalog", "2", "web", "1", True),
            ("verify", "orders", "5", "web", "1", True),
            ("deploy", "catalog", "2"),
            ("deploy", "orders", "5"),
        ],
        ["-a", "web", "-e", "1", "--to-environment", "prod"],
        0,
    ),
    (
        "two providers deployed, one failed",
        [
            ("pact", "web", "1", ["catalog", "orders"], "main"),
            ("verify", "catalog", "2", "web", "1", True),
            ("verify", "orders", "5", "web", "1", False),
            ("deploy", "catalog", "2"),
            ("deploy", "orders", "5"),
        ],
        ["-a", "web", "-e", "1", "--to-environment", "prod"],
        1,
    ),
    (
        "two providers, the failing one ignored",
        [
            ("pact", "web", "1", ["catalog", "orders"], "main"),
            ("verify", "catalog", "2", "web", "1", True),
            ("verify", "orders", "5", "web", "1", False),
            ("deploy", "catalog", "2"),
            ("deploy", "orders", "5"),
        ],
        ["-a", "web", "-e", "1", "--to-environment", "prod", "--ignore", "orders"],
        0,
    ),
    (
        "provider verified the deployed consumer",
        [
            ("pact", "web", "1", ["catalog"], "main"),
            ("verify", "catalog", "2", "web", "1", True),
            ("deploy", "web", "1"),
        ],
        ["-a", "catalog", "-e", "2", "--to-environment", "prod"],
        0,
    ),
    (
        "provider failed the deployed consumer",
        [
            ("pact", "web", "1", ["catalog"], "main"),
            ("verify", "catalog", "2", "web", "1", False),
            ("deploy", "web", "1"),
        ],
        ["-a", "catalog", "-e", "2", "--to-environment", "prod"],
        1,
    ),
    (
        "new provider version has not verified the deployed consumer",
        [
            ("pact", "web", "1", ["catalog"], "main"),
            ("verify", "catalog", "2", "web", "1", True),
            ("deploy", "web", "1"),
            ("version", "catalog", "3", "main"),
        ],
        ["-a", "catalog", "-e", "3", "--to-environment", "prod"],
        1,
    ),
    (
        "provider with no consumer deployed",
        [("pact", "web", "1", ["catalog"], "main"), ("verify", "catalog", "2", "web", "1", False)],
        ["-a", "catalog", "-e", "2", "--to-environment", "prod"],
        0,
    ),
    (
        "unknown version of a known pacticipant",
        [("pact", "web", "1", ["catalog"], "main")],
        ["-a", "web", "-e", "9", "--to-environment", "prod"],
        1,
    ),
    (
        "latest version of a branch, verified",
        [
            ("pact", "web", "1", ["catalog"], "main"),
            ("pact", "web", "2", ["catalog"], "feat"),
            ("verify", "catalog", "2", "web", "1", True),
            ("verify", "catalog", "2", "web", "2", False),
            ("deploy", "catalog", "2"),
        ],
        ["-a", "web", "--latest", "--branch", "main", "--to-environment", "prod"],
        0,
    ),
    (
        "latest version of a branch, failed",
        [
            ("pact", "web", "1", ["catalog"], "main"),
            ("pact", "web", "2", ["catalog"], "feat"),
            ("verify", "catalog", "2", "web", "1", True),
            ("verify", "catalog", "2", "web", "2", False),
            ("deploy", "catalog", "2"),
        ],
        ["-a", "web", "--latest", "--branch", "feat", "--to-environment", "prod"],
        1,
    ),
    (
        "to a tag: the tagged provider verified it",
        [
            ("pact", "web", "1", ["catalog"], "main"),
            ("verify", "catalog", "2", "web", "1", True),
            ("tag", "catalog", "2", "prod"),
        ],
        ["-a", "web", "-e", "1", "--to", "prod"],
        0,
    ),
    (
        "to a tag: the tagged provider failed it",
        [
            ("pact", "web", "1", ["catalog"], "main"),
            ("verify", "catalog", "2", "web", "1", False),
            ("tag", "catalog", "2", "prod"),
        ],
        ["-a", "web", "-e", "1", "--to", "prod"],
        1,
    ),
]


@contextmanager
def accord_broker(tmp_path: Path) -> Iterator[str]:
    """A fresh Accord broker on temporary SQLite, served on 127.0.0.1 (an ephemeral port)."""
    app = create_app(BrokerSettings(database_url=f"sqlite:///{tmp_path}/broker.sqlite3"))
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.bind(("127.0.0.1", 0))
    sock.listen(128)  # connections queue from here on: no waiting for the server to start
    server = uvicorn.Server(uvicorn.Config(app, log_level="warning"))
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{sock.getsockname()[1]}"
    finally:
        server.should_exit = True
        thread.join(timeout=30)
        sock.close()


def build(hal: HalClient, steps: list[Step], tmp_path: Path) -> None:
    """Play the steps against the broker through Accord's client."""
    create_environment(hal, "prod")
    index = hal.index()
    for step in steps:
        kind, *args = step
        if kind == "pact":
            consumer, version, providers, branch = args
            folder = tmp_path / f"{consumer}-{version}"
            folder.mkdir()
            for provider in providers:
                # each consumer version's pact has its own content, so verifications do not carry over
                write_pact(folder, consumer, provider, f"a request from {consumer} {version}")
            publish(hal, [str(folder)], version=version, branch=branch)
        elif kind == "version":
            who, version, branch = args
            hal.put(
                hal.link(
                    index, "pb:pacticipant-branch-version", pacticipant=who, branch=branch, version=version
                ),
                {},
            )
        elif kind == "verify":
            provider, version, consumer, consumer_version, ok = args
            hal.put(
                hal.link(
                    index,
                    "pb:pacticipant-branch-version",
                    pacticipant=provider,
                    branch="main",
                    version=version,
                ),
                {},
            )
            pact = hal.get(
                hal.link(
                    index,
                    "pb:publish-pact",
                    provider=provider,
                    consumer=consumer,
                    consumerApplicationVersion=consumer_version,
                )
            )
            assert pact is not None
            hal.post(
                hal.link(pact, "pb:publish-verification-results"),
                {"success": ok, "providerApplicationVersion": version},
            )
        elif kind == "deploy":
            record_deployment(hal, args[0], args[1], "prod")
        elif kind == "tag":
            who, version, tag = args
            hal.put(
                hal.link(index, "pb:pacticipant-version-tag", pacticipant=who, version=version, tag=tag), {}
            )


@pytest.mark.parametrize(("name", "steps", "argv", "expected"), SITUATIONS, ids=[s[0] for s in SITUATIONS])
def test_same_verdict_as_the_rust_client(
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    *,
    name: str,
    steps: list[Step],
    argv: list[str],
    expected: int,
) -> None:
    """Both CLIs exit 0 exactly when the version is deployable, on the same broker."""
    with accord_broker(tmp_path) as url:
        with HalClient(url, retries=0) as hal:
            build(hal, steps, tmp_path)
        env = {**os.environ, "PACT_DO_NOT_TRACK": "true", "PACT_BROKER_HTTP_RETRIES": "0"}
        env.pop("PACT_BROKER_TOKEN", None)
        rust = subprocess.run(
            [str(PACT), "broker", "can-i-deploy", "-b", url, *argv],
            capture_output=True,
            text=True,
            env=env,
            timeout=120,
            check=False,
        )
        capsys.readouterr()
        with pytest.raises(SystemExit) as ours:
            main(["can-i-deploy", "-b", url, "--retries", "0", *argv])
        out, err = capsys.readouterr()
    assert (ours.value.code, rust.returncode) == (expected, expected), (
        name,
        out + err,
        rust.stdout + rust.stderr,
    )
