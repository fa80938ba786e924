"""What the verifier replays: each interaction of a pact, as a ``Case`` with its consumer, states and kind.

Pacts are read by ``accord.model.load_pact``; each interaction is kept in the pact-file JSON form
of its version (``interaction.to_json(spec)``, the form ``accord.matching`` takes). The model
reads the parts each version names differently:

- v1/v2: ``interactions[]`` with one ``providerState`` string.
- v3: ``interactions[]`` (HTTP) or ``messages[]`` (asynchronous messages), each with
  ``providerStates: [{"name", "params"}]``.
- v4: ``interactions[]`` with ``type`` ``Synchronous/HTTP``, ``Asynchronous/Messages`` or
  ``Synchronous/Messages``, ``pending`` and ``comments`` ("V4 interactions may be marked pending";
  "comments: text comments and the original test name").
"""

from __future__ import annotations

from dataclasses import field
from typing import TYPE_CHECKING, Any

from accord.errors import PactFileError
from accord.model import AsyncMessage, HttpInteraction, Interaction, SyncMessage, load_pact
from accord.model._record import MutableRecord, Record

if TYPE_CHECKING:  # checkers see the dataclasses these classes behave as
    from dataclasses import dataclass
else:  # at run time, without compiling generated methods at import (see accord.model._record)
    from accord.model._record import dataclass

HTTP = "http"
MESSAGE = "message"
SYNC_MESSAGE = "sync-message"


@dataclass(frozen=True)
class ProviderState(Record):
    """A provider state an interaction needs, with its parameters (v3+)."""

    name: str
    params: dict[str, Any] = field(default_factory=dict)


@dataclass
class Case(MutableRecord):
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
class PactDocument(MutableRecord):
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

    def cases(self) -> list[Case]:
        """Every interaction of the pact, in file order."""
        return cases_of(self)


def _kind(interaction: Interaction) -> str:
    if isinstance(interaction, HttpInteraction):
        return HTTP
    if isinstance(interaction, SyncMessage):
        return SYNC_MESSAGE
    if isinstance(interaction, AsyncMessage):
        return MESSAGE
    raise PactFileError(
        f"interaction {interaction.description!r} is a {type(interaction).__name__}, which Accord "
        "cannot verify",
        hint="Accord verifies HTTP interactions and asynchronous and synchronous messages",
    )


def cases_of(pact: PactDocument) -> list[Case]:
    """The pact's interactions (and v3 ``messages``), read by ``accord.model.load_pact``, in file order.

    The pact is read with ``strict=False``: a matching rule the engine rejects fails only its own
    interaction (the engine reports it), as the Pact verifiers do, rather than the whole pact.

    Raises:
        PactFileError: the document is not a pact (the model names the JSON path and the fix).
    """
    try:
        model = load_pact(pact.document, strict=False)
    except PactFileError as exc:  # the model names a dict "pact": name where it came from
        message = exc.message.removeprefix("pact: ")
        raise PactFileError(f"{pact.source}: {message}", hint=exc.hint) from exc
    spec = str(model.spec)
    cases = []
    for interaction in model.interactions:
        ident = interaction.extra.get("_id") or interaction.key
        cases.append(
            Case(
                consumer=model.consumer_name,
                description=interaction.description,
                kind=_kind(interaction),
                states=[ProviderState(s.name, dict(s.params or {})) for s in interaction.provider_states],
                interaction=interaction.to_json(model.spec),
                spec=spec,
                pending=pact.pending or bool(interaction.pending),
                comments=dict(interaction.comments or {}),
                interaction_id=str(ident) if ident is not None else None,
            )
        )
    return cases


__all__ = ["HTTP", "MESSAGE", "SYNC_MESSAGE", "Case", "PactDocument", "ProviderState", "cases_of"]
