"""Turning a pact's request into a real request, and what came back into the form the matcher takes.

Pact-file request bodies are written three ways, and each is sent as the consumer sent it:

- v1-v3: ``body`` is the JSON value itself; it is sent as JSON text unless the request's
  ``Content-Type`` says it is something else and the value is a string (then the string is sent
  as it is: "if the body is a string and the content type is not JSON, the string is the body").
- v4: ``{"content", "contentType", "encoded"}``; ``encoded: "base64"`` holds binary data,
  a JSON content type with a non-string content holds a JSON value.

v2 query strings are sent verbatim; v3+ queries (``{"name": ["value", ...]}``) are encoded in
order. v4 header values are lists and are sent joined with ``, ``.
"""

from __future__ import annotations

import base64
import json
from typing import Any
from urllib.parse import quote

from accord.errors import PactFileError

from .transports import URL, Request, ResponseLike

# What goes on the wire as it is (RFC 3986 paths; the WHATWG query set: printable ASCII but
# space, ", #, < and >); anything else is percent-encoded as UTF-8, existing escapes are kept.
_PATH_SAFE = "/%:@!$&'()*+,;=-._~"
_QUERY_SAFE = "".join(chr(code) for code in range(0x21, 0x7F) if chr(code) not in '"#<>')


def _without_dot_segments(path: str) -> str:
    """``/a/./b/../c`` -> ``/a/c`` (RFC 3986 5.2.4, "remove_dot_segments"), as URL parsers send it."""
    segments = path.split("/")
    if "." not in segments and ".." not in segments:
        return path
    kept: list[str] = []
    for segment in segments:
        if segment == "..":
            if kept and kept != [""]:
                kept.pop()
        elif segment != ".":
            kept.append(segment)
    return "/".join(kept)


def _is_json_type(content_type: str | None) -> bool:
    if not content_type:
        return False
    base = content_type.split(";")[0].strip().lower()
    return base.endswith(("/json", "+json"))


def header_value(value: Any) -> str:
    """A pact header value as sent on the wire (v4 lists joined with ``, ``)."""
    if isinstance(value, list):
        return ", ".join(str(item) for item in value)
    return str(value)


def _content_type(headers: dict[str, Any]) -> str | None:
    for name, value in headers.items():
        if name.lower() == "content-type":
            return header_value(value)
    return None


def body_bytes(body: Any, content_type: str | None) -> tuple[bytes | None, str | None]:
    """Encode a pact body for the wire; return the bytes and the content type it implies.

    Raises:
        PactFileError: a v4 body says it is base64 but is not.
    """
    if body is None:
        return None, content_type
    if isinstance(body, dict) and "content" in body and ("contentType" in body or "encoded" in body):
        declared = body.get("contentType") or content_type
        content = body.get("content")
        encoded = body.get("encoded")
        if content is None:
            return None, declared
        if isinstance(encoded, str) and encoded.lower() == "base64":
            try:
                return base64.b64decode(str(content), validate=False), declared
            except ValueError as exc:
                raise PactFileError(
                    f"a body marked base64 does not decode: {exc}", hint="re-generate the pact file"
                ) from exc
        if isinstance(content, str) and (not _is_json_type(declared) or encoded is False):
            return content.encode("utf-8"), declared
        if isinstance(content, str) and isinstance(encoded, str) and encoded.lower() == "json":
            return content.encode("utf-8"), declared
        return json.dumps(content, separators=(",", ":")).encode("utf-8"), declared or "application/json"
    if isinstance(body, str) and content_type and not _is_json_type(content_type):
        return body.encode("utf-8"), content_type
    if isinstance(body, str) and content_type is None:
        # v1-v3 writers store non-JSON text bodies as strings; without a content type, send the text
        return body.encode("utf-8"), "text/plain"
    return json.dumps(body, separators=(",", ":")).encode("utf-8"), content_type or "application/json"


def _query_string(query: Any) -> str:
    if query is None or query in ("", {}):
        return ""
    if isinstance(query, str):
        return query
    if isinstance(query, dict):
        parts = []
        for name, values in query.items():
            items = values if isinstance(values, list) else [values]
            for item in items:
                key = quote(str(name), safe="")
                parts.append(key if item is None else f"{key}={quote(str(item), safe='')}")
        return "&".join(parts)
    raise PactFileError(
        f"the request query {query!r} is neither a string (v2) nor a map of lists (v3+)",
        hint="fix the pact file's query",
    )


def build_request(request: dict[str, Any], base_url: str) -> Request:
    """The ``Request`` a pact request stands for, against ``base_url`` (which may carry a path).

    Raises:
        PactFileError: the request has no usable method, path or query.
    """
    method = str(request.get("method") or "GET").upper()
    path = str(request.get("path") or "/")
    if not path.startswith("/"):
        path = "/" + path
    headers = dict(request.get("headers") or {})
    body = request.get("body")
    # "" is an empty body (v1.1 specification), sent as none at all, as the Rust verifier sends it
    content, _ = body_bytes(None if body == "" else body, _content_type(headers))
    # Only the headers the pact gives are sent: the Rust verifier adds no Content-Type either (a
    # provider that needs one fails there too), not even for a v4 body that names its type.
    wire_headers = [(str(name), header_value(value)) for name, value in headers.items()]
    query = _query_string(request.get("query"))
    try:
        url = URL.join(
            base_url, _without_dot_segments(quote(path, safe=_PATH_SAFE)), quote(query, safe=_QUERY_SAFE)
        )
    except ValueError as exc:
        raise PactFileError(
            f"the request path {path!r} does not make a valid URL with {base_url!r}: {exc}",
            hint="check the provider base URL and the pact's request path",
        ) from exc
    return Request(method, url, headers=wire_headers, content=content)


_DECODED = frozenset({"gzip", "x-gzip", "deflate"})
_ENCODING_HEADERS = frozenset({"content-encoding", "content-length"})


def response_json(response: ResponseLike) -> dict[str, Any]:
    """What the provider answered, in the pact-file form ``accord.matching.match_response`` takes.

    Header names keep the provider's spelling; repeated headers become lists; the body stays the
    raw bytes (decompressed from gzip or deflate, which drops ``Content-Encoding`` and
    ``Content-Length``), which the engine decodes by the actual content type.
    """
    headers: dict[str, list[str]] = {}
    for raw_name, raw_value in response.headers.raw:
        name = raw_name.decode("latin-1")
        headers.setdefault(name, []).append(raw_value.decode("latin-1"))
    encodings = [
        value.strip().lower()
        for name, values in headers.items()
        for value in values
        if name.lower() == "content-encoding"
    ]
    if encodings and all(encoding in _DECODED for encoding in encodings):
        # The body has been decompressed; like the Rust verifier's client, the headers then no
        # longer describe it (a pact expecting Content-Encoding: gzip fails there too).
        headers = {name: values for name, values in headers.items() if name.lower() not in _ENCODING_HEADERS}
    actual: dict[str, Any] = {"status": response.status_code, "headers": headers}
    if response.content:
        actual["body"] = response.content
    return actual


__all__ = ["body_bytes", "build_request", "header_value", "response_json"]
