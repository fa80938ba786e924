"""Steps of the provider features (issue 4): Accord's verifier against a real provider on loopback.

Each scenario builds a ``Verification`` plan: which suite interactions the provider answers (a
``ProviderServer`` on 127.0.0.1), which pact files are verified (local files in the feature's spec
version, or served by a ``FakeBroker``), provider-state callbacks (the state-change protocol on the
provider), request filters and message producers. "When the verification is run" starts the
servers, runs ``accord.provider.Verifier`` through ``_verify.run`` and keeps its ``Outcome``.
"""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest
from pytest_bdd import given, parsers, then, when

from .._suite import (
    Body,
    Definition,
    load_rules,
    parse_body,
    parse_headers,
    parse_json_cell,
    parse_value,
    rows,
    unescape,
    vertical,
)
from ._pacts import HttpEntry, MessageEntry, State
from ._servers import StateCall
from ._verify import Outcome, Verification, run


@pytest.fixture
def spec(request: pytest.FixtureRequest) -> str:
    """The pact specification the feature is written for: the test module's ``SPEC``."""
    return str(request.module.SPEC)


@pytest.fixture
def verification(spec: str, tmp_path: Path) -> Verification:
    """The plan of the scenario's verification."""
    return Verification(spec=spec, pact_dir=tmp_path / "pacts")


def _numbers(text: str) -> list[int]:
    return [int(part) for part in text.replace('"', "").split(",") if part.strip()]


# -- the provider ------------------------------------------------------------------------------


@given(
    parsers.re(
        r'a provider is started that returns the responses? from interactions? "?(?P<numbers>[\d, ]+)"?$'
    )
)
def a_provider_is_started(
    numbers: str, interactions: dict[int, Definition], verification: Verification
) -> None:
    """The provider answers the given interactions' requests with their responses."""
    for number in _numbers(numbers):
        verification.provider_responses.append(replace(interactions[number]))


@given(
    parsers.re(
        r"a provider is started that returns the response from interaction (?P<number>\d+), "
        r"with the following changes:$"
    )
)
def a_provider_is_started_with_changes(
    number: str, datatable: list[list[str]], interactions: dict[int, Definition], verification: Verification
) -> None:
    """The provider answers one interaction's request with a changed response."""
    definition = replace(interactions[int(number)])
    (row,) = rows(datatable)
    definition.update(row)
    verification.provider_responses.append(definition)


_PRODUCER = r'a provider is started that can generate the "(?P<name>[^"]+)" message with "(?P<body>.*)"'


@given(parsers.re(_PRODUCER + "$"))
def a_message_provider_is_started(name: str, body: str, verification: Verification) -> None:
    """The provider produces the named message from a Python function."""
    verification.produced[name] = (parse_body(unescape(body)), {})


@given(parsers.re(_PRODUCER + " and the following metadata:$"))
def a_message_provider_with_metadata(
    name: str, body: str, datatable: list[list[str]], verification: Verification
) -> None:
    """The provider produces the named message and its metadata."""
    metadata = {row["key"]: parse_value(row["value"]) for row in rows(datatable)}
    verification.produced[name] = (parse_body(unescape(body)), metadata)


# -- the pacts ---------------------------------------------------------------------------------


def _add_http(
    verification: Verification,
    number: int,
    interactions: dict[int, Definition],
    *,
    broker: bool = False,
    states: list[State] | None = None,
    pending: bool = False,
    comments: dict[str, Any] | None = None,
) -> None:
    entry = HttpEntry(
        description=f"Interaction {number}",
        definition=interactions[number],
        states=states or [],
        pending=pending,
        comments=comments or {},
    )
    verification.add_http(f"c_{number}", entry, broker=broker)


@given(
    parsers.re(
        r"a Pact file for interaction (?P<number>\d+) is to be verified(?P<broker> from a Pact broker)?$"
    )
)
def a_pact_file_for_interaction(
    number: str, broker: str | None, interactions: dict[int, Definition], verification: Verification
) -> None:
    """A pact (consumer ``c_N``) with one interaction, as a local file or from the broker."""
    _add_http(verification, int(number), interactions, broker=bool(broker))


@given(
    parsers.re(
        r"a Pact file for interaction (?P<number>\d+) is to be verified "
        r'with a provider state "(?P<state>[^"]*)" defined'
    )
)
def a_pact_file_with_a_state(
    number: str, state: str, interactions: dict[int, Definition], verification: Verification
) -> None:
    """A pact whose interaction needs one provider state."""
    _add_http(verification, int(number), interactions, states=[State(state)])


