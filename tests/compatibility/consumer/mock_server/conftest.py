"""Steps of the V1/V2 HTTP consumer features: the mock server, requests to it, its report and pact file.

The interactions come from the feature's background table; they are defined with Accord's DSL,
served by its mock server on 127.0.0.1, exercised with real HTTP requests (httpx), and the pact
file written at the end is read back as plain JSON.
"""

from __future__ import annotations

import json
from dataclasses import replace
from typing import Any

import httpx
from pytest_bdd import parsers, then, when

from ..._suite import Definition, find_mismatch, fixture_path, parse_query, rows, unescape
from .._driver import ConsumerTest

_ORDINALS = {"first": 0, "second": 1, "third": 2}


def _numbers(text: str) -> list[int]:
    return [int(part) for part in text.replace('"', "").split(",") if part.strip()]


# -- HTTP interactions and the mock server ------------------------------------------------------


@when(parsers.re(r'the mock server is started with interactions? "?(?P<numbers>[\d, ]+)"?$'))
def the_mock_server_is_started(
    numbers: str, interactions: dict[int, Definition], consumer_test: ConsumerTest
) -> None:
    """Define the interactions with the DSL and start the mock server."""
    for number in _numbers(numbers):
        consumer_test.add_http(f"Interaction {number}", interactions[number])
    consumer_test.start()


@when(
    parsers.re(r"the mock server is started with interaction (?P<number>\d+) but with the following changes:")
)
def the_mock_server_is_started_changed(
    number: str, datatable: list[list[str]], interactions: dict[int, Definition], consumer_test: ConsumerTest
) -> None:
    """Define one interaction, changed by the table, and start the mock server."""
    definition = replace(interactions[int(number)])
    (row,) = rows(datatable)
    definition.update(row)
    consumer_test.add_http(f"Interaction {number}", definition)
    consumer_test.start()


def _send(consumer_test: ConsumerTest, definition: Definition) -> httpx.Response:
    request = definition.actual_request()
    url = consumer_test.url + definition.path
    if definition.query:
        url += "?" + definition.query
    headers = list(definition.request_headers())
    with httpx.Client(timeout=10) as client:
        response = client.request(
            definition.method, url, headers=headers, content=request.get("body") or None
        )
        response.read()
    consumer_test.responses.append(response)
    return response


@when(parsers.re(r"request (?P<number>\d+) is made to the mock server$"))
def a_request_is_made(number: str, interactions: dict[int, Definition], consumer_test: ConsumerTest) -> None:
    """Send the interaction's request as it was defined."""
    _send(consumer_test, interactions[int(number)])


@when(parsers.re(r"request (?P<number>\d+) is made to the mock server with the following changes:"))
def a_changed_request_is_made(
    number: str, datatable: list[list[str]], interactions: dict[int, Definition], consumer_test: ConsumerTest
) -> None:
    """Send the interaction's request changed by the table."""
    definition = replace(interactions[int(number)])
    (row,) = rows(datatable)
    definition.update(row)
    _send(consumer_test, definition)


@then(parsers.re(r"a (?P<status>\d+) (success|error) response is returned"))
def the_response_status(status: str, consumer_test: ConsumerTest) -> None:
    """The mock server answered with this status."""
    response = consumer_test.responses[-1]
    assert response.status_code == int(status), (response.status_code, response.text)


@then(parsers.parse('the payload will contain the "{name}" JSON document'))
def the_payload_is(name: str, consumer_test: ConsumerTest) -> None:
    """The mock server's response body is the fixture."""
    expected = json.loads(fixture_path(f"{name}.json").read_text(encoding="utf-8"))
    assert consumer_test.responses[-1].json() == expected


@then(parsers.parse('the content type will be set as "{content_type}"'))
def the_content_type_is(content_type: str, consumer_test: ConsumerTest) -> None:
    """The mock server's response has this content type."""
    assert consumer_test.responses[-1].headers["content-type"].split(";")[0] == content_type


@when("the pact test is done")
def the_pact_test_is_done(consumer_test: ConsumerTest) -> None:
    """Leave the mock server: it checks what it received and writes the pact file when all matched."""
    consumer_test.finish()


@then(parsers.re(r"the mock server status will (?P<negated>NOT )?be OK"))
def the_mock_server_status(negated: str | None, consumer_test: ConsumerTest) -> None:
    """The consumer test passed (or failed with a report)."""
    assert consumer_test.ok is (not negated), consumer_test.error


@then(
    parsers.re(
        r"the mock server will (?P<negated>NOT )?write out a Pact file for the interactions? when done"
    )
)
def the_pact_file_written(negated: str | None, consumer_test: ConsumerTest) -> None:
    """A pact file exists only when the test passed."""
    assert consumer_test.pact_file_exists() is (not negated), list(consumer_test.pact_dir.glob("*"))


