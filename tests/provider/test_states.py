"""Provider states: Python handlers (params, values, generator teardown) and the state-change URL."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import pytest

from accord.errors import ProviderStateError
from accord.provider import ProviderState, StateHandlers, Verifier
from accord.provider._states import StateRunner
from accord.provider.transports import app_transport

from .conftest import serve_wsgi


def _pact(states: list[dict[str, Any]], generators: dict[str, Any] | None = None) -> dict[str, Any]:
    request: dict[str, Any] = {"method": "GET", "path": "/echo"}
    if generators:
        request["generators"] = generators
    return {
        "consumer": {"name": "c"},
        "provider": {"name": "p"},
        "interactions": [
            {
                "description": "echo",
                "providerStates": states,
                "request": request,
                "response": {"status": 200},
            }
        ],
        "metadata": {"pactSpecification": {"version": "3.0.0"}},
    }


def _echo_app(environ: dict[str, Any], start_response: Any) -> list[bytes]:
    body = json.dumps({"path": environ["PATH_INFO"]}).encode()
    start_response("200 OK", [("Content-Type", "application/json")])
    return [body]


@pytest.mark.parametrize(
    ("handler_kind", "expected_calls"),
    [
        ("keywords", [("setup", {"id": 1})]),
        ("params", [("setup", {"id": 1})]),
        ("generator", [("setup", {"id": 1}), ("teardown", {"id": 1})]),
        ("none", [("setup", {})]),
    ],
)
def test_handler_calling_conventions(handler_kind: str, expected_calls: list[tuple[str, Any]]) -> None:
    """Handlers get parameters as keywords or one ``params`` dict; generators tear down after ``yield``."""
    calls: list[tuple[str, Any]] = []
    handlers = StateHandlers()

    def keywords(id: int) -> None:
        calls.append(("setup", {"id": id}))

    def params(params: dict[str, Any]) -> None:
        calls.append(("setup", params))

    def generator(id: int) -> Iterator[None]:
        calls.append(("setup", {"id": id}))
        yield
        calls.append(("teardown", {"id": id}))

    def none() -> None:
        calls.append(("setup", {}))

    handlers.register(
        "s", {"keywords": keywords, "params": params, "generator": generator, "none": none}[handler_kind]
    )
    states = [{"name": "s", "params": {"id": 1}}] if handler_kind != "none" else [{"name": "s"}]
    result = (
        Verifier("p").with_app(_echo_app).with_states(handlers).add_source(_pact(states)).verify(report=False)
    )
    assert result.success, result.interactions[0].problems()
    assert calls == expected_calls


def test_states_set_up_in_order_and_torn_down_in_reverse() -> None:
    """Several states: setup in pact order, teardown in reverse order."""
    events: list[str] = []
    handlers = StateHandlers()
    for name in ("one", "two"):

        def handler(name: str = name) -> Iterator[None]:
            events.append(f"setup {name}")
            yield
            events.append(f"teardown {name}")

        handlers.register(name, handler)
    pact = _pact([{"name": "one"}, {"name": "two"}])
    assert (
        Verifier("p").with_app(_echo_app).with_states(handlers).add_source(pact).verify(report=False).success
    )
    assert events == ["setup one", "setup two", "teardown two", "teardown one"]


@pytest.mark.parametrize(
    ("registered", "message_part"),
    [
        ({"other state": lambda: None}, "no handler for provider state 'a user exists'"),
        ({"a user exists": lambda: 1 / 0}, "raised ZeroDivisionError"),
        ({"a user exists": lambda: "not a dict"}, "returned str, not a dict"),
    ],
)
def test_state_failures_name_the_state(registered: dict[str, Any], message_part: str) -> None:
    """A missing handler, a raising handler or a bad return value fails the interaction, naming the state."""
    handlers = StateHandlers()
    for name, handler in registered.items():
        handlers.register(name, handler)
    result = (
        Verifier("p")
        .with_app(_echo_app)
        .with_states(handlers)
        .add_source(_pact([{"name": "a user exists"}]))
        .verify(report=False)
    )
    (interaction,) = result.interactions
    assert not result.success and interaction.status == "error"
    assert interaction.state_error is not None and message_part in interaction.state_error
    assert "'a user exists'" in interaction.state_error


def test_no_state_mechanism_warns() -> None:
    """With no handler and no state-change URL at all: a warning, not a failure (as the Pact verifiers)."""
    # with_transport, not with_app: with_app also uses the process-wide @provider_state handlers
    verifier = Verifier("p").with_transport(app_transport(_echo_app)).add_source(_pact([{"name": "lonely"}]))
    result = verifier.verify(report=False)
    assert result.success
    assert result.warnings == ["no provider state callback configured for provider state 'lonely'"]


def test_failed_setup_tears_down_the_states_already_set_up() -> None:
    """When the second state fails, the first one (already set up) is torn down, the second is not."""
    events: list[str] = []
    handlers = StateHandlers()

    def first() -> Iterator[None]:
        events.append("setup first")
        yield
        events.append("teardown first")

    handlers.register("first", first)
    handlers.register("second", lambda: 1 / 0)
    runner = StateRunner(handlers)
    with pytest.raises(ProviderStateError, match="'second'"):
        runner.setup([ProviderState("first"), ProviderState("second")])
    assert events == ["setup first", "teardown first"]


class _StateApp:
    """A WSGI app serving Pact's state-change protocol and recording its calls."""

    def __init__(self, fail: bool = False) -> None:
        self.calls: list[dict[str, Any]] = []
        self.fail = fail

    def __call__(self, environ: dict[str, Any], start_response: Any) -> list[bytes]:
        length = int(environ.get("CONTENT_LENGTH") or 0)
        if environ["PATH_INFO"] == "/_pact/state":
            document = json.loads(environ["wsgi.input"].read(length))
            self.calls.append(document)
            status = "500 Internal Server Error" if self.fail else "200 OK"
            start_response(status, [("Content-Type", "application/json")])
            return [json.dumps({"id": 42}).encode()]
        return _echo_app(environ, start_response)


@pytest.mark.parametrize(
    ("states", "expected"),
    [
        (
            [{"name": "a user exists", "params": {"id": 1}}],
            [
                {"state": "a user exists", "params": {"id": 1}, "action": "setup"},
                {"state": "a user exists", "params": {"id": 1}, "action": "teardown"},
            ],
        ),
        (
            [],
            [
                {"state": "", "params": {}, "action": "setup"},
                {"state": "", "params": {}, "action": "teardown"},
            ],
        ),
    ],
)
def test_state_change_url_protocol(states: list[dict[str, Any]], expected: list[dict[str, Any]]) -> None:
    """POST {state, params, action} for setup then teardown; an interaction without states sends ``""``."""
    app = _StateApp()
    for url in serve_wsgi(app):
        result = (
            Verifier("p")
            .with_base_url(url)
            .with_state_change_url(url + "/_pact/state")
            .add_source(_pact(states))
            .verify(report=False)
        )
        assert result.success
    assert app.calls == expected


def test_failing_state_change_url_fails_the_interaction_without_teardown() -> None:
    """A state-change endpoint answering 500 fails the interaction ("State change request failed")."""
    app = _StateApp(fail=True)
    for url in serve_wsgi(app):
        result = (
            Verifier("p")
            .with_base_url(url)
            .with_state_change_url(url + "/_pact/state")
            .add_source(_pact([{"name": "s"}]))
            .verify(report=False)
        )
    (interaction,) = result.interactions
    assert interaction.state_error is not None and interaction.state_error.startswith(
        "State change request failed"
    )
    assert [call["action"] for call in app.calls] == ["setup"]
