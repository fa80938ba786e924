"""What the verifier replays: each interaction of a pact, as a ``Case`` with its consumer, states and kind.

The pact document itself stays in its pact-file JSON form (the form ``accord.matching`` takes);
this module only walks it. Pact files name their parts differently by version, and the walk follows
the specification of each:

- v1/v2: ``interactions[]`` with one ``providerState`` string.
- v3: ``interactions[]`` (HTTP) or ``messages[]`` (asynchronous messages), each with
  ``providerStates: [{"name", "params"}]``.
- v4: ``interactions[]`` with ``type`` ``Synchronous/HTTP``, ``Asynchronous/Messages`` or
  ``Synchronous/Messages``, ``pending`` and ``comments`` ("V4 interactions may be marked pending";
  "comments: text comments and the original test name").
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from accord.errors import PactFileError

HTTP = "http"
MESSAGE = "message"
SYNC_MESSAGE = "sync-message"

_V4_KINDS = {
    "synchronous/http": HTTP,
    "asynchronous/messages": MESSAGE,
    "synchronous/messages": SYNC_MESSAGE,
}


@dataclass(frozen=True)
class ProviderState:
    """A provider state an interaction needs, with its parameters (v3+)."""

    name: str
    params: dict[str, Any] = field(default_factory=dict)


@dataclass
class Case:
    """One interaction to verify, and where it came from.

    Attributes:
        consumer: the consumer's name.
        description: the interaction's description.
        kind: ``http``, ``message`` or ``sync-message``.
        states: the provider states it needs, in order.
        interaction: the interaction's pact-file JSON.
        spec: the pact's specification version (``v1`` ... ``v4``).
        pending: failures are reported but do not fail the verification.
        comments: v4 comments (``text`` list, ``testname``).
        interaction_id: the ``_id`` (broker) or ``key`` (v4) of the interaction, when present.
    """

    consumer: str
    description: str
    kind: str
    states: list[ProviderState]
    interaction: dict[str, Any]
    spec: str
    pending: bool = False
    comments: dict[str, Any] = field(default_factory=dict)
    interaction_id: str | None = None


@dataclass
class PactDocument:
    """A pact to verify, with what the source knew about it (broker links, pending status).

    Attributes:
        document: the pact-file JSON.
        source: a file path, URL or broker description, for messages.
        pending: the broker reported the pact pending (all its failures are pending).
        links: the broker's ``_links`` on the pact (``pb:publish-verification-results``, ``pb:provider``).
        notices: the broker's notices about why the pact was selected.
    """

    document: dict[str, Any]
    source: str
    pending: bool = False
    links: dict[str, Any] = field(default_factory=dict)
    notices: list[str] = field(default_factory=list)

    @property
    def consumer(self) -> str:
        """The consumer's name from the pact."""
        return str((self.document.get("consumer") or {}).get("name") or "")

    @property
    def provider(self) -> str:
        """The provider's name from the pact."""
        return str((self.document.get("provider") or {}).get("name") or "")

    @property
    def spec(self) -> str:
        """The specification version, ``v1`` ... ``v4`` (``v3`` when the pact does not say)."""
        return spec_of(self.document)

    def cases(self) -> list[Case]:
        """Every interaction of the pact, in file order."""
        return cases_of(self)


def spec_of(document: dict[str, Any]) -> str:
    """The pact specification version a document declares.

    Pact files carry it in ``metadata.pactSpecification.version`` (v2+), ``metadata.pact-specification``
    (some v1 writers) or ``metadata.pactSpecificationVersion`` (v1.1 writers).
    """
    metadata = document.get("metadata") or {}
    raw: Any = None
    for key in ("pactSpecification", "pact-specification"):
        entry = metadata.get(key)
        if isinstance(entry, dict) and entry.get("version"):
            raw = entry["version"]
            break
    if raw is None:
        raw = metadata.get("pactSpecificationVersion")
    if raw is None:
        return "v3"
    text = str(raw).strip().lstrip("vV")
    if text.startswith("1.1"):
        return "v1.1"
    major = text.split(".")[0]
    if major in {"1", "2", "3", "4"}:
        return "v" + major
    raise PactFileError(
        f"the pact declares specification version {raw!r}, which Accord does not know",
        hint="Accord reads pact specification versions 1, 1.1, 2, 3 and 4",
    )


def _states(interaction: dict[str, Any]) -> list[ProviderState]:
    states = interaction.get("providerStates")
    if isinstance(states, list):
        out = []
        for state in states:
            if isinstance(state, dict):
                out.append(ProviderState(str(state.get("name", "")), dict(state.get("params") or {})))
            else:
                out.append(ProviderState(str(state)))
        return out
    single = interaction.get("providerState") or interaction.get("provider_state")
    return [ProviderState(str(single))] if single else []


def _kind(interaction: dict[str, Any], spec: str, in_messages: bool) -> str:
    if in_messages:
        return MESSAGE
    declared = interaction.get("type")
    if spec == "v4" and isinstance(declared, str):
        kind = _V4_KINDS.get(declared.lower())
        if kind is None:
            raise PactFileError(
                f"interaction {interaction.get('description')!r} has the unknown type {declared!r}",
                hint="v4 interactions are Synchronous/HTTP, Asynchronous/Messages or Synchronous/Messages",
            )
        return kind
    if "request" not in interaction and ("contents" in interaction or "metadata" in interaction):
        return MESSAGE
    return HTTP


def cases_of(pact: PactDocument) -> list[Case]:
    """Walk a pact's interactions (and v3 ``messages``) into cases.

    Raises:
        PactFileError: the document has no interactions list, or one is not an object.
    """
    document, spec = pact.document, pact.spec
    lists: list[tuple[list[Any], bool]] = []
    for key, in_messages in (("interactions", False), ("messages", True)):
        value = document.get(key)
        if value is None:
            continue
        if not isinstance(value, list):
            raise PactFileError(
                f"the pact from {pact.source} has a {key!r} that is not a list",
                hint="a pact file holds its interactions in a JSON array",
            )
        lists.append((value, in_messages))
    if not lists:
        raise PactFileError(
            f"the pact from {pact.source} has no 'interactions' (or 'messages') list",
            hint="is this a pact file? Pact files have consumer, provider, interactions and metadata",
        )
    cases = []
    for items, in_messages in lists:
        for index, interaction in enumerate(items):
            if not isinstance(interaction, dict):
                raise PactFileError(
                    f"interaction #{index + 1} of the pact from {pact.source} is not a JSON object",
                    hint="each interaction is an object with a description, a request and a response",
                )
            comments = interaction.get("comments") if isinstance(interaction.get("comments"), dict) else {}
            ident = interaction.get("_id") or interaction.get("key")
            cases.append(
                Case(
                    consumer=pact.consumer,
                    description=str(interaction.get("description", "")),
                    kind=_kind(interaction, spec, in_messages),
                    states=_states(interaction),
                    interaction=interaction,
                    spec=spec,
                    pending=pact.pending or bool(interaction.get("pending")),
                    comments=dict(comments or {}),
                    interaction_id=str(ident) if ident is not None else None,
                )
            )
    return cases


__all__ = ["HTTP", "MESSAGE", "SYNC_MESSAGE", "Case", "PactDocument", "ProviderState", "cases_of", "spec_of"]
