"""Verify a 200-interaction pact against one local provider: Accord (HTTP, in-process), Rust, pactman.

Every verifier runs as a whole process (start-up, imports, reading the pact, 200 requests, the
report), once, against the same provider: a small WSGI application (this module's ``app``) that
answers ``GET /orders/{n}`` with an order document. Over HTTP it is served on 127.0.0.1 (an
ephemeral port) by uvicorn, started by this script; Accord in-process loads the same ASGI application with
``--app verify:app``.

The pact is v3 (pactman cannot read v4): each interaction expects an order with 2-4 line items
under type, regex, integer and decimal matching rules, and every interaction must pass.

Commands timed:
- Accord HTTP:        ``accord verify --provider-base-url URL -f PACT``
- Accord in-process:  ``accord verify --app verify:app -f PACT``
- Rust:               ``pact verifier --file PACT --hostname 127.0.0.1 --port N`` (pact-python-cli 0.10.9)
- pactman:            ``pactman-verifier -l PACT orders URL URL/_pactman/state``

Usage: ``.venv/bin/python benchmarks/verify.py [--interactions 200]``. Prints each time and the
ratios against the targets (Accord HTTP <= 0.5x pactman and <= 0.2x Rust; in-process >= 10x
faster than Accord HTTP).
"""

from __future__ import annotations

import argparse
import json
import os
import socket
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from socketserver import ThreadingMixIn
from typing import Any
from wsgiref.simple_server import WSGIRequestHandler, WSGIServer, make_server

ROOT = Path(__file__).resolve().parents[1]
HERE = Path(__file__).resolve().parent
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


