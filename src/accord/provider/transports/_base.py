"""Choosing the transport for a provider: a running server, or a WSGI or ASGI application in-process.

Every transport implements the one interface of ``_models.Transport``:
``handle_request(request) -> response`` and ``close()``. The verifier builds requests, hands them
to a transport and reads responses; it never knows whether the provider is a process listening on
a port or an application object in this interpreter.

- ``http_transport`` reaches a running provider over the network (loopback in tests), via httpx.
- ``app_transport`` calls a WSGI application (Flask, Django: ``WsgiTransport``) or an ASGI
  application (FastAPI, Starlette: ``AsgiBridge``) directly, with no socket and no httpx.
- ``as_transport`` takes any transport, including an ``httpx.BaseTransport``.

Each implementation is imported when first chosen: the in-process path loads neither httpx nor,
for WSGI applications, asyncio.
"""

from __future__ import annotations

import inspect
import sys
from typing import Any

from accord.errors import ConfigurationError

from ._models import Transport


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


def app_transport(app: Any) -> Transport:
    """A transport calling ``app`` in-process: ``AsgiBridge`` for ASGI, ``WsgiTransport`` for WSGI.

    Raises:
        ConfigurationError: ``app`` is not callable.
    """
    if not callable(app):
        raise ConfigurationError(
            f"the provider application {app!r} is not a WSGI or ASGI application (it is not callable)",
            hint="pass the application object itself, e.g. --app myservice.main:app",
        )
    if is_asgi(app):
        from ._asgi import AsgiBridge  # noqa: PLC0415 - asyncio only for ASGI applications

        return AsgiBridge(app)
    from ._wsgi import WsgiTransport  # noqa: PLC0415

    return WsgiTransport(app)


def http_transport() -> Transport:
    """A transport reaching a running provider over HTTP(S) (see ``_http.HttpTransport``)."""
    from ._http import HttpTransport  # noqa: PLC0415 - httpx only for providers on the network

    return HttpTransport()


def as_transport(transport: Any) -> Transport:
    """``transport`` behind the one interface; an ``httpx.BaseTransport`` is adapted."""
    httpx = sys.modules.get("httpx")  # an httpx transport means httpx is loaded already
    if httpx is not None and isinstance(transport, httpx.BaseTransport):
        from ._http import HttpxTransport  # noqa: PLC0415

        return HttpxTransport(transport)
    if not callable(getattr(transport, "handle_request", None)):
        raise ConfigurationError(
            f"{transport!r} is not a transport (it has no handle_request method)",
            hint="pass an httpx.BaseTransport or an object with handle_request(request) and close()",
        )
    adapted: Transport = transport
    return adapted


__all__ = ["app_transport", "as_transport", "http_transport", "is_asgi"]
