"""Message providers: Python functions that produce a message, mapped by the interaction's description.

Message pacts (v3 ``messages``, v4 ``Asynchronous/Messages`` and ``Synchronous/Messages``) carry no
HTTP request: the verifier asks the provider to produce the message the description names, and
matches its contents and metadata against the pact. Two ways to produce it:

- a **Python function** registered for the description (``Verifier.with_message``). It is called
  with no arguments, or with one ``MessageContext`` (description, provider states, their values, and
  for synchronous messages the request message). It returns a ``Message``, a dict
  ``{"contents", "metadata", "contentType"}``, ``bytes``, ``str``, or any JSON value.
- an **HTTP endpoint**, as the Rust verifier does it: ``POST`` of ``{"description",
  "providerStates"?, "request"?}`` (see ``message_request``); the response body is the contents,
  its ``Content-Type`` their content type and the ``contentType`` metadata, and the
  ``Pact-Message-Metadata`` header (base64 JSON) the rest of the metadata.
"""

from __future__ import annotations

import base64
import binascii
import inspect
import json
from collections.abc import Callable
from dataclasses import field
from typing import TYPE_CHECKING, Any

from accord.errors import ProviderError
from accord.model._record import MutableRecord

from ._cases import Case
from ._replay import body_bytes

if TYPE_CHECKING:
    from dataclasses import dataclass

    import httpx
else:  # at run time, without compiling generated methods at import (see accord.model._record)
    from accord.model._record import dataclass

_MESSAGE_KEYS = frozenset({"contents", "metadata", "contentType", "content_type"})


@dataclass
class Message(MutableRecord):
    """A produced message.

    Attributes:
        contents: the body (``bytes``, ``str`` or a JSON value).
        metadata: the message metadata.
        content_type: the contents' media type (defaults by the kind of contents).
    """

    contents: Any
    metadata: dict[str, Any] = field(default_factory=dict)
    content_type: str | None = None


@dataclass
class MessageContext(MutableRecord):
    """What a message producer is told.

    Attributes:
        description: the interaction's description.
        states: the provider states' names.
        values: the provider-state parameters and values the state handlers returned.
        request: for a synchronous message, the request message's contents (decoded), else ``None``.
    """

    description: str
    states: list[str]
    values: dict[str, Any]
    request: Any = None


Producer = Callable[..., Any]


def as_message(produced: Any) -> Message:
    """Normalise what a producer returned into a ``Message``."""
    if isinstance(produced, Message):
        return produced
    if isinstance(produced, dict) and "contents" in produced and set(produced) <= _MESSAGE_KEYS:
        return Message(
            produced.get("contents"),
            dict(produced.get("metadata") or {}),
            produced.get("contentType") or produced.get("content_type"),
        )
    return Message(produced)


def message_json(message: Message) -> dict[str, Any]:
    """The actual message in the form ``accord.matching.match_message`` takes (contents as bytes)."""
    contents = message.contents
    content_type = message.content_type or _declared_type(message.metadata)
    if isinstance(contents, bytes | bytearray):
        data: bytes = bytes(contents)
        # An endpoint's answer without a Content-Type ("") is typed by its bytes, as Rust types it.
        content_type = content_type or ("" if message.content_type == "" else "application/octet-stream")
    elif isinstance(contents, str) and not (content_type and "json" in content_type.lower()):
        data = contents.encode("utf-8")
        content_type = content_type or "text/plain"
    elif contents is None:
        data = b""
    else:
        data = json.dumps(contents, separators=(",", ":")).encode("utf-8")
        content_type = content_type or "application/json"
    data = _schema_registry_payload(data, content_type)
    # As the Rust verifier reads a message endpoint's answer: the contents keep their own content
    # type (the Content-Type header), which decides how they are compared; the metadata's
    # "contentType" is that type unless the metadata gives its own ("" when there is none).
    metadata = {"contentType": content_type or "", **message.metadata}
    return {"contents": {"content": data, "contentType": content_type or ""}, "metadata": metadata}


SCHEMA_REGISTRY_TYPE = "application/vnd.schemaregistry.v1+json"


def _schema_registry_payload(data: bytes, content_type: str | None) -> bytes:
    """The JSON payload of a message in the Confluent schema registry's wire format.

    Such a message (content type ``application/vnd.schemaregistry.v1+json``, the Pact
    compatibility suite's "body formatted for the Kafka schema registry") starts with a magic byte
    ``0`` and a 4-byte schema id; the contract is about the JSON after them.
    """
    if (
        content_type
        and content_type.split(";")[0].strip().lower() == SCHEMA_REGISTRY_TYPE
        and len(data) > 5
        and data[0] == 0
    ):
        return data[5:]
    return data


def _declared_type(metadata: dict[str, Any]) -> str | None:
    for key, value in metadata.items():
        if key.lower() in ("contenttype", "content-type", "content_type") and isinstance(value, str):
            return value
    return None


