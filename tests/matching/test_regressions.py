"""Regression tests for the edge cases peers' users hit (research/peers-and-pain.md section 4).

Where the specification is silent the Rust core decides. Each such point below was checked
against pact-python 4.2 (the Rust FFI, spec V3/V4 mock server) on 2026-11-25 and the verdict
and wording recorded here.
"""

from __future__ import annotations

from typing import Any

import pytest

from accord.errors import MatcherError
from accord.matching import match_message, match_request, match_response


def _body(body: Any, rules: dict[str, Any] | None = None, **extra: Any) -> dict[str, Any]:
    out: dict[str, Any] = {"method": "POST", "path": "/", "body": body, **extra}
    if rules is not None:
        out["matchingRules"] = {"body": rules}
    return out


def _type(path: str, **bounds: int) -> dict[str, Any]:
    return {path: {"matchers": [{"match": "type", **bounds}]}}


@pytest.mark.parametrize(
    ("actual", "ok"),
    [([{"id": 1}], True), ([{"id": 1}, {"id": 2}], True), ([{"id": 1}] * 5, True), ([], False)],
)
@pytest.mark.parametrize("function", [match_request, match_response])
def test_each_like_min_1_accepts_one_to_many(function: Any, actual: list[Any], ok: bool) -> None:
    """eachLike(min=1): 1..N items pass, 0 fail (pact-go#54: min is not an exact length)."""
    expected = _body({"xs": [{"id": 7}]}, _type("$.xs", min=1))
    assert (function(expected, _body({"xs": actual})) == []) is ok


def test_min_0_accepts_an_empty_list() -> None:
    """min 0 lets [] pass; the Rust core agrees (no warning at match time)."""
    assert match_request(_body({"xs": [1]}, _type("$.xs", min=0)), _body({"xs": []})) == []


def test_min_size_message() -> None:
    """A list below its minimum is reported with the Rust wording."""
    [mismatch] = match_request(_body({"xs": [1]}, _type("$.xs", min=1)), _body({"xs": []}))
    assert (mismatch.path, mismatch.message) == (
        "$.body.xs",
        "Expected [] (size 0) to have minimum size of 1",
    )


@pytest.mark.parametrize(
    ("actual", "ok"),
    [
        ({"a": [{"b": []}]}, True),  # Rust: cascading type rules accept the nested empty array
        ({"a": [{"b": ["x"]}]}, False),  # ...but still check the element type under it
        ({"a": []}, True),
    ],
)
def test_nested_empty_arrays_under_a_root_type_rule(actual: Any, ok: bool) -> None:
    """A root type rule cascades: nested empty arrays pass, as in the Rust core (spec#108, #112)."""
    expected = _body({"a": [{"b": [1]}]}, _type("$"))
    assert (match_request(expected, _body(actual)) == []) is ok


def _contains(*variants: tuple[int, dict[str, Any]]) -> dict[str, Any]:
    return {
        "matchers": [
            {"match": "arrayContains", "variants": [{"index": i, "rules": rules} for i, rules in variants]}
        ]
    }


INTEGER_A = {"$.a": {"matchers": [{"match": "integer"}]}}
TYPE_B = {"$.b": {"matchers": [{"match": "type"}]}}


@pytest.mark.parametrize(
    ("actual", "message"),
    [
        ([{"b": "y"}, {"c": 3}, {"a": 2}], None),
        ([{"c": 3}, {"b": "z"}], 'Variant at index 0 ({"a":1}) was not found in the actual list'),
    ],
)
def test_array_contains_at_the_root(actual: list[Any], message: str | None) -> None:
    """Root-level arrayContains finds each variant anywhere, order-free (checked against Rust)."""
    expected = {
        "body": [{"a": 1}, {"b": "x"}],
        "matchingRules": {"body": {"$": _contains((0, INTEGER_A), (1, TYPE_B))}},
    }
    found = [m.message for m in match_request(expected, {"body": actual}, spec="v4")]
    assert found == ([] if message is None else [message])


def test_array_contains_nested_two_deep() -> None:
    """arrayContains inside an arrayContains variant is honoured at both levels."""
    inner = {"$.tags": _contains((0, {}))}
    expected = {
        "body": {"outer": [{"tags": ["red"]}]},
        "matchingRules": {"body": {"$.outer": _contains((0, inner))}},
    }
    assert (
        match_response(expected, {"body": {"outer": [{"tags": []}, {"tags": ["blue", "red"]}]}}, "v4") == []
    )
    assert match_response(expected, {"body": {"outer": [{"tags": ["blue"]}]}}, "v4") != []


@pytest.mark.parametrize(("matcher", "spec"), [("telepathy", "v4"), ("telepathy", "v2")])
def test_unknown_matchers_fail_loudly(matcher: str, spec: str) -> None:
    """An unknown matcher is a MatcherError naming it, never a pass."""
    rules = (
        {"body": {"$.a": {"matchers": [{"match": matcher}]}}}
        if spec != "v2"
        else {"$.body.a": {"match": matcher}}
    )
    with pytest.raises(MatcherError, match=matcher):
        match_request({"body": {"a": 1}, "matchingRules": rules}, {"body": {"a": 1}}, spec=spec)


