"""Mismatch texts the Pact compatibility suite asserts word for word (features/V1-V4)."""

from __future__ import annotations

import re
from typing import Any

import pytest

from accord.matching import match_request, match_response

from ._support import fixture_bytes, fixture_json, request

BODY_CASES: list[tuple[Any, str, Any, str, str, str]] = [
    # (body fixture, rules fixture, actual body, spec, path, message)
    (
        "3-level.json",
        "equality-matcher-reset-v3.json",
        {"one": {"a": {"ids": [100], "status": "Lovely"}}, "two": [{"ids": [1], "status": "BAD"}]},
        "v3",
        "$.one.a.status",
        "Expected 'Lovely' (String) to be equal to 'OK' (String)",
    ),
    (
        "basic.json",
        "include-matcher-v3.json",
        {"one": "dog", "two": "b"},
        "v3",
        "$.one",
        "Expected 'dog' to include 'a'",
    ),
    (
        "3-level.json",
        "minmax-type-matcher-v3.json",
        {"one": {"a": {"ids": [], "status": "OK"}}, "two": [{"ids": [1, 2, 3, 4, 5], "status": "BAD"}]},
        "v3",
        "$.one.a.ids",
        "Expected [] (size 0) to have minimum size of 1",
    ),
    (
        "3-level.json",
        "minmax-type-matcher-v3.json",
        {"one": {"a": {"ids": [], "status": "OK"}}, "two": [{"ids": [1, 2, 3, 4, 5], "status": "BAD"}]},
        "v3",
        "$.two[0].ids",
        "Expected [1, 2, 3, 4, 5] (size 5) to have maximum size of 4",
    ),
    (
        "basic.json",
        "number-type-matcher-v3.json",
        {"one": True, "two": "b"},
        "v3",
        "$.one",
        "Expected true (Boolean) to be a number",
    ),
    (
        "basic.json",
        "number-type-matcher-v3.json",
        {"one": "100X01", "two": "b"},
        "v3",
        "$.one",
        "Expected '100X01' (String) to be a number",
    ),
    (
        "basic.json",
        "number-type-matcher-v3.json",
        {"one": "100", "two": "b"},
        "v3",
        "$.one",
        "Expected '100' (String) to be a number",
    ),
    (
        "basic.json",
        "integer-type-matcher-v3.json",
        {"one": [], "two": "b"},
        "v3",
        "$.one",
        "Expected [] (Array) to be an integer",
    ),
    (
        "basic.json",
        "integer-type-matcher-v3.json",
        {"one": 100.1, "two": "b"},
        "v3",
        "$.one",
        "Expected 100.1 (Decimal) to be an integer",
    ),
    (
        "basic.json",
        "integer-type-matcher-v3.json",
        {"one": "100", "two": "b"},
        "v3",
        "$.one",
        "Expected '100' (String) to be an integer",
    ),
    (
        "basic.json",
        "decimal-type-matcher-v3.json",
        {"one": None, "two": "b"},
        "v3",
        "$.one",
        "Expected null (Null) to be a decimal number",
    ),
    (
        "basic.json",
        "decimal-type-matcher-v3.json",
        {"one": 100, "two": "b"},
        "v3",
        "$.one",
        "Expected 100 (Integer) to be a decimal number",
    ),
    (
        "basic.json",
        "decimal-type-matcher-v3.json",
        {"one": "100.1234", "two": "b"},
        "v3",
        "$.one",
        "Expected '100.1234' (String) to be a decimal number",
    ),
    (
        "basic.json",
        "null-matcher-v3.json",
        {"one": "", "two": "b"},
        "v3",
        "$.one",
        "Expected '' (String) to be a null value",
    ),
    (
        "basic.json",
        "date-matcher-v3.json",
        {"one": "23/07/19", "two": "b"},
        "v3",
        "$.one",
        "Expected '23/07/19' to match a date pattern of 'yyyy-MM-dd'",
    ),
    (
        "basic.json",
        "values-matcher-v3.json",
        {"one": "", "two": "b", "three": "c", "four": 100},
        "v3",
        "$.four",
        "Expected 100 (Integer) to be the same type as 'a' (String)",
    ),
    (
        {"one": "a", "two": ["b"]},
        "notempty-matcher-v4.json",
        {"one": "", "two": []},
        "v4",
        "$.one",
        "Expected '' (String) to not be empty",
    ),
    (
        {"one": "a", "two": ["b"]},
        "notempty-matcher-v4.json",
        {"one": "", "two": []},
        "v4",
        "$.two",
        "Expected [] (Array) to not be empty",
    ),
    (
        {"one": "a", "two": ["b"]},
        "notempty-matcher-v4.json",
        {"one": "a", "two": "b"},
        "v4",
        "$.two",
        """Type mismatch: Expected 'b' (String) to be the same type as ["b"] (Array)""",
    ),
    (
        "basic.json",
        "semver-matcher-v4.json",
        {"one": "1.0", "two": "1.0abc"},
        "v4",
        "$.one",
        "'1.0' is not a valid semantic version",
    ),
    (
        "basic.json",
        "semver-matcher-v4.json",
        {"one": "1.0", "two": "1.0abc"},
        "v4",
        "$.two",
        "'1.0abc' is not a valid semantic version",
    ),
    (
        "basic.json",
        "eachkey-matcher-v4.json",
        {"one": "a", "two": "b", "three": "c", "100": "d"},
        "v4",
        "$[100]",
        "Expected '100' to match '[a-z]+'",
    ),
    (
        "basic.json",
        "eachvalue-matcher-v4.json",
        {"one": "", "two": "b", "three": "c", "four": "100"},
        "v4",
        "$.four",
        "Expected '100' to match '[a-z]+'",
    ),
    (
        "siren.json",
        "arraycontains-matcher-v4.json",
        "siren3.json",
        "v4",
        "$.actions",
        'Variant at index 1 ({"href":"http://api.x.io/orders/42/items","method":"DELETE","name":"delete-item",'
        '"title":"Delete Item"}) was not found in the actual list',
    ),
]


