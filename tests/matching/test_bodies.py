"""Body kinds: presence rules, XML, text, form and v4 body objects, and the public names."""

from __future__ import annotations

from typing import Any

import pytest

import accord.matching
from accord.matching import match_message, match_request, match_response

XML = {"Content-Type": "application/xml"}


@pytest.mark.parametrize(
    ("expected", "actual", "ok"),
    [
        ({}, {"body": {"anything": 1}}, True),  # absent: any body
        ({"body": None}, {}, True),  # null: no body is fine
        ({"body": None}, {"body": {"a": 1}}, False),
        ({"body": ""}, {"body": ""}, True),
        ({"body": ""}, {"body": b"x", "headers": {"Content-Type": "text/plain"}}, False),
        ({"body": {"a": 1}}, {}, False),
    ],
)
def test_body_presence(expected: dict[str, Any], actual: dict[str, Any], ok: bool) -> None:
    """Absent, null, empty and present bodies follow the v1.1 rules."""
    assert (match_request(expected, actual) == []) is ok


@pytest.mark.parametrize(
    ("expected", "actual", "strict_ok", "lenient_ok"),
    [
        ("<a x='1'><b>t</b></a>", "<a x='1'><b>t</b></a>", True, True),
        ("<a x='1'/>", "<a x='1' y='2'/>", False, True),  # unexpected attribute
        ("<a><b>1</b></a>", "<a><b>1</b><b>2</b></a>", False, True),  # extra repeated child
        ("<a><b>1</b><c>2</c></a>", "<a><c>2</c><b>1</b></a>", True, True),  # siblings by name
        ("<a><b>1</b></a>", "<a><b>2</b></a>", False, False),
        ("<a><b/></a>", "<a/>", False, False),
        ("<p:a xmlns:p='urn:x'/>", "<q:a xmlns:q='urn:x'/>", True, True),  # prefixes do not matter
        ("<p:a xmlns:p='urn:x'/>", "<p:a xmlns:p='urn:y'/>", False, False),  # URIs do
        ("<a/>", "<a xmlns:extra='urn:z'/>", False, False),  # unexpected namespace
        ("<a/>", "not xml", False, False),
    ],
)
def test_xml_bodies(expected: str, actual: str, strict_ok: bool, lenient_ok: bool) -> None:
    """XML: strict requests, lenient responses, siblings by name, namespaces by URI."""
    request = match_request({"headers": XML, "body": expected}, {"headers": XML, "body": actual.encode()})
    response = match_response({"headers": XML, "body": expected}, {"headers": XML, "body": actual})
    assert (request == [], response == []) == (strict_ok, lenient_ok)


def test_xml_rules_reach_attributes_and_text() -> None:
    """Rules address attributes as ['@x'] and text as #text, with optional indices."""
    rules = {
        "body": {
            "$.a['@id']": {"matchers": [{"match": "regex", "regex": "\\d+"}]},
            "$.a.b.#text": {"matchers": [{"match": "regex", "regex": "[a-z]+"}]},
        }
    }
    expected = {"headers": XML, "body": "<a id='1'><b>x</b><b>y</b></a>", "matchingRules": rules}
    assert match_request(expected, {"headers": XML, "body": "<a id='42'><b>q</b><b>r</b></a>"}) == []
    found = match_request(expected, {"headers": XML, "body": "<a id='z'><b>q</b><b>R</b></a>"})
    assert sorted(m.path for m in found) == ["$.body.a.b[1]['#text']", "$.body.a['@id']"]


@pytest.mark.parametrize("spec", ["v3", "v4"])
def test_v4_body_objects_and_message_contents(spec: str) -> None:
    """v4 body objects (content/contentType/encoded) are unwrapped; messages use `contents`."""
    body = {"content": {"a": 1}, "contentType": "application/json", "encoded": False}
    if spec == "v4":
        assert match_response({"body": body}, {"body": b'{"a": 1, "b": 2}'}, spec) == []
    else:  # a v3 HTTP body is the value itself, whatever its shape, as the Rust verifier reads it
        assert match_response({"body": body}, {"body": b'{"a": 1}'}, spec) != []
        assert match_response({"body": body}, {"body": {**body, "b": 2}}, spec) == []
    assert match_message({"contents": body}, {"contents": b'{"a": 1}'}, spec) == []
    [mismatch] = match_message({"contents": body}, {"contents": {"a": 2}}, spec)
    assert (mismatch.kind, mismatch.path, mismatch.pact_path) == ("body", "$.body.a", "$.a")