@pytest.mark.parametrize(
    ("matcher", "spec", "value", "ok"),
    [
        ({"match": "integer"}, "v2", 7, True),
        ({"match": "integer"}, "v2", 1.5, False),
        ({"match": "semver"}, "v3", "1.2.3", True),
        ({"match": "semver"}, "v3", "one", False),
        ({"match": "notEmpty"}, "v3", "", False),
    ],
)
def test_newer_matchers_are_applied_in_older_pacts(
    matcher: dict[str, Any], spec: str, value: Any, ok: bool
) -> None:
    """A matcher newer than the pact (integer in v2, semver in v3) is applied, as the Rust core does."""
    rules = {"body": {"$.a": {"matchers": [matcher]}}} if spec != "v2" else {"$.body.a": matcher}
    found = match_request({"body": {"a": 1}, "matchingRules": rules}, {"body": {"a": value}}, spec=spec)
    assert (found == []) is ok


@pytest.mark.parametrize(
    ("name", "expected", "actual", "ok"),
    [
        ("Accept", "a, b", "a,b", True),  # a list: items split, whitespace ignored
        ("Accept", "a, b", "b, a", False),  # order of list items matters (v1 test cases)
        ("Allow", "GET, POST", "GET,POST", True),
        ("Access-Control-Allow-Methods", "GET, PUT", "GET,PUT", True),
        ("X-Custom", '{"a": 1, "b": 2}', '{"a": 1,"b": 2}', True),  # not a list: compared whole
        ("X-Custom", "a,b", "b,a", False),
        ("Last-Modified", "Wed, 21 Oct 2015 07:28:00 GMT", "Wed, 21 Oct 2015 07:28:00 GMT", True),
        ("last-modified", "Wed, 21 Oct 2015 07:28:00 GMT", "Thu, 22 Oct 2015 07:28:00 GMT", False),
    ],
)
def test_header_comma_rules(name: str, expected: str, actual: str, ok: bool) -> None:
    """Only list-grammar headers are split on commas; names ignore case (pact-js#1058, ref#259)."""
    found = match_request({"headers": {name: expected}}, {"headers": {name.upper(): actual}})
    assert (found == []) is ok


@pytest.mark.parametrize("function", [match_request, match_response])
def test_regex_on_a_date_header_sees_the_whole_value(function: Any) -> None:
    """A regex rule on Last-Modified applies to the whole value, commas included (ref#259)."""
    regex = r"\w{3}, \d{2} \w{3} \d{4} \d{2}:\d{2}:\d{2} GMT"
    rules = {"header": {"Last-Modified": {"matchers": [{"match": "regex", "regex": regex}]}}}
    expected = {"headers": {"Last-Modified": "Wed, 21 Oct 2015 07:28:00 GMT"}, "matchingRules": rules}
    assert function(expected, {"headers": {"last-modified": "Thu, 22 Oct 2015 07:28:00 GMT"}}) == []
    [mismatch] = function(expected, {"headers": {"last-modified": "yesterday"}})
    assert (mismatch.kind, mismatch.path) == ("header", "Last-Modified")


@pytest.mark.parametrize(
    ("expected", "actual", "ok"),
    [
        ("application/json;charset=utf-8", "application/json; charset=UTF-8", True),
        ("application/json; charset=UTF-8", "application/json;charset=utf-8", True),
        ("application/json", "APPLICATION/JSON", False),  # Rust compares the base type as written
        ("text/plain; a=1; b=2", "text/plain; b=2; a=1", True),
        ("application/json", "application/json; charset=UTF-8", True),
        ("application/json; charset=UTF-8", "application/json", False),
        ("application/json", "application/xml", False),
    ],
)
def test_content_type_equivalence(expected: str, actual: str, ok: bool) -> None:
    """Content-Type compares by meaning: parameter order, spacing and charset case do not matter."""
    found = match_request({"headers": {"Content-Type": expected}}, {"headers": {"content-type": actual}})
    assert (found == []) is ok


@pytest.mark.parametrize(
    ("expected_type", "actual_type"),
    [("application/json", "application/vnd.siren+json"), ("application/xml", "text/xml")],
)
def test_body_content_type_families(expected_type: str, actual_type: str) -> None:
    """+json and XML variants count as the same body type when comparing bodies."""
    body = {"a": 1} if "json" in expected_type else "<a>1</a>"
    raw = b'{"a": 1}' if "json" in expected_type else b"<a>1</a>"
    found = match_response({"body": body, "headers": {"Content-Type": expected_type}},
                           {"body": raw, "headers": {"Content-Type": actual_type}})  # fmt: skip
    assert [m for m in found if m.kind != "header"] == []


@pytest.mark.parametrize(
    ("expected", "actual", "ok"),
    [
        ({"a": ["1"], "b": ["2"]}, {"b": ["2"], "a": ["1"]}, True),  # order-insensitive keys
        ({"a": ["1", "2"]}, {"a": ["2", "1"]}, False),  # repeated values keep their order
        ({"a": ["1", "2"]}, {"a": ["1"]}, False),
        ("q=a%20b", "q=a+b", True),  # %20 and + both decode to a space
        ("a=&b=1", {"a": [""], "b": ["1"]}, True),  # empty values
    ],
)
def test_query_parameters(expected: Any, actual: Any, ok: bool) -> None:
    """Queries compare parsed: any key order, repeated keys in order, %20 equals +."""
    assert (match_request({"query": expected}, {"query": actual}, spec="v3") == []) is ok


