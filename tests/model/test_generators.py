"""Generators: every type and format, date patterns and expressions, regex strings, and where they apply."""

from __future__ import annotations

import random
import re
from datetime import UTC, datetime, timedelta, timezone
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from accord.errors import MatcherError
from accord.model import (
    Generator,
    apply_generators,
    evaluate_expression,
    format_datetime,
    generate_from_regex,
    translate_java_regex,
)

from ._strategies import json_values

NOW = datetime(2024, 1, 31, 10, 30, 15, 123456, tzinfo=UTC)
SEEDS = range(20)

VALUE_SHAPES: list[tuple[dict[str, Any], str, type]] = [
    ({"type": "RandomInt", "min": 3, "max": 5}, r"[345]", int),
    ({"type": "RandomInt"}, r"\d+", int),
    ({"type": "RandomDecimal", "digits": 6}, r"\d{1,5}\.\d{1,5}", float),
    ({"type": "RandomDecimal", "digits": 1}, r"[1-9]\.0", float),
    ({"type": "RandomHexadecimal", "digits": 8}, r"[0-9a-f]{8}", str),
    ({"type": "RandomString", "size": 6}, r"[A-Za-z0-9]{6}", str),
    ({"type": "RandomString"}, r"[A-Za-z0-9]{20}", str),
    ({"type": "Regex", "regex": r"\d{1,8}"}, r"\d{1,8}", str),
    ({"type": "Uuid"}, r"[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}", str),
    ({"type": "Uuid", "format": "simple"}, r"[0-9a-f]{32}", str),
    ({"type": "Uuid", "format": "lower-case-hyphenated"}, r"[0-9a-f]{8}(-[0-9a-f]{4}){3}-[0-9a-f]{12}", str),
    ({"type": "Uuid", "format": "upper-case-hyphenated"}, r"[0-9A-F]{8}(-[0-9A-F]{4}){3}-[0-9A-F]{12}", str),
    ({"type": "Uuid", "format": "URN"}, r"urn:uuid:[0-9a-f]{8}(-[0-9a-f]{4}){3}-[0-9a-f]{12}", str),
    ({"type": "Date"}, r"2024-01-31", str),
    ({"type": "Time"}, r"10:30:15", str),
    ({"type": "DateTime"}, r"2024-01-31T10:30:15", str),
    ({"type": "Date", "format": "dd/MM/yyyy", "expression": "+ 1 day"}, r"01/02/2024", str),
    (
        {"type": "DateTime", "format": "yyyy-MM-dd HH:mm", "expression": "+ 1 day @ next hour"},
        r"2024-02-01 11:30",
        str,
    ),
    ({"type": "Time", "format": "HH:mm", "expression": "+ 2 hours"}, r"12:30", str),
    ({"type": "RandomBoolean"}, r"True|False", bool),
]


@pytest.mark.parametrize("seed", SEEDS)
@pytest.mark.parametrize(("raw", "pattern", "kind"), VALUE_SHAPES)
def test_each_generator_makes_values_of_its_shape(
    raw: dict[str, Any], pattern: str, kind: type, seed: int
) -> None:
    """Every generator type and format makes a value of the right JSON type and form."""
    value = Generator.from_json(raw).generate("example", rng=random.Random(seed), now=NOW)
    assert type(value) is kind
    assert re.fullmatch(pattern, str(value)), value


def test_random_decimal_keeps_its_digit_count() -> None:
    """RandomDecimal with digits=n makes n digits, no leading zero to lose."""
    for seed in range(200):
        value = Generator.from_json({"type": "RandomDecimal", "digits": 7}).generate(
            None, rng=random.Random(seed)
        )
        assert len(repr(value).replace(".", "")) == 7, value


PATTERNS = [
    ("yyyy-MM-dd'T'HH:mm:ss.SSSXXX", "2024-01-31T10:30:15.123Z"),
    ("EEE, d MMM yyyy HH:mm:ss Z", "Wed, 31 Jan 2024 10:30:15 +0000"),
    ("EEEE MMMM yy", "Wednesday January 24"),
    ("h:mm a, ''yy", "10:30 AM, '24"),
    ("'at' k 'o''clock' K", "at 10 o'clock 10"),
    ("D u w G", "31 2024 5 AD"),  # DateTimeFormatter: u is the year (SimpleDateFormat's day number is e)
    ("X XX z", "Z Z UTC"),
]


