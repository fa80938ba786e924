"""Requests, responses and message contents: the parts of an interaction, in any spec version.

Each part keeps what the pact file says *as written* (query string or map, header strings or
lists, a raw body or a v4 Body object, flat or categorised rules) so that a pact loaded and saved
in its own version is the same document; ``to_json(spec)`` converts when another version is asked
for. The conversions follow the specification:

- v3: "query becomes a map of name to a list of unencoded strings" — a v1/v2 query string is
  split and decoded; going back, the map is URL-encoded again.
- v4: "body is a Body object: ``{"content", "contentType", "encoded"}``" and "headers and query
  are typed as ``Map[string, List[string]]``".
- v3/v4: "matchingRules is grouped by category" — v2 ``$.body.x`` paths become ``body`` entries;
  v4 message contents use the ``content`` category.
"""

from __future__ import annotations

import base64
import binascii
import json
from collections.abc import Mapping
from dataclasses import field
from typing import TYPE_CHECKING, Any
from urllib.parse import parse_qsl, urlencode

from accord.errors import MatcherError, PactFileError
from accord.model._generators import parse_generators
from accord.model._record import Record
from accord.model._rules import MatchingRules, check_examples
from accord.model._versions import SpecVersion

if TYPE_CHECKING:  # checkers see the frozen dataclasses these classes behave as
    from dataclasses import dataclass
else:  # at run time, without compiling generated methods at import (see _record)
    from accord.model._record import dataclass

ABSENT: Any = type("Absent", (), {"__repr__": lambda self: "ABSENT", "__bool__": lambda self: False})()
"""Marks a body that the pact does not give (different from a ``null`` body in v1.1+)."""

_BODY_KEYS = frozenset({"content", "contentType", "encoded", "contentTypeHint"})


def is_v4_body(value: Any) -> bool:
    """Whether ``value`` is a v4 Body object (``{"content": ..., "contentType": ...}``)."""
    return isinstance(value, Mapping) and "content" in value and set(value) <= _BODY_KEYS


