"""A whole contract cycle against a real Accord broker, driven by a peer Pact verifier.

Shared by the pact-python (pact_ffi) and pact-js tests: the consumers' pacts are written by
pact-python's consumer side (V4 for ppy-web, V3 for ppy-mobile, each checked against its Rust mock
server) and published with ``accord publish`` and ``pact broker publish``; the verifier under test
verifies the ppy-catalog provider from the broker three times (a provider that keeps the contracts, then
a broken one on main, then the broken one on a feature branch), with consumer version selectors,
pending, WIP, a provider version and branch, publishing results. After each step the broker must hold
what the Pact Broker would: verifications with per-interaction results, the matrix, the provider's
branches, the can-i-deploy verdicts and reasons. Every request the broker receives is recorded.
"""

from __future__ import annotations

import json
import os
import subprocess
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import httpx

from accord.broker import BrokerSettings, create_app

from .conftest import ServerThread

ROOT = Path(__file__).resolve().parents[2]
PEER_PYTHON = ROOT / ".peers" / "pact-python" / "bin" / "python"
PACT = ROOT / ".venv" / "bin" / "pact"
ACCORD = ROOT / ".venv" / "bin" / "accord"
PEERS = Path(__file__).parent / "peers"
ENV = {
    **{k: v for k, v in os.environ.items() if not k.startswith("PACT_BROKER_")},
    "PACT_DO_NOT_TRACK": "true",
    "PACT_BROKER_HTTP_RETRIES": "0",
}
CONSUMER_VERSIONS = ("web-1", "web-2", "web-3", "mobile-1")
# the provider's main branch: web 1 (main branch, matching branch), mobile 1 (deployed), web 2 (WIP)
MAIN_SELECTORS = [{"mainBranch": True}, {"deployedOrReleased": True}, {"matchingBranch": True}]
FEATURE_SELECTORS = [{"branch": "feature/price"}, {"matchingBranch": True}]


@dataclass
class Exchange:
    """One request the broker received (its path as sent), and its answer (the body kept on errors)."""

    agent: str
    method: str
    path: str
    status: int = 0
    request: Any = None
    response: bytes = b""


@dataclass
class Recorder:
    """ASGI middleware keeping every exchange, with the request body when it is JSON."""

    app: Any
    exchanges: list[Exchange] = field(default_factory=list)

    async def __call__(self, scope: Any, receive: Any, send: Any) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        headers = {k.decode().lower(): v.decode() for k, v in scope["headers"]}
        query = scope["query_string"].decode()
        raw = scope.get("raw_path")  # as sent: feature%2Fprice stays encoded
        path = (raw.decode() if raw else scope["path"]) + (f"?{query}" if query else "")
        exchange = Exchange(headers.get("user-agent", ""), scope["method"], path)
        chunks: list[bytes] = []

        async def receiving() -> Any:
            message = await receive()
            chunks.append(message.get("body", b""))
            return message

        async def sending(message: Any) -> None:
            if message["type"] == "http.response.start":
                exchange.status = message["status"]
            elif exchange.status >= 400:
                exchange.response += message.get("body", b"")
            await send(message)

        await self.app(scope, receiving, sending)
        body = b"".join(chunks)
        try:
            exchange.request = json.loads(body) if body else None
        except ValueError:
            exchange.request = body[:200]
        self.exchanges.append(exchange)

    def errors(self) -> list[tuple[str, str, str, int, Any, bytes]]:
        """Every exchange answered with a 4xx or 5xx."""
        return [
            (e.agent, e.method, e.path, e.status, e.request, e.response)
            for e in self.exchanges
            if e.status >= 400
        ]


@dataclass
class Catalog:
    """The provider: items with a name, a price and stock. Broken, item 1's id is a string and its
    price and stock are gone (the search and item creation still keep their contracts)."""

    broken: bool = False
    states: list[Any] = field(default_factory=list)

    def answer(self, method: str, path: str, body: Any) -> tuple[int, Any]:
        """Status and JSON body for one request."""
        if method == "POST" and path == "/_pact/state":
            self.states.append(body)
            return 200, {}
        if method == "GET" and path == "/items/1":
            item = {"id": 1, "name": "pen", "price": 3.5, "stock": 10}
            return 200, {"id": "1", "name": "pen"} if self.broken else item
        if method == "GET" and path == "/items?category=office":
            return 200, {"items": [{"id": 1, "name": "pen"}, {"id": 5, "name": "stapler"}]}
        if method == "POST" and path == "/items" and body == {"name": "cup"}:
            return 201, {"id": 2, "name": "cup"}
        return 404, {"error": f"no route for {method} {path}"}


