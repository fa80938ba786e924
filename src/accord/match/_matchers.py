"""The DSL's matcher functions: each validates its example when written and returns a ``Matcher``.

Rule semantics follow the Pact specification's matcher tables (V2 ``type``/``regex``/``min``/``max``;
V3 ``integer``, ``decimal``, ``number``, ``boolean``, ``date``/``time``/``datetime``, ``include``,
``null``, ``contentType``, ``values``; V4 ``arrayContains``, ``notEmpty``, ``semver``, ``eachKey``,
``eachValue``). Where an older version cannot express a matcher exactly, the nearest V2/V3 form is
written only when it keeps the same meaning for the example's JSON type; otherwise writing the pact
in that version raises ``MatcherError`` naming the version that is needed.
"""

from __future__ import annotations

import re
import uuid as _uuid
from typing import Any

from accord.errors import MatcherError
from accord.model._regex_guard import PactRegex

from ._base import Matcher, RuleDict, example_of, reify
from ._formats import format_regex, is_semver, matches_format, render_now

_TYPE: RuleDict = {"match": "type"}
_UUID_RE = "[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}"
_SEMVER_RE = r"\d+\.\d+\.\d+(?:-[0-9A-Za-z.-]+)?(?:\+[0-9A-Za-z.-]+)?"


def _bad(name: str, value: Any, why: str, hint: str) -> MatcherError:
    return MatcherError(f"{name}() example {value!r} {why}", hint=hint, matcher=name, example=value)


def _simple(
    name: str,
    example: Any,
    rule: RuleDict,
    *,
    v3: bool = True,
    v2: RuleDict | None = None,
    generator: RuleDict | None = None,
) -> Matcher:
    return Matcher(
        name=name,
        example=example,
        rules=(rule,),
        v3_rules=(rule,) if v3 else None,
        v2_rule=v2,
        generator=generator,
    )


def like(value: Any) -> Matcher:
    """Match by type: the actual value has the example's JSON type (cascades into maps and arrays).

    Spec (V2 ``type``): "match the type of the value, not its content". Nested matchers keep their
    own rules.
    """
    return _simple("like", value, _TYPE, v2=_TYPE)


def each_like(value: Any, *, min: int = 1, max: int | None = None) -> Matcher:
    """An array whose every element is like ``value``, with at least ``min`` (and at most ``max``) items.

    ``min=0`` is allowed: an empty array then satisfies the contract, and the example still holds one
    element so that the provider's elements are checked against it. Spec: V2 ``{"match": "type",
    "min": n}``; both bounds together need V3 ("minmax").
    """
    if isinstance(min, bool) or not isinstance(min, int) or min < 0:
        raise _bad("each_like", min, "is not a valid min", "min must be an integer >= 0")
    if max is not None and (isinstance(max, bool) or not isinstance(max, int) or max < 1 or max < min):
        raise _bad("each_like", max, "is not a valid max", f"max must be an integer >= 1 and >= min ({min})")
    rule: RuleDict = {"match": "type", "min": min}
    if max is not None:
        rule["max"] = max
    v2: RuleDict | None = rule if max is None else None
    return Matcher(
        "each_like", value, (rule,), v3_rules=(rule,), v2_rule=v2, kind="each", repeat=_at_least_one(min)
    )


def _at_least_one(count: int) -> int:
    return count if count > 0 else 1