def test_a_query_rule_applies_to_every_repeated_value() -> None:
    """A regex on a repeated parameter checks every value, not just the first (ref#332)."""
    rules = {"query": {"id": {"matchers": [{"match": "regex", "regex": r"\d+"}]}}}
    expected = {"query": {"id": ["1"]}, "matchingRules": rules}
    assert match_request(expected, {"query": {"id": ["1", "22", "333"]}}) == []
    [mismatch] = match_request(expected, {"query": {"id": ["1", "x", "3"]}})
    assert mismatch.message == r"Expected 'x' to match '\d+'"


def test_form_bodies_are_never_read_as_query() -> None:
    """A form-encoded body is compared as the body; the query stays separate (pact-jvm#198)."""
    headers = {"Content-Type": "application/x-www-form-urlencoded"}
    expected = {"headers": headers, "body": "a=1", "query": {}}
    found = match_request(expected, {"headers": headers, "body": b"a=1", "query": {"a": ["1"]}})
    assert [(m.kind, m.message) for m in found] == [("query", "Unexpected query parameter 'a' received")]


@pytest.mark.parametrize(
    ("expected", "actual", "rule", "message"),
    [
        (1.0, 1, None, "Expected 1 (Integer) to be equal to 1.0 (Decimal)"),  # Rust: 1 is not 1.0
        (1, 1.0, None, "Expected 1.0 (Decimal) to be equal to 1 (Integer)"),
        (1, 1.0, "type", None),  # both are numbers
        (1, 1.0, "integer", "Expected 1.0 (Decimal) to be an integer"),
        (1.5, 1.0, "decimal", None),
        (True, 1, None, "Expected 1 (Integer) to be equal to true (Boolean)"),
        (10**30, 10**30, None, None),  # big numbers compare exactly
    ],
)
def test_numbers(expected: Any, actual: Any, rule: str | None, message: str | None) -> None:
    """1 vs 1.0 differ under equality and pass a type rule, as the Rust core decides."""
    rules = {"$.n": {"matchers": [{"match": rule}]}} if rule else None
    found = [m.message for m in match_request(_body({"n": expected}, rules), _body({"n": actual}))]
    assert found == ([] if message is None else [message])


def test_json_1e0_reads_as_a_decimal() -> None:
    """A raw body `1e0` is a decimal, so it does not equal the integer 1 (Rust agrees)."""
    headers = {"Content-Type": "application/json"}
    [mismatch] = match_request(
        {"headers": headers, "body": {"n": 1}}, {"headers": headers, "body": b'{"n": 1e0}'}
    )
    assert mismatch.message == "Expected 1.0 (Decimal) to be equal to 1 (Integer)"


@pytest.mark.parametrize(
    ("actual", "messages"),
    [
        ("x", []),
        (None, []),
        (
            5,
            [
                "Expected 5 (Integer) to be the same type as 'x' (String)",
                "Expected 5 (Integer) to be a null value",
            ],
        ),
    ],
)
def test_nullable_via_or(actual: Any, messages: list[str]) -> None:
    """type OR null accepts strings and null; a number fails both, reported as Rust does."""
    rules = {"$.a": {"combine": "OR", "matchers": [{"match": "type"}, {"match": "null"}]}}
    found = [m.message for m in match_request(_body({"a": "x"}, rules), _body({"a": actual}), spec="v3")]
    assert found == messages


@pytest.mark.parametrize(("value", "ok"), [("a=1&b=2", True), ("a=9&b=2", True), ("a=x&b=2", False)])
def test_form_body_with_matchers(value: str, ok: bool) -> None:
    """Matchers apply to form fields by `$.<name>` (pact-js#767: never ignored)."""
    headers = {"Content-Type": "application/x-www-form-urlencoded"}
    rules = {"body": {"$.a": {"matchers": [{"match": "regex", "regex": r"\d"}]}}}
    expected = {"headers": headers, "body": "a=1&b=2", "matchingRules": rules}
    assert (match_request(expected, {"headers": headers, "body": value.encode()}) == []) is ok


def test_binary_bodies_compare_byte_exact() -> None:
    """Binary bodies compare as bytes: one changed byte is a mismatch."""
    headers = {"Content-Type": "application/octet-stream"}
    data = bytes(range(256)) * 4
    expected = {"headers": headers, "body": {"content": "", "contentType": "application/octet-stream"}}
    expected["body"]["content"] = __import__("base64").b64encode(data).decode()
    expected["body"]["encoded"] = "base64"
    assert match_response(expected, {"headers": headers, "body": data}, spec="v4") == []
    assert match_response(expected, {"headers": headers, "body": data[:-1] + b"\x00"}, spec="v4") != []


