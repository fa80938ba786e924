"""The HTTP mock server: answers expected requests, records every problem, reports them at the end.

It serves a list of interactions in pact-file JSON (one spec version). For each request it finds
the interactions with the same method and path (interactions with a ``path`` matching rule are
tried for every path), asks ``accord.matching.match_request`` about each, and answers with the
first that matches, preferring one not yet received. The path is compared as sent, without
decoding percent-escapes (``/a%20b`` is not ``/a b``), as the Rust mock server does. The response
is the interaction's example with its response generators applied (``MockServerURL`` rebased
onto this server).

A request that matches nothing is answered ``500`` with a JSON error and recorded, as the Rust
mock server reports it: every interaction is scored (one point per matching part, one off per
failing one), and when the best (the first of equals) differs in method or path (a path rule
rejecting the path too) the request is unexpected, else a mismatch with that interaction. So are
requests a client breaks (malformed, cut short). ``problems()`` lists them, plus, in mock mode,
every expected interaction that never arrived; ``verify()`` raises one numbered
``MismatchError`` report.
"""

from __future__ import annotations

import base64
import binascii
import contextlib
import json
import threading
from dataclasses import field
from typing import TYPE_CHECKING, Any, Literal
from urllib.parse import parse_qsl, urlsplit

from accord.errors import MismatchError
from accord.matching import match_request
from accord.matching._body import is_text_type
from accord.matching._http import parse_media_type
from accord.matching._message_contents import json_string
from accord.model._record import MutableRecord, Record
from accord.model._rules import spec_level

from ._http import HttpServer, RawRequest, RawResponse
from ._parts import is_json_type

if TYPE_CHECKING:  # checkers see the dataclasses these classes behave as
    from dataclasses import dataclass
else:  # at run time, without compiling generated methods at import (see accord.model._record)
    from accord.model._record import dataclass

_LEGACY = frozenset({"v1", "v1.1", "1.0.0", "1.1.0"})  # raw query strings, compared as text
ProblemKind = Literal["unexpected-request", "request-mismatch", "missing-request", "bad-request"]


@dataclass(frozen=True)
class Problem(Record):
    """One thing that went wrong in a mock server session.

    Attributes:
        kind: unexpected-request, request-mismatch, missing-request or bad-request.
        method: the request method (``""`` for bad requests).
        path: the request path (or the expected path for a missing request).
        description: the interaction concerned, when there is one.
        mismatches: the ``accord.matching.Mismatch`` values of a request-mismatch.
        message: a one-line summary.
    """

    kind: ProblemKind
    method: str
    path: str
    description: str | None
    mismatches: tuple[Any, ...]
    message: str

    def describe(self) -> str:
        """The problem as report lines: summary, then one indented line per mismatch."""
        lines = [self.message]
        lines.extend(f"     - {mismatch.describe()}" for mismatch in self.mismatches)
        return "\n".join(lines)


@dataclass
class _Expected(MutableRecord):
    index: int
    description: str
    request: dict[str, Any]
    response: dict[str, Any]
    spec: str
    hits: int = 0
    has_path_rule: bool = field(default=False)


