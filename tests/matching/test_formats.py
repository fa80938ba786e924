"""Formats matchers check: Java date patterns, semantic versions and sniffed content types."""

from __future__ import annotations

import pytest

from accord.matching import is_semver, matches_date, sniff_content_type

from ._support import fixture_bytes


@pytest.mark.parametrize(
    ("value", "pattern", "ok"),
    [
        ("2023-07-19", "yyyy-MM-dd", True),
        ("23/07/19", "yyyy-MM-dd", False),
        ("2023-02-30", "yyyy-MM-dd", False),  # no such day
        ("2024-02-29", "yyyy-MM-dd", True),  # leap year
        ("2023-13-01", "yyyy-MM-dd", False),
        ("14:05:09", "HH:mm:ss", True),
        ("24:00:00", "HH:mm:ss", False),
        ("02:05 PM", "hh:mm a", True),
        ("2023-07-19T14:05:09", "yyyy-MM-dd'T'HH:mm:ss", True),
        ("2023-07-19T14:05:09.123+02:00", "yyyy-MM-dd'T'HH:mm:ss.SSSXXX", True),
        ("2023-07-19T14:05:09.123Z", "yyyy-MM-dd'T'HH:mm:ss.SSSXXX", True),
        ("2023-07-19 14:05:09+0200", "yyyy-MM-dd HH:mm:ssZ", True),
        ("Wed, 19 Jul 2023 14:05:09 GMT", "EEE, dd MMM yyyy HH:mm:ss zzz", True),
        ("19 July 2023", "dd MMMM yyyy", True),
        ("19 Jul 2023", "dd MMMM yyyy", False),
        ("it's 2023", "'it''s' yyyy", True),
        ("2023", "yyyy-MM-dd", False),
        ("anything", "qqqqqqqqqqqqqqqq bogus ¤", False),
    ],
)
def test_java_date_patterns(value: str, pattern: str, ok: bool) -> None:
    """Values are checked against Java SimpleDateFormat-style patterns, field ranges included."""
    assert matches_date(value, pattern) is ok


@pytest.mark.parametrize(
    ("value", "ok"),
    [
        ("1.0.0", True),
        ("10.20.30", True),
        ("1.0.0-alpha.1", True),
        ("1.0.0+build.5", True),
        ("1.0", False),
        ("1.0abc", False),
        ("01.0.0", False),
        ("v1.0.0", False),
    ],
)
def test_semantic_versions(value: str, ok: bool) -> None:
    """semver accepts SemVer 2.0 versions only."""
    assert is_semver(value) is ok


@pytest.mark.parametrize(
    ("data", "content_type"),
    [
        (fixture_bytes("rat.jpg"), "image/jpeg"),
        (fixture_bytes("sample.pdf"), "application/pdf"),
        (b"\x89PNG\r\n\x1a\n....", "image/png"),
        (b"GIF89a...", "image/gif"),
        (b'<?xml version="1.0"?><a/>', "application/xml"),
        (b'{"a": 1}', "application/json"),
        (b"hello", "text/plain"),
        (b"\x00\x01\xfe\xff", "application/octet-stream"),
    ],
)
def test_content_type_sniffing(data: bytes, content_type: str) -> None:
    """Content types are detected from magic numbers, then from the shape of the text."""
    assert sniff_content_type(data) == content_type
