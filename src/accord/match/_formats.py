"""Date and time patterns (Java ``DateTimeFormatter`` letters) and semantic versions, for matchers.

The Pact specification (V3, "date", "time" and "datetime" matchers) says formats follow Java's
``DateTimeFormatter`` (``yyyy-MM-dd``, ``HH:mm:ss``...). The DSL validates an example against its format
when the matcher is written, and renders today's date or the current time in a format when a matcher
asks for a generated value. Both use ``accord.model``'s one reader of patterns: `pattern_regex` to
validate (the matching engine's translation) and `format_datetime` to render (the generators').
"""

from __future__ import annotations

import re
from datetime import UTC, datetime

from accord.model._date_regex import matches_pattern, pattern_regex
from accord.model._dates import format_datetime


def format_regex(pattern: str) -> re.Pattern[str]:
    """Compile a Java ``DateTimeFormatter`` pattern into a regular expression for whole values.

    The expression has plain groups only, so Java and Rust read it too: it stands in for a date
    matcher in a V2 pact (``{"match": "regex", "regex": ...}``).

    Raises:
        MatcherError: the pattern uses an undefined letter, too many letters or an unterminated quote.
    """
    return pattern_regex(pattern, named=False)


def matches_format(value: str, pattern: str) -> bool:
    """Whether ``value`` reads as a date/time in the Java ``pattern`` (whole string, real calendar days).

    Raises:
        MatcherError: when the pattern cannot be read.
    """
    return matches_pattern(value, pattern)


def render_now(pattern: str, now: datetime | None = None) -> str:
    """Render ``now`` (default: the current UTC time) in a Java ``DateTimeFormatter`` pattern."""
    return format_datetime(now or datetime.now(UTC), pattern)


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