class MockServer:
    """A mock (or stub) HTTP server for a list of interactions in pact-file JSON.

    Args:
        interactions: ``Synchronous/HTTP`` interactions (any other type is ignored), in ``spec``'s form.
        spec: "v1" ... "v4": the form of ``interactions`` and the matching rules to apply; a list
            gives each interaction its own version (a stub server over pact files of any version).
        host: the interface to bind; loopback by default.
        port: 0 for an ephemeral port.
        cors: answer CORS pre-flight requests and add ``Access-Control-Allow-Origin`` to responses.
        stub: stub mode: interactions may be received any number of times, never "missing".
    """

    def __init__(
        self,
        interactions: list[dict[str, Any]],
        spec: str | list[str] = "v4",
        *,
        host: str = "127.0.0.1",
        port: int = 0,
        cors: bool = False,
        stub: bool = False,
    ) -> None:
        specs = [spec] * len(interactions) if isinstance(spec, str) else list(spec)
        self.spec = spec if isinstance(spec, str) else "v4"
        self.cors = cors
        self.stub = stub
        self._lock = threading.Lock()
        self._problems: list[Problem] = []
        self._expected: list[_Expected] = []
        self._by_route: dict[tuple[str, str], list[_Expected]] = {}
        self._by_method: dict[str, list[_Expected]] = {}
        for index, interaction in enumerate(interactions):
            if (
                interaction.get("type", "Synchronous/HTTP") != "Synchronous/HTTP"
                or "request" not in interaction
            ):
                continue
            request = interaction["request"]
            rules = request.get("matchingRules") or {}
            has_path_rule = "path" in rules or any(key == "$.path" for key in rules)
            expected = _Expected(
                index,
                str(interaction.get("description", "")),
                request,
                interaction.get("response", {}),
                specs[index],
                has_path_rule=has_path_rule,
            )
            self._expected.append(expected)
            method = str(request.get("method", "GET")).upper()
            if has_path_rule:
                self._by_method.setdefault(method, []).append(expected)
            else:
                self._by_route.setdefault((method, str(request.get("path", "/"))), []).append(expected)
        self._server = HttpServer(self._handle, host=host, port=port, on_problem=self._bad_request)

    @property
    def url(self) -> str:
        """The server's base URL, ``http://127.0.0.1:<port>``."""
        return self._server.url

    @property
    def interactions(self) -> list[dict[str, Any]]:
        """The HTTP interactions served (pact-file JSON)."""
        return [
            {"description": e.description, "request": e.request, "response": e.response}
            for e in self._expected
        ]

    def host_port(self) -> tuple[str, int]:
        """The (host, port) the server listens on."""
        return str(self._server.host), int(self._server.port)

    @property
    def port(self) -> int:
        """The port the server listens on."""
        return int(self._server.port)

    def start(self) -> MockServer:
        """Start serving on the background thread."""
        self._server.start()
        return self

    def close(self) -> None:
        """Stop serving and close every connection (idempotent)."""
        self._server.close()

    def __enter__(self) -> MockServer:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.close()

    def problems(self) -> list[Problem]:
        """Every problem so far; in mock mode, plus each expected interaction never received."""
        with self._lock:
            found = list(self._problems)
            missing = [] if self.stub else [e for e in self._expected if e.hits == 0]
        for expected in missing:
            method = str(expected.request.get("method", "GET")).upper()
            path = str(expected.request.get("path", "/"))
            found.append(
                Problem(
                    "missing-request",
                    method,
                    path,
                    expected.description,
                    (),
                    f"Expected request never received: {expected.description!r} ({method} {path})",
                )
            )
        return found

    def report(self) -> str | None:
        """A numbered report of ``problems()``, or ``None`` when there are none."""
        found = self.problems()
        if not found:
            return None
        lines = [f"The mock server at {self.url} found {len(found)} problem{'s' if len(found) > 1 else ''}:"]
        lines.extend(f"  {number}. {problem.describe()}" for number, problem in enumerate(found, 1))
        return "\n".join(lines)

    def verify(self) -> None:
        """Raise ``MismatchError`` with the report when anything went wrong."""
        report = self.report()
        if report is not None:
            raise MismatchError(
                report,
                hint="make the code under test send exactly the requests the pact describes, "
                "or change the interactions to what the consumer really sends",
                problems=self.problems(),
            )

    # -- serving ----------------------------------------------------------------------------

    def _bad_request(self, message: str) -> None:
        with self._lock:
            self._problems.append(Problem("bad-request", "", "", None, (), f"Bad request: {message}"))

    def _record(self, problem: Problem) -> None:
        with self._lock:
            self._problems.append(problem)

    def _handle(self, raw: RawRequest) -> RawResponse:
        actual = self.actual_request(raw)
        legacy = {**actual, "query": urlsplit(raw.target).query} if "query" in actual else actual
        method, path = actual["method"], actual["path"]
        origin = raw.header("Origin")
        preflight = self.cors and method == "OPTIONS" and raw.header("Access-Control-Request-Method")
        if preflight and not self._candidates(method, path):
            return self._preflight(raw)
        compared: dict[int, list[Any]] = {}
        for expected in self._candidates(method, path):
            mismatches = self._compare(expected, actual, legacy)
            if not mismatches:
                with self._lock:
                    expected.hits += 1
                return self._respond(expected, origin)
            compared[expected.index] = mismatches
        # Nothing matched: report it as the Rust mock server does. Every interaction is scored
        # (see _score) and the first with the best score is the closest; when the closest one's
        # method or path differs (a path rule rejecting the path too), the request was for no
        # interaction at all, else it is that interaction's mismatch.
        best: tuple[_Expected, list[Any], int] | None = None
        for expected in self._expected:
            known = compared.get(expected.index)
            mismatches = self._compare(expected, actual, legacy) if known is None else known
            score = _score(expected.request, mismatches)
            if best is None or score > best[2]:
                best = (expected, mismatches, score)
        if best is None or any(getattr(m, "kind", None) in ("method", "path") for m in best[1]):
            message = f"Unexpected request {method} {path}: no interaction expects it"
            self._record(Problem("unexpected-request", method, path, None, (), message))
            return self._error(message, origin, [])
        expected, mismatches, _ = best
        message = f"Request {method} {path} did not match the interaction {expected.description!r}:"
        self._record(
            Problem("request-mismatch", method, path, expected.description, tuple(mismatches), message)
        )
        return self._error(message, origin, mismatches)

    @staticmethod
    def _compare(expected: _Expected, actual: dict[str, Any], legacy: dict[str, Any]) -> list[Any]:
        try:
            return list(
                match_request(
                    expected.request, legacy if expected.spec in _LEGACY else actual, spec=expected.spec
                )
            )
        except Exception as exc:  # a bad request must become a report, never a dead server
            return [_Crash(f"could not compare the request: {type(exc).__name__}: {exc}")]

    def _candidates(self, method: str, path: str) -> list[_Expected]:
        found = self._by_route.get((method, path), []) + self._by_method.get(method, [])
        return sorted(found, key=lambda e: (e.hits > 0, e.index))

    def actual_request(self, raw: RawRequest) -> dict[str, Any]:
        """The received request in the pact-file form ``match_request`` takes (body as raw bytes)."""
        split = urlsplit(raw.target)
        # The path is kept as sent, percent-escapes and all, like the Rust mock server's: a pact
        # path is compared with the request target's path as written on the wire.
        actual: dict[str, Any] = {"method": raw.method.upper(), "path": split.path or "/"}
        if split.query:
            query: dict[str, list[str]] = {}
            for key, value in parse_qsl(split.query, keep_blank_values=True):
                query.setdefault(key, []).append(value)
            actual["query"] = query
        headers: dict[str, Any] = {}
        for name, value in raw.headers:
            known = next((key for key in headers if key.lower() == name.lower()), None)
            if known is None:
                headers[name] = value
            else:  # a repeated header keeps each line as its own value
                previous = headers[known]
                headers[known] = [*previous, value] if isinstance(previous, list) else [previous, value]
        if headers:
            actual["headers"] = headers
        if raw.body or raw.header("Content-Length") not in (None, "0"):
            actual["body"] = raw.body
        return actual

    def _respond(self, expected: _Expected, origin: str | None) -> RawResponse:
        response = _generated(expected.response, expected.spec, self.url)
        status = int(response.get("status", 200))
        headers = _header_lines(response.get("headers"))
        body, content_type = _body_bytes(response.get("body"), headers, legacy=spec_level(expected.spec) < 40)
        if content_type and not any(name.lower() == "content-type" for name, _ in headers):
            headers.append(("Content-Type", content_type))
        self._add_cors(headers, origin)
        return RawResponse(status, headers, body)

    def _error(self, message: str, origin: str | None, mismatches: list[Any]) -> RawResponse:
        payload = {
            "error": message,
            "mismatches": [
                {"type": m.kind, "path": m.path, "mismatch": m.message}
                for m in mismatches
                if hasattr(m, "kind")
            ],
        }
        headers = [("Content-Type", "application/json"), ("X-Accord-Error", "mismatch")]
        self._add_cors(headers, origin)
        return RawResponse(500, headers, json.dumps(payload).encode("utf-8"))

    def _preflight(self, raw: RawRequest) -> RawResponse:
        headers = [
            ("Access-Control-Allow-Methods", "GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS"),
            ("Access-Control-Allow-Headers", raw.header("Access-Control-Request-Headers") or "*"),
            ("Access-Control-Allow-Credentials", "true"),
            ("Access-Control-Max-Age", "600"),
        ]
        self._add_cors(headers, raw.header("Origin"))
        return RawResponse(204, headers)

    def _add_cors(self, headers: list[tuple[str, str]], origin: str | None) -> None:
        if self.cors and not any(name.lower() == "access-control-allow-origin" for name, _ in headers):
            headers.append(("Access-Control-Allow-Origin", origin or "*"))


