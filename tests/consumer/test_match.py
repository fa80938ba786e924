"""Matchers: examples validated when written, reified into examples, rules (V2/V3/V4) and generators."""

from __future__ import annotations

from typing import Any

import pytest

from accord import match
from accord.errors import MatcherError

AND = "AND"


def _rule(*matchers: dict[str, Any], combine: str = AND) -> dict[str, Any]:
    return {"combine": combine, "matchers": list(matchers)}


REIFY_V4: list[tuple[str, Any, Any, dict[str, Any]]] = [
    ("like", match.like({"a": 1}), {"a": 1}, {"$": _rule({"match": "type"})}),
    ("each_like", match.each_like(5, min=2), [5, 5], {"$": _rule({"match": "type", "min": 2})}),
    ("each_like min 0", match.each_like("x", min=0), ["x"], {"$": _rule({"match": "type", "min": 0})}),
    ("each_like max", match.each_like(1, max=3), [1], {"$": _rule({"match": "type", "min": 1, "max": 3})}),
    ("integer", match.integer(7), 7, {"$": _rule({"match": "integer"})}),
    ("decimal", match.decimal(7.5), 7.5, {"$": _rule({"match": "decimal"})}),
    ("number", match.number(3), 3, {"$": _rule({"match": "number"})}),
    ("boolean", match.boolean(False), False, {"$": _rule({"match": "boolean"})}),
    ("string", match.string("s"), "s", {"$": _rule({"match": "type"})}),
    ("regex", match.regex("ab1", r"[a-z]+\d"), "ab1", {"$": _rule({"match": "regex", "regex": r"[a-z]+\d"})}),
    ("date", match.date("2024-02-29"), "2024-02-29", {"$": _rule({"match": "date", "format": "yyyy-MM-dd"})}),
    ("time", match.time("23:59:01"), "23:59:01", {"$": _rule({"match": "time", "format": "HH:mm:ss"})}),
    (
        "datetime",
        match.datetime("2024-01-02T03:04:05"),
        "2024-01-02T03:04:05",
        {"$": _rule({"match": "datetime", "format": "yyyy-MM-dd'T'HH:mm:ss"})},
    ),
    (
        "timestamp",
        match.timestamp("2024-01-02T03:04:05.123+01:00"),
        "2024-01-02T03:04:05.123+01:00",
        {"$": _rule({"match": "datetime", "format": "yyyy-MM-dd'T'HH:mm:ss.SSSXXX"})},
    ),
    ("include", match.include("ell"), "ell", {"$": _rule({"match": "include", "value": "ell"})}),
    ("null", match.null(), None, {"$": _rule({"match": "null"})}),
    (
        "nullable",
        match.nullable(match.integer(1)),
        1,
        {"$": _rule({"match": "integer"}, {"match": "null"}, combine="OR")},
    ),
    ("semver", match.semver("1.2.3-rc.1"), "1.2.3-rc.1", {"$": _rule({"match": "semver"})}),
    ("not_empty", match.not_empty([1]), [1], {"$": _rule({"match": "notEmpty"})}),
    (
        "content_type",
        match.content_type("text/plain", "hi"),
        "hi",
        {"$": _rule({"match": "contentType", "value": "text/plain"})},
    ),
    ("equal_to", match.equal_to({"a": 1}), {"a": 1}, {"$": _rule({"match": "equality"})}),
    (
        "each_key",
        match.each_key({"abc": 1}, match.regex("a", "[a-z]+")),
        {"abc": 1},
        {
            "$": _rule(
                {"match": "eachKey", "rules": [{"match": "regex", "regex": "[a-z]+"}], "value": {"abc": 1}}
            )
        },
    ),
    (
        "each_value",
        match.each_value({"k": "v"}, match.string("x")),
        {"k": "v"},
        {"$": _rule({"match": "eachValue", "rules": [{"match": "type"}], "value": {"k": "v"}})},
    ),
    (
        "array_containing",
        match.array_containing([{"id": match.integer(1)}, "x"]),
        [{"id": 1}, "x"],
        {
            "$": _rule(
                {
                    "match": "arrayContains",
                    "variants": [
                        {"index": 0, "rules": {"$.id": _rule({"match": "integer"})}, "generators": {}},
                        {"index": 1, "rules": {}, "generators": {}},
                    ],
                }
            )
        },
    ),
]


@pytest.mark.parametrize(("name", "matcher", "example", "rules"), REIFY_V4, ids=[r[0] for r in REIFY_V4])
def test_reify_v4(name: str, matcher: match.Matcher, example: Any, rules: dict[str, Any]) -> None:
    """Each matcher reifies into its example and its V4 rule group at the root."""
    out = match.reify(matcher, "v4")
    assert (out.value, out.rules) == (example, rules)


def test_nested_paths_and_generators() -> None:
    """Nested matchers get JSONPaths below their parent, arrays as ``[*]``, odd keys bracketed."""
    body = {
        "items": match.each_like({"id": match.integer(), "odd key": match.like("x")}, min=2),
        "when": match.date(format="yyyy"),
    }
    out = match.reify(body, "v3")
    assert out.value["items"][0] == out.value["items"][1] == {"id": 0, "odd key": "x"}
    assert list(out.rules) == ["$.items", "$.items[*].id", "$.items[*]['odd key']", "$.when"]
    assert out.generators == {
        "$.items[*].id": {"type": "RandomInt", "min": 0, "max": 2147483647},
        "$.when": {"type": "Date", "format": "yyyy"},
    }


