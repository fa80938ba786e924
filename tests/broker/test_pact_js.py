"""pact-js (``@pact-foundation/pact`` 16, its Rust core through pact-core's prebuilt ffi) against a real
Accord broker on 127.0.0.1, on SQLite and PostgreSQL.

pact-js's ``Verifier`` runs under node (tests/broker/peers/pact_js_verify.js) with the same cycle as the
pact-python test (`peer_cycle`): selectors, pending, WIP, provider version and branch, results
published, a good provider then a broken one; provider states go through pact-js's ``stateHandlers``.
pact-js is an optional peer: when scripts/install-peers.sh could not install it, the test skips.
"""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path
from typing import Any

import httpx
import pytest

from accord.broker import BrokerSettings, Storage, create_app, create_token

from .conftest import ServerThread
from .peer_cycle import (
    ACCORD,
    ENV,
    PEER_PYTHON,
    PEERS,
    ROOT,
    Catalog,
    Recorder,
    Verification,
    VerifyRequest,
    run,
    run_cycle,
    serve_provider,
    verifier_requests,
    write_consumer_pacts,
)

pytestmark = pytest.mark.peers

NODE_MODULES = ROOT / ".peers" / "pact-js" / "node_modules"
NODE = shutil.which("node")


def _pact_js_missing() -> str | None:
    """Why pact-js cannot run here, or None."""
    if NODE is None:
        return "node is not installed (pact-js is an optional peer)"
    if not (NODE_MODULES / "@pact-foundation" / "pact").is_dir():
        return "pact-js is not installed in .peers/pact-js: run scripts/install-peers.sh (needs npm)"
    loaded = subprocess.run(
        [NODE, "-e", "require('@pact-foundation/pact')"],
        capture_output=True,
        text=True,
        env={**ENV, "NODE_PATH": str(NODE_MODULES)},
        timeout=60,
        check=False,
    )
    if loaded.returncode != 0:
        return f"pact-js does not load here: {loaded.stderr.strip().splitlines()[-1:]}"
    return None


@pytest.fixture(scope="module")
def pacts(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """The consumers' pacts (written by pact-python's consumer side), one folder per consumer version."""
    reason = _pact_js_missing()
    if reason:
        pytest.skip(reason)
    if not PEER_PYTHON.exists():
        pytest.fail("pact-python is not installed: run scripts/install-peers.sh (make dev does)")
    return write_consumer_pacts(tmp_path_factory.mktemp("js-pacts"))


def pact_js_verifier(tmp_path: Path, **extra: Any) -> Any:
    """A verify function running pact-js's ``Verifier`` under node (``extra``: ``token``,
    ``provider_tags``)."""

    def verify(request: VerifyRequest) -> Verification:
        config = tmp_path / f"verify-{request.version}-{len(list(tmp_path.iterdir()))}.json"
        report = config.with_suffix(".report.json")
        config.write_text(json.dumps(request.config(**extra)))
        assert NODE is not None
        result = subprocess.run(
            [NODE, str(PEERS / "pact_js_verify.js"), str(config), str(report)],
            capture_output=True,
            text=True,
            env={**ENV, "NODE_PATH": str(NODE_MODULES)},
            timeout=180,
            check=False,
        )
        assert result.returncode == 0, (result.stdout, result.stderr)
        reported = json.loads(report.read_text())
        details = json.loads(reported["rejected"]) if reported["rejected"] else None
        return Verification(reported["rejected"] is not None, result.stdout + result.stderr, details)

    return verify


def test_pact_js_verifies_from_the_broker(db_url: str, tmp_path: Path, pacts: dict[str, Path]) -> None:
    """pact-js's Verifier selects, verifies and publishes as the Rust verifier does; the broker ends up
    as the Pact Broker would, and pact-js fails only the build whose failures are not pending."""
    recorder, (_, second, _) = run_cycle(db_url, pacts, pact_js_verifier(tmp_path))
    assert recorder.errors() == []
    calls = verifier_requests(recorder, "pact_verifier/")
    published = [c.request for c in calls if c.path.endswith("/verification-results")]
    assert {
        (p["verifiedBy"]["clientLanguage"]["name"], p["verifiedBy"]["clientLanguage"]["testFramework"])
        for p in published
    } == {("pact-core", "pact_ffi")}
    assert second.details["result"] is False
    assert [e["interaction"] for e in second.details["errors"]] == [
        "Verifying a pact between ppy-mobile and ppy-catalog Given item exists - a request for item 1",
        "Verifying a pact between ppy-web and ppy-catalog Given item exists - a request for item 1",
    ]
    assert [e["interaction"] for e in second.details["pendingErrors"]] == [  # web 2, WIP again
        "Verifying a pact between ppy-web and ppy-catalog Given item exists - a request for item 1"
    ]
    assert all(e["mismatch"]["interactionId"] for e in second.details["errors"])  # the broker's _ids


def test_pact_js_with_a_token(db_url: str, tmp_path: Path, pacts: dict[str, Path]) -> None:
    """With token auth on, pact-js fetches and publishes with ``pactBrokerToken`` (provider tags too);
    without the token the broker answers 401 saying what is missing and pact-js fails the build."""
    storage = Storage(db_url)
    storage.migrate()
    _, token = create_token(storage, "ci", "write")
    recorder = Recorder(create_app(BrokerSettings(database_url=db_url, token_auth=True), storage=storage))
    request = {"version": "100", "branch": "main", "selectors": [{"mainBranch": True}], "wip_since": None}
    try:
        with (
            ServerThread(recorder) as server,  # type: ignore[arg-type]  # any ASGI app serves
            serve_provider(Catalog()) as provider,
            httpx.Client(base_url=server.url, headers={"Authorization": f"Bearer {token}"}) as http,
        ):
            run(
                ACCORD,
                "publish",
                pacts["web-1"],
                "-b",
                server.url,
                "-k",
                token,
                "-a",
                "1",
                "--branch",
                "main",
            )
            refused = pact_js_verifier(tmp_path)(VerifyRequest(server.url, provider, **request))
            assert refused.failed
            assert "401" in json.dumps(refused.details), refused.details
            assert http.get("/pacticipants/ppy-catalog/versions/100").status_code == 404  # nothing published
            verify = pact_js_verifier(tmp_path, token=token, provider_tags=["dev"])
            passed = verify(VerifyRequest(server.url, provider, **request))
            assert not passed.failed, passed.output
            version = http.get("/pacticipants/ppy-catalog/versions/100").json()
            assert [t["name"] for t in version["_embedded"]["tags"]] == ["dev"]
            rows = http.get(
                "/matrix", params=[("q[][pacticipant]", "ppy-web"), ("q[][version]", "1")]
            ).json()["matrix"]
            assert [
                (r["provider"]["version"]["number"], r["verificationResult"]["success"]) for r in rows
            ] == [("100", True)]
    finally:
        storage.dispose()
    unauthorised = [e for e in recorder.exchanges if e.status == 401]
    assert unauthorised, [(e.method, e.path, e.status) for e in recorder.exchanges]
    assert all(b"authentication is required" in e.response for e in unauthorised), unauthorised[0].response
    assert [e for e in recorder.errors() if e[0].startswith("pact_verifier") and e[3] != 401] == []
