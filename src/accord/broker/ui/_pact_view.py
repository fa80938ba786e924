"""A pact's interactions made readable: request and response, provider states, matching rules.

Handles every pact specification the broker stores: V1/V2 (``providerState``, matching rules keyed
by ``$.body...`` paths on the request/response), V3 (``providerStates`` with ``params``, rules grouped
by ``body``/``header``/``query``/``path``; ``messages`` for message pacts) and V4 (typed
``interactions``: ``Synchronous/HTTP``, ``Asynchronous/Messages``, ``Synchronous/Messages``, bodies as
``{content, contentType, encoded}``).
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlencode


@dataclass(frozen=True)
class State:
    """A provider state and its parameters (as compact JSON, empty when none)."""

    name: str
    params: str = ""


@dataclass(frozen=True)
class Rule:
    """One matching rule: the part of the message, the path in it, the matchers as JSON."""

    part: str
    path: str
    rule: str


@dataclass(frozen=True)
class HttpSide:
    """A request or a response, its texts ready to print."""

    method: str = ""
    path: str = ""
    query: str = ""
    status: str = ""
    headers: str | None = None
    body: str | None = None


@dataclass(frozen=True)
class InteractionView:
    """One interaction as the pact page shows it."""

    description: str
    kind: str
    states: list[State] = field(default_factory=list)
    request: HttpSide | None = None
    response: HttpSide | None = None
    contents: str | None = None
    metadata: str | None = None
    rules: list[Rule] = field(default_factory=list)


def pretty(value: Any) -> str | None:
    """JSON pretty-printed (strings as they are, ``None`` when absent or empty)."""
    if value is None or value in ({}, []):
        return None
    if isinstance(value, str):
        return value
    return json.dumps(value, indent=2, ensure_ascii=False, sort_keys=False)


def _body(value: Any) -> str | None:
    """A body; V4 ``{content, contentType, encoded}`` wrappers are unwrapped to their content."""
    if isinstance(value, dict) and "content" in value and ("contentType" in value or "encoded" in value):
        return pretty(value.get("content"))
    return pretty(value)


def _query(value: Any) -> str:
    if isinstance(value, str):
        return value
    if isinstance(value, dict):
        pairs = [(k, v) for k, vs in value.items() for v in (vs if isinstance(vs, list) else [vs])]
        return urlencode(pairs)
    return ""


def states_of(interaction: dict[str, Any]) -> list[State]:
    """The provider states: V2 ``providerState`` (one name), V3/V4 ``providerStates`` (name + params)."""
    if isinstance(interaction.get("providerState"), str):
        return [State(interaction["providerState"])]
    states = []
    for item in interaction.get("providerStates") or []:
        if isinstance(item, dict):
            params = item.get("params")
            states.append(
                State(str(item.get("name", "")), json.dumps(params, ensure_ascii=False) if params else "")
            )
    return states


def rules_of(side: str, rules: Any) -> list[Rule]:
    """Flatten matching rules: V2 ``{"$.body.x": {...}}`` and V3/V4 ``{"body": {"$.x": {...}}}``."""
    if not isinstance(rules, dict):
        return []
    found = []
    for key, value in rules.items():
        if key.startswith("$"):  # V2: the path names the part, "$.body.x", "$.headers.Accept"
            part = key[2:].split(".", 1)[0].split("[", 1)[0] if len(key) > 2 else "body"
            found.append(Rule(f"{side} {part}", key, json.dumps(value, ensure_ascii=False)))
        elif isinstance(value, dict) and "matchers" in value:  # V3 "path": {"matchers": [...]}
            found.append(Rule(f"{side} {key}", "", json.dumps(value, ensure_ascii=False)))
        elif isinstance(value, dict):
            for path, rule in value.items():
                found.append(Rule(f"{side} {key}", path, json.dumps(rule, ensure_ascii=False)))
    return found


def _http(interaction: dict[str, Any]) -> InteractionView:
    request = interaction.get("request") or {}
    response = interaction.get("response") or {}
    return InteractionView(
        description=str(interaction.get("description", "")),
        kind="HTTP",
        states=states_of(interaction),
        request=HttpSide(
            method=str(request.get("method", "GET")).upper(),
            path=str(request.get("path", "/")),
            query=_query(request.get("query")),
            headers=pretty(request.get("headers")),
            body=_body(request.get("body")),
        ),
        response=HttpSide(
            status=str(response.get("status", 200)),
            headers=pretty(response.get("headers")),
            body=_body(response.get("body")),
        ),
        rules=rules_of("request", request.get("matchingRules"))
        + rules_of("response", response.get("matchingRules")),
    )


def _message(interaction: dict[str, Any], kind: str) -> InteractionView:
    if kind == "Synchronous/Messages":
        contents: Any = {
            "request": _body((interaction.get("request") or {}).get("contents")),
            "responses": [_body((r or {}).get("contents")) for r in interaction.get("response") or []],
        }
    else:
        contents = _body(interaction.get("contents"))
    return InteractionView(
        description=str(interaction.get("description", "")),
        kind="message" if kind == "message" else kind,
        states=states_of(interaction),
        contents=pretty(contents),
        metadata=pretty(interaction.get("metaData") or interaction.get("metadata")),
        rules=rules_of("message", interaction.get("matchingRules")),
    )


def interactions_of(content: dict[str, Any]) -> list[InteractionView]:
    """Every interaction and message of a pact document, in file order."""
    views = []
    for item in content.get("interactions") or []:
        if not isinstance(item, dict):
            continue
        kind = str(item.get("type", "Synchronous/HTTP"))
        views.append(_http(item) if kind == "Synchronous/HTTP" else _message(item, kind))
    for item in content.get("messages") or []:
        if isinstance(item, dict):
            views.append(_message(item, "message"))
    return views


def spec_version(content: dict[str, Any]) -> str | None:
    """The pact specification version the document declares, if any."""
    meta = content.get("metadata") or {}
    for key in ("pactSpecification", "pact-specification"):
        spec = meta.get(key)
        if isinstance(spec, dict) and spec.get("version"):
            return str(spec["version"])
    return None


__all__ = [
    "HttpSide",
    "InteractionView",
    "Rule",
    "State",
    "interactions_of",
    "pretty",
    "rules_of",
    "spec_version",
    "states_of",
]