@pytest.mark.parametrize(("body", "rules", "actual", "spec", "path", "message"), BODY_CASES)
def test_body_matcher_wording(  # noqa: PLR0917 - one parameter per column of the case table
    body: Any, rules: str, actual: Any, spec: str, path: str, message: str
) -> None:
    """A failing body matcher reports the compatibility suite's path and text."""
    if isinstance(actual, str):
        actual = fixture_json(actual)
    expected = request(fixture_json(body) if isinstance(body, str) else body, fixture_json(rules))
    found = [(m.pact_path, m.message) for m in match_request(expected, request(actual), spec=spec)]
    assert (path, message) in found


POSITIVE_CASES: list[tuple[Any, str, Any, str]] = [
    ("basic.json", "include-matcher-v3.json", {"one": "cat", "two": "b"}, "v3"),
    (
        "3-level.json",
        "minmax-type-matcher-v3.json",
        {"one": {"a": {"ids": [100], "status": "OK"}}, "two": [{"ids": [1, 2, 3], "status": "BAD"}]},
        "v3",
    ),
    ("basic.json", "number-type-matcher-v3.json", {"one": 100.01, "two": "b"}, "v3"),
    ("basic.json", "integer-type-matcher-v3.json", {"one": 100, "two": "b"}, "v3"),
    ("basic.json", "decimal-type-matcher-v3.json", {"one": 100.1234, "two": "b"}, "v3"),
    ("basic.json", "null-matcher-v3.json", {"one": None, "two": "b"}, "v3"),
    ("basic.json", "date-matcher-v3.json", {"one": "2023-07-19", "two": "b"}, "v3"),
    ({"one": True, "two": "b"}, "boolean-matcher-v3.json", {"one": False, "two": "b"}, "v3"),
    ("basic.json", "values-matcher-v3.json", {"one": "", "three": "b", "four": "c", "five": "100"}, "v3"),
    ({"one": "", "two": ["b"]}, "notempty-matcher-v4.json", {"one": "cat", "two": ["rat"]}, "v4"),
    ("basic.json", "semver-matcher-v4.json", {"one": "1.0.0", "two": "2.0.0"}, "v4"),
    ("basic.json", "eachkey-matcher-v4.json", {"one": "a", "two": "b", "three": "c", "four": "d"}, "v4"),
    ("basic.json", "eachvalue-matcher-v4.json", {"one": "a", "three": "b", "four": "c", "five": "d"}, "v4"),
    ("siren.json", "arraycontains-matcher-v4.json", "siren2.json", "v4"),
]


