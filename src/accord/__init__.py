"""Accord: consumer-driven contract testing, Pact-compatible, in pure Python.

A map of the package (layers point inward; ``tests/test_layers.py`` enforces it):

- ``accord.model``     pact files v1-v4, interactions, matching rules, generators (pure data).
- ``accord.matching``  the matching engine: ``match_request``, ``match_response``, ``match_message``.
- ``accord.consumer``  the consumer DSL (``Pact``), the HTTP mock server, the pytest plugin.
- ``accord.match``     matcher helpers for the DSL (``like``, ``each_like``, ``regex`` ...).
- ``accord.provider``  the verifier, provider states, transports (HTTP, ASGI, WSGI).
- ``accord.broker``    a Pact Broker-compatible service (SQLite or PostgreSQL).
- ``accord.client``    a broker HTTP client (publish, can-i-deploy, record-deployment ...).
- ``accord.record``    contracts from recorded traffic and from existing HTTP mocks.
- ``accord.openapi``   checking pacts against a provider's OpenAPI document.
- ``accord.cli``       the ``accord`` command (a leaf: imports everything, imported by nothing).

Heavy modules are imported lazily so that ``import accord`` and ``accord --help`` stay fast.
"""

from __future__ import annotations

from typing import Any

__version__ = "0.1.0"

# Names re-exported lazily: attribute -> "module:attr".
_LAZY: dict[str, str] = {
    "Pact": "accord.consumer:Pact",
    "Verifier": "accord.provider:Verifier",
    "provider_state": "accord.provider:provider_state",
}


def __getattr__(name: str) -> Any:
    target = _LAZY.get(name)
    if target is None:
        raise AttributeError(f"module 'accord' has no attribute {name!r}")
    import importlib  # noqa: PLC0415 -- lazy on purpose: `import accord` must stay cheap

    module_name, _, attr = target.partition(":")
    value = getattr(importlib.import_module(module_name), attr)
    globals()[name] = value
    return value


__all__ = ["Pact", "Verifier", "__version__", "provider_state"]
