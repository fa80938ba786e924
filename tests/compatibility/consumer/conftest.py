"""Steps of the consumer features (issue 3): Accord's DSL, message handlers and the pact files written.

A scenario defines interactions with ``accord.consumer.Pact`` (through ``_driver``): HTTP
interactions with provider states and V4 extras, asynchronous and synchronous messages handed to a
handler. The pact file written is read back as plain JSON, as any Pact tool would read it. The
mock-server steps of the V1/V2 HTTP features live in ``mock_server/conftest.py``.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from pytest_bdd import given, parsers, then, when

from .._suite import (
    body_value,
    fixture_path,
    generated_problem,
    load_rules,
    parse_body,
    parse_json_cell,
    parse_value,
    rows,
    unescape,
)
from ._driver import ConsumerTest, Part, Received

_ORDINALS = {"first": 0, "second": 1, "third": 2}


@pytest.fixture
def spec(request: pytest.FixtureRequest) -> str:
    """The pact specification the feature is written for: the test module's ``SPEC``."""
    return str(request.module.SPEC)


@pytest.fixture
def consumer_test(spec: str, tmp_path: Path) -> Iterator[ConsumerTest]:
    """The scenario's consumer test; whatever it left running is stopped at teardown."""
    test = ConsumerTest(spec=spec, pact_dir=tmp_path / "pacts")
    yield test
    test.close()


# -- interactions defined for their pact file (V3/V4) ------------------------------------------


@given(
    parsers.re(
        r"an? (?P<kind>HTTP |message |synchronous message )?(interaction|integration) is being defined "
        r"for a consumer test"
    )
)
def an_interaction_is_defined(kind: str | None, consumer_test: ConsumerTest) -> None:
    """Start defining an interaction of this kind (plain "integration": HTTP)."""
    consumer_test.define((kind or "HTTP").strip())


@given(parsers.re(r'a provider state "(?P<state>[^"]+)" (for the (synchronous )?message )?is specified$'))
def a_provider_state(state: str, consumer_test: ConsumerTest) -> None:
    """The interaction being defined needs this provider state."""
    consumer_test.current().states.append((state, {}))


@given(
    parsers.re(
        r'a provider state "(?P<state>[^"]+)" (for the (synchronous )?message )?is specified '
        r"with the following data:"
    )
)
def a_provider_state_with_data(state: str, datatable: list[list[str]], consumer_test: ConsumerTest) -> None:
    """The interaction being defined needs this provider state with parameters."""
    (row,) = rows(datatable)
    consumer_test.current().states.append((state, {k: json.loads(v) for k, v in row.items()}))


@given(
    parsers.re(
        r'a key of "(?P<key>[^"]+)" is specified for the (HTTP|message|synchronous message) interaction'
    )
)
def a_key(key: str, consumer_test: ConsumerTest) -> None:
    """The interaction gets a key."""
    consumer_test.current().key = key


@given(parsers.re(r"the (HTTP|message|synchronous message) interaction is marked as pending"))
def marked_pending(consumer_test: ConsumerTest) -> None:
    """The interaction is pending."""
    consumer_test.current().pending = True


@given(
    parsers.re(
        r'a comment "(?P<comment>[^"]+)" is added to the (HTTP|message|synchronous message) interaction'
    )
)
def a_comment(comment: str, consumer_test: ConsumerTest) -> None:
    """The interaction gets a text comment."""
    consumer_test.current().comments.append(comment)


@when("the Pact file for the test is generated")
def the_pact_file_is_generated(consumer_test: ConsumerTest) -> None:
    """Write the pact file of what was defined."""
    consumer_test.write_pact()


def _states_of(interaction: dict[str, Any]) -> list[dict[str, Any]]:
    if "providerStates" in interaction:
        return list(interaction["providerStates"])
    if "providerState" in interaction:
        return [{"name": interaction["providerState"]}]
    return []