@pytest.mark.parametrize(("pattern", "expected"), PATTERNS)
def test_java_date_patterns(pattern: str, expected: str) -> None:
    """SimpleDateFormat letters, quoted literals and doubled quotes render as Java does."""
    assert format_datetime(NOW, pattern) == expected


def test_offsets_render_in_each_width() -> None:
    """Z, X, XX and XXX render a non-UTC offset in their widths (X shows minutes when they are not zero)."""
    moment = NOW.astimezone(timezone(timedelta(hours=-5, minutes=-30)))
    assert format_datetime(moment, "Z|X|XX|XXX") == "-0530|-0530|-0530|-05:30"
    assert format_datetime(NOW.astimezone(timezone(timedelta(hours=8))), "X|x|O|OOOO|ZZZZ|ZZZZZ") == (
        "+08|+08|GMT+8|GMT+08:00|GMT+08:00|+08:00"
    )


EXPRESSIONS = [
    ("today", "DateTime", NOW),
    ("tomorrow", "Date", NOW + timedelta(days=1)),
    ("yesterday @ midnight", "DateTime", datetime(2024, 1, 30, tzinfo=UTC)),
    ("+ 1 day @ next hour", "DateTime", NOW + timedelta(days=1, hours=1)),
    ("+ 2 weeks - 1 day", "Date", NOW + timedelta(days=13)),
    ("next month", "Date", NOW.replace(month=2, day=29)),
    ("last year", "Date", NOW.replace(year=2023)),
    ("next fortnight", "Date", NOW + timedelta(days=14)),
    ("last friday", "Date", NOW - timedelta(days=5)),
    ("next wednesday", "Date", NOW + timedelta(days=7)),
    ("next march", "Date", NOW.replace(month=3, day=31)),
    ("tomorrow @ 2 pm", "DateTime", datetime(2024, 2, 1, 14, tzinfo=UTC)),
    ("@ noon", "DateTime", datetime(2024, 1, 31, 12, tzinfo=UTC)),
    ("@ 7 o'clock", "DateTime", datetime(2024, 1, 31, 7, tzinfo=UTC)),
    ("+ 90 minutes", "Time", NOW + timedelta(minutes=90)),
    ("- 5 seconds + 250 milliseconds", "Time", NOW - timedelta(seconds=4.75)),
    ("now", "Time", NOW),
    ("", "DateTime", NOW),
]


@pytest.mark.parametrize(("expression", "kind", "expected"), EXPRESSIONS)
def test_date_expressions(expression: str, kind: str, expected: datetime) -> None:
    """Date, Time and DateTime expressions move the base moment as the Pact v4 grammar says."""
    assert evaluate_expression(expression, NOW, kind) == expected


@pytest.mark.parametrize(
    ("expression", "kind"),
    [
        ("+ 1", "Date"),
        ("next", "Date"),
        ("+ 1 hour", "Date"),
        ("tomorrow @ noon", "Date"),
        ("13 pm", "Time"),
        ("soon", "DateTime"),
    ],
)
def test_bad_expressions_raise(expression: str, kind: str) -> None:
    """An expression that cannot be read raises MatcherError quoting it."""
    with pytest.raises(MatcherError, match="cannot be evaluated"):
        evaluate_expression(expression, NOW, kind)


REGEXES = [
    r"\d{1,8}",
    r"[a-z]+@[a-z]+\.(com|org)",
    r"^\w{3}-[^abc]\s\D$",
    r"(ab|cd)\1",
    r"[A-F0-9]{8}-\d{4}",
    r"(?i)hello",
    r"colou?r",
    r"\S+\W",
    r"(?:x|y){2,}z*",
    r"[\d\-]{5}",
]


@pytest.mark.parametrize("seed", range(10))
@pytest.mark.parametrize("pattern", REGEXES)
def test_regex_generator_matches_its_regex(pattern: str, seed: int) -> None:
    """The string generated for a regex is matched in full by it."""
    assert re.fullmatch(pattern, generate_from_regex(pattern, random.Random(seed)))


