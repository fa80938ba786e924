"""Java ``DateTimeFormatter`` patterns as regular expressions: the date, time and datetime matchers.

Pact's ``date``, ``time`` and ``datetime`` matchers take a pattern in the Java ``DateTimeFormatter``
letters:

    "date / time / datetime: the string form parses with the given pattern. Patterns follow
    Java DateTimeFormatter." (Pact specification v3, matchers table)

A pattern is read by `tokenize_pattern` (the reader the generators use) and translated once into a
regular expression whose fields carry their ranges (month 01-12, hour 00-23...); a value matches
when the expression matches and, when the pattern has year, month and day, that day exists in that
month. The matching engine (``accord.matching``) and the matcher DSL (``accord.match``) both use it.
"""

from __future__ import annotations

import calendar
import re
from functools import lru_cache

from accord.model._dates import OPTIONAL_END, OPTIONAL_START, tokenize_pattern

_MONTHS = "January|February|March|April|May|June|July|August|September|October|November|December"
_SHORT_MONTHS = "Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec"
_DAYS = "Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday"
_SHORT_DAYS = "Mon|Tue|Wed|Thu|Fri|Sat|Sun"


def _text(full: str, short: str, count: int) -> str:
    """Names by count: short (1-3), full (4) or narrow, their first letters (5)."""
    if count == 5:
        return "[" + "".join(sorted({name[0] for name in full.split("|")})) + "]"
    return full if count == 4 else short


def _offset(count: int, zero: str) -> str:
    """X and x: +HH[mm] (1), +HHmm (2), +HH:mm (3), +HHmm[ss] (4), +HH:mm[:ss] (5); ``zero`` for UTC."""
    forms = {
        1: r"[+-]\d{2}(?:\d{2})?",
        2: r"[+-]\d{4}",
        3: r"[+-]\d{2}:\d{2}",
        4: r"[+-]\d{4}(?:\d{2})?",
        5: r"[+-]\d{2}:\d{2}(?::\d{2})?",
    }
    return f"{zero}{forms[min(count, 5)]}"


def _field(letter: str, count: int) -> str:
    """The regular expression for ``count`` repetitions of one pattern letter (read by `tokenize_pattern`)."""
    two = count >= 2
    if letter in "ML":
        if count >= 3:
            return f"(?P<month>{_text(_MONTHS, _SHORT_MONTHS, count)})"
        return "(?P<month>0[1-9]|1[0-2])" if two else "(?P<month>1[0-2]|0?[1-9])"
    if letter in ("y", "u", "Y"):
        if count == 2:
            return r"(?P<year2>\d{2})"
        return rf"(?P<year>[+-]?\d{{{max(count, 1)},9}})" if count > 2 else r"(?P<year>\d{1,9})"
    if letter in "Qq":
        return {1: "[1-4]", 2: "0[1-4]", 3: "Q[1-4]", 4: "[1-4](?:st|nd|rd|th) quarter", 5: "[1-4]"}[count]
    table: dict[str, str] = {
        "G": "A|B" if count == 5 else "Anno Domini|Before Christ" if count == 4 else "AD|BC",
        "d": "(?P<day>0[1-9]|[12][0-9]|3[01])" if two else "(?P<day>3[01]|[12][0-9]|0?[1-9])",
        "D": rf"\d{{{min(count, 3)},3}}",
        "H": "[01][0-9]|2[0-3]" if two else "2[0-3]|1[0-9]|0?[0-9]",
        "k": "0[1-9]|1[0-9]|2[0-4]" if two else "2[0-4]|1[0-9]|0?[1-9]",
        "K": "0[0-9]|1[01]" if two else "1[01]|0?[0-9]",
        "h": "0[1-9]|1[0-2]" if two else "1[0-2]|0?[1-9]",
        "m": "[0-5][0-9]" if two else "[1-5][0-9]|0?[0-9]",
        "s": "[0-5][0-9]" if two else "[1-5][0-9]|0?[0-9]",
        "S": rf"\d{{{count}}}",
        "n": rf"\d{{{count},9}}",
        "A": r"\d+",
        "N": r"\d+",
        "a": "AM|PM|am|pm",
        "E": _text(_DAYS, _SHORT_DAYS, max(count, 3)),
        "e": r"0?[1-7]" if count <= 2 else _text(_DAYS, _SHORT_DAYS, count),
        "c": r"[1-7]" if count == 1 else _text(_DAYS, _SHORT_DAYS, count),
        "F": rf"\d{{{count}}}",
        "w": r"\d{1,2}",
        "W": rf"\d{{{count}}}",
        "z": r"[A-Za-z][A-Za-z0-9_/+\-:]*",
        "v": r"Z|[+-]\d{2}:\d{2}|[A-Za-z][A-Za-z0-9_/+\-]*",
        "V": r"Z|[+-]\d{2}:\d{2}|[A-Za-z][A-Za-z0-9_/+\-]*",
        "O": r"GMT(?:[+-]\d{2}:\d{2})?" if count == 4 else r"GMT(?:[+-]\d{1,2}(?::\d{2})?)?",
        "Z": r"GMT(?:[+-]\d{2}:\d{2})?"
        if count == 4
        else r"Z|[+-]\d{2}:\d{2}"
        if count == 5
        else r"[+-]\d{4}",
        "X": _offset(count, "Z|") if letter == "X" else "",
        "x": _offset(count, ""),
    }
    return table[letter]


@lru_cache(maxsize=512)
def pattern_regex(pattern: str, *, named: bool = True) -> re.Pattern[str]:
    """Translate a Java date/time pattern into a regular expression for whole values.

    The pattern is read by `tokenize_pattern`, the generators' reader too; an optional section
    ``[...]`` may be absent from the value. Fields carry their ranges (month 01-12, hour 00-23...).

    Args:
        pattern: a Java ``DateTimeFormatter`` pattern.
        named: capture year, month and day in named groups (for `matches_pattern`'s calendar
            check); ``False`` gives plain groups only, a regex Java and Rust can read (a V2 pact's
            ``regex`` matcher standing in for a date matcher).

    Raises:
        MatcherError: when the pattern cannot be read (an unknown letter, an unclosed quote...).
    """
    out: list[str] = []
    seen: set[str] = set()
    for token in tokenize_pattern(pattern):
        if isinstance(token, str):
            out.append(re.escape(token))
        elif token == OPTIONAL_START:
            out.append("(?:")
        elif token == OPTIONAL_END:
            out.append(")?")
        else:
            piece = _field(*token)
            # A named group may only appear once; later repetitions are plain.
            for name in ("month", "day", "year", "year2"):
                if f"?P<{name}>" in piece:
                    if name in seen or not named:
                        piece = piece.replace(f"?P<{name}>", "?:")
                    seen.add(name)
            out.append(f"(?:{piece})")
    return re.compile("".join(out))


def matches_pattern(value: str, pattern: str) -> bool:
    """Whether ``value`` is a date/time written with the Java ``pattern``, a day its month has included.

    Raises:
        MatcherError: when the pattern cannot be read.
    """
    found = pattern_regex(pattern).fullmatch(value)
    if found is None:
        return False
    groups = found.groupdict()
    day, month = groups.get("day"), groups.get("month")
    if day and month and month.isdigit():
        year_text = groups.get("year") or groups.get("year2")
        year = int(year_text) if year_text and year_text.lstrip("+-").isdigit() else 2000
        if groups.get("year2"):
            year += 2000
        if int(day) > calendar.monthrange(max(min(year, 9999), 1), int(month))[1]:
            return False
    return True


__all__ = ["matches_pattern", "pattern_regex"]
