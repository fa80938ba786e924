"""Provider-state values feed the request's ProviderState generators."""

from __future__ import annotations

import httpx

from accord.provider import StateHandlers, Verifier

from .test_states import _echo_app, _pact


def test_state_values_feed_provider_state_generators() -> None:
    """A handler's returned values fill the request's ProviderState generators (path from ``${id}``)."""
    seen: list[str] = []
    handlers = StateHandlers()
    handlers.register("a user exists", lambda: {"id": 42})

    def record(request: httpx.Request) -> None:
        seen.append(request.url.path)

    generators = {"path": {"type": "ProviderState", "expression": "/users/${id}", "dataType": "STRING"}}
    pact = _pact([{"name": "a user exists"}], generators)
    pact["interactions"][0]["request"]["path"] = "/users/1"
    verifier = Verifier("p").with_app(_echo_app).with_states(handlers).with_request_filter(record)
    assert verifier.add_source(pact).verify(report=False).success
    assert seen == ["/users/42"]
