"""In-process WSGI (PEP 3333): the environ the app gets, and how its answer (or failure) comes back."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from typing import Any

import pytest

from accord.provider.transports import Request, WsgiTransport, app_transport


def _echo_environ(seen: list[dict[str, Any]]) -> Any:
    def app(environ: dict[str, Any], start_response: Any) -> list[bytes]:
        seen.append(dict(environ, body=environ["wsgi.input"].read()))
        start_response(
            "201 Created", [("Content-Type", "text/plain"), ("Set-Cookie", "a=1"), ("Set-Cookie", "b=2")]
        )
        return [b"made"]

    return app


def test_the_environ_follows_pep_3333() -> None:
    """CGI variables and wsgi.* keys; PATH_INFO percent-decoded as latin-1, the query left encoded."""
    seen: list[dict[str, Any]] = []
    request = Request(
        "POST",
        "http://localhost/caf%C3%A9/a%20b?q=caf%C3%A9&x=1%262",
        headers=[("Content-Type", "application/json"), ("X-Tag", "a"), ("X-Tag", "b")],
        content=b'{"n":1}',
    )
    response = WsgiTransport(_echo_environ(seen)).handle_request(request)
    (environ,) = seen
    assert environ["REQUEST_METHOD"] == "POST"
    assert environ["SCRIPT_NAME"] == ""
    assert environ["PATH_INFO"] == "/café/a b".encode().decode("latin-1")
    assert environ["QUERY_STRING"] == "q=caf%C3%A9&x=1%262"
    assert (environ["SERVER_NAME"], environ["SERVER_PORT"], environ["SERVER_PROTOCOL"]) == (
        "localhost",
        "80",
        "HTTP/1.1",
    )
    assert (environ["CONTENT_TYPE"], environ["CONTENT_LENGTH"]) == ("application/json", "7")
    assert "HTTP_CONTENT_TYPE" not in environ
    assert environ["HTTP_HOST"] == "localhost"
    assert environ["HTTP_X_TAG"] == "a,b", "repeated headers are combined with commas"
    assert environ["body"] == b'{"n":1}'
    assert environ["wsgi.version"] == (1, 0) and environ["wsgi.url_scheme"] == "http"
    assert environ["wsgi.errors"] is sys.stderr
    assert (response.status_code, response.content) == (201, b"made")
    assert response.headers.get_list("set-cookie") == ["a=1", "b=2"]


def test_streamed_and_written_bodies_are_joined_and_close_is_called() -> None:
    """The legacy write() callable and a generator body both arrive; the iterable's close() runs."""
    closed: list[bool] = []

    class Body:
        def __iter__(self) -> Iterator[bytes]:
            yield b"two "
            yield b""
            yield b"three"

        def close(self) -> None:
            closed.append(True)

    def app(environ: dict[str, Any], start_response: Any) -> Body:
        write = start_response("200 OK", [])
        write(b"one ")
        return Body()

    response = WsgiTransport(app).handle_request(Request("GET", "http://localhost/"))
    assert response.content == b"one two three"
    assert closed == [True]


def test_an_error_page_replaces_the_headers_before_the_body() -> None:
    """start_response may be called again with exc_info before any body is sent (PEP 3333)."""

    def app(environ: dict[str, Any], start_response: Any) -> list[bytes]:
        start_response("200 OK", [("Content-Type", "application/json")])
        try:
            raise ValueError("late")
        except ValueError:
            start_response("500 Internal Server Error", [("Content-Type", "text/plain")], sys.exc_info())
        return [b"error page"]

    response = WsgiTransport(app).handle_request(Request("GET", "http://localhost/"))
    assert (response.status_code, response.headers["content-type"]) == (500, "text/plain")


def test_exceptions_escape_to_the_verifier_and_close_still_runs() -> None:
    """An exception raised while iterating is raised to the caller after close() ran."""
    closed: list[bool] = []

    class Failing:
        def __iter__(self) -> Iterator[bytes]:
            raise RuntimeError("boom")
            yield b""  # pragma: no cover - makes this a generator

        def close(self) -> None:
            closed.append(True)

    def app(environ: dict[str, Any], start_response: Any) -> Failing:
        start_response("200 OK", [])
        return Failing()

    with pytest.raises(RuntimeError, match="boom"):
        WsgiTransport(app).handle_request(Request("GET", "http://localhost/"))
    assert closed == [True]


def test_a_plain_callable_is_a_wsgi_app() -> None:
    """app_transport picks the WSGI transport for a synchronous callable."""
    assert isinstance(app_transport(_echo_environ([])), WsgiTransport)
