"""Pacts from a broker (pacts for verification, pending) and results published back per interaction."""

from __future__ import annotations

import json
from typing import Any

import pytest

from accord.errors import BrokerAuthError
from accord.provider import StateHandlers, Verifier

from . import _apps
from .conftest import serve_wsgi


class RecordingBroker:
    """A WSGI stand-in for the Pact Broker: index, pacts for verification, pacts, publishing; it records."""

    def __init__(self, pacts: dict[str, tuple[dict[str, Any], bool]], token: str | None = None) -> None:
        self.pacts = pacts  # consumer -> (pact, pending)
        self.token = token
        self.calls: list[tuple[str, str, Any]] = []
        self.base = ""

    def __call__(self, environ: dict[str, Any], start_response: Any) -> list[bytes]:
        method, path = environ["REQUEST_METHOD"], environ["PATH_INFO"]
        length = int(environ.get("CONTENT_LENGTH") or 0)
        body = json.loads(environ["wsgi.input"].read(length)) if length else None
        self.calls.append((method, path, body))
        if self.token and environ.get("HTTP_AUTHORIZATION") != f"Bearer {self.token}":
            return self._json(start_response, "401 Unauthorized", {"error": "no"})
        base = self.base
        if path == "/":
            links = {
                "pb:provider-pacts-for-verification": {
                    "href": base + "/pacts/provider/{provider}/for-verification"
                }
            }
            return self._json(start_response, "200 OK", {"_links": links})
        if path == "/pacts/provider/orders/for-verification":
            pacts = [
                {
                    "verificationProperties": {"pending": pending, "notices": [{"text": f"{c} notice"}]},
                    "_links": {"self": {"href": f"{base}/pacts/{c}"}},
                }
                for c, (_, pending) in self.pacts.items()
            ]
            return self._json(start_response, "200 OK", {"_embedded": {"pacts": pacts}})
        if path.startswith("/pacts/") and path.count("/") == 2:
            consumer = path.rsplit("/", 1)[1]
            document = dict(self.pacts[consumer][0])
            document["_links"] = {
                "pb:publish-verification-results": {"href": f"{base}/results/{consumer}"},
                "pb:provider": {"href": f"{base}/pacticipants/orders"},
            }
            return self._json(start_response, "200 OK", document)
        if path == "/pacticipants/orders":
            links = {
                "pb:branch-version": {
                    "href": base + "/pacticipants/orders/branches/{branch}/versions/{version}"
                }
            }
            return self._json(start_response, "200 OK", {"_links": links})
        return self._json(start_response, "200 OK", {})

    @staticmethod
    def _json(start_response: Any, status: str, document: Any) -> list[bytes]:
        start_response(status, [("Content-Type", "application/hal+json")])
        return [json.dumps(document).encode()]


def _run(broker: RecordingBroker, app: Any, states: StateHandlers, **options: Any) -> Any:
    for url in serve_wsgi(broker):
        broker.base = url
        verifier = (
            Verifier("orders").with_app(app).with_states(states).with_header("Authorization", _apps.TOKEN)
        )
        return verifier.with_broker(url, **options).verify(report=False)
    raise AssertionError("the broker did not start")


def test_pacts_for_verification_request_and_publishing(flask_app: Any, states: StateHandlers) -> None:
    """The POST carries selectors, pending, WIP, branch; per-interaction results follow the branch PUT."""
    broker = RecordingBroker({"web": (_apps.orders_pact(), False)}, token="t0k")
    result = _run(
        broker,
        flask_app,
        states,
        selectors=[{"mainBranch": True}, {"deployedOrReleased": True}],
        enable_pending=True,
        include_wip_pacts_since="2026-01-01",
        publish=True,
        provider_version="2.0.0",
        provider_branch="main",
        token="t0k",
    )
    assert result.success and result.publish_errors == []
    posts = [(path, body) for method, path, body in broker.calls if method == "POST"]
    assert posts[0] == (
        "/pacts/provider/orders/for-verification",
        {
            "consumerVersionSelectors": [{"mainBranch": True}, {"deployedOrReleased": True}],
            "includePendingStatus": True,
            "includeWipPactsSince": "2026-01-01",
            "providerVersionBranch": "main",
        },
    )
    puts = [path for method, path, _ in broker.calls if method == "PUT"]
    assert puts == ["/pacticipants/orders/branches/main/versions/2.0.0"]
    path, published = posts[1]
    assert path == "/results/web"
    assert published["success"] is True and published["providerApplicationVersion"] == "2.0.0"
    assert [r["interactionDescription"] for r in published["testResults"]] == [
        i["description"] for i in _apps.orders_pact()["interactions"]
    ]
    assert published["verifiedBy"]["implementation"] == "Accord"


def test_pending_pact_failures_are_published_but_do_not_fail(flask_app: Any, states: StateHandlers) -> None:
    """A pending pact that fails: the run succeeds, the broker still gets the failure with its mismatches."""
    _apps.FLAGS["broken"] = True
    broker = RecordingBroker({"web": (_apps.orders_pact(), True)})
    result = _run(broker, flask_app, states, enable_pending=True, publish=True, provider_version="2.0.0")
    assert result.success and len(result.pending_failures) == 2
    published = next(
        body for method, path, body in broker.calls if method == "POST" and path == "/results/web"
    )
    assert published["success"] is False
    failed = [r for r in published["testResults"] if not r["success"]]
    assert [m["identifier"] for r in failed for m in r["mismatches"]] == ["$.body.id", "$.body.id"]


@pytest.mark.parametrize("enable_pending", [True, False])
def test_pending_only_counts_when_enabled(
    flask_app: Any, states: StateHandlers, enable_pending: bool
) -> None:
    """Without --enable-pending, a pact the broker calls pending fails the run like any other."""
    _apps.FLAGS["broken"] = True
    broker = RecordingBroker({"web": (_apps.orders_pact(), True)})
    result = _run(broker, flask_app, states, enable_pending=enable_pending)
    assert result.success is enable_pending


def test_refused_token_is_a_broker_auth_error(flask_app: Any, states: StateHandlers) -> None:
    """A 401 from the broker raises BrokerAuthError naming the variable to set."""
    broker = RecordingBroker({"web": (_apps.orders_pact(), False)}, token="right")
    with pytest.raises(BrokerAuthError, match="401"):
        _run(broker, flask_app, states, token="wrong")


def test_pact_url_results_are_published_to_its_link(capsys: pytest.CaptureFixture[str]) -> None:
    """A webhook's --pact-url with --publish: results go to the pact's pb:publish-verification-results."""
    from accord.cli._main import main

    from .test_cli import APP

    broker = RecordingBroker({"web": (_apps.orders_pact(), False)})
    for url in serve_wsgi(broker):
        broker.base = url
        args = ["verify", "--provider", "orders", "--app", APP, "--pact-url", url + "/pacts/web"]
        with pytest.raises(SystemExit) as exit_info:
            main([*args, "-H", f"Authorization={_apps.TOKEN}", "--publish", "--provider-version", "3.1.0"])
    assert exit_info.value.code == 0, capsys.readouterr().out
    published = [body for method, path, body in broker.calls if method == "POST" and path == "/results/web"]
    assert [(p["success"], p["providerApplicationVersion"]) for p in published] == [(True, "3.1.0")]
    assert not any(path.endswith("/for-verification") for _, path, _ in broker.calls)
