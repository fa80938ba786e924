"""Verify a 200-interaction pact against one local provider: Accord (HTTP, in-process), Rust, pactman.

Every verifier runs as a whole process (start-up, imports, reading the pact, 200 requests, the
report) against the same provider, ``verify_app`` (``GET /orders/{n}`` answers an order
document; a module importing only ``json``). Over HTTP it is served on 127.0.0.1 (an ephemeral
port) by uvicorn (ASGI) and by the standard library's threaded ``wsgiref`` (WSGI), each started
by this script; Accord in-process loads the same ASGI application with ``--app verify_app:app``.

The pact is v3 (pactman cannot read v4): each interaction expects an order with 2-4 line items
under type, regex, integer and decimal matching rules, and every interaction must pass.

Commands timed (``--runs`` rounds, interleaved so that load on the shared machine hits every
tool alike; each figure is the median):
- Accord HTTP:        ``accord verify --provider-base-url URL -f PACT``
- Accord in-process:  ``accord verify --app verify_app:app -f PACT`` (ASGI; also ``verify_app:wsgi_app``,
  the same provider as a WSGI app, which spares the start-up the import of asyncio)
- Rust:               ``pact verifier --file PACT --hostname 127.0.0.1 --port N`` (pact-python-cli 0.10.9)
- pactman:            ``pactman-verifier -l PACT orders URL URL/_pactman/state``
- start-up baselines: ``python -c pass`` (the interpreter) and ``accord --version`` (the
  interpreter, Click and the CLI), so that each Accord figure is also shown without start-up;
  the verification loop alone is Accord's own ``durationSeconds`` (``--json``).

Usage: ``.venv/bin/python benchmarks/verify.py [--interactions 200] [--runs 5] [--no-peers]``.
Prints each time and the ratios against the targets (Accord HTTP <= 0.5x pactman and <= 0.2x
Rust; in-process >= 10x faster than Accord HTTP).
"""

from __future__ import annotations

import argparse
import json
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager, contextmanager
from pathlib import Path
from socketserver import ThreadingMixIn
from typing import Any
from wsgiref.simple_server import WSGIRequestHandler, WSGIServer, make_server

from verify_app import order, wsgi_app

ROOT = Path(__file__).resolve().parents[1]
HERE = Path(__file__).resolve().parent
PYTHON = ROOT / ".venv" / "bin" / "python"
ACCORD = ROOT / ".venv" / "bin" / "accord"
RUST = ROOT / ".venv" / "bin" / "pact"
PACTMAN = ROOT / ".peers" / "pactman" / "bin" / "pactman-verifier"

RULES = {
    "$.body.id": {"match": "integer"},
    "$.body.reference": {"match": "regex", "regex": "^ORD-[0-9]{6}$"},
    "$.body.customer": {"match": "type"},
    "$.body.items": {"match": "type", "min": 1},
    "$.body.items[*].sku": {"match": "regex", "regex": "^[A-Z]{3}-[0-9]{4}$"},
    "$.body.items[*].quantity": {"match": "integer"},
    "$.body.items[*].price": {"match": "decimal"},
}


def _v3_rules() -> dict[str, Any]:
    return {
        "body": {
            key[len("$.body") :] and "$" + key[len("$.body") :]: {"matchers": [rule]}
            for key, rule in RULES.items()
        }
    }


def pact(interactions: int) -> dict[str, Any]:
    """A v3 pact with ``interactions`` GET interactions."""
    return {
        "consumer": {"name": "shop"},
        "provider": {"name": "orders"},
        "interactions": [
            {
                "description": f"a request for order {n}",
                "request": {
                    "method": "GET",
                    "path": f"/orders/{n}",
                    "headers": {"Accept": "application/json"},
                },
                "response": {
                    "status": 200,
                    "headers": {"Content-Type": "application/json"},
                    "body": order(n, example=True),
                    "matchingRules": _v3_rules(),
                },
            }
            for n in range(1, interactions + 1)
        ],
        "metadata": {"pactSpecification": {"version": "3.0.0"}},
    }


