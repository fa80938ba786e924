"""One consumer scenario driven through Accord's consumer API, and the pact file it wrote.

``ConsumerTest`` keeps what the Given steps define (HTTP interactions as suite ``Definition``s,
messages and synchronous messages as ``Part``s), turns them into ``accord.consumer.Pact``
interactions, runs the mock server or the message handler, and reads the written pact file back as
plain JSON (the published pact-file format, whatever tool wrote it).
"""

from __future__ import annotations

import base64
import contextlib
import json
from contextlib import ExitStack
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx

from .._suite import Body, Definition

CONSUMER, PROVIDER = "compatibility-consumer", "compatibility-provider"


@dataclass
class Part:
    """Contents with metadata and generators: a message, or a synchronous request or response."""

    body: Body | None = None
    metadata: dict[str, Any] = field(default_factory=dict)
    generators: dict[str, Any] | None = None


@dataclass
class Defined(Part):
    """An interaction being defined for its pact file (V3/V4 scenarios)."""

    kind: str = "HTTP"
    description: str = "an interaction"
    states: list[tuple[str, dict[str, Any]]] = field(default_factory=list)
    key: str | None = None
    pending: bool = False
    comments: list[str] = field(default_factory=list)
    responses: list[Part] = field(default_factory=list)


@dataclass
class Received:
    """A message as the consumer's handler got it."""

    contents: bytes
    content_type: str | None
    metadata: dict[str, Any]
    responses: list[Received] = field(default_factory=list)

    def json(self) -> Any:
        """The contents parsed as JSON."""
        return json.loads(self.contents)

    def same_contents(self, body: Body | None) -> bool:
        """Whether the contents mean the same as ``body`` (JSON compared as JSON)."""
        if body is None:
            return not self.contents
        if body.is_json:
            return bool(self.json() == body.json())
        return self.contents == body.data


@dataclass
class ConsumerTest:
    """The state of one consumer scenario."""

    spec: str
    pact_dir: Path
    http: list[tuple[str, Definition]] = field(default_factory=list)
    defined: list[Defined] = field(default_factory=list)
    responses: list[httpx.Response] = field(default_factory=list)
    received: Received | None = None
    ok: bool | None = None
    error: BaseException | None = None
    url: str = ""
    _stack: ExitStack = field(default_factory=ExitStack)
    mock: Any = None
    _pact: Any = None

    # -- defining ----------------------------------------------------------------------------

    def add_http(self, description: str, definition: Definition) -> None:
        """An HTTP interaction for the mock server."""
        self.http.append((description, definition))

    def define(self, kind: str) -> Defined:
        """Start an interaction of ``kind`` (HTTP, message, synchronous message)."""
        defined = Defined(kind=kind, description=f"{kind} interaction {len(self.defined) + 1}")
        self.defined.append(defined)
        return defined

    def current(self) -> Defined:
        """The interaction being defined."""
        return self.defined[-1]

    def generator_for(self, part: str | None, category: str, path: str) -> dict[str, Any]:
        """The generator the scenario configured at ``category``/``path``."""
        current = self.current()
        target: Part = current
        if part and part.strip() == "response":
            target = current.responses[0]
        return dict((target.generators or {}).get(category, {}).get(path, {}))

    # -- running -----------------------------------------------------------------------------

    def start(self) -> None:
        """Build the pact with Accord's DSL and start its mock server."""
        from ._accord import build_http_pact

        self._pact = build_http_pact(self)
        self.mock = self._stack.enter_context(self._pact.serve())
        self.url = str(self.mock.url).rstrip("/")

    def finish(self) -> None:
        """End the mock server's test: it verifies and writes the pact file when all went well."""
        try:
            self._stack.close()
            self.ok, self.error = True, None
        except Exception as error:  # the mock server's report is what the scenario inspects
            self.ok, self.error = False, error

    def close(self) -> None:
        """Stop whatever is still running (scenarios that end before "the pact test is done")."""
        # a scenario that stopped early has already checked what it wanted; the report is moot
        with contextlib.suppress(Exception):
            self._stack.close()

    def write_pact(self) -> None:
        """Write the pact file of the defined interactions."""
        from ._accord import build_defined_pact

        pact = build_defined_pact(self)
        pact.write_file(pact.interactions)

    def process(self, failure: str | None) -> None:
        """Hand the reified message to a handler (raising ``failure`` when given)."""
        from ._accord import run_message_test

        run_message_test(self, failure)

    # -- what the mock server reported ---------------------------------------------------------

    def mismatches(self) -> list[Any]:
        """Every mismatch the mock server recorded (while running or in its final report)."""
        from ._accord import mock_mismatches

        return mock_mismatches(self)

    def missing_interactions(self) -> list[str]:
        """Descriptions of the interactions that were expected but never received."""
        from ._accord import mock_missing

        return mock_missing(self)

    def unexpected_requests(self) -> list[tuple[str, str]]:
        """(method, path) of the requests nobody expected."""
        from ._accord import mock_unexpected

        return mock_unexpected(self)

    # -- the pact file -------------------------------------------------------------------------

    def pact_files(self) -> list[Path]:
        """The pact files written so far."""
        return sorted(self.pact_dir.glob("*.json")) if self.pact_dir.exists() else []

    def pact_file_exists(self) -> bool:
        """Whether a pact file was written."""
        return bool(self.pact_files())

    def pact_interactions(self) -> list[dict[str, Any]]:
        """The interactions (or v3 messages) of the one pact file written."""
        (path,) = self.pact_files()
        document = json.loads(path.read_text(encoding="utf-8"))
        return list(document.get("interactions") or document.get("messages") or [])

    @staticmethod
    def content_type_of(part: dict[str, Any], key: str = "body") -> str | None:
        """A written part's content type: v4 body ``contentType``, message metadata or its header."""
        body = part.get(key)
        if isinstance(body, dict) and "contentType" in body and "content" in body:
            return str(body["contentType"]).split(";")[0]
        metadata = part.get("metadata") or part.get("metaData") or {}
        for name in ("contentType", "content-type", "Content-Type"):
            if name in metadata:
                return str(metadata[name]).split(";")[0]
        for name, value in (part.get("headers") or {}).items():
            if name.lower() == "content-type":
                return str(value[0] if isinstance(value, list) else value).split(";")[0]
        return None

    @staticmethod
    def body_of(part: dict[str, Any], key: str = "body") -> Any:
        """A written part's body as JSON (v3 plain value or v4 ``content``)."""
        body = part.get(key)
        if isinstance(body, dict) and "content" in body and "contentType" in body:
            content = body["content"]
            if body.get("encoded") in {"base64", True}:
                content = base64.b64decode(content)
            return json.loads(content) if isinstance(content, bytes | str) else content
        return json.loads(body) if isinstance(body, str) else body

    def same_document(self, written: dict[str, Any], body: Body | None) -> bool:
        """Whether a written synchronous request or response holds ``body``."""
        assert body is not None
        contents = written.get("contents")
        if body.is_json:
            return bool(self.body_of(written, "contents") == body.json())
        if isinstance(contents, dict) and "content" in contents:
            content = contents["content"]
            if contents.get("encoded") in {"base64", True}:
                return base64.b64decode(content) == body.data
            return bool(content == body.text)
        return bool(contents == body.text)
