"""The verifier against the orders provider: FastAPI and Flask in-process, and over HTTP on 127.0.0.1."""

from __future__ import annotations

from typing import Any

import httpx
import pytest

from accord.errors import ConfigurationError
from accord.provider import StateHandlers, VerificationResult, Verifier

from . import _apps

TRANSPORTS = ["fastapi", "flask", "http"]


def _verifier(kind: str, request: pytest.FixtureRequest, states: StateHandlers) -> Verifier:
    verifier = Verifier("orders").with_states(states).with_header("Authorization", _apps.TOKEN)
    if kind == "http":
        return verifier.with_base_url(request.getfixturevalue("http_provider"))
    return verifier.with_app(request.getfixturevalue(f"{kind}_app"))


def _verdicts(result: VerificationResult) -> dict[str, str]:
    return {r.description: r.status for r in result.interactions}


@pytest.mark.parametrize("kind", TRANSPORTS)
def test_a_correct_provider_passes(kind: str, request: pytest.FixtureRequest, states: StateHandlers) -> None:
    """Every interaction of the orders pact passes, whichever way the provider is reached."""
    result = _verifier(kind, request, states).add_source(_apps.orders_pact()).verify(report=False)
    assert _verdicts(result) == {
        "a request for order 7": "passed",
        "a request for a missing order": "passed",
        "a new order": "passed",
        "the secret, with a token": "passed",
        "a health check": "passed",
    }
    assert result.success and result.exit_code == 0
    assert _apps.STORE.get(7) is None, "the generator state handler's teardown ran"


@pytest.mark.parametrize("kind", TRANSPORTS)
def test_a_broken_provider_fails_with_the_mismatch(
    kind: str, request: pytest.FixtureRequest, states: StateHandlers
) -> None:
    """A provider that serialises ids as strings fails exactly the interactions whose ids it returns."""
    _apps.FLAGS["broken"] = True
    result = _verifier(kind, request, states).add_source(_apps.orders_pact()).verify(report=False)
    verdicts = _verdicts(result)
    assert verdicts["a request for order 7"] == "failed"
    assert verdicts["a new order"] == "failed"
    assert verdicts["a health check"] == "passed"
    (mismatch,) = next(r for r in result.interactions if r.description == "a request for order 7").mismatches
    assert (mismatch.kind, mismatch.path, mismatch.actual) == ("body", "$.body.id", "7")
    assert not result.success and result.exit_code == 1


@pytest.mark.parametrize(
    ("selection", "expected"),
    [
        ({"description": "a health check"}, ["a health check"]),
        ({"state": "no orders"}, ["a request for a missing order"]),
        ({"consumer": "someone-else"}, []),
        ({"description": ("a health check", "a new order")}, ["a new order", "a health check"]),
        ({"description": "^a request"}, ["a request for order 7", "a request for a missing order"]),
        ({"state": "order.*exists"}, ["a request for order 7"]),
    ],
)
def test_selection(
    selection: dict[str, Any], expected: list[str], flask_app: Any, states: StateHandlers
) -> None:
    """Interactions are selected by description, provider state and consumer."""
    verifier = Verifier("orders").with_app(flask_app).with_states(states).add_source(_apps.orders_pact())
    result = verifier.select(**selection).verify(report=False)
    assert [r.description for r in result.interactions] == expected


