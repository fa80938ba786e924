"""Dates and times for the Date, Time and DateTime generators: Java-style patterns and expressions.

Pact v3, "Generators":

    "Date / Time / DateTime: format (optional) — generates a date/time from the current
    date/time, in the given format (Java SimpleDateFormat patterns) or ISO format when omitted."

Pact v4 adds ``expression``:

    "The Date, Time and DateTime generators can take an expression that is evaluated relative to
    the current date/time", e.g. ``"+ 1 day"``, ``"next month"``, ``"today + 2 weeks @ 10 am"``,
    ``"@ next hour"``, ``"yesterday @ midnight"``.

Patterns are read by one tokenizer, `tokenize_pattern`, with Java ``DateTimeFormatter``'s letters
(as the Pact reference implementations do; the date, time and datetime matchers of ``accord.matching``
read patterns with it too). `format_datetime` renders a datetime with a pattern
(``yyyy-MM-dd'T'HH:mm:ss.SSSXXX``) and `evaluate_expression` moves a base datetime as an expression
says. Both raise `MatcherError` for patterns or expressions they cannot read, so a bad generator is
reported when the pact loads.
"""

from __future__ import annotations

import calendar
import re
from collections.abc import Callable
from datetime import date, datetime, timedelta
from functools import lru_cache

from accord.errors import MatcherError

DEFAULT_FORMATS = {"Date": "yyyy-MM-dd", "Time": "HH:mm:ss", "DateTime": "yyyy-MM-dd'T'HH:mm:ss"}
"""The patterns used when a generator has no ``format``: the ISO 8601 forms."""

_MONTHS = [calendar.month_name[i] for i in range(1, 13)]
_DAYS = [calendar.day_name[i] for i in range(7)]

PATTERN_LETTERS = frozenset("GuyYDMLdQqwWFEecahKkHmsSAnNVvzOXxZ")
"""The pattern letters of Java's ``DateTimeFormatter`` that Accord reads (matching and generating).

era ``G``; year ``u``, year-of-era ``y``, week-based year ``Y``; day-of-year ``D``; month ``M``/``L``;
day-of-month ``d``; quarter ``Q``/``q``; week ``w``/``W``, aligned week ``F``; day-of-week ``E``, local
day-of-week ``e``/``c``; AM/PM ``a``; hours ``h`` (1-12) ``K`` (0-11) ``k`` (1-24) ``H`` (0-23); minute
``m``; second ``s``; fraction ``S``; nano-of-second ``n``; milli-of-day ``A``; nano-of-day ``N``; zone id
``V``, generic zone name ``v``, zone name ``z``; offsets ``O``, ``X``, ``x``, ``Z``.
"""

# The most letters Java's DateTimeFormatter.ofPattern accepts in one run (letters not named: any count).
_MOST_LETTERS = {
    "G": 5, "M": 5, "L": 5, "Q": 5, "q": 5, "E": 5, "e": 5, "c": 5, "d": 2, "D": 3, "w": 2, "W": 2,
    "F": 2, "a": 1, "h": 2, "K": 2, "k": 2, "H": 2, "m": 2, "s": 2, "S": 9, "n": 9, "V": 2, "v": 4,
    "z": 4, "O": 4, "X": 5, "x": 5, "Z": 5,
}  # fmt: skip
# Counts Java refuses although they are below the maximum.
_FORBIDDEN_COUNTS = {("c", 2), ("V", 1), ("O", 2), ("O", 3), ("v", 2), ("v", 3)}
_RESERVED = frozenset("#{}")

OPTIONAL_START = ("[", 0)
"""The token opening an optional section (``[...]``): matched when present, always generated."""
OPTIONAL_END = ("]", 0)
"""The token closing an optional section."""

Token = tuple[str, int] | str
"""A pattern token: ``(letter, count)`` for a field (or an optional-section bracket), text for a literal."""


