"""pact-python 4.x (the Rust core through pact_ffi, a newer verifier than the ``pact`` CLI's) against a
real Accord broker on 127.0.0.1, on SQLite and PostgreSQL.

pact-python runs in its own venv as a subprocess (it registers pytest plugins): its consumer side writes
the pacts, its ``Verifier`` verifies the provider from the broker with selectors (mainBranch, branch,
deployedOrReleased, matchingBranch), pending, WIP, a provider version and branch, publishing results.
The cycle and the broker state it must leave are in `peer_cycle`; here, what pact-python itself
reported, and every request its verifier sent (none answered with a 4xx or 5xx).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import httpx
import pytest

from accord.broker import BrokerSettings, Storage, create_app, create_token

from .conftest import ServerThread
from .peer_cycle import (
    PACT,
    PEER_PYTHON,
    PEERS,
    Recorder,
    Verification,
    VerifyRequest,
    run,
    run_cycle,
    verifier_requests,
    write_consumer_pacts,
)

pytestmark = pytest.mark.peers


@pytest.fixture(scope="module")
def pacts(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """The pacts pact-python's consumer tests write, one folder per consumer version."""
    if not PEER_PYTHON.exists():
        pytest.fail("pact-python is not installed: run scripts/install-peers.sh (make dev does)")
    return write_consumer_pacts(tmp_path_factory.mktemp("ppy-pacts"))


def pact_python_verifier(tmp_path: Path) -> Any:
    """A verify function running pact-python's ``Verifier`` (tests/broker/peers/pact_python_verify.py)."""

    def verify(request: VerifyRequest) -> Verification:
        config = tmp_path / f"verify-{request.version}.json"
        report = tmp_path / f"report-{request.version}.json"
        config.write_text(json.dumps(request.config()))
        run(PEER_PYTHON, PEERS / "pact_python_verify.py", config, report)
        reported = json.loads(report.read_text())
        return Verification(reported["raised"] is not None, reported["output"], reported["results"])

    return verify


def test_pact_python_verifies_from_the_broker(db_url: str, tmp_path: Path, pacts: dict[str, Path]) -> None:
    """Selectors, pending, WIP, branches, published results: the broker ends up as the Pact Broker would,
    and pact-python reports the same outcome, interaction by interaction, with the broker's notices."""
    recorder, (first, second, third) = run_cycle(db_url, pacts, pact_python_verifier(tmp_path))
    assert recorder.errors() == []
    calls = verifier_requests(recorder, "pact_verifier/")
    assert {c["verifiedBy"].get("clientLanguage", {}).get("name") for c in _published(calls)} == {
        "pact-python"
    }

    assert first.details["result"] is True
    assert [(r["consumer"], r["result"], r["pending"]) for r in first.details["interactionResults"]] == [
        ("ppy-mobile", "OK", True),
        ("ppy-mobile", "OK", True),
        ("ppy-web", "OK", True),
        ("ppy-web", "OK", True),
        ("ppy-web", "OK", True),
        ("ppy-web", "OK", True),
    ]
    (wip,) = [
        n["text"] for n in first.details["notices"] if "because it is a 'work in progress'" in n["text"]
    ]
    url, reason = wip.removeprefix("The pact at ").split(" ", 1)
    assert "/pacts/provider/ppy-catalog/consumer/ppy-web/pact-version/" in url
    assert reason == (
        "is being verified because it is a 'work in progress' pact (ie. it is the pact for the latest version "
        "of ppy-web from branch 'feature/price' and it has not yet been successfully verified by a version of "
        "ppy-catalog from branch 'main' when the pact's application version was explicitly specified in the "
        "consumer version selectors). Read more at https://docs.pact.io/go/wip"
    )

    assert second.details["result"] is False
    assert sorted(
        (r["consumer"], r["description"], r["result"], r["pending"])
        for r in second.details["interactionResults"]
    ) == [
        ("ppy-mobile", "a new item", "OK", False),
        ("ppy-mobile", "a request for item 1", "Error", False),
        ("ppy-web", "a request for item 1", "Error", False),  # web 1
        ("ppy-web", "a request for item 1", "Error", True),  # web 2, WIP again
        ("ppy-web", "a search for office items", "OK", False),
        ("ppy-web", "a search for office items", "OK", True),
    ]

    pending = [(r["description"], r["result"], r["pending"]) for r in third.details["interactionResults"]]
    assert pending == [("a request for item 1", "Error", True), ("a search for office items", "OK", True)]
    assert "There were 1 non-fatal pact failures on pending pacts" in third.output


