"""JSON paths as matching rules use them: parsing, display and weighting.

Pact v2 defines a limited JSONPath for matching-rule keys:

    "Every path starts with `$`. Elements are separated by `.`, or written in bracket form
    `['x.y']` ... Array indices are written `[n]`. `*` matches every key or every index, one
    level only." (Pact specification v2, "Matching Rules")

A rule path is parsed once into a tuple of tokens (the root `$` is implicit): a `str` is a
property name, an `int` an array index, `STAR` the ``*`` wildcard
and `STAR_INDEX` the ``[*]`` one (indices only). Paths seen while walking
an actual document are tuples of `str` keys and `int` indices.

The weight of a rule path against an actual path follows the spec's table:

    "$ = 2, a property name that matches = 2, an array index that matches = 2, * that matches a
    key or index = 1, an element that does not match = 0." (v2 README, path weighting)

A rule longer than the actual path does not apply; a shorter one applies to the whole subtree
(it *cascades*). Among the rules that apply the best is the one with the highest
`weight * number of tokens`, as the Rust reference (`pact_models` `path_weight`) ranks them.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import lru_cache
from typing import Final

from accord.errors import MatcherError


class _Star:
    """A wildcard token: ``*`` (any key or index) or ``[*]`` (any index)."""

    __slots__ = ("index_only",)

    def __init__(self, index_only: bool) -> None:
        self.index_only = index_only

    def __repr__(self) -> str:
        return "STAR_INDEX" if self.index_only else "STAR"


STAR: Final = _Star(False)
"""``.*``: any property name or array index, one level."""
STAR_INDEX: Final = _Star(True)
"""``[*]``: any array index, one level (the Rust reference does not let it match a name)."""

PathToken = str | int | _Star
"""One element of a parsed rule path."""

_IDENT = re.compile(r"[^.\[\]'\"\s]+")
_SIMPLE_KEY = re.compile(r"^[A-Za-z0-9_\-]+$")


def _path_error(text: str, why: str) -> MatcherError:
    return MatcherError(
        f"The matching-rule path {text!r} is not a valid path: {why}.",
        hint="Write paths like `$.items[0].id`, `$.items[*].name` or `$['key with spaces']`.",
        path=text,
    )


@lru_cache(maxsize=4096)
def parse_path(text: str) -> tuple[PathToken, ...]:
    """Parse a rule path such as ``$.a.b[*].c`` or ``$['x y'][2]`` into tokens.

    Args:
        text: the path as written in a pact file; it must start with ``$``.

    Returns:
        The tokens after the root: names (``str``), indices (``int``) and ``STAR``.

    Raises:
        MatcherError: when the path is not valid (does not start with ``$``, unclosed bracket...).
    """
    if not text.startswith("$"):
        raise _path_error(text, "it must start with '$'")
    tokens: list[PathToken] = []
    i, n = 1, len(text)
    while i < n:
        char = text[i]
        if char == ".":
            i += 1
            if i < n and text[i] == "*":
                tokens.append(STAR)
                i += 1
                continue
            match = _IDENT.match(text, i)
            if match is None:
                raise _path_error(text, f"expected a name after '.' at position {i}")
            tokens.append(match.group())
            i = match.end()
        elif char == "[":
            end = text.find("]", i)
            if end < 0:
                raise _path_error(text, f"the '[' at position {i} is never closed")
            inner = text[i + 1 : end].strip()
            if inner[:1] in ("'", '"'):
                quote = inner[0]
                close = text.find(quote + "]", i + 2)
                if close < 0:
                    raise _path_error(text, f"the quoted name at position {i} is never closed")
                name = text[text.index(quote, i) + 1 : close]
                tokens.append(STAR if name == "*" else name)
                i = close + 2
                continue
            if inner == "*":
                tokens.append(STAR_INDEX)
            elif inner.isdigit():
                tokens.append(int(inner))
            else:
                raise _path_error(text, f"'[{inner}]' is neither an index, '*' nor a quoted name")
            i = end + 1
        else:
            # A bare name right after `$` (`$a`) is not valid JSONPath, but a name after a
            # token with no dot (`$.a#text`) is not either: report where it went wrong.
            raise _path_error(text, f"unexpected {char!r} at position {i}")
    return tuple(tokens)


def format_path(tokens: Sequence[PathToken], root: str = "$") -> str:
    """Render tokens (rule or actual) back into the dotted/bracket form.

    Names that are not plain identifiers use the bracket form ``['x y']``; integer tokens and
    all-digit names render as ``[n]``, as the Rust reference displays them.
    """
    parts = [root]
    for token in tokens:
        parts.append(format_token(token))
    return "".join(parts)


def format_token(token: PathToken) -> str:
    """Render one token as it follows its parent in a path."""
    if isinstance(token, _Star):
        return "[*]" if token.index_only else ".*"
    if isinstance(token, int) or token.isdigit():
        return f"[{token}]"
    if _SIMPLE_KEY.match(token):
        return "." + token
    return "['" + token + "']"


def token_weight(rule_token: PathToken, actual: str | int) -> int:
    """Weigh one rule token against one element of an actual path (2, 1 or 0)."""
    if rule_token is STAR:
        return 1
    if rule_token is STAR_INDEX:
        return 1 if isinstance(actual, int) or actual.isdigit() else 0
    if isinstance(rule_token, int):
        if isinstance(actual, int):
            return 2 if actual == rule_token else 0
        return 2 if actual.isdigit() and int(actual) == rule_token else 0
    if isinstance(actual, int):
        return 2 if rule_token == str(actual) else 0
    return 2 if rule_token == actual else 0


def path_weight(rule: Sequence[PathToken], actual: Sequence[str | int]) -> int:
    """Weight of a rule path against an actual path: 0 when the rule does not apply.

    The root contributes a factor 2; a rule longer than the actual path never applies.
    """
    if len(rule) > len(actual):
        return 0
    weight = 2
    for rule_token, element in zip(rule, actual, strict=False):
        weight *= token_weight(rule_token, element)
        if weight == 0:
            return 0
    return weight


def best_path(rules: Sequence[tuple[PathToken, ...]], actual: Sequence[str | int]) -> int | None:
    """Index of the rule path that applies best to ``actual`` (``None`` when none applies).

    Ranking is by ``weight * len(tokens)``; on a tie the path written first in the pact wins.
    """
    best, best_score = None, 0
    for index, rule in enumerate(rules):
        score = path_weight(rule, actual) * (len(rule) + 1)
        if score > best_score:
            best, best_score = index, score
    return best


__all__ = [
    "STAR",
    "STAR_INDEX",
    "PathToken",
    "best_path",
    "format_path",
    "format_token",
    "parse_path",
    "path_weight",
    "token_weight",
]
