"""Message verification: Python producers by description, Pact's HTTP message protocol, v3 and v4 pacts."""

from __future__ import annotations

import base64
import json
from typing import Any

import pytest

from accord.provider import Message, MessageContext, StateHandlers, Verifier

from .conftest import serve_wsgi

EXPECTED = {"id": 1, "kind": "created"}
RULES = {"body": {"$.id": {"matchers": [{"match": "integer"}]}}}


def v3_message_pact() -> dict[str, Any]:
    """A v3 message pact: one message with a state, metadata and a type rule."""
    return {
        "consumer": {"name": "worker"},
        "provider": {"name": "events"},
        "messages": [
            {
                "description": "an order created event",
                "providerStates": [{"name": "an order", "params": {"id": 5}}],
                "contents": EXPECTED,
                "metadata": {"contentType": "application/json", "topic": "orders"},
                "matchingRules": RULES,
            }
        ],
        "metadata": {"pactSpecification": {"version": "3.0.0"}},
    }


def v4_pact() -> dict[str, Any]:
    """A v4 pact: one asynchronous message, one synchronous (request/response) message."""
    return {
        "consumer": {"name": "worker"},
        "provider": {"name": "events"},
        "interactions": [
            {
                "type": "Asynchronous/Messages",
                "description": "an order created event",
                "contents": {"content": EXPECTED, "contentType": "application/json", "encoded": False},
                "metadata": {"topic": "orders"},
                "matchingRules": RULES,
            },
            {
                "type": "Synchronous/Messages",
                "description": "a price quote",
                "request": {"contents": {"content": {"item": "tea"}, "contentType": "application/json"}},
                "response": [
                    {"contents": {"content": {"item": "tea", "price": 3}, "contentType": "application/json"}}
                ],
            },
        ],
        "metadata": {"pactSpecification": {"version": "4.0"}},
    }


def _producers(good: bool) -> dict[str, Any]:
    def created(context: MessageContext) -> Message:
        body = {"id": 9 if good else "9", "kind": "created"}
        return Message(body, {"topic": "orders" if good else "other"})

    def quote(context: MessageContext) -> dict[str, Any]:
        return {"item": context.request["item"], "price": 3 if good else "3"}

    return {"an order created event": created, "a price quote": quote}


@pytest.mark.parametrize("pact_kind", ["v3", "v4"])
@pytest.mark.parametrize("good", [True, False])
def test_python_producers(pact_kind: str, good: bool) -> None:
    """Producers mapped by description pass (or fail with body and metadata mismatches)."""
    pact = v3_message_pact() if pact_kind == "v3" else v4_pact()
    verifier = Verifier("events").with_states(_states()).add_source(pact)
    for description, producer in _producers(good).items():
        verifier.with_message(description, producer)
    result = verifier.verify(report=False)
    assert result.success is good, [r.problems() for r in result.interactions]
    if not good:
        kinds = {m.kind for r in result.interactions for m in r.mismatches}
        assert kinds == {"body", "metadata"}


def _states() -> StateHandlers:
    handlers = StateHandlers()
    handlers.register("an order", lambda id: {"id": id})
    return handlers


def test_producer_gets_states_and_values() -> None:
    """The producer's context names the description, the states and their values."""
    seen: list[MessageContext] = []

    def created(context: MessageContext) -> dict[str, Any]:
        seen.append(context)
        return {"contents": EXPECTED, "metadata": {"topic": "orders"}}

    Verifier("events").with_states(_states()).with_message("an order created event", created).add_source(
        v3_message_pact()
    ).verify(report=False)
    assert [(c.description, c.states, c.values) for c in seen] == [
        ("an order created event", ["an order"], {"id": 5})
    ]


def test_missing_producer_is_an_error_naming_the_message() -> None:
    """A message without a producer fails with the description and the registered ones."""
    result = (
        Verifier("events")
        .with_states(_states())
        .with_message("something else", dict)
        .add_source(v3_message_pact())
        .verify(report=False)
    )
    (interaction,) = result.interactions
    assert interaction.error is not None
    assert "no producer for message 'an order created event'" in interaction.error
    assert "'something else'" in interaction.error


class _MessageEndpoint:
    """A provider serving Pact's message protocol: POST {description, providerStates} -> the message."""

    def __init__(self) -> None:
        self.requests: list[dict[str, Any]] = []

    def __call__(self, environ: dict[str, Any], start_response: Any) -> list[bytes]:
        document = json.loads(environ["wsgi.input"].read(int(environ.get("CONTENT_LENGTH") or 0)))
        self.requests.append(document)
        metadata = base64.b64encode(json.dumps({"topic": "orders"}).encode()).decode()
        start_response("200 OK", [("Content-Type", "application/json"), ("Pact-Message-Metadata", metadata)])
        return [json.dumps({"id": 3, "kind": "created"}).encode()]


def test_http_message_endpoint() -> None:
    """Without a Python producer, the message comes from the provider's message endpoint."""
    endpoint = _MessageEndpoint()
    for url in serve_wsgi(endpoint):
        result = (
            Verifier("events")
            .with_states(_states())
            .with_message_url(url + "/messages")
            .add_source(v3_message_pact())
            .verify(report=False)
        )
    assert result.success, [r.problems() for r in result.interactions]
    assert endpoint.requests == [
        {
            "description": "an order created event",
            "providerStates": [{"name": "an order", "params": {"id": 5}}],
        }
    ]


