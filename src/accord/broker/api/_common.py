"""What every service route shares: request bodies, names, errors, HAL responses and links.

Errors follow the Pact Broker's shape, ``{"errors": {field: [message]}}``, plus Accord's ``error``
(one sentence naming the cause) and ``hint`` (the fix). `ApiError` raised anywhere in a route becomes
that body with its status code; `read_json` turns malformed, oversized or wrongly typed bodies into a
400/413/415 before anything is written.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from typing import Any
from urllib.parse import quote

from sqlalchemy import Connection, Row
from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import JSONResponse, Response

from accord.broker.api.matrix import HAL_JSON_UTF8, Urls, format_time
from accord.broker.storage import Storage
from accord.broker.storage import _repository as repo

HAL_JSON = "application/hal+json"
MAX_BODY_BYTES = 10 * 1024 * 1024
_NAME_MAX = 255
_BAD_NAME = re.compile(r"[\x00-\x1f\x7f/\\]")
_BAD_REF_NAME = re.compile(r"[\x00-\x1f\x7f\\]")


class ApiError(Exception):
    """An HTTP error answer: status, a sentence naming the cause, a hint, and per-field messages."""

    def __init__(
        self,
        status: int,
        message: str,
        hint: str | None = None,
        field: str | None = None,
        *,
        notices: bool = False,
    ) -> None:
        super().__init__(message)
        self.status = status
        self.message = message
        self.hint = hint
        self.field = field
        self.notices = notices

    def response(self) -> Response:
        """The JSON error response (with ``notices`` too when asked: the Pact Broker's clients print
        them, e.g. for a refused publication)."""
        body: dict[str, Any] = {"error": self.message, "errors": {self.field or "request": [self.message]}}
        if self.hint:
            body["hint"] = self.hint
        if self.notices:
            body["notices"] = [{"type": "error", "text": self.message}]
            if self.hint:
                body["notices"].append({"type": "info", "text": self.hint})
        return JSONResponse(body, status_code=self.status, media_type=HAL_JSON_UTF8)


def not_found(what: str) -> ApiError:
    """A 404 naming what was not found."""
    return ApiError(404, f"{what} was not found", "check the name and version, or create it first")


def pacticipant_or_404(conn: Connection, name: str) -> Row[Any]:
    """The pacticipant called ``name``.

    Raises:
        ApiError: 404 naming the pacticipant when there is none.
    """
    row = repo.find_pacticipant(conn, name)
    if row is None:
        raise not_found(f"pacticipant {name!r}")
    return row


async def read_json(request: Request, *, allow_empty: bool = True) -> dict[str, Any]:
    """The request's JSON object body (``{}`` when empty and allowed).

    Raises:
        ApiError: 413 over 10 MB, 415 for a non-JSON content type, 400 for malformed JSON or a body
            that is not an object.
    """
    declared = request.headers.get("content-length")
    if declared and declared.isdigit() and int(declared) > MAX_BODY_BYTES:
        raise _too_large()
    raw = b""
    async for chunk in request.stream():
        raw += chunk
        if len(raw) > MAX_BODY_BYTES:
            raise _too_large()
    if not raw.strip():
        if allow_empty:
            return {}
        raise ApiError(400, "the request body is empty", "send a JSON object", "body")
    content_type = request.headers.get("content-type", "application/json").split(";")[0].strip().lower()
    if content_type and "json" not in content_type and content_type not in {"text/plain", "*/*"}:
        raise ApiError(
            415, f"unsupported content type {content_type!r}", "send Content-Type: application/json"
        )
    try:
        body = json.loads(raw)
    except (ValueError, UnicodeDecodeError) as error:
        raise ApiError(
            400, f"the request body is not valid JSON: {error}", "send a JSON object", "body"
        ) from None
    if not isinstance(body, dict):
        raise ApiError(400, f"the request body must be a JSON object, not {_json_type(body)}", None, "body")
    return body


def _too_large() -> ApiError:
    return ApiError(
        413,
        f"the request body is larger than {MAX_BODY_BYTES // (1024 * 1024)} MB",
        "split the contracts into several publications or trim the pact",
        "body",
    )


def _json_type(value: object) -> str:
    if isinstance(value, bool):
        return "a boolean"
    if isinstance(value, (int, float)):
        return "a number"
    if isinstance(value, str):
        return "a string"
    if isinstance(value, list):
        return "an array"
    return "null" if value is None else "an object"


def field(body: dict[str, Any], name: str, kind: type | tuple[type, ...], *, required: bool = False) -> Any:
    """``body[name]`` checked against a JSON type (``None`` when absent and optional)."""
    value = body.get(name)
    if value is None:
        if required:
            raise ApiError(400, f"'{name}' is missing", f"add '{name}' to the request body", name)
        return None
    if not isinstance(value, kind) or (isinstance(value, bool) and kind in (str, int)):
        expected = {
            str: "a string",
            bool: "a boolean",
            list: "an array",
            dict: "an object",
            int: "an integer",
        }
        wanted = expected.get(kind, "another type") if isinstance(kind, type) else "another type"
        raise ApiError(400, f"'{name}' must be {wanted}, not {_json_type(value)}", None, name)
    return value


def reject_unknown(body: dict[str, Any], known: set[str], where: str = "the request body") -> None:
    """Refuse fields this endpoint does not know (a typo would otherwise be silently ignored)."""
    unknown = sorted(set(body) - known)
    if unknown:
        raise ApiError(
            400,
            f"{where} has unknown field(s): {', '.join(unknown)}",
            f"the fields accepted here are: {', '.join(sorted(known))}",
            unknown[0],
        )


def check_name(value: str, what: str = "name", *, slashes: bool = False) -> str:
    """A pacticipant, version, branch, tag or environment name, refused when it cannot be one.

    Names are stored and compared as given (SQL metacharacters are harmless: every query binds its
    parameters), but empty names, names over 255 characters, control characters and path separators
    ("/", "\\") — which would make URLs ambiguous or allow path traversal — are refused.

    ``slashes``: a branch, tag or version, which may hold "/" (``feature/price``, ``1.0.0+feature/x``):
    the Pact Broker takes them, and links carry them as one ``%2F``-encoded segment; no part between
    slashes may be empty, "." or "..".
    """
    if not value.strip():
        raise ApiError(400, f"the {what} is empty", f"give a non-empty {what}", what)
    if len(value) > _NAME_MAX:
        raise ApiError(400, f"the {what} is longer than {_NAME_MAX} characters", None, what)
    if slashes:
        if _BAD_REF_NAME.search(value) or any(p in {"", ".", ".."} for p in value.split("/")):
            raise ApiError(
                400,
                f"the {what} {value!r} has an empty, '.' or '..' part, a backslash or a control character",
                "use letters, digits, '-', '_' and '.', with single '/' between parts (feature/price)",
                what,
            )
    elif _BAD_NAME.search(value) or value in {".", ".."}:
        raise ApiError(
            400,
            f"the {what} {value!r} contains a path separator or a control character",
            "use letters, digits, '-', '_' and '.'",
            what,
        )
    return value


def hal(body: dict[str, Any], status: int = 200, headers: dict[str, str] | None = None) -> Response:
    """A HAL+JSON response."""
    return JSONResponse(body, status_code=status, media_type=HAL_JSON_UTF8, headers=headers)


def urls(request: Request) -> Urls:
    """The broker's URL builder for this request's base URL (honours a configured public base URL)."""
    base = getattr(request.app.state, "base_url", None) or str(request.base_url)
    return Urls(base)


def self_url(request: Request) -> str:
    """This request's own URL on the broker's base URL (a configured public base URL wins over the
    Host the request came with, as for every other link), query string kept."""
    query = request.url.query
    return urls(request).base + request.url.path + (f"?{query}" if query else "")


def storage(request: Request) -> Storage:
    """The app's `Storage`."""
    value: Storage = request.app.state.storage
    return value