@then(
    parsers.re(
        r"the (interaction|first message) in the [Pp]act file will contain (?P<count>\d+) provider states?$"
    )
)
def the_interaction_has_n_states(count: str, consumer_test: ConsumerTest) -> None:
    """The written interaction needs this many provider states."""
    assert len(_states_of(consumer_test.pact_interactions()[0])) == int(count)


@then(
    parsers.re(
        r'the (interaction|first message) in the [Pp]act file will contain provider state "(?P<state>[^"]+)"'
    )
)
def the_interaction_has_state(state: str, consumer_test: ConsumerTest) -> None:
    """The written interaction needs this provider state."""
    assert state in [s["name"] for s in _states_of(consumer_test.pact_interactions()[0])]


@then(
    parsers.re(
        r'the provider state "(?P<state>[^"]+)" (in the Pact file|for the message) will contain '
        r"the following parameters:"
    )
)
def the_state_has_parameters(state: str, datatable: list[list[str]], consumer_test: ConsumerTest) -> None:
    """The written provider state carries these parameters."""
    (row,) = rows(datatable)
    expected = json.loads(row["parameters"])
    states = [s for s in _states_of(consumer_test.pact_interactions()[0]) if s["name"] == state]
    assert states and states[0].get("params") == expected, states


@then(parsers.re(r'the first interaction in the [Pp]act file will have a type of "(?P<kind>[^"]+)"'))
def the_first_interaction_type(kind: str, consumer_test: ConsumerTest) -> None:
    """The written v4 interaction has this type."""
    assert consumer_test.pact_interactions()[0]["type"] == kind


@then(parsers.re(r'there will be an interaction in the Pact file with a type of "(?P<kind>[^"]+)"'))
def some_interaction_type(kind: str, consumer_test: ConsumerTest) -> None:
    """Some written v4 interaction has this type."""
    assert kind in [i.get("type") for i in consumer_test.pact_interactions()]


@then(parsers.re(r"the first interaction in the Pact file will have \"(?P<name>\w+)\" = '(?P<value>.*)'"))
def the_first_interaction_field(name: str, value: str, consumer_test: ConsumerTest) -> None:
    """A field of the written interaction holds this JSON value."""
    assert consumer_test.pact_interactions()[0].get(name) == json.loads(value)


# -- messages ----------------------------------------------------------------------------------


def _document(cell: str) -> Any:
    """``basic`` (a JSON fixture) or a body cell such as ``file: xml-body.xml``."""
    return parse_body(cell if ":" in cell else f"file: {cell}.json")


@given(parsers.re(r'the message payload contains the "(?P<name>[^"]+)" JSON document'))
def the_message_payload(name: str, consumer_test: ConsumerTest) -> None:
    """The message's contents are the fixture."""
    consumer_test.current().body = _document(name)


@given(
    parsers.re(
        r"the message (?P<part>request|response) payload "
        r'contains the "(?P<name>[^"]+)" (JSON )?document'
    )
)
def the_sync_payload(part: str, name: str, consumer_test: ConsumerTest) -> None:
    """The synchronous message's request (or one more response) has these contents."""
    current = consumer_test.current()
    if part == "request":
        current.body = _document(name)
    else:
        current.responses.append(Part(body=_document(name)))


def _metadata_table(datatable: list[list[str]]) -> dict[str, Any]:
    return {row["key"]: parse_value(row["value"]) for row in rows(datatable)}


@given(parsers.re(r"the message (?P<part>request )?contains the following metadata:"))
def the_message_metadata(part: str | None, datatable: list[list[str]], consumer_test: ConsumerTest) -> None:
    """The message (or the synchronous request) carries this metadata."""
    consumer_test.current().metadata.update(_metadata_table(datatable))


@given("a message is defined")
def a_message_is_defined(consumer_test: ConsumerTest) -> None:
    """The message being defined is complete as it is."""
    assert consumer_test.current().kind == "message"


