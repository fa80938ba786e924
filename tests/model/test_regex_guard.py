"""Pact regexes at risk of catastrophic backtracking run under a time limit; the others keep `re`."""

from __future__ import annotations

import json
import random
import re
from collections.abc import Iterator
from typing import Any

import pytest
import regex

from accord import match
from accord.errors import MatcherError
from accord.matching import match_response
from accord.model import generate_from_regex, load_pact, translate_java_regex
from accord.model._regex_guard import PactRegex, RegexTooSlow, at_risk
from accord.model._rules import compile_regex

from ._support import SPEC_ROOT

SLOW = "(a|aa)+$"  # exponential in `re` and in `regex` alike
SLOW_VALUE = "a" * 40 + "!"


@pytest.mark.parametrize(
    ("pattern", "risky"),
    [
        (r"(a+)+$", True),
        (r"(\w+\s?)*", True),
        (r"(a|aa)*", True),
        (r"(?:x+x+){2,}", True),
        (r"(a?)+", True),
        (r"(\d+\.\d+)+", True),
        (r"(.+\.)+", True),
        (r"([a-z-]+-)+", True),  # the class holds the literal that ends it
        (r"(?i)(a+A)+", True),  # case-blind: 'a' matches 'A'
        (r"(?i:a+A)+", True),
        (r"(\d+\.)+\d+", False),  # one character class ended by a literal it cannot match
        (r"([^/]+/)*", False),
        (r"(\w+,)*", False),
        (r"([a-z]+-)+", False),
        (r"\d+", False),
        (r"(ab)+", False),
        (r"[A-Z]{3}-\d{4}", False),
        (r"ORD-[0-9]{6}", False),
        (r"[^@]+@[^@]+\.[a-z]+", False),
        (r"(\d{3}-)+", False),
        (r"(?:GET|POST)", False),
        (r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z?", False),
    ],
)
def test_at_risk_shapes(pattern: str, risky: bool) -> None:
    """A repetition holding a variable repetition or an alternation is at risk; flat patterns are not."""
    assert at_risk(pattern) is risky


@pytest.mark.parametrize("pattern", [r"(\d+\.)+$", r"([^/]+/)*x$", r"(\w+,)*;$"])
def test_patterns_left_to_re_do_not_backtrack_exponentially(pattern: str) -> None:
    """The shapes judged safe stay linear on the inputs that ruin their at-risk neighbours."""
    compiled = compile_regex(pattern)
    assert not compiled.guarded
    for text in ("1." * 2000 + "!", "a/" * 2000 + "!", "a," * 2000 + "!", "1" * 5000 + "!"):
        assert compiled.fullmatch(text) is None


def test_safe_patterns_keep_re() -> None:
    """A pattern not at risk is matched by `re` itself, with no wrapper call in between."""
    compiled = compile_regex(r"[A-Z]{3}-\d{4}")
    assert not compiled.guarded
    assert compiled.fullmatch == re.compile(r"[A-Z]{3}-\d{4}").fullmatch
    assert compiled.fullmatch("ABC-1234") is not None


def test_a_slow_match_raises_naming_the_pattern() -> None:
    """A guarded pattern that runs out of time raises RegexTooSlow naming the pattern, never hangs."""
    compiled = compile_regex(SLOW)
    assert compiled.guarded
    with pytest.raises(RegexTooSlow, match=re.escape(f"'{SLOW}' took longer than")):
        compiled.fullmatch(SLOW_VALUE)
    assert compiled.fullmatch("aaaa") is not None
    assert compiled.fullmatch("aab") is None


def _pact(pattern: str, example: str) -> dict[str, Any]:
    return {
        "consumer": {"name": "web"},
        "provider": {"name": "orders"},
        "interactions": [
            {
                "description": "a request",
                "request": {"method": "GET", "path": "/"},
                "response": {
                    "status": 200,
                    "body": {"code": example},
                    "matchingRules": {
                        "body": {"$.code": {"matchers": [{"match": "regex", "regex": pattern}]}}
                    },
                },
            }
        ],
        "metadata": {"pactSpecification": {"version": "3.0.0"}},
    }


def test_a_slow_example_is_a_load_error_naming_place_and_pattern() -> None:
    """Loading a pact whose example makes its regex backtrack catastrophically fails with a MatcherError."""
    with pytest.raises(MatcherError) as info:
        load_pact(_pact(SLOW, SLOW_VALUE))
    assert "$.code" in info.value.message
    assert SLOW in info.value.message
    assert "catastrophic backtracking" in info.value.message


def test_a_slow_actual_value_is_a_mismatch() -> None:
    """Matching a value the regex backtracks on is a mismatch at its path, naming the pattern."""
    expected = _pact(SLOW, "aaaa")["interactions"][0]["response"]
    mismatches = match_response(expected, {"status": 200, "body": {"code": SLOW_VALUE}}, spec="v3")
    assert [(m.path, SLOW in m.message, "catastrophic backtracking" in m.message) for m in mismatches] == [
        ("$.body.code", True, True)
    ]


def _regexes_and_strings(node: Any) -> Iterator[tuple[str, str]]:
    if isinstance(node, dict):
        for key, value in node.items():
            if key == "regex" and isinstance(value, str):
                yield "regex", value
            else:
                yield from _regexes_and_strings(value)
    elif isinstance(node, list):
        for value in node:
            yield from _regexes_and_strings(value)
    elif isinstance(node, str):
        yield "string", node


def _spec_regexes() -> tuple[list[str], list[str]]:
    patterns: set[str] = set()
    strings: set[str] = set()
    for path in sorted(SPEC_ROOT.glob("*/testcases/**/*.json")):
        for kind, text in _regexes_and_strings(json.loads(path.read_text(encoding="utf-8-sig"))):
            (patterns if kind == "regex" else strings).add(text)
    return sorted(patterns), sorted(strings)


def test_guarded_matching_agrees_with_re_on_every_spec_regex() -> None:
    """`regex` (used for at-risk patterns) answers as `re` for every regex of the spec cases and their strings."""
    patterns, strings = _spec_regexes()
    assert patterns, "the specification cases hold regex matchers"
    for pattern in patterns:
        translated = translate_java_regex(pattern)
        try:
            plain = re.compile(translated)
        except re.error:
            continue
        guarded = regex.compile(translated, flags=regex.VERSION0)
        for text in strings:
            assert (plain.fullmatch(text) is None) == (guarded.fullmatch(text, timeout=1) is None), (
                pattern,
                text,
            )


def test_pact_regexes_compare_by_pattern() -> None:
    """Matchers stay comparable and hashable: two compilations of one pattern are equal."""
    assert PactRegex(re.compile("a+")) == PactRegex(re.compile("a+"))
    assert hash(PactRegex(re.compile(SLOW))) == hash(PactRegex(re.compile(SLOW)))
    assert PactRegex(re.compile("a+")) != PactRegex(re.compile("a*"))


def test_the_dsl_refuses_an_example_its_regex_backtracks_on() -> None:
    """match.regex checks its example under the same time limit: an error naming the pattern, no hang."""
    with pytest.raises(MatcherError, match=re.escape(f"'{SLOW}' took longer than")):
        match.regex(SLOW_VALUE, SLOW)
    assert match.regex("aaa", SLOW).example == "aaa"


@pytest.mark.parametrize("pattern", [r"(\d+\.)+\d+", r"(a|b)+c", r"([A-Z][a-z]+ ?)+"])
def test_at_risk_patterns_still_generate(pattern: str) -> None:
    """The Regex generator makes strings for at-risk patterns too (checked under the time limit)."""
    for seed in range(20):
        value = generate_from_regex(pattern, random.Random(seed))
        assert re.fullmatch(pattern, value), (pattern, value)
