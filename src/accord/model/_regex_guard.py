"""Regular expressions from pact files, guarded against catastrophic backtracking.

A pact's regex is data from another team (or another tool), and Python's ``re`` has no time limit:
``(a+)+$`` against ``"aaaaaaaaaaaaaaaaaaaaaaaaaaaaaa!"`` backtracks for minutes, hanging a mock
server or a verifier. `PactRegex` keeps ``re``'s speed for the patterns that cannot do that and
runs the others under a time limit:

- Every pattern is compiled with ``re`` first, so the set of accepted patterns (and every error
  message) is the one ``re`` gives, after Java's ``\\Q...\\E`` quoting is translated.
- A pattern is *at risk* when a repetition (``*``, ``+``, ``{n,}``, ``{n,m}`` with ``m > 1``) holds
  something that can match in more than one way: another variable repetition (``(a+)+``,
  ``(\\w+\\s?)*``) or an alternation (``(a|aa)*``). Exponential backtracking needs one of these
  shapes; patterns without them (``ORD-[0-9]{6}``, ``[^@]+@[^@]+\\.[a-z]+``) keep ``re``, and so do
  inner repetitions of one character that a literal they cannot match ends (``(\\d+\\.)+``).
- An at-risk pattern is matched with the ``regex`` package (the same syntax and semantics for
  everything ``re`` accepts) with a ``timeout``; running out of time raises `RegexTooSlow`, which
  the matching engine reports as a mismatch and the pact loader as an invalid rule, both naming
  the rule's place and the pattern.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from typing import Any

from accord.errors import MatcherError

try:  # the structure of a compiled pattern; a private module of the standard library since 3.11
    from re import _constants as _sre  # type: ignore[attr-defined]
    from re import _parser as _sre_parse  # type: ignore[attr-defined]
except ImportError:  # pragma: no cover - a Python without them guards every pattern
    _sre = _sre_parse = None

REGEX_TIME_LIMIT = 0.5
"""Seconds one at-risk regex may spend on one value before the match is abandoned."""


class RegexTooSlow(MatcherError):
    """Raised when a pact's regex runs out of time on a value (catastrophic backtracking)."""


def _repeats() -> frozenset[Any]:
    if _sre is None:  # pragma: no cover
        return frozenset()
    names = ("MAX_REPEAT", "MIN_REPEAT", "POSSESSIVE_REPEAT")
    return frozenset(getattr(_sre, name) for name in names if hasattr(_sre, name))


_REPEATS = _repeats()


def _children(op: Any, av: Any) -> Iterable[Any]:
    """The sub-patterns under one parsed item (groups, alternatives, lookarounds, conditionals)."""
    if op in _REPEATS:
        return [av[2]]
    if op is _sre.SUBPATTERN:
        return [av[-1]]
    if op is _sre.BRANCH:
        return list(av[1])
    if op in (_sre.ASSERT, _sre.ASSERT_NOT):
        return [av[1]]
    if op is getattr(_sre, "ATOMIC_GROUP", None):
        return [av]
    if op is _sre.GROUPREF_EXISTS:
        return [branch for branch in av[1:] if branch is not None]
    return []


_CATEGORIES = {
    "CATEGORY_DIGIT": r"\d",
    "CATEGORY_NOT_DIGIT": r"\D",
    "CATEGORY_WORD": r"\w",
    "CATEGORY_NOT_WORD": r"\W",
    "CATEGORY_SPACE": r"\s",
    "CATEGORY_NOT_SPACE": r"\S",
}


def _set_holds(items: Any, char: str) -> bool | None:
    """Whether a character class (``IN`` items) holds ``char``; ``None`` when it cannot tell."""
    negate, found = False, False
    for op, av in items:
        if op is _sre.NEGATE:
            negate = True
        elif op is _sre.LITERAL:
            found = found or chr(av) == char
        elif op is _sre.RANGE:
            found = found or av[0] <= ord(char) <= av[1]
        elif op is _sre.CATEGORY and str(av) in _CATEGORIES:
            found = found or re.fullmatch(_CATEGORIES[str(av)], char) is not None
        else:
            return None
    return found != negate


def _one_char_holds(item: Any, char: str) -> bool | None:
    """Whether a one-character item (literal, class, ``.``) matches ``char``; ``None`` when it cannot tell."""
    op, av = item
    if op is _sre.LITERAL:
        return chr(av) == char
    if op is _sre.NOT_LITERAL:
        return chr(av) != char
    if op is _sre.ANY:
        return True
    if op is _sre.IN:
        return _set_holds(av, char)
    return None