def _pattern_error(pattern: str, why: str) -> MatcherError:
    return MatcherError(
        f"The date/time format {pattern!r} cannot be used: {why}.",
        hint="Use a Java DateTimeFormatter pattern such as \"yyyy-MM-dd'T'HH:mm:ss\" "
        "(quote literal letters with single quotes).",
        format=pattern,
    )


@lru_cache(maxsize=512)
def _tokens(pattern: str) -> tuple[Token, ...]:
    tokens: list[Token] = []
    i, n, depth = 0, len(pattern), 0
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
            if char not in PATTERN_LETTERS:
                raise _pattern_error(pattern, f"{char!r} is not a pattern letter")
            end = i
            while end < n and pattern[end] == char:
                end += 1
            count = end - i
            if count > _MOST_LETTERS.get(char, 19) or (char, count) in _FORBIDDEN_COUNTS:
                raise _pattern_error(pattern, f"{char * count!r} has too many or too few letters {char!r}")
            tokens.append((char, count))
            i = end
        elif char == "[":
            depth += 1
            tokens.append(OPTIONAL_START)
            i += 1
        elif char == "]":
            if depth == 0:
                raise _pattern_error(pattern, f"the ']' at position {i} closes no optional section")
            depth -= 1
            tokens.append(OPTIONAL_END)
            i += 1
        elif char in _RESERVED:
            raise _pattern_error(pattern, f"{char!r} is reserved (quote it: '{char}')")
        else:
            tokens.append(char)
            i += 1
    if depth:
        raise _pattern_error(pattern, "an optional section '[' is never closed")
    return tuple(tokens)


def tokenize_pattern(pattern: str) -> list[Token]:
    """Split a Java ``DateTimeFormatter`` pattern into fields, literal text and optional sections.

    The one reader of date/time patterns: generators render with it (`format_datetime`) and the
    date, time and datetime matchers translate it into a regular expression (``accord.matching``).

    "Any non-letter character, other than '[', ']', '{', '}', '#' and the single quote will be
    output directly. [...] '' represents a single quote. [...] '[' optional section start; ']'
    optional section end; '#', '{', '}' reserved for future use" (java.time.format.DateTimeFormatter,
    "Patterns for Formatting and Parsing"); the letters are `PATTERN_LETTERS`.

    Raises:
        MatcherError: for a letter Java does not define, too many letters in a run (``ddd``), an
            unclosed quote or optional section, or a reserved character.
    """
    return list(_tokens(pattern))


def _offset(moment: datetime, colon: bool, short: bool = False) -> str:
    """The UTC offset as ``+HH:MM``/``+HHMM`` (``short``: ``+HH`` when the minutes are zero)."""
    delta = moment.utcoffset() or timedelta(0)
    minutes = int(delta.total_seconds()) // 60
    sign = "-" if minutes < 0 else "+"
    hours, mins = divmod(abs(minutes), 60)
    if short and not mins:
        return f"{sign}{hours:02d}"
    return f"{sign}{hours:02d}:{mins:02d}" if colon else f"{sign}{hours:02d}{mins:02d}"


def _zone(letter: str, count: int, moment: datetime) -> str:
    """Zone ids, names and the offset letters ``O``, ``X``, ``x`` and ``Z``."""
    zero = (moment.utcoffset() or timedelta(0)) == timedelta(0)
    if letter in "Vv":
        key = getattr(moment.tzinfo, "key", None)
        return str(key) if key else "Z" if zero else _offset(moment, colon=True)
    if letter == "z":
        return moment.tzname() or "UTC"
    if letter == "O":  # GMT, GMT+8, GMT+5:30 (O); GMT+08:00 (OOOO)
        if zero:
            return "GMT"
        if count == 4:
            return "GMT" + _offset(moment, colon=True)
        text = _offset(moment, colon=True)
        return f"GMT{text[0]}{int(text[1:3])}" + ("" if text.endswith(":00") else text[3:])
    if letter == "Z":  # +0000 (Z-ZZZ), GMT+08:00 (ZZZZ), Z or +08:00 (ZZZZZ)
        if count == 4:
            return _zone("O", 4, moment)
        if count == 5:
            return "Z" if zero else _offset(moment, colon=True)
        return _offset(moment, colon=False)
    if letter == "X" and zero:
        return "Z"
    # X and x: +HH[mm] (1), +HHMM (2, 4), +HH:MM (3, 5)
    return _offset(moment, colon=count in (3, 5), short=count == 1)