@dataclass(frozen=True)
class _Crash(Record):
    """Stands in for a mismatch when the engine could not compare at all."""

    message: str
    kind: str = "body"
    path: str = "$"

    def describe(self) -> str:
        return self.message


def _score(request: dict[str, Any], mismatches: list[Any]) -> int:
    """How close a request came to an interaction, counted as the Rust core's ``score()`` does.

    One point for each part that matches and one off for each that does not: the method, the
    path, each query parameter (expected or unexpected), each expected header, and each body
    path with a mismatch.
    """
    failed: dict[str, set[str]] = {}
    for mismatch in mismatches:
        failed.setdefault(str(getattr(mismatch, "kind", "body")), set()).add(
            str(getattr(mismatch, "path", ""))
        )
    score = (-1 if "method" in failed else 1) + (-1 if "path" in failed else 1)
    query = request.get("query")
    names = (
        {name for name, _ in parse_qsl(query, keep_blank_values=True)}
        if isinstance(query, str)
        else set(query or {})
    )
    bad_query = failed.get("query", set())
    score += sum(1 for name in names if name not in bad_query) - len(bad_query)
    bad_headers = {name.lower() for name in failed.get("header", set())}
    score += sum(-1 if str(name).lower() in bad_headers else 1 for name in request.get("headers") or {})
    return score - len(failed.get("body", set()))