@pytest.mark.parametrize(
    ("produced", "contents", "content_type"),
    [
        (b"\x01\x02", b"\x01\x02", "application/octet-stream"),
        ("hello", b"hello", "text/plain"),
        ({"a": 1}, b'{"a":1}', "application/json"),
        (Message(b"<a/>", {}, "application/xml"), b"<a/>", "application/xml"),
        (
            Message(b"\x00\x00\x00\x00\x02{}", {}, "application/vnd.schemaregistry.v1+json"),
            b"{}",
            "application/vnd.schemaregistry.v1+json",
        ),
    ],
)
def test_produced_values_become_messages(produced: Any, contents: bytes, content_type: str) -> None:
    """Bytes, text, JSON values and ``Message`` objects become contents and a content type."""
    from accord.provider._messages import as_message, message_json

    actual = message_json(as_message(produced))
    assert actual == {
        "contents": {"content": contents, "contentType": content_type},
        "metadata": {"contentType": content_type},
    }


def _case(interaction: dict[str, Any], states: list[Any]) -> Any:
    from accord.provider._cases import Case, ProviderState

    kind = "sync-message" if interaction.get("type") == "Synchronous/Messages" else "message"
    return Case("worker", "m", kind, [ProviderState(n, p) for n, p in states], interaction, "v4")


@pytest.mark.parametrize(
    ("interaction", "states", "posted"),
    [
        ({"contents": {}}, [], {"description": "m"}),
        (
            {"contents": {}},
            [("a", {}), ("b", {"x": 1})],
            {"description": "m", "providerStates": [{"name": "a"}, {"name": "b", "params": {"x": 1}}]},
        ),
        (
            {"type": "Synchronous/Messages", "request": {"contents": {"content": {"q": 1}}, "metadata": {}}},
            [],
            {
                "description": "m",
                "request": {
                    "contents": {"content": {"q": 1}, "contentType": "application/json", "encoded": False}
                },
            },
        ),
        (
            {
                "type": "Synchronous/Messages",
                "request": {
                    "contents": {"content": "hi", "contentType": "text/plain"},
                    "metadata": {"k": "v"},
                },
            },
            [],
            {
                "description": "m",
                "request": {
                    "contents": {"content": "hi", "contentType": "text/plain", "encoded": False},
                    "metadata": {"k": "v"},
                },
            },
        ),
        (
            {
                "type": "Synchronous/Messages",
                "request": {
                    "contents": {"content": 1, "contentType": "application/json", "encoded": False},
                    "matchingRules": {"content": {"$": {"matchers": [{"match": "integer"}]}}},
                    "generators": {
                        "content": {"$": {"type": "RandomInt"}},
                        "metadata": {"k": {"type": "Uuid"}},
                    },
                },
            },
            [],
            {
                "description": "m",
                "request": {
                    "contents": {"content": 1, "contentType": "application/json", "encoded": False},
                    "matchingRules": {"body": {"$": {"matchers": [{"match": "integer"}]}}},
                    "generators": {"metadata": {"k": {"type": "Uuid"}}},
                },
            },
        ),
    ],
)
def test_message_endpoint_payload_is_the_rust_verifiers(
    interaction: dict[str, Any], states: list[Any], posted: dict[str, Any]
) -> None:
    """The posted JSON is the Rust verifier's: states only when any, params only when given, the request message."""
    from accord.provider._messages import message_request

    assert message_request(_case(interaction, states)) == posted


@pytest.mark.parametrize(("responses", "ok"), [(1, True), (2, False)])
def test_sync_message_with_several_responses_fails(responses: int, ok: bool) -> None:
    """One produced answer cannot stand for several expected responses (as the Rust verifier judges it)."""
    pact = v4_pact()
    sync = pact["interactions"][1]
    sync["response"] = sync["response"] * responses
    pact["interactions"] = [sync]
    result = (
        Verifier("events")
        .with_message("a price quote", lambda: {"item": "tea", "price": 3})
        .add_source(pact)
        .verify(report=False)
    )
    assert result.success is ok
    assert ok or "Expected a message with 2 responses" in result.interactions[0].problems()[0]


def test_endpoint_answer_without_content_type_is_typed_by_its_bytes() -> None:
    """No Content-Type from the endpoint: contentType metadata is "" and the contents are sniffed."""
    from accord.provider._messages import message_json

    actual = message_json(Message(b'{"a":1}', {}, ""))
    assert actual == {"contents": {"content": b'{"a":1}', "contentType": ""}, "metadata": {"contentType": ""}}


@pytest.mark.parametrize(("sent_type", "ok"), [("application/xml", True), ("text/xml", False)])
def test_v4_async_message_metadata_gets_the_contents_type(sent_type: str, ok: bool) -> None:
    """A v4 asynchronous message expects its contents' type as contentType metadata, as Rust reads it."""
    pact = v4_pact()
    pact["interactions"] = [
        {
            "type": "Asynchronous/Messages",
            "description": "xml event",
            "contents": {"content": "<a/>", "contentType": "application/xml", "encoded": False},
        }
    ]
    result = (
        Verifier("events")
        .with_message("xml event", lambda: Message(b"<a/>", {}, sent_type))
        .add_source(pact)
        .verify(report=False)
    )
    assert result.success is ok
    assert ok or "contentType" in result.interactions[0].problems()[0]