def _configure(target: Part, datatable: list[list[str]]) -> None:
    (row,) = rows(datatable)
    if row.get("body", "").strip():
        target.body = parse_body(row["body"])
    if row.get("generators", "").strip():
        target.generators = load_rules(row["generators"])
    if row.get("metadata", "").strip():
        target.metadata.update(parse_json_cell(row["metadata"]))


@given(parsers.re(r"the message (?P<part>request |response )?is configured with the following:"))
def the_message_is_configured(
    part: str | None, datatable: list[list[str]], consumer_test: ConsumerTest
) -> None:
    """Contents, generators and metadata of the message (or of its request or response)."""
    current = consumer_test.current()
    if part and part.strip() == "response":
        if not current.responses:
            current.responses.append(Part())
        _configure(current.responses[-1], datatable)
    else:
        _configure(current, datatable)


@when("the message is successfully processed")
def the_message_is_processed(consumer_test: ConsumerTest) -> None:
    """Hand the reified message to a handler that keeps it."""
    consumer_test.process(failure=None)


@when(parsers.parse('the message is NOT successfully processed with a "{error}" exception'))
def the_message_fails(error: str, consumer_test: ConsumerTest) -> None:
    """Hand the reified message to a handler that raises."""
    consumer_test.process(failure=error)


@then(parsers.re(r"the consumer test will have (?P<verdict>passed|failed)"))
def the_consumer_test_verdict(verdict: str, consumer_test: ConsumerTest) -> None:
    """The message test passed (or failed)."""
    assert consumer_test.ok is (verdict == "passed"), consumer_test.error


@then(parsers.parse('the consumer test error will be "{error}"'))
def the_consumer_test_error(error: str, consumer_test: ConsumerTest) -> None:
    """The handler's error is what the test reports."""
    assert consumer_test.error is not None and error in str(consumer_test.error), consumer_test.error


@then(parsers.re(r"a Pact file for the message interaction will (?P<negated>NOT )?have been written"))
def the_message_pact_written(negated: str | None, consumer_test: ConsumerTest) -> None:
    """A pact file exists only when the handler succeeded."""
    assert consumer_test.pact_file_exists() is (not negated)


@then(parsers.re(r"the pact file will contain (?P<count>\d+) (message )?interactions?$"))
def the_pact_file_holds_messages(count: str, consumer_test: ConsumerTest) -> None:
    """The pact file has this many messages or interactions."""
    assert len(consumer_test.pact_interactions()) == int(count)


def _received(consumer_test: ConsumerTest, part: str | None) -> Received:
    received = consumer_test.received
    assert received is not None, "the handler got no message"
    if part is None:
        return received.responses[0] if received.responses else received
    return received if part.strip() == "request" else received.responses[0]


@then(parsers.re(r'the received message payload will contain the "(?P<name>[^"]+)" (JSON )?document'))
def the_received_payload(name: str, consumer_test: ConsumerTest) -> None:
    """The handler got these contents."""
    expected = _document(name)
    assert _received(consumer_test, None).same_contents(expected)


@then(parsers.parse('the received message content type will be "{content_type}"'))
def the_received_content_type(content_type: str, consumer_test: ConsumerTest) -> None:
    """The handler got this content type."""
    assert _received(consumer_test, None).content_type == content_type


@then(
    parsers.re(
        r"the received message (?P<part>request |response )?metadata "
        r'will contain "(?P<key>[^"]+)" == "(?P<value>.*)"$'
    )
)
def the_received_metadata(part: str | None, key: str, value: str, consumer_test: ConsumerTest) -> None:
    """The handler got this metadata value."""
    assert _received(consumer_test, part).metadata.get(key) == parse_value(unescape(value))