async def write(request: Request, work: Callable[[Connection], Any]) -> Any:
    """Run ``work`` in one retried write transaction, off the event loop."""
    return await run_in_threadpool(storage(request).write, work)


async def read(request: Request, work: Callable[[Connection], Any]) -> Any:
    """Run ``work`` on a read connection, off the event loop."""

    def run() -> Any:
        with storage(request).read() as conn:
            return work(conn)

    return await run_in_threadpool(run)


def q(value: str) -> str:
    """A path segment, percent-encoded."""
    return quote(value, safe="")


def link(
    href: str, title: str | None = None, name: str | None = None, templated: bool = False
) -> dict[str, Any]:
    """A HAL link object."""
    result: dict[str, Any] = {"href": href}
    if title:
        result["title"] = title
    if name:
        result["name"] = name
    if templated:
        result["templated"] = True
    return result


def iso(value: Any) -> str | None:
    """A datetime column as ISO 8601 UTC, or ``None``."""
    return None if value is None else format_time(value)


__all__ = [
    "HAL_JSON",
    "ApiError",
    "check_name",
    "field",
    "hal",
    "iso",
    "link",
    "not_found",
    "q",
    "read",
    "read_json",
    "reject_unknown",
    "self_url",
    "storage",
    "urls",
    "write",
]