@given(
    parsers.re(
        r"a Pact file for interaction (?P<number>\d+) is to be verified "
        r"with the following provider states defined:"
    )
)
def a_pact_file_with_states(
    number: str, datatable: list[list[str]], interactions: dict[int, Definition], verification: Verification
) -> None:
    """A pact whose interaction needs several provider states, some with parameters."""
    states = [
        State(
            row["State Name"], parse_json_cell(row["Parameters"]) if row.get("Parameters", "").strip() else {}
        )
        for row in rows(datatable)
    ]
    _add_http(verification, int(number), interactions, states=states)


@given(parsers.re(r"a Pact file for interaction (?P<number>\d+) is to be verified, but is marked pending"))
def a_pending_pact_file(number: str, interactions: dict[int, Definition], verification: Verification) -> None:
    """A pact whose (v4) interaction is pending."""
    _add_http(verification, int(number), interactions, pending=True)


def _comments(datatable: list[list[str]]) -> dict[str, Any]:
    comments: dict[str, Any] = {}
    for row in rows(datatable):
        if row["type"] == "text":
            comments.setdefault("text", []).append(row["comment"])
        else:
            comments[row["type"]] = row["comment"]
    return comments


@given(
    parsers.re(r"a Pact file for interaction (?P<number>\d+) is to be verified with the following comments:")
)
def a_pact_file_with_comments(
    number: str, datatable: list[list[str]], interactions: dict[int, Definition], verification: Verification
) -> None:
    """A pact whose (v4) interaction carries text comments and a test name."""
    _add_http(verification, int(number), interactions, comments=_comments(datatable))


def _add_message(verification: Verification, name: str, body: Body | None, **extra: Any) -> None:
    verification.add_message(f"c_{name}", MessageEntry(description=name, body=body, **extra))


@given(
    parsers.re(
        r'a Pact file for "(?P<name>[^"]+)":"(?P<body>.*)" is to be verified'
        r'(?P<rest>|, but is marked pending| with provider state "(?P<state>[^"]*)")$'
    )
)
def a_message_pact_file(
    name: str, body: str, rest: str, state: str | None, verification: Verification
) -> None:
    """A message pact expecting the named message with this body (pending, or with a state)."""
    _add_message(
        verification,
        name,
        parse_body(unescape(body)),
        pending="pending" in rest,
        states=[State(state)] if state is not None else [],
    )


@given(
    parsers.re(
        r'a Pact file for "(?P<name>[^"]+)":"(?P<body>.*)" is to be verified with the following metadata:'
    )
)
def a_message_pact_file_with_metadata(
    name: str, body: str, datatable: list[list[str]], verification: Verification
) -> None:
    """A message pact expecting this body and metadata."""
    metadata = {row["key"]: parse_value(row["value"]) for row in rows(datatable)}
    _add_message(verification, name, parse_body(unescape(body)), metadata=metadata)


@given(
    parsers.re(
        r'a Pact file for "(?P<name>[^"]+)":"(?P<body>.*)" is to be verified with the following comments:'
    )
)
def a_message_pact_file_with_comments(
    name: str, body: str, datatable: list[list[str]], verification: Verification
) -> None:
    """A (v4) message pact with comments."""
    _add_message(verification, name, parse_body(unescape(body)), comments=_comments(datatable))


@given(parsers.re(r'a Pact file for "(?P<name>[^"]+)" is to be verified with the following:'))
def a_message_pact_file_with_the_following(
    name: str, datatable: list[list[str]], verification: Verification
) -> None:
    """A message pact given as a vertical table: body, matching rules, ``k=v; k=v`` metadata."""
    table = vertical(datatable)
    metadata: dict[str, Any] = {}
    for item in table.get("metadata", "").split(";"):
        if item.strip():
            key, _, value = item.strip().partition("=")
            metadata[key] = parse_value(value)
    rules = load_rules(table["matching rules"]) if table.get("matching rules", "").strip() else None
    _add_message(
        verification, name, parse_body(table.get("body", "")), metadata=metadata, matching_rules=rules
    )


# -- options -----------------------------------------------------------------------------------


@given("publishing of verification results is enabled")
def publishing_is_enabled(verification: Verification) -> None:
    """Results go back to the broker."""
    verification.publish = True


@given(parsers.re(r"a provider state callback is configured(?P<failing>, but will return a failure)?$"))
def a_state_callback(failing: str | None, verification: Verification) -> None:
    """Provider states are set up through the state-change protocol (failing on request)."""
    verification.state_callback = "fail" if failing else "ok"


@given("a request filter is configured to make the following changes:")
def a_request_filter(datatable: list[list[str]], verification: Verification) -> None:
    """Every replayed request gets these headers."""
    (row,) = rows(datatable)
    verification.filter_headers = parse_headers(row["headers"])


# -- running -----------------------------------------------------------------------------------


