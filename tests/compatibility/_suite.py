"""Reading the Pact compatibility suite: where it lives, its fixtures and its table cells.

The suite (``../shared/pact-compatibility-suite`` beside the repository) describes interactions in
Gherkin tables whose cells follow a few conventions shared by every Pact implementation:

- a body cell is ``file: NAME`` (a fixture; ``*-body.xml`` fixtures wrap a body with its content type,
  ``eol="CRLF"`` asking for CRLF line endings and ``encoding="base64"`` for binary), ``JSON: {...}``,
  ``XML: <...>``, ``EMPTY`` (no bytes at all) or plain text;
- a headers cell is one or more quoted ``'Name: value'`` items separated by commas;
- a query cell is ``a=1&b=2`` (keys may repeat);
- a matching rules cell names a ``*-matcher-*.json`` fixture (v2 flat paths or v3/v4 categories) or is
  ``JSON: {...}``.

Nothing here imports Accord: these helpers only turn suite text into pact-file JSON forms (the
dicts ``accord.matching`` and ``accord.model`` take) and raw request parts.
"""

from __future__ import annotations

import base64
import json
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl
from xml.etree import ElementTree

_REPO_ROOT = Path(__file__).resolve().parents[2]
SUITE_DIR = (_REPO_ROOT / ".." / "shared" / "pact-compatibility-suite").resolve()
FIXTURES_DIR = SUITE_DIR / "fixtures"

_EXTENSION_TYPES = {
    ".json": "application/json",
    ".xml": "application/xml",
    ".jpg": "image/jpeg",
    ".pdf": "application/pdf",
    ".txt": "text/plain",
}
_TEXT_TYPES = re.compile(r"^(text/.*|application/(.*[+/])?(json|xml)|application/x-www-form-urlencoded)$")


class SuiteMissingError(RuntimeError):
    """Raised when the compatibility suite is not beside the repository."""


def feature(relative: str) -> str:
    """Return the absolute path of a feature file, e.g. ``feature("V3/matching_rules.feature")``.

    Raises:
        SuiteMissingError: the suite is not at ``../shared/pact-compatibility-suite``.
    """
    path = SUITE_DIR / "features" / relative
    if not path.is_file():
        raise SuiteMissingError(
            f"Pact compatibility suite feature {relative!r} not found under {SUITE_DIR}. "
            "Hint: clone the shared material beside the repository so that "
            "../shared/pact-compatibility-suite/features exists (CI does this before running tests)."
        )
    return str(path)


def unescape(text: str) -> str:
    r"""Undo the Gherkin string escapes the suite uses inside quoted step arguments (``\"``)."""
    return text.replace('\\"', '"')


def rows(datatable: list[list[str]]) -> list[dict[str, str]]:
    """Turn a horizontal data table (header row first) into one dict per row."""
    header, *body = datatable
    return [dict(zip(header, row, strict=True)) for row in body]


def vertical(datatable: list[list[str]]) -> dict[str, str]:
    """Turn a vertical two-column data table (``| key | value |``) into a dict."""
    return {row[0]: row[1] for row in datatable}


def fixture_path(name: str) -> Path:
    """The path of a fixture file named in a cell."""
    return FIXTURES_DIR / name.strip()


@dataclass(frozen=True)
class Body:
    """A body as bytes with its content type (``None`` when the cell does not imply one)."""

    data: bytes
    content_type: str | None = None

    @property
    def is_json(self) -> bool:
        """Whether the content type says JSON (``application/json`` or ``+json``)."""
        base = (self.content_type or "").split(";")[0].strip().lower()
        return base == "application/json" or base.endswith("+json")

    @property
    def text(self) -> str | None:
        """The body decoded as UTF-8, or ``None`` for binary data."""
        try:
            return self.data.decode("utf-8")
        except UnicodeDecodeError:
            return None

    def json(self) -> Any:
        """The body parsed as JSON."""
        return json.loads(self.data)

    def with_content_type(self, content_type: str | None) -> Body:
        """The same bytes under another content type (``None`` keeps the current one)."""
        return Body(self.data, content_type or self.content_type)

    def pact_form(self) -> Any:
        """The body as a pact file holds it: JSON value, text, or a v4 base64 body for binary data."""
        if self.is_json:
            return self.json()
        base = (self.content_type or "").split(";")[0].strip().lower()
        text = self.text
        if text is not None and (not base or _TEXT_TYPES.match(base) or base.startswith("multipart/")):
            return text
        return {
            "content": base64.b64encode(self.data).decode("ascii"),
            "contentType": self.content_type or "application/octet-stream",
            "encoded": "base64",
        }