def call_producer(producer: Producer, context: MessageContext) -> Message:
    """Call a producer with the context when it takes an argument.

    Raises:
        ProviderError: the producer raised.
    """
    try:
        takes_argument = bool(inspect.signature(producer).parameters)
    except (TypeError, ValueError):
        takes_argument = False
    try:
        produced = producer(context) if takes_argument else producer()
    except Exception as exc:
        raise ProviderError(
            f"the producer of message {context.description!r} raised {type(exc).__name__}: {exc}",
            hint="fix the message producer function",
        ) from exc
    return as_message(produced)


def request_contents(case: Case) -> Any:
    """The request message of a synchronous message interaction, decoded for producers."""
    request = case.interaction.get("request") or {}
    contents = request.get("contents")
    data, content_type = body_bytes(contents, _declared_type(request.get("metadata") or {}))
    if data is None:
        return None
    if content_type and "json" in content_type.lower():
        try:
            return json.loads(data)
        except ValueError:
            return data
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return data


def message_request(case: Case) -> dict[str, Any]:
    """What the verifier posts to a message endpoint for ``case``, as the Rust verifier posts it.

    ``{"description"}``, then ``"providerStates"`` only when the message has states (each
    ``{"name"}`` with ``"params"`` only when it has some), and for a synchronous message
    ``"request"``: the pact's request message (``contents`` as a v4 body with its
    ``contentType`` and ``encoded``, and its ``metadata``, ``matchingRules`` and ``generators``
    when not empty).
    """
    payload: dict[str, Any] = {"description": case.description}
    if case.states:
        payload["providerStates"] = [
            {"name": state.name, "params": state.params} if state.params else {"name": state.name}
            for state in case.states
        ]
    if case.kind == "sync-message":
        payload["request"] = _request_message(case.interaction.get("request") or {})
    return payload


def _request_message(request: dict[str, Any]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    contents = request.get("contents")
    if isinstance(contents, dict) and "content" in contents:
        body = dict(contents)
        if not body.get("contentType"):
            declared = _declared_type(request.get("metadata") or {})
            is_text = isinstance(body.get("content"), str)
            body["contentType"] = declared or ("text/plain" if is_text else "application/json")
        body.setdefault("encoded", False)
        out["contents"] = body
    elif contents is not None:
        out["contents"] = contents
    if request.get("metadata"):
        out["metadata"] = request["metadata"]
    rules = request.get("matchingRules")
    if isinstance(rules, dict) and rules:
        # Rust holds a message's "content" rules as "body" rules and writes them back so.
        out["matchingRules"] = {
            ("body" if name == "content" else name): value for name, value in rules.items()
        }
    generators = request.get("generators")
    if isinstance(generators, dict):
        # Rust keeps only the generator categories it knows ("content" is not one of them).
        known = {name: value for name, value in generators.items() if name in _GENERATOR_CATEGORIES and value}
        if known:
            out["generators"] = known
    return out


_GENERATOR_CATEGORIES = frozenset({"method", "path", "header", "query", "body", "status", "metadata"})


def fetch_message(client: httpx.Client, url: str, case: Case) -> Message:
    """Ask a provider's message endpoint for the message of ``case`` (Pact's message protocol).

    Raises:
        ProviderError: the endpoint failed or answered an error status.
    """
    payload = message_request(case)
    import httpx  # noqa: PLC0415 - httpx only when a URL is used

    try:
        response = client.post(url, json=payload)
    except httpx.HTTPError as exc:
        raise ProviderError(
            f"the message endpoint {url} failed for {case.description!r}: {type(exc).__name__}: {exc}",
            hint="is the provider running, and does it serve the message endpoint?",
        ) from exc
    if not response.is_success:
        raise ProviderError(
            f"the message endpoint {url} answered {response.status_code} for {case.description!r}: "
            f"{response.text[:200]}",
            hint="the endpoint must produce the message whose description it is given",
        )
    metadata: dict[str, Any] = {}
    encoded = response.headers.get("pact-message-metadata")
    if encoded:
        # The Rust verifier ignores a header it cannot decode (its metadata is then only the
        # contentType); Accord reports it, as a provider bug the contract would otherwise hide.
        try:
            decoded = json.loads(base64.b64decode(encoded, validate=True))
        except (ValueError, binascii.Error) as exc:
            raise ProviderError(
                f"the Pact-Message-Metadata header for {case.description!r} is not base64 JSON: {exc}",
                hint="send the metadata as a base64-encoded JSON object",
            ) from exc
        if not isinstance(decoded, dict):
            raise ProviderError(
                f"the Pact-Message-Metadata header for {case.description!r} is not a JSON object: "
                f"{json.dumps(decoded)[:100]}",
                hint="send the metadata as a base64-encoded JSON object",
            )
        metadata = decoded
    return Message(response.content, metadata, response.headers.get("content-type", ""))


__all__ = [
    "Message",
    "MessageContext",
    "Producer",
    "as_message",
    "call_producer",
    "fetch_message",
    "message_json",
    "message_request",
    "request_contents",
]
