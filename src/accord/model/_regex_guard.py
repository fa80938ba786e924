"""Regular expressions from pact files, guarded against catastrophic backtracking.

A pact's regex is data from another team (or another tool), and Python's ``re`` has no time limit:
``(a+)+$`` against ``"aaaaaaaaaaaaaaaaaaaaaaaaaaaaaa!"`` backtracks for minutes, hanging a mock
server or a verifier. `PactRegex` keeps ``re``'s speed for the patterns that cannot do that and
runs the others under a time limit:

- Every pattern is compiled with ``re`` first, so the set of accepted patterns (and every error
  message) is the one ``re`` gives, after Java's ``\\Q...\\E`` quoting is translated.
- A pattern is *at risk* when a repetition (``*``, ``+``, ``{n,}``, ``{n,m}`` with ``m > 1``) holds
  something that can match in more than one way: another variable repetition (``(a+)+``,
  ``(\\d+\\.)*``) or an alternation (``(a|aa)*``). Exponential backtracking needs one of these
  shapes; patterns without them (``ORD-[0-9]{6}``, ``[^@]+@[^@]+\\.[a-z]+``) keep ``re``.
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


def _ambiguous(items: Any) -> bool:
    """Whether a sub-pattern can match one text in several ways (a variable repetition or an alternation)."""
    for op, av in items:
        if op is _sre.BRANCH or (op in _REPEATS and av[0] != av[1]):
            return True
        if any(_ambiguous(child) for child in _children(op, av)):
            return True
    return False


def _at_risk(items: Any) -> bool:
    for op, av in items:
        if op in _REPEATS and av[1] > 1 and _ambiguous(av[2]):
            return True
        if any(_at_risk(child) for child in _children(op, av)):
            return True
    return False


def at_risk(pattern: str) -> bool:
    """Whether ``pattern`` (Python syntax) has a shape that can backtrack catastrophically.

    True for a repetition holding a variable repetition or an alternation: ``(a+)+``,
    ``(\\w+\\s?)*``, ``(a|aa)*``, ``(?:x+x+){2,}``; false otherwise, e.g. ``\\d+``, ``(ab)+``,
    ``[A-Z]{3}-\\d{4}``. A pattern that cannot be parsed is treated as at risk.
    """
    if _sre_parse is None:  # pragma: no cover
        return True
    try:
        return _at_risk(_sre_parse.parse(pattern))
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
