"""Fixtures of the provider tests: the orders provider (in-process and on 127.0.0.1), states, odd servers.

Servers bind port 0 on 127.0.0.1 in a daemon thread and stop cleanly when the test ends; the
"hanging" server waits on an event the fixture sets at teardown, so nothing sleeps.
"""

from __future__ import annotations

import socket
import threading
from collections.abc import Iterator
from typing import Any
from wsgiref.simple_server import WSGIRequestHandler, WSGIServer, make_server

import pytest

from accord.provider import StateHandlers

from . import _apps


class _QuietHandler(WSGIRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:
        """No access log in test output."""


class _ThreadingWSGIServer(WSGIServer):
    daemon_threads = True


def serve_wsgi(app: Any) -> Iterator[str]:
    """Serve a WSGI app on 127.0.0.1:0 until the generator is closed; yield its base URL."""
    server = make_server("127.0.0.1", 0, app, server_class=_ThreadingWSGIServer, handler_class=_QuietHandler)
    thread = threading.Thread(target=server.serve_forever, args=(0.05,), daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}"
    finally:
        server.shutdown()
        server.server_close()
        thread.join()


@pytest.fixture(autouse=True)
def _clean_store() -> Iterator[None]:
    _apps.STORE.clear()
    _apps.FLAGS.update(broken=False, health_down=False)
    yield
    _apps.STORE.clear()
    _apps.FLAGS.update(broken=False, health_down=False)


@pytest.fixture
def states() -> StateHandlers:
    """Handlers for the orders pact's states (generator teardown clears the store)."""
    handlers = StateHandlers()

    @handlers.state("an order exists")
    def order_exists(id: int, item: str) -> Iterator[dict[str, Any]]:
        _apps.STORE[id] = {"id": id, "item": item, "quantity": 1}
        yield {"id": id}
        _apps.STORE.pop(id, None)

    @handlers.state("no orders")
    def no_orders() -> None:
        _apps.STORE.clear()

    return handlers


@pytest.fixture
def flask_app() -> Any:
    """The orders provider as a Flask app."""
    return _apps.make_flask()


@pytest.fixture
def fastapi_app() -> Any:
    """The orders provider as a FastAPI app."""
    return _apps.make_fastapi()


@pytest.fixture
def http_provider(flask_app: Any) -> Iterator[str]:
    """The orders provider listening on 127.0.0.1 (Flask under wsgiref, threaded), with ``/_pact/state``."""
    yield from serve_wsgi(_apps.with_state_endpoint(flask_app))


class RawServer:
    """A TCP server on 127.0.0.1:0 that answers each connection with fixed bytes, or never."""

    def __init__(self, reply: bytes | None) -> None:
        self.reply = reply
        self.release = threading.Event()
        self.sock = socket.socket()
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen(16)
        self.url = f"http://127.0.0.1:{self.sock.getsockname()[1]}"
        self.thread = threading.Thread(target=self._serve, daemon=True)
        self.connections: list[socket.socket] = []

    def _serve(self) -> None:
        while not self.release.is_set():
            try:
                conn, _ = self.sock.accept()
            except OSError:
                return
            self.connections.append(conn)
            conn.recv(65536)
            if self.reply is not None:
                conn.sendall(self.reply)
                conn.close()

    def __enter__(self) -> RawServer:
        self.thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.release.set()
        self.sock.shutdown(socket.SHUT_RDWR)  # wakes the thread blocked in accept()
        self.sock.close()
        for conn in self.connections:
            conn.close()
        self.thread.join()


@pytest.fixture
def garbage_server() -> Iterator[str]:
    """A "provider" that answers every request with bytes that are not HTTP."""
    with RawServer(b"\x00\x01garbage, not HTTP at all\r\n\r\n") as server:
        yield server.url


@pytest.fixture
def hanging_server() -> Iterator[str]:
    """A "provider" that accepts connections and never answers."""
    with RawServer(None) as server:
        yield server.url


@pytest.fixture
def closed_port() -> str:
    """A URL on 127.0.0.1 where nothing listens (bound then closed)."""
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    port = sock.getsockname()[1]
    sock.close()
    return f"http://127.0.0.1:{port}"
