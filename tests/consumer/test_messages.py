"""Messages: handlers get the reified message; a raising handler fails and writes nothing."""

from __future__ import annotations

import json
from typing import Any

import pytest

from accord import match
from accord.consumer import Pact, ReceivedMessage
from accord.errors import MismatchError


@pytest.mark.parametrize(("spec", "key"), [("v3", "messages"), ("v4", "interactions")])
def test_async_message_reaches_handler_and_file(new_pact: Pact, spec: str, key: str) -> None:
    """The handler gets contents and metadata; the pact holds the message in the spec's form."""
    pact = Pact("web", "orders", pact_dir=new_pact.pact_dir, spec=spec)
    got: list[Any] = []
    (
        pact.expects_to_receive("an order created event")
        .given("order 7 exists", id=7)
        .with_content({"id": match.integer(7), "items": match.each_like("pen")}, metadata={"topic": "orders"})
    )
    pact.verify(lambda contents, metadata: got.append((contents, metadata)))
    assert got == [({"id": 7, "items": ["pen"]}, {"topic": "orders", "contentType": "application/json"})]
    (message,) = json.loads(pact.pact_file.read_text())[key]
    rules = message["matchingRules"]["content" if spec == "v4" else "body"]
    assert rules["$.id"] == {"combine": "AND", "matchers": [{"match": "integer"}]}
    assert message["providerStates"] == [{"name": "order 7 exists", "params": {"id": 7}}]


def test_one_parameter_handler_gets_received_message(new_pact: Pact) -> None:
    """A one-parameter handler receives a ReceivedMessage with raw bytes too."""
    new_pact.expects_to_receive("text").with_content("hello", content_type="text/plain")
    (result,) = new_pact.verify(lambda message: message)
    assert result == ReceivedMessage("hello", {"contentType": "text/plain"}, "text/plain", b"hello")


def test_raising_handler_fails_without_a_file(new_pact: Pact) -> None:
    """A handler that raises fails the test with the cause; no pact file is written."""
    new_pact.expects_to_receive("bad").with_content({"a": 1})

    def handler(contents: Any, metadata: Any) -> None:
        raise ValueError("Test failed")

    with pytest.raises(MismatchError, match="Test failed"):
        new_pact.verify(handler)
    assert not new_pact.pact_file.exists()


def test_synchronous_message(new_pact: Pact) -> None:
    """A V4 synchronous message hands the handler its request and every response."""
    (
        new_pact.sync_message("a price query")
        .with_request({"sku": match.string("A1")}, metadata={"op": "price"})
        .will_respond_with({"price": match.decimal(9.5)})
        .will_respond_with({"price": 10.0})
    )
    (result,) = new_pact.verify(
        lambda request, responses: (request.contents, [r.contents for r in responses])
    )
    assert result == ({"sku": "A1"}, [{"price": 9.5}, {"price": 10.0}])
    (written,) = json.loads(new_pact.pact_file.read_text())["interactions"]
    assert written["type"] == "Synchronous/Messages"
    assert len(written["response"]) == 2