@pytest.mark.parametrize(
    ("metadata", "ok"),
    [({"Origin": "abc-123", "contentType": "application/json"}, True), ({"Origin": "nope"}, False)],
)
def test_message_metadata_rules(metadata: dict[str, Any], ok: bool) -> None:
    """Metadata rules apply by key (compatibility fixture regex-matcher-metadata.json)."""
    rules = {"metadata": {"Origin": {"matchers": [{"match": "regex", "regex": r"\w{3}-\d+"}]}}}
    expected = {"contents": {"a": 1}, "metadata": {"Origin": "xyz-1"}, "matchingRules": rules}
    found = match_message(expected, {"contents": {"a": 1}, "metadata": metadata}, spec="v3")
    assert (found == []) is ok
    assert all(m.kind == "metadata" for m in found)


@pytest.mark.parametrize(
    ("expected", "actual", "rules", "messages"),
    [
        ([1, "a"], [2, "b"], {"$": {"matchers": [{"match": "type"}]}}, []),  # items meet their own example
        ([1, "a"], [2, "b", 3], {"$": {"matchers": [{"match": "type"}]}}, []),  # then the first one
        (
            {"a": [1, 2]},
            {"a": [1]},
            None,
            ["Expected 2 but was missing", "Expected a List with 2 elements but received 1 elements"],
        ),
        ({"a": [1]}, {"a": [1, 2]}, None, ["Expected a List with 1 elements but received 2 elements"]),
        ({"a": {}}, {"a": {"b": 1}}, None, ['Expected an empty Map but received {"b":1}']),
        ({"a": []}, {"a": [1]}, None, ["Expected an empty List but received [1]"]),
        ({"a": "x"}, {"a": {"b": 1}}, None, ["""Expected {"b":1} (Object) to be equal to 'x' (String)"""]),
        (
            {"a": {"b": 1}},
            {"a": "x"},
            None,
            ["""Type mismatch: Expected 'x' (String) to be the same type as {"b":1} (Object)"""],
        ),
        (
            {"x": 1},
            {"x": 1, "y": 2},
            {"$": {"matchers": [{"match": "type"}]}},
            ["Expected a Map with keys [x] but received one with keys [x, y]"],
        ),
    ],
)
def test_structure_wording_checked_against_rust(
    expected: Any, actual: Any, rules: dict[str, Any] | None, messages: list[str]
) -> None:
    """Lists and objects are compared, and worded, as the Rust core does (checked 2026-11-25)."""
    found = [m.message for m in match_request(_body(expected, rules), _body(actual), spec="v3")]
    assert found == messages


@pytest.mark.parametrize(
    ("expected", "actual", "ok"),
    [
        (["a", "b"], "a, b", False),
        (["a", "b"], ["a", "b"], True),
        ("a, b", ["a", "b"], False),
        ("a, b", "a,b", True),
        (["a", "b"], "b, a", False),
        (["a"], ["a", "b"], False),
    ],
)
def test_header_values_compare_one_by_one(expected: Any, actual: Any, ok: bool) -> None:
    """Several values of a header (not a list header) compare one by one, as the Rust mock server's do."""
    assert (
        match_request({"headers": {"X-Thing": expected}}, {"headers": {"x-thing": actual}}, "v4") == []
    ) is ok


@pytest.mark.parametrize(
    ("expected", "actual", "rules", "messages"),
    [
        # a value matcher on a list applies to its items, not to the list
        ({"b": [1]}, {"b": [2]}, {"$.b": {"matchers": [{"match": "number"}]}}, []),
        (
            {"b": [1]},
            {"b": ["x"]},
            {"$.b": {"matchers": [{"match": "number"}]}},
            ["Expected 'x' (String) to be a number"],
        ),
        # nothing is checked against an empty example list under a rule
        ({"b": []}, {"b": []}, {"$.b": {"matchers": [{"match": "type", "min": 1}]}}, []),
        ({"b": []}, {"b": [1, 2]}, {"$.b": {"matchers": [{"match": "type", "max": 1}]}}, []),
        # [*] reaches array items only, never object members
        ({"a": 1}, {"a": 1}, {"$[*]": {"matchers": [{"match": "boolean"}]}}, []),
        (
            {"a": 1},
            {"a": 1},
            {"$.*": {"matchers": [{"match": "boolean"}]}},
            ["Expected 1 (Integer) to match a boolean"],
        ),
        # of the value matchers only null refuses a list itself; the others reach its items
        (
            {"b": [None]},
            {"b": [None]},
            {"$.b": {"matchers": [{"match": "null"}]}},
            ['Unable to match ["null"] using null'],
        ),
        ({"b": ["a"]}, {"b": ["a"]}, {"$.b": {"matchers": [{"match": "include", "value": "a"}]}}, []),
        # an object or array where something else arrived is a type mismatch, rules or not
        (
            {"b": {}},
            {"b": "bb"},
            {"$.b": {"matchers": [{"match": "values"}]}},
            ["Type mismatch: Expected 'bb' (String) to be the same type as {} (Object)"],
        ),
    ],
)
def test_list_rules_as_the_rust_core_applies_them(
    expected: Any, actual: Any, rules: dict[str, Any], messages: list[str]
) -> None:
    """List rules, empty example lists and [*] behave as in the Rust core (checked 2026-11-25)."""
    found = [m.message for m in match_request(_body(expected, rules), _body(actual), spec="v3")]
    assert found == messages


