"""Calling an ASGI application (FastAPI, Starlette, Django's ASGI handler) in-process, from synchronous code.

The ASGI HTTP connection scope, as the specification (``asgi/www.html``, spec version 2.3) has it:

- ``path`` is the request path "with percent escapes decoded and UTF-8 byte sequences decoded
  into characters"; ``raw_path`` the path bytes as received, without the query;
  ``query_string`` the percent-encoded part after ``?`` (bytes); ``root_path`` is ``""``;
- ``headers`` are ``[name, value]`` byte pairs, names lowercased, in order, repeated names kept;
- ``receive`` first yields ``http.request`` with the whole body (``more_body: False``); later
  calls wait until the response is complete and yield ``http.disconnect`` (Starlette's streaming
  responses listen for it while they send);
- the application sends ``http.response.start`` (status, headers), then ``http.response.body``
  messages until one has ``more_body`` false: streaming bodies arrive in several messages.

The lifespan state is copied into each request's scope (``state``, see ``_lifespan``). One event
loop serves the whole run (a loop per request costs about ten times the request). An exception
escaping the application becomes a 500 answer, as a server would send, and is kept in the
response's ``extensions["app_exception"]`` so that the verifier can name it.
"""

from __future__ import annotations

import asyncio
from typing import Any
from urllib.parse import unquote

from accord.errors import ProviderError

from ._lifespan import Lifespan
from ._models import RequestLike, Response

_DEFAULT_PORTS = {"http": 80, "https": 443}
_ASGI = {"version": "3.0", "spec_version": "2.3"}


def asgi_scope(request: RequestLike, state: dict[str, Any]) -> dict[str, Any]:
    """The ASGI ``http`` scope for ``request``."""
    url = request.url
    raw_path, _, _ = url.raw_path.partition(b"?")
    query = url.query if isinstance(url.query, bytes) else str(url.query).encode("ascii")
    return {
        "type": "http",
        "asgi": _ASGI,
        "http_version": "1.1",
        "method": request.method,
        "scheme": url.scheme,
        "path": unquote(raw_path.decode("ascii", "replace")),
        "raw_path": raw_path,
        "query_string": query,
        "root_path": "",
        "headers": [(name.lower(), value) for name, value in request.headers.raw],
        "client": ("127.0.0.1", 50000),
        "server": (url.host, url.port or _DEFAULT_PORTS.get(url.scheme, 80)),
        "state": dict(state),
        "extensions": {},
    }


class _Exchange:
    """One request's ``receive`` and ``send`` and what the application sent back."""

    __slots__ = ("body", "chunks", "complete", "headers", "request_sent", "status")

    def __init__(self, body: bytes) -> None:
        self.body = body
        self.request_sent = False
        self.status: int | None = None
        self.headers: list[tuple[bytes, bytes]] = []
        self.chunks: list[bytes] = []
        self.complete = asyncio.Event()

    async def receive(self) -> dict[str, Any]:
        if not self.request_sent:
            self.request_sent = True
            return {"type": "http.request", "body": self.body, "more_body": False}
        await self.complete.wait()
        return {"type": "http.disconnect"}

    async def send(self, message: dict[str, Any]) -> None:
        kind = message.get("type")
        if kind == "http.response.start":
            if self.status is not None:
                raise RuntimeError("the application sent http.response.start twice")
            self.status = int(message["status"])
            self.headers = [(bytes(name), bytes(value)) for name, value in message.get("headers") or ()]
        elif kind == "http.response.body":
            if self.status is None:
                raise RuntimeError("the application sent http.response.body before http.response.start")
            if self.complete.is_set():
                return  # after the response is complete, a server discards further messages
            chunk = message.get("body") or b""
            if chunk:
                self.chunks.append(bytes(chunk))
            if not message.get("more_body", False):
                self.complete.set()


class AsgiBridge:
    """A synchronous transport over an ASGI application, on one private event loop.

    Args:
        app: the ASGI application (``async def app(scope, receive, send)``).
        raise_app_exceptions: re-raise exceptions escaping the application (default ``False``:
            they become a 500 response, as a real server would answer).
        lifespan: run the application's lifespan (startup before the first request, shutdown on
            ``close``), as uvicorn does; see ``_lifespan``.
    """

    def __init__(self, app: Any, *, raise_app_exceptions: bool = False, lifespan: bool = True) -> None:
        self._app = app
        self._state: dict[str, Any] = {}
        self._raise = raise_app_exceptions
        self._lifespan = Lifespan(app, self._state) if lifespan else None
        self._loop: asyncio.AbstractEventLoop | None = None

    def _ensure_loop(self) -> asyncio.AbstractEventLoop:
        if self._loop is None or self._loop.is_closed():
            self._loop = asyncio.new_event_loop()
            if self._lifespan is not None:
                self._loop.run_until_complete(self._lifespan.startup())
        return self._loop

    def handle_request(self, request: RequestLike) -> Response:
        """Send ``request`` to the application and return its complete response.

        Raises:
            ProviderError: the application did not answer within the request's timeout
                (``extensions["timeout"]["read"]``), or returned without starting a response.
        """
        loop = self._ensure_loop()
        task = loop.create_task(self._call(request))
        timeout = _read_timeout(request)
        timer = loop.call_later(timeout, task.cancel) if timeout else None
        try:
            return loop.run_until_complete(task)
        except asyncio.CancelledError:
            raise ProviderError(
                f"the application did not answer {request.method} {_target(request)} within {timeout:g} s",
                hint="raise --request-timeout, or find why the application hangs on this request",
            ) from None
        finally:
            if timer is not None:
                timer.cancel()

    async def _call(self, request: RequestLike) -> Response:
        exchange = _Exchange(request.read())
        extensions: dict[str, Any] = {}
        try:
            await self._app(asgi_scope(request, self._state), exchange.receive, exchange.send)
        except Exception as exc:
            if self._raise:
                raise
            extensions["app_exception"] = exc
            if exchange.status is None:  # nothing was sent: a server answers 500
                return Response(500, [(b"content-length", b"0")], b"", extensions)
        finally:
            exchange.complete.set()
        if exchange.status is None:
            raise ProviderError(
                f"the application returned without answering {request.method} {_target(request)}",
                hint="an ASGI application must send http.response.start and http.response.body",
            )
        return Response(exchange.status, exchange.headers, b"".join(exchange.chunks), extensions)

    def close(self) -> None:
        """Run the application's shutdown and close the event loop."""
        if self._loop is not None and not self._loop.is_closed():
            try:
                if self._lifespan is not None:
                    self._loop.run_until_complete(self._lifespan.shutdown())
            finally:
                self._loop.close()
        self._loop = None


def _read_timeout(request: RequestLike) -> float | None:
    timeout = request.extensions.get("timeout") if isinstance(request.extensions, dict) else None
    value = timeout.get("read") if isinstance(timeout, dict) else None
    return float(value) if isinstance(value, int | float) and value > 0 else None


def _target(request: RequestLike) -> str:
    return bytes(request.url.raw_path).decode("ascii", "replace")


__all__ = ["AsgiBridge", "asgi_scope"]
