"""Formats that matchers check: Java date patterns, semantic versions, sniffed content types.

Pact's ``date``, ``time`` and ``datetime`` matchers take a pattern in the Java ``DateTimeFormatter``
letters; ``accord.model`` reads and translates it (`pattern_regex`, `matches_pattern`), the one reader
the generators and the matcher DSL use too. Here an unreadable pattern simply matches nothing.
"""

from __future__ import annotations

import re

from accord.errors import MatcherError
from accord.matching._datetimes import read_datetime
from accord.model._date_regex import matches_pattern, pattern_regex


def date_regex(pattern: str) -> re.Pattern[str]:
    """The anchored regular expression of a Java date/time pattern (see ``accord.model``'s `pattern_regex`).

    Raises:
        MatcherError: when the pattern cannot be read (an unknown letter, an unclosed quote...).
    """
    return pattern_regex(pattern)


def date_pattern_problem(pattern: str) -> str | None:
    """Why a date/time pattern cannot be read (for a mismatch message), or ``None`` when it can."""
    try:
        pattern_regex(pattern)
    except MatcherError as exc:
        return exc.message.rstrip(".")
    return None


def matches_date(value: str, pattern: str) -> bool:
    """Whether ``value`` is a date/time written with the Java ``pattern`` (an unreadable pattern: no).

    Values are read as the reference verifier reads them (`read_datetime`: ``MM`` takes ``1``,
    ``SSS`` takes ``12``); patterns it does not cover (optional sections) the Java way.
    """
    try:
        verdict = read_datetime(value, pattern)
        return matches_pattern(value, pattern) if verdict is None else verdict
    except MatcherError:
        return False


_SEMVER = re.compile(
    r"(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)"
    r"(?:-((?:0|[1-9]\d*|\d*[a-zA-Z-][0-9a-zA-Z-]*)(?:\.(?:0|[1-9]\d*|\d*[a-zA-Z-][0-9a-zA-Z-]*))*))?"
    r"(?:\+([0-9a-zA-Z-]+(?:\.[0-9a-zA-Z-]+)*))?"
)


def is_semver(value: str) -> bool:
    """Whether ``value`` is a SemVer 2.0 version (``1.0.0``, ``1.2.3-rc.1+build``)."""
    return _SEMVER.fullmatch(value) is not None


_MAGIC: tuple[tuple[bytes, str], ...] = (
    (b"\xff\xd8\xff", "image/jpeg"),
    (b"\x89PNG\r\n\x1a\n", "image/png"),
    (b"GIF87a", "image/gif"),
    (b"GIF89a", "image/gif"),
    (b"%PDF-", "application/pdf"),
    (b"PK\x03\x04", "application/zip"),
    (b"\x1f\x8b", "application/gzip"),
    (b"BM", "image/bmp"),
    (b"II*\x00", "image/tiff"),
    (b"MM\x00*", "image/tiff"),
    (b"\x00\x00\x01\x00", "image/x-icon"),
    (b"OggS", "audio/ogg"),
    (b"fLaC", "audio/flac"),
    (b"ID3", "audio/mpeg"),
    (b"\x7fELF", "application/x-executable"),
    (b"7z\xbc\xaf\x27\x1c", "application/x-7z-compressed"),
    (b"wOFF", "font/woff"),
    (b"wOF2", "font/woff2"),
)


def sniff_content_type(data: bytes) -> str:
    """Detect a content type from the first bytes (magic numbers), then from the text shape.

    Falls back to ``text/plain`` for UTF-8 text and ``application/octet-stream`` otherwise.
    """
    for magic, name in _MAGIC:
        if data.startswith(magic):
            return name
    if data[:4] == b"RIFF" and data[8:12] == b"WEBP":
        return "image/webp"
    try:
        text = data[:4096].decode("utf-8")
    except UnicodeDecodeError:
        return "application/octet-stream"
    stripped = text.lstrip()
    if stripped.startswith("<?xml"):
        return "application/xml"
    if stripped[:14].lower().startswith(("<!doctype html", "<html")):
        return "text/html"
    if stripped[:1] in ("{", "["):
        return "application/json"
    return "text/plain"


__all__ = ["date_pattern_problem", "date_regex", "is_semver", "matches_date", "sniff_content_type"]
