"""Calling a WSGI application (Flask, Django) in-process, as a WSGI server would (PEP 3333).

PEP 3333 on what the verifier must provide and honour:

- the ``environ`` holds the CGI variables (``REQUEST_METHOD``, ``SCRIPT_NAME``, ``PATH_INFO``,
  ``QUERY_STRING``, ``CONTENT_TYPE``, ``CONTENT_LENGTH``, ``SERVER_NAME``, ``SERVER_PORT``,
  ``SERVER_PROTOCOL``, ``HTTP_*`` for the other headers) and the ``wsgi.*`` keys;
- "native strings" hold bytes decoded as ISO-8859-1: ``PATH_INFO`` is the URL-decoded path so
  decoded (frameworks re-encode it as latin-1 and decode UTF-8 themselves), ``QUERY_STRING``
  stays percent-encoded;
- headers with the same name are combined with ``","`` into one variable (CGI, RFC 3875 4.1.18);
- ``start_response(status, headers, exc_info=None)`` may be called again with ``exc_info`` before
  the body is sent; after that it must re-raise; it returns a legacy ``write`` callable;
- the server iterates the returned iterable and must call its ``close()`` if it has one, even
  when iterating failed.
"""

from __future__ import annotations

import io
import sys
from collections.abc import Callable
from typing import Any
from urllib.parse import unquote_to_bytes

from ._models import RequestLike, Response

_DEFAULT_PORTS = {"http": "80", "https": "443"}


def wsgi_environ(request: RequestLike, body: bytes) -> dict[str, Any]:
    """The PEP 3333 ``environ`` for ``request``."""
    url = request.url
    raw_path, _, _ = url.raw_path.partition(b"?")
    query = url.query if isinstance(url.query, bytes) else str(url.query).encode("ascii")
    environ: dict[str, Any] = {
        "REQUEST_METHOD": request.method,
        "SCRIPT_NAME": "",
        "PATH_INFO": unquote_to_bytes(raw_path).decode("latin-1"),
        "QUERY_STRING": query.decode("latin-1"),
        "SERVER_NAME": url.host,
        "SERVER_PORT": str(url.port) if url.port else _DEFAULT_PORTS.get(url.scheme, "80"),
        "SERVER_PROTOCOL": "HTTP/1.1",
        "REMOTE_ADDR": "127.0.0.1",
        "wsgi.version": (1, 0),
        "wsgi.url_scheme": url.scheme,
        "wsgi.input": io.BytesIO(body),
        "wsgi.errors": sys.stderr,
        "wsgi.multithread": False,
        "wsgi.multiprocess": False,
        "wsgi.run_once": False,
    }
    for raw_name, raw_value in request.headers.raw:
        key = raw_name.decode("latin-1").upper().replace("-", "_")
        if key not in ("CONTENT_TYPE", "CONTENT_LENGTH"):
            key = "HTTP_" + key
        value = raw_value.decode("latin-1")
        environ[key] = f"{environ[key]},{value}" if key in environ and key.startswith("HTTP_") else value
    return environ


class WsgiTransport:
    """A transport calling a WSGI application in this thread, with no socket.

    An exception escaping the application is raised to the caller (the verifier reports it as
    the interaction's error), as is one passed to ``start_response`` as ``exc_info`` without a
    response to send.
    """

    def __init__(self, app: Callable[..., Any]) -> None:
        self.app = app

    def handle_request(self, request: RequestLike) -> Response:
        """Call the application with ``request`` and collect its whole response."""
        environ = wsgi_environ(request, request.read())
        started: list[Any] = []
        body: list[bytes] = []  # once it holds a chunk, the response has begun

        def write(data: bytes) -> None:
            body.append(bytes(data))

        def start_response(status: str, headers: list[tuple[str, str]], exc_info: Any = None) -> Any:
            if exc_info is not None and body:
                raise exc_info[1].with_traceback(exc_info[2])
            started[:] = [status, headers]
            return write

        result = self.app(environ, start_response)
        try:
            for chunk in result:
                if chunk:
                    body.append(bytes(chunk))
        finally:
            close = getattr(result, "close", None)
            if close is not None:
                close()
        if not started:
            raise RuntimeError("the WSGI application returned without calling start_response")
        status, headers = started
        return Response(
            int(str(status).split(None, 1)[0]),
            [(str(name).encode("latin-1"), str(value).encode("latin-1")) for name, value in headers],
            b"".join(body),
        )

    def close(self) -> None:
        """Nothing to release."""


__all__ = ["WsgiTransport", "wsgi_environ"]
