"""Strings that match a regular expression: the value of a ``Regex`` generator.

Pact v3, "Generators": "Regex: regex — generates a random string from the provided regular
expression". The expression is parsed with Python's own regex parser (``re._parser``, the module
``sre_parse`` became) and a random walk over its tree builds a candidate: literals are copied,
classes pick a member, repeats pick a count (unbounded repeats stop at ``min + 8``), branches pick
one alternative, back-references copy their group. Anchors and look-arounds produce nothing, so
each candidate is checked with ``re.fullmatch`` and the walk is retried a few times before the
generator gives up with a `MatcherError`.
"""

from __future__ import annotations

import importlib
import random
import re
import string
from typing import Any

from accord.errors import MatcherError
from accord.model._regex_guard import PactRegex

_parser: Any = importlib.import_module("re._parser")
_constants: Any = importlib.import_module("re._constants")

_UNBOUNDED_EXTRA = 8
_ATTEMPTS = 50
_PRINTABLE = [c for c in string.printable if c not in "\t\n\r\x0b\x0c"]
_CATEGORIES: dict[str, str] = {
    "CATEGORY_DIGIT": string.digits,
    "CATEGORY_NOT_DIGIT": string.ascii_letters + "_-.",
    "CATEGORY_SPACE": " ",
    "CATEGORY_NOT_SPACE": string.ascii_letters + string.digits,
    "CATEGORY_WORD": string.ascii_letters + string.digits + "_",
    "CATEGORY_NOT_WORD": " -.,:;!",
}


class _Walker:
    def __init__(self, rng: random.Random) -> None:
        self.rng = rng
        self.groups: dict[int, str] = {}

    def emit(self, items: Any) -> str:
        return "".join(self.item(op, av) for op, av in items)

    def item(self, op: Any, av: Any) -> str:
        name = str(op)
        if name == "LITERAL":
            return chr(av)
        if name == "NOT_LITERAL":
            return self.rng.choice([c for c in _PRINTABLE if ord(c) != av])
        if name == "ANY":
            return self.rng.choice(_PRINTABLE)
        if name == "IN":
            return self.char_class(av)
        if name == "BRANCH":
            return self.emit(self.rng.choice(av[1]))
        if name == "SUBPATTERN":
            group, _add, _del, body = av
            text = self.emit(body)
            if group is not None:
                self.groups[group] = text
            return text
        if name == "ATOMIC_GROUP":
            return self.emit(av)
        if name in ("MAX_REPEAT", "MIN_REPEAT", "POSSESSIVE_REPEAT"):
            low, high, body = av
            if high == _constants.MAXREPEAT:
                high = low + _UNBOUNDED_EXTRA
            return "".join(self.emit(body) for _ in range(self.rng.randint(low, high)))
        if name == "GROUPREF":
            return self.groups.get(av, "")
        if name == "GROUPREF_EXISTS":
            group, yes, no = av
            return self.emit(yes if group in self.groups else (no or []))
        if name == "CATEGORY":
            return self.rng.choice(_CATEGORIES.get(str(av), string.ascii_letters))
        # AT (anchors), ASSERT and ASSERT_NOT (look-arounds) consume no characters.
        return ""

    def char_class(self, items: Any) -> str:
        members: list[str] = []
        negated = False
        for op, av in items:
            name = str(op)
            if name == "NEGATE":
                negated = True
            elif name == "LITERAL":
                members.append(chr(av))
            elif name == "RANGE":
                low, high = av
                members.extend(chr(c) for c in range(low, min(high, low + 256) + 1))
            elif name == "CATEGORY":
                members.extend(_CATEGORIES.get(str(av), ""))
        if negated:
            excluded = set(members)
            members = [c for c in _PRINTABLE if c not in excluded]
        if not members:
            return ""
        return self.rng.choice(members)


_JAVA_QUOTE = re.compile(r"\\Q(.*?)(?:\\E|$)", re.DOTALL)


def translate_java_regex(pattern: str) -> str:
    r"""A Java regular expression's ``\Q...\E`` literal quoting rewritten as Python escapes.

    Pact-JVM writes generated regexes such as ``.*\/(\Qpacts\E\/\Qprovider\E)$`` ("\Q quotes
    all characters until \E", java.util.regex.Pattern); Python's ``re`` has no such quoting.
    Everything else is left as written.
    """
    if "\\Q" not in pattern:
        return pattern
    return _JAVA_QUOTE.sub(lambda found: re.escape(found.group(1)), pattern)


def generate_from_regex(pattern: str, rng: random.Random | None = None) -> str:
    """A random string that the whole of ``pattern`` matches.

    Args:
        pattern: a Python regular expression (the Pact tools' dialects share this subset).
        rng: the random source (a seeded `random.Random` for repeatable values).

    Raises:
        MatcherError: when the expression does not compile, no matching string was found, or
            checking a candidate took too long (`RegexTooSlow`).
    """
    rng = rng or random.Random()
    pattern = translate_java_regex(pattern)
    try:
        compiled = re.compile(pattern)
        tree = _parser.parse(pattern)
    except re.error as exc:
        raise MatcherError(
            f"The Regex generator's expression {pattern!r} does not compile: {exc}.",
            hint="Fix the 'regex' of the generator (escape backslashes twice inside JSON strings).",
            regex=pattern,
        ) from None
    guarded = PactRegex(compiled)  # a candidate the pattern backtracks on raises RegexTooSlow, never hangs
    for _ in range(_ATTEMPTS):
        candidate = _Walker(rng).emit(tree)
        if guarded.fullmatch(candidate) is not None:
            return candidate
    raise MatcherError(
        f"No string matching the Regex generator's expression {pattern!r} could be generated.",
        hint="Simplify the expression (look-arounds and back-references limit what can be generated).",
        regex=pattern,
    )


__all__ = ["generate_from_regex", "translate_java_regex"]
