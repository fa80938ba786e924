"""Date and time patterns (Java ``DateTimeFormatter`` letters) and semantic versions, for matchers.

The Pact specification (V3, "date", "time" and "datetime" matchers) says formats follow Java's
``DateTimeFormatter`` (``yyyy-MM-dd``, ``HH:mm:ss``...). The DSL validates an example against its format
when the matcher is written, and renders today's date or the current time in a format when a matcher
asks for a generated value. Both work from one table of pattern letters, turned into a regular
expression (to validate) or a ``strftime`` directive (to render).
"""

from __future__ import annotations

import re
from datetime import UTC, datetime
from functools import lru_cache

from accord.errors import MatcherError

# letter -> (regex by run length, strftime by run length); the last entry serves longer runs.
_MONTHS = "January|February|March|April|May|June|July|August|September|October|November|December"
_DAYS = "Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday"
_OFFSET_COLON = r"[+-]\d{2}:\d{2}"
_OFFSET = r"[+-]\d{4}"

_LETTERS: dict[str, list[tuple[str, str]]] = {
    "y": [(r"\d{1,9}", "%Y"), (r"\d{2}", "%y"), (r"\d{3,9}", "%Y"), (r"\d{4,9}", "%Y")],
    "u": [(r"-?\d{1,9}", "%Y"), (r"\d{2}", "%y"), (r"\d{3,9}", "%Y"), (r"\d{4,9}", "%Y")],
    "M": [
        (r"(?:1[0-2]|0?[1-9])", "%-m"),
        (r"(?:1[0-2]|0[1-9])", "%m"),
        (r"(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)", "%b"),
        (f"(?:{_MONTHS})", "%B"),
    ],
    "L": [(r"(?:1[0-2]|0?[1-9])", "%-m"), (r"(?:1[0-2]|0[1-9])", "%m")],
    "d": [(r"(?:3[01]|[12]\d|0?[1-9])", "%-d"), (r"(?:3[01]|[12]\d|0[1-9])", "%d")],
    "D": [(r"\d{1,3}", "%-j"), (r"\d{2,3}", "%j"), (r"\d{3}", "%j")],
    "H": [(r"(?:2[0-3]|[01]?\d)", "%-H"), (r"(?:2[0-3]|[01]\d)", "%H")],
    "k": [(r"(?:2[0-4]|1\d|0?[1-9])", "%-H"), (r"(?:2[0-4]|1\d|0[1-9])", "%H")],
    "h": [(r"(?:1[0-2]|0?[1-9])", "%-I"), (r"(?:1[0-2]|0[1-9])", "%I")],
    "K": [(r"(?:1[01]|0?\d)", "%-I"), (r"(?:1[01]|0\d)", "%I")],
    "m": [(r"[0-5]?\d", "%-M"), (r"[0-5]\d", "%M")],
    "s": [(r"[0-5]?\d", "%-S"), (r"[0-5]\d", "%S")],
    "a": [(r"(?:AM|PM|am|pm)", "%p")],
    "E": [(r"(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun)", "%a")] * 3 + [(f"(?:{_DAYS})", "%A")],
    "e": [
        (r"[1-7]", "%u"),
        (r"0?[1-7]", "%u"),
        (r"(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun)", "%a"),
        (f"(?:{_DAYS})", "%A"),
    ],
    "G": [
        (r"(?:AD|BC)", "AD"),
        (r"(?:AD|BC)", "AD"),
        (r"(?:AD|BC)", "AD"),
        (r"(?:Anno Domini|Before Christ)", "AD"),
    ],
    "z": [(r"[A-Za-z][A-Za-z0-9/_+-]*", "%Z")],
    "Z": [
        (_OFFSET, "%z"),
        (_OFFSET, "%z"),
        (_OFFSET, "%z"),
        (r"(?:GMT|UTC)(?:[+-]\d{2}:\d{2})?", "GMT"),
        (f"(?:Z|{_OFFSET_COLON})", "%:z"),
    ],
    "X": [
        (r"(?:Z|[+-]\d{2}(?:\d{2})?)", "%z"),
        (f"(?:Z|{_OFFSET})", "%z"),
        (f"(?:Z|{_OFFSET_COLON})", "%:z"),
    ],
    "x": [(r"[+-]\d{2}(?:\d{2})?", "%z"), (_OFFSET, "%z"), (_OFFSET_COLON, "%:z")],
    "V": [(r"[A-Za-z][A-Za-z0-9/_+-]*", "%Z")] * 2,
    "O": [(r"GMT(?:[+-]\d{1,2}(?::\d{2})?)?", "GMT")] * 4,
    "w": [(r"\d{1,2}", "%-V"), (r"\d{2}", "%V")],
    "W": [(r"[0-5]", "%-U")],
    "Q": [(r"[1-4]", "Q"), (r"0[1-4]", "Q"), (r"Q[1-4]", "Q"), (r"[1-4](?:st|nd|rd|th) quarter", "Q")],
    "n": [(r"\d{1,9}", "%f")],
    "N": [(r"\d{1,19}", "%f")],
    "A": [(r"\d{1,8}", "%f")],
}
_LITERAL_CHARS = set(" -:/.,T_+[]()#{}")


