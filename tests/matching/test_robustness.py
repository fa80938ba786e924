"""The engine never crashes or hangs: generated documents, 100,000-level nesting and 50 MB bodies."""

from __future__ import annotations

import json
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from accord.errors import MatcherError
from accord.matching import Mismatch, match_message, match_request, match_response

from ._strategies import CONTENT_TYPES, body_rules, json_documents

FUNCTIONS = [match_request, match_response, match_message]


def _nest(depth: int, leaf: Any) -> Any:
    value = leaf
    for _ in range(depth):
        value = {"a": [value]}
    return value


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(json_documents, json_documents, body_rules())
def test_json_bodies_under_any_rules_never_crash(expected: Any, actual: Any, rules: dict[str, Any]) -> None:
    """Any pair of JSON documents under any valid v4 body rules gives a list of Mismatch."""
    for function in FUNCTIONS:
        key = "contents" if function is match_message else "body"
        found = function({key: expected, "matchingRules": rules}, {key: actual}, spec="v4")
        assert all(isinstance(m, Mismatch) and m.message for m in found)


@settings(max_examples=200, deadline=None)
@given(json_documents)
def test_a_document_matches_itself(document: Any) -> None:
    """With no rules, every document matches itself as a request, response and message body."""
    assert match_request({"body": document}, {"body": document}) == []
    assert match_response({"body": document}, {"body": document}) == []
    assert match_message({"contents": document}, {"contents": document}) == []


@settings(max_examples=200, deadline=None)
@given(st.binary(max_size=300), st.binary(max_size=300), CONTENT_TYPES, CONTENT_TYPES)
def test_raw_bodies_of_any_content_type_never_crash(
    expected: bytes, actual: bytes, exp_type: str, act_type: str
) -> None:
    """Raw bytes under any declared content type are decoded or compared as bytes, never raising."""
    found = match_request(
        {"headers": {"Content-Type": exp_type}, "body": expected.decode("latin-1")},
        {"headers": {"Content-Type": act_type}, "body": actual},
    )
    assert all(isinstance(m, Mismatch) for m in found)


@settings(max_examples=100, deadline=None)
@given(
    st.dictionaries(
        st.text(alphabet="abc-_ 1", max_size=5),  # lower case: header names are case-insensitive
        st.text(max_size=5) | st.lists(st.text(max_size=5), max_size=3),
    )
)
def test_headers_and_queries_never_crash(values: dict[str, Any]) -> None:
    """Arbitrary header and query maps are compared without raising."""
    found = match_request({"headers": values, "query": values}, {"headers": values, "query": {}})
    assert all(m.kind == "query" for m in found)


@pytest.mark.parametrize("function", FUNCTIONS)
def test_100000_levels_of_nesting(function: Any) -> None:
    """Documents nested 100,000 levels deep compare iteratively, and the deep difference is found."""
    key = "contents" if function is match_message else "body"
    assert function({key: _nest(100_000, 1)}, {key: _nest(100_000, 1)}) == []
    [mismatch] = function({key: _nest(100_000, 1)}, {key: _nest(100_000, 2)})
    assert mismatch.message == "Expected 2 (Integer) to be equal to 1 (Integer)"
    assert mismatch.path.endswith(".a[0]")


def test_raw_json_too_deep_to_parse_is_a_mismatch() -> None:
    """A raw JSON body too deep for the JSON reader gives a clear mismatch, not a RecursionError."""
    raw = b"[" * 100_000 + b"]" * 100_000
    [mismatch] = match_request({"body": [1]}, {"headers": {"Content-Type": "application/json"}, "body": raw})
    assert "nested too deeply" in mismatch.message


def test_deep_xml_is_a_mismatch() -> None:
    """XML nested deeper than the limit gives a clear mismatch."""
    document = "<a>" * 100_000 + "</a>" * 100_000
    headers = {"Content-Type": "application/xml"}
    found = match_request(
        {"headers": headers, "body": document}, {"headers": headers, "body": document.encode()}
    )
    assert [m.message for m in found] == ["XML nested deeper than 200 elements is not compared"]


@pytest.mark.slow
def test_50_mb_body() -> None:
    """A 50 MB JSON response under a type rule is compared in one pass, and a bad item is found."""
    items = [{"id": i, "name": f"item-{i}", "tags": ["a", "b"], "price": 1.5} for i in range(700_000)]
    items[-1]["id"] = "oops"
    raw = json.dumps({"items": items}).encode()
    assert len(raw) > 50_000_000
    expected = {
        "status": 200,
        "headers": {"Content-Type": "application/json"},
        "body": {"items": [{"id": 1, "name": "x", "tags": ["a"], "price": 1.0}]},
        "matchingRules": {"body": {"$.items": {"matchers": [{"match": "type", "min": 1}]}}},
    }
    found = match_response(
        expected, {"status": 200, "headers": {"Content-Type": "application/json"}, "body": raw}
    )
    assert [(m.pact_path, m.message) for m in found] == [
        ("$.items[699999].id", "Expected 'oops' (String) to be the same type as 1 (Integer)")
    ]


@pytest.mark.parametrize(
    ("expected", "actual"),
    [
        ("not a dict", {}),
        ({}, ["not", "a", "dict"]),
    ],
)
def test_parts_that_are_not_objects_raise_matcher_error(expected: Any, actual: Any) -> None:
    """Passing something other than a pact-file object is a user error with a hint."""
    with pytest.raises(MatcherError, match="must be a JSON object") as caught:
        match_request(expected, actual)
    assert caught.value.hint
