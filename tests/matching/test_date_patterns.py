"""One reader of Java DateTimeFormatter patterns: generators (model), date matchers (matching), the DSL (match)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone

import pytest

from accord.errors import MatcherError
from accord.match import matches_format, render_now
from accord.match._formats import format_regex
from accord.matching import match_response, matches_date
from accord.matching._formats import date_regex
from accord.model import format_datetime
from accord.model._dates import (
    DEFAULT_FORMATS,
    OPTIONAL_END,
    OPTIONAL_START,
    PATTERN_LETTERS,
    tokenize_pattern,
)

MOMENTS = [
    datetime(2024, 1, 31, 10, 30, 15, 123456, tzinfo=UTC),
    datetime(2023, 7, 9, 23, 5, 9, 0, tzinfo=timezone(timedelta(hours=5, minutes=30))),
    datetime(1999, 12, 5, 0, 0, 0, 999000, tzinfo=timezone(timedelta(hours=-8))),
]


@pytest.mark.parametrize(
    ("pattern", "tokens"),
    [
        ("yyyy-MM-dd", [("y", 4), "-", ("M", 2), "-", ("d", 2)]),
        (
            "yyyy-MM-dd'T'HH:mm:ss",
            [("y", 4), "-", ("M", 2), "-", ("d", 2), "T", ("H", 2), ":", ("m", 2), ":", ("s", 2)],
        ),
        ("h 'o''clock' a", [("h", 1), " ", "o'clock", " ", ("a", 1)]),
        ("''yy", ["'", ("y", 2)]),
        ("HH:mm[:ss]", [("H", 2), ":", ("m", 2), OPTIONAL_START, ":", ("s", 2), OPTIONAL_END]),
        ("uuuu QQQ", [("u", 4), " ", ("Q", 3)]),
        ("'[literal]'", ["[literal]"]),
    ],
)
def test_tokens(pattern: str, tokens: list[object]) -> None:
    """Letters run into (letter, count) fields; quotes make literal text, '' one quote; [ ] optional sections."""
    assert tokenize_pattern(pattern) == tokens


@pytest.mark.parametrize(
    ("pattern", "why"),
    [
        ("yyyy-bb", "'b' is not a pattern letter"),
        ("ddd", "too many"),
        ("aa", "too many"),
        ("VVV", "too many"),
        ("V", "too few"),
        ("yyyy-MM-dd'T", "never closed"),
        ("HH[:mm", "never closed"),
        ("HH]", "closes no optional section"),
        ("yyyy#", "reserved"),
    ],
)
def test_unreadable_patterns_name_the_problem(pattern: str, why: str) -> None:
    """What Java's DateTimeFormatter.ofPattern refuses is a MatcherError naming the pattern and why."""
    with pytest.raises(MatcherError, match=why) as info:
        tokenize_pattern(pattern)
    assert repr(pattern) in info.value.message


def _runs() -> list[str]:
    """Every letter in every count from 1 to 6."""
    return [letter * count for letter in sorted(PATTERN_LETTERS) for count in range(1, 7)]


@pytest.mark.parametrize("run", _runs())
def test_generators_and_matchers_read_the_same_patterns(run: str) -> None:
    """A pattern generators accept is one date matchers accept, and the other way round."""
    readable = _readable(run)
    try:
        date_regex(run)
        matchable = True
    except MatcherError:
        matchable = False
    assert readable == matchable


def _readable(run: str) -> bool:
    try:
        tokenize_pattern(run)
    except MatcherError:
        return False
    return True


@pytest.mark.parametrize("run", [run for run in _runs() if _readable(run)])
def test_each_field_generated_matches_its_own_matcher(run: str) -> None:
    """A value a generator renders for a pattern matches a date matcher with that pattern."""
    for moment in MOMENTS:
        value = format_datetime(moment, f"'<'{run}'>'")
        assert matches_date(value, f"'<'{run}'>'"), (run, moment, value)