@contextmanager
def serve_provider(catalog: Catalog) -> Iterator[str]:
    """The catalog on 127.0.0.1, an ephemeral port."""

    class Handler(BaseHTTPRequestHandler):
        def _handle(self) -> None:
            raw = self.rfile.read(int(self.headers.get("Content-Length") or 0))
            status, body = catalog.answer(self.command, self.path, json.loads(raw) if raw else None)
            data = json.dumps(body).encode()
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        do_GET = do_POST = _handle

        def log_message(self, format: str, *args: Any) -> None:
            """Keep the test output quiet."""

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        thread.join(timeout=30)
        server.server_close()


def run(*args: str | Path, timeout: float = 180) -> str:
    """Run a command that must succeed; everything it printed."""
    result = subprocess.run(
        [str(a) for a in args], capture_output=True, text=True, env=ENV, timeout=timeout, check=False
    )
    assert result.returncode == 0, (args, result.stdout, result.stderr)
    return result.stdout + result.stderr


def write_consumer_pacts(root: Path) -> dict[str, Path]:
    """Run pact-python's consumer tests; one folder of pacts per consumer version."""
    folders = {}
    for variant in CONSUMER_VERSIONS:
        folders[variant] = root / variant
        folders[variant].mkdir()
        run(PEER_PYTHON, PEERS / "pact_python_consumer.py", folders[variant], variant)
    return folders


@dataclass
class Verification:
    """What a verifier run reported: whether it failed the build, and what it printed."""

    failed: bool
    output: str
    details: Any = None


@dataclass(frozen=True)
class VerifyRequest:
    """One verification run from the broker; pending is always on and results are published."""

    broker: str
    provider_url: str
    version: str
    branch: str
    selectors: list[dict[str, Any]]
    wip_since: str | None

    def config(self, **extra: Any) -> dict[str, Any]:
        """The verifier scripts' JSON configuration for this run (tests/broker/peers/*_verify.*)."""
        return {
            "broker_url": self.broker,
            "provider": "ppy-catalog",
            "provider_url": self.provider_url,
            "state_url": f"{self.provider_url}/_pact/state",
            "version": self.version,
            "branch": self.branch,
            "selectors": self.selectors,
            "pending": True,
            "wip_since": self.wip_since,
            **extra,
        }


Verify = Callable[[VerifyRequest], Verification]


def matrix(http: httpx.Client, consumer: str, version: str) -> list[tuple[str, bool]]:
    """(provider version, success) of every verification of a consumer version's pact."""
    response = http.get("/matrix", params=[("q[][pacticipant]", consumer), ("q[][version]", version)])
    assert response.status_code == 200, response.text
    return sorted(
        (row["provider"]["version"]["number"], row["verificationResult"]["success"])
        for row in response.json()["matrix"]
        if row["verificationResult"]
    )


def interaction_results(
    http: httpx.Client, consumer: str, version: str, provider_version: str
) -> tuple[bool, dict[str, bool]]:
    """A stored verification of a consumer version's pact: its success, and its ``testResults`` per
    interaction description (found through the served pact's ``_id``s)."""
    response = http.get("/matrix", params=[("q[][pacticipant]", consumer), ("q[][version]", version)])
    rows = [
        row
        for row in response.json()["matrix"]
        if row["verificationResult"] and row["provider"]["version"]["number"] == provider_version
    ]
    assert len(rows) == 1, rows
    stored = http.get(rows[0]["verificationResult"]["_links"]["self"]["href"]).json()
    pact = http.get(f"/pacts/provider/ppy-catalog/consumer/{consumer}/version/{version}").json()
    names = {i["_id"]: i["description"] for i in pact["interactions"]}
    return stored["success"], {names[t["interactionId"]]: t["success"] for t in stored["testResults"]}