@pytest.mark.parametrize(("body", "rules", "actual", "spec"), POSITIVE_CASES)
def test_body_matcher_positive(body: Any, rules: str, actual: Any, spec: str) -> None:
    """The compatibility suite's positive cases match."""
    if isinstance(actual, str):
        actual = fixture_json(actual)
    expected_body = fixture_json(body) if isinstance(body, str) else body
    assert match_request(request(expected_body, fixture_json(rules)), request(actual), spec=spec) == []


@pytest.mark.parametrize(
    ("actual", "message"),
    [
        ({"one": True}, None),
        ({"one": ""}, "Expected '' (String) to match a boolean"),
    ],
)
def test_boolean_matcher(actual: dict[str, Any], message: str | None) -> None:
    """The boolean matcher accepts booleans and words the failure as the suite does."""
    expected = request({"one": True, "two": "b"}, fixture_json("boolean-matcher-v3.json"))
    found = [m.message for m in match_request(expected, request({**actual, "two": "b"}), spec="v3")]
    assert found == ([] if message is None else [message])


@pytest.mark.parametrize(
    ("rules", "actual_file", "content_type", "message"),
    [
        ("contenttype-matcher-v3.json", "spider.jpg", "application/octet-stream", None),
        (
            "contenttype-matcher-v3.json",
            "sample.pdf",
            "application/octet-stream",
            "Expected binary contents to have content type 'image/jpeg' "
            "but detected contents was 'application/pdf'",
        ),
        ("notempty2-matcher-v4.json", "spider.jpg", "image/jpeg", None),
        ("notempty2-matcher-v4.json", None, "image/jpeg", "Expected [] (0 bytes) to not be empty"),
    ],
)
def test_binary_body_matchers(
    rules: str, actual_file: str | None, content_type: str, message: str | None
) -> None:
    """contentType and notEmpty judge binary bodies by their bytes."""
    expected = request(fixture_bytes("rat.jpg"), fixture_json(rules), content_type)
    actual = request(fixture_bytes(actual_file) if actual_file else b"", None, content_type)
    found = [(m.pact_path, m.message) for m in match_request(expected, actual, spec="v4")]
    assert found == ([] if message is None else [("$", message)])


@pytest.mark.parametrize(
    ("rules", "value", "ok"),
    [
        ("number-type-matcher-v3.json", "100", True),
        ("number-type-matcher-v3.json", "100.2", True),
        ("integer-type-matcher-v3.json", "100", True),
        ("integer-type-matcher-v3.json", "100.2", False),
        ("decimal-type-matcher-v3.json", "100.2", True),
        ("decimal-type-matcher-v3.json", "100", False),
    ],
)
def test_numbers_coerced_from_strings_in_query_and_headers(rules: str, value: str, ok: bool) -> None:
    """Query and header values that look like numbers satisfy number matchers."""
    expected = {
        "method": "GET",
        "path": "/",
        "query": {"a": ["1234"]},
        "headers": {"X-A": "1234"},
        "matchingRules": fixture_json(rules),
    }
    actual = {"method": "GET", "path": "/", "query": {"a": [value]}, "headers": {"X-A": value}}
    found = match_request(expected, actual, spec="v3")
    assert (found == []) is ok
    assert all(m.kind in ("query", "header") for m in found)


def test_status_code_matcher() -> None:
    """statusCode 'success' accepts 299 and words a 400 as the suite does."""
    expected = {"status": 200, "matchingRules": fixture_json("statuscode-matcher-v4.json")}
    assert match_response(expected, {"status": 299}, spec="v4") == []
    [mismatch] = match_response(expected, {"status": 400}, spec="v4")
    assert (mismatch.kind, mismatch.message) == (
        "status",
        "Expected status code 400 to be a Successful response (200–299)",
    )


