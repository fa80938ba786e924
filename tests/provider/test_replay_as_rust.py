"""Replayed requests carry what the pact gives and nothing more, as the Rust verifier sends them.

Checked on 2026-12-02 by capturing what ``pact verifier`` (pact-python-cli 0.10.9) sent to a
loopback provider for the same pacts.
"""

from __future__ import annotations

from typing import Any

import pytest

from accord.provider._replay import build_request


@pytest.mark.parametrize(
    ("request_", "content_type", "content"),
    [
        ({"body": {"a": 1}}, None, b'{"a":1}'),  # no Content-Type is invented
        ({"body": "just text"}, None, b"just text"),
        (
            {"body": {"content": "AAEC", "contentType": "application/octet-stream", "encoded": "base64"}},
            None,
            b"\0\1\2",
        ),
        ({"headers": {"Content-Type": "application/json"}, "body": {"a": 1}}, "application/json", b'{"a":1}'),
        (
            {"headers": {"Content-Type": "application/json"}, "body": ""},
            "application/json",
            b"",
        ),  # "" is empty
        ({"headers": {"Content-Type": "text/plain"}, "body": ""}, "text/plain", b""),
    ],
)
def test_the_pact_request_is_sent_as_given(
    request_: dict[str, Any], content_type: str | None, content: bytes
) -> None:
    """Headers only from the pact; an empty-string body is no body."""
    sent = build_request({"method": "POST", "path": "/p", **request_}, "http://127.0.0.1:1")
    assert (sent.headers.get("content-type"), sent.read()) == (content_type, content)