@pytest.mark.parametrize(
    ("pattern", "detail"), [("((", "does not compile"), ("(?!a)a", "could be generated")]
)
def test_regex_generator_failures(pattern: str, detail: str) -> None:
    """A regex that does not compile, or that no string can satisfy, raises MatcherError."""
    with pytest.raises(MatcherError, match=detail):
        generate_from_regex(pattern)


PROVIDER_STATE = [
    ("${id}", "RAW", {"id": 1000}, 1000),
    ("/users/${id}", "RAW", {"id": 1000}, "/users/1000"),
    ("${a}-${b}", "STRING", {"a": "x", "b": 2}, "x-2"),
    ("${id}", "STRING", {"id": 7}, "7"),
    ("${id}", "INTEGER", {"id": "42"}, 42),
    ("${n}", "DECIMAL", {"n": "1.5"}, 1.5),
    ("${flag}", "BOOLEAN", {"flag": "true"}, True),
    ("${missing}", "RAW", {"id": 1}, "example"),
]


@pytest.mark.parametrize(("expression", "data_type", "values", "expected"), PROVIDER_STATE)
def test_provider_state_generator(
    expression: str, data_type: str, values: dict[str, Any], expected: Any
) -> None:
    """ProviderState fills ${...} from state values in provider mode; a missing one keeps the example."""
    generator = Generator.from_json(
        {"type": "ProviderState", "expression": expression, "dataType": data_type}
    )
    produced = generator.generate("example", mode="provider", context={"providerState": values})
    assert produced == expected and type(produced) is type(expected)
    assert generator.generate("example", mode="consumer", context={"providerState": values}) == "example"


@pytest.mark.parametrize(
    ("context", "mode", "expected"),
    [
        ({"mockServer": {"href": "http://somewhere.world"}}, "consumer", "http://somewhere.world/a"),
        ({"mockServer": {"url": "http://127.0.0.1:5000/"}}, "consumer", "http://127.0.0.1:5000/a"),
        ({"mockServer": {"href": "http://somewhere.world"}}, "provider", "a"),
        ({}, "consumer", "a"),
    ],
)
def test_mock_server_url_generator(context: dict[str, Any], mode: str, expected: str) -> None:
    """MockServerURL rebases the example onto the mock server in consumer mode only."""
    raw = {"type": "MockServerURL", "regex": ".*(/a)", "example": "http://1234:8080/a"}
    assert Generator.from_json(raw).generate("a", mode=mode, context=context) == expected


def test_apply_generators_to_every_request_part() -> None:
    """Path, headers, query (map, string) and body paths (with *) are generated; the input is untouched."""
    request = {
        "method": "GET",
        "path": "/users/1",
        "query": {"page": ["1"]},
        "headers": {"x-id": "1"},
        "body": {"items": [{"id": 1}, {"id": 2}], "name": "n"},
        "generators": {
            "path": {"type": "ProviderState", "expression": "/users/${id}"},
            "header": {"X-Id": {"type": "RandomInt", "min": 5, "max": 5}},
            "query": {"page": {"type": "RandomInt", "min": 9, "max": 9}},
            "body": {
                "$.items[*].id": {"type": "RandomInt", "min": 3, "max": 3},
                "$.missing": {"type": "Uuid"},
            },
        },
    }
    out = apply_generators(request, mode="provider", context={"providerState": {"id": 42}})
    assert out["path"] == "/users/42"
    assert out["headers"] == {"x-id": "5"}
    assert out["query"] == {"page": ["9"]}
    assert out["body"] == {"items": [{"id": 3}, {"id": 3}], "name": "n"}
    assert request["body"] == {"items": [{"id": 1}, {"id": 2}], "name": "n"}
    string_query = apply_generators(
        {"query": "page=1&x=2"}, {"query": {"page": {"type": "RandomInt", "min": 4, "max": 4}}}
    )
    assert string_query["query"] == "page=4&x=2"


