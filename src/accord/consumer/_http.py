"""A small, fast HTTP/1.1 server on a background thread, for mock and stub servers.

Why not uvicorn or ``http.server``: a consumer test starts one server per test, so start-up and
shutdown dominate. Binding a socket and starting one accept thread takes well under a millisecond;
shutdown wakes the accept loop through a socket pair at once instead of polling.

The server parses requests itself (request line, headers, ``Content-Length`` or chunked bodies,
``Expect: 100-continue``, keep-alive) and hands each complete request to a handler. Anything a
client gets wrong (a malformed request line, a body cut short by a half-closed connection, a body
over the size limit, a stalled client) is reported through ``on_problem`` and answered with 400/413
when the connection still allows it; it never hangs the server or kills its thread.
"""

from __future__ import annotations

import contextlib
import selectors
import socket
import threading
from collections.abc import Callable
from dataclasses import field
from http import HTTPStatus
from typing import TYPE_CHECKING, BinaryIO

from accord.model._record import MutableRecord

if TYPE_CHECKING:  # checkers see the dataclasses these classes behave as
    from dataclasses import dataclass
else:  # at run time, without compiling generated methods at import (see accord.model._record)
    from accord.model._record import dataclass

MAX_BODY = 64 * 1024 * 1024
MAX_HEADER_LINE = 64 * 1024
MAX_HEADERS = 200
READ_TIMEOUT = 30.0


@dataclass
class RawRequest(MutableRecord):
    """A request as received: method, target (path and query string), headers in order, body bytes."""

    method: str
    target: str
    version: str
    headers: list[tuple[str, str]]
    body: bytes

    def header(self, name: str) -> str | None:
        """The first value of a header (name case-insensitive), or ``None``."""
        lowered = name.lower()
        for key, value in self.headers:
            if key.lower() == lowered:
                return value
        return None


@dataclass
class RawResponse(MutableRecord):
    """A response to send: status, headers (name, value) in order, body bytes."""

    status: int
    headers: list[tuple[str, str]] = field(default_factory=list)
    body: bytes = b""


Handler = Callable[[RawRequest], RawResponse]
ProblemReporter = Callable[[str], None]


class _BadRequest(Exception):
    """The client sent something that is not HTTP/1.1; the message says what."""

    def __init__(self, message: str, status: int = 400) -> None:
        super().__init__(message)
        self.status = status


