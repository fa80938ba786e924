"""Dates and times for the Date, Time and DateTime generators: Java-style patterns and expressions.

Pact v3, "Generators":

    "Date / Time / DateTime: format (optional) — generates a date/time from the current
    date/time, in the given format (Java SimpleDateFormat patterns) or ISO format when omitted."

Pact v4 adds ``expression``:

    "The Date, Time and DateTime generators can take an expression that is evaluated relative to
    the current date/time", e.g. ``"+ 1 day"``, ``"next month"``, ``"today + 2 weeks @ 10 am"``,
    ``"@ next hour"``, ``"yesterday @ midnight"``.

`format_datetime` renders a datetime with a SimpleDateFormat pattern (``yyyy-MM-dd'T'HH:mm:ss.SSSXXX``)
and `evaluate_expression` moves a base datetime as an expression says. Both raise `MatcherError`
for patterns or expressions they cannot read, so a bad generator is reported when the pact loads.
"""

from __future__ import annotations

import calendar
import re
from collections.abc import Callable
from datetime import date, datetime, timedelta

from accord.errors import MatcherError

DEFAULT_FORMATS = {"Date": "yyyy-MM-dd", "Time": "HH:mm:ss", "DateTime": "yyyy-MM-dd'T'HH:mm:ss"}
"""The patterns used when a generator has no ``format``: the ISO 8601 forms."""

_MONTHS = [calendar.month_name[i] for i in range(1, 13)]
_DAYS = [calendar.day_name[i] for i in range(7)]
_LETTERS = frozenset("GyYMLwWDdFEuaHkKhmsSzZX")


def _pattern_error(pattern: str, why: str) -> MatcherError:
    return MatcherError(
        f"The date/time format {pattern!r} cannot be used: {why}.",
        hint="Use a Java SimpleDateFormat pattern such as \"yyyy-MM-dd'T'HH:mm:ss\" "
        "(quote literal letters with single quotes).",
        format=pattern,
    )


def tokenize_pattern(pattern: str) -> list[tuple[str, int] | str]:
    """Split a SimpleDateFormat pattern into ``(letter, count)`` fields and literal strings.

    "Text can be quoted using single quotes (') to avoid interpretation. "''" represents a
    single quote. All other characters are not interpreted." (java.text.SimpleDateFormat)

    Raises:
        MatcherError: for an unknown pattern letter or an unclosed quote.
    """
    tokens: list[tuple[str, int] | str] = []
    i, n = 0, len(pattern)
    while i < n:
        char = pattern[i]
        if char == "'":
            if pattern.startswith("''", i):
                tokens.append("'")
                i += 2
                continue
            end = i + 1
            text = []
            while True:
                if end >= n:
                    raise _pattern_error(pattern, f"the quote at position {i} is never closed")
                if pattern[end] == "'":
                    if pattern.startswith("''", end):
                        text.append("'")
                        end += 2
                        continue
                    break
                text.append(pattern[end])
                end += 1
            tokens.append("".join(text))
            i = end + 1
        elif char.isascii() and char.isalpha():
            if char not in _LETTERS:
                raise _pattern_error(pattern, f"{char!r} is not a pattern letter")
            end = i
            while end < n and pattern[end] == char:
                end += 1
            tokens.append((char, end - i))
            i = end
        else:
            tokens.append(char)
            i += 1
    return tokens


def _offset(moment: datetime, colon: bool) -> str:
    delta = moment.utcoffset() or timedelta(0)
    minutes = int(delta.total_seconds()) // 60
    sign = "-" if minutes < 0 else "+"
    hours, mins = divmod(abs(minutes), 60)
    return f"{sign}{hours:02d}:{mins:02d}" if colon else f"{sign}{hours:02d}{mins:02d}"


