"""What the Rust-parity tables share: a loopback provider thread and both verifiers' per-interaction verdicts."""

from __future__ import annotations

import json
import os
import subprocess
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest

from accord.provider import Verifier

ROOT = Path(__file__).resolve().parents[2]
RUST = ROOT / ".venv" / "bin" / "pact"


class LoopbackProvider:
    """``handler`` served by a threaded ``http.server`` on 127.0.0.1 port 0 while in the ``with`` block."""

    def __init__(self, handler: type[BaseHTTPRequestHandler]) -> None:
        self.server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
        self.server.daemon_threads = True
        self.port = self.server.server_address[1]
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def __enter__(self) -> LoopbackProvider:
        self.thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.server.shutdown()
        self.thread.join()
        self.server.server_close()


def rust_verdicts(pact_file: Path, port: int, report: Path) -> list[bool]:
    """``pact verifier``'s verdict per interaction, in pact order (from its JSON report)."""
    if not RUST.exists():
        pytest.fail(f"the Rust pact CLI is not installed at {RUST}: pip install 'pact-python-cli==1!0.10.9'")
    command = [
        str(RUST), "verifier", "-f", str(pact_file), "--hostname", "127.0.0.1", "--port", str(port),
        "-j", str(report),
    ]  # fmt: skip
    env = {"PATH": os.environ.get("PATH", ""), "PACT_DO_NOT_TRACK": "true"}
    subprocess.run(command, capture_output=True, env=env, check=False, timeout=120)
    document: dict[str, Any] = json.loads(report.read_text())
    return [entry["result"] == "OK" for entry in document["interactionResults"]]


def accord_verdicts(pact_file: Path, port: int) -> list[bool]:
    """Accord's verdict per interaction, in pact order, verifying over HTTP."""
    result = (
        Verifier("p").with_base_url(f"http://127.0.0.1:{port}").add_source(pact_file).verify(report=False)
    )
    return [r.success for r in result.interactions]