@pytest.mark.parametrize(
    ("actual", "messages"),
    [
        ({"a": [[], []], "b": "1.2.3"}, []),
        ({"a": [[], []], "b": "bb"}, ["Expected 'bb' (String) to be equal to '1.2.3' (String)"]),
        ({"a": [[]]}, []),  # missing keys are fine
        (
            {"z": "1.2.3"},
            ["Type mismatch: Expected '1.2.3' (String) to be the same type as [[],[]] (Array)"],
        ),  # meets the first value
    ],
)
def test_values_cascades_as_equality_on_plain_values(actual: Any, messages: list[str]) -> None:
    """Under a values rule, plain values compare by equality (checked against Rust 2026-11-25)."""
    rules = {"$": {"matchers": [{"match": "values"}]}}
    found = [
        m.message for m in match_request(_body({"a": [[], []], "b": "1.2.3"}, rules), _body(actual), "v3")
    ]
    assert found == messages


def test_each_value_on_a_list_applies_its_rules_to_every_item() -> None:
    """eachValue on a list checks every item against its nested rules."""
    rules = {
        "$.tags": {"matchers": [{"match": "eachValue", "rules": [{"match": "regex", "regex": "[a-z]+"}]}]}
    }
    expected = _body({"tags": ["red"]}, rules)
    assert match_request(expected, _body({"tags": ["blue", "green"]}), "v4") == []
    found = [(m.path, m.message) for m in match_request(expected, _body({"tags": ["blue", "GREEN"]}), "v4")]
    assert found == [("$.body.tags[1]", "Expected 'GREEN' to match '[a-z]+'")]


@pytest.mark.parametrize(
    ("rule", "actual", "messages"),
    [
        ({"match": "regex", "regex": ".*"}, {"x": 1}, []),
        ({"match": "notEmpty"}, {"x": 1}, []),
        # ...and the rule cascades to the members, as in Rust
        (
            {"match": "include", "value": "x"},
            {"x": 1},
            ['Unable to match {"x":1} using include', "Expected '1' to include 'x'"],
        ),
        (
            {"match": "date", "format": "yyyy"},
            {"x": 1},
            ['Unable to match {"x":1} using date'],  # the member 1 reads as a year (Rust, 2026-12-02)
        ),
        ({"match": "type", "min": 2}, {"x": 1}, ['Expected {"x":1} (size 1) to have minimum size of 2']),
    ],
)
def test_rules_on_objects(rule: dict[str, Any], actual: Any, messages: list[str]) -> None:
    """Value matchers cannot judge an object; size and emptiness rules can (Rust, 2026-11-25)."""
    rules = {"$.b": {"matchers": [rule]}}
    found = [m.message for m in match_response(_body({"b": {"x": 1}}, rules), _body({"b": actual}), "v4")]
    assert found == messages


def test_each_key_applies_where_written_only() -> None:
    """eachKey checks the keys of the object it is written for, not of nested ones (Rust)."""
    rules = {"$": {"matchers": [{"match": "eachKey", "rules": [{"match": "regex", "regex": "[a-c]"}]}]}}
    expected = _body({"a": {}, "b": {"d": {}}}, rules)
    assert match_request(expected, _body({"a": {}, "b": {"d": {}}}), "v4") == []
    [mismatch] = match_request(expected, _body({"a": {}, "b": {"d": {}}, "z": 1}), "v4")
    assert (mismatch.pact_path, mismatch.message) == ("$.z", "Expected 'z' to match '[a-c]'")


@pytest.mark.parametrize(
    ("expected", "actual", "kind", "messages"),
    [
        (
            {"a": ["1"]},
            {"a": ["1", "2"]},
            "query",
            ["Expected query parameter 'a' with 1 value(s) but received 2 value(s)"],
        ),
        (
            {"a": ["1", "2"]},
            {"a": ["2", "1"]},
            "query",
            [
                "Expected query parameter 'a' with value '1' but was '2'",
                "Expected query parameter 'a' with value '2' but was '1'",
            ],
        ),
        (
            {"a": ["1", "2"]},
            {"a": ["1"]},
            "query",
            [
                "Expected query parameter 'a' value '2' but was missing",
                "Expected query parameter 'a' with 2 value(s) but received 1 value(s)",
            ],
        ),
        (
            {"Accept": "a, b"},
            {"Accept": "b, a"},
            "headers",
            [
                "Expected header 'Accept' at index 0 to have value 'a' but was 'b'",
                "Expected header 'Accept' at index 1 to have value 'b' but was 'a'",
            ],
        ),
        (
            {"X-Thing": "Hello World"},
            {"X-Thing": "hello world"},
            "headers",
            ["Expected 'hello world' to be equal to 'Hello World'"],
        ),
    ],
)
def test_query_and_header_wording_checked_against_rust(
    expected: dict[str, Any], actual: dict[str, Any], kind: str, messages: list[str]
) -> None:
    """Query and header mismatches use the Rust core's words (checked 2026-11-25)."""
    found = [m.message for m in match_request({kind: expected}, {kind: actual}, spec="v3")]
    assert found == messages


