"""Loopback servers the provider features verify against: a canned provider and a recording broker.

Both run ``http.server`` on 127.0.0.1 with an ephemeral port in a daemon thread and stop cleanly
(``shutdown`` then ``server_close``) when their ``with`` block ends; nothing sleeps.

- ``ProviderServer`` answers each request with the response of the suite interaction whose method and
  path it matches, records every request it got, and serves the Pact state-change protocol at
  ``/_pact/state-change`` (``POST {"state", "params", "action"}``), failing it on request.
- ``FakeBroker`` is the smallest Pact Broker the verifier needs: the HAL index, pacts for
  verification, the pacts themselves with their ``pb:publish-verification-results`` links, the
  provider's branch-version and tag links, and a record of the verification results published.
"""

from __future__ import annotations

import json
import re
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import unquote, urlsplit

from .._suite import Definition

STATE_CHANGE_PATH = "/_pact/state-change"


@dataclass
class ReceivedRequest:
    """A request a loopback server received."""

    method: str
    path: str
    headers: list[tuple[str, str]]
    body: bytes


@contextmanager
def _serving(handler: type[BaseHTTPRequestHandler], owner: Any) -> Iterator[str]:
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    server.daemon_threads = True
    server.owner = owner  # type: ignore[attr-defined]
    thread = threading.Thread(
        target=server.serve_forever, args=(0.05,), name=type(owner).__name__, daemon=True
    )
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()
        thread.join()


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, format: str, *args: Any) -> None:
        """Keep the test output quiet."""

    def _read(self) -> ReceivedRequest:
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length) if length else b""
        return ReceivedRequest(self.command, self.path, list(self.headers.items()), body)

    def _send(self, status: int, body: bytes = b"", headers: list[tuple[str, str]] | None = None) -> None:
        self.send_response(status)
        for name, value in headers or []:
            self.send_header(name, value)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def _json(self, status: int, document: Any) -> None:
        self._send(status, json.dumps(document).encode(), [("Content-Type", "application/hal+json")])

    def _handle(self) -> None:
        owner = self.server.owner  # type: ignore[attr-defined]
        owner.handle(self, self._read())

    do_GET = do_POST = do_PUT = do_PATCH = do_DELETE = do_HEAD = do_OPTIONS = _handle


@dataclass
class StateCall:
    """One call of the state-change protocol."""

    action: str
    state: str
    params: dict[str, Any]


@dataclass
class ProviderServer:
    """A provider that returns the responses of some suite interactions."""

    responses: list[Definition]
    state_change_fails: bool = False
    received: list[ReceivedRequest] = field(default_factory=list)
    state_calls: list[StateCall] = field(default_factory=list)
    events: list[str] = field(default_factory=list)
    url: str = ""

    @contextmanager
    def running(self) -> Iterator[ProviderServer]:
        """Serve on 127.0.0.1 until the block ends."""
        with _serving(_Handler, self) as url:
            self.url = url
            yield self

    def handle(self, handler: _Handler, request: ReceivedRequest) -> None:
        """Answer one request."""
        path = urlsplit(request.path).path
        if path == STATE_CHANGE_PATH and request.method == "POST":
            document = json.loads(request.body or b"{}")
            call = StateCall(
                document.get("action", "setup"), document.get("state", ""), document.get("params") or {}
            )
            self.state_calls.append(call)
            self.events.append(call.action)
            if self.state_change_fails:
                handler._send(500, b'{"error": "state change failed on purpose"}')
            else:
                handler._send(200, b"{}", [("Content-Type", "application/json")])
            return
        self.received.append(request)
        self.events.append("request")
        for definition in self.responses:
            if definition.method.upper() == request.method.upper() and definition.path == path:
                body = definition.response_body.data if definition.response_body else b""
                handler._send(definition.status, body, definition.response_headers_all())
                return
        handler._send(404, b"no such interaction", [("Content-Type", "text/plain")])


