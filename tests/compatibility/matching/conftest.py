"""Steps of the matching and generator features (issue 2): the engine and the model, no servers.

Requests and responses are compared with ``accord.matching.match_request``/``match_response`` on
pact-file JSON forms; the actual request's body is passed as the raw bytes a server would receive.
Generators are applied with ``accord.model.apply_generators``.
"""

from __future__ import annotations

import json
import re
from typing import Any

import pytest
from pytest_bdd import given, parsers, then, when

from .._suite import (
    Definition,
    body_value,
    find_mismatch,
    generated_problem,
    load_rules,
    parse_body,
    parse_json_cell,
    rows,
    unescape,
)


@pytest.fixture
def spec(request: pytest.FixtureRequest) -> str:
    """The pact specification the feature is written for: the test module's ``SPEC``."""
    return str(request.module.SPEC)


@pytest.fixture
def generation() -> dict[str, Any]:
    """How generators are applied: the test mode and the context (provider state, mock server).

    Without an explicit mode, a request is prepared as the provider side does and a response as
    the consumer side does ("consumer side applies response generators, provider side applies
    request generators").
    """
    return {"mode": None, "context": {}}


# -- requests and responses to compare ----------------------------------------------------------


@given("an expected request configured with the following:", target_fixture="expected")
def an_expected_request_configured(datatable: list[list[str]]) -> Definition:
    """The expected request is a POST to / with the table's parts."""
    (row,) = rows(datatable)
    definition = Definition(method="POST", path="/")
    definition.update(row)
    return definition


@given(
    parsers.re(r'an expected request with an? "(?P<name>[^"]+)" header of "(?P<value>[^"]*)"'),
    target_fixture="expected",
)
def an_expected_request_with_header(name: str, value: str) -> Definition:
    """The expected request is a GET to / with one header."""
    return Definition(method="GET", path="/", headers=[(name, value)])


@given(
    parsers.re(r"^(a request is received with the following:|the following requests are received:)$"),
    target_fixture="received",
)
def requests_are_received(datatable: list[list[str]]) -> list[Definition]:
    """One actual POST to / per table row (``desc`` only names the case)."""
    received = []
    for row in rows(datatable):
        definition = Definition(method="POST", path="/")
        definition.update(row)
        received.append(definition)
    return received


@given(
    parsers.re(r'a request is received with an? "(?P<name>[^"]+)" header of "(?P<value>[^"]*)"'),
    target_fixture="received",
)
def a_request_is_received_with_header(name: str, value: str) -> list[Definition]:
    """The actual request is a GET to / with one header."""
    return [Definition(method="GET", path="/", headers=[(name, value)])]


@when(parsers.re(r"the (request is|requests are) compared to the expected one"), target_fixture="results")
def compare_requests(expected: Definition, received: list[Definition], spec: str) -> list[list[Any]]:
    """Run ``match_request`` once per actual request."""
    from accord.matching import match_request

    wanted = expected.request_json()
    return [list(match_request(wanted, actual.actual_request(), spec=spec)) for actual in received]


@then(parsers.re(r"the comparison should (?P<negated>(NOT )?)be OK"))
def the_comparison_should_be_ok(negated: str, results: list[list[Any]]) -> None:
    """OK: no request has a mismatch; NOT OK: every request (each row is a negative case) has one."""
    if negated:
        assert all(results), f"expected every request to mismatch, got {results}"
    else:
        assert not any(results), f"expected no mismatches, got {results}"


@then(
    parsers.re(r'the mismatches will contain a mismatch with error "(?P<path>[^"]*)" -> "(?P<message>.*)"$')
)
def the_mismatches_contain(path: str, message: str, results: list[list[Any]]) -> None:
    """Some request's mismatches hold one at ``path`` whose message carries the suite's text."""
    find_mismatch([m for result in results for m in result], unescape(message), path=path)


@given("an expected response configured with the following:", target_fixture="expected")
def an_expected_response_configured(datatable: list[list[str]]) -> Definition:
    """The expected response: a status and its matching rules."""
    (row,) = rows(datatable)
    definition = Definition(method="POST", path="/")
    definition.status = int(row["status"])
    if row.get("matching rules", "").strip():
        definition.response_matching_rules = load_rules(row["matching rules"])
    return definition


@given(parsers.re(r"a status (?P<status>\d+) response is received"), target_fixture="received_response")
def a_status_response_is_received(status: str) -> dict[str, Any]:
    """The actual response has only a status."""
    return {"status": int(status)}


@when("the response is compared to the expected one", target_fixture="response_mismatches")
def compare_responses(expected: Definition, received_response: dict[str, Any], spec: str) -> list[Any]:
    """Run ``match_response``."""
    from accord.matching import match_response

    return list(match_response(expected.response_json(), received_response, spec=spec))


@then(parsers.re(r"the response comparison should (?P<negated>(NOT )?)be OK"))
def the_response_comparison_should_be_ok(negated: str, response_mismatches: list[Any]) -> None:
    """The response matched (or did not)."""
    assert bool(response_mismatches) == bool(negated), response_mismatches


@then(
    parsers.re(
        r'the response mismatches will contain a "(?P<kind>[^"]+)" mismatch with error "(?P<message>.*)"$'
    )
)
def the_response_mismatches_contain(kind: str, message: str, response_mismatches: list[Any]) -> None:
    """The response mismatches hold one of ``kind`` whose message carries the suite's text."""
    find_mismatch(response_mismatches, unescape(message), kind=kind)