@pytest.mark.parametrize(
    "pattern",
    [
        "yyyy-MM-dd'T'HH:mm:ss.SSSXXX",
        "EEE, dd MMM yyyy HH:mm:ss zzz",
        "EEEE, MMMM d, uuuu h:mm a",
        "yyyy-MM-dd'T'HH:mm:ss.nnnnnnnnnxxx",
        "yyyy-'W'ww-e",
        "QQQQ yyyy GGGG",
        "yyyy-MM-dd[ HH:mm[:ss]]",
        "'at' k 'o''clock' K",
        *DEFAULT_FORMATS.values(),
    ],
)
def test_whole_patterns_round_trip(pattern: str) -> None:
    """Realistic patterns: what the generator writes, the matcher reads."""
    for moment in MOMENTS:
        assert matches_date(format_datetime(moment, pattern), pattern), (pattern, moment)


@pytest.mark.parametrize(
    ("value", "pattern", "ok"),
    [
        ("2024-01-31", "uuuu-MM-dd", True),  # u is the year in DateTimeFormatter (the Rust core too)
        ("10:30", "HH:mm[:ss]", True),  # an optional section may be absent
        ("10:30:15", "HH:mm[:ss]", True),
        ("10:30:", "HH:mm[:ss]", False),
        ("Q1 2024", "QQQ yyyy", True),
        ("01 2024", "qq yyyy", True),
        ("1st quarter", "QQQQ", True),
        ("+0530", "X", True),  # X: hours, and minutes when not zero
        ("+05:30", "X", False),
        ("Z", "x", False),  # x never writes Z
        ("GMT+8", "O", True),
        ("GMT+08:00", "OOOO", True),
        ("2023-07-19", "yyyy-MM-dd'T", False),  # an unreadable pattern matches nothing
    ],
)
def test_matching_follows_datetimeformatter(value: str, pattern: str, ok: bool) -> None:
    """Date matchers read patterns as Java's DateTimeFormatter does."""
    assert matches_date(value, pattern) is ok


def test_spec_case_date_mismatch_wording() -> None:
    """The compatibility suite's date matcher case: '23/07/19' is not 'yyyy-MM-dd', in the Rust wording."""
    expected = {
        "status": 200,
        "body": {"one": "2023-07-19"},
        "matchingRules": {"body": {"$.one": {"matchers": [{"match": "date", "format": "yyyy-MM-dd"}]}}},
    }
    mismatches = match_response(expected, {"status": 200, "body": {"one": "23/07/19"}}, spec="v3")
    assert [m.message for m in mismatches] == ["Expected '23/07/19' to match a date pattern of 'yyyy-MM-dd'"]


@pytest.mark.parametrize("run", [run for run in _runs() if _readable(run)])
def test_the_dsl_reads_patterns_as_the_engine_does(run: str) -> None:
    """accord.match validates and renders with the same reader; its V2 regex has no named groups."""
    pattern = f"yyyy-MM-dd {run}"
    assert "(?P<" not in format_regex(pattern).pattern
    for moment in MOMENTS:
        value = render_now(pattern, moment)
        assert value == format_datetime(moment, pattern)
        assert matches_format(value, pattern) == matches_date(value, pattern) is True


def test_a_mismatch_says_when_the_pattern_itself_is_unreadable() -> None:
    """A date matcher whose format cannot be read fails every value, and the mismatch says why."""
    expected = {
        "status": 200,
        "body": {"one": "2024-01"},
        "matchingRules": {"body": {"$.one": {"matchers": [{"match": "date", "format": "yyyy-bb"}]}}},
    }
    mismatches = match_response(expected, {"status": 200, "body": {"one": "2024-01"}}, spec="v3")
    assert [m.message for m in mismatches] == [
        "Expected '2024-01' to match a date pattern of 'yyyy-bb' "
        "(The date/time format 'yyyy-bb' cannot be used: 'b' is not a pattern letter)"
    ]