@dataclass
class FakeBroker:
    """A recording stand-in for a Pact Broker, holding one pact per consumer for provider ``p``."""

    pacts: dict[str, dict[str, Any]]
    provider: str = "p"
    published: dict[str, list[dict[str, Any]]] = field(default_factory=dict)
    requests: list[ReceivedRequest] = field(default_factory=list)
    url: str = ""

    @contextmanager
    def running(self) -> Iterator[FakeBroker]:
        """Serve on 127.0.0.1 until the block ends."""
        with _serving(_Handler, self) as url:
            self.url = url
            yield self

    def _pact_url(self, consumer: str) -> str:
        return f"{self.url}/pacts/provider/{self.provider}/consumer/{consumer}/version/1.0.0"

    def handle(self, handler: _Handler, request: ReceivedRequest) -> None:
        """Answer one broker request."""
        self.requests.append(request)
        path = unquote(urlsplit(request.path).path)
        base = self.url
        if path in {"", "/"}:
            handler._json(
                200,
                {
                    "_links": {
                        "self": {"href": base + "/"},
                        "pb:provider-pacts-for-verification": {
                            "href": base + "/pacts/provider/{provider}/for-verification",
                            "templated": True,
                        },
                        "pb:pacticipant": {"href": base + "/pacticipants/{pacticipant}", "templated": True},
                    }
                },
            )
        elif re.fullmatch(r"/pacts/provider/[^/]+/for-verification", path):
            self._for_verification(handler, path)
        elif found := re.fullmatch(r"/pacts/provider/[^/]+/consumer/([^/]+)/version/[^/]+", path):
            self._pact(handler, found.group(1), path)
        elif found := re.fullmatch(
            r"/pacts/provider/[^/]+/consumer/([^/]+)/version/[^/]+/verification-results", path
        ):
            self.published.setdefault(found.group(1), []).append(json.loads(request.body or b"{}"))
            handler._json(201, {"_links": {"self": {"href": base + path + "/1"}}})
        elif found := re.fullmatch(r"/pacticipants/([^/]+)", path):
            name = found.group(1)
            handler._json(
                200,
                {
                    "name": name,
                    "_links": {
                        "self": {"href": f"{base}/pacticipants/{name}"},
                        "pb:branch-version": {
                            "href": f"{base}/pacticipants/{name}/branches/{{branch}}/versions/{{version}}",
                            "templated": True,
                        },
                        "pb:version-tag": {
                            "href": f"{base}/pacticipants/{name}/versions/{{version}}/tags/{{tag}}",
                            "templated": True,
                        },
                        "pb:version": {
                            "href": f"{base}/pacticipants/{name}/versions/{{version}}",
                            "templated": True,
                        },
                    },
                },
            )
        elif path.startswith("/pacticipants/") and request.method in {"PUT", "POST", "PATCH"}:
            handler._json(200, {"_links": {"self": {"href": base + path}}})
        else:
            handler._json(404, {"error": f"the fake broker has no {request.method} {path}"})

    def _for_verification(self, handler: _Handler, path: str) -> None:
        pacts = [
            {
                "shortDescription": "latest",
                "verificationProperties": {"pending": False, "notices": []},
                "_links": {
                    "self": {"href": self._pact_url(consumer), "name": f"Pact between {consumer} and p"}
                },
            }
            for consumer in self.pacts
        ]
        handler._json(
            200,
            {
                "_embedded": {"pacts": pacts},
                "_links": {"self": {"href": self.url + path, "title": "Pacts to be verified"}},
            },
        )

    def _pact(self, handler: _Handler, consumer: str, path: str) -> None:
        if consumer not in self.pacts:
            handler._json(404, {"error": f"no pact for consumer {consumer}"})
            return
        document = dict(self.pacts[consumer])
        document["_links"] = {
            "self": {"href": self.url + path},
            "pb:provider": {"href": f"{self.url}/pacticipants/{self.provider}", "name": self.provider},
            "pb:consumer": {"href": f"{self.url}/pacticipants/{consumer}", "name": consumer},
            "pb:publish-verification-results": {"href": self.url + path + "/verification-results"},
        }
        handler._json(200, document)