def _fraction(count: int) -> tuple[str, str]:
    return rf"\d{{{count}}}", f"%{count}f"


def _tokens(pattern: str) -> list[tuple[str, str]]:
    """Split a Java pattern into (kind, text) tokens: ``letter`` runs and ``literal`` text."""
    tokens: list[tuple[str, str]] = []
    i = 0
    while i < len(pattern):
        char = pattern[i]
        if char == "'":
            if pattern.startswith("''", i):  # '' outside quotes is one quote
                tokens.append(("literal", "'"))
                i += 2
                continue
            text, i = _quoted(pattern, i + 1)
            tokens.append(("literal", text))
            continue
        if char.isalpha():
            j = i
            while j < len(pattern) and pattern[j] == char:
                j += 1
            tokens.append(("letter", pattern[i:j]))
            i = j
            continue
        tokens.append(("literal", char))
        i += 1
    return tokens


def _quoted(pattern: str, start: int) -> tuple[str, int]:
    """Read a quoted literal from ``start`` (after its opening quote); ``''`` inside is one quote."""
    text: list[str] = []
    i = start
    while i < len(pattern):
        if pattern[i] == "'":
            if pattern.startswith("''", i):
                text.append("'")
                i += 2
                continue
            return "".join(text), i + 1
        text.append(pattern[i])
        i += 1
    raise MatcherError(
        f"date/time format {pattern!r} has an unterminated quote",
        hint="close every quoted literal, e.g. \"yyyy-MM-dd'T'HH:mm:ss\"",
    )


def _letter(run: str, pattern: str) -> tuple[str, str]:
    letter = run[0]
    if letter == "S":
        return _fraction(len(run))
    table = _LETTERS.get(letter)
    if table is None:
        raise MatcherError(
            f"date/time format {pattern!r} uses the pattern letter {letter!r}, which Java's "
            "DateTimeFormatter does not define",
            hint="quote literal text ('T'), or use letters such as yyyy MM dd HH mm ss SSS XXX",
        )
    return table[min(len(run), len(table)) - 1]


@lru_cache(maxsize=256)
def format_regex(pattern: str) -> re.Pattern[str]:
    """Compile a Java ``DateTimeFormatter`` pattern into a regular expression for whole values.

    Raises:
        MatcherError: the pattern uses an undefined letter or an unterminated quote.
    """
    parts: list[str] = []
    for kind, text in _tokens(pattern):
        parts.append(re.escape(text) if kind == "literal" else _letter(text, pattern)[0])
    return re.compile("".join(parts))


def matches_format(value: str, pattern: str) -> bool:
    """Whether ``value`` reads as a date/time in the Java ``pattern`` (whole string)."""
    return format_regex(pattern).fullmatch(value) is not None


def render_now(pattern: str, now: datetime | None = None) -> str:
    """Render ``now`` (default: the current UTC time) in a Java ``DateTimeFormatter`` pattern."""
    moment = now or datetime.now(UTC)
    out: list[str] = []
    for kind, text in _tokens(pattern):
        if kind == "literal":
            out.append(text)
            continue
        if text[0] == "S":
            out.append(f"{moment.microsecond:06d}"[: len(text)].ljust(len(text), "0"))
            continue
        directive = _letter(text, pattern)[1]
        out.append(_strftime(moment, directive))
    return "".join(out)


def _strftime(moment: datetime, directive: str) -> str:
    if not directive.startswith("%"):
        return directive
    if directive.startswith("%-"):
        return str(int(moment.strftime("%" + directive[2:])))
    if directive == "%:z":
        offset = moment.strftime("%z") or "+0000"
        return "Z" if offset == "+0000" else f"{offset[:3]}:{offset[3:]}"
    if directive == "%z":
        return moment.strftime("%z") or "+0000"
    if directive.endswith("f") and directive != "%f":
        return moment.strftime("%f")[: int(directive[1:-1])]
    if directive == "%Z":
        return moment.strftime("%Z") or "UTC"
    return moment.strftime(directive)


# Semantic Versioning 2.0.0, section 2 and the grammar at its end.
_SEMVER = re.compile(
    r"(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)"
    r"(?:-((?:0|[1-9]\d*|\d*[A-Za-z-][0-9A-Za-z-]*)(?:\.(?:0|[1-9]\d*|\d*[A-Za-z-][0-9A-Za-z-]*))*))?"
    r"(?:\+([0-9A-Za-z-]+(?:\.[0-9A-Za-z-]+)*))?"
)


def is_semver(value: str) -> bool:
    """Whether ``value`` is a Semantic Versioning 2.0.0 version (``1.0.0`` yes, ``1.0`` no)."""
    return _SEMVER.fullmatch(value) is not None


__all__ = ["format_regex", "is_semver", "matches_format", "render_now"]
