"""Date, time and datetime values read field by field, as the Pact reference verifier reads them.

The specification bases the patterns on Java's ``DateTimeFormatter`` ("For dates and times, the
format specifier is based on the Java DateTimeFormatter", v3 matchers) but gives no test case for
them, so the reference implementation (the Rust core, ``pact_models::time_utils``) decides what a
value that is not quite the pattern's width means. It reads the value left to right, each field
taking as much as it can and never giving back:

- numbers take one digit up to their width (``MM`` and ``dd`` read ``1``, ``HH`` reads ``9``), a
  year up to as many digits as the pattern has letters, a fraction ``S...`` one digit up to as
  many as there are ``S``; then the range is checked (month 1-12, hour 0-23, minute 0-59,
  second 0-60, offset hours 0-11);
- names (months, days, eras, AM/PM) are read without regard to case;
- after the last field nothing may be left, and a day must exist in its month (in 2001 when the
  pattern has no year).

`read_datetime` returns ``None`` for a pattern with a field this reader leaves to Java's reading
(optional sections ``[...]``, zone names: see `_java_only`), which the caller then applies.
"""

from __future__ import annotations

import calendar
import re
from functools import lru_cache

from accord.model._dates import OPTIONAL_END, OPTIONAL_START, Token, tokenize_pattern

_DIGITS = re.compile(r"\d+")
_ZONE_NAME = re.compile(r"[A-Z]{3,4}(?:[+-]\d{2}:\d{2})?")  # with Java's offset form (UTC+05:30)
_SHORT_MONTHS = [name.lower() for name in calendar.month_abbr[1:]]
_MONTHS = [name.lower() for name in calendar.month_name[1:]]
_SHORT_DAYS = [name.lower() for name in calendar.day_abbr]
_DAYS = [name.lower() for name in calendar.day_name]
_QUARTER_WORDS = ["1st quarter", "2nd quarter", "3rd quarter", "4th quarter"]

# (fewest digits, most digits, lowest, highest) for the numeric fields of fixed width; the ranges
# are the reference's own (its day of year stops at 356, its week of year at 56: checked against
# `pact verifier`), since a verdict must be the one the reference gives
_NUMBERS: dict[str, tuple[int, int, int, int]] = {
    "d": (1, 2, 1, 31),
    "D": (1, 3, 1, 356),
    "w": (1, 2, 1, 56),
    "W": (1, 2, 1, 5),
    "H": (1, 2, 0, 23),
    "k": (1, 2, 1, 24),
    "h": (1, 2, 1, 12),
    "K": (1, 2, 0, 11),
    "m": (1, 2, 0, 59),
    "s": (1, 2, 0, 60),
}


class _Reader:
    """A value being read: the text and how far the fields have got."""

    __slots__ = ("pos", "text")

    def __init__(self, text: str) -> None:
        self.text = text
        self.pos = 0

    def number(self, fewest: int, most: int, low: int, high: int) -> str | None:
        found = _DIGITS.match(self.text, self.pos)
        if found is None or len(found.group()) < fewest:
            return None
        digits = found.group()[:most]
        if not low <= int(digits) <= high:
            return None
        self.pos += len(digits)
        return digits

    def digits(self) -> bool:
        found = _DIGITS.match(self.text, self.pos)
        if found is not None:
            self.pos = found.end()
        return found is not None

    def word(self, words: list[str]) -> str | None:
        rest = self.text[self.pos :].lower()
        for word in words:
            if rest.startswith(word):
                self.pos += len(word)
                return word
        return None

    def literal(self, text: str) -> bool:
        if self.text.startswith(text, self.pos):
            self.pos += len(text)
            return True
        return False

    def signs(self) -> bool:
        start = self.pos
        while self.pos < len(self.text) and self.text[self.pos] in "+-":
            self.pos += 1
        return self.pos > start

    def offset(self, colon: bool, minutes: str, seconds: bool = False) -> bool:
        """``[+-]H[:]m``; ``minutes`` is "required", "optional"; ``seconds``: an optional ``[:]s``."""
        if not self.signs() or self.number(1, 2, 0, 11) is None:
            return False
        if colon and minutes == "required" and not self.literal(":"):
            return False
        at = self.pos
        if self.number(1, 2, 0, 59) is None:
            if minutes == "required":
                return False
            self.pos = at
            return True
        if seconds:
            at = self.pos
            if (colon and not self.literal(":")) or self.number(1, 2, 0, 60) is None:
                self.pos = at
        return True


