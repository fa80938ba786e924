"""Interactions: HTTP request/response pairs, v3 messages, and the three v4 interaction types.

Pact v1/v2: "an interaction has a ``description``, an optional ``providerState`` (a string), a
``request`` and a ``response``". v3: "``providerStates: [{name, params}]`` replaces the single
string" and message pacts put ``{description, providerStates, contents, metaData}`` in
``messages``. v4: "every interaction has a ``type`` (``Synchronous/HTTP``,
``Asynchronous/Messages``, ``Synchronous/Messages``), a ``description`` unique in the file and an
optional ``key``, ``pending``, ``comments``, ``pluginConfiguration`` and ``interactionMarkup``".

All three kinds share `Interaction`: description, provider states, the v4 extras, and unknown
attributes kept as written (v4: "ignore attributes that do not conform ... and keep processing").
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import field
from typing import TYPE_CHECKING, Any, ClassVar

from accord.model._parts import HttpRequest, HttpResponse, MessageContents, Where
from accord.model._record import Record
from accord.model._versions import SpecVersion

if TYPE_CHECKING:  # checkers see the frozen dataclasses these classes behave as
    from dataclasses import dataclass
else:  # at run time, without compiling generated methods at import (see _record)
    from accord.model._record import dataclass


@dataclass(frozen=True, slots=True)
class ProviderState(Record):
    """A state the provider must be in: a name and optional parameters (v3+)."""

    name: str
    params: dict[str, Any] | None = None

    def to_json(self) -> dict[str, Any]:
        """``{"name": ..., "params": ...}`` (params only when given)."""
        return {"name": self.name} if self.params is None else {"name": self.name, "params": self.params}


_COMMON = frozenset(
    {
        "type",
        "description",
        "providerState",
        "providerStates",
        "key",
        "pending",
        "comments",
        "pluginConfiguration",
        "interactionMarkup",
        "_id",
    }
)


@dataclass(frozen=True, slots=True)
class Interaction(Record):
    """What every interaction kind has.

    Attributes:
        description: what the consumer is doing ("a request for order 1").
        provider_states: the states the provider must be in, in order.
        spec: the specification version of the pact it was read from.
        key: the v4 interaction key, if any.
        pending: the v4 ``pending`` flag ("failures are reported but do not fail verification").
        comments: the v4 ``comments`` (``testname``, ``text``...).
        interaction_markup: the v4 ``interactionMarkup`` (``{markup, markupType}``).
        plugin_configuration: the v4 ``pluginConfiguration``.
        extra: attributes Accord does not read, kept for saving.
    """

    v4_type: ClassVar[str] = ""
    description: str = ""
    provider_states: tuple[ProviderState, ...] = ()
    spec: SpecVersion = SpecVersion.V3
    key: str | None = None
    pending: bool | None = None
    comments: dict[str, Any] | None = None
    interaction_markup: dict[str, Any] | None = None
    plugin_configuration: dict[str, Any] | None = None
    state_key: str = "providerStates"
    extra: dict[str, Any] = field(default_factory=dict)

    def identity(self) -> tuple[str, str, str]:
        """What makes two interactions "the same" for merging: kind, description and states."""
        states = json.dumps([state.to_json() for state in self.provider_states], sort_keys=True)
        return (self.v4_type, self.description, states)

    def _common_json(self, target: SpecVersion) -> dict[str, Any]:
        out: dict[str, Any] = dict(self.extra)
        if target >= SpecVersion.V4:
            out["type"] = self.v4_type
        out["description"] = self.description
        if self.provider_states:
            if target <= SpecVersion.V2 or (target == self.spec and self.state_key == "providerState"):
                # The single-state form reads "" as "no state" (as the Pact tools do), so it never writes it.
                if self.provider_states[0].name:
                    out["providerState"] = self.provider_states[0].name
            else:
                out["providerStates"] = [state.to_json() for state in self.provider_states]
        for name, value in (
            ("key", self.key),
            ("pending", self.pending),
            ("comments", self.comments),
            ("interactionMarkup", self.interaction_markup),
            ("pluginConfiguration", self.plugin_configuration),
        ):
            if value is not None:
                out[name] = value
        return out

    def to_json(self, spec: SpecVersion | str | None = None) -> dict[str, Any]:
        """The interaction in the pact-file form of ``spec`` (default: the version it was read from)."""
        raise NotImplementedError  # pragma: no cover - every kind defines it

    def upgraded(self, spec: SpecVersion) -> Interaction:
        """This interaction as a pact of version ``spec`` would hold it."""
        # Already checked when it was read (or deliberately not): convert without checking again.
        return parse_interaction(self.to_json(spec), spec, Where("upgrade", "$", strict=False))


@dataclass(frozen=True, slots=True)
class HttpInteraction(Interaction):
    """An HTTP request and the response expected to it (v4 ``Synchronous/HTTP``)."""

    v4_type: ClassVar[str] = "Synchronous/HTTP"
    request: HttpRequest = field(default_factory=HttpRequest)
    response: HttpResponse = field(default_factory=HttpResponse)

    def to_json(self, spec: SpecVersion | str | None = None) -> dict[str, Any]:
        """The interaction in the pact-file form of ``spec`` (default: its own)."""
        target = self.spec if spec is None else SpecVersion.parse(spec)
        out = self._common_json(target)
        out["request"] = self.request.to_json(target)
        out["response"] = self.response.to_json(target)
        return out


@dataclass(frozen=True, slots=True)
class AsyncMessage(Interaction):
    """A one-way message (a v3 ``messages`` entry, v4 ``Asynchronous/Messages``)."""

    v4_type: ClassVar[str] = "Asynchronous/Messages"
    message: MessageContents = field(default_factory=MessageContents)

    @property
    def contents(self) -> Any:
        """The message contents as written."""
        return self.message.contents

    @property
    def metadata(self) -> dict[str, Any] | None:
        """The message metadata."""
        return self.message.metadata

    def to_json(self, spec: SpecVersion | str | None = None) -> dict[str, Any]:
        """The message in the pact-file form of ``spec`` (default: its own)."""
        target = self.spec if spec is None else SpecVersion.parse(spec)
        return {**self._common_json(target), **self.message.to_json(target)}


@dataclass(frozen=True, slots=True)
class SyncMessage(Interaction):
    """A request message answered by one or more response messages (v4 ``Synchronous/Messages``)."""

    v4_type: ClassVar[str] = "Synchronous/Messages"
    request: MessageContents = field(default_factory=MessageContents)
    response: tuple[MessageContents, ...] = ()

    def to_json(self, spec: SpecVersion | str | None = None) -> dict[str, Any]:
        """The interaction in v4 form (synchronous messages exist only in v4)."""
        target = self.spec if spec is None else SpecVersion.parse(spec)
        out = self._common_json(target)
        out["request"] = self.request.to_json(target)
        out["response"] = [item.to_json(target) for item in self.response]
        return out


def _states(raw: Mapping[str, Any], where: Where) -> tuple[tuple[ProviderState, ...], str]:
    if "providerStates" in raw and raw["providerStates"] is not None:
        items = where.expect_at(
            "providerStates", raw["providerStates"], list, "a list of states", '[{"name": "x"}]'
        )
        states = []
        for i, item in enumerate(items):
            at = where / "providerStates" / i
            if isinstance(item, str):
                states.append(ProviderState(item))
                continue
            at.expect(item, dict, "a provider state object", '{"name": "a user exists", "params": {"id": 1}}')
            name = at.expect_at("name", item.get("name"), str, "the state's name", '"a user exists"')
            params = item.get("params")
            if params is not None:
                at.expect_at("params", params, dict, "an object of parameters", '{"id": 1}')
            states.append(ProviderState(name, params))
        return tuple(states), "providerStates"
    state = raw.get("providerState", raw.get("provider_state"))
    if state is None or state == "":
        return (), "providerStates" if "providerState" not in raw else "providerState"
    name = where.expect_at("providerState", state, str, "the state's name", '"a user exists"')
    return (ProviderState(name),), "providerState"


def _common(raw: Mapping[str, Any], spec: SpecVersion, where: Where, known: frozenset[str]) -> dict[str, Any]:
    description = where.expect_at(
        "description", raw.get("description"), str, "the interaction's description", '"a request for order 1"'
    )
    states, state_key = _states(raw, where)
    key = raw.get("key")
    if key is not None:
        where.expect_at("key", key, str, "a string key", '"a1b2c3"')
    pending = raw.get("pending")
    if pending is not None:
        where.expect_at("pending", pending, bool, "true or false", "true")
    found: dict[str, Any] = {}
    for name in ("comments", "interactionMarkup", "pluginConfiguration"):
        if raw.get(name) is not None:
            found[name] = where.expect_at(name, raw[name], dict, "an object", '{"text": ["..."]}')
    return {
        "description": description,
        "provider_states": states,
        "spec": spec,
        "key": key,
        "pending": pending,
        "comments": found.get("comments"),
        "interaction_markup": found.get("interactionMarkup"),
        "plugin_configuration": found.get("pluginConfiguration"),
        "state_key": state_key,
        "extra": {k: v for k, v in raw.items() if k not in _COMMON and k not in known},
    }


INTERACTION_TYPES = ("Synchronous/HTTP", "Asynchronous/Messages", "Synchronous/Messages")


def parse_interaction(raw: Any, spec: SpecVersion, where: Where, *, message: bool = False) -> Interaction:
    """Parse one interaction of a pact of version ``spec``.

    Args:
        raw: the interaction's JSON.
        spec: the pact's version.
        where: its place, for errors (``pact.json``, ``$.interactions[3]``).
        message: whether it comes from a v3 ``messages`` array.

    Raises:
        PactFileError: naming the JSON path of the first missing or mistyped field.
    """
    where.expect(
        raw, dict, "an interaction object", '{"description": "...", "request": {...}, "response": {...}}'
    )
    kind = raw.get("type")
    if spec >= SpecVersion.V4 or kind is not None:
        if kind is None and message:
            kind = "Asynchronous/Messages"
        if kind not in INTERACTION_TYPES:
            raise (where / "type").error(
                f"unknown interaction type {kind!r}"
                if kind is not None
                else "a v4 interaction needs a 'type'",
                "Use one of " + ", ".join(f'"{t}"' for t in INTERACTION_TYPES) + ".",
            )
    elif message:
        kind = "Asynchronous/Messages"
    else:
        kind = "Synchronous/HTTP"
    if kind == "Synchronous/HTTP":
        common = _common(raw, spec, where, frozenset({"request", "response"}))
        if "request" not in raw:
            raise (where / "request").error("is missing", 'Add "request": {"method": "GET", "path": "/"}.')
        if "response" not in raw:
            raise (where / "response").error("is missing", 'Add "response": {"status": 200}.')
        return HttpInteraction(
            **common,
            request=HttpRequest.from_json(raw["request"], spec, where / "request"),
            response=HttpResponse.from_json(raw["response"], spec, where / "response"),
        )
    if kind == "Asynchronous/Messages":
        common = _common(
            raw, spec, where, frozenset({"contents", "metadata", "metaData", "matchingRules", "generators"})
        )
        body = {
            k: v
            for k, v in raw.items()
            if k in ("contents", "metadata", "metaData", "matchingRules", "generators")
        }
        return AsyncMessage(**common, message=MessageContents.from_json(body, spec, where))
    common = _common(raw, spec, where, frozenset({"request", "response"}))
    request = MessageContents.from_json(raw.get("request", {}), spec, where / "request")
    responses = raw.get("response", [])
    if isinstance(responses, dict):
        responses = [responses]
    where.expect_at("response", responses, list, "a list of response messages", '[{"contents": {...}}]')
    return SyncMessage(
        **common,
        request=request,
        response=tuple(
            MessageContents.from_json(item, spec, where / "response" / i) for i, item in enumerate(responses)
        ),
    )


__all__ = [
    "INTERACTION_TYPES",
    "AsyncMessage",
    "HttpInteraction",
    "Interaction",
    "ProviderState",
    "SyncMessage",
    "parse_interaction",
]
