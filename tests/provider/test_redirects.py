"""Redirects and compressed answers, as the Rust verifier's HTTP client (reqwest) handles them.

The pact's response is compared with the provider's final answer: redirects are followed (at most
ten), a POST answered 301/302 and anything answered 303 are sent again as a GET without a body,
307/308 send the request again as it was; a gzip or deflate body is compared decompressed, and then
``Content-Encoding`` and ``Content-Length`` are gone. Each verdict was checked against
``pact verifier`` (pact-python-cli 0.10.9) on a loopback provider.
"""

from __future__ import annotations

import gzip
import json
from collections.abc import Callable, Iterable
from typing import Any

import pytest

from accord.provider import Verifier


def _app(environ: dict[str, Any], start_response: Callable[..., Any]) -> Iterable[bytes]:
    """``/r/<code>/<target>`` redirects; ``/n/<k>`` is a chain of k+1 redirects; ``/gz`` is gzip."""
    path, method = environ["PATH_INFO"], environ["REQUEST_METHOD"]
    body = environ["wsgi.input"].read(int(environ.get("CONTENT_LENGTH") or 0))
    parts = path.split("/")
    if path == "/away":
        start_response("302 Found", [("Location", "https://login.example.com/x")])
        return [b""]
    if parts[1] == "r":
        start_response(f"{parts[2]} Redirect", [("Location", "/" + "/".join(parts[3:]))])
        return [b""]
    if parts[1] == "n":
        hops = int(parts[2])
        start_response("302 Found", [("Location", f"/n/{hops - 1}" if hops else "/ok")])
        return [b""]
    if path == "/gz":
        start_response("200 OK", [("Content-Type", "application/json"), ("Content-Encoding", "gzip")])
        return [gzip.compress(b'{"a": 1}')]
    answer = json.dumps({"method": method, "length": len(body)}).encode()
    start_response("200 OK", [("Content-Type", "application/json")])
    return [answer]


def _verdict(request: dict[str, Any], response: dict[str, Any]) -> tuple[bool, str | None]:
    pact = {
        "consumer": {"name": "c"},
        "provider": {"name": "p"},
        "interactions": [{"description": "one", "request": request, "response": response}],
        "metadata": {"pactSpecification": {"version": "3.0.0"}},
    }
    [result] = Verifier("p").with_app(_app).add_source(pact).verify(report=False).interactions
    return result.success, result.error


JSON_POST = {"method": "POST", "headers": {"Content-Type": "application/json"}, "body": {"a": 1}}


@pytest.mark.parametrize(
    ("request_", "response", "ok"),
    [
        ({"method": "GET", "path": "/r/302/ok"}, {"status": 302}, False),  # the redirect is followed
        (
            {"method": "GET", "path": "/r/302/ok"},
            {"status": 200, "body": {"method": "GET", "length": 0}},
            True,
        ),
        ({**JSON_POST, "path": "/r/302/ok"}, {"status": 200, "body": {"method": "GET", "length": 0}}, True),
        ({**JSON_POST, "path": "/r/303/ok"}, {"status": 200, "body": {"method": "GET", "length": 0}}, True),
        ({**JSON_POST, "path": "/r/307/ok"}, {"status": 200, "body": {"method": "POST", "length": 7}}, True),
        (
            {**JSON_POST, "method": "PUT", "path": "/r/301/ok"},
            {"status": 200, "body": {"method": "PUT", "length": 7}},
            True,
        ),
        ({"method": "GET", "path": "/r/304/ok"}, {"status": 304}, True),  # not a redirect to follow
        ({"method": "GET", "path": "/n/9"}, {"status": 200}, True),  # ten redirects
        ({"method": "GET", "path": "/gz"}, {"status": 200, "body": {"a": 1}}, True),
        ({"method": "GET", "path": "/gz"}, {"status": 200, "headers": {"Content-Encoding": "gzip"}}, False),
    ],
)
def test_verdicts_as_the_rust_verifier_reaches_them(
    request_: dict[str, Any], response: dict[str, Any], ok: bool
) -> None:
    """Redirects followed, methods changed as reqwest changes them, gzip bodies decompressed."""
    assert _verdict(request_, response)[0] is ok


def test_more_than_ten_redirects_is_an_error_naming_the_loop() -> None:
    """An eleventh redirect stops the interaction with an error, as in Rust."""
    ok, error = _verdict({"method": "GET", "path": "/n/10"}, {"status": 200})
    assert not ok
    assert error == "GET /n/0 was redirected more than 10 times (last to /ok)"


def test_an_in_process_app_redirecting_elsewhere_answers_with_the_redirect() -> None:
    """In-process, a redirect to another origin is not sent to the app: the 302 is the answer."""
    assert _verdict({"method": "GET", "path": "/away"}, {"status": 302}) == (True, None)
