"""Compare the non-body parts: method, path, query, headers, status and message metadata.

Rules from the specification and its test cases:

- Method: "an exact string match that ignores case" (v1 test cases).
- Path: exact and case-sensitive unless a ``path`` rule applies.
- Query: v1 compares the raw query string; from v1.1 "compare the parsed parameters, not the
  raw string. Keys may come in any order. When a key repeats, its values must keep the same
  order." A rule applies to every value of its parameter.
- Headers: "Header names ignore case"; extra actual headers are allowed; values are compared
  as lists (items split on commas, whitespace after a comma ignored) only for headers whose
  grammar is a list (``Accept``, ``Allow``, ``Cache-Control``...). ``Content-Type`` parameters
  compare by meaning: "Extra actual parameters are OK ... charset case and the whitespace after
  ';' do not matter ... parameter order does not matter" (v3 header test cases).
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from functools import lru_cache
from typing import Any
from urllib.parse import unquote_plus

from accord.matching._values import check_group
from accord.matching.mismatches import Mismatch
from accord.model._rules import RuleCategory, RuleGroup

LIST_HEADERS = frozenset(
    {
        "accept",
        "accept-encoding",
        "accept-language",
        "access-control-allow-headers",
        "access-control-allow-methods",
        "access-control-expose-headers",
        "access-control-request-headers",
        "allow",
        "cache-control",
        "if-match",
        "if-none-match",
        "vary",
    }
)
"""Headers compared as comma-separated lists, item by item (RFC 9110 ``#element``).

The Rust core's list (``pact_models::headers::MULTI_VALUE_HEADERS``): any other header keeps its
commas and is compared line by line, so ``Content-Language: en`` and ``Content-Language: de`` on
two lines do not equal an expected ``en, de``.
"""

_COMMA_SPACE = re.compile(r",\s+")
_MEDIA_HEADERS = frozenset({"content-type", "accept"})
_PARAM = re.compile(r'\s*([^=;\s]+)\s*=\s*("(?:[^"\\]|\\.)*"|[^;]*)')


def parse_media_type(value: str) -> tuple[str, dict[str, str]]:
    """Split ``text/html; charset=UTF-8`` into ``("text/html", {"charset": "utf-8"})``.

    The base type and parameter names are case-insensitive; so is the value of ``charset``.
    """
    base, params = _parse_media_type(value)
    return base, dict(params)


@lru_cache(maxsize=256)
def _parse_media_type(value: str) -> tuple[str, tuple[tuple[str, str], ...]]:
    # Cached: a verifier meets the same few content types on every interaction.
    base, _, rest = value.partition(";")
    params: dict[str, str] = {}
    for found in _PARAM.finditer(rest):
        name = found.group(1).lower()
        raw = found.group(2).strip()
        if raw.startswith('"') and raw.endswith('"') and len(raw) >= 2:
            raw = raw[1:-1]
        params[name] = raw.lower() if name == "charset" else raw
    return base.strip().lower(), tuple(params.items())


def media_types_match(expected: str, actual: str, *, base_case: bool = False) -> bool:
    """Whether an actual media type satisfies an expected one (extra actual parameters allowed).

    Args:
        expected: the expected media type, with parameters.
        actual: the actual media type.
        base_case: compare as header values (``Content-Type``, ``Accept`` items): the base type
            case-sensitively ("Header values are case sensitive", v1 test cases), parameters as
            the Rust core does (`_header_media_types_match`).
    """
    if expected == actual:
        return True
    if base_case:
        return _header_media_types_match(expected, actual)
    exp_base, exp_params = parse_media_type(expected)
    act_base, act_params = parse_media_type(actual)
    if exp_base != act_base:
        return False
    return all(act_params.get(name) == value for name, value in exp_params.items())


def _header_parts(value: str) -> tuple[str, dict[str, str]]:
    parts = [part.strip() for part in value.split(";") if part.strip()]
    params = {
        name.strip(): found.strip() for name, sep, found in (p.partition("=") for p in parts[1:]) if sep
    }
    return (parts[0] if parts else ""), params


def _header_media_types_match(expected: str, actual: str) -> bool:
    """A ``Content-Type`` or ``Accept`` header value as the Rust core compares it.

    The base type and parameter names compare exactly, parameter values in any case and as
    written (``charset="utf-8"`` is not ``charset=utf-8``); extra actual parameters are fine.
    """
    exp_base, exp_params = _header_parts(expected)
    act_base, act_params = _header_parts(actual)
    if exp_base != act_base:
        return False
    return all(
        name in act_params and act_params[name].lower() == value.lower() for name, value in exp_params.items()
    )


def _values(raw: Any) -> list[str]:
    if raw is None:
        return []
    if isinstance(raw, list | tuple):
        return [str(item) for item in raw]
    return [str(raw)]


def _items(values: list[str]) -> list[str]:
    return [item.strip() for value in values for item in value.split(",")]


def _header_problems(name: str, expected: list[str], actual: list[str]) -> list[str]:
    """Why the actual values of a header do not satisfy the expected ones (Rust's wording)."""
    lower = name.lower()
    if lower == "content-type":
        same = len(expected) == len(actual) and all(
            media_types_match(e, a, base_case=True) for e, a in zip(expected, actual, strict=True)
        )
        if same:
            return []
        shown_exp, shown_act = ", ".join(expected), ", ".join(actual)
        return [f"Expected header '{name}' to have value '{shown_exp}' but was '{shown_act}'"]
    if lower in LIST_HEADERS:
        exp_items, act_items = _items(expected), _items(actual)
        problems = []
        for index in range(max(len(exp_items), len(act_items))):
            exp = exp_items[index] if index < len(exp_items) else ""
            act = act_items[index] if index < len(act_items) else ""
            if lower in _MEDIA_HEADERS and exp and act:
                same = media_types_match(exp, act, base_case=True)
            else:
                same = exp == act
            if not same:
                problems.append(
                    f"Expected header '{name}' at index {index} to have value '{exp}' but was '{act}'"
                )
        return problems
    # Not a list: compared whole (a `Date` or free text keeps its commas), but "whitespace after
    # a comma does not matter" (v1 header test cases) holds for every header. Several values (v4
    # lists, repeated header lines) are compared one by one, as the Rust core does: a header
    # expected twice is not satisfied by one line holding both values joined with a comma.
    exp_norm = [_COMMA_SPACE.sub(",", v.strip()) for v in expected]
    act_norm = [_COMMA_SPACE.sub(",", v.strip()) for v in actual]
    if exp_norm == act_norm:
        return []
    if len(expected) == len(actual) == 1:
        return [f"Expected '{actual[0]}' to be equal to '{expected[0]}'"]
    problems = []
    for index in range(max(len(expected), len(actual))):
        exp = expected[index] if index < len(expected) else ""
        if index >= len(actual):
            problems.append(
                f"Expected value '{exp}' at index {index} but was missing (actual has {len(actual)} value(s))"
            )
        elif (exp_norm[index] if index < len(exp_norm) else "") != act_norm[index]:
            problems.append(f"Expected '{actual[index]}' to be equal to '{exp}' for value at index {index}")
    return problems


def compare_headers(
    expected: Mapping[str, Any] | None, actual: Mapping[str, Any] | None, rules: RuleCategory
) -> list[Mismatch]:
    """Compare headers: every expected header must be present and match; extra ones are fine."""
    out: list[Mismatch] = []
    actual_by_name = {str(key).lower(): value for key, value in (actual or {}).items()}
    for name, raw in (expected or {}).items():
        exp_values = _values(raw)
        if name.lower() not in actual_by_name:
            out.append(Mismatch("header", name, raw, None, f"Expected a header '{name}' but was missing"))
            continue
        act_raw = actual_by_name[name.lower()]
        act_values = _values(act_raw)
        group = rules.for_name(name, ignore_case=True)
        if group is not None:
            if name.lower() in LIST_HEADERS:  # a rule judges each item of a list header, as in Rust
                exp_values, act_values = _items(exp_values), _items(act_values)
            if len(exp_values) != 1 or len(act_values) != 1:  # one value each: no list to bound
                out.extend(
                    Mismatch("header", name, exp_values, act_values, error)
                    for error in size_problems(group, exp_values, act_values)
                )
            for index, value in enumerate(act_values):
                example = exp_values[min(index, len(exp_values) - 1)] if exp_values else ""
                for error in check_group(group, example, value, False, from_string=True):
                    out.append(Mismatch("header", name, example, value, error))
            continue
        out.extend(
            Mismatch("header", name, raw, act_raw, problem)
            for problem in _header_problems(name, exp_values, act_values)
        )
    return out


def size_problems(group: RuleGroup, expected: list[str], actual: list[str]) -> list[str]:
    """The ``min``/``max`` bounds of a query parameter's, header's or form field's rule, on its values.

    A repeated parameter is a list: ``{"match": "type", "min": 2}`` on ``a`` wants at least two
    ``a=`` values, as the Rust core checks it (each value is then checked on its own).
    """
    sized = tuple(
        matcher
        for matcher in group.matchers
        if matcher.type in ("type", "min", "max") and (matcher.min is not None or matcher.max is not None)
    )
    if not sized:
        return []
    return check_group(RuleGroup(sized, group.combine), expected, actual, False, from_string=True)


def parse_query(raw: Any) -> dict[str, list[str]]:
    """A query as a map of name to values: from a v1/v2 string or a v3/v4 map of lists."""
    if raw is None:
        return {}
    if isinstance(raw, Mapping):
        return {str(key): _values(value) for key, value in raw.items()}
    out: dict[str, list[str]] = {}
    for part in str(raw).lstrip("?").split("&"):
        if not part:
            continue
        key, _, value = part.partition("=")
        out.setdefault(unquote_plus(key), []).append(unquote_plus(value))
    return out


def compare_query(expected: Any, actual: Any, rules: RuleCategory, spec_level: int) -> list[Mismatch]:
    """Compare query parameters (raw string in v1; parsed, order-insensitive from v1.1)."""
    if (
        spec_level <= 10
        and (isinstance(expected, str) or expected is None)
        and not isinstance(actual, Mapping)
    ):
        exp_text, act_text = expected or "", actual or ""
        if unquote_plus(exp_text) == unquote_plus(act_text):
            return []
        return [
            Mismatch(
                "query",
                "$.query",
                exp_text,
                act_text,
                f"Expected query string '{exp_text}' but received '{act_text}'",
            )
        ]
    exp, act = parse_query(expected), parse_query(actual)
    out: list[Mismatch] = []
    for name, exp_values in exp.items():
        if name not in act:
            out.append(
                Mismatch(
                    "query", name, exp_values, None, f"Expected query parameter '{name}' but was missing"
                )
            )
            continue
        act_values = act[name]
        group = rules.for_name(name)
        if group is not None:
            out.extend(
                Mismatch("query", name, exp_values, act_values, error)
                for error in size_problems(group, exp_values, act_values)
            )
            for index, value in enumerate(act_values):
                example = exp_values[min(index, len(exp_values) - 1)] if exp_values else ""
                for error in check_group(group, example, value, False, from_string=True):
                    out.append(Mismatch("query", name, example, value, error))
            continue
        for index, value in enumerate(exp_values):
            if index >= len(act_values):
                out.append(
                    Mismatch(
                        "query",
                        name,
                        value,
                        None,
                        f"Expected query parameter '{name}' value '{value}' but was missing",
                    )
                )
            elif act_values[index] != value:
                out.append(
                    Mismatch(
                        "query",
                        name,
                        value,
                        act_values[index],
                        f"Expected query parameter '{name}' with value '{value}' "
                        f"but was '{act_values[index]}'",
                    )
                )
        if len(act_values) != len(exp_values):
            out.append(
                Mismatch(
                    "query",
                    name,
                    exp_values,
                    act_values,
                    f"Expected query parameter '{name}' with {len(exp_values)} value(s) "
                    f"but received {len(act_values)} value(s)",
                )
            )
    for name, values in act.items():
        if name not in exp:
            out.append(Mismatch("query", name, None, values, f"Unexpected query parameter '{name}' received"))
    return out


def compare_path(expected: Any, actual: Any, rules: RuleCategory) -> list[Mismatch]:
    """Compare request paths: exact, unless a ``path`` rule applies."""
    group = rules.single()
    exp, act = "" if expected is None else str(expected), "" if actual is None else str(actual)
    if group is not None:
        return [
            Mismatch("path", "$.path", exp, act, error) for error in check_group(group, exp, act, False, True)
        ]
    if exp == act:
        return []
    return [Mismatch("path", "$.path", exp, act, f"Expected '{exp}' but received '{act}'")]


def compare_method(expected: Any, actual: Any) -> list[Mismatch]:
    """Compare methods, ignoring case."""
    exp, act = str(expected or "GET"), str(actual or "GET")
    if exp.upper() == act.upper():
        return []
    return [Mismatch("method", "$.method", exp, act, f"Expected {exp.upper()} but received {act.upper()}")]


_STATUS_CLASSES: dict[str, tuple[str, range]] = {
    "info": ("an Informational response (100–199)", range(100, 200)),
    "information": ("an Informational response (100–199)", range(100, 200)),
    "success": ("a Successful response (200–299)", range(200, 300)),
    "redirect": ("a Redirect (300–399)", range(300, 400)),
    "clientError": ("a Client Error (400–499)", range(400, 500)),
    "serverError": ("a Server Error (500–599)", range(500, 600)),
    "nonError": ("a non-error response (< 400)", range(100, 400)),
    "error": ("an Error response (>= 400)", range(400, 600)),
}


def compare_status(expected: Any, actual: Any, rules: RuleCategory) -> list[Mismatch]:
    """Compare response status codes: equality, or the v4 ``statusCode`` matcher's classes."""
    group = rules.single()
    if group is not None:
        errors: list[str] = []
        for matcher in group.matchers:
            if matcher.type != "statusCode":
                errors.extend(check_group(type(group)((matcher,)), expected, actual, False, True))
                continue
            wanted = matcher.attrs.get("status")
            if isinstance(wanted, list):
                codes = [int(code) for code in wanted]
                ok, words = actual in codes, "one of " + ", ".join(str(code) for code in codes)
            else:
                words, codes_range = _STATUS_CLASSES.get(str(wanted), (f"a {wanted} response", range(0)))
                ok = isinstance(actual, int) and actual in codes_range
            if ok and group.combine == "OR":
                return []
            if not ok:
                errors.append(f"Expected status code {actual} to be {words}")
        return [Mismatch("status", "$.status", expected, actual, error) for error in errors]
    if expected is None or expected == actual:
        return []
    return [Mismatch("status", "$.status", expected, actual, f"expected {expected} but was {actual}")]


def _json_text(value: Any) -> str:
    return json.dumps(value, sort_keys=True, separators=(",", ":"), default=repr)


def compare_metadata(
    expected: Mapping[str, Any] | None, actual: Mapping[str, Any] | None, rules: RuleCategory
) -> list[Mismatch]:
    """Compare message metadata: every expected key present and matching; extra keys are fine.

    As the Rust core compares it: a key is looked up exactly as written (``Content-Type`` is not
    ``contentType``), and without a rule a value equals the expected JSON value, type and all
    (``3`` is not ``"3"``); a content type compares as a media type.
    """
    out: list[Mismatch] = []
    actual = actual or {}
    for key, value in (expected or {}).items():
        if key not in actual:
            out.append(
                Mismatch("metadata", key, value, None, f"Expected message metadata '{key}' but was missing")
            )
            continue
        found = actual[key]
        # The Rust core keys a metadata rule by a path from the root: "k", "$.k" and "$['k']" alike.
        group = rules.for_name(key) or rules.for_name(f"$.{key}") or rules.for_name(f"$['{key}']")
        if group is not None:
            # Metadata values are JSON values, not header text: the Rust core's rules judge them as
            # such (an integer rule refuses "5", a type rule on 1 refuses "2").
            for error in check_group(group, value, found, False):
                out.append(Mismatch("metadata", key, value, found, error))
        elif (
            key.lower() in ("contenttype", "content-type")
            and isinstance(value, str)
            and isinstance(found, str)
        ):
            if not media_types_match(value, found):
                out.append(
                    Mismatch(
                        "metadata",
                        key,
                        value,
                        found,
                        f"Expected metadata key '{key}' to have value '{value}' but was '{found}'",
                    )
                )
        elif _json_text(value) != _json_text(found):
            out.append(
                Mismatch(
                    "metadata",
                    key,
                    value,
                    found,
                    f"Expected metadata key '{key}' to have value '{value}' but was '{found}'",
                )
            )
    return out


__all__ = [
    "LIST_HEADERS",
    "compare_headers",
    "compare_metadata",
    "compare_method",
    "compare_path",
    "compare_query",
    "compare_status",
    "media_types_match",
    "parse_media_type",
    "parse_query",
]