def _published(calls: list[Any]) -> list[Any]:
    return [c.request for c in calls if c.path.endswith("/verification-results")]


def test_pact_python_message_provider_with_a_token(db_url: str, tmp_path: Path) -> None:
    """A V4 message pact (pact-python's message consumer) through a broker with token auth: the Verifier
    (message handler, provider tags) verifies it from the broker and publishes with the token; the broker
    keeps the per-interaction results, the provider's tags and branch, and can-i-deploy follows them."""
    if not PEER_PYTHON.exists():
        pytest.fail("pact-python is not installed: run scripts/install-peers.sh (make dev does)")
    storage = Storage(db_url)
    storage.migrate()
    _, token = create_token(storage, "ci", "write")
    app = create_app(BrokerSettings(database_url=db_url, token_auth=True), storage=storage)
    recorder = Recorder(app)
    (tmp_path / "events").mkdir()
    run(PEER_PYTHON, PEERS / "pact_python_message_consumer.py", tmp_path / "events")
    try:
        with (
            ServerThread(recorder) as server,
            httpx.Client(
                base_url=server.url, headers={"Authorization": f"Bearer {token}"}, timeout=30
            ) as http,
        ):
            auth = ("-b", server.url, "-k", token)
            run(PACT, "broker", "publish", tmp_path / "events", *auth, "-a", "1", "--branch", "main")
            reports = {
                version: _verify_messages(tmp_path, server.url, token, version, item_id)
                for version, item_id in (("5", 7), ("6", "7"))
            }
            assert reports["5"]["raised"] is None, reports["5"]["output"]
            assert reports["6"]["raised"] is not None, reports["6"]["output"]  # verified before: not pending
            rows = http.get(
                "/matrix", params=[("q[][pacticipant]", "ppy-events"), ("q[][version]", "1")]
            ).json()["matrix"]
            assert sorted(
                (r["provider"]["version"]["number"], r["verificationResult"]["success"]) for r in rows
            ) == [("5", True), ("6", False)]
            pact = http.get("/pacts/provider/ppy-catalog-events/consumer/ppy-events/version/1").json()
            (event,) = pact["interactions"]
            assert event["type"] == "Asynchronous/Messages"
            for row in rows:
                stored = http.get(row["verificationResult"]["_links"]["self"]["href"]).json()
                assert [(t["interactionId"], t["success"]) for t in stored["testResults"]] == [
                    (event["_id"], stored["success"])
                ]
            version = http.get("/pacticipants/ppy-catalog-events/versions/6").json()
            assert [t["name"] for t in version["_embedded"]["tags"]] == ["dev"]
            assert [b["name"] for b in version["branchVersions"]] == ["main"]
            run(PACT, "broker", "create-environment", *auth, "--name", "prod")
            run(
                PACT,
                "broker",
                "record-deployment",
                *auth,
                "--pacticipant",
                "ppy-events",
                "--version",
                "1",
                "--environment",
                "prod",
            )
            for provider_version, deployable in (("5", True), ("6", False)):
                verdict = http.get(
                    "/can-i-deploy",
                    params={
                        "pacticipant": "ppy-catalog-events",
                        "version": provider_version,
                        "environment": "prod",
                    },
                ).json()["summary"]
                assert verdict["deployable"] is deployable, verdict
    finally:
        app.state.storage.dispose()
    assert recorder.errors() == []
    assert {e.agent.split("/")[0] for e in recorder.exchanges} >= {"pact_verifier", "pact-broker-cli"}


def _verify_messages(tmp_path: Path, broker: str, token: str, version: str, item_id: Any) -> Any:
    config = tmp_path / f"messages-{version}.json"
    report = tmp_path / f"messages-report-{version}.json"
    config.write_text(
        json.dumps(
            {
                "broker_url": broker,
                "token": token,
                "provider": "ppy-catalog-events",
                "messages": {
                    "an item created event": [{"event": "created", "id": item_id}, {"topic": "items"}]
                },
                "version": version,
                "branch": "main",
                "provider_tags": ["dev"],
                "selectors": [{"mainBranch": True}],
                "pending": True,
            }
        )
    )
    run(PEER_PYTHON, PEERS / "pact_python_verify.py", config, report)
    return json.loads(report.read_text())