@then(
    parsers.re(
        r'the received message (?P<part>request |response )?metadata will contain "(?P<key>[^"]+)" '
        r'replaced with an? "(?P<kind>[^"]+)"'
    )
)
def the_received_metadata_generated(
    part: str | None, key: str, kind: str, consumer_test: ConsumerTest
) -> None:
    """The handler got a generated metadata value."""
    value = _received(consumer_test, part).metadata.get(key)
    generator = consumer_test.generator_for(part, "metadata", key)
    problem = generated_problem(kind, value, generator)
    assert problem is None, problem


@then(
    parsers.re(
        r'the message (?P<part>request |response )?contents for "(?P<path>[^"]+)" will have been replaced '
        r'with an? "(?P<kind>[^"]+)"'
    )
)
def the_contents_generated(part: str | None, path: str, kind: str, consumer_test: ConsumerTest) -> None:
    """The handler got generated contents."""
    value = body_value(_received(consumer_test, part).json(), path)
    problem = generated_problem(kind, value, consumer_test.generator_for(part, "body", path))
    assert problem is None, problem


@then(parsers.re(r'the first message in the pact file will contain the "(?P<name>[^"]+)" document'))
def the_first_message_document(name: str, consumer_test: ConsumerTest) -> None:
    """The written message's contents are the fixture."""
    message = consumer_test.pact_interactions()[0]
    assert consumer_test.body_of(message, "contents") == json.loads(
        fixture_path(name).read_text(encoding="utf-8")
    )


@then(parsers.parse('the first message in the pact file content type will be "{content_type}"'))
def the_first_message_content_type(content_type: str, consumer_test: ConsumerTest) -> None:
    """The written message says this content type."""
    assert consumer_test.content_type_of(consumer_test.pact_interactions()[0], "contents") == content_type


@then(
    parsers.re(
        r"the first message in the pact file will contain the (?P<part>request )?message metadata "
        r'"(?P<key>[^"]+)" == "(?P<value>.*)"$'
    )
)
def the_first_message_metadata(part: str | None, key: str, value: str, consumer_test: ConsumerTest) -> None:
    """The written message (or synchronous request) has this metadata value."""
    message = consumer_test.pact_interactions()[0]
    if part:
        message = message["request"]
    metadata = message.get("metadata") or message.get("metaData") or {}  # v3 messages say "metaData"
    assert metadata.get(key) == parse_value(unescape(value)), metadata


_FIRST = r"the first interaction in the pact file "


@then(
    parsers.re(_FIRST + r'will contain the "(?P<name>[^"]+)" document as (the|a) (?P<part>request|response)$')
)
def the_sync_document(name: str, part: str, consumer_test: ConsumerTest) -> None:
    """The written synchronous message's request (or first response) is this document."""
    interaction = consumer_test.pact_interactions()[0]
    written = interaction["request"] if part == "request" else interaction["response"][0]
    assert consumer_test.same_document(written, _document(name))


@then(parsers.re(_FIRST + r'(?P<part>request|response) content type will be "(?P<content_type>[^"]+)"'))
def the_sync_content_type(part: str, content_type: str, consumer_test: ConsumerTest) -> None:
    """The written synchronous request (or first response) says this content type."""
    interaction = consumer_test.pact_interactions()[0]
    written = interaction["request"] if part == "request" else interaction["response"][0]
    assert consumer_test.content_type_of(written, "contents") == content_type


@then(parsers.re(_FIRST + r"will contain (?P<count>\d+) response messages"))
def the_sync_response_count(count: str, consumer_test: ConsumerTest) -> None:
    """The written synchronous message has this many responses."""
    assert len(consumer_test.pact_interactions()[0]["response"]) == int(count)


@then(
    parsers.re(
        _FIRST
        + r'will contain the "(?P<name>[^"]+)" document as the (?P<ordinal>first|second) response message'
    )
)
def the_sync_nth_response(name: str, ordinal: str, consumer_test: ConsumerTest) -> None:
    """The written synchronous message's n-th response is this document."""
    written = consumer_test.pact_interactions()[0]["response"][_ORDINALS[ordinal]]
    assert consumer_test.same_document(written, _document(name))