# -- generators ------------------------------------------------------------------------------


def _configured(datatable: list[list[str]], *, response: bool) -> Definition:
    (row,) = rows(datatable)
    definition = Definition(method="GET", path="/path")
    if row.get("body", "").strip():
        body = parse_body(row["body"])
        if response:
            definition.response_body = body
        else:
            definition.body = body
    generators = load_rules(row["generators"])
    if response:
        definition.response_generators = generators
    else:
        definition.generators = generators
    return definition


@given("a request configured with the following generators:", target_fixture="configured")
def a_request_with_generators(datatable: list[list[str]]) -> dict[str, Any]:
    """A request (GET /path) with a body and generators."""
    return {"part": "request", "definition": _configured(datatable, response=False)}


@given("a response configured with the following generators:", target_fixture="configured")
def a_response_with_generators(datatable: list[list[str]]) -> dict[str, Any]:
    """A response (200) with a body and generators."""
    return {"part": "response", "definition": _configured(datatable, response=True)}


@given(parsers.parse('the generator test mode is set as "{mode}"'))
def the_generator_test_mode(mode: str, generation: dict[str, Any]) -> None:
    """Consumer mode (mock server side) or Provider mode (verifier side)."""
    generation["mode"] = mode.lower()


def _prepare(configured: dict[str, Any], generation: dict[str, Any]) -> dict[str, Any]:
    from accord.model import apply_generators

    definition: Definition = configured["definition"]
    part = definition.request_json() if configured["part"] == "request" else definition.response_json()
    mode = generation["mode"] or ("provider" if configured["part"] == "request" else "consumer")
    generated = apply_generators(part, mode=mode, context=generation["context"])
    assert isinstance(generated, dict)
    return generated


@when(parsers.re(r"the (request|response) is prepared for use$"), target_fixture="prepared")
def prepared_for_use(configured: dict[str, Any], generation: dict[str, Any]) -> dict[str, Any]:
    """Apply the generators with no context."""
    return _prepare(configured, generation)


@when(
    parsers.re(r'the (request|response) is prepared for use with a "(?P<name>[^"]+)" context:'),
    target_fixture="prepared",
)
def prepared_for_use_with_context(
    name: str, datatable: list[list[str]], configured: dict[str, Any], generation: dict[str, Any]
) -> dict[str, Any]:
    """Apply the generators with a ``providerState`` or ``mockServer`` context."""
    generation["context"][name] = parse_json_cell(datatable[0][0])
    return _prepare(configured, generation)


def _generator_at(configured: dict[str, Any], category: str, path: str) -> dict[str, Any]:
    definition: Definition = configured["definition"]
    generators = definition.generators if configured["part"] == "request" else definition.response_generators
    found = (generators or {}).get(category, {})
    return dict(found.get(path, {})) if path else dict(found)


def _body_json(part: dict[str, Any]) -> Any:
    body = part.get("body")
    if isinstance(body, dict) and set(body) >= {"content", "contentType"}:
        body = body["content"]
    if isinstance(body, bytes | str):
        body = json.loads(body)
    return body


@then(parsers.re(r'the body value for "(?P<path>[^"]+)" will have been replaced with an? "(?P<kind>[^"]+)"$'))
def body_value_replaced_with_kind(
    path: str, kind: str, prepared: dict[str, Any], configured: dict[str, Any]
) -> None:
    """The generated body value is of the kind the generator makes."""
    value = body_value(_body_json(prepared), path)
    problem = generated_problem(kind, value, _generator_at(configured, "body", path))
    assert problem is None, problem


@then(parsers.re(r'the body value for "(?P<path>[^"]+)" will have been replaced with "(?P<value>[^"]*)"$'))
def body_value_replaced_with(path: str, value: str, prepared: dict[str, Any]) -> None:
    """The generated body value is exactly the given one (text, or the JSON it spells)."""
    actual = body_value(_body_json(prepared), path)
    assert actual == value or json.dumps(actual) == value, f"{path} is {actual!r}, expected {value!r}"


def _part_value(prepared: dict[str, Any], where: str) -> str:
    """``path``, ``status``, ``header[X]`` or ``queryParameter[x]`` of a prepared part, as text."""
    found = re.fullmatch(r"(header|queryParameter)\[(.+)\]", where)
    if found is None:
        return str(prepared[where])
    category, name = found.groups()
    values = prepared.get("headers" if category == "header" else "query", {})
    matching = [v for k, v in values.items() if k.lower() == name.lower()]
    assert matching, f"no {category} {name!r} in {values}"
    value = matching[0]
    return str(value[0] if isinstance(value, list) else value)


@then(parsers.parse('the request "{where}" will be set as "{value}"'))
def request_part_set_as(where: str, value: str, prepared: dict[str, Any]) -> None:
    """A request part was generated as exactly this text."""
    assert _part_value(prepared, where) == value


@then(parsers.re(r'the (request|response) "(?P<where>[^"]+)" will match "(?P<pattern>[^"]+)"'))
def part_will_match(where: str, pattern: str, prepared: dict[str, Any]) -> None:
    """A generated part matches the regex."""
    value = _part_value(prepared, where)
    assert re.fullmatch(pattern, value), f"{where} is {value!r}, which does not match {pattern!r}"


@then(parsers.parse('the response "{where}" will not be "{value}"'))
def response_part_not(where: str, value: str, prepared: dict[str, Any]) -> None:
    """A generated response part differs from the example."""
    assert _part_value(prepared, where) != value