def _xml_fixture(path: Path) -> Body:
    """Read a ``*-body.xml`` fixture: ``<body><contentType/><contents eol= encoding=/></body>``."""
    root = ElementTree.parse(path).getroot()
    contents = root.find("contents")
    content_type = root.find("contentType")
    if root.tag != "body" or contents is None or content_type is None:
        raise ValueError(f"{path.name} is not a body fixture (<body><contentType/><contents/></body>)")
    text = contents.text or ""
    if contents.get("encoding") == "base64":
        return Body(base64.b64decode("".join(text.split())), content_type.text)
    eol = contents.get("eol")
    if eol == "CRLF":
        text = text.replace("\r\n", "\n").replace("\n", "\r\n")
    elif eol == "LF":
        text = text.replace("\r\n", "\n")
    return Body(text.encode("utf-8"), (content_type.text or "").strip() or None)


def parse_body(cell: str, plain_type: str | None = "text/plain") -> Body | None:
    """Parse a body cell; ``None`` when the cell is blank.

    Plain text gets ``plain_type``: ``None`` where a changed body keeps the content type of the
    body it replaces (the suite's "with the following changes" tables).
    """
    cell = cell.strip()
    if not cell:
        return None
    if cell == "EMPTY":
        return Body(b"")
    if cell.startswith("file:"):
        path = fixture_path(cell[len("file:") :])
        if path.name.endswith("-body.xml"):
            return _xml_fixture(path)
        return Body(path.read_bytes(), _EXTENSION_TYPES.get(path.suffix))
    if cell.startswith("JSON:"):
        return Body(cell[len("JSON:") :].strip().encode("utf-8"), "application/json")
    if cell.startswith("XML:"):
        return Body(cell[len("XML:") :].strip().encode("utf-8"), "application/xml")
    return Body(cell.encode("utf-8"), plain_type)


def parse_json_cell(cell: str) -> Any:
    """Parse a cell holding JSON, with or without the ``JSON:`` prefix."""
    cell = cell.strip()
    if cell.startswith("JSON:"):
        cell = cell[len("JSON:") :]
    return json.loads(cell)


def parse_value(cell: str) -> Any:
    """A metadata value: ``JSON: ...`` is parsed, anything else stays text."""
    return parse_json_cell(cell) if cell.strip().startswith("JSON:") else cell


def parse_headers(cell: str) -> list[tuple[str, str]]:
    """Parse ``'X-A: 1', 'X-B: 2'`` into ``[("X-A", "1"), ("X-B", "2")]`` (names keep their case)."""
    items = re.findall(r"'([^']*)'", cell) or [cell]
    headers: list[tuple[str, str]] = []
    for item in items:
        if not item.strip():
            continue
        name, _, value = item.partition(":")
        headers.append((name.strip(), value.strip()))
    return headers


def headers_json(headers: list[tuple[str, str]]) -> dict[str, Any]:
    """Headers as a pact file holds them: one string per name, a list where a name repeats."""
    grouped: dict[str, list[str]] = {}
    for name, value in headers:
        grouped.setdefault(name, []).append(value)
    return {name: values[0] if len(values) == 1 else values for name, values in grouped.items()}


def parse_query(cell: str) -> dict[str, list[str]]:
    """Parse ``a=1&b=2&a=3`` into the v3 query form ``{"a": ["1", "3"], "b": ["2"]}``."""
    query: dict[str, list[str]] = {}
    for name, value in parse_qsl(cell.strip(), keep_blank_values=True):
        query.setdefault(name, []).append(value)
    return query


def load_rules(cell: str) -> dict[str, Any]:
    """Matching rules or generators from a fixture name or a ``JSON:`` cell."""
    cell = cell.strip()
    if cell.startswith("JSON:"):
        return dict(parse_json_cell(cell))
    return dict(json.loads(fixture_path(cell).read_text(encoding="utf-8")))


def body_value(body: Any, path: str) -> Any:
    """The value at a simple JSON path (``$.one``, ``$.a[0].b``) inside a parsed JSON body."""
    value = body
    for name, index in re.findall(r"\.([^.\[\]]+)|\[(\d+)\]", path.removeprefix("$")):
        value = value[name] if name else value[int(index)]
    return value


