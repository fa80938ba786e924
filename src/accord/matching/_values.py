"""Apply one matcher, or a group of matchers, to one value.

Every matcher of Pact v2-v4 that judges a single value lives here; the structural ones
(``values``, ``eachKey``, ``eachValue``, ``arrayContains``, the collection part of ``type``) are
driven by the body walker, which calls back here for each element. The messages follow the
Pact reference implementation word for word (the compatibility suite asserts them).

``from_string`` marks values that come from headers, query strings, paths and metadata:

    "integer, decimal, number: strict in bodies; accept numeric strings in headers and query"
    (Pact compatibility suite, "coerce values from string form")
"""

from __future__ import annotations

import re
from typing import Any

from accord.matching._display import compact, json_equal, kind, type_of, value_of
from accord.matching._formats import date_pattern_problem, is_semver, matches_date, sniff_content_type
from accord.model._regex_guard import RegexTooSlow
from accord.model._rules import Matcher, RuleGroup

_INTEGER = re.compile(r"[-+]?\d+")
_DECIMAL = re.compile(r"[-+]?(\d+\.\d*|\.\d+)([eE][-+]?\d+)?|[-+]?\d+[eE][-+]?\d+")
_NUMBER = re.compile(r"[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?")


def string_form(value: Any) -> str:
    """The text a regex or include matcher sees: strings as they are, other values as JSON."""
    if isinstance(value, str):
        return value
    if isinstance(value, bytes | bytearray):
        return bytes(value).decode("utf-8", "replace")
    return compact(value, 1 << 20)


def _size(value: Any) -> int | None:
    if isinstance(value, list | tuple | dict | str | bytes | bytearray):
        return len(value)
    return None


def _show_sized(value: Any) -> str:
    if isinstance(value, list | tuple):
        return "[" + ", ".join(compact(item, 200) for item in value) + "]"
    return value_of(value)


def _same_type(expected: Any, actual: Any) -> str | None:
    if kind(expected) == kind(actual):
        return None
    return (
        f"Expected {value_of(actual)} ({type_of(actual)}) to be the same type as "
        f"{value_of(expected)} ({type_of(expected)})"
    )