def _zone_field(reader: _Reader, letter: str, count: int) -> bool:
    if letter == "X" and reader.literal("Z"):
        return True
    if letter == "z":  # an abbreviation: the reference also looks it up in its zone table
        found = _ZONE_NAME.match(reader.text, reader.pos)
        if found is not None:
            reader.pos = found.end()
        return found is not None
    if letter in "Xx":
        colon = count in (3, 5)
        return reader.offset(colon, "optional" if count == 1 else "required", seconds=count >= 4)
    if count <= 3:  # Z, ZZ, ZZZ: +HHmm
        return reader.offset(False, "required")
    if not (reader.literal("GMT") or reader.literal("UTC")):  # ZZZZ: GMT, GMT+H:mm
        return False
    at = reader.pos
    if not reader.offset(True, "required"):
        reader.pos = at
    return True


def _field(reader: _Reader, letter: str, count: int, seen: dict[str, str]) -> bool:
    """Read one field; record the year, month and day for the calendar check."""
    if letter in _NUMBERS:
        value = reader.number(*_NUMBERS[letter])
        if value is not None and letter == "d":
            seen["day"] = value
        return value is not None
    if letter in "yYu":
        value = reader.number(1, count, 0, 10**count)
        if value is not None:
            seen["year"] = value
        return value is not None
    if letter in "ML":
        if count <= 2 or letter == "L":
            value = reader.number(1, 2, 1, 12)
            month = int(value) if value is not None else 0
        else:
            names = _SHORT_MONTHS if count == 3 else _MONTHS
            word = reader.word(names)
            month = names.index(word) + 1 if word is not None else 0
        if month and letter == "M":
            seen["month"] = str(month)
        return month > 0
    if letter in "Eec":
        if letter != "E" and count <= 2:
            return reader.number(1, 1, 1, 7) is not None
        return reader.word(_SHORT_DAYS if count <= 3 else _DAYS) is not None
    if letter in "Qq":
        if letter == "q" or count < 3:
            return reader.number(1, 2, 1, 4) is not None
        return reader.word(["q1", "q2", "q3", "q4"] if count == 3 else _QUARTER_WORDS) is not None
    if letter == "S":
        return reader.number(1, count, 0, 10**count - 1) is not None
    if letter in "nAN":
        return reader.digits()
    if letter == "G":
        return reader.word(["ad", "bc"]) is not None
    if letter == "a":
        return reader.word(["am", "pm"]) is not None
    return _zone_field(reader, letter, count)


def _java_only(token: Token) -> bool:
    """Whether the reference reads this field against Java's own reading (then Java decides).

    Optional sections, zone ids and names (``v``, ``V``, ``zzzz``) and ``O`` it cannot read, or
    reads only against its own zone table (here an abbreviation ``z`` is three or four capitals,
    or Java's ``UTC+05:30``); a year of one or three letters it caps at that many digits; narrow
    and standalone names it reads as numbers or full names; ``ee``, ``F`` and ``ZZZZZ`` (``Z``
    for UTC) it reads otherwise. A generated value must match its own matcher, so these stay Java's.
    """
    if isinstance(token, str):
        return False
    letter, count = token
    return (
        token in (OPTIONAL_START, OPTIONAL_END)
        or letter in "vVOF"
        or (letter == "z" and count == 4)
        or (letter in "yYu" and count in (1, 3))
        or (letter in "EecMLQ" and count == 5)
        or (letter == "G" and count >= 4)
        or (letter == "L" and count >= 3)
        or (letter == "q" and count >= 3)
        or (token in (("e", 2), ("Z", 5)))
    )


@lru_cache(maxsize=256)
def _supported(pattern: str) -> tuple[Token, ...] | None:
    tokens = tuple(tokenize_pattern(pattern))
    return None if any(_java_only(token) for token in tokens) else tokens


def read_datetime(value: str, pattern: str) -> bool | None:
    """Whether ``value`` reads as ``pattern`` the reference verifier's way, ``None`` if not covered.

    Raises:
        MatcherError: when the pattern cannot be read at all.
    """
    tokens = _supported(pattern)
    if tokens is None:
        return None
    reader, seen = _Reader(value), dict[str, str]()
    for token in tokens:
        ok = reader.literal(token) if isinstance(token, str) else _field(reader, *token, seen)
        if not ok:
            return False
    if reader.pos != len(value):
        return False
    if "day" in seen and "month" in seen:
        year = int(seen["year"]) if "year" in seen else 2001
        return int(seen["day"]) <= calendar.monthrange(max(min(year, 9999), 1), int(seen["month"]))[1]
    return True


__all__ = ["read_datetime"]
