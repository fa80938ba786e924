"""Running a provider scenario's verification with Accord's verifier, and what came out of it.

``Verification`` is the plan the Given steps fill in; ``run`` writes the pact files, starts the
loopback provider (and the fake broker when pacts come from one), drives ``accord.provider.Verifier``
and returns an ``Outcome``: the verdict, each failure's reason in the Pact verifier's vocabulary
("Response status did not match", "Headers had differences", "Body had differences",
"Metadata had differences", "State change request failed"), what the provider and the broker saw,
the warnings and the console output.
"""

from __future__ import annotations

import json
from contextlib import ExitStack
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .._suite import Body, Definition, headers_json
from ._pacts import HttpEntry, MessageEntry, http_pact, message_pact
from ._servers import STATE_CHANGE_PATH, FakeBroker, ProviderServer, ReceivedRequest, StateCall

PROVIDER = "p"

# Mismatch kinds of accord.matching -> the reason the Pact verifiers print for them.
REASONS = {
    "status": "Response status did not match",
    "header": "Headers had differences",
    "body": "Body had differences",
    "body-type": "Body had differences",
    "metadata": "Metadata had differences",
}
STATE_FAILED = "State change request failed"


@dataclass
class Verification:
    """What a provider scenario verifies, and how."""

    spec: str
    pact_dir: Path
    provider_responses: list[Definition] = field(default_factory=list)
    produced: dict[str, tuple[Body | None, dict[str, Any]]] = field(default_factory=dict)
    local_http: dict[str, list[HttpEntry]] = field(default_factory=dict)
    broker_http: dict[str, list[HttpEntry]] = field(default_factory=dict)
    local_messages: dict[str, list[MessageEntry]] = field(default_factory=dict)
    publish: bool = False
    state_callback: str | None = None
    filter_headers: list[tuple[str, str]] = field(default_factory=list)

    def add_http(self, consumer: str, entry: HttpEntry, *, broker: bool) -> None:
        """Verify this interaction in the pact of ``consumer``."""
        (self.broker_http if broker else self.local_http).setdefault(consumer, []).append(entry)

    def add_message(self, consumer: str, entry: MessageEntry) -> None:
        """Verify this message in the pact of ``consumer``."""
        self.local_messages.setdefault(consumer, []).append(entry)

    def _spec_for(self, entries: list[HttpEntry] | list[MessageEntry]) -> str:
        # pending and comments only exist from v4 on; the V4 features are the ones that use them
        if any(entry.pending or entry.comments for entry in entries):
            return "v4"
        return self.spec

    def pact_files(self) -> list[Path]:
        """Write the local pact files and return their paths."""
        self.pact_dir.mkdir(parents=True, exist_ok=True)
        paths = []
        documents = [
            (c, http_pact(c, PROVIDER, entries, self._spec_for(entries)))
            for c, entries in self.local_http.items()
        ] + [
            (c, message_pact(c, PROVIDER, entries, self._spec_for(entries)))
            for c, entries in self.local_messages.items()
        ]
        for consumer, document in documents:
            path = self.pact_dir / f"{consumer}-{PROVIDER}.json"
            path.write_text(json.dumps(document, indent=2), encoding="utf-8")
            paths.append(path)
        return paths

    def broker_pacts(self) -> dict[str, dict[str, Any]]:
        """The pacts the fake broker serves, by consumer."""
        return {
            c: http_pact(c, PROVIDER, entries, self._spec_for(entries))
            for c, entries in self.broker_http.items()
        }


@dataclass
class Failure:
    """One reason an interaction failed."""

    interaction: str
    reason: str
    detail: str
    pending: bool


@dataclass
class Outcome:
    """What a verification run produced."""

    success: bool
    failures: list[Failure] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    output: str = ""
    received: list[ReceivedRequest] = field(default_factory=list)
    state_calls: list[StateCall] = field(default_factory=list)
    events: list[str] = field(default_factory=list)
    published: dict[str, list[dict[str, Any]]] = field(default_factory=dict)

    def has_error(self, reason: str, *, pending: bool) -> bool:
        """Whether some (pending or not) interaction failed for ``reason``."""
        return any(f.reason == reason and f.pending is pending for f in self.failures)

    def describe(self) -> str:
        """A summary for assertion messages."""
        failures = "\n".join(
            f"  {f.interaction}: {f.reason}{' (pending)' if f.pending else ''}: {f.detail}"
            for f in self.failures
        )
        return f"success={self.success}\nfailures:\n{failures or '  (none)'}\nwarnings: {self.warnings}"


def _producer(body: Body | None, metadata: dict[str, Any]) -> Any:
    def produce(*_args: Any, **_kwargs: Any) -> dict[str, Any]:
        return {
            "contents": body.data if body is not None else b"",
            "contentType": body.content_type if body is not None else None,
            "metadata": metadata,
        }

    return produce


def run(verification: Verification) -> Outcome:
    """Write the pacts, start the servers, verify with Accord and collect the outcome."""
    provider = ProviderServer(
        verification.provider_responses, state_change_fails=verification.state_callback == "fail"
    )
    broker = FakeBroker(verification.broker_pacts(), provider=PROVIDER)
    with ExitStack() as stack:
        stack.enter_context(provider.running())
        if verification.broker_http:
            stack.enter_context(broker.running())
        outcome = _verify(verification, provider, broker if verification.broker_http else None)
    outcome.received = provider.received
    outcome.state_calls = provider.state_calls
    outcome.events = provider.events
    outcome.published = broker.published
    return outcome


def _verify(verification: Verification, provider: ProviderServer, broker: FakeBroker | None) -> Outcome:
    """Drive ``accord.provider.Verifier`` for the plan."""
    from accord.errors import AccordError
    from accord.provider import Verifier

    verifier = Verifier(PROVIDER)
    if verification.provider_responses or not verification.produced:
        verifier.with_base_url(provider.url)
    for path in verification.pact_files():
        verifier.add_source(path)
    if broker is not None:
        verifier.with_broker(broker.url, publish=verification.publish, provider_version="1.0.0")
    if verification.state_callback is not None:
        verifier.with_state_change_url(provider.url + STATE_CHANGE_PATH)
    if verification.filter_headers:
        extra = headers_json(verification.filter_headers)

        def add_headers(request: Any) -> Any:
            request.headers.update(extra)
            return request

        verifier.with_request_filter(add_headers)
    for description, (body, metadata) in verification.produced.items():
        verifier.with_message(description, _producer(body, metadata))
    try:
        result = verifier.verify()
    except AccordError as error:  # a whole-run failure is a verdict too; the scenario says which
        return Outcome(success=False, failures=[Failure("(all)", "error", str(error), pending=False)])
    return _outcome(result)


def _outcome(result: Any) -> Outcome:
    """Accord's verification result in the suite's vocabulary."""
    failures: list[Failure] = []
    for interaction in result.interactions:
        pending = bool(interaction.pending)
        for mismatch in interaction.mismatches:
            reason = REASONS.get(mismatch.kind, mismatch.kind)
            failures.append(Failure(interaction.description, reason, mismatch.message, pending))
        if interaction.state_error:
            failures.append(Failure(interaction.description, STATE_FAILED, interaction.state_error, pending))
        if interaction.error:
            failures.append(Failure(interaction.description, "error", interaction.error, pending))
    return Outcome(success=bool(result.success), failures=failures, warnings=list(result.warnings))