def test_mismatch_describe_reads_as_a_sentence() -> None:
    """describe() says where and what in one line."""
    [mismatch] = match_request({"body": {"id": 1}}, {"body": {"id": "1"}})
    assert mismatch.describe() == "$.body.id: Expected '1' (String) to be equal to 1 (Integer)"
    [header] = match_request({"headers": {"X-A": "1"}}, {"headers": {}})
    assert header.describe() == "header X-A: Expected a header 'X-A' but was missing"


def test_method_and_path() -> None:
    """Methods ignore case; paths are exact."""
    assert match_request({"method": "get", "path": "/a"}, {"method": "GET", "path": "/a"}) == []
    found = match_request({"method": "GET", "path": "/a"}, {"method": "POST", "path": "/a/"})
    assert [(m.kind, m.message) for m in found] == [
        ("method", "Expected GET but received POST"),
        ("path", "Expected '/a' but received '/a/'"),
    ]


def test_exported_names() -> None:
    """The public API of accord.matching is pinned."""
    assert sorted(accord.matching.__all__) == [
        "KINDS",
        "Mismatch",
        "is_semver",
        "match_message",
        "match_request",
        "match_response",
        "matches_date",
        "media_types_match",
        "parse_media_type",
        "parse_query",
        "rules_of",
        "sniff_content_type",
    ]


def _form_data(*parts: tuple[str, str, bytes]) -> bytes:
    chunks = []
    for name, content_type, data in parts:
        head = (
            f'--XyZ\r\nContent-Disposition: form-data; name="{name}"\r\nContent-Type: {content_type}\r\n\r\n'
        )
        chunks.append(head.encode() + data + b"\r\n")
    return b"".join(chunks) + b"--XyZ--\r\n"


@pytest.mark.parametrize(
    ("photo", "note", "messages"),
    [
        (b"\xff\xd8\xff\xe0 another jpeg", b"hello", []),
        (
            b"%PDF-1.4 not a jpeg",
            b"hello",
            [
                "Expected binary contents to have content type 'image/jpeg' but "
                "detected contents was 'application/pdf'"
            ],
        ),
        (b"\xff\xd8\xff\xe0 another jpeg", b"HELLO", ["Expected 'HELLO' to match '[a-z]+'"]),
    ],
)
def test_multipart_parts_with_rules(photo: bytes, note: bytes, messages: list[str]) -> None:
    """Rules written `$.<part name>` apply to that part of a multipart/form-data body."""
    headers = {"Content-Type": "multipart/form-data; boundary=XyZ"}
    rules = {
        "body": {
            "$.photo": {"matchers": [{"match": "contentType", "value": "image/jpeg"}]},
            "$.note": {"matchers": [{"match": "regex", "regex": "[a-z]+"}]},
        }
    }
    expected_body = _form_data(
        ("photo", "image/jpeg", b"\xff\xd8\xff\xe0 a jpeg"), ("note", "text/plain", b"hi")
    )
    expected = {"headers": headers, "body": expected_body.decode("latin-1"), "matchingRules": rules}
    actual = {
        "headers": headers,
        "body": _form_data(("photo", "image/jpeg", photo), ("note", "text/plain", note)),
    }
    assert [m.message for m in match_request(expected, actual, spec="v3")] == messages


def test_mapping_and_sequence_subclasses_are_json_objects_and_arrays() -> None:
    """OrderedDict bodies and tuple arrays compare like dicts and lists."""
    from collections import OrderedDict

    expected = {"body": OrderedDict([("a", (1, 2)), ("b", {"c": None})])}
    assert match_request(expected, {"body": {"b": {"c": None}, "a": [1, 2]}}) == []
    assert match_request(expected, {"body": {"b": {"c": None}, "a": [1, 3]}}) != []


@pytest.mark.parametrize(
    ("expected", "actual", "messages"),
    [
        ("<a><b>1</b></a>", "<a><b>2</b></a>", ["Expected '2' to be equal to '1'"]),
        ("<a x='1'/>", "<a x='1' y='2'/>", ["Expected 1 attribute(s) but received 2 attribute(s)"]),
        ("<a><b>1</b></a>", "<a><b>1</b><b>2</b></a>", ["Unexpected child <b/>"]),
        ("<a><b>1</b></a>", "<a><b>1</b><c/></a>", ["Unexpected child <c/>"]),
        ("<a>text</a>", "<a>text<b/></a>", ["Expected no children but received [b]"]),
        ("<a><b/></a>", "<a/>", ["Expected child <b/> but was missing"]),
    ],
)
def test_xml_wording_checked_against_rust(expected: str, actual: str, messages: list[str]) -> None:
    """XML request mismatches use the Rust core's words (checked 2026-11-25)."""
    found = match_request({"headers": XML, "body": expected}, {"headers": XML, "body": actual.encode()})
    assert [m.message for m in found] == messages