class HttpServer:
    """An HTTP/1.1 server on ``host``:``port`` (0 = ephemeral) serving ``handler`` from threads.

    Use ``start()`` and ``close()`` (or ``with``). ``url`` is ``http://host:port`` once started.
    """

    def __init__(
        self,
        handler: Handler,
        *,
        host: str = "127.0.0.1",
        port: int = 0,
        on_problem: ProblemReporter | None = None,
        read_timeout: float = READ_TIMEOUT,
        max_body: int = MAX_BODY,
    ) -> None:
        self._handler = handler
        self._on_problem = on_problem or (lambda message: None)
        self._read_timeout = read_timeout
        self._max_body = max_body
        self._listener = socket.create_server((host, port), backlog=128)
        self.host, self.port = self._listener.getsockname()[:2]
        self._wake_r, self._wake_w = socket.socketpair()
        self._lock = threading.Lock()
        self._connections: dict[socket.socket, threading.Thread] = {}
        self._closing = False
        self._thread = threading.Thread(
            target=self._accept_loop, name=f"accord-http-{self.port}", daemon=True
        )

    @property
    def url(self) -> str:
        """The base URL, ``http://127.0.0.1:<port>``."""
        return f"http://{self.host}:{self.port}"

    def start(self) -> HttpServer:
        """Start accepting connections on the background thread."""
        self._thread.start()
        return self

    def __enter__(self) -> HttpServer:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        """Stop accepting, close every open connection and wait for the threads to end."""
        with self._lock:
            if self._closing:
                return
            self._closing = True
        with contextlib.suppress(OSError):
            self._wake_w.send(b"x")
        if self._thread.is_alive():
            self._thread.join()
        with self._lock:
            pending = list(self._connections.items())
        for conn, _ in pending:
            with contextlib.suppress(OSError):
                conn.shutdown(socket.SHUT_RDWR)
        for _, thread in pending:
            thread.join(timeout=5)
        for sock in (self._listener, self._wake_r, self._wake_w):
            sock.close()

    def _accept_loop(self) -> None:
        with selectors.DefaultSelector() as selector:
            selector.register(self._listener, selectors.EVENT_READ)
            selector.register(self._wake_r, selectors.EVENT_READ)
            while True:
                for key, _ in selector.select():
                    if key.fileobj is self._wake_r:
                        return
                    try:
                        conn, _addr = self._listener.accept()
                    except OSError:
                        continue
                    thread = threading.Thread(target=self._serve, args=(conn,), daemon=True)
                    with self._lock:
                        if self._closing:
                            conn.close()
                            return
                        self._connections[conn] = thread
                    thread.start()

    def _serve(self, conn: socket.socket) -> None:
        conn.settimeout(self._read_timeout)
        conn.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        reader = conn.makefile("rb")
        try:
            while self._serve_one(conn, reader):
                pass
        finally:
            reader.close()
            with contextlib.suppress(OSError):
                conn.close()
            with self._lock:
                self._connections.pop(conn, None)

    def _serve_one(self, conn: socket.socket, reader: BinaryIO) -> bool:
        """Read and answer one request; return whether the connection stays open."""
        started = False
        try:
            line = _readline(reader)
            while line in (b"\r\n", b"\n"):  # RFC 9112 2.2: ignore empty lines before a request
                line = _readline(reader)
            if not line:
                return False
            started = True
            request = self._read_request(conn, reader, line)
        except _BadRequest as exc:
            if exc.status == 0 and self._closing:
                self._on_problem(f"a request was still incomplete when the mock server was closed: {exc}")
            else:
                self._on_problem(str(exc))
            if exc.status:
                with contextlib.suppress(OSError):
                    self._send(conn, _error(exc.status, str(exc)), head=False)
            return False
        except (TimeoutError, OSError) as exc:
            if started and not self._closing:
                self._on_problem(f"the client stopped sending in the middle of a request ({_describe(exc)})")
            elif started:
                self._on_problem("a request was still incomplete when the mock server was closed")
            return False
        try:
            response = self._handler(request)
        except Exception as exc:  # a handler bug must cost one request, never the server
            self._on_problem(
                f"the server failed on {request.method} {request.target}: {type(exc).__name__}: {exc}"
            )
            response = _error(500, f"{type(exc).__name__}: {exc}")
        keep_alive = _keep_alive(request)
        if not keep_alive:
            response.headers.append(("Connection", "close"))
        try:
            self._send(conn, response, head=request.method == "HEAD")
        except OSError:
            return False
        return keep_alive

    def _read_request(self, conn: socket.socket, reader: BinaryIO, line: bytes) -> RawRequest:
        if not line.endswith(b"\n"):
            raise _BadRequest(
                f"the connection closed in the middle of the request line {line[:200]!r}", status=0
            )
        try:
            method, target, version = line.decode("latin-1").rstrip("\r\n").split(" ")
        except ValueError:
            raise _BadRequest(f"malformed HTTP request line {line[:200]!r}") from None
        if not version.startswith("HTTP/1.") or not method.isalpha() or not target:
            raise _BadRequest(f"malformed HTTP request line {line[:200]!r}")
        headers: list[tuple[str, str]] = []
        while True:
            raw = _readline(reader)
            if not raw:
                raise _BadRequest("the connection closed before the request headers ended", status=0)
            if raw in (b"\r\n", b"\n"):
                break
            if not raw.endswith(b"\n"):
                raise _BadRequest("the connection closed before the request headers ended", status=0)
            if len(headers) >= MAX_HEADERS:
                raise _BadRequest(f"more than {MAX_HEADERS} request headers", status=431)
            name, sep, value = raw.decode("latin-1").partition(":")
            if not sep or not name or name != name.strip():
                raise _BadRequest(f"malformed request header line {raw[:200]!r}")
            headers.append((name, value.strip()))
        request = RawRequest(method, target, version, headers, b"")
        if (request.header("Expect") or "").lower() == "100-continue":
            conn.sendall(b"HTTP/1.1 100 Continue\r\n\r\n")
        request.body = self._read_body(request, reader)
        return request

    def _read_body(self, request: RawRequest, reader: BinaryIO) -> bytes:
        encoding = (request.header("Transfer-Encoding") or "").lower()
        if "chunked" in encoding:
            return self._read_chunked(reader)
        length_text = request.header("Content-Length")
        if length_text is None:
            return b""
        if not length_text.isdigit():
            raise _BadRequest(f"Content-Length {length_text!r} is not a number")
        length = int(length_text)
        if length > self._max_body:
            raise _BadRequest(f"request body of {length} bytes is over the {self._max_body}-byte limit", 413)
        body = _read_exact(reader, length)
        if len(body) < length:
            raise _BadRequest(
                f"the client closed the connection after {len(body)} of {length} body bytes "
                f"({request.method} {request.target})",
                status=0,
            )
        return body

    def _read_chunked(self, reader: BinaryIO) -> bytes:
        parts: list[bytes] = []
        total = 0
        while True:
            size_line = _readline(reader)
            if not size_line:
                raise _BadRequest("the connection closed in the middle of a chunked body", status=0)
            try:
                size = int(size_line.split(b";")[0].strip(), 16)
            except ValueError:
                raise _BadRequest(f"malformed chunk size {size_line[:50]!r}") from None
            if size == 0:
                while _readline(reader) not in (b"\r\n", b"\n", b""):
                    pass  # trailers are ignored
                return b"".join(parts)
            total += size
            if total > self._max_body:
                raise _BadRequest(f"chunked request body over the {self._max_body}-byte limit", 413)
            chunk = _read_exact(reader, size)
            if len(chunk) < size:
                raise _BadRequest("the connection closed in the middle of a chunked body", status=0)
            parts.append(chunk)
            _readline(reader)

    @staticmethod
    def _send(conn: socket.socket, response: RawResponse, *, head: bool) -> None:
        reason = _reason(response.status)
        lines = [f"HTTP/1.1 {response.status} {reason}"]
        names = {name.lower() for name, _ in response.headers}
        lines.extend(f"{name}: {value}" for name, value in response.headers)
        if "content-length" not in names:
            lines.append(f"Content-Length: {len(response.body)}")
        payload = ("\r\n".join(lines) + "\r\n\r\n").encode("latin-1", errors="replace")
        conn.sendall(payload if head else payload + response.body)


def _readline(reader: BinaryIO) -> bytes:
    line = reader.readline(MAX_HEADER_LINE + 1)
    if len(line) > MAX_HEADER_LINE:
        raise _BadRequest(f"a request line or header is longer than {MAX_HEADER_LINE} bytes", 431)
    return line


def _read_exact(reader: BinaryIO, length: int) -> bytes:
    return reader.read(length) or b""


def _keep_alive(request: RawRequest) -> bool:
    connection = (request.header("Connection") or "").lower()
    if request.version == "HTTP/1.0":
        return "keep-alive" in connection
    return "close" not in connection


def _reason(status: int) -> str:
    try:
        return HTTPStatus(status).phrase
    except ValueError:
        return "Unknown"


def _error(status: int, message: str) -> RawResponse:
    body = message.encode("utf-8")
    return RawResponse(status, [("Content-Type", "text/plain; charset=utf-8"), ("Connection", "close")], body)


def _describe(exc: BaseException) -> str:
    return "timed out" if isinstance(exc, TimeoutError) else type(exc).__name__


__all__ = ["HttpServer", "RawRequest", "RawResponse"]