@pytest.mark.parametrize(
    ("expected_type", "actual_type", "message"),
    [
        ("application/json", "application/json", None),
        ("application/json;charset=UTF-8", "application/json;charset=utf-8", None),
        ("application/json", "application/json;charset=UTF-8", None),
        (
            "application/json;charset=UTF-8",
            "application/json",
            r"Expected header 'content-type' to have value 'application/json;\s*charset=UTF-8' "
            r"but was 'application/json'",
        ),
        (
            "application/json;charset=UTF-16",
            "application/json;charset=UTF-8",
            r"Expected header 'content-type' to have value 'application/json;\s*charset=UTF-16' "
            r"but was 'application/json;\s*charset=UTF-8'",
        ),
    ],
)
def test_content_type_headers(expected_type: str, actual_type: str, message: str | None) -> None:
    """Content-Type parameters compare by meaning, with the suite's wording on failure."""
    expected = {"method": "GET", "path": "/", "headers": {"content-type": expected_type}}
    actual = {"method": "GET", "path": "/", "headers": {"content-type": actual_type}}
    found = [m.message for m in match_request(expected, actual, spec="v3")]
    if message is None:
        assert found == []
    else:
        assert len(found) == 1
        assert re.fullmatch(message, found[0])


@pytest.mark.parametrize(
    ("actual", "ok"),
    [
        ("text/html, application/xhtml+xml, application/xml;q=0.9, image/webp, */*;q=0.8", True),
        ("text/html, application/xml;q=0.9, image/webp, */*;q=0.8", False),
    ],
)
def test_accept_header_items(actual: str, ok: bool) -> None:
    """Accept items may carry extra q parameters, but none may be missing."""
    accept = "text/html, application/xhtml+xml, application/xml, image/webp, */*"
    expected = {"method": "GET", "path": "/", "headers": {"accept": accept}}
    found = match_request(expected, {"method": "GET", "path": "/", "headers": {"accept": actual}}, spec="v3")
    assert (found == []) is ok


V1_V2_CASES: list[tuple[dict[str, Any], dict[str, Any], str, str, str]] = [
    # (expected, actual, spec, kind, message)
    (
        {"method": "GET", "path": "/", "query": {"a": ["1"], "b": ["2"]}},
        {"method": "GET", "path": "/", "query": {"a": ["1"], "c": ["3"]}},
        "v1",
        "query",
        "Expected query parameter 'b' but was missing",
    ),
    (
        {"method": "GET", "path": "/", "query": {"a": ["1"], "b": ["2"]}},
        {"method": "GET", "path": "/", "query": {"a": ["1"], "c": ["3"]}},
        "v1",
        "query",
        "Unexpected query parameter 'c' received",
    ),
    (
        {"method": "GET", "path": "/", "headers": {"X-TEST": "1"}},
        {"method": "GET", "path": "/"},
        "v1",
        "header",
        "Expected a header 'X-TEST' but was missing",
    ),
    (
        request({"one": "a", "two": "b"}),
        request({"one": "a", "two": "c"}),
        "v1",
        "body",
        "Expected 'c' (String) to be equal to 'b' (String)",
    ),
    (
        request({"one": "a", "two": "b"}),
        request(b'<?xml version="1.0"?><alligator name="Mary" feet="4"/>', None, "application/xml"),
        "v1",
        "body-type",
        "Expected a body of 'application/json' but the actual content type was 'application/xml'",
    ),
    (
        request("Hello World!", None, "text/plain"),
        request(b"Hello Mars!", None, "text/plain"),
        "v1",
        "body",
        "Expected body 'Hello World!' to match 'Hello Mars!' using equality but did not match",
    ),
    (
        request({"one": "a", "two": "b"}),
        request(b'{"one": "a"}'),
        "v1",
        "body",
        "Expected a Map with keys [one, two] but received one with keys [one]",
    ),
    (
        request(
            '<?xml version="1.0" encoding="UTF-8" ?><values><one>A</one><two>B</two></values>',
            None,
            "application/xml",
        ),
        request(b'<?xml version="1.0" ?><values><one>A</one></values>', None, "application/xml"),
        "v1",
        "body",
        "Expected child <two/> but was missing",
    ),
    (
        request("a=1&b=2&c=3&d=4", None, "application/x-www-form-urlencoded"),
        request(b"a=1&b=2&c=33&d=4", None, "application/x-www-form-urlencoded"),
        "v1",
        "body",
        "Expected form post parameter 'c' with value '3' but was '33'",
    ),
    (
        request({"one": "a"}, fixture_json("regex-matcher-v2.json")),
        request({"one": "a"}),
        "v2",
        "body",
        r"Expected 'a' to match '\w{3}\d{3}'",
    ),
    (
        request({"one": "a"}, fixture_json("type-matcher-v2.json")),
        request({"one": 100}),
        "v2",
        "body",
        "Expected 100 (Integer) to be the same type as 'a' (String)",
    ),
    (
        request({"one": 1}, {"$.body.one": {"match": "type"}}),
        request({"one": "100"}),
        "v2",
        "body",
        "Expected '100' (String) to be the same type as 1 (Integer)",
    ),
    (
        {
            "method": "GET",
            "path": "/",
            "query": "a=1",
            "matchingRules": fixture_json("regex-matcher-query-v2.json"),
        },
        {"method": "GET", "path": "/", "query": "a=9999X"},
        "v2",
        "query",
        r"Expected '9999X' to match '\d{1,4}'",
    ),
    (
        {
            "method": "GET",
            "path": "/",
            "headers": {"X-TEST": "1"},
            "matchingRules": fixture_json("regex-matcher-header-v2.json"),
        },
        {"method": "GET", "path": "/", "headers": {"x-test": "9999ABC"}},
        "v2",
        "header",
        r"Expected '9999ABC' to match '\d{1,4}'",
    ),
]