def test_an_equality_rule_on_an_object_compares_it_whole() -> None:
    """equality on an object rejects extra keys even in a response (Rust verifier, 2026-11-25)."""
    rules = {"$": {"matchers": [{"match": "equality"}]}}
    expected = {"body": {"a": 1}, "matchingRules": {"body": rules}}
    assert match_response(expected, {"body": {"a": 1}}, "v3") == []
    [mismatch] = match_response(expected, {"body": {"a": 1, "z": 2}}, "v3")
    assert mismatch.message == 'Expected {"a":1,"z":2} to be equal to {"a":1}'


@pytest.mark.parametrize(
    ("actual", "messages"),
    [
        ({"a": "a"}, []),  # not empty, whatever its type (Rust)
        ({"a": ""}, ["Expected '' (String) to not be empty"]),
        ({"a": None}, ["Expected non-empty value but got a NULL"]),
    ],
)
def test_not_empty_on_plain_values(actual: dict[str, Any], messages: list[str]) -> None:
    """notEmpty on a plain value checks emptiness only (checked against Rust 2026-11-25)."""
    rules = {"$.a": {"matchers": [{"match": "notEmpty"}]}}
    assert [m.message for m in match_request(_body({"a": 1.5}, rules), _body(actual), "v4")] == messages


def test_keys_are_free_under_array_contains_on_an_object() -> None:
    """arrayContains written on an object leaves its keys unchecked, as the Rust core does."""
    rules = {"$": {"matchers": [{"match": "arrayContains", "variants": [{"index": 0, "rules": {}}]}]}}
    assert match_request(_body({"a": 1, "b": 2}, rules), _body({"b": 2, "z": 3}), "v4") == []


def test_java_quoted_regex_matches_literally() -> None:
    r"""A regex rule written with Java's \Q...\E quoting (as Pact-JVM writes it) matches its literal text."""
    rules = {"path": {"": {"matchers": [{"match": "regex", "regex": r".*\/(\Qpacts\E\/\Qprovider\E)$"}]}}}
    expected = {"method": "GET", "path": "/x/pacts/provider", "matchingRules": rules}
    assert match_request(expected, {"method": "GET", "path": "/base/pacts/provider"}, spec="v3") == []
    assert match_request(expected, {"method": "GET", "path": "/base/pacts/consumer"}, spec="v3") != []


@pytest.mark.parametrize(
    ("matcher", "sent", "ok"),
    [
        ({"match": "type", "min": 2}, ["1"], False),
        ({"match": "type", "min": 2}, ["1", "x"], True),
        ({"match": "type", "max": 1}, ["1", "2"], False),
        ({"match": "type"}, ["1", "2", "3"], True),
        ({"match": "regex", "regex": "\\d+"}, ["1", "2"], True),
    ],
)
def test_query_rule_bounds_count_the_values(matcher: dict[str, Any], sent: list[str], ok: bool) -> None:
    """A min/max bound on a query parameter's rule counts its values, as the Rust core does."""
    expected = {"query": {"a": ["1", "2"]}, "matchingRules": {"query": {"a": {"matchers": [matcher]}}}}
    assert (match_request(expected, {"query": {"a": sent}}, "v3") == []) is ok


@pytest.mark.parametrize(
    ("spec", "body", "sent", "ok"),
    [
        ("v3", "AAH/", b"\x00\x01\xff", True),
        ("v2", "AAH/", b"\x00\x01\xff", True),
        ("v3", "AAH/", b"AAH/", False),
        ("v3", "not base64!", b"not base64!", True),
        ("v4", "AAH/", b"AAH/", True),
    ],
)
def test_v3_binary_bodies_are_base64_text(spec: str, body: str, sent: bytes, ok: bool) -> None:
    """A v2/v3 body string under a binary Content-Type is base64, as the Rust core reads it."""
    headers = {"Content-Type": "application/octet-stream"}
    found = match_request({"headers": headers, "body": body}, {"headers": headers, "body": sent}, spec=spec)
    assert (found == []) is ok


@pytest.mark.parametrize(
    ("name", "expected", "sent", "ok"),
    [
        ("Content-Language", "en, de", ["en", "de"], False),
        ("Content-Language", "en, de", "en,de", True),
        ("Cache-Control", "no-cache, no-store", ["no-cache", "no-store"], True),
        ("Accept", "text/plain, application/json", ["text/plain", "application/json"], True),
    ],
)
def test_only_rust_list_headers_split_on_commas(name: str, expected: str, sent: Any, ok: bool) -> None:
    """Only the Rust core's multi-value headers compare item by item; others line by line."""
    found = match_request({"headers": {name: expected}}, {"headers": {name: sent}}, spec="v3")
    assert (found == []) is ok