@then(parsers.re(r"the pact file will contain \{(?P<count>\d+)\} interactions?"))
def the_pact_file_holds(count: str, consumer_test: ConsumerTest) -> None:
    """The pact file has this many interactions."""
    assert len(consumer_test.pact_interactions()) == int(count)


def _nth(consumer_test: ConsumerTest, ordinal: str) -> dict[str, Any]:
    return consumer_test.pact_interactions()[_ORDINALS[ordinal]]


@then(parsers.re(r'the \{(?P<ordinal>\w+)\} interaction request will be for a "(?P<method>[A-Z]+)"'))
def the_interaction_method(ordinal: str, method: str, consumer_test: ConsumerTest) -> None:
    """The written request has this method."""
    assert _nth(consumer_test, ordinal)["request"]["method"].upper() == method


@then(
    parsers.re(
        r"the \{(?P<ordinal>\w+)\} interaction (?P<part>request|response) "
        r'will contain the "(?P<name>[^"]+)" document'
    )
)
def the_interaction_document(ordinal: str, part: str, name: str, consumer_test: ConsumerTest) -> None:
    """The written body is the fixture."""
    written = consumer_test.body_of(_nth(consumer_test, ordinal)[part])
    assert written == json.loads(fixture_path(name).read_text(encoding="utf-8"))


@then(parsers.re(r'the \{(?P<ordinal>\w+)\} interaction request query parameters will be "(?P<query>[^"]*)"'))
def the_interaction_query(ordinal: str, query: str, consumer_test: ConsumerTest) -> None:
    """The written query has these parameters (string or map form)."""
    written = _nth(consumer_test, ordinal)["request"].get("query")
    if isinstance(written, str):
        written = parse_query(written)
    assert written == parse_query(query)


@then(
    parsers.re(
        r'the \{(?P<ordinal>\w+)\} interaction request will contain the header "(?P<name>[^"]+)" '
        r'with value "(?P<value>[^"]*)"'
    )
)
def the_interaction_header(ordinal: str, name: str, value: str, consumer_test: ConsumerTest) -> None:
    """The written request has this header."""
    headers = _nth(consumer_test, ordinal)["request"].get("headers", {})
    found = [v for k, v in headers.items() if k.lower() == name.lower()]
    assert found and (found[0] == value or found[0] == [value]), headers


@then(
    parsers.re(r'the \{(?P<ordinal>\w+)\} interaction request content type will be "(?P<content_type>[^"]+)"')
)
def the_interaction_content_type(ordinal: str, content_type: str, consumer_test: ConsumerTest) -> None:
    """The written request says this content type."""
    assert consumer_test.content_type_of(_nth(consumer_test, ordinal)["request"]) == content_type


@then(
    parsers.re(
        r"the mock server status will be an expected but not received error for interaction \{(?P<n>\d+)\}"
    )
)
def expected_not_received(n: str, consumer_test: ConsumerTest) -> None:
    """The report names the interaction that never arrived."""
    assert consumer_test.missing_interactions() == [f"Interaction {n}"] or f"Interaction {n}" in (
        consumer_test.missing_interactions()
    ), consumer_test.error


@then(
    parsers.re(
        r'the mock server status will be an unexpected "(?P<method>[A-Z]+)" request received error for '
        r"(interaction \{(?P<n>\d+)\}|path \"(?P<path>[^\"]+)\")"
    )
)
def unexpected_request(
    method: str,
    n: str | None,
    path: str | None,
    interactions: dict[int, Definition],
    consumer_test: ConsumerTest,
) -> None:
    """The report names the request nobody expected."""
    wanted_path = path if path is not None else interactions[int(n or 0)].path
    assert (method, wanted_path) in consumer_test.unexpected_requests(), consumer_test.error


@then("the mock server status will be mismatches")
def the_status_is_mismatches(consumer_test: ConsumerTest) -> None:
    """The report holds requests that did not match."""
    assert consumer_test.mismatches(), consumer_test.error


@then(parsers.re(r'the mismatches will contain a "(?P<kind>[^"]+)" mismatch with error "(?P<message>.*)"$'))
def the_mismatches_contain(kind: str, message: str, consumer_test: ConsumerTest) -> None:
    """Some mismatch of this kind carries the suite's text."""
    find_mismatch(consumer_test.mismatches(), unescape(message), kind=kind)


@then(
    parsers.re(
        r'the mismatches will contain a "(?P<kind>[^"]+)" mismatch with path "(?P<path>[^"]+)" '
        r'with error "(?P<message>.*)"$'
    )
)
def the_mismatches_contain_at(kind: str, path: str, message: str, consumer_test: ConsumerTest) -> None:
    """Some mismatch of this kind at this path carries the suite's text."""
    find_mismatch(consumer_test.mismatches(), unescape(message), kind=kind, path=path)