def _text(names: list[str], index: int, count: int) -> str:
    """A month or day name: short (1-3 letters), full (4) or narrow (5)."""
    name = names[index]
    return name if count == 4 else name[0] if count == 5 else name[:3]


def _field(letter: str, count: int, moment: datetime) -> str:
    def num(value: int) -> str:
        return str(value).zfill(count)

    if letter in "yuY":
        year = moment.isocalendar()[0] if letter == "Y" else moment.year
        return str(year % 100).zfill(2) if count == 2 else num(year)
    if letter in "ML":
        return num(moment.month) if count <= 2 else _text(_MONTHS, moment.month - 1, count)
    if letter == "E":
        return _text(_DAYS, moment.weekday(), count if count >= 4 else 3)
    if letter in "ec":
        return num(moment.isoweekday()) if count <= 2 else _text(_DAYS, moment.weekday(), count)
    if letter in "Qq":
        quarter = (moment.month - 1) // 3 + 1
        if count <= 2 or count == 5:
            return str(quarter).zfill(count if count <= 2 else 1)
        return f"Q{quarter}" if count == 3 else f"{quarter}{['st', 'nd', 'rd', 'th'][quarter - 1]} quarter"
    if letter == "G":
        return "Anno Domini" if count == 4 else "A" if count == 5 else "AD"
    if letter == "S":  # fraction-of-second: the first `count` digits
        return f"{moment.microsecond:06d}000"[:count]
    if letter in "VvzOXxZ":
        return _zone(letter, count, moment)
    midnight = moment.replace(hour=0, minute=0, second=0, microsecond=0)
    since_midnight = moment - midnight
    simple: dict[str, Callable[[], str]] = {
        "w": lambda: num(moment.isocalendar()[1]),
        "W": lambda: num((moment.day + date(moment.year, moment.month, 1).weekday()) // 7 + 1),
        "D": lambda: num(moment.timetuple().tm_yday),
        "d": lambda: num(moment.day),
        "F": lambda: num((moment.day - 1) // 7 + 1),
        "a": lambda: "AM" if moment.hour < 12 else "PM",
        "H": lambda: num(moment.hour),
        "k": lambda: num(moment.hour or 24),
        "K": lambda: num(moment.hour % 12),
        "h": lambda: num(moment.hour % 12 or 12),
        "m": lambda: num(moment.minute),
        "s": lambda: num(moment.second),
        "n": lambda: num(moment.microsecond * 1000),
        "A": lambda: num(since_midnight // timedelta(milliseconds=1)),
        "N": lambda: num(since_midnight // timedelta(microseconds=1) * 1000),
    }
    return simple[letter]()


def format_datetime(moment: datetime, pattern: str) -> str:
    """Render ``moment`` with a Java ``DateTimeFormatter`` pattern (optional sections are rendered).

    Raises:
        MatcherError: when the pattern cannot be read (see `tokenize_pattern`).
    """
    parts = []
    for token in _tokens(pattern):
        if isinstance(token, str):
            parts.append(token)
        elif token[1]:  # not an optional-section bracket
            parts.append(_field(token[0], token[1], moment))
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


__all__ = [
    "DEFAULT_FORMATS",
    "OPTIONAL_END",
    "OPTIONAL_START",
    "PATTERN_LETTERS",
    "Token",
    "evaluate_expression",
    "format_datetime",
    "tokenize_pattern",
]
