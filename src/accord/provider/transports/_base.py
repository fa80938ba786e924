"""The one interface the verifier reaches a provider through, and its HTTP, WSGI and ASGI implementations.

Every transport is an ``httpx.BaseTransport``: ``handle_request(httpx.Request) -> httpx.Response``.
The verifier builds requests, hands them to a transport and reads responses; it never knows whether
the provider is a process listening on a port or an application object in this interpreter.

- ``http_transport`` reaches a running provider over the network (loopback in tests).
- ``app_transport`` calls a WSGI application (Flask, Django) or an ASGI application (FastAPI,
  Starlette) in-process, with no socket at all.  httpx's ASGI transport is asynchronous, so
  ``AsgiBridge`` drives it from synchronous code with one event loop kept for the whole run
  (creating a loop per request costs about ten times more than the request itself).
"""

from __future__ import annotations

import asyncio
import inspect
import ssl
from collections.abc import MutableMapping
from typing import Any

import httpx

from accord.errors import ConfigurationError

from ._lifespan import Lifespan


class AsgiBridge(httpx.BaseTransport):
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
        self._inner = httpx.ASGITransport(app=self._with_state, raise_app_exceptions=raise_app_exceptions)
        self._lifespan = Lifespan(app, self._state) if lifespan else None
        self._loop: asyncio.AbstractEventLoop | None = None

    async def _with_state(self, scope: MutableMapping[str, Any], receive: Any, send: Any) -> None:
        # servers copy the lifespan state into each request's scope (ASGI lifespan spec, "state")
        if scope.get("type") == "http" and "state" not in scope:
            scope["state"] = dict(self._state)
        await self._app(scope, receive, send)

    def _ensure_loop(self) -> asyncio.AbstractEventLoop:
        if self._loop is None or self._loop.is_closed():
            self._loop = asyncio.new_event_loop()
            if self._lifespan is not None:
                self._loop.run_until_complete(self._lifespan.startup())
        return self._loop

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        """Send ``request`` to the application and return its complete response."""
        loop = self._ensure_loop()
        return loop.run_until_complete(self._send(request))

    async def _send(self, request: httpx.Request) -> httpx.Response:
        # A request built from bytes has a stream that is both sync and async: no copy needed.
        if not isinstance(request.stream, httpx.AsyncByteStream):
            request = httpx.Request(
                request.method,
                request.url,
                headers=request.headers,
                content=request.read(),
                extensions=request.extensions,
            )
        response = await self._inner.handle_async_request(request)
        content = await response.aread()
        # the body is in memory: give it a stream that sync callers can close
        response.stream = httpx.ByteStream(content)
        return response

    def close(self) -> None:
        """Close the event loop."""
        if self._loop is not None and not self._loop.is_closed():
            if self._lifespan is not None:
                self._loop.run_until_complete(self._lifespan.shutdown())
            self._loop.run_until_complete(self._inner.aclose())
            self._loop.close()
        self._loop = None


def is_asgi(app: Any) -> bool:
    """Whether ``app`` is an ASGI application (a coroutine function of ``scope, receive, send``).

    WSGI applications are plain callables of ``(environ, start_response)``; ASGI applications are
    coroutine functions, or objects whose ``__call__`` is one (FastAPI, Starlette, Django's
    ``ASGIHandler``).
    """
    if inspect.iscoroutinefunction(app):
        return True
    call = getattr(app, "__call__", None)  # noqa: B004 - we need the method itself, not callable()
    return call is not None and inspect.iscoroutinefunction(call)


def app_transport(app: Any) -> httpx.BaseTransport:
    """A transport calling ``app`` in-process: ``AsgiBridge`` for ASGI, ``httpx.WSGITransport`` for WSGI.

    Raises:
        ConfigurationError: ``app`` is not callable.
    """
    if not callable(app):
        raise ConfigurationError(
            f"the provider application {app!r} is not a WSGI or ASGI application (it is not callable)",
            hint="pass the application object itself, e.g. --app myservice.main:app",
        )
    if is_asgi(app):
        return AsgiBridge(app)
    return httpx.WSGITransport(app=app, raise_app_exceptions=False)


class HttpTransport(httpx.BaseTransport):
    """HTTP(S) to a running provider or broker, with no retries (a failure is a verdict).

    Loading the CA bundle for TLS costs 30-60 ms, a tenth of a whole verification; it is done
    only when an ``https://`` URL is first used. ``http://`` requests go through a transport whose
    TLS context is never used.
    """

    def __init__(self) -> None:
        self._plain: httpx.HTTPTransport | None = None
        self._tls: httpx.HTTPTransport | None = None

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        """Send ``request`` over a pooled connection."""
        if request.url.scheme == "https":
            if self._tls is None:
                self._tls = httpx.HTTPTransport(retries=0)
            return self._tls.handle_request(request)
        if self._plain is None:
            self._plain = httpx.HTTPTransport(retries=0, verify=ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT))
        return self._plain.handle_request(request)

    def close(self) -> None:
        """Close the pooled connections."""
        for transport in (self._plain, self._tls):
            if transport is not None:
                transport.close()
        self._plain = self._tls = None


def http_transport() -> httpx.BaseTransport:
    """A transport reaching a running provider over HTTP(S) (see ``HttpTransport``)."""
    return HttpTransport()


__all__ = ["AsgiBridge", "HttpTransport", "app_transport", "http_transport", "is_asgi"]
