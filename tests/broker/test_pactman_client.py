"""pactman's verifier (a Python peer) fetches pacts through ``pb:latest-provider-pacts`` (and the
tagged variant) and publishes its results through ``pb:publish-verification-results``."""

from __future__ import annotations

import json
import subprocess
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler
from pathlib import Path

import httpx
import pytest

from .conftest import ServerThread, publication, serve_on_loopback

PACTMAN = Path(__file__).resolve().parents[2] / ".peers" / "pactman" / "bin" / "pactman-verifier"


class _Provider(BaseHTTPRequestHandler):
    """Answers ``GET /items/{id}`` with ``{"id": id}``, but a wrong id for ``/items/b`` (a broken
    provider)."""

    def do_GET(self) -> None:
        item = self.path.rsplit("/", 1)[-1]
        body = json.dumps({"id": item if item != "b" else "not-b"}).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def do_POST(self) -> None:
        self.send_response(200)
        self.send_header("Content-Length", "0")
        self.end_headers()

    def log_message(self, *args: object) -> None:
        """Keep the test output quiet."""


@pytest.fixture
def provider_url() -> Iterator[str]:
    """The provider under verification, on 127.0.0.1 port 0."""
    with serve_on_loopback(_Provider) as url:
        yield url


@pytest.mark.peers
@pytest.mark.parametrize(("marker", "success"), [("a", True), ("b", False)])
def test_pactman_verifies_and_publishes(
    live_server: ServerThread, provider_url: str, marker: str, success: bool
) -> None:
    """pactman finds the latest pact, verifies it, and the broker stores its (passing or failing) result."""
    if not PACTMAN.exists():
        pytest.fail("pactman is not installed: run scripts/install-peers.sh")
    with httpx.Client(base_url=live_server.url) as http:
        assert (
            http.post("/contracts/publish", json=publication("web", "1", {"api": marker})).status_code == 200
        )
    result = subprocess.run(
        [
            str(PACTMAN),
            "-b",
            live_server.url,
            "-r",
            "-a",
            "2.0.0",
            "api",
            provider_url,
            f"{provider_url}/_state",
        ],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert (result.returncode == 0) is success, result.stdout + result.stderr
    with httpx.Client(base_url=live_server.url) as http:
        pact = http.get("/pacts/provider/api/consumer/web/version/1").json()
        latest = http.get(pact["_links"]["pb:latest-verification-results"]["href"])
    assert latest.status_code == 200, result.stdout + result.stderr
    assert (latest.json()["success"], latest.json()["providerApplicationVersion"]) == (success, "2.0.0")
