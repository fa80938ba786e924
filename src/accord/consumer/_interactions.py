"""Interaction builders of the DSL: HTTP request/response pairs, asynchronous and synchronous messages.

Each builder collects what the consumer test says with chained calls and renders it as pact-file
JSON for one specification version with ``to_json(spec)``. V4 adds the interaction ``type``, an
optional ``key``, the ``pending`` flag and ``comments`` [V4 README, "Interactions"].
"""

from __future__ import annotations

import copy
from typing import Any, Self

from accord.errors import ConfigurationError

from ._parts import Parts, content_type_of, provider_states


class _Common:
    """What every interaction kind shares: description, provider states, key, pending, comments."""

    kind = "interaction"

    def __init__(self, description: str | None = None) -> None:
        self.description = description
        self.states: list[tuple[str, dict[str, Any]]] = []
        self.key: str | None = None
        self.is_pending = False
        self.comments: dict[str, Any] = {}

    def given(self, state: str, params: dict[str, Any] | None = None, **kwargs: Any) -> Self:
        """Add a provider state, with parameters (``given("user exists", id=1)``). Repeat for several."""
        if not isinstance(state, str) or not state:
            raise ConfigurationError(
                "a provider state needs a non-empty name", hint='e.g. given("user 1 exists")'
            )
        self.states.append((state, {**(params or {}), **kwargs}))
        return self

    def upon_receiving(self, description: str) -> Self:
        """Set the description (unique within the pact, per provider state)."""
        self.description = description
        return self

    def with_key(self, key: str) -> Self:
        """Set the V4 interaction ``key``."""
        self.key = key
        return self

    def pending(self, flag: bool = True) -> Self:
        """Mark the interaction as pending (V4): its failures do not fail provider verification."""
        self.is_pending = flag
        return self

    def comment(self, text: str) -> Self:
        """Add a free-text comment (V4 ``comments.text``)."""
        self.comments.setdefault("text", []).append(text)
        return self

    def test_name(self, name: str) -> Self:
        """Record the name of the test that defines this interaction (V4 ``comments.testname``)."""
        self.comments["testname"] = name
        return self

    def identity(self) -> tuple[str, tuple[str, ...]]:
        """Description plus provider-state names: what makes an interaction the same one when merging."""
        return (self.description or "", tuple(name for name, _ in self.states))

    def _head(self, spec: str, v4_type: str) -> dict[str, Any]:
        if not self.description:
            raise ConfigurationError(
                f"an {self.kind} has no description",
                hint="call .upon_receiving('a request for ...') (or expects_to_receive for messages)",
            )
        head: dict[str, Any] = {}
        if spec == "v4":
            head["type"] = v4_type
        head["description"] = self.description
        if spec == "v4" and self.key:
            head["key"] = self.key
        head.update(provider_states(self.states, spec))
        return head

    def _tail(self, out: dict[str, Any], spec: str) -> dict[str, Any]:
        if spec == "v4":
            out["pending"] = self.is_pending
            if self.comments:
                out["comments"] = copy.deepcopy(self.comments)
        return out


class HttpInteraction(_Common):
    """A request the consumer sends and the response it expects (``Synchronous/HTTP`` in V4)."""

    kind = "HTTP interaction"

    def __init__(self, description: str | None = None) -> None:
        super().__init__(description)
        self.request: dict[str, Any] | None = None
        self.response: dict[str, Any] | None = None

    def with_request(
        self,
        method: str,
        path: Any,
        *,
        query: dict[str, Any] | str | None = None,
        headers: dict[str, Any] | None = None,
        body: Any = None,
    ) -> Self:
        """Describe the request: method, path (a string or matcher), query, headers and body."""
        if not isinstance(method, str) or not method.isalpha():
            raise ConfigurationError(
                f"HTTP method {method!r} is not a method name", hint="e.g. 'GET' or 'POST'"
            )
        self.request = {
            "method": method.upper(),
            "path": path,
            "query": query,
            "headers": headers,
            "body": body,
        }
        return self

    def will_respond_with(
        self, status: int = 200, *, headers: dict[str, Any] | None = None, body: Any = None
    ) -> Self:
        """Describe the response the consumer expects: status, headers and body (matchers allowed)."""
        if isinstance(status, bool) or not isinstance(status, int) or not 100 <= status <= 599:
            raise ConfigurationError(f"response status {status!r} is not an HTTP status", hint="use 100-599")
        self.response = {"status": status, "headers": headers, "body": body}
        return self

    def to_json(self, spec: str) -> dict[str, Any]:
        """The interaction as pact-file JSON in ``spec``'s form ("v2", "v3" or "v4")."""
        out = self._head(spec, "Synchronous/HTTP")
        if self.request is None or self.response is None:
            missing = "with_request(...)" if self.request is None else "will_respond_with(...)"
            raise ConfigurationError(
                f"the HTTP interaction {self.description!r} has no {missing}",
                hint=f"call .{missing} before serving or writing the pact",
            )
        out["request"] = _request_json(self.request, spec)
        out["response"] = _response_json(self.response, spec)
        return self._tail(out, spec)