def _is_int(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def integer(value: int | None = None, *, min: int | None = None, max: int | None = None) -> Matcher:
    """An integer (spec V3 ``integer``; V2 writes ``type``). Without a value, a random one in [min, max]."""
    generator: RuleDict | None = None
    if value is None:
        low, high = (0 if min is None else min), (2147483647 if max is None else max)
        generator = {"type": "RandomInt", "min": low, "max": high}
        value = low
    if not _is_int(value):
        raise _bad("integer", value, "is not an integer", "pass an int, e.g. integer(42)")
    return _simple("integer", value, {"match": "integer"}, v2=_TYPE, generator=generator)


def decimal(value: float | None = None, *, digits: int = 6) -> Matcher:
    """A number with a fractional part (spec V3 ``decimal``: ``100`` fails, ``100.5`` passes)."""
    generator: RuleDict | None = None
    if value is None:
        generator, value = {"type": "RandomDecimal", "digits": digits}, 13.01
    if not isinstance(value, float):
        raise _bad(
            "decimal",
            value,
            "is not a decimal number",
            "pass a float with a fractional part, e.g. decimal(9.99); use number() for any number",
        )
    return _simple("decimal", value, {"match": "decimal"}, v2=_TYPE, generator=generator)


def number(value: float | int) -> Matcher:
    """Any JSON number, integer or decimal (spec V3 ``number``)."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise _bad("number", value, "is not a number", "pass an int or a float, e.g. number(3.5)")
    return _simple("number", value, {"match": "number"}, v2=_TYPE)


def boolean(value: bool | None = None) -> Matcher:
    """A JSON boolean (spec V3 ``boolean``). Without a value, a random one."""
    generator: RuleDict | None = None
    if value is None:
        generator, value = {"type": "RandomBoolean"}, True
    if not isinstance(value, bool):
        raise _bad("boolean", value, "is not a boolean", "pass True or False")
    return _simple("boolean", value, {"match": "boolean"}, v2=_TYPE, generator=generator)


def string(value: str | None = None, *, size: int = 10) -> Matcher:
    """Any string (spec V2 ``type`` on a string). Without a value, a random one of ``size`` characters."""
    generator: RuleDict | None = None
    if value is None:
        generator, value = {"type": "RandomString", "size": size}, "string"
    if not isinstance(value, str):
        raise _bad("string", value, "is not a string", "pass a str, e.g. string('Alice')")
    return _simple("string", value, _TYPE, v2=_TYPE, generator=generator)


def regex(value: str | None, pattern: str) -> Matcher:
    """A string that matches ``pattern`` as a whole (spec V2 ``regex``, anchored like Java's ``matches``).

    Raises:
        MatcherError: the pattern does not compile, the example does not match it, or checking the
            example takes too long (`RegexTooSlow`: catastrophic backtracking).
    """
    try:
        compiled = PactRegex(re.compile(pattern))  # time-limited when it could backtrack catastrophically
    except re.error as exc:
        raise MatcherError(
            f"regex() pattern {pattern!r} does not compile: {exc}",
            hint="fix the regular expression (Python/PCRE syntax)",
        ) from exc
    generator: RuleDict | None = None
    if value is None:
        raise _bad("regex", value, "is missing", f"give an example that matches {pattern!r}")
    if not isinstance(value, str) or compiled.fullmatch(value) is None:
        raise _bad(
            "regex",
            value,
            f"does not match the pattern {pattern!r}",
            "give an example the whole of which matches the pattern",
        )
    rule = {"match": "regex", "regex": pattern}
    return _simple("regex", value, rule, v2=rule, generator=generator)


def _temporal(name: str, match: str, gen_type: str, value: str | None, fmt: str) -> Matcher:
    format_regex(fmt)  # raises MatcherError for an invalid pattern
    generator: RuleDict | None = None
    if value is None:
        generator, value = {"type": gen_type, "format": fmt}, render_now(fmt)
    if not isinstance(value, str) or not matches_format(value, fmt):
        raise _bad(
            name,
            value,
            f"does not read as the format {fmt!r}",
            f"give an example in that format (e.g. {render_now(fmt)!r}) or change the format",
        )
    rule = {"match": match, "format": fmt}
    return _simple(
        name, value, rule, v2={"match": "regex", "regex": format_regex(fmt).pattern}, generator=generator
    )


def date(value: str | None = None, format: str = "yyyy-MM-dd") -> Matcher:
    """A date in a Java ``DateTimeFormatter`` pattern (spec V3 ``date``). Without a value, today."""
    return _temporal("date", "date", "Date", value, format)


def time(value: str | None = None, format: str = "HH:mm:ss") -> Matcher:
    """A time of day in a Java pattern (spec V3 ``time``). Without a value, the current time."""
    return _temporal("time", "time", "Time", value, format)


def datetime(value: str | None = None, format: str = "yyyy-MM-dd'T'HH:mm:ss") -> Matcher:
    """A date and time in a Java pattern (spec V3 ``datetime``). Without a value, now."""
    return _temporal("datetime", "datetime", "DateTime", value, format)


def timestamp(value: str | None = None, format: str = "yyyy-MM-dd'T'HH:mm:ss.SSSXXX") -> Matcher:
    """A timestamp with fraction and offset; written as the ``datetime`` rule (V3 ``timestamp`` alias)."""
    return _temporal("timestamp", "datetime", "DateTime", value, format)


def uuid(value: str | None = None) -> Matcher:
    """A hyphenated UUID (written as a ``regex`` rule). Without a value, a random one (V3 ``Uuid``)."""
    generator: RuleDict | None = None
    if value is None:
        generator, value = {"type": "Uuid"}, str(_uuid.uuid4())
    if not isinstance(value, str) or re.fullmatch(_UUID_RE, value) is None:
        raise _bad(
            "uuid", value, "is not a hyphenated UUID", "pass e.g. 'e2490de5-5bd3-43d5-b7c4-526e33f71304'"
        )
    rule = {"match": "regex", "regex": _UUID_RE}
    return _simple("uuid", value, rule, v2=rule, generator=generator)


def include(value: str) -> Matcher:
    """A string that contains ``value`` (spec V3 ``include``; V2 writes an equivalent regex)."""
    if not isinstance(value, str):
        raise _bad("include", value, "is not a string", "pass the substring the actual value must contain")
    return _simple(
        "include",
        value,
        {"match": "include", "value": value},
        v2={"match": "regex", "regex": f"(?s).*{re.escape(value)}.*"},
    )


def null() -> Matcher:
    """Only JSON null (spec V3 ``null``)."""
    return _simple("null", None, {"match": "null"})


def nullable(matcher: Matcher | Any) -> Matcher:
    """``matcher``'s rules, or null: the rules and ``null`` joined with ``"combine": "OR"`` (V3+).

    Spec (V3 "Matching Rules"): with ``combine: OR`` at least one matcher of the group must pass.
    A plain value is treated as ``like(value)``.
    """
    inner = matcher if isinstance(matcher, Matcher) else like(matcher)
    if inner.combine == "OR":
        raise MatcherError("nullable() of a nullable() matcher", hint="wrap the matcher in nullable() once")
    v3 = None if inner.v3_rules is None else (*inner.v3_rules, {"match": "null"})
    return Matcher(
        name="nullable",
        example=inner.example,
        rules=(*inner.rules, {"match": "null"}),
        combine="OR",
        v3_rules=v3,
        v2_rule=None,
        generator=inner.generator,
        kind=inner.kind,
        repeat=inner.repeat,
    )


def _rules_of(name: str, matchers: Matcher | list[Matcher] | tuple[Matcher, ...]) -> list[Matcher]:
    items = [matchers] if isinstance(matchers, Matcher) else list(matchers)
    if not items or not all(isinstance(m, Matcher) for m in items):
        raise MatcherError(
            f"{name}() needs one or more matchers as its rules",
            hint=f"e.g. {name}({{'a': 1}}, regex('a', '[a-z]+'))",
        )
    return items


def _check_by(name: str, item: Any, rules: list[Matcher]) -> None:
    """Check an example item against the rules that can be checked locally (regex and JSON type)."""
    for matcher in rules:
        for rule in matcher.rules:
            kind = rule.get("match")
            ok = True
            if kind == "regex":
                ok = (
                    isinstance(item, str | int | float) and re.fullmatch(rule["regex"], str(item)) is not None
                )
            elif kind == "type":
                ok = type(item) is type(example_of(matcher.example))
            if not ok:
                raise _bad(
                    name,
                    item,
                    f"does not satisfy the rule {rule}",
                    "make every key/value of the example satisfy the rules",
                )


def each_key(value: dict[str, Any], rules: Matcher | list[Matcher]) -> Matcher:
    """A map whose every key satisfies ``rules`` (spec V4 ``eachKey``)."""
    items = _rules_of("each_key", rules)
    if not isinstance(value, dict) or not value:
        raise _bad("each_key", value, "is not a non-empty map", "pass an example map, e.g. {'alice': 1}")
    for key in value:
        _check_by("each_key", key, items)
    rule = {
        "match": "eachKey",
        "rules": [dict(r) for m in items for r in m.rules],
        "value": example_of(value),
    }
    return Matcher("each_key", value, (rule,))


def each_value(value: dict[str, Any] | list[Any], rules: Matcher | list[Matcher]) -> Matcher:
    """A map or array whose every value satisfies ``rules`` (spec V4 ``eachValue``)."""
    items = _rules_of("each_value", rules)
    if not isinstance(value, dict | list) or not value:
        raise _bad("each_value", value, "is not a non-empty map or array", "pass an example, e.g. {'a': 'x'}")
    for item in value.values() if isinstance(value, dict) else value:
        _check_by("each_value", example_of(item), items)
    concrete = example_of(value)
    rule = {"match": "eachValue", "rules": [dict(r) for m in items for r in m.rules], "value": concrete}
    return Matcher("each_value", value, (rule,))


def array_containing(variants: list[Any]) -> Matcher:
    """An array holding, in any order and among other items, an item like each variant (V4 ``arrayContains``).

    Spec (V4): each variant, with its own rules, must match some element of the actual array.
    """
    if not isinstance(variants, list | tuple) or not variants:
        raise _bad(
            "array_containing",
            variants,
            "is not a non-empty list of variants",
            "pass a list of example items, e.g. array_containing([like({'id': 1})])",
        )
    described = []
    for index, variant in enumerate(variants):
        inner = reify(variant, "v4")
        described.append({"index": index, "rules": inner.rules, "generators": inner.generators})
    rule = {"match": "arrayContains", "variants": described}
    return Matcher("array_containing", list(variants), (rule,), kind="contains")


def semver(value: str) -> Matcher:
    """A Semantic Versioning 2.0.0 version (spec V4 ``semver``; V2/V3 write an equivalent regex)."""
    if not isinstance(value, str) or not is_semver(value):
        raise _bad("semver", value, "is not a semantic version", "pass e.g. '1.2.3' or '2.0.0-rc.1'")
    regex_rule = {"match": "regex", "regex": _SEMVER_RE}
    return Matcher("semver", value, ({"match": "semver"},), v3_rules=(regex_rule,), v2_rule=regex_rule)


def not_empty(value: Any) -> Matcher:
    """A value of the example's type that is present and not empty (spec V4 ``notEmpty``)."""
    if value is None or (isinstance(value, str | list | tuple | dict | bytes) and len(value) == 0):
        raise _bad("not_empty", value, "is empty", "give a non-empty example")
    return Matcher("not_empty", value, ({"match": "notEmpty"},))


def content_type(content_type: str, value: bytes | str) -> Matcher:
    """A body whose content type, detected from its bytes, is ``content_type`` (spec V3 ``contentType``)."""
    if not isinstance(content_type, str) or "/" not in content_type:
        raise _bad("content_type", content_type, "is not a media type", "pass e.g. 'image/jpeg'")
    if not isinstance(value, bytes | str):
        raise _bad("content_type", value, "is not bytes or text", "pass the example body")
    rule = {"match": "contentType", "value": content_type}
    return _simple("content_type", value, rule)


def equal_to(value: Any) -> Matcher:
    """Exactly ``value``, resetting any cascading type rule from a parent (spec V3 ``equality``)."""
    return _simple("equal_to", value, {"match": "equality"})


def from_provider_state(expression: str, example: Any) -> Matcher:
    """A value the verifier fills in from provider states (``"/users/${id}"``, V4 ``ProviderState``)."""
    if not isinstance(expression, str) or "${" not in expression:
        raise _bad(
            "from_provider_state",
            expression,
            "has no ${name} placeholder",
            "write an expression such as '/users/${id}'",
        )
    generator = {"type": "ProviderState", "expression": expression, "dataType": _data_type(example)}
    return Matcher(
        "from_provider_state", example, (_TYPE,), v3_rules=(_TYPE,), v2_rule=_TYPE, generator=generator
    )


def mock_server_url(example: str, pattern: str) -> Matcher:
    """A URL rebased onto the running mock server in consumer tests (V4 ``MockServerURL`` generator).

    ``pattern``'s first group is the part of the URL kept (``".*(/orders/\\d+)$"``).
    """
    matcher = regex(example, pattern)
    generator = {"type": "MockServerURL", "regex": pattern, "example": example}
    return Matcher(
        "mock_server_url", example, matcher.rules, v3_rules=None, v2_rule=None, generator=generator
    )


def _data_type(example: Any) -> str:
    if isinstance(example, bool):
        return "BOOLEAN"
    if isinstance(example, int):
        return "INTEGER"
    if isinstance(example, float):
        return "DECIMAL"
    return "STRING"


__all__ = [
    "array_containing",
    "boolean",
    "content_type",
    "date",
    "datetime",
    "decimal",
    "each_key",
    "each_like",
    "each_value",
    "equal_to",
    "from_provider_state",
    "include",
    "integer",
    "like",
    "mock_server_url",
    "not_empty",
    "null",
    "nullable",
    "number",
    "regex",
    "semver",
    "string",
    "time",
    "timestamp",
    "uuid",
]