def _kind(value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "a boolean"
    if isinstance(value, int | float):
        return "a number"
    if isinstance(value, str):
        return "a string"
    if isinstance(value, list):
        return "an array"
    return "an object"


class Where:
    """Where in which file a value sits, for error messages (``pact.json``, ``$.interactions[0]``).

    The JSON path is spelled out only when an error needs it: reading a pact steps into every
    part of every interaction, and almost always finds nothing to report.
    """

    __slots__ = ("_key", "_parent", "_path", "file", "strict")

    def __init__(self, file: str, path: str, strict: bool = True) -> None:
        self.file = file
        self.strict = strict
        self._path: str | None = path
        self._parent: Where | None = None
        self._key: str | int = ""

    @property
    def path(self) -> str:
        """The JSON path, ``$.interactions[0].response``."""
        if self._path is None:
            steps: list[str] = []
            place: Where | None = self
            while place is not None and place._path is None:
                key = place._key
                steps.append(f"[{key}]" if isinstance(key, int) else f".{key}")
                place = place._parent
            start = place._path if place is not None and place._path is not None else "$"
            self._path = start + "".join(reversed(steps))
        return self._path

    def __truediv__(self, key: str | int) -> Where:
        child: Where = _new(Where)
        child.file, child.strict, child._path, child._parent, child._key = (
            self.file,
            self.strict,
            None,
            self,
            key,
        )
        return child

    def expect_at(
        self, key: str | int, value: Any, kinds: type | tuple[type, ...], what: str, example: str
    ) -> Any:
        """`expect` for the child ``key``, whose place is made only when the value is wrong."""
        if isinstance(value, kinds) and not (isinstance(value, bool) and bool not in _as_tuple(kinds)):
            return value
        return (self / key).expect(value, kinds, what, example)

    def __repr__(self) -> str:
        return f"Where(file={self.file!r}, path={self.path!r}, strict={self.strict!r})"

    def error(self, problem: str, hint: str) -> PactFileError:
        """A `PactFileError` naming the file, the JSON path and the fix."""
        return PactFileError(
            f"{self.file}: {self.path}: {problem}.", hint=hint, file=self.file, path=self.path
        )

    def expect(self, value: Any, kinds: type | tuple[type, ...], what: str, example: str) -> Any:
        """``value`` when it is of ``kinds``; otherwise a `PactFileError` (booleans are not numbers)."""
        if isinstance(value, kinds) and not (isinstance(value, bool) and bool not in _as_tuple(kinds)):
            return value
        raise self.error(f"expected {what}, got {_show(value)} ({_kind(value)})", f"Write it as {example}.")

    def rules(self, raw: Any, spec: SpecVersion, part: Mapping[str, Any]) -> None:
        """Check a part's matching rules and generators, re-raising their errors with this place.

        Skipped when not ``strict`` (reading a pact only to show or convert it).
        """
        if not self.strict:
            return
        for key in ("matchingRules", "generators"):
            if raw.get(key) is None:
                continue
            try:
                if key == "generators":
                    parse_generators(raw[key], key)
                else:
                    check_examples(MatchingRules.from_json(raw[key], spec.label), part)
            except MatcherError as exc:
                place = self / key
                raise MatcherError(
                    f"{place.file}: {place.path}: {exc.message}",
                    hint=exc.hint,
                    file=place.file,
                    path=place.path,
                ) from None


_new = object.__new__


def _show(value: Any) -> str:
    """A short JSON rendering of a bad value (Python's repr for what JSON cannot hold)."""
    try:
        text = json.dumps(value)
    except (TypeError, ValueError, RecursionError):
        text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."


def _as_tuple(kinds: type | tuple[type, ...]) -> tuple[type, ...]:
    return kinds if isinstance(kinds, tuple) else (kinds,)


def _check_body(value: Any, where: Where) -> None:
    if not is_v4_body(value):
        return
    encoded = value.get("encoded", False)
    if encoded not in (False, True) and not isinstance(encoded, str):
        raise (where / "encoded").error(
            f"expected false or an encoding name, got {encoded!r}", 'Use "base64".'
        )
    if isinstance(encoded, str) and encoded.lower() == "base64":
        content = where.expect(value["content"], str, "a base64 string", '"aGVsbG8="')
        try:
            base64.b64decode(content, validate=True)
        except (binascii.Error, ValueError):
            raise (where / "content").error(
                "is not valid base64", "Encode the content with base64."
            ) from None


def _check_headers(raw: Any, where: Where) -> None:
    if raw is None:
        return
    where.expect(raw, dict, "an object of header names to values", '{"Accept": "application/json"}')
    for name, value in raw.items():
        if isinstance(value, list):
            for i, item in enumerate(value):
                (where / name).expect_at(i, item, str, "a string", '"text/plain"')
        else:
            where.expect_at(name, value, str, "a string or a list of strings", '"application/json"')


def _content_type(headers: Any) -> str | None:
    for name, value in (headers or {}).items():
        if str(name).lower() == "content-type":
            return str(value[0] if isinstance(value, list) and value else value)
    return None


def _sniff(value: Any) -> str:
    """The content type of a body without a ``Content-Type`` header, judged as Pact tools do.

    JSON values are ``application/json``; text that opens with an XML declaration or a tag and
    closes one is ``application/xml``; other text is ``text/plain``.
    """
    if not isinstance(value, str):
        return "application/json"
    text = value.strip()
    if text.startswith("<") and text.endswith(">"):
        return "text/html" if text[:14].lower().startswith(("<!doctype html", "<html")) else "application/xml"
    return "text/plain"


def _to_body_object(value: Any, content_type: str | None) -> dict[str, Any]:
    body: dict[str, Any] = {"content": value}
    if value is not None:
        kind = content_type or _sniff(value)
        body["contentType"] = kind
        body["encoded"] = False
    return body


def _from_body_object(value: Mapping[str, Any]) -> Any:
    content = value.get("content")
    encoded = value.get("encoded")
    if isinstance(encoded, str) and encoded.upper() == "JSON" and isinstance(content, str):
        try:
            return json.loads(content)
        except ValueError:
            return content
    return content


def convert_body(value: Any, source: SpecVersion, target: SpecVersion, content_type: str | None) -> Any:
    """A body as written in ``source`` rewritten for ``target`` (``ABSENT`` stays absent)."""
    if value is ABSENT:
        return ABSENT
    if target >= SpecVersion.V4 > source and not is_v4_body(value):
        return _to_body_object(value, content_type)
    if target < SpecVersion.V4 and source >= SpecVersion.V4 and is_v4_body(value):
        return _from_body_object(value)
    return value


def convert_rules(raw: Any, source: SpecVersion, target: SpecVersion, *, message: bool = False) -> Any:
    """Matching rules as written in ``source`` rewritten for ``target``.

    Raises:
        MatcherError: when ``target`` cannot express them (several matchers on one v2 path).
    """
    if not raw:
        return raw
    flat = all(str(key).startswith("$") for key in raw)
    if target <= SpecVersion.V2:
        return raw if flat else MatchingRules.from_json(raw, source.label).to_json("v2")
    converted = MatchingRules.from_json(raw, source.label).to_json(target.label) if flat else dict(raw)
    if message and target >= SpecVersion.V4 > source and "body" in converted and "content" not in converted:
        converted["content"] = converted.pop("body")
    return converted


def convert_query(raw: Any, target: SpecVersion, source: SpecVersion | None = None) -> Any:
    """A query string for v1/v2, a map of name to a list of values for v3/v4.

    Upgrading to v4 also turns single string values (some v3 writers use them) into lists.
    """
    if isinstance(raw, Mapping) and source is not None and target >= SpecVersion.V4 > source:
        return {name: values if isinstance(values, list) else [values] for name, values in raw.items()}
    if target <= SpecVersion.V2 and isinstance(raw, Mapping):
        pairs = [
            (k, v) for k, values in raw.items() for v in (values if isinstance(values, list) else [values])
        ]
        return urlencode(pairs)
    if target >= SpecVersion.V3 and isinstance(raw, str):
        query: dict[str, list[str]] = {}
        for name, value in parse_qsl(raw, keep_blank_values=True):
            query.setdefault(name, []).append(value)
        return query
    return raw


def convert_headers(raw: Any, source: SpecVersion, target: SpecVersion) -> Any:
    """Header values as lists when upgrading to v4, joined with ``", "`` below v4."""
    if not isinstance(raw, Mapping):
        return raw
    if target >= SpecVersion.V4 > source:
        return {name: value if isinstance(value, list) else [value] for name, value in raw.items()}
    if target < SpecVersion.V4:
        return {name: ", ".join(value) if isinstance(value, list) else value for name, value in raw.items()}
    return dict(raw)


def _extra(raw: Mapping[str, Any], known: frozenset[str]) -> dict[str, Any]:
    return {key: value for key, value in raw.items() if key not in known}


_REQUEST_KEYS = frozenset({"method", "path", "query", "headers", "body", "matchingRules", "generators"})
_RESPONSE_KEYS = frozenset({"status", "headers", "body", "matchingRules", "generators"})
_MESSAGE_KEYS = frozenset({"contents", "metadata", "metaData", "matchingRules", "generators"})


@dataclass(frozen=True, slots=True)
class HttpRequest(Record):
    """The expected request of an HTTP interaction, as written in a pact of version ``spec``."""

    method: str | None = "GET"
    path: str | None = "/"
    query: str | dict[str, Any] | None = None
    headers: dict[str, Any] | None = None
    body: Any = ABSENT
    matching_rules: dict[str, Any] | None = None
    generators: dict[str, Any] | None = None
    spec: SpecVersion = SpecVersion.V3
    extra: dict[str, Any] = field(default_factory=dict)

    @classmethod
    def from_json(cls, raw: Any, spec: SpecVersion, where: Where) -> HttpRequest:
        """Parse and check a request object.

        Raises:
            PactFileError: naming the JSON path of a missing or mistyped field.
        """
        where.expect(raw, dict, "a request object", '{"method": "GET", "path": "/"}')
        method = raw.get("method")
        if method is not None:
            where.expect_at("method", method, str, "an HTTP method", '"GET"')
        path = raw.get("path")
        if path is not None:
            where.expect_at("path", path, str, "a path string", '"/orders/1"')
        query = raw.get("query")
        if query is not None:
            where.expect_at("query", query, (str, dict), "a query string or object", '{"page": ["1"]}')
        _check_headers(raw.get("headers"), where / "headers")
        _check_body(raw.get("body"), where / "body")
        where.rules(raw, spec, raw)
        return cls(
            method,
            path,
            query,
            raw.get("headers"),
            raw.get("body", ABSENT),
            raw.get("matchingRules"),
            raw.get("generators"),
            spec,
            _extra(raw, _REQUEST_KEYS),
        )

    def to_json(self, spec: SpecVersion | str | None = None) -> dict[str, Any]:
        """The request in the pact-file form of ``spec`` (default: its own), as matching takes it."""
        target = self.spec if spec is None else SpecVersion.parse(spec)
        out: dict[str, Any] = {}
        if self.method is not None:
            out["method"] = self.method
        if self.path is not None:
            out["path"] = self.path
        if self.query is not None:
            out["query"] = convert_query(self.query, target, self.spec)
        out.update(_http_part_json(self, target))
        return {**self.extra, **out}


@dataclass(frozen=True, slots=True)
class HttpResponse(Record):
    """The expected response of an HTTP interaction, as written in a pact of version ``spec``."""

    status: int | None = 200
    headers: dict[str, Any] | None = None
    body: Any = ABSENT
    matching_rules: dict[str, Any] | None = None
    generators: dict[str, Any] | None = None
    spec: SpecVersion = SpecVersion.V3
    extra: dict[str, Any] = field(default_factory=dict)

    @classmethod
    def from_json(cls, raw: Any, spec: SpecVersion, where: Where) -> HttpResponse:
        """Parse and check a response object.

        Raises:
            PactFileError: naming the JSON path of a missing or mistyped field.
        """
        where.expect(raw, dict, "a response object", '{"status": 200}')
        status = raw.get("status")
        if status is not None:
            where.expect_at("status", status, int, "an HTTP status code", "200")
        if status is not None and not 100 <= status <= 599:
            raise (where / "status").error(f"{status} is not an HTTP status", "Use a status from 100 to 599.")
        _check_headers(raw.get("headers"), where / "headers")
        _check_body(raw.get("body"), where / "body")
        where.rules(raw, spec, raw)
        return cls(
            status,
            raw.get("headers"),
            raw.get("body", ABSENT),
            raw.get("matchingRules"),
            raw.get("generators"),
            spec,
            _extra(raw, _RESPONSE_KEYS),
        )

    def to_json(self, spec: SpecVersion | str | None = None) -> dict[str, Any]:
        """The response in the pact-file form of ``spec`` (default: its own)."""
        target = self.spec if spec is None else SpecVersion.parse(spec)
        out: dict[str, Any] = {} if self.status is None else {"status": self.status}
        out.update(_http_part_json(self, target))
        return {**self.extra, **out}


def _http_part_json(part: HttpRequest | HttpResponse, target: SpecVersion) -> dict[str, Any]:
    """Headers, body, matching rules and generators of a request or response in ``target``'s form."""
    out: dict[str, Any] = {}
    if part.headers is not None:
        out["headers"] = convert_headers(part.headers, part.spec, target)
    body = convert_body(part.body, part.spec, target, _content_type(part.headers))
    if body is not ABSENT:
        out["body"] = body
    if part.matching_rules is not None:
        out["matchingRules"] = convert_rules(part.matching_rules, part.spec, target)
    if part.generators is not None and target >= SpecVersion.V3:
        out["generators"] = part.generators
    return out


@dataclass(frozen=True, slots=True)
class MessageContents(Record):
    """A message (v3 message, v4 asynchronous message, or one side of a synchronous message).

    Attributes:
        contents: the contents as written (a raw value in v3, a Body object in v4).
        metadata: the message metadata (``metaData`` in v3 files, ``metadata`` in v4).
        metadata_key: the key the file used for the metadata, kept for saving.
    """

    contents: Any = ABSENT
    metadata: dict[str, Any] | None = None
    matching_rules: dict[str, Any] | None = None
    generators: dict[str, Any] | None = None
    spec: SpecVersion = SpecVersion.V3
    metadata_key: str = "metadata"
    extra: dict[str, Any] = field(default_factory=dict)

    @classmethod
    def from_json(cls, raw: Any, spec: SpecVersion, where: Where) -> MessageContents:
        """Parse and check message contents.

        Raises:
            PactFileError: naming the JSON path of a mistyped field.
        """
        where.expect(raw, dict, "a message object", '{"contents": {...}, "metadata": {...}}')
        key = "metaData" if "metaData" in raw and "metadata" not in raw else "metadata"
        metadata = raw.get(key)
        if metadata is not None:
            where.expect_at(key, metadata, dict, "an object", '{"contentType": "application/json"}')
        _check_body(raw.get("contents"), where / "contents")
        where.rules(raw, spec, raw)
        return cls(
            raw.get("contents", ABSENT),
            metadata,
            raw.get("matchingRules"),
            raw.get("generators"),
            spec,
            key,
            _extra(raw, _MESSAGE_KEYS),
        )

    @property
    def content_type(self) -> str | None:
        """The content type the metadata (or a v4 body) declares."""
        if is_v4_body(self.contents) and self.contents.get("contentType"):
            return str(self.contents["contentType"])
        meta = self.metadata or {}
        found = meta.get("contentType", meta.get("content-type", meta.get("Content-Type")))
        return None if found is None else str(found)

    def to_json(self, spec: SpecVersion | str | None = None) -> dict[str, Any]:
        """The message in the pact-file form of ``spec`` (default: its own)."""
        target = self.spec if spec is None else SpecVersion.parse(spec)
        out: dict[str, Any] = {}
        contents = convert_body(self.contents, self.spec, target, self.content_type)
        if contents is not ABSENT:
            out["contents"] = contents
        if self.metadata is not None:
            key = (
                self.metadata_key
                if target == self.spec
                else ("metadata" if target >= SpecVersion.V4 else "metaData")
            )
            out[key] = self.metadata
        if self.matching_rules is not None:
            out["matchingRules"] = convert_rules(self.matching_rules, self.spec, target, message=True)
        if self.generators is not None:
            out["generators"] = self.generators
        return {**self.extra, **out}


__all__ = [
    "ABSENT",
    "HttpRequest",
    "HttpResponse",
    "MessageContents",
    "Where",
    "convert_body",
    "convert_headers",
    "convert_query",
    "convert_rules",
    "is_v4_body",
]