@pytest.mark.parametrize(
    ("variable", "value", "expected"),
    [
        ("PACT_DESCRIPTION", "a health check", ["a health check"]),
        ("PACT_PROVIDER_STATE", "an order exists", ["a request for order 7"]),
    ],
)
def test_selection_from_the_environment(  # noqa: PLR0917 - parametrized values plus fixtures
    variable: str,
    value: str,
    expected: list[str],
    flask_app: Any,
    states: StateHandlers,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """PACT_DESCRIPTION and PACT_PROVIDER_STATE narrow the verification as in the Pact verifiers."""
    monkeypatch.setenv(variable, value)
    verifier = Verifier("orders").with_app(flask_app).with_states(states).add_source(_apps.orders_pact())
    result = verifier.verify(report=False)
    assert [r.description for r in result.interactions] == expected


def test_request_filter_adds_the_token(fastapi_app: Any, states: StateHandlers) -> None:
    """A request filter callable changes each replayed request (here: the auth header)."""
    seen: list[str] = []

    def add_token(request: httpx.Request) -> httpx.Request:
        seen.append(request.url.path)
        request.headers["Authorization"] = _apps.TOKEN
        return request

    verifier = Verifier("orders").with_app(fastapi_app).with_states(states).with_request_filter(add_token)
    result = (
        verifier.add_source(_apps.orders_pact())
        .select(description="the secret, with a token")
        .verify(report=False)
    )
    assert result.success and seen == ["/secret"]


def test_without_the_token_the_secret_fails(flask_app: Any, states: StateHandlers) -> None:
    """The same interaction without the filter gets a 401, reported as a status mismatch."""
    verifier = Verifier("orders").with_app(flask_app).with_states(states).add_source(_apps.orders_pact())
    result = verifier.select(description="the secret, with a token").verify(report=False)
    (interaction,) = result.interactions
    assert next(m.kind for m in interaction.mismatches) == "status"


@pytest.mark.parametrize("ignore", [True, False])
def test_pacts_for_other_providers_are_skipped(flask_app: Any, ignore: bool) -> None:
    """A pact for another provider is skipped with a warning; no pact left is an error unless ignored."""
    pact = _apps.orders_pact()
    pact["provider"]["name"] = "billing"
    verifier = Verifier("orders").with_app(flask_app).add_source(pact).ignore_no_pacts(ignore)
    if not ignore:
        with pytest.raises(ConfigurationError, match=r"no pacts for provider 'orders'.*'billing'"):
            verifier.verify(report=False)
        return
    result = verifier.verify(report=False)
    assert result.interactions == [] and result.success
    assert any("'billing'" in w for w in result.warnings)


def test_pact_files_and_directories(tmp_path: Any, flask_app: Any, states: StateHandlers) -> None:
    """A directory source verifies each of its ``*.json`` pact files."""
    import json

    for consumer in ("web", "mobile"):
        pact = _apps.orders_pact()
        pact["consumer"]["name"] = consumer
        (tmp_path / f"{consumer}-orders.json").write_text(json.dumps(pact))
    verifier = Verifier("orders").with_app(flask_app).with_states(states).add_source(tmp_path)
    result = verifier.verify(report=False)
    assert [p.consumer for p in result.pacts] == ["mobile", "web"]
    assert len(result.interactions) == 10


def _raising_wsgi(environ: dict[str, Any], start_response: Any) -> list[bytes]:
    raise RuntimeError("boom")


async def _raising_asgi(scope: dict[str, Any], receive: Any, send: Any) -> None:
    if scope["type"] == "http":
        raise RuntimeError("boom")


@pytest.mark.parametrize(
    ("app", "status", "problem"),
    [
        (_raising_wsgi, "error", "the application raised RuntimeError on GET /health: boom"),
        (_raising_asgi, "failed", "$.status: expected 200 but was 500"),
    ],
)
def test_an_application_that_raises(app: Any, status: str, problem: str) -> None:
    """An in-process app that raises fails its interaction (WSGI: the error; ASGI: a 500), the run goes on."""
    pact = _apps.orders_pact()
    verifier = (
        Verifier("orders")
        .with_app(app)
        .add_source(pact)
        .select(description=("a health check", "a new order"))
    )
    result = verifier.verify(report=False)
    assert [r.status for r in result.interactions] == [status, status]
    assert problem in result.interactions[1].problems()


def test_a_raising_request_filter_stops_with_its_name(flask_app: Any) -> None:
    """A request filter that raises is a configuration error naming the filter."""

    def sign(request: httpx.Request) -> None:
        raise KeyError("SIGNING_KEY")

    verifier = (
        Verifier("orders").with_app(flask_app).with_request_filter(sign).add_source(_apps.orders_pact())
    )
    with pytest.raises(ConfigurationError, match="the request filter sign raised KeyError"):
        verifier.verify(report=False)


def test_an_invalid_matching_rule_fails_only_its_interaction(flask_app: Any) -> None:
    """A matching rule the engine rejects fails that interaction with the engine's message; others run."""
    pact = _apps.orders_pact()
    pact["interactions"][4]["response"]["matchingRules"] = {
        "body": {"$": {"matchers": [{"match": "no-such"}]}}
    }
    result = Verifier("orders").with_app(flask_app).add_source(pact).verify(report=False)
    statuses = {r.description: r.status for r in result.interactions}
    assert statuses["a health check"] == "error" and statuses["a request for a missing order"] == "passed"
    (health,) = [r for r in result.interactions if r.description == "a health check"]
    assert health.error is not None and "no-such" in health.error