@pytest.mark.parametrize(
    ("sent", "ok"),
    [("a, b", False), ("a", True), (["a", "b"], False)],
)
def test_a_rule_on_a_list_header_judges_its_items(sent: Any, ok: bool) -> None:
    """A rule on a list header (Vary) sees its comma-separated items, as the Rust core does."""
    rules = {"header": {"Vary": {"matchers": [{"match": "type", "max": 1}]}}}
    expected = {"headers": {"Vary": "x"}, "matchingRules": rules}
    assert (match_request(expected, {"headers": {"vary": sent}}, spec="v3") == []) is ok


@pytest.mark.parametrize(
    ("content_type", "body", "rule", "sent", "ok"),
    [
        ("text/plain", "1", {"match": "integer"}, "12", True),
        ("text/plain", "1", {"match": "integer"}, "1.5", False),
        ("text/plain", "1.5", {"match": "decimal"}, "2.25", True),
        ("application/x-www-form-urlencoded", "a=1&a=2", {"match": "type", "min": 2}, "a=1", False),
        ("application/x-www-form-urlencoded", "a=1&a=2", {"match": "type", "min": 2}, "a=3&a=4", True),
    ],
)
def test_text_and_form_bodies_under_rules_as_rust(
    content_type: str, body: str, rule: dict[str, Any], sent: str, ok: bool
) -> None:
    """Text bodies are strings a number matcher may read; form fields' min/max count their values."""
    path = "$" if content_type == "text/plain" else "$.a"
    headers = {"Content-Type": content_type}
    expected = {"headers": headers, "body": body, "matchingRules": {"body": {path: {"matchers": [rule]}}}}
    assert (match_request(expected, {"headers": headers, "body": sent.encode()}, spec="v3") == []) is ok


@pytest.mark.parametrize(
    ("expected", "sent", "ok"),
    [
        ({"n": 3}, {"n": 3}, True),
        ({"n": 3}, {"n": "3"}, False),
        ({"n": "3"}, {"n": 3}, False),
        ({"flag": True}, {"flag": "true"}, False),
        ({"o": {"x": 1}}, {"o": {"x": 1}}, True),
        ({"Content-Type": "application/json"}, {"contentType": "application/json"}, False),
        ({"contentType": "application/json"}, {"contentType": "application/json; charset=utf-8"}, True),
    ],
)
def test_message_metadata_compares_keys_and_json_values_exactly(
    expected: dict[str, Any], sent: dict[str, Any], ok: bool
) -> None:
    """Metadata keys are looked up as written and values compared as JSON, as the Rust verifier does."""
    message = {"contents": {"a": 1}}
    assert (match_message({**message, "metadata": expected}, {**message, "metadata": sent}) == []) is ok


@pytest.mark.parametrize(
    ("expected_type", "sent_type", "ok"),
    [
        ("text/plain", "text/plain", True),
        ("text/plain", "application/json", False),
        ("application/json", "application/json; charset=utf-8", True),
        ("application/json; charset=utf-8", "application/json", False),
        ("application/xml", "text/xml", True),
        ("application/json", "application/hal+json", False),
    ],
)
def test_message_contents_must_have_the_expected_content_type(
    expected_type: str, sent_type: str, ok: bool
) -> None:
    """A v4 message's contents of another content type fail before their bodies are compared."""
    content: Any = "<a/>" if "xml" in expected_type else 1 if "json" in expected_type else "1"
    expected = {"contents": {"content": content, "contentType": expected_type, "encoded": False}}
    actual = {"contents": {"content": str(content).encode(), "contentType": sent_type}}
    mismatches = match_message(expected, actual, "v4")
    assert (mismatches == []) is ok
    assert (
        ok
        or mismatches[0].message == f"Expected message with content type {expected_type} but was {sent_type}"
    )


@pytest.mark.parametrize(
    ("matcher", "expected", "sent", "ok"),
    [
        ({"match": "integer"}, 1, 5, True),
        ({"match": "integer"}, 1, "5", False),
        ({"match": "type"}, 1, "2", False),
        ({"match": "type"}, "a", "b", True),
        ({"match": "regex", "regex": "^v\\d$"}, "v1", "v7", True),
    ],
)
def test_metadata_rules_judge_json_values(
    matcher: dict[str, Any], expected: Any, sent: Any, ok: bool
) -> None:
    """A rule on a metadata key judges the JSON value, not its text (Rust refuses "5" for an integer)."""
    pact = {
        "contents": {"a": 1},
        "metadata": {"k": expected},
        "matchingRules": {"metadata": {"k": {"matchers": [matcher]}}},
    }
    assert (match_message(pact, {"contents": {"a": 1}, "metadata": {"k": sent}}) == []) is ok


@pytest.mark.parametrize("rule_key", ["k", "$.k", "$['k']"])
@pytest.mark.parametrize(("sent", "ok"), [("b2", True), ("22", False)])
def test_metadata_rule_keys_are_paths_from_the_root(rule_key: str, sent: str, ok: bool) -> None:
    """A metadata rule keyed "k", "$.k" or "$['k']" judges the key k, as the Rust core reads it."""
    rules = {"metadata": {rule_key: {"matchers": [{"match": "regex", "regex": "^[a-z]\\d$"}]}}}
    pact = {"contents": {"a": 1}, "metadata": {"k": "a1"}, "matchingRules": rules}
    assert (match_message(pact, {"contents": {"a": 1}, "metadata": {"k": sent}}) == []) is ok