def check_value(
    matcher: Matcher, expected: Any, actual: Any, cascaded: bool, from_string: bool = False
) -> str | None:
    """Apply one matcher; return the Pact tools' message when the value fails, else ``None``.

    Args:
        matcher: the rule.
        expected: the example value from the pact.
        actual: the value received.
        cascaded: the rule was written for an ancestor (size bounds then do not apply).
        from_string: the value comes from a header, query, path or metadata (numbers may be text).
    """
    name = matcher.type
    if name == "equality":
        if json_equal(expected, actual):
            return None
        return (
            f"Expected {value_of(actual)} ({type_of(actual)}) to be equal to "
            f"{value_of(expected)} ({type_of(expected)})"
        )
    if name == "regex":
        assert matcher.regex is not None
        text = string_form(actual)
        try:
            if matcher.regex.fullmatch(text) is not None:
                return None
        except RegexTooSlow as exc:  # a pact's pattern that backtracks catastrophically: never a hang
            shown = text if len(text) <= 200 else f"{text[:200]}..."
            return f"Expected '{shown}' to match '{matcher.regex.pattern}', but {exc.message}"
        return f"Expected '{text}' to match '{matcher.regex.pattern}'"
    if name in ("type", "min", "max"):
        if name == "type" or not from_string:
            problem = None if from_string else _same_type(expected, actual)
            if problem is not None:
                return problem
        size = _size(actual) if isinstance(actual, list | tuple | dict) else None
        if size is not None and not cascaded:
            if matcher.min is not None and size < matcher.min:
                return f"Expected {_show_sized(actual)} (size {size}) to have minimum size of {matcher.min}"
            if matcher.max is not None and size > matcher.max:
                return f"Expected {_show_sized(actual)} (size {size}) to have maximum size of {matcher.max}"
        return None
    if name == "include":
        text, part = string_form(actual), str(matcher.attrs.get("value", ""))
        return None if part in text else f"Expected '{text}' to include '{part}'"
    if name == "integer":
        ok = (isinstance(actual, int) and not isinstance(actual, bool)) or (
            from_string and isinstance(actual, str) and _INTEGER.fullmatch(actual) is not None
        )
        return None if ok else f"Expected {value_of(actual)} ({type_of(actual)}) to be an integer"
    if name == "decimal":
        ok = isinstance(actual, float) or (
            from_string and isinstance(actual, str) and _DECIMAL.fullmatch(actual) is not None
        )
        return None if ok else f"Expected {value_of(actual)} ({type_of(actual)}) to be a decimal number"
    if name == "number":
        ok = (isinstance(actual, int | float) and not isinstance(actual, bool)) or (
            from_string and isinstance(actual, str) and _NUMBER.fullmatch(actual) is not None
        )
        return None if ok else f"Expected {value_of(actual)} ({type_of(actual)}) to be a number"
    if name == "null":
        return (
            None if actual is None else f"Expected {value_of(actual)} ({type_of(actual)}) to be a null value"
        )
    if name == "boolean":
        ok = isinstance(actual, bool) or actual in ("true", "false")
        return None if ok else f"Expected {value_of(actual)} ({type_of(actual)}) to match a boolean"
    if name in ("date", "time", "datetime"):
        text = string_form(actual)
        if matches_date(text, matcher.format):
            return None
        unreadable = date_pattern_problem(matcher.format)
        why = f" ({unreadable})" if unreadable else ""
        return f"Expected '{text}' to match a {name} pattern of '{matcher.format}'{why}"
    if name == "semver":
        text = string_form(actual)
        return None if is_semver(text) else f"'{text}' is not a valid semantic version"
    if name == "notEmpty":
        if actual is None:
            return "Expected non-empty value but got a NULL"
        if _size(actual) == 0:
            if isinstance(actual, bytes | bytearray):
                return "Expected [] (0 bytes) to not be empty"
            shown = "Map" if isinstance(actual, dict) else type_of(actual)
            return f"Expected {value_of(actual)} ({shown}) to not be empty"
        return None
    if name == "contentType":
        wanted = str(matcher.attrs.get("value", ""))
        data = actual if isinstance(actual, bytes | bytearray) else string_form(actual).encode("utf-8")
        found = sniff_content_type(bytes(data))
        if found.split(";")[0].strip().lower() == wanted.split(";", maxsplit=1)[0].strip().lower():
            return None
        return f"Expected binary contents to have content type '{wanted}' but detected contents was '{found}'"
    if name in ("arrayContains", "eachValue", "eachKey"):
        # Structural rules judge the members of a collection (the body walker does that); on
        # anything else, or where they cascade, the Rust reference lets the value pass.
        return None
    if name == "values" and not isinstance(actual, dict | list | tuple):
        # Under a cascading ``values`` rule a plain value compares by equality (Rust reference).
        return check_value(_EQUALITY, expected, actual, cascaded, from_string)
    if name == "values":
        if from_string or kind(actual) == kind(expected) or expected is None:
            return None
        return _same_type(expected, actual)
    if name == "statusCode":
        return None  # judged by the status comparison, which knows the classes
    return f"The matcher '{matcher.name}' cannot be applied to {value_of(actual)}"


_EQUALITY = Matcher("equality", {}, "equality")


def check_group(
    group: RuleGroup, expected: Any, actual: Any, cascaded: bool, from_string: bool = False
) -> list[str]:
    """Apply a group of matchers (``combine`` AND: all must pass; OR: one is enough).

    Returns:
        The failure messages; empty when the value passes.
    """
    errors: list[str] = []
    for matcher in group.matchers:
        error = check_value(matcher, expected, actual, cascaded, from_string)
        if error is None:
            if group.combine == "OR":
                return []
        else:
            errors.append(error)
    return errors


__all__ = ["check_group", "check_value", "string_form"]