def _bounded_by_next(items: Any, index: int, case_blind: bool) -> bool:
    """Whether the variable repetition ``items[index]`` of one character ends at a literal it cannot match.

    ``\\d+\\.`` (and ``[^/]+/``, ``\\w+,``) splits a text one way only: the repetition must stop at the
    literal, so repeating the whole sequence cannot backtrack exponentially.
    """
    body = items[index][1][2]
    if case_blind or len(body) != 1 or index + 1 >= len(items):
        return False
    follower_op, follower = items[index + 1]
    if follower_op is not _sre.LITERAL:
        return False
    return _one_char_holds(body[0], chr(follower)) is False


def _ambiguous(items: Any, case_blind: bool) -> bool:
    """Whether a sub-pattern can match one text in several ways (a variable repetition or an alternation)."""
    for index, (op, av) in enumerate(items):
        if op is _sre.BRANCH:
            return True
        if op in _REPEATS and av[0] != av[1] and not _bounded_by_next(items, index, case_blind):
            return True
        if any(_ambiguous(child, case_blind) for child in _children(op, av)):
            return True
    return False


_CLASS_FLAGS = re.IGNORECASE | re.ASCII | re.LOCALE


def _changes_classes(parsed: Any) -> bool:
    """Whether flags change what one character matches (``(?i)``: 'a' matches 'A'; ``(?a)``: ``\\D``)."""

    def scoped(items: Any) -> bool:
        for op, av in items:
            if op is _sre.SUBPATTERN and (av[1] | av[2]) & _CLASS_FLAGS:
                return True
            if any(scoped(child) for child in _children(op, av)):
                return True
        return False

    return bool(parsed.state.flags & _CLASS_FLAGS) or scoped(parsed)


def _at_risk(items: Any, case_blind: bool) -> bool:
    for op, av in items:
        if op in _REPEATS and av[1] > 1 and _ambiguous(av[2], case_blind):
            return True
        if any(_at_risk(child, case_blind) for child in _children(op, av)):
            return True
    return False


def at_risk(pattern: str) -> bool:
    """Whether ``pattern`` (Python syntax) has a shape that can backtrack catastrophically.

    True for a repetition holding a variable repetition or an alternation: ``(a+)+``,
    ``(\\w+\\s?)*``, ``(a|aa)*``, ``(?:x+x+){2,}``; false otherwise, e.g. ``\\d+``, ``(ab)+``,
    ``[A-Z]{3}-\\d{4}``, and for an inner repetition of one character ended by a literal it cannot
    match (``(\\d+\\.)+``, ``([^/]+/)*``). A pattern that cannot be parsed is treated as at risk.
    """
    if _sre_parse is None:  # pragma: no cover
        return True
    try:
        parsed = _sre_parse.parse(pattern)
        return _at_risk(parsed, _changes_classes(parsed))
    except Exception:  # a parser change must not break loading: guard the pattern instead
        return True


class PactRegex:
    """A matcher's compiled regular expression: ``re`` when safe, time-limited when at risk.

    Attributes:
        pattern: the expression in Python syntax (Java's ``\\Q...\\E`` already translated).
        guarded: whether matches run under `REGEX_TIME_LIMIT` (the pattern is `at_risk`).
        fullmatch: ``fullmatch(text)`` -> a match or ``None``; raises `RegexTooSlow` when a
            guarded match runs out of time.
    """

    __slots__ = ("_compiled", "fullmatch", "guarded", "pattern")

    pattern: str
    guarded: bool
    fullmatch: Callable[[str], object | None]

    def __init__(self, compiled: re.Pattern[str]) -> None:
        """Wrap a pattern ``re`` compiled; at-risk patterns are compiled again by ``regex``."""
        self.pattern = compiled.pattern
        self.guarded = at_risk(compiled.pattern)
        if self.guarded:
            import regex  # type: ignore[import-untyped]  # noqa: PLC0415 - only at-risk patterns need it

            self._compiled: Any = regex.compile(compiled.pattern, flags=regex.VERSION0)
            self.fullmatch = self._fullmatch_in_time
        else:
            self._compiled = compiled
            self.fullmatch = compiled.fullmatch

    def _fullmatch_in_time(self, text: str) -> object | None:
        try:
            found: object | None = self._compiled.fullmatch(text, timeout=REGEX_TIME_LIMIT)
        except TimeoutError:
            raise RegexTooSlow(
                f"the regular expression {self.pattern!r} took longer than {REGEX_TIME_LIMIT:g} s on a "
                f"value of {len(text)} characters (catastrophic backtracking)",
                hint="Simplify the expression: avoid nested repetitions such as (a+)+ and "
                "overlapping alternatives such as (a|aa)*.",
                regex=self.pattern,
            ) from None
        return found

    def __eq__(self, other: object) -> bool:
        return isinstance(other, PactRegex) and other.pattern == self.pattern

    def __hash__(self) -> int:
        return hash(self.pattern)

    def __repr__(self) -> str:
        return f"PactRegex({self.pattern!r}{', guarded' if self.guarded else ''})"


__all__ = ["REGEX_TIME_LIMIT", "PactRegex", "RegexTooSlow", "at_risk"]
