"""The helpers that read the compatibility suite's cells and fixtures (not suite scenarios themselves)."""

from __future__ import annotations

import base64
from typing import Any

import pytest

from ._suite import (
    Body,
    SuiteMissingError,
    body_relative,
    feature,
    flat_to_categories,
    generated_problem,
    message_pattern,
    parse_body,
    parse_headers,
    parse_query,
)

_BOUNDARY = "gc0p4Jq0M2Yt08jU534c0p"
_JPEG_START = base64.b64encode(b"\xff\xd8").decode()


@pytest.mark.parametrize(
    ("cell", "content_type", "starts", "ends"),
    [
        ("file: text-body.xml", "text/plain", b"Hello World!", b"Hello World!"),
        ("file: xml-body.xml", "application/xml", b'<?xml version="1.0"', b"</values>\n\n    "),
        (
            "file: multipart-body.xml",
            f"multipart/mixed; boundary={_BOUNDARY}",
            b"\r\n\r\n--" + _BOUNDARY.encode(),
            b"--\r\n\r\n    ",
        ),
        ("file: kafka-body.xml", "application/vnd.schemaregistry.v1+json", b"\x00\x00\x00\x00\x02{", b'"b"}'),
        ("file: basic.json", "application/json", b"{", b"}\n"),
        ("file: rat.jpg", "image/jpeg", b"\xff\xd8\xff\xe0", b"\xff\xd9"),
        ('JSON: { "one": 1 }', "application/json", b'{ "one"', b"1 }"),
        ("XML: <a/>", "application/xml", b"<a/>", b"<a/>"),
        ("Hello Mars!", "text/plain", b"Hello Mars!", b"Hello Mars!"),
        ("EMPTY", None, b"", b""),
    ],
)
def test_body_cells(cell: str, content_type: str | None, starts: bytes, ends: bytes) -> None:
    """Each body cell form gives its bytes and content type (CRLF and base64 fixtures decoded)."""
    body = parse_body(cell)
    assert body is not None
    assert body.content_type == content_type
    assert body.data.startswith(starts)
    assert body.data.endswith(ends)


def test_crlf_fixture_has_no_bare_newline() -> None:
    """A fixture with ``eol="CRLF"`` has every line ending as CRLF."""
    body = parse_body("file: multipart-body.xml")
    assert body is not None
    assert b"\n" not in body.data.replace(b"\r\n", b"")


@pytest.mark.parametrize(
    ("body", "form"),
    [
        (Body(b'{"a": 1}', "application/json"), {"a": 1}),
        (Body(b"hi", "text/plain"), "hi"),
        (Body(b"a=1", "application/x-www-form-urlencoded"), "a=1"),
        (
            Body(b"\xff\xd8", "image/jpeg"),
            {
                "content": base64.b64encode(b"\xff\xd8").decode(),
                "contentType": "image/jpeg",
                "encoded": "base64",
            },
        ),
    ],
)
def test_pact_form(body: Body, form: Any) -> None:
    """A body is written as JSON, as text, or as a v4 base64 body when binary."""
    assert body.pact_form() == form


@pytest.mark.parametrize(
    ("cell", "headers"),
    [
        ("'X-TEST: Compatibility'", [("X-TEST", "Compatibility")]),
        ("'X-Test: 1000', 'X-Test: 1234'", [("X-Test", "1000"), ("X-Test", "1234")]),
        ("'A: 1'", [("A", "1")]),
        ("'Accept: text/html, */*'", [("Accept", "text/html, */*")]),
    ],
)
def test_header_cells(cell: str, headers: list[tuple[str, str]]) -> None:
    """Quoted ``'Name: value'`` items become ordered pairs; repeated names stay repeated."""
    assert parse_headers(cell) == headers


@pytest.mark.parametrize(
    ("cell", "query"),
    [
        ("a=1&b=2", {"a": ["1"], "b": ["2"]}),
        ("a=123&b=2&a=9999", {"a": ["123", "9999"], "b": ["2"]}),
        ("", {}),
    ],
)
def test_query_cells(cell: str, query: dict[str, list[str]]) -> None:
    """A query cell becomes the v3 map of lists, repeated keys kept in order."""
    assert parse_query(cell) == query