@when("the verification is run", target_fixture="outcome")
def the_verification_is_run(verification: Verification, capsys: pytest.CaptureFixture[str]) -> Outcome:
    """Start the provider (and broker), verify, stop them."""
    outcome = run(verification)
    captured = capsys.readouterr()
    outcome.output += captured.out + captured.err
    return outcome


@then(parsers.re(r"the verification will (?P<negated>NOT )?be successful"))
def the_verification_succeeds(negated: str | None, outcome: Outcome) -> None:
    """The verifier's verdict."""
    assert outcome.success is (not negated), outcome.describe()


@then(parsers.parse('the verification results will contain a "{error}" error'))
def the_results_contain(error: str, outcome: Outcome) -> None:
    """Some interaction failed for this reason."""
    assert outcome.has_error(error, pending=False), outcome.describe()


@then(parsers.parse('there will be a pending "{error}" error'))
def there_is_a_pending_error(error: str, outcome: Outcome) -> None:
    """A pending interaction failed for this reason without failing the verification."""
    assert outcome.has_error(error, pending=True), outcome.describe()


@then("a verification result will NOT be published back")
def nothing_published(outcome: Outcome) -> None:
    """The broker got no verification results."""
    assert outcome.published == {}, outcome.published


@then(
    parsers.re(
        r"a (?P<verdict>successful|failed) verification result will be published back for "
        r"(the )?interaction \{(?P<number>\d+)\}"
    )
)
def result_published(verdict: str, number: str, outcome: Outcome) -> None:
    """The broker got the verdict for the pact holding that interaction."""
    results = outcome.published.get(f"c_{number}", [])
    assert results, f"nothing was published for c_{number}: {outcome.published}"
    assert all(result.get("success") is (verdict == "successful") for result in results), results
    assert all(result.get("providerApplicationVersion") for result in results), results


@then(
    parsers.re(r"the provider state callback will be called (?P<when>before|after) the verification is run")
)
def the_callback_was_called(when: str, outcome: Outcome) -> None:
    """Setup calls come before the provider got requests, teardown calls after."""
    events = outcome.events
    if when == "before":
        assert "setup" in events, events
        assert "request" not in events or events.index("setup") < events.index("request"), events
    else:
        last_request = max((i for i, event in enumerate(events) if event == "request"), default=-1)
        assert "teardown" in events[last_request + 1 :], events


def _state_calls(outcome: Outcome, action: str, state: str) -> list[StateCall]:
    calls = [call for call in outcome.state_calls if call.action == action and call.state == state]
    assert calls, f"no {action} call for {state!r}: {outcome.state_calls}"
    return calls


_CALL = (
    r"the provider state callback will receive a (?P<action>setup|teardown) call "
    r'(with )?"(?P<state>[^"]*)"'
)


@then(parsers.re(_CALL + " as the provider state parameter$"))
def the_callback_received(action: str, state: str, outcome: Outcome) -> None:
    """The state-change protocol got this state."""
    _state_calls(outcome, action, state)


@then(parsers.re(_CALL + " and the following parameters:$"))
def the_callback_received_parameters(
    action: str, state: str, datatable: list[list[str]], outcome: Outcome
) -> None:
    """The state-change protocol got this state with these parameters."""
    (row,) = rows(datatable)
    expected = {name: json.loads(value) for name, value in row.items()}
    calls = _state_calls(outcome, action, state)
    assert any(call.params == expected for call in calls), calls


@then("the provider state callback will NOT receive a teardown call")
def no_teardown(outcome: Outcome) -> None:
    """A failed setup is not torn down."""
    assert not [call for call in outcome.state_calls if call.action == "teardown"], outcome.state_calls


@then(
    parsers.parse(
        "a warning will be displayed that there was no provider state callback configured "
        'for provider state "{state}"'
    )
)
def a_missing_state_warning(state: str, outcome: Outcome) -> None:
    """The verifier warned about the state nobody set up."""
    assert any(state in warning for warning in outcome.warnings), outcome.warnings


@then(parsers.parse('the request to the provider will contain the header "{header}"'))
def the_request_had_the_header(header: str, outcome: Outcome) -> None:
    """The request filter's header reached the provider."""
    ((name, value),) = parse_headers(header)
    assert any(
        (k.lower(), v) == (name.lower(), value) for received in outcome.received for k, v in received.headers
    ), outcome.received


@then(parsers.parse('the comment "{comment}" will have been printed to the console'))
def the_comment_was_printed(comment: str, outcome: Outcome) -> None:
    """The verifier's console report shows the interaction's comments."""
    assert comment in outcome.output, outcome.output


@then(parsers.parse('the "{name}" will displayed as the original test name'))
def the_test_name_was_printed(name: str, outcome: Outcome) -> None:
    """The verifier's console report shows the consumer test's name."""
    assert name in outcome.output, outcome.output
