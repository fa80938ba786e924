"""How the verifier reaches a provider: one transport interface, HTTP or in-process (WSGI, ASGI).

``AsgiBridge`` (asyncio), ``WsgiTransport`` and ``HttpTransport`` (httpx) are imported on first
use, so that verifying a WSGI application in-process loads neither asyncio nor httpx.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

from ._base import app_transport, as_transport, http_transport, is_asgi
from ._models import URL, Headers, Request, RequestLike, Response, ResponseLike, Transport

if TYPE_CHECKING:
    from ._asgi import AsgiBridge
    from ._http import HttpTransport, HttpxTransport
    from ._wsgi import WsgiTransport

_LAZY = {
    "AsgiBridge": "._asgi",
    "WsgiTransport": "._wsgi",
    "HttpTransport": "._http",
    "HttpxTransport": "._http",
}


def __getattr__(name: str) -> Any:
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(module, __name__), name)
    globals()[name] = value
    return value


__all__ = [
    "URL",
    "AsgiBridge",
    "Headers",
    "HttpTransport",
    "HttpxTransport",
    "Request",
    "RequestLike",
    "Response",
    "ResponseLike",
    "Transport",
    "WsgiTransport",
    "app_transport",
    "as_transport",
    "http_transport",
    "is_asgi",
]
