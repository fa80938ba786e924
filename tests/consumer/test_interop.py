"""Pacts written by pact-python 4.x (the Rust core) are served by Accord's stub server and verify."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import httpx
import pytest

from accord.consumer import stub_server
from accord.provider import Verifier

ROOT = Path(__file__).resolve().parents[2]
PACT_PYTHON = ROOT / ".peers" / "pact-python" / "bin" / "python"
SCRIPT = Path(__file__).parent / "peers" / "pact_python_consumer.py"

pytestmark = pytest.mark.peers


@pytest.fixture(params=["V3", "V4"])
def pact_python_pact(request: pytest.FixtureRequest, tmp_path: Path) -> Path:
    """A pact file written by pact-python 4.x in the given specification version."""
    assert PACT_PYTHON.exists(), "pact-python is missing: run `bash scripts/install-peers.sh` (make dev does)"
    env = {**os.environ, "PACT_DO_NOT_TRACK": "true"}
    subprocess.run(
        [str(PACT_PYTHON), str(SCRIPT), str(tmp_path), request.param], check=True, env=env, timeout=120
    )
    (path,) = tmp_path.glob("*.json")
    return path


def test_stub_server_serves_pact_python_examples(pact_python_pact: Path) -> None:
    """`accord mock`'s server answers each pact-python interaction with its example response."""
    server = stub_server([pact_python_pact])
    try:
        user = httpx.get(f"{server.url}/users/123", headers={"Accept": "application/json"})
        users = httpx.get(f"{server.url}/users", params={"active": "true"})
        created = httpx.post(f"{server.url}/users", json={"name": "Carol"})
    finally:
        server.close()
    assert (user.status_code, user.json()) == (
        200,
        {"id": 123, "name": "Alice", "email": "alice@example.com"},
    )
    assert users.status_code == 200 and users.json()["users"][0]["name"] == "Alice"
    assert (created.status_code, created.json()) == (201, {"id": 2})


def test_pact_python_pact_verifies_against_the_stub(pact_python_pact: Path) -> None:
    """Accord's verifier passes every pact-python interaction against the stub serving that pact."""
    server = stub_server([pact_python_pact])
    try:
        verifier = Verifier("demo-provider").with_base_url(server.url).add_source(pact_python_pact)
        result = verifier.verify(report=False)
    finally:
        server.close()
    assert result.success, result.to_json()
    assert sorted(i.description for i in result.interactions) == [
        "a request for all users",
        "a request for user 123",
        "create a user",
    ]