def can_i_deploy(http: httpx.Client, pacticipant: str, version: str) -> tuple[bool | None, str]:
    """``GET /can-i-deploy`` to prod: deployable (None when unknown), and the reason."""
    response = http.get(
        "/can-i-deploy", params={"pacticipant": pacticipant, "version": version, "environment": "prod"}
    )
    assert response.status_code == 200, response.text
    summary = response.json()["summary"]
    return summary["deployable"], summary["reason"]


def branches(http: httpx.Client, pacticipant: str, *numbers: str) -> dict[str, list[str]]:
    """The branches each version of a pacticipant is on."""
    return {
        number: [
            b["name"]
            for b in http.get(f"/pacticipants/{pacticipant}/versions/{number}").json()["branchVersions"]
        ]
        for number in numbers
    }


def run_cycle(
    database_url: str, pacts: dict[str, Path], verify: Verify
) -> tuple[Recorder, list[Verification]]:
    """The whole cycle on a fresh broker; the recorded exchanges and the three verifications."""
    app = create_app(BrokerSettings(database_url=database_url))
    recorder = Recorder(app)
    good, bad = Catalog(), Catalog(broken=True)
    try:
        with (
            ServerThread(recorder) as server,  # type: ignore[arg-type]  # any ASGI app serves
            serve_provider(good) as good_url,
            serve_provider(bad) as bad_url,
            httpx.Client(base_url=server.url, timeout=30) as http,
        ):
            verifications = _cycle(
                server.url, http, pacts=pacts, verify=verify, good_url=good_url, bad_url=bad_url
            )
    finally:
        app.state.storage.dispose()
    assert {"action": "setup", "params": {"id": 1}, "state": "item exists"} in good.states, good.states
    return recorder, verifications


def _cycle(
    broker: str, http: httpx.Client, *, pacts: dict[str, Path], verify: Verify, good_url: str, bad_url: str
) -> list[Verification]:
    run(PACT, "broker", "create-environment", "-b", broker, "--name", "prod", "--production")
    run(ACCORD, "publish", pacts["web-1"], "-b", broker, "-a", "1", "--branch", "main")
    run(PACT, "broker", "publish", pacts["mobile-1"], "-b", broker, "-a", "1", "--branch", "release-1")
    deploy = ("broker", "record-deployment", "-b", broker, "--environment", "prod", "--pacticipant")
    run(PACT, *deploy, "ppy-mobile", "--version", "1")
    run(ACCORD, "publish", pacts["web-2"], "-b", broker, "-a", "2", "--branch", "feature/price")

    # A provider that keeps the contracts, on main: everything passes and is recorded, WIP included.
    first = verify(VerifyRequest(broker, good_url, "100", "main", MAIN_SELECTORS, "2026-01-01"))
    assert not first.failed, first.output
    assert "work in progress" in first.output, first.output
    assert "pending state" in first.output, first.output
    assert matrix(http, "ppy-web", "1") == [("100", True)]
    assert matrix(http, "ppy-mobile", "1") == [("100", True)]
    assert matrix(http, "ppy-web", "2") == [("100", True)]
    assert interaction_results(http, "ppy-web", "1", "100") == (
        True,
        {"a request for item 1": True, "a search for office items": True},
    )

    # Broken, on main: web 1 and mobile 1 are no longer pending, so the build fails. web 2 is WIP again:
    # its only success was a WIP verification, which leaves a pact pending (Pact Broker
    # successfully_verified_by_provider_branch_when_not_wip), so its failure does not count.
    second = verify(VerifyRequest(broker, bad_url, "101", "main", MAIN_SELECTORS, "2026-01-01"))
    assert second.failed, second.output
    assert matrix(http, "ppy-web", "1") == [("100", True), ("101", False)]
    assert matrix(http, "ppy-mobile", "1") == [("100", True), ("101", False)]
    assert matrix(http, "ppy-web", "2") == [("100", True), ("101", False)]
    assert interaction_results(http, "ppy-web", "1", "101") == (
        False,
        {"a request for item 1": False, "a search for office items": True},
    )
    assert interaction_results(http, "ppy-mobile", "1", "101") == (
        False,
        {"a request for item 1": False, "a new item": True},
    )

    # Broken, on a feature branch: web 3 was never verified, so it is pending and does not fail the build.
    run(PACT, "broker", "publish", pacts["web-3"], "-b", broker, "-a", "3", "--branch", "feature/price")
    third = verify(VerifyRequest(broker, bad_url, "102", "feature/price", FEATURE_SELECTORS, None))
    assert not third.failed, third.output
    assert "pending state" in third.output, third.output
    assert matrix(http, "ppy-web", "3") == [("102", False)]
    assert matrix(http, "ppy-web", "1") == [("100", True), ("101", False)]
    assert branches(http, "ppy-catalog", "100", "101", "102") == {
        "100": ["main"],
        "101": ["main"],
        "102": ["feature/price"],
    }

    # can-i-deploy to prod, where ppy-mobile 1 runs (then ppy-catalog 100 as well)
    assert can_i_deploy(http, "ppy-catalog", "100")[0] is True
    assert can_i_deploy(http, "ppy-catalog", "101") == (
        False,
        "The verification for the pact between the version of ppy-mobile currently in prod (1) and "
        "version 101 of ppy-catalog failed",
    )
    run(PACT, *deploy, "ppy-catalog", "--version", "100")
    assert can_i_deploy(http, "ppy-web", "1")[0] is True
    assert can_i_deploy(http, "ppy-web", "2")[0] is True
    assert can_i_deploy(http, "ppy-web", "3") == (  # unknown: the Pact Broker's nil
        None,
        "There is no verified pact between version 3 of ppy-web and the version of ppy-catalog currently "
        "in prod (100)",
    )
    return [first, second, third]