def test_apply_generators_to_response_status_and_v4_bodies() -> None:
    """Status becomes an int; v4 Body objects, JSON text and encoded JSON bodies are generated inside."""
    gens = {
        "status": {"type": "RandomInt", "min": 201, "max": 201},
        "body": {"$.a": {"type": "RandomBoolean"}},
    }
    response = {
        "status": 200,
        "body": {"content": {"a": 1}, "contentType": "application/json", "encoded": False},
    }
    out = apply_generators(response, gens, mode="consumer", rng=random.Random(1))
    assert out["status"] == 201
    assert isinstance(out["body"]["content"]["a"], bool)
    as_text = apply_generators({"headers": {"Content-Type": "application/json"}, "body": '{"a": 1}'}, gens)
    assert isinstance(as_text["body"], str) and as_text["body"] in ('{"a": true}', '{"a": false}')
    as_bytes = apply_generators({"body": b'{"a": 1}'}, gens)
    assert isinstance(as_bytes["body"], bytes)
    binary = {"body": {"content": "AAE=", "contentType": "application/octet-stream", "encoded": "base64"}}
    assert apply_generators(binary, gens)["body"] == binary["body"]


def test_apply_generators_to_message_contents_and_metadata() -> None:
    """Message contents (``content`` category) and metadata entries are generated."""
    message = {"contents": {"id": 1}, "metaData": {"key": "k"}}
    gens = {
        "content": {"$.id": {"type": "RandomInt", "min": 2, "max": 2}},
        "metadata": {"key": {"type": "Uuid"}},
    }
    out = apply_generators(message, gens)
    assert out["contents"] == {"id": 2}
    assert re.fullmatch(r"[0-9a-f-]{36}", out["metaData"]["key"])


def test_apply_generators_without_generators_copies() -> None:
    """A part without generators comes back equal but not the same object."""
    part = {"status": 200}
    out = apply_generators(part)
    assert out == part and out is not part


def test_generators_that_do_not_run_leave_absent_parts_absent() -> None:
    """A ProviderState path generator in consumer mode neither invents a path nor writes "None"."""
    out = apply_generators({"method": "GET"}, {"path": {"type": "ProviderState", "expression": "/u/${id}"}})
    assert out == {"method": "GET"}


@settings(max_examples=200, deadline=None)
@given(part=json_values, generators=json_values, mode=st.sampled_from(["consumer", "provider"]))
def test_apply_generators_never_crashes(part: Any, generators: Any, mode: str) -> None:
    """On any part and any generators JSON, apply_generators returns a dict or raises MatcherError."""
    target = part if isinstance(part, dict) else {"body": part}
    try:
        out = apply_generators(target, generators, mode=mode, context={"providerState": {"id": 1}})
    except MatcherError as exc:
        assert exc.hint
        return
    assert isinstance(out, dict)


@settings(max_examples=100, deadline=None)
@given(body=json_values, path=st.sampled_from(["$", "$.a", "$[0]", "$.*", "$[*].a", "$.a.b[*]"]))
def test_body_generators_replace_only_existing_values(body: Any, path: str) -> None:
    """A body generator replaces values at its path only; a text body stays text (``$`` replaces it all)."""
    out = apply_generators({"body": body}, {"body": {path: {"type": "RandomInt", "min": 7, "max": 7}}})
    if path == "$":
        assert out["body"] == ("7" if isinstance(body, str) else 7)
    elif not isinstance(body, dict | list):
        assert out["body"] == body


JAVA_QUOTED = [
    (r"\Qa.b\E", r"a\.b"),
    (r".*\/(\Qpacts\E\/\Q{p}\E)$", r".*\/(pacts\/\{p\})$"),
    (r"x\Q*+", r"x\*\+"),
    (r"\d+", r"\d+"),
]


@pytest.mark.parametrize(("java", "python"), JAVA_QUOTED)
def test_java_quoting_is_translated(java: str, python: str) -> None:
    """Java's \\Q...\\E literal quoting (unterminated: to the end) becomes Python escapes."""
    assert translate_java_regex(java) == python


def test_mock_server_url_with_java_quoted_regex() -> None:
    """A Pact-JVM MockServerURL regex with \\Q...\\E quoting rebases the URL."""
    raw = {
        "type": "MockServerURL",
        "regex": ".*\\/(\\Qpacts\\E\\/\\Qprovider\\E)$",
        "example": "http://localhost:9876/pacts/provider",
    }
    produced = Generator.from_json(raw).generate(None, context={"mockServer": {"url": "http://127.0.0.1:1"}})
    assert produced == "http://127.0.0.1:1/pacts/provider"
    assert re.fullmatch(r"[a-z]\.b", generate_from_regex(r"\Q\E[a-z]\Q.b\E"))