V2_FORMS: list[tuple[match.Matcher, dict[str, Any]]] = [
    (match.like(1), {"match": "type"}),
    (match.integer(1), {"match": "type"}),
    (match.each_like(1, min=2), {"match": "type", "min": 2}),
    (match.regex("a", "a|b"), {"match": "regex", "regex": "a|b"}),
    (match.date("2020-01-31"), {"match": "regex", "regex": match.date("2020-01-31").v2_rule["regex"]}),  # type: ignore[index]
    (match.semver("1.0.0"), match.semver("1.0.0").v2_rule),  # type: ignore[list-item]
]


@pytest.mark.parametrize(("matcher", "rule"), V2_FORMS, ids=[m.name for m, _ in V2_FORMS])
def test_v2_flat_form(matcher: match.Matcher, rule: dict[str, Any]) -> None:
    """V2 rules are flat, keyed under the part (``$.body``), one matcher each."""
    out = match.reify({"a": matcher}, "v2")
    assert match.to_v2(out.rules, "$.body") == {"$.body.a": rule}


@pytest.mark.parametrize(
    ("matcher", "spec", "needed"),
    [
        (match.null(), "v2", "V3"),
        (match.nullable(match.string("a")), "v2", "V3"),
        (match.each_like(1, min=1, max=2), "v2", "V3"),
        (match.not_empty("a"), "v3", "V4"),
        (match.each_key({"a": 1}, match.regex("a", "[a-z]")), "v3", "V4"),
        (match.array_containing([1]), "v3", "V4"),
        (match.mock_server_url("http://x/a", ".*(/a)"), "v3", "V4"),
    ],
)
def test_too_new_for_spec(matcher: match.Matcher, spec: str, needed: str) -> None:
    """A matcher an older spec cannot express raises a MatcherError naming the version needed."""
    with pytest.raises(MatcherError, match=f"{needed} or newer"):
        match.reify({"a": matcher}, spec)


BAD_EXAMPLES: list[tuple[str, Any]] = [
    ("regex", lambda: match.regex("abc", r"\d+")),
    ("regex", lambda: match.regex("1", "(")),
    ("integer", lambda: match.integer("1")),  # type: ignore[arg-type]
    ("integer", lambda: match.integer(True)),
    ("decimal", lambda: match.decimal(1)),
    ("number", lambda: match.number("1")),  # type: ignore[arg-type]
    ("boolean", lambda: match.boolean(1)),  # type: ignore[arg-type]
    ("string", lambda: match.string(1)),  # type: ignore[arg-type]
    ("date", lambda: match.date("2024-13-01")),
    ("date", lambda: match.date("2024-01-01", format="yyyy-QQQQQQ")),
    ("time", lambda: match.time("25:00:00")),
    ("datetime", lambda: match.datetime("2024-01-01 10:00:00")),
    ("uuid", lambda: match.uuid("not-a-uuid")),
    ("semver", lambda: match.semver("1.0")),
    ("not_empty", lambda: match.not_empty("")),
    ("each_like", lambda: match.each_like(1, min=-1)),
    ("each_like", lambda: match.each_like(1, min=3, max=2)),
    ("each_key", lambda: match.each_key({"ABC": 1}, match.regex("a", "[a-z]+"))),
    ("each_value", lambda: match.each_value({"a": 1}, match.string("x"))),
    ("array_containing", lambda: match.array_containing([])),
    ("content_type", lambda: match.content_type("jpeg", b"")),
    ("from_provider_state", lambda: match.from_provider_state("/users/1", "/users/1")),
]


@pytest.mark.parametrize(
    ("name", "make"), BAD_EXAMPLES, ids=[f"{n}-{i}" for i, (n, _) in enumerate(BAD_EXAMPLES)]
)
def test_bad_example_raises_at_once(name: str, make: Any) -> None:
    """An example that does not satisfy its matcher raises MatcherError with a hint, when written."""
    with pytest.raises(MatcherError) as info:
        make()
    assert info.value.hint
    assert name.split("_", maxsplit=1)[0] in info.value.message or "pattern" in info.value.message


@pytest.mark.parametrize(
    ("make", "rule_kind"),
    [
        (match.integer, "integer"),
        (match.decimal, "decimal"),
        (match.boolean, "boolean"),
        (match.string, "type"),
        (match.uuid, "regex"),
        (match.date, "date"),
        (match.time, "time"),
        (match.datetime, "datetime"),
        (match.timestamp, "datetime"),
    ],
)
def test_generated_examples_satisfy_their_own_rule(make: Any, rule_kind: str) -> None:
    """Without an example, a matcher carries a generator and an example valid for its own rule."""
    matcher = make()
    assert matcher.generator is not None
    assert matcher.rules[0]["match"] == rule_kind


@pytest.mark.parametrize(
    ("value", "pattern", "ok"),
    [
        ("2024-02-29T10:11:12.123Z", "yyyy-MM-dd'T'HH:mm:ss.SSSX", True),
        ("Tue, 05 Mar 2024 10:11:12 +0000", "EEE, dd MMM yyyy HH:mm:ss Z", True),
        ("05/03/24", "dd/MM/yy", True),
        ("5/3/2024", "d/M/yyyy", True),
        ("10:11 PM", "hh:mm a", True),
        ("2024-1-01", "yyyy-MM-dd", False),
        ("it's 10", "'it''s' HH", True),
    ],
)
def test_java_formats(value: str, pattern: str, ok: bool) -> None:
    """Java DateTimeFormatter patterns validate whole values."""
    assert match.matches_format(value, pattern) is ok
    assert match.matches_format(match.render_now(pattern), pattern)


@pytest.mark.parametrize(
    ("version", "ok"), [("1.0.0", True), ("1.0.0+build.5", True), ("01.0.0", False), ("1.0abc", False)]
)
def test_semver(version: str, ok: bool) -> None:
    """Semantic Versioning 2.0.0: three numeric parts without leading zeros, optional pre-release/build."""
    assert match.is_semver(version) is ok