def _v4(content: Any, content_type: str = "application/json", encoded: Any = False) -> dict[str, Any]:
    return {"contents": {"content": content, "contentType": content_type, "encoded": encoded}}


def _sent(data: bytes, content_type: str = "application/json") -> dict[str, Any]:
    return {
        "contents": {"content": data, "contentType": content_type},
        "metadata": {"contentType": content_type},
    }


@pytest.mark.parametrize(
    ("expected", "spec", "sent", "ok"),
    [
        (_v4("12"), "v4", b'"12"', True),
        (_v4("12"), "v4", b"12", False),
        (_v4('{"a": 1}'), "v4", b'{"a": 1}', False),
        (_v4('{"a": 1}'), "v4", b'"{\\"a\\": 1}"', True),
        ({"contents": "12", "metadata": {"contentType": "application/json"}}, "v3", b'"12"', True),
        ({"contents": "12", "metadata": {"contentType": "application/json"}}, "v3", b"12", False),
        ({"contents": '{"a": 1}', "metadata": {"contentType": "application/json"}}, "v3", b'{"a": 1}', True),
        ({"contents": "[1]", "metadata": {"contentType": "application/json"}}, "v3", b'"[1]"', True),
    ],
)
def test_json_string_message_contents_read_as_rust_reads_them(
    expected: dict[str, Any], spec: str, sent: bytes, ok: bool
) -> None:
    """A string under a JSON type is a JSON string (v4 always, v3 unless it holds an object or string)."""
    assert (match_message(expected, _sent(sent), spec) == []) is ok


@pytest.mark.parametrize(
    ("expected", "spec", "sent", "ok"),
    [
        (_v4(None), "v4", b"1", True),
        (_v4(""), "v4", b"true", True),
        (_v4("", "text/plain"), "v4", b"x", True),
        ({"contents": None}, "v3", b"1", True),
        ({"contents": None, "metadata": {"contentType": "application/json"}}, "v3", b"null", False),
        ({"contents": "", "metadata": {"contentType": "application/json"}}, "v3", b'""', False),
        ({"contents": "", "metadata": {"contentType": "application/json"}}, "v3", b"", True),
        (_v4(None, "text/plain"), "v4", b"x", True),
    ],
)
def test_null_or_empty_message_contents_expect_nothing_only_of_their_type(
    expected: dict[str, Any], spec: str, sent: bytes, ok: bool
) -> None:
    """Null or "" contents fail actual contents only when a type is known and the actual's is the same."""
    content_type = "text/plain" if sent == b"x" else "application/json"
    assert (match_message(expected, _sent(sent, content_type), spec) == []) is ok


def _xml_body(body: str, rules: dict[str, Any] | None = None) -> dict[str, Any]:
    return _body(body, rules, headers={"Content-Type": "application/xml"})


AT_LEAST_2 = "Expected <b/> to have at least 2 children but it has 1"


@pytest.mark.parametrize(
    ("body", "path", "bounds", "sent", "messages"),
    [
        ("<a><b>1</b></a>", "$.a.b", {"min": 2}, "<a><b>1</b><b>2</b></a>", [AT_LEAST_2, AT_LEAST_2]),
        ("<a><b><c/></b></a>", "$.a.b", {"min": 2}, "<a><b><c/><c/></b></a>", []),
        ("<a><b>1</b></a>", "$.a.b", {"max": 1}, "<a><b>1</b><b>2</b><b>3</b></a>", []),
        (
            "<a><b/></a>",
            "$.a.b",
            {"min": 1},
            "<a><b/></a>",
            ["Expected <b/> to have at least 1 children but it has 0"],
        ),
        (
            "<a><b>1</b></a>",
            "$.a",
            {"max": 1},
            "<a>\n <b>1</b>\n</a>",
            ["Expected <a/> to have at most 1 children but it has 3"],
        ),
        ("<a><b>1</b><c/></a>", "$.a", {"min": 2}, "<a><b>1</b><c/></a>", []),
        ("<a><b>1</b></a>", "$.a.b[*]", {"min": 2}, "<a><b>1</b></a>", []),
        ("<a><b><c/></b></a>", "$.a", {}, "<a><b><c/><d/></b></a>", ["Unexpected child <d/>"]),
        ("<a><b>1</b></a>", "$.a.c", {}, "<a><b>1</b><c/></a>", ["Unexpected child <c/>"]),
        ("<a><b>1</b></a>", "$.a.d", {}, "<a><b>1</b><c/></a>", []),
        ("<a><b>1</b><c/></a>", "$.a.b", {"min": 0}, "<a><c/></a>", ["Expected child <b/> but was missing"]),
    ],
)
def test_xml_type_rules_as_the_rust_core_applies_them(
    body: str, path: str, bounds: dict[str, int], sent: str, messages: list[str]
) -> None:
    """min/max count the ruled element's child nodes, not siblings; type rules make other names unexpected."""
    mismatches = match_response(_xml_body(body, _type(path, **bounds)), _xml_body(sent))
    assert [m.message for m in mismatches] == messages