@pytest.mark.parametrize(
    ("flat", "categories"),
    [
        (
            {"$.body.one": {"match": "type"}},
            {"body": {"$.one": {"combine": "AND", "matchers": [{"match": "type"}]}}},
        ),
        (
            {"$.header.x-test": {"match": "regex", "regex": "a"}},
            {"header": {"x-test": {"combine": "AND", "matchers": [{"match": "regex", "regex": "a"}]}}},
        ),
        (
            {"$.path": {"match": "regex", "regex": "/a"}},
            {"path": {"combine": "AND", "matchers": [{"match": "regex", "regex": "/a"}]}},
        ),
        ({"body": {"$.one": {}}}, {"body": {"$.one": {}}}),
    ],
)
def test_flat_rules_to_categories(flat: dict[str, Any], categories: dict[str, Any]) -> None:
    """V2 flat rule paths map onto v3 categories; v3 rules pass through."""
    assert flat_to_categories(flat) == categories


@pytest.mark.parametrize(
    ("expected", "actual", "found"),
    [
        ("Expected 'dog' to include 'a'", "Expected 'dog' to include 'a'", True),
        ("Expected '100' to match '[a-z]+", "Expected '100' to match '[a-z]+'", True),
        ("value 'application/json;\\s*charset=UTF-8'", "value 'application/json; charset=UTF-8'", True),
        ("value 'application/json;\\s*charset=UTF-8'", "value 'application/json;charset=UTF-8'", True),
        ("Expected 'dog' to include 'a'", "Expected 'dog' to include 'b'", False),
        ("(String)", "String", False),
    ],
)
def test_message_pattern(expected: str, actual: str, found: bool) -> None:
    """Expected texts are literal (contained), except the suite's ``\\s*`` in header values."""
    assert bool(message_pattern(expected).search(actual)) is found


@pytest.mark.parametrize(
    ("path", "relative"),
    [("$.body", "$"), ("$.body.one", "$.one"), ("$.body[100]", "$[100]"), ("X-Test", "X-Test")],
)
def test_body_relative_paths(path: str, relative: str) -> None:
    """Engine body paths read as the suite writes them (relative to the body)."""
    assert body_relative(path) == relative


@pytest.mark.parametrize(
    ("kind", "value", "generator", "ok"),
    [
        ("integer", 7, {"min": 0, "max": 10}, True),
        ("integer", 70, {"min": 0, "max": 10}, False),
        ("integer", True, {}, False),
        ("decimal number", 1.5, {}, True),
        ("decimal number", 1, {}, False),
        ("hexadecimal number", "0a1B2c", {"digits": 6}, True),
        ("hexadecimal number", "0a1B2", {"digits": 6}, False),
        ("random string", "abcdef", {"size": 6}, True),
        ("string from the regex", "1234", {"regex": r"\d{1,8}"}, True),
        ("string from the regex", "12a", {"regex": r"\d{1,8}"}, False),
        ("date", "2024-02-29", {}, True),
        ("time", "23:59:01", {}, True),
        ("date-time", "2024-02-29T23:59:01", {}, True),
        ("date", "29/02/2024", {}, False),
        ("UUID", "3f2c7e4a-2b1d-4c3e-9f0a-1b2c3d4e5f60", {}, True),
        ("simple UUID", "3f2c7e4a2b1d4c3e9f0a1b2c3d4e5f60", {}, True),
        ("upper-case-hyphenated UUID", "3F2C7E4A-2B1D-4C3E-9F0A-1B2C3D4E5F60", {}, True),
        ("URN UUID", "urn:uuid:3f2c7e4a-2b1d-4c3e-9f0a-1b2c3d4e5f60", {}, True),
        ("URN UUID", "3f2c7e4a-2b1d-4c3e-9f0a-1b2c3d4e5f60", {}, False),
        ("boolean", False, {}, True),
        ("boolean", "false", {}, False),
    ],
)
def test_generated_values(kind: str, value: Any, generator: dict[str, Any], ok: bool) -> None:
    """A generated value is judged by the kind the suite names and the generator's settings."""
    assert (generated_problem(kind, value, generator) is None) is ok


def test_missing_feature_names_the_fix() -> None:
    """A feature that is not there fails with where it was looked for and how to get it."""
    with pytest.raises(SuiteMissingError, match="shared/pact-compatibility-suite"):
        feature("V9/nothing.feature")
