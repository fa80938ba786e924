"""Reaching a running provider over HTTP(S), and using any httpx transport, behind the one interface.

httpx is imported here only, and only when a provider is reached over the network (or a caller
hands the verifier an httpx transport): in-process verification never loads it.
"""

from __future__ import annotations

import ssl
from typing import TYPE_CHECKING, Any

import httpx

from ._models import RequestLike

if TYPE_CHECKING:
    from ._models import ResponseLike


def to_httpx(request: RequestLike) -> httpx.Request:
    """``request`` as an ``httpx.Request`` (itself when it is one already)."""
    if isinstance(request, httpx.Request):
        return request
    return httpx.Request(
        request.method,
        str(request.url),
        headers=list(request.headers.raw),
        content=request.read() or None,
        extensions=dict(request.extensions),
    )


class HttpxTransport:
    """Any ``httpx.BaseTransport`` (``MockTransport``, a custom transport) as an Accord transport."""

    def __init__(self, inner: httpx.BaseTransport) -> None:
        self.inner = inner

    def handle_request(self, request: RequestLike) -> ResponseLike:
        """Send ``request`` through the httpx transport."""
        return self.inner.handle_request(to_httpx(request))

    def close(self) -> None:
        """Close the httpx transport."""
        self.inner.close()


class HttpTransport:
    """HTTP(S) to a running provider or broker, with no retries (a failure is a verdict).

    Loading the CA bundle for TLS costs 30-60 ms, a tenth of a whole verification; it is done
    only when an ``https://`` URL is first used. ``http://`` requests go through a transport whose
    TLS context is never used.
    """

    def __init__(self) -> None:
        self._plain: httpx.HTTPTransport | None = None
        self._tls: httpx.HTTPTransport | None = None

    def handle_request(self, request: Any) -> httpx.Response:
        """Send ``request`` (an Accord or httpx request) over a pooled connection."""
        wire = to_httpx(request)
        if wire.url.scheme == "https":
            if self._tls is None:
                self._tls = httpx.HTTPTransport(retries=0)
            return self._tls.handle_request(wire)
        if self._plain is None:
            self._plain = httpx.HTTPTransport(retries=0, verify=ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT))
        return self._plain.handle_request(wire)

    def close(self) -> None:
        """Close the pooled connections."""
        for transport in (self._plain, self._tls):
            if transport is not None:
                transport.close()
        self._plain = self._tls = None


class _HttpxBase(httpx.BaseTransport):
    """``HttpTransport`` as an ``httpx.BaseTransport``, for the helper ``httpx.Client``."""

    def __init__(self) -> None:
        self._inner = HttpTransport()

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        return self._inner.handle_request(request)

    def close(self) -> None:
        self._inner.close()


def client_transport() -> httpx.BaseTransport:
    """The httpx transport of the verifier's helper client (see ``HttpTransport``)."""
    return _HttpxBase()


__all__ = ["HttpTransport", "HttpxTransport", "client_transport", "to_httpx"]