@dataclass
class Definition:
    """One row of an interactions table (request and response parts), updatable by later tables."""

    method: str = "GET"
    path: str = "/"
    query: str = ""
    headers: list[tuple[str, str]] = field(default_factory=list)
    body: Body | None = None
    matching_rules: dict[str, Any] | None = None
    generators: dict[str, Any] | None = None
    status: int = 200
    response_headers: list[tuple[str, str]] = field(default_factory=list)
    response_body: Body | None = None
    response_matching_rules: dict[str, Any] | None = None
    response_generators: dict[str, Any] | None = None
    raw_headers: bool = False

    def update(self, row: dict[str, str]) -> None:
        """Apply a table row's non-blank cells (``body`` keeps the content type it had)."""
        content_type = response_content = None
        for column, cell in row.items():
            if not cell.strip() or column in {"No", "desc"}:
                continue
            if column == "method":
                self.method = cell.strip()
            elif column == "path":
                self.path = cell.strip()
            elif column == "query":
                self.query = cell.strip()
            elif column in {"headers", "raw headers"}:
                self.headers = parse_headers(cell)
                self.raw_headers = column == "raw headers"
            elif column == "body":
                body = parse_body(cell, plain_type=None)
                previous = self.body.content_type if self.body else None
                self.body = body.with_content_type(None if body.content_type else previous) if body else None
            elif column == "content type":
                content_type = cell.strip()
            elif column == "matching rules":
                self.matching_rules = load_rules(cell)
            elif column == "generators":
                self.generators = load_rules(cell)
            elif column in {"response", "status"}:
                self.status = int(cell)
            elif column == "response headers":
                self.response_headers = parse_headers(cell)
            elif column == "response content":
                response_content = cell.strip()
            elif column == "response body":
                body = parse_body(cell, plain_type=None)
                previous = self.response_body.content_type if self.response_body else None
                self.response_body = (
                    body.with_content_type(None if body.content_type else previous) if body else None
                )
            elif column == "response matching rules":
                self.response_matching_rules = load_rules(cell)
            else:
                raise ValueError(f"unknown column {column!r} in an interactions table")
        if content_type:
            self.body = Body((self.body or Body(b"")).data, content_type)
        if response_content:
            self.response_body = Body((self.response_body or Body(b"")).data, response_content)

    # -- pact-file JSON forms ---------------------------------------------------------------

    def request_headers(self) -> list[tuple[str, str]]:
        """The request headers, with ``Content-Type`` from the body when none is given."""
        return _with_content_type(self.headers, self.body)

    def response_headers_all(self) -> list[tuple[str, str]]:
        """The response headers, with ``Content-Type`` from the body when none is given."""
        return _with_content_type(self.response_headers, self.response_body)

    def request_json(self) -> dict[str, Any]:
        """The expected request in v3 pact-file form."""
        request: dict[str, Any] = {"method": self.method, "path": self.path}
        if self.query:
            request["query"] = parse_query(self.query)
        if headers := self.request_headers():
            request["headers"] = headers_json(headers)
        if self.body is not None and self.body.data:
            request["body"] = self.body.pact_form()
        if self.matching_rules:
            request["matchingRules"] = self.matching_rules
        if self.generators:
            request["generators"] = self.generators
        return request

    def response_json(self) -> dict[str, Any]:
        """The expected response in v3 pact-file form."""
        response: dict[str, Any] = {"status": self.status}
        if headers := self.response_headers_all():
            response["headers"] = headers_json(headers)
        if self.response_body is not None and self.response_body.data:
            response["body"] = self.response_body.pact_form()
        if self.response_matching_rules:
            response["matchingRules"] = self.response_matching_rules
        if self.response_generators:
            response["generators"] = self.response_generators
        return response

    def actual_request(self) -> dict[str, Any]:
        """The request as a server receives it: raw body bytes, query and headers as sent."""
        request: dict[str, Any] = {"method": self.method, "path": self.path}
        if self.query:
            request["query"] = parse_query(self.query)
        if headers := self.request_headers():
            request["headers"] = headers_json(headers)
        if self.body is not None:
            request["body"] = self.body.data
        return request


def _with_content_type(headers: list[tuple[str, str]], body: Body | None) -> list[tuple[str, str]]:
    if body is None or body.content_type is None:
        return list(headers)
    if any(name.lower() == "content-type" for name, _ in headers):
        return list(headers)
    return [*headers, ("Content-Type", body.content_type)]


def definitions(datatable: list[list[str]]) -> dict[int, Definition]:
    """Parse the ``the following HTTP interactions have been defined`` table, keyed by ``No``."""
    found: dict[int, Definition] = {}
    for row in rows(datatable):
        definition = Definition()
        definition.update(row)
        found[int(row["No"])] = definition
    return found


_UUID_FORMS = {
    "UUID": r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}",
    "lower-case-hyphenated UUID": r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}",
    "upper-case-hyphenated UUID": r"[0-9A-F]{8}-[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{12}",
    "simple UUID": r"[0-9a-f]{32}",
    "URN UUID": r"urn:uuid:[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}",
}