def _generated(response: dict[str, Any], spec: str, url: str) -> dict[str, Any]:
    """The response with its generators applied in consumer mode (``MockServerURL`` -> this server)."""
    if not response.get("generators"):
        return response
    from accord.model import apply_generators  # noqa: PLC0415 - only interactions with generators need it

    generated: dict[str, Any] = apply_generators(
        response, mode="consumer", context={"mockServer": {"url": url}}
    )
    return generated


def _header_lines(headers: Any) -> list[tuple[str, str]]:
    lines: list[tuple[str, str]] = []
    for name, value in (headers or {}).items():
        if isinstance(value, list):
            lines.extend((name, str(item)) for item in value)
        else:
            lines.append((name, str(value)))
    return lines


def _body_bytes(
    body: Any, headers: list[tuple[str, str]], *, legacy: bool = False
) -> tuple[bytes, str | None]:
    """Encode an example body for the wire; returns the bytes and the content type it implies."""
    declared = next((value for name, value in headers if name.lower() == "content-type"), None)
    if body is None:
        return b"", None
    if (
        isinstance(body, dict)
        and "content" in body
        and set(body) <= {"content", "contentType", "encoded", "contentTypeHint"}
    ):
        content_type = body.get("contentType") or declared
        content = body.get("content")
        encoded = body.get("encoded")
        if isinstance(encoded, str) and encoded.lower() == "base64":
            return base64.b64decode(str(content)), content_type
        if content is None:
            return b"", content_type
        if (
            isinstance(content, str)
            and not (encoded and str(encoded).upper() == "JSON")
            and json_string(body, content_type or "", 40) is None
        ):
            return content.encode("utf-8"), content_type
        return json.dumps(content).encode("utf-8"), content_type or "application/json"
    if isinstance(body, str) and not is_json_type(declared):
        if legacy and declared and not is_text_type(parse_media_type(declared)[0]):
            # v1-v3 files hold a binary body as base64 text (the Rust core writes and reads it so)
            with contextlib.suppress(binascii.Error, ValueError):
                return base64.b64decode(body, validate=True), declared
        return body.encode("utf-8"), declared or "text/plain"
    if isinstance(body, str) and legacy and json_string(body, declared or "application/json", 30) is None:
        # A v1-v3 string holding a JSON object or string literal is that document's text, as the
        # verifier (and the Rust core) read it; any other string is a JSON string.
        return body.encode("utf-8"), declared or "application/json"
    return json.dumps(body).encode("utf-8"), declared or "application/json"


__all__ = ["MockServer", "Problem"]
