"""Messages as the consumer's handler receives them: contents decoded, metadata, generators applied.

Spec (V3 "Message pacts"): a message is ``contents`` plus ``metaData`` (``metadata`` in V4); the
content type comes from the ``contentType`` metadata entry (V4: the body's ``contentType``). A
consumer test hands the consumer's handler the message exactly as a provider would produce it, with
the message's generators applied in consumer mode (V3 "Generators").
"""

from __future__ import annotations

import base64
import json
from dataclasses import field
from typing import TYPE_CHECKING, Any

from accord.model._record import Record

from ._parts import is_json_type

if TYPE_CHECKING:  # checkers see the dataclasses these classes behave as
    from dataclasses import dataclass
else:  # at run time, without compiling generated methods at import (see accord.model._record)
    from accord.model._record import dataclass


@dataclass(frozen=True)
class ReceivedMessage(Record):
    """A message ready for the consumer's code.

    Attributes:
        contents: the decoded contents: JSON value, ``str`` for text, ``bytes`` for binary.
        metadata: the metadata map (``contentType`` included).
        content_type: the contents' media type, when known.
        body: the contents as raw bytes, as they would travel.
    """

    contents: Any
    metadata: dict[str, Any] = field(default_factory=dict)
    content_type: str | None = None
    body: bytes = b""

    def json(self) -> Any:
        """The contents parsed as JSON."""
        return json.loads(self.body)


def _content_type(part: dict[str, Any], metadata: dict[str, Any]) -> str | None:
    contents = part.get("contents")
    if isinstance(contents, dict) and "contentType" in contents and "content" in contents:
        return str(contents["contentType"])
    for name, value in metadata.items():
        if name.lower() in ("contenttype", "content-type"):
            return str(value)
    return None


def received(part: dict[str, Any]) -> ReceivedMessage:
    """Decode one message part (``contents`` + ``metadata``/``metaData``) into a ``ReceivedMessage``."""
    metadata = dict(part.get("metadata") or part.get("metaData") or {})
    content_type = _content_type(part, metadata)
    contents = part.get("contents")
    encoded: Any = False
    if (
        isinstance(contents, dict)
        and "content" in contents
        and set(contents)
        <= {
            "content",
            "contentType",
            "encoded",
            "contentTypeHint",
        }
    ):
        encoded = contents.get("encoded", False)
        contents = contents.get("content")
    if isinstance(encoded, str) and encoded.lower() == "base64":
        body = base64.b64decode(str(contents))
        if is_json_type(content_type):
            return ReceivedMessage(json.loads(body), metadata, content_type, body)
        if (content_type or "").startswith("text/"):
            return ReceivedMessage(body.decode("utf-8", "replace"), metadata, content_type, body)
        return ReceivedMessage(body, metadata, content_type, body)
    if isinstance(encoded, str) and encoded.upper() == "JSON" and isinstance(contents, str):
        contents = json.loads(contents)
    if contents is None:
        return ReceivedMessage(None, metadata, content_type, b"")
    if isinstance(contents, str) and not is_json_type(content_type):
        return ReceivedMessage(contents, metadata, content_type, contents.encode("utf-8"))
    return ReceivedMessage(contents, metadata, content_type, json.dumps(contents).encode("utf-8"))


def _generate(part: dict[str, Any], spec: str) -> dict[str, Any]:
    if not part.get("generators"):
        return part
    from accord.model import apply_generators  # noqa: PLC0415 - only messages with generators need it

    generated: dict[str, Any] = apply_generators(part, mode="consumer", context={})
    return generated


def reify_message(document: dict[str, Any], spec: str) -> tuple[Any, list[ReceivedMessage]]:
    """The message(s) of an interaction document, generators applied.

    Returns:
        ``(message, [])`` for an asynchronous message; ``(request, responses)`` for a synchronous one.
    """
    if document.get("type") == "Synchronous/Messages":
        request = received(_generate(document.get("request") or {}, spec))
        responses = [received(_generate(item, spec)) for item in document.get("response") or []]
        return request, responses
    return received(_generate(document, spec)), []


__all__ = ["ReceivedMessage", "received", "reify_message"]