@pytest.mark.parametrize(("expected", "actual", "spec", "kind", "message"), V1_V2_CASES)
def test_v1_v2_wording(
    expected: dict[str, Any], actual: dict[str, Any], spec: str, kind: str, message: str
) -> None:
    """The V1/V2 consumer features' mismatch kinds and texts."""
    found = [(m.kind, m.message) for m in match_request(expected, actual, spec=spec)]
    assert (kind, message) in found


def test_binary_body_wording() -> None:
    """Different binary bodies are described by type, size and first 32 bytes."""
    expected = request(fixture_bytes("rat.jpg"), None, "image/jpeg")
    [mismatch] = match_request(expected, request(fixture_bytes("spider.jpg"), None, "image/jpeg"), spec="v1")
    assert mismatch.message == (
        "Actual body [image/jpeg, 30922 bytes, starting with "
        "ffd8ffe000104a46494600010101004800480000ffe100ae4578696600004949] is not equal to the expected body "
        "[image/jpeg, 28058 bytes, starting with "
        "ffd8ffe000104a46494600010101012c012c0000ffe12db64578696600004949]"
    )


def _multipart(name: str) -> tuple[str, bytes]:
    text = (fixture_bytes(name)).decode("utf-8")
    content_type = re.search(r"<contentType>(.*?)</contentType>", text)
    body = re.search(r"<!\[CDATA\[\n?(.*?)\]\]>", text, re.S)
    assert content_type and body
    return content_type.group(1), body.group(1).replace("\r\n", "\n").replace("\n", "\r\n").encode()


def test_multipart_bodies() -> None:
    """Multipart bodies compare part by part; a different binary part is described by its bytes."""
    type1, body1 = _multipart("multipart-body.xml")
    type2, body2 = _multipart("multipart2-body.xml")
    expected = request(body1.decode(), None, type1)
    assert match_request(expected, request(body1, None, type1), spec="v1") == []
    found = [m.message for m in match_request(expected, request(body2, None, type2), spec="v1")]
    assert found == [
        "Actual body [application/octet-stream, 50 bytes, starting with "
        "7b0a2020202022626f6479223a2022546869732069732074686520626f647920] is not equal to the expected body "
        "[application/octet-stream, 97 bytes, starting with "
        "3c68746d6c3e0a20203c686561643e0a20203c2f686561643e0a20203c626f64]"
    ]
