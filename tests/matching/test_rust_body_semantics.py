"""Response semantics where the specification leaves a choice and Accord takes the Rust verifier's.

Each point was checked against ``pact verifier`` (pact-python-cli 0.10.9) with a loopback
provider sending the raw bytes below (tests/provider/test_rust_parity.py runs the same cases).
"""

from __future__ import annotations

from typing import Any

import pytest

from accord.matching import match_request, match_response

FORM = {"Content-Type": "application/x-www-form-urlencoded"}
JSON = {"Content-Type": "application/json"}


@pytest.mark.parametrize(
    ("actual", "messages"),
    [
        (b"a=1", []),
        (b"b=2&a=1", ["Unexpected form post parameter 'b' received"]),
        (b"a=1&a=2", ["Expected form post parameter 'a' with value '1' but was '2'"]),
    ],
)
@pytest.mark.parametrize("function", [match_request, match_response])
def test_form_bodies_refuse_extra_fields_in_responses_too(
    function: Any, actual: bytes, messages: list[str]
) -> None:
    """A form field the pact does not name fails a response too (Rust compares forms as queries)."""
    expected = {"status": 200, "method": "POST", "path": "/", "headers": FORM, "body": "a=1"}
    received = {"status": 200, "method": "POST", "path": "/", "headers": FORM, "body": actual}
    assert [m.message for m in function(expected, received)] == messages


@pytest.mark.parametrize(
    ("actual", "messages"),
    [
        ({}, []),
        ({"body": None}, []),
        ({"body": b""}, []),
        ({"body": b"null"}, ["Expected an empty body but received 'null'"]),
        ({"body": b'{"a": 1}'}, ["Expected an empty body but received '{\"a\":1}'"]),
    ],
)
def test_a_null_body_is_an_empty_body(actual: dict[str, Any], messages: list[str]) -> None:
    """``"body": null`` expects no body: the JSON document ``null`` on the wire fails, as in Rust."""
    expected = {"status": 200, "headers": JSON, "body": None}
    assert [
        m.message for m in match_response(expected, {"status": 200, "headers": JSON, **actual})
    ] == messages


@pytest.mark.parametrize(
    ("expected", "actual", "ok"),
    [
        ({}, {"status": 200}, True),
        ({}, {"status": 500}, False),
        ({"status": 201}, {}, False),
        ({}, {}, True),
    ],
)
def test_a_response_without_a_status_is_a_200(
    expected: dict[str, Any], actual: dict[str, Any], ok: bool
) -> None:
    """A pact response (or an actual one) without ``status`` stands for 200, as in Rust."""
    assert (match_response(expected, actual) == []) is ok


@pytest.mark.parametrize(
    ("content_type", "expected", "actual", "ok"),
    [
        ("application/json; charset=iso-8859-1", {"a": "é"}, '{"a": "é"}'.encode("latin-1"), False),
        ("application/json; charset=iso-8859-1", {"a": "e"}, b'{"a": "e"}', True),
        ("application/json; charset=utf-16", {"a": "e"}, '{"a": "e"}'.encode("utf-16"), False),
        ("text/plain; charset=iso-8859-1", "é", "é".encode("latin-1"), False),
        ("text/plain; charset=utf-8", "é", "é".encode(), True),
        ("application/json", {"a": 0}, b'{"a": -0}', False),  # -0 is the decimal -0.0
        ("application/json", {"a": 0.0}, b'{"a": -0}', True),
        ("application/json", {"a": -0.5}, b'{"a": -0.5}', True),
    ],
)
def test_bodies_are_read_as_utf8_whatever_the_charset(
    content_type: str, expected: Any, actual: bytes, ok: bool
) -> None:
    """The declared charset is not used: bodies are UTF-8 (JSON must be, RFC 8259), as in Rust."""
    headers = {"Content-Type": content_type}
    mismatches = match_response(
        {"status": 200, "headers": headers, "body": expected},
        {"status": 200, "headers": headers, "body": actual},
    )
    assert (mismatches == []) is ok


@pytest.mark.parametrize(
    ("expected", "actual", "ok"),
    [
        ("text/plain; charset=utf-8", 'text/plain; charset="utf-8"', False),  # quotes are kept
        ("text/plain; format=Flowed", "text/plain; format=flowed", True),  # values in any case
        ("text/plain; Charset=utf-8", "text/plain; charset=utf-8", False),  # names exactly
        ("text/plain;", "text/plain", True),
    ],
)
def test_content_type_parameters_compare_as_in_rust(expected: str, actual: str, ok: bool) -> None:
    """Content-Type parameters: names exact, values in any case and as written (quotes kept)."""
    mismatches = match_response(
        {"status": 200, "headers": {"Content-Type": expected}},
        {"status": 200, "headers": {"Content-Type": actual}},
    )
    assert (mismatches == []) is ok
