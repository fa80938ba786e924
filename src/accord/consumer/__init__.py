"""accord.consumer: the consumer side — the ``Pact`` DSL, the HTTP mock server, messages.

- ``Pact``: define HTTP interactions and messages, ``serve()`` a mock server, ``verify()`` message
  handlers, write ``<consumer>-<provider>.json`` (merged, file-locked).
- ``MockServer``: the mock/stub HTTP server over pact-file JSON interactions (also ``accord mock``).
- ``HttpInteraction``, ``AsyncMessage``, ``SyncMessage``: the interaction builders.
- ``ReceivedMessage``: a message as a handler receives it.
- ``accord.consumer.pytest_plugin``: the ``pact`` fixture factory and ``--pact-dir``/``--pact-spec``.

Matchers live in ``accord.match``.
"""

from __future__ import annotations

from ._dsl import Pact
from ._interactions import AsyncMessage, HttpInteraction, SyncMessage
from ._messages import ReceivedMessage
from ._mock_server import MockServer, Problem
from ._stub import load_http_interactions, pact_spec, stub_server
from ._writer import pact_document, write_pact

__all__ = [
    "AsyncMessage",
    "HttpInteraction",
    "MockServer",
    "Pact",
    "Problem",
    "ReceivedMessage",
    "SyncMessage",
    "load_http_interactions",
    "pact_document",
    "pact_spec",
    "stub_server",
    "write_pact",
]
