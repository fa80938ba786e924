"""Interoperability: pact-python 4.x and Accord pacts verify alike; Accord agrees with the Rust verifier.

The same five orders interactions are written by pact-python 4.x (V3 and V4, in its own venv) and
by Accord's consumer DSL (v3 and v4). Each is verified against the orders provider as it should be,
and broken two ways; per interaction, Accord's verdict must be the same whoever wrote the pact, and
the same as the Rust verifier's (``pact verifier`` from pact-python-cli 0.10.9, JSON report).
"""

from __future__ import annotations

import json
import os
import subprocess
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from accord import match
from accord.consumer import Pact
from accord.provider import Verifier

from . import _apps
from .conftest import serve_wsgi

pytestmark = pytest.mark.peers

ROOT = Path(__file__).resolve().parents[2]
PACT_PYTHON = ROOT / ".peers" / "pact-python" / "bin" / "python"
RUST = ROOT / ".venv" / "bin" / "pact"
PEER_SCRIPT = Path(__file__).parent / "peers" / "pact_python_orders.py"

PROVIDERS = {
    "correct": {},
    "ids as strings": {"broken": True},
    "health says down": {"health_down": True},
}
EXPECTED_FAILURES = {
    "correct": set(),
    "ids as strings": {"a request for order 7", "a new order"},
    "health says down": {"a health check"},
}


def _accord_pact(spec: str, path: Path) -> Path:
    pact = Pact("web", "orders", spec=spec)
    pact.upon_receiving("a request for order 7").given("an order exists", id=7, item="tea").with_request(
        "GET", "/orders/7"
    ).will_respond_with(
        200, body={"id": match.integer(7), "item": match.like("tea"), "quantity": match.integer(1)}
    )
    pact.upon_receiving("a request for a missing order").given("no orders").with_request(
        "GET", "/orders/99"
    ).will_respond_with(404)
    pact.upon_receiving("a new order").with_request(
        "POST", "/orders", headers={"Content-Type": "application/json"}, body={"item": "cake", "quantity": 2}
    ).will_respond_with(201, body={"id": match.integer(100), "item": "cake", "quantity": match.integer(2)})
    pact.upon_receiving("the secret, with a token").with_request("GET", "/secret").will_respond_with(
        200, body={"secret": "42"}
    )
    pact.upon_receiving("a health check").with_request("GET", "/health").will_respond_with(
        200, headers={"Content-Type": "text/plain"}, body="ok"
    )
    path.write_text(json.dumps(pact.to_json(pact.interactions)), encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def pacts(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """The orders pact written four ways: pact-python V3/V4 and Accord v3/v4."""
    if not PACT_PYTHON.exists():
        pytest.fail(f"pact-python 4.x is not installed at {PACT_PYTHON}: run scripts/install-peers.sh")
    base = tmp_path_factory.mktemp("interop")
    found: dict[str, Path] = {}
    for spec in ("V3", "V4"):
        out = base / f"pact-python-{spec}"
        subprocess.run([str(PACT_PYTHON), str(PEER_SCRIPT), str(out), spec], check=True, capture_output=True)
        found[f"pact-python {spec}"] = out / "web-orders.json"
    for spec in ("v3", "v4"):
        found[f"accord {spec}"] = _accord_pact(spec, base / f"accord-{spec}.json")
    return found


@pytest.fixture
def provider_url() -> Iterator[str]:
    """The orders provider on 127.0.0.1 with Pact's state-change endpoint."""
    yield from serve_wsgi(_apps.with_state_endpoint(_apps.make_flask()))


def _accord_verdicts(pact_file: Path, url: str) -> dict[str, bool]:
    result = (
        Verifier("orders")
        .with_base_url(url)
        .with_state_change_url(url + "/_pact/state")
        .with_header("Authorization", _apps.TOKEN)
        .add_source(pact_file)
        .verify(report=False)
    )
    return {r.description: r.success for r in result.interactions}


def _rust_verdicts(pact_file: Path, url: str, report: Path) -> dict[str, bool]:
    port = url.rsplit(":", 1)[1]
    command = [
        str(RUST), "verifier", "--file", str(pact_file), "--hostname", "127.0.0.1", "--port", port,
        "-n", "orders", "-s", url + "/_pact/state", "--state-change-teardown",
        "-H", f"Authorization={_apps.TOKEN}", "-j", str(report),
    ]  # fmt: skip
    env = {"PATH": os.environ.get("PATH", ""), "PACT_DO_NOT_TRACK": "true"}
    subprocess.run(command, capture_output=True, env=env, check=False, timeout=120)
    document: dict[str, Any] = json.loads(report.read_text())
    return {entry["description"]: entry["result"] == "OK" for entry in document["interactionResults"]}


@pytest.mark.parametrize("provider", sorted(PROVIDERS))
def test_pacts_by_pact_python_and_accord_verify_identically(
    provider: str, pacts: dict[str, Path], provider_url: str
) -> None:
    """Every author's pact gets the same per-interaction verdicts, and the expected ones."""
    _apps.FLAGS.update(PROVIDERS[provider])
    verdicts = {author: _accord_verdicts(path, provider_url) for author, path in pacts.items()}
    expected = {d: d not in EXPECTED_FAILURES[provider] for d in verdicts["accord v3"]}
    assert len(expected) == 5
    assert verdicts == dict.fromkeys(pacts, expected)


@pytest.mark.parametrize("author", ["pact-python V3", "pact-python V4", "accord v3", "accord v4"])
@pytest.mark.parametrize("provider", sorted(PROVIDERS))
def test_accord_agrees_with_the_rust_verifier(
    author: str, provider: str, pacts: dict[str, Path], provider_url: str, tmp_path: Path
) -> None:
    """Per interaction, Accord's verdict is the Rust verifier's, on the same pact and provider."""
    if not RUST.exists():
        pytest.fail(f"the Rust pact CLI is not installed at {RUST}: pip install 'pact-python-cli==1!0.10.9'")
    _apps.FLAGS.update(PROVIDERS[provider])
    rust = _rust_verdicts(pacts[author], provider_url, tmp_path / "rust.json")
    assert len(rust) == 5
    assert _accord_verdicts(pacts[author], provider_url) == rust
