"""Pact files for the provider features, written in the feature's specification version.

The verifier under test reads these documents as it would read any Pact tool's output, so they are
written by hand in the published pact-file formats (v1, v2, v3 and v4), not by Accord's own DSL.
A body that is not text has no representation before v4; an interaction carrying one is written
in a v4 file (the only format that can carry binary contents, as base64).
"""

from __future__ import annotations

import base64
from dataclasses import dataclass, field
from typing import Any

from .._suite import Body, Definition, flat_to_categories, headers_json, parse_query

_VERSIONS = {"v1": "1.0.0", "v2": "2.0.0", "v3": "3.0.0", "v4": "4.0"}


@dataclass
class State:
    """A provider state with its parameters."""

    name: str
    params: dict[str, Any] = field(default_factory=dict)


@dataclass
class HttpEntry:
    """An HTTP interaction to write, with the v4 extras (pending, comments)."""

    description: str
    definition: Definition
    states: list[State] = field(default_factory=list)
    pending: bool = False
    comments: dict[str, Any] = field(default_factory=dict)


@dataclass
class MessageEntry:
    """An asynchronous message to write."""

    description: str
    body: Body | None
    metadata: dict[str, Any] = field(default_factory=dict)
    matching_rules: dict[str, Any] | None = None
    states: list[State] = field(default_factory=list)
    pending: bool = False
    comments: dict[str, Any] = field(default_factory=dict)


def _is_text(body: Body) -> bool:
    return body.text is not None


def _body_v3(body: Body | None) -> Any:
    if body is None or not body.data:
        return None
    return body.pact_form()


def _body_v4(body: Body | None) -> dict[str, Any] | None:
    if body is None or not body.data:
        return None
    if body.is_json:
        return {"content": body.json(), "contentType": body.content_type, "encoded": False}
    if _is_text(body):
        return {"content": body.text, "contentType": body.content_type or "text/plain", "encoded": False}
    return {
        "content": base64.b64encode(body.data).decode("ascii"),
        "contentType": body.content_type or "application/octet-stream",
        "encoded": "base64",
    }


def _states(states: list[State], spec: str) -> dict[str, Any]:
    if not states:
        return {}
    if spec in {"v1", "v2"}:
        return {"providerState": states[0].name}
    return {
        "providerStates": [{"name": s.name, **({"params": s.params} if s.params else {})} for s in states]
    }


def _rules(rules: dict[str, Any] | None, spec: str) -> dict[str, Any]:
    if not rules or spec == "v1":
        return {}
    return {"matchingRules": rules if spec == "v2" else flat_to_categories(rules)}


def _http_v1_to_v3(entry: HttpEntry, spec: str) -> dict[str, Any]:
    d = entry.definition
    request: dict[str, Any] = {"method": d.method, "path": d.path}
    if d.query:
        request["query"] = d.query if spec in {"v1", "v2"} else parse_query(d.query)
    if headers := d.request_headers():
        request["headers"] = dict(headers)
    if (body := _body_v3(d.body)) is not None:
        request["body"] = body
    request.update(_rules(d.matching_rules, spec))
    response: dict[str, Any] = {"status": d.status}
    if headers := d.response_headers_all():
        response["headers"] = dict(headers)
    if (body := _body_v3(d.response_body)) is not None:
        response["body"] = body
    response.update(_rules(d.response_matching_rules, spec))
    return {
        "description": entry.description,
        **_states(entry.states, spec),
        "request": request,
        "response": response,
    }


def _http_v4(entry: HttpEntry) -> dict[str, Any]:
    d = entry.definition
    request: dict[str, Any] = {"method": d.method, "path": d.path}
    if d.query:
        request["query"] = parse_query(d.query)
    if headers := d.request_headers():
        request["headers"] = {k: v if isinstance(v, list) else [v] for k, v in headers_json(headers).items()}
    if (body := _body_v4(d.body)) is not None:
        request["body"] = body
    request.update(_rules(d.matching_rules, "v4"))
    response: dict[str, Any] = {"status": d.status}
    if headers := d.response_headers_all():
        response["headers"] = {k: v if isinstance(v, list) else [v] for k, v in headers_json(headers).items()}
    if (body := _body_v4(d.response_body)) is not None:
        response["body"] = body
    response.update(_rules(d.response_matching_rules, "v4"))
    interaction: dict[str, Any] = {
        "type": "Synchronous/HTTP",
        "description": entry.description,
        **_states(entry.states, "v4"),
        "request": request,
        "response": response,
        "pending": entry.pending,
    }
    if entry.comments:
        interaction["comments"] = entry.comments
    return interaction


def _needs_v4(entry: HttpEntry) -> bool:
    bodies = (entry.definition.body, entry.definition.response_body)
    return any(body is not None and body.data and not _is_text(body) for body in bodies)


def http_pact(consumer: str, provider: str, entries: list[HttpEntry], spec: str) -> dict[str, Any]:
    """A pact file with HTTP interactions in the ``spec`` format (v4 when a body is binary)."""
    if spec != "v4" and any(_needs_v4(entry) for entry in entries):
        spec = "v4"
    interactions = [_http_v4(e) if spec == "v4" else _http_v1_to_v3(e, spec) for e in entries]
    return {
        "consumer": {"name": consumer},
        "provider": {"name": provider},
        "interactions": interactions,
        "metadata": {"pactSpecification": {"version": _VERSIONS[spec]}},
    }


def message_pact(consumer: str, provider: str, entries: list[MessageEntry], spec: str) -> dict[str, Any]:
    """A v3 message pact (``messages``) or a v4 pact of asynchronous messages."""
    if spec == "v3" and any(e.body is not None and not _is_text(e.body) for e in entries):
        spec = "v4"
    if spec == "v3":
        messages = []
        for entry in entries:
            message: dict[str, Any] = {"description": entry.description, **_states(entry.states, "v3")}
            message["contents"] = _body_v3(entry.body) if entry.body is not None else ""
            metadata = dict(entry.metadata)
            if entry.body is not None and entry.body.content_type:
                metadata.setdefault("contentType", entry.body.content_type)
            message["metadata"] = metadata
            message.update(_rules(entry.matching_rules, "v3"))
            messages.append(message)
        document: dict[str, Any] = {"messages": messages}
    else:
        interactions = []
        for entry in entries:
            interaction: dict[str, Any] = {
                "type": "Asynchronous/Messages",
                "description": entry.description,
                **_states(entry.states, "v4"),
                "contents": _body_v4(entry.body)
                or {"content": "", "contentType": "text/plain", "encoded": False},
                "metadata": dict(entry.metadata),
                "pending": entry.pending,
            }
            interaction.update(_rules(entry.matching_rules, "v4"))
            if entry.comments:
                interaction["comments"] = entry.comments
            interactions.append(interaction)
        document = {"interactions": interactions}
    return {
        "consumer": {"name": consumer},
        "provider": {"name": provider},
        **document,
        "metadata": {"pactSpecification": {"version": _VERSIONS[spec]}},
    }
