"""Date, time and datetime values read as the Rust verifier reads them (``pact_models::time_utils``).

Every verdict below was checked against ``pact verifier`` (pact-python-cli 0.10.9) on 2026-12-02.
The last table holds the reasoned differences: where the Rust reader refuses values that Java's
``DateTimeFormatter`` (which the specification names) and Accord's own generators produce.
"""

from __future__ import annotations

import pytest

from accord.matching import match_response, matches_date


@pytest.mark.parametrize(
    ("pattern", "value", "ok"),
    [
        ("yyyy-MM-dd", "2024-1-2", True),  # numbers take one digit up to their width
        ("yyyy-MM-dd", "2024-01-02T10:00:00", False),
        ("yyyy-MM-dd", "2024-02-30", False),
        ("dd.MM.yy", "29.02.23", False),
        ("dd.MM.yy", "02.01.2024", False),
        ("dd MMM", "29 Feb", False),  # no year: the day is checked in 2001
        ("d MMMM yyyy", "2 january 2024", True),  # names without regard to case
        ("d MMMM yyyy", "2 JAN 2024", False),
        ("yyyyMMdd", "2024012", True),
        ("HHmm", "930", False),  # no giving back: HH takes 93
        ("HH:mm:ss", "10:00", False),
        ("H:m:s", "23:59:60", True),
        ("hh:mm a", "00:00 AM", False),
        ("kk:mm", "24:00", True),
        ("yyyy-MM-dd'T'HH:mm:ss.SSSX", "2024-01-02T10:00:00.12Z", True),  # a fraction up to its width
        ("yyyy-MM-dd'T'HH:mm:ss.SSSX", "2024-01-02T10:00:00.1234Z", False),
        ("yyyy-MM-dd'T'HH:mm:ss.SSSSSSZ", "2024-01-02T10:00:00.123+0000", True),
        ("yyyy-MM-dd'T'HH:mm:ssXXX", "2024-01-02T10:00:00+0100", False),
        ("yyyy-MM-dd'T'HH:mm:ssX", "2024-01-02T10:00:00+01", True),
        ("yyyy-MM-dd'T'HH:mm:ssZ", "2024-01-02T10:00:00+1200", False),  # offset hours 0-11
        ("yyyy-MM-dd HH:mm:ss ZZZZ", "2024-01-02 10:00:00 UTC", True),
        ("EEE, dd MMM yyyy HH:mm:ss z", "Tue, 2 Jan 2024 10:00:00 GMT", True),
        ("EEE, dd MMM yyyy HH:mm:ss z", "Tuesday, 02 Jan 2024 10:00:00 GMT", False),
        ("G yyyy", "ad 2024", True),
        ("yyyy-DDD", "2024-1", True),
    ],
)
def test_values_read_as_the_rust_verifier_reads_them(pattern: str, value: str, ok: bool) -> None:
    """Short fields, fractions, names and offsets: the Rust verdict."""
    assert matches_date(value, pattern) is ok


@pytest.mark.parametrize(
    ("value", "ok"),
    [
        ("2024-01-02T10:00:00Z", True),
        ("2024-01-02T10:00:00+01:00", True),
        ("2024-01-02T10:00:00", False),
        ("2024-01-02T10:00:00.123Z", False),
    ],
)
def test_a_timestamp_without_a_format_carries_an_offset(value: str, ok: bool) -> None:
    """No format: ``yyyy-MM-dd'T'HH:mm:ssXXX``, as the Rust verifier defaults it."""
    expected = {
        "status": 200,
        "body": {"t": "2024-01-02T10:00:00Z"},
        "matchingRules": {"body": {"$.t": {"matchers": [{"match": "timestamp"}]}}},
    }
    assert (match_response(expected, {"status": 200, "body": {"t": value}}, spec="v3") == []) is ok


@pytest.mark.parametrize(
    ("pattern", "value"),
    [
        ("HH:mm[:ss]", "10:00"),  # Rust cannot read optional sections: it fails every value
        ("yyyy-MM-dd'T'HH:mm:ss[.SSS]XXX", "2024-01-02T10:00:00.123Z"),
        ("EEE, dd MMM yyyy HH:mm:ss z", "Tue, 02 Jan 2024 10:00:00 UTC"),  # UTC missing from its table
        ("y-M-d", "2024-1-2"),  # Rust caps a one-letter year at one digit
        ("yyyy-MM-dd'T'HH:mm:ssZZZZZ", "2024-01-02T10:00:00Z"),
        ("yyyy-MM-dd HH:mm:ss O", "2024-01-02 10:00:00 GMT"),
    ],
)
def test_java_readings_kept_where_rust_refuses_valid_values(pattern: str, value: str) -> None:
    """Known differences: Java's reading (and Accord's generators) accept these; Rust does not."""
    assert matches_date(value, pattern) is True