def generated_problem(kind: str, value: Any, generator: dict[str, Any]) -> str | None:
    """Why ``value`` is not what a generator of the suite's ``kind`` makes, or ``None`` when it is.

    ``kind`` is the suite's wording ("integer", "decimal number", "UUID", ...); ``generator`` is the
    generator's JSON (its ``size``, ``digits``, ``regex``, ``min``/``max`` are checked where given).
    """
    from datetime import date, datetime, time

    problem = f"{value!r} is not a generated {kind} (generator {generator})"
    if kind == "integer":
        if not isinstance(value, int) or isinstance(value, bool):
            return problem
        low, high = generator.get("min"), generator.get("max")
        if (low is not None and value < low) or (high is not None and value > high):
            return problem
        return None
    if kind == "decimal number":
        return None if isinstance(value, float) else problem
    if kind == "boolean":
        return None if isinstance(value, bool) else problem
    if not isinstance(value, str):
        return problem
    checks: dict[str, bool] = {}
    if kind == "hexadecimal number":
        checks[kind] = re.fullmatch(r"[0-9a-fA-F]+", value) is not None and len(value) == generator.get(
            "digits", len(value)
        )
    elif kind == "random string":
        checks[kind] = len(value) == generator.get("size", 20)
    elif kind == "string from the regex":
        checks[kind] = re.fullmatch(generator["regex"], value) is not None
    elif kind in _UUID_FORMS:
        checks[kind] = re.fullmatch(_UUID_FORMS[kind], value) is not None
    elif kind in {"date", "time", "date-time"}:
        parser = {"date": date.fromisoformat, "time": time.fromisoformat, "date-time": datetime.fromisoformat}
        try:
            parser[kind](value)
            checks[kind] = True
        except ValueError:
            checks[kind] = False
    else:
        raise ValueError(f"unknown generated value kind {kind!r} in the suite")
    return None if checks[kind] else problem


def message_pattern(expected: str) -> re.Pattern[str]:
    r"""The pattern a mismatch message must contain to carry the suite's expected text.

    The suite's reference steps check that the implementation's message *contains* the expected
    text; inside header values it writes ``;\s*`` where implementations differ on the space after
    a parameter separator. Every other character is taken literally.
    """
    return re.compile(r"\s*".join(re.escape(part) for part in expected.split(r"\s*")))


def body_relative(path: str) -> str:
    """A body mismatch path as the suite writes it: ``$.body.one`` -> ``$.one``, ``$.body`` -> ``$``."""
    if path == "$.body":
        return "$"
    if path.startswith(("$.body.", "$.body[")):
        return "$" + path[len("$.body") :]
    return path


_KINDS = {"body-content-type": "body-type"}


def find_mismatch(
    mismatches: list[Any], message: str, *, path: str | None = None, kind: str | None = None
) -> Any:
    """The first mismatch whose message carries ``message`` (and path/kind when given).

    Raises:
        AssertionError: none does; the message lists what there was.
    """
    pattern = message_pattern(message)
    wanted_kind = _KINDS.get(kind, kind) if kind else None
    for mismatch in mismatches:
        if wanted_kind is not None and mismatch.kind != wanted_kind:
            continue
        if path is not None:
            candidates = {mismatch.path, body_relative(mismatch.path)}
            if mismatch.kind != "body":
                candidates |= {c.lower() for c in candidates}
                path_ok = path.lower() in candidates
            else:
                path_ok = path in candidates
            if not path_ok:
                continue
        if pattern.search(mismatch.message):
            return mismatch
    listing = "\n".join(f"  [{m.kind}] {m.path}: {m.message}" for m in mismatches) or "  (none)"
    raise AssertionError(
        f"no mismatch{f' of kind {kind!r}' if kind else ''}{f' at {path!r}' if path else ''} "
        f"with message containing {message!r}; the mismatches were:\n{listing}"
    )


def flat_to_categories(rules: dict[str, Any]) -> dict[str, Any]:
    """Turn v2 flat rules (``$.body.one``, ``$.header.x``, ``$.query.a``, ``$.path``) into v3 categories."""
    if not any(key.startswith("$.") for key in rules):
        return rules
    categories: dict[str, dict[str, Any]] = {}
    for key, rule in rules.items():
        head, _, rest = key[2:].partition(".")
        if head.startswith("body"):
            category, path = "body", "$" + key[len("$.body") :]
        elif head in {"header", "headers"}:
            category, path = "header", rest
        elif head == "query":
            category, path = "query", rest
        else:
            category, path = head, ""
        entry = {"combine": "AND", "matchers": [rule]}
        if path:
            categories.setdefault(category, {})[path] = entry
        else:
            categories[category] = entry
    return categories