class _Quiet(WSGIRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:
        """No access log."""


class _ThreadingWSGIServer(ThreadingMixIn, WSGIServer):
    daemon_threads = True


@contextmanager
def serving_wsgiref() -> Iterator[int]:
    """Serve ``wsgi_app`` with the standard library's threaded ``wsgiref`` (HTTP/1.0) in a thread."""
    server = make_server("127.0.0.1", 0, wsgi_app, server_class=_ThreadingWSGIServer, handler_class=_Quiet)
    thread = threading.Thread(target=server.serve_forever, args=(0.05,), daemon=True)
    thread.start()
    try:
        yield server.server_port
    finally:
        server.shutdown()
        server.server_close()
        thread.join()


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
    return port


@contextmanager
def serving() -> Iterator[int]:
    """Serve ``app`` with uvicorn (its own process, one worker) on 127.0.0.1; yield the port.

    uvicorn binds the port itself: handed a pre-bound socket (``--fd``), its keep-alive responses
    met 40 ms delayed-ACK stalls here, which would measure the server rather than the verifiers.
    """
    port = _free_port()
    command = [
        sys.executable, "-m", "uvicorn", "verify_app:app", "--host", "127.0.0.1", "--port", str(port),
        "--log-level", "warning", "--lifespan", "off", "--no-access-log",
    ]  # fmt: skip
    server = subprocess.Popen(command, cwd=HERE)
    try:
        deadline = time.monotonic() + 20
        while True:  # wait until it accepts connections
            try:
                socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
                break
            except OSError:
                if time.monotonic() > deadline or server.poll() is not None:
                    raise RuntimeError("uvicorn did not start") from None
                time.sleep(0.02)
        yield port
    finally:
        server.terminate()
        server.wait()


_ENV = {
    **os.environ,
    "PACT_DO_NOT_TRACK": "true",
    "NO_COLOR": "1",
}
_ENV.pop("PYTHONDONTWRITEBYTECODE", None)


class Timer:
    """Runs each command once untimed (warm-up), then once per round; keeps every wall time.

    Bytecode caches are written (to ``cache``, outside the tree) as on any developer machine or CI
    runner, even when this shell sets ``PYTHONDONTWRITEBYTECODE``; the warm-up run fills them and
    the OS file cache for every tool alike.
    """

    def __init__(self, cache: Path) -> None:
        self.env = {**_ENV, "PYTHONPYCACHEPREFIX": str(cache)}
        self.times: dict[str, list[float]] = {}
        self.loops: dict[str, list[float]] = {}
        self.failed: set[str] = set()

    def _run(self, name: str, command: list[str]) -> float | None:
        started = time.perf_counter()
        done = subprocess.run(command, cwd=HERE, capture_output=True, text=True, env=self.env, check=False)
        elapsed = time.perf_counter() - started
        if done.returncode != 0:
            print(
                f"{name}: exit {done.returncode}\n{done.stdout[-1500:]}\n{done.stderr[-1500:]}",
                file=sys.stderr,
            )
            self.failed.add(name)
            return None
        return elapsed

    def warm(self, commands: dict[str, list[str]]) -> None:
        """One untimed run of each command."""
        for name, command in commands.items():
            if not Path(command[0]).exists():
                print(f"{name}: {command[0]} is missing (run scripts/install-peers.sh)", file=sys.stderr)
                self.failed.add(name)
            else:
                self._run(name, command)

    def round(self, commands: dict[str, list[str]], reports: dict[str, Path]) -> None:
        """One timed run of each command (skipping those that failed)."""
        for name, command in commands.items():
            if name in self.failed:
                continue
            elapsed = self._run(name, command)
            if elapsed is not None:
                self.times.setdefault(name, []).append(elapsed)
            loop = _loop_seconds(reports[name]) if name in reports else None
            if loop is not None:
                self.loops.setdefault(name, []).append(loop)

    def median(self, name: str) -> float | None:
        """The median wall time of ``name``, or ``None`` when it failed."""
        found = self.times.get(name)
        return None if name in self.failed or not found else statistics.median(found)

    def loop(self, name: str) -> float | None:
        """The median verification loop of an Accord command."""
        found = self.loops.get(name)
        return statistics.median(found) if found else None


def _loop_seconds(report: Path) -> float | None:
    """The time Accord spent verifying (``durationSeconds`` of its JSON report: no start-up)."""
    try:
        return float(json.loads(report.read_text())["durationSeconds"])
    except (OSError, ValueError, KeyError):
        return None


def _commands(url: str, port: int, pact_file: Path, tmp: Path, peers: bool) -> dict[str, list[str]]:
    accord = [str(ACCORD), "verify", "--provider", "orders", "-f", str(pact_file)]
    commands = {
        "python -c pass": [str(PYTHON), "-c", "pass"],
        "accord --version": [str(ACCORD), "--version"],
        "Accord in-process": [*accord, "--app", "verify_app:app", "--json", str(tmp / "inproc.json")],
        "Accord in-process WSGI": [*accord, "--app", "verify_app:wsgi_app", "--json", str(tmp / "wsgi.json")],
        "Accord HTTP": [*accord, "--provider-base-url", url, "--json", str(tmp / "http.json")],
    }
    if peers:
        commands["Rust pact verifier"] = [
            str(RUST), "verifier", "--file", str(pact_file), "--hostname", "127.0.0.1", "--port", str(port),
            "-n", "orders",
        ]  # fmt: skip
        commands["pactman-verifier"] = [
            str(PACTMAN), "-l", str(pact_file), "orders", url, url + "/_pactman/state"
        ]  # fmt: skip
    return commands


def _ratio(numerator: float | None, denominator: float | None) -> str:
    return f"{numerator / denominator:.2f}x" if numerator and denominator else "n/a"


def _seconds(value: float | None) -> str:
    return "failed" if value is None else f"{value:6.3f} s"


def _report(timer: Timer, interactions: int) -> None:
    interpreter, cli = timer.median("python -c pass"), timer.median("accord --version")
    inproc, http = timer.median("Accord in-process"), timer.median("Accord HTTP")
    rust, pactman = timer.median("Rust pact verifier"), timer.median("pactman-verifier")
    inproc_loop, http_loop = timer.loop("Accord in-process"), timer.loop("Accord HTTP")
    for name in (
        "python -c pass",
        "accord --version",
        "Accord in-process",
        "Accord in-process WSGI",
        "Accord HTTP",
    ):
        print(f"  {name:<24} {_seconds(timer.median(name))}")
    for name in ("Rust pact verifier", "pactman-verifier"):
        if name in timer.times or name in timer.failed:
            print(f"  {name:<24} {_seconds(timer.median(name))}")
    if rust or pactman:
        print(f"    Accord HTTP / pactman                 = {_ratio(http, pactman)} (target <= 0.5x)")
        print(f"    Accord HTTP / Rust                    = {_ratio(http, rust)} (target <= 0.2x)")
    beyond = {
        name: value - cli if value is not None and cli is not None else None
        for name, value in (("in-process", inproc), ("HTTP", http))
    }
    print(f"    Accord beyond start-up (minus accord --version): in-process {_seconds(beyond['in-process'])},"
          f" HTTP {_seconds(beyond['HTTP'])}")  # fmt: skip
    print(f"    Accord verification loop ({interactions} interactions): in-process {_seconds(inproc_loop)},"
          f" HTTP {_seconds(http_loop)}")  # fmt: skip
    print(f"    in-process speed-up, whole process    = {_ratio(http, inproc)} (target >= 10x)")
    print(f"    in-process speed-up, beyond start-up  = {_ratio(beyond['HTTP'], beyond['in-process'])}")
    print(f"    in-process speed-up, verification loop = {_ratio(http_loop, inproc_loop)}")
    wsgi, wsgi_loop = timer.median("Accord in-process WSGI"), timer.loop("Accord in-process WSGI")
    print(
        f"    the same app as WSGI in-process (no asyncio to import): whole process {_ratio(http, wsgi)}, "
        f"loop {_ratio(http_loop, wsgi_loop)} faster than HTTP"
    )
    if http and cli and interpreter:
        print(
            f"    a 10x whole-process speed-up needs in-process <= {http / 10:.3f} s; the interpreter alone "
            f"takes {interpreter:.3f} s and the CLI's start-up (accord --version) {cli:.3f} s"
        )


def main() -> None:
    """Time every verifier against each provider server and print the medians and ratios."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--interactions", type=int, default=200)
    parser.add_argument("--runs", type=int, default=5, help="timed rounds per command (median)")
    parser.add_argument("--no-peers", action="store_true", help="skip the Rust verifier and pactman")
    args = parser.parse_args()
    servers: list[tuple[str, Callable[[], AbstractContextManager[int]]]] = [
        ("uvicorn", serving),
        ("wsgiref (threaded)", serving_wsgiref),
    ]
    print(
        f"verify {args.interactions} interactions, whole processes, median of {args.runs} runs each "
        "(after a warm-up):"
    )
    with tempfile.TemporaryDirectory() as name:
        tmp = Path(name)
        pact_file = tmp / "shop-orders.json"
        pact_file.write_text(json.dumps(pact(args.interactions)))
        reports = {
            "Accord in-process": tmp / "inproc.json",
            "Accord in-process WSGI": tmp / "wsgi.json",
            "Accord HTTP": tmp / "http.json",
        }
        for server_name, server in servers:
            timer = Timer(tmp / "pycache")
            with server() as port:
                commands = _commands(f"http://127.0.0.1:{port}", port, pact_file, tmp, not args.no_peers)
                timer.warm(commands)
                for _ in range(args.runs):
                    timer.round(commands, reports)
            print(f"provider served by {server_name} (in-process: the same app, no server):")
            _report(timer, args.interactions)


if __name__ == "__main__":
    main()