def verifier_requests(recorder: Recorder, agent: str) -> list[Exchange]:
    """The exchanges of one client, checked to be the conversation the Rust verifier has with a broker
    (research log of pact_verifier 1.4.7 against a stand-in broker): index, pacts for verification (GET
    then POST with the selectors), each pact, then per pact the provider, its branch version and the
    results."""
    calls = [e for e in recorder.exchanges if e.agent.startswith(agent)]
    assert calls, sorted({e.agent for e in recorder.exchanges})
    posted = [e.request for e in calls if e.method == "POST" and e.path.endswith("/for-verification")]
    assert [p["consumerVersionSelectors"] for p in posted] == [
        MAIN_SELECTORS,
        MAIN_SELECTORS,
        FEATURE_SELECTORS,
    ]
    assert [(p["includePendingStatus"], p["providerVersionBranch"]) for p in posted] == [
        (True, "main"),
        (True, "main"),
        (True, "feature/price"),
    ]
    assert [p.get("includeWipPactsSince") for p in posted] == ["2026-01-01", "2026-01-01", None]
    assert [e.path for e in calls if e.method == "GET" and e.path == "/"] == ["/"] * 3
    fetched = {e.path for e in calls if e.method == "GET" and "/pact-version/" in e.path}
    results = [e for e in calls if e.path.endswith("/verification-results")]
    assert {e.path.removesuffix("/verification-results") for e in results} <= fetched  # the pacts' links
    published = [e.request for e in results]
    assert len(published) == 7  # 3 + 3 + 1 pacts
    assert all(p["testResults"] and p["verifiedBy"]["implementation"] == "Pact-Rust" for p in published)
    branch_puts = [e.path for e in calls if e.method == "PUT"]
    assert set(branch_puts) == {
        "/pacticipants/ppy-catalog/branches/main/versions/100",
        "/pacticipants/ppy-catalog/branches/main/versions/101",
        "/pacticipants/ppy-catalog/branches/feature%2Fprice/versions/102",
    }
    return calls


__all__ = [
    "ENV",
    "PACT",
    "PEERS",
    "PEER_PYTHON",
    "ROOT",
    "Exchange",
    "Recorder",
    "Verification",
    "VerifyRequest",
    "run",
    "run_cycle",
    "verifier_requests",
    "write_consumer_pacts",
]