def _with_content_type(headers: dict[str, Any] | None, content_type: str | None) -> dict[str, Any] | None:
    if content_type is None or content_type_of(headers) is not None:
        return headers
    return {**(headers or {}), "Content-Type": content_type}


def _request_json(request: dict[str, Any], spec: str) -> dict[str, Any]:
    parts = Parts(spec)
    out: dict[str, Any] = {"method": request["method"], "path": parts.path(request["path"])}
    query = parts.query(request["query"])
    if query:
        out["query"] = query
    headers = request["headers"]
    if request["body"] is not None:
        body, ctype = parts.body(request["body"], content_type_of(headers))
        headers = _with_content_type(headers, ctype)
        if headers:
            out["headers"] = parts.headers(headers)
        out["body"] = body
    elif headers:
        out["headers"] = parts.headers(headers)
    return parts.attach(out)


def _response_json(response: dict[str, Any], spec: str) -> dict[str, Any]:
    parts = Parts(spec)
    out: dict[str, Any] = {"status": response["status"]}
    headers = response["headers"]
    if response["body"] is not None:
        body, ctype = parts.body(response["body"], content_type_of(headers))
        headers = _with_content_type(headers, ctype)
        out["headers"] = parts.headers(headers)
        out["body"] = body
    elif headers:
        out["headers"] = parts.headers(headers)
    return parts.attach(out)


class _MessageContents:
    """Contents and metadata of one message (``MessageContents`` in V4)."""

    def __init__(self, contents: Any, metadata: dict[str, Any] | None, content_type: str | None) -> None:
        self.contents = contents
        self.metadata = dict(metadata or {})
        self.content_type = content_type

    def to_json(self, spec: str, contents_key: str = "contents") -> dict[str, Any]:
        parts = Parts(spec)
        category = "content" if spec == "v4" else "body"
        declared = self.content_type or content_type_of(self.metadata)
        body, ctype = parts.body(self.contents, declared, category)
        metadata: dict[str, Any] = {}
        for name, value in self.metadata.items():
            metadata[name] = parts.add("metadata", name, value, f"$.metadata.{name}")
        if ctype and not any(k.lower() in ("contenttype", "content-type") for k in metadata):
            metadata["contentType"] = ctype
        out: dict[str, Any] = {contents_key: body, "metadata" if spec == "v4" else "metaData": metadata}
        return parts.attach(out)


class AsyncMessage(_Common):
    """A message the consumer receives from a queue or stream (V3 message, V4 ``Asynchronous/Messages``)."""

    kind = "message"

    def __init__(self, description: str | None = None) -> None:
        super().__init__(description)
        self.message: _MessageContents | None = None

    def expects_to_receive(self, description: str) -> Self:
        """Set the description of the message."""
        return self.upon_receiving(description)

    def with_content(
        self, contents: Any, *, metadata: dict[str, Any] | None = None, content_type: str | None = None
    ) -> Self:
        """Set the message contents (matchers allowed) and metadata."""
        self.message = _MessageContents(contents, metadata, content_type)
        return self

    def with_metadata(self, metadata: dict[str, Any]) -> Self:
        """Add metadata entries (matchers allowed)."""
        if self.message is None:
            self.message = _MessageContents(None, metadata, None)
        else:
            self.message.metadata.update(metadata)
        return self

    def to_json(self, spec: str) -> dict[str, Any]:
        """The message as pact-file JSON in ``spec``'s form ("v3" or "v4")."""
        if spec == "v2":
            raise ConfigurationError("V2 pacts cannot hold messages", hint='use spec="v3" or "v4"')
        out = self._head(spec, "Asynchronous/Messages")
        message = self.message or _MessageContents(None, None, None)
        out.update(message.to_json(spec))
        return self._tail(out, spec)


class SyncMessage(_Common):
    """A request message answered by one or more response messages (V4 ``Synchronous/Messages``)."""

    kind = "synchronous message"

    def __init__(self, description: str | None = None) -> None:
        super().__init__(description)
        self.request: _MessageContents | None = None
        self.responses: list[_MessageContents] = []

    def with_request(
        self, contents: Any, *, metadata: dict[str, Any] | None = None, content_type: str | None = None
    ) -> Self:
        """Set the request message."""
        self.request = _MessageContents(contents, metadata, content_type)
        return self

    def will_respond_with(
        self, contents: Any, *, metadata: dict[str, Any] | None = None, content_type: str | None = None
    ) -> Self:
        """Add a response message (call again for several responses)."""
        self.responses.append(_MessageContents(contents, metadata, content_type))
        return self

    def to_json(self, spec: str) -> dict[str, Any]:
        """The interaction as V4 pact-file JSON (synchronous messages exist only in V4)."""
        if spec != "v4":
            raise ConfigurationError(
                f"synchronous messages cannot be written in a {spec.upper()} pact", hint='use spec="v4"'
            )
        out = self._head(spec, "Synchronous/Messages")
        out["request"] = (self.request or _MessageContents(None, None, None)).to_json(spec, "contents")
        out["response"] = [response.to_json(spec, "contents") for response in self.responses]
        return self._tail(out, spec)


Interaction = HttpInteraction | AsyncMessage | SyncMessage

__all__ = ["AsyncMessage", "HttpInteraction", "Interaction", "SyncMessage"]