def order(number: int, *, example: bool = False) -> dict[str, Any]:
    """The order document for ``number`` (the pact's example, or what the provider answers)."""
    count = 1 if example else 2 + number % 3
    return {
        "id": number,
        "reference": f"ORD-{number:06d}",
        "customer": {"name": f"customer {number}", "email": f"c{number}@example.com"},
        "items": [
            {"sku": f"ABC-{1000 + number + i}", "quantity": 1 + i, "price": 9.99 + i, "status": "ok"}
            for i in range(count)
        ],
        "note": "an order",
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


async def app(scope: dict[str, Any], receive: Any, send: Any) -> None:
    """The provider (ASGI): ``GET /orders/{n}`` -> the order; anything else (a setup URL) -> ``{}``."""
    if scope["type"] != "http":
        return
    path = scope["path"]
    body = json.dumps(order(int(path.rsplit("/", 1)[1]))).encode() if path.startswith("/orders/") else b"{}"
    headers = [(b"content-type", b"application/json"), (b"content-length", str(len(body)).encode())]
    await send({"type": "http.response.start", "status": 200, "headers": headers})
    await send({"type": "http.response.body", "body": body})


def wsgi_app(environ: dict[str, Any], start_response: Any) -> list[bytes]:
    """The same provider as a WSGI application, for the ``wsgiref`` server."""
    path = environ["PATH_INFO"]
    body = json.dumps(order(int(path.rsplit("/", 1)[1]))).encode() if path.startswith("/orders/") else b"{}"
    start_response("200 OK", [("Content-Type", "application/json"), ("Content-Length", str(len(body)))])
    return [body]


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
        sys.executable, "-m", "uvicorn", "verify:app", "--host", "127.0.0.1", "--port", str(port),
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


def timed(name: str, command: list[str], cache: Path) -> float | None:
    """Run ``command`` once untimed (warm-up), then once timed; the wall time, or ``None`` on failure.

    Bytecode caches are written (to ``cache``, outside the tree) as on any developer machine or CI
    runner, even when this shell sets ``PYTHONDONTWRITEBYTECODE``; the warm-up run fills them and
    the OS file cache for every tool alike.
    """
    env = {**os.environ, "PACT_DO_NOT_TRACK": "true", "NO_COLOR": "1", "PYTHONPYCACHEPREFIX": str(cache)}
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    subprocess.run(command, cwd=HERE, capture_output=True, env=env, check=False)
    started = time.perf_counter()
    done = subprocess.run(command, cwd=HERE, capture_output=True, text=True, env=env, check=False)
    elapsed = time.perf_counter() - started
    if done.returncode != 0:
        print(
            f"{name}: exit {done.returncode}\n{done.stdout[-1500:]}\n{done.stderr[-1500:]}", file=sys.stderr
        )
        return None
    return elapsed


def _loop_seconds(report: Path) -> float | None:
    """The time Accord spent verifying (``durationSeconds`` of its JSON report: no start-up)."""
    try:
        return float(json.loads(report.read_text())["durationSeconds"])
    except (OSError, ValueError, KeyError):
        return None


def _commands(url: str, port: int, pact_file: Path, tmp: Path) -> dict[str, list[str]]:
    accord = [str(ACCORD), "verify", "--provider", "orders", "-f", str(pact_file)]
    return {
        "Accord HTTP": [*accord, "--provider-base-url", url, "--json", str(tmp / "http.json")],
        "Rust pact verifier": [
            str(RUST), "verifier", "--file", str(pact_file), "--hostname", "127.0.0.1", "--port", str(port),
            "-n", "orders",
        ],
        "pactman-verifier": [str(PACTMAN), "-l", str(pact_file), "orders", url, url + "/_pactman/state"],
    }  # fmt: skip


def _run_all(commands: dict[str, list[str]], cache: Path) -> dict[str, float | None]:
    times: dict[str, float | None] = {}
    for name, command in commands.items():
        if not Path(command[0]).exists():
            print(f"{name}: {command[0]} is missing (run scripts/install-peers.sh)", file=sys.stderr)
            times[name] = None
        else:
            times[name] = timed(name, command, cache)
    return times


def _ratio(numerator: float | None, denominator: float | None) -> str:
    return f"{numerator / denominator:.2f}x" if numerator and denominator else "n/a"


def main() -> None:
    """Run every verifier once per provider server and print the times and ratios."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--interactions", type=int, default=200)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as name:
        tmp = Path(name)
        cache = tmp / "pycache"
        pact_file = tmp / "shop-orders.json"
        pact_file.write_text(json.dumps(pact(args.interactions)))
        inproc_cmd = [
            str(ACCORD), "verify", "--provider", "orders", "-f", str(pact_file), "--app", "verify:app",
            "--json", str(tmp / "inproc.json"),
        ]  # fmt: skip
        inproc = timed("Accord in-process", inproc_cmd, cache)
        inproc_loop = _loop_seconds(tmp / "inproc.json")
        print(
            f"verify {args.interactions} interactions, whole processes, one timed run each (after a warm-up):"
        )
        label = "Accord in-process (no server)"
        print(f"  {label:<32} {inproc or 0:6.3f} s   (verification loop {inproc_loop or 0:.3f} s)")
        for server_name, server in (("uvicorn", serving), ("wsgiref (threaded)", serving_wsgiref)):
            with server() as port:
                url = f"http://127.0.0.1:{port}"
                times = _run_all(_commands(url, port, pact_file, tmp), cache)
            http_loop = _loop_seconds(tmp / "http.json")
            http, rust, pactman = times["Accord HTTP"], times["Rust pact verifier"], times["pactman-verifier"]
            print(f"provider served by {server_name}:")
            for tool, seconds in times.items():
                print(f"  {tool:<32} {'failed' if seconds is None else f'{seconds:6.3f} s'}")
            print(f"    Accord HTTP verification loop  {http_loop or 0:.3f} s")
            print(f"    Accord HTTP / pactman          = {_ratio(http, pactman)} (target <= 0.5x)")
            print(f"    Accord HTTP / Rust             = {_ratio(http, rust)} (target <= 0.2x)")
            print(f"    in-process speed-up, whole process = {_ratio(http, inproc)} (target >= 10x)")
            print(f"    in-process speed-up, verification loop = {_ratio(http_loop, inproc_loop)}")


if __name__ == "__main__":
    main()
