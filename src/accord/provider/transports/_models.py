"""The request and response the transports exchange: small, dependency-free, httpx-shaped.

The verifier replays hundreds of requests in a run; building them with plain objects instead of
``httpx.Request``/``httpx.Response`` keeps httpx (~100 ms of start-up) off the in-process path.
The attribute names are httpx's (``method``, ``url.raw_path``, ``url.path``, ``url.query``,
``headers.raw``, ``read()``, ``status_code``, ``content``), so every transport also accepts an
``httpx.Request`` (what request filters hand back) and code reading a response takes either kind.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from functools import lru_cache
from typing import Any, Protocol
from urllib.parse import unquote, urlsplit

_DEFAULT_PORTS = {"http": 80, "https": 443}


def _encode(value: str) -> bytes:
    # pact header values are text; what is not latin-1 goes out as UTF-8 (as browsers do)
    try:
        return value.encode("latin-1")
    except UnicodeEncodeError:
        return value.encode("utf-8")


def _decode(value: bytes) -> str:
    try:
        return value.decode("utf-8")
    except UnicodeDecodeError:
        return value.decode("latin-1")


class URL:
    """An absolute ``http(s)`` URL, split once (the parts httpx's ``URL`` offers under the same names).

    Attributes:
        scheme: ``"http"`` or ``"https"``.
        host: the host name (no port).
        port: the port, or ``None`` when it is the scheme's default.
        raw_path: the target as sent on the request line: the percent-encoded path, ``?`` and the
            query (bytes).
        query: the percent-encoded query string, without ``?`` (bytes).

    Raises:
        ValueError: ``url`` is not an absolute ``http(s)`` URL, or its port is not a number.
    """

    __slots__ = ("_text", "host", "port", "query", "raw_path", "scheme")

    def __init__(self, url: str) -> None:
        parts = urlsplit(url)
        self.scheme, self.host, self.port = _origin(parts.scheme, parts.hostname, parts.port, url)
        self._text = url
        self.query = parts.query.encode("ascii", "replace")
        path = parts.path or "/"
        self.raw_path = (path + ("?" + parts.query if parts.query else "")).encode("ascii", "replace")

    @classmethod
    def join(cls, base: str, path: str, query: str = "") -> URL:
        """``base`` (which may end in a path prefix) + ``path`` (percent-encoded) + ``?query``.

        The base is split once and remembered: the verifier joins it to every replayed path.

        Raises:
            ValueError: ``base`` is not an absolute ``http(s)`` URL, or ``path`` is not ASCII.
        """
        scheme, host, port, prefix = _split_base(base)
        target = prefix + path + ("?" + query if query else "")
        url = cls.__new__(cls)
        url.scheme, url.host, url.port = scheme, host, port
        url._text = base.rstrip("/") + path + ("?" + query if query else "")
        url.raw_path = target.encode("ascii")
        url.query = query.encode("ascii")
        return url

    @property
    def path(self) -> str:
        """The path, percent-escapes decoded (UTF-8)."""
        return unquote(self.raw_path.partition(b"?")[0].decode("ascii"))

    @property
    def netloc(self) -> bytes:
        """``host`` or ``host:port`` (the ``Host`` header's value)."""
        return (self.host if self.port is None else f"{self.host}:{self.port}").encode("ascii", "replace")

    def __str__(self) -> str:
        return self._text

    def __repr__(self) -> str:
        return f"URL({self._text!r})"


def _origin(scheme: str, host: str | None, port: int | None, url: str) -> tuple[str, str, int | None]:
    if scheme not in _DEFAULT_PORTS or not host:
        raise ValueError(f"{url!r} is not an absolute http:// or https:// URL")
    return scheme, host, None if port == _DEFAULT_PORTS[scheme] else port


@lru_cache(maxsize=32)
def _split_base(base: str) -> tuple[str, str, int | None, str]:
    parts = urlsplit(base)
    scheme, host, port = _origin(parts.scheme, parts.hostname, parts.port, base)  # port: ValueError
    return scheme, host, port, parts.path.rstrip("/")


class Headers:
    """HTTP headers in order, names case-insensitive, repeated names kept (``raw`` is the wire form)."""

    __slots__ = ("_items",)

    def __init__(self, items: Iterable[tuple[str | bytes, str | bytes]] | Mapping[str, str] = ()) -> None:
        pairs = items.items() if isinstance(items, Mapping) else items
        self._items: list[tuple[bytes, bytes]] = [
            (name if isinstance(name, bytes) else _encode(name), v if isinstance(v, bytes) else _encode(v))
            for name, v in pairs
        ]

    @classmethod
    def of_raw(cls, raw: list[tuple[bytes, bytes]]) -> Headers:
        """Headers holding ``raw`` (byte pairs, as a server sends them) as they are, without a copy."""
        headers = cls.__new__(cls)
        headers._items = raw
        return headers

    @property
    def raw(self) -> list[tuple[bytes, bytes]]:
        """``(name, value)`` byte pairs, in order, as sent."""
        return self._items

    def get_list(self, name: str) -> list[str]:
        """Every value of header ``name``."""
        key = name.lower().encode("latin-1")
        return [_decode(v) for k, v in self._items if k.lower() == key]

    def get(self, name: str, default: str | None = None) -> str | None:
        """The value of ``name`` (repeated values joined with ``", "``), or ``default``."""
        values = self.get_list(name)
        return ", ".join(values) if values else default

    def __getitem__(self, name: str) -> str:
        value = self.get(name)
        if value is None:
            raise KeyError(name)
        return value

    def __setitem__(self, name: str, value: str) -> None:
        """Replace every value of ``name`` with ``value`` (in the first one's place)."""
        key = name.lower().encode("latin-1")
        pair = (_encode(name), _encode(value))
        kept: list[tuple[bytes, bytes]] = []
        placed = False
        for item in self._items:
            if item[0].lower() != key:
                kept.append(item)
            elif not placed:
                kept.append(pair)
                placed = True
        if not placed:
            kept.append(pair)
        self._items = kept

    def __delitem__(self, name: str) -> None:
        key = name.lower().encode("latin-1")
        if not any(k.lower() == key for k, _ in self._items):
            raise KeyError(name)
        self._items = [item for item in self._items if item[0].lower() != key]

    def __contains__(self, name: object) -> bool:
        if not isinstance(name, str):
            return False
        key = name.lower().encode("latin-1")
        return any(k.lower() == key for k, _ in self._items)

    def setdefault(self, name: str, value: str) -> str:
        """``value`` for ``name`` unless it is set already; the header's value."""
        if name not in self:
            self[name] = value
        return self[name]

    def update(self, other: Mapping[str, str] | Iterable[tuple[str, str]]) -> None:
        """Set each header of ``other`` (replacing values of the same name)."""
        for name, value in other.items() if isinstance(other, Mapping) else other:
            self[name] = value

    def items(self) -> list[tuple[str, str]]:
        """``(name, value)`` text pairs, repeated names kept."""
        return [(_decode(k), _decode(v)) for k, v in self._items]

    def keys(self) -> list[str]:
        """The names, in order."""
        return [_decode(k) for k, _ in self._items]

    def __iter__(self) -> Iterator[str]:
        return iter(self.keys())

    def __len__(self) -> int:
        return len(self._items)

    def __repr__(self) -> str:
        return f"Headers({self.items()!r})"


class Request:
    """One request to the provider.

    Like an ``httpx.Request`` built from bytes, it gets ``Host`` from the URL and
    ``Content-Length`` from the body (``0`` for a POST, PUT or PATCH without one) unless given.

    Args:
        method: the HTTP method.
        url: the absolute URL (``URL`` or text).
        headers: ``(name, value)`` pairs, repeated names allowed, or a mapping.
        content: the body, or ``None`` for none.
        extensions: per-request options for the transport (``"timeout"``).
    """

    __slots__ = ("content", "extensions", "headers", "method", "url")

    def __init__(
        self,
        method: str,
        url: URL | str,
        *,
        headers: Iterable[tuple[str | bytes, str | bytes]] | Mapping[str, str] = (),
        content: bytes | None = None,
        extensions: dict[str, Any] | None = None,
    ) -> None:
        self.method = method.upper()
        self.url = url if isinstance(url, URL) else URL(url)
        self.headers = Headers(headers)
        self.content = content or b""
        self.extensions: dict[str, Any] = extensions if extensions is not None else {}
        auto: list[tuple[bytes, bytes]] = []
        if "host" not in self.headers:
            auto.append((b"Host", self.url.netloc))
        if "content-length" not in self.headers and "transfer-encoding" not in self.headers:
            if self.content:
                self.headers.raw.append((b"Content-Length", str(len(self.content)).encode("ascii")))
            elif self.method in ("POST", "PUT", "PATCH"):
                auto.append((b"Content-Length", b"0"))
        if auto:
            self.headers.raw[:0] = auto

    def read(self) -> bytes:
        """The body."""
        return self.content

    def __repr__(self) -> str:
        return f"<Request {self.method} {self.url}>"


class Response:
    """The provider's complete answer.

    Args:
        status_code: the status.
        headers: ``(name, value)`` byte pairs as the provider sent them.
        content: the body (decoded from ``gzip``/``deflate`` content encodings, as httpx does).
        extensions: what the transport noticed (``"app_exception"``: an in-process application
            raised after answering).
    """

    __slots__ = ("content", "extensions", "headers", "status_code")

    def __init__(
        self,
        status_code: int,
        headers: Iterable[tuple[bytes, bytes]] = (),
        content: bytes = b"",
        extensions: dict[str, Any] | None = None,
    ) -> None:
        self.status_code = status_code
        self.headers = Headers.of_raw(headers if isinstance(headers, list) else list(headers))
        self.content = _decoded(self.headers, content)
        self.extensions: dict[str, Any] = extensions if extensions is not None else {}

    def read(self) -> bytes:
        """The body."""
        return self.content

    def close(self) -> None:
        """Nothing to release: the body is in memory."""

    def __repr__(self) -> str:
        return f"<Response [{self.status_code}]>"


def _decoded(headers: Headers, content: bytes) -> bytes:
    """``content`` without its ``Content-Encoding`` (gzip, deflate), or as it is when it does not decode."""
    if not content or not any(name.lower() == b"content-encoding" for name, _ in headers.raw):
        return content
    encodings = [e.strip().lower() for e in (headers.get("content-encoding") or "").split(",") if e.strip()]
    if not content or not encodings or all(e == "identity" for e in encodings):
        return content
    import zlib  # noqa: PLC0415 - rarely needed: in-process requests ask for no encoding by default

    body = content
    for encoding in reversed(encodings):
        try:
            if encoding in ("gzip", "x-gzip"):
                body = zlib.decompress(body, zlib.MAX_WBITS | 16)
            elif encoding == "deflate":
                try:
                    body = zlib.decompress(body)
                except zlib.error:  # raw deflate, without the zlib wrapper
                    body = zlib.decompress(body, -zlib.MAX_WBITS)
            elif encoding != "identity":
                return content  # br, zstd ...: left as sent; the matcher reports the body
        except zlib.error:
            return content
    return body


class RequestLike(Protocol):
    """What a transport reads from a request: an ``accord`` ``Request`` or an ``httpx.Request``."""

    method: str

    @property
    def url(self) -> Any:
        """``scheme``, ``host``, ``port``, ``raw_path`` (bytes), ``path``, ``query`` (bytes)."""

    @property
    def headers(self) -> Any:
        """``.raw``: ``(name, value)`` byte pairs."""

    @property
    def extensions(self) -> Any:
        """Per-request transport options (``"timeout"``)."""

    def read(self) -> bytes:
        """The body."""


class ResponseLike(Protocol):
    """What the verifier reads from a response: an ``accord`` ``Response`` or an ``httpx.Response``."""

    @property
    def status_code(self) -> int:
        """The status."""

    @property
    def headers(self) -> Any:
        """``.raw``: ``(name, value)`` byte pairs."""

    @property
    def content(self) -> bytes:
        """The body (after ``read()``)."""

    @property
    def extensions(self) -> Any:
        """What the transport noticed."""

    def read(self) -> bytes:
        """The whole body."""

    def close(self) -> None:
        """Release the connection."""


class Transport(Protocol):
    """The one interface every way of reaching a provider implements (HTTP, WSGI, ASGI, test doubles)."""

    def handle_request(self, request: Any) -> ResponseLike:
        """Send ``request`` (a ``RequestLike``) and return the complete response."""

    def close(self) -> None:
        """Release what the transport holds (connections, the event loop, the app's lifespan)."""


__all__ = ["URL", "Headers", "Request", "RequestLike", "Response", "ResponseLike", "Transport"]