def _field(letter: str, count: int, moment: datetime) -> str:
    def num(value: int) -> str:
        return str(value).zfill(count)

    if letter in "yY":
        year = moment.isocalendar()[0] if letter == "Y" else moment.year
        return str(year % 100).zfill(2) if count == 2 else num(year)
    if letter in "ML":
        if count >= 4:
            return _MONTHS[moment.month - 1]
        if count == 3:
            return _MONTHS[moment.month - 1][:3]
        return num(moment.month)
    if letter == "E":
        return _DAYS[moment.weekday()] if count >= 4 else _DAYS[moment.weekday()][:3]
    simple: dict[str, Callable[[], str]] = {
        "G": lambda: "AD",
        "w": lambda: num(moment.isocalendar()[1]),
        "W": lambda: num((moment.day + date(moment.year, moment.month, 1).weekday()) // 7 + 1),
        "D": lambda: num(moment.timetuple().tm_yday),
        "d": lambda: num(moment.day),
        "F": lambda: num((moment.day - 1) // 7 + 1),
        "u": lambda: num(moment.isoweekday()),
        "a": lambda: "AM" if moment.hour < 12 else "PM",
        "H": lambda: num(moment.hour),
        "k": lambda: num(moment.hour or 24),
        "K": lambda: num(moment.hour % 12),
        "h": lambda: num(moment.hour % 12 or 12),
        "m": lambda: num(moment.minute),
        "s": lambda: num(moment.second),
        "S": lambda: num(moment.microsecond // 1000),
        "z": lambda: moment.tzname() or "UTC",
        "Z": lambda: _offset(moment, colon=False),
    }
    if letter == "X":
        if (moment.utcoffset() or timedelta(0)) == timedelta(0):
            return "Z"
        text = _offset(moment, colon=count >= 3)
        return text[:3] if count == 1 else text
    return simple[letter]()


def format_datetime(moment: datetime, pattern: str) -> str:
    """Render ``moment`` with a Java SimpleDateFormat pattern.

    Raises:
        MatcherError: when the pattern cannot be read.
    """
    parts = []
    for token in tokenize_pattern(pattern):
        parts.append(token if isinstance(token, str) else _field(token[0], token[1], moment))
    return "".join(parts)


# -- expressions ---------------------------------------------------------------------------------

_DATE_UNITS = {"day", "week", "fortnight", "month", "year"}
_TIME_UNITS = {"hour", "minute", "second", "millisecond"}
_WORD = re.compile(r"\s*([+-]|\d+|[A-Za-z']+)")


def _expression_error(expression: str, why: str) -> MatcherError:
    return MatcherError(
        f"The date/time expression {expression!r} cannot be evaluated: {why}.",
        hint="Write expressions like 'today', '+ 1 day', 'next month', 'tomorrow @ 10 am' or '@ next hour'.",
        expression=expression,
    )


def _add_months(moment: datetime, months: int) -> datetime:
    total = moment.year * 12 + (moment.month - 1) + months
    year, month = divmod(total, 12)
    day = min(moment.day, calendar.monthrange(year, month + 1)[1])
    return moment.replace(year=year, month=month + 1, day=day)


def _shift(moment: datetime, amount: int, unit: str) -> datetime:
    if unit == "month":
        return _add_months(moment, amount)
    if unit == "year":
        return _add_months(moment, 12 * amount)
    seconds = {
        "day": 86400,
        "week": 7 * 86400,
        "fortnight": 14 * 86400,
        "hour": 3600,
        "minute": 60,
        "second": 1,
    }
    if unit == "millisecond":
        return moment + timedelta(milliseconds=amount)
    return moment + timedelta(seconds=seconds[unit] * amount)


def _unit(word: str) -> str:
    word = word.lower()
    return word[:-1] if word.endswith("s") and word[:-1] in _DATE_UNITS | _TIME_UNITS else word


def _apply_part(expression: str, text: str, moment: datetime, units: set[str]) -> datetime:
    words = [m.group(1) for m in _WORD.finditer(text)]
    if "".join(words) != re.sub(r"\s+", "", text):
        raise _expression_error(expression, f"unexpected characters in {text.strip()!r}")
    i = 0
    while i < len(words):
        word = words[i].lower()
        if word in ("now", "today"):
            i += 1
        elif word in ("tomorrow", "yesterday"):
            moment = _shift(moment, 1 if word == "tomorrow" else -1, "day")
            i += 1
        elif word in ("midnight", "noon"):
            moment = moment.replace(hour=0 if word == "midnight" else 12, minute=0, second=0, microsecond=0)
            i += 1
        elif word in ("+", "-"):
            if i + 2 >= len(words):
                raise _expression_error(expression, f"'{word}' must be followed by a number and a unit")
            amount, unit = words[i + 1], _unit(words[i + 2])
            if not amount.isdigit() or unit not in units:
                raise _expression_error(expression, f"'{word} {amount} {unit}' is not an amount and a unit")
            moment = _shift(moment, int(amount) * (1 if word == "+" else -1), unit)
            i += 3
        elif word in ("next", "last"):
            if i + 1 >= len(words):
                raise _expression_error(expression, f"'{word}' must be followed by a unit")
            target = words[i + 1].lower()
            step = 1 if word == "next" else -1
            if _unit(target) in units:
                moment = _shift(moment, step, _unit(target))
            elif "day" in units and target.capitalize() in _DAYS:
                wanted = _DAYS.index(target.capitalize())
                delta = (wanted - moment.weekday()) % 7 if step > 0 else (moment.weekday() - wanted) % 7
                moment = _shift(moment, step * (delta or 7), "day")
            elif "month" in units and target[:3].capitalize() in [m[:3] for m in _MONTHS]:
                wanted = [m[:3] for m in _MONTHS].index(target[:3].capitalize()) + 1
                delta = (wanted - moment.month) % 12 if step > 0 else (moment.month - wanted) % 12
                moment = _add_months(moment, step * (delta or 12))
            else:
                raise _expression_error(expression, f"'{word} {target}' names no unit")
            i += 2
        elif word.isdigit() and "hour" in units:
            hour = int(word)
            suffix = words[i + 1].lower() if i + 1 < len(words) else ""
            if suffix in ("am", "pm") and 1 <= hour <= 12:
                hour = hour % 12 + (12 if suffix == "pm" else 0)
            elif suffix == "o'clock" and 0 <= hour <= 24:
                hour %= 24
            else:
                raise _expression_error(expression, f"'{word} {suffix}' is not a time of day")
            moment = moment.replace(hour=hour, minute=0, second=0, microsecond=0)
            i += 2
        else:
            raise _expression_error(expression, f"{words[i]!r} is not understood")
    return moment


def evaluate_expression(expression: str, base: datetime, kind: str = "DateTime") -> datetime:
    """Move ``base`` as a Pact date/time expression says.

    The date part (before ``@``) takes ``now``/``today``/``tomorrow``/``yesterday``, ``+ n unit``,
    ``- n unit`` and ``next``/``last`` ``unit|weekday|month`` with units day, week, fortnight,
    month, year; the time part (after ``@``, or the whole expression of a Time generator) takes
    ``now``, ``midnight``, ``noon``, ``n am|pm``, ``n o'clock``, ``+/- n unit`` and
    ``next``/``last`` ``unit`` with units hour, minute, second, millisecond.

    Args:
        expression: the generator's ``expression``.
        base: the moment it is relative to (normally now).
        kind: ``Date``, ``Time`` or ``DateTime``.

    Raises:
        MatcherError: when the expression cannot be read.
    """
    text = expression.strip()
    if not text:
        return base
    date_text, at, time_text = text.partition("@")
    if kind == "Time" and not at:
        date_text, time_text = "", text
    if kind == "Date" and at:
        raise _expression_error(expression, "a Date generator's expression has no '@ time' part")
    moment = _apply_part(expression, date_text, base, _DATE_UNITS)
    return _apply_part(expression, time_text, moment, _TIME_UNITS)


__all__ = ["DEFAULT_FORMATS", "evaluate_expression", "format_datetime", "tokenize_pattern"]
