"""``Pact``: the consumer DSL's entry point — define interactions, serve them, write the pact file.

A consumer test reads like this::

    pact = Pact("web", "users-api", pact_dir="pacts")
    (pact.given("user 1 exists", id=1).upon_receiving("a request for user 1")
         .with_request("GET", "/users/1")
         .will_respond_with(200, body={"id": match.integer(1), "name": match.string("Alice")}))
    with pact.serve() as mock:
        assert fetch_user(mock.url, 1).name == "Alice"

``serve()`` starts a mock server for the interactions defined since the last ``serve()``; when the
block ends without an exception and every interaction was received and matched, the interactions are
merged into ``<pact_dir>/<consumer>-<provider>.json``. Otherwise nothing is written and a
``MismatchError`` carries a numbered report. Messages are verified with ``verify(handler)``.
"""

from __future__ import annotations

import inspect
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from accord.errors import ConfigurationError, MismatchError

from ._interactions import AsyncMessage, HttpInteraction, Interaction, SyncMessage
from ._messages import ReceivedMessage, reify_message
from ._mock_server import MockServer
from ._writer import pact_document, write_pact

SPECS = ("v2", "v3", "v4")
_HINT = (
    "make the code under test send exactly the requests the pact describes, "
    "or change the interactions to what the consumer really sends"
)


def _spec(spec: str) -> str:
    normal = str(spec).lower().strip()
    normal = {"2": "v2", "3": "v3", "4": "v4", "2.0.0": "v2", "3.0.0": "v3", "4.0": "v4"}.get(normal, normal)
    if normal not in SPECS:
        raise ConfigurationError(
            f"Pact specification {spec!r} is not one Accord writes",
            hint='use spec="v4" (the default), "v3" or "v2"',
        )
    return normal


class Pact:
    """The contract between one consumer and one provider, built by a consumer test.

    Args:
        consumer: the consumer's name (the application that sends requests or receives messages).
        provider: the provider's name.
        pact_dir: where ``<consumer>-<provider>.json`` is written (created if missing).
        spec: "v4" (default), "v3" or "v2".
    """

    def __init__(
        self, consumer: str, provider: str, *, pact_dir: str | Path = "pacts", spec: str = "v4"
    ) -> None:
        for role, name in (("consumer", consumer), ("provider", provider)):
            if not isinstance(name, str) or not name.strip():
                raise ConfigurationError(
                    f"the {role} name is empty", hint=f"pass the {role} application's name"
                )
        self.consumer = consumer
        self.provider = provider
        self.pact_dir = Path(pact_dir)
        self.spec = _spec(spec)
        self._pending: list[Interaction] = []
        self._verified: list[Interaction] = []

    @property
    def pact_file(self) -> Path:
        """The path of the pact file this pact writes."""
        return self.pact_dir / f"{self.consumer}-{self.provider}.json"

    # -- defining interactions ----------------------------------------------------------------

    def _new(self, interaction: Any) -> Any:
        self._pending.append(interaction)
        return interaction

    def given(self, state: str, params: dict[str, Any] | None = None, **kwargs: Any) -> HttpInteraction:
        """Start an HTTP interaction with a provider state (``given("user exists", id=1)``)."""
        interaction: HttpInteraction = self._new(HttpInteraction())
        return interaction.given(state, params, **kwargs)

    def upon_receiving(self, description: str) -> HttpInteraction:
        """Start an HTTP interaction with its description."""
        interaction: HttpInteraction = self._new(HttpInteraction(description))
        return interaction

    def expects_to_receive(self, description: str) -> AsyncMessage:
        """Start an asynchronous message the consumer expects to receive."""
        message: AsyncMessage = self._new(AsyncMessage(description))
        return message

    def sync_message(self, description: str) -> SyncMessage:
        """Start a V4 synchronous message (a request message answered by response messages)."""
        message: SyncMessage = self._new(SyncMessage(description))
        return message

    def add(self, interaction: Interaction) -> Interaction:
        """Add an interaction built separately (``HttpInteraction``, ``AsyncMessage``, ``SyncMessage``)."""
        self._pending.append(interaction)
        return interaction

    @property
    def interactions(self) -> list[Interaction]:
        """Interactions defined and not yet served or verified."""
        return list(self._pending)

    # -- HTTP --------------------------------------------------------------------------------

    @contextmanager
    def serve(self, *, port: int = 0, cors: bool = False, write: bool = True) -> Iterator[MockServer]:
        """Serve the pending HTTP interactions on 127.0.0.1; verify and write the pact on exit.

        Args:
            port: 0 (default) for an ephemeral port.
            cors: answer CORS pre-flight requests.
            write: write the pact file when everything matched (default).

        Raises:
            MismatchError: on exit, when a request was unexpected or did not match, or an expected
                interaction never arrived (the pact file is not written then).
        """
        http = [i for i in self._pending if isinstance(i, HttpInteraction)]
        if not http:
            raise ConfigurationError(
                "serve() found no HTTP interaction to serve",
                hint="define one first: pact.upon_receiving(...).with_request(...).will_respond_with(...)",
            )
        self._pending = [i for i in self._pending if not isinstance(i, HttpInteraction)]
        documents = [interaction.to_json(self.spec) for interaction in http]
        server = MockServer(documents, self.spec, port=port, cors=cors).start()
        try:
            yield server
        except Exception as exc:
            server.close()
            # a request that went wrong probably made the test fail: say so; missing ones are moot
            if all(problem.kind == "missing-request" for problem in server.problems()):
                raise
            report = server.report() or ""
            raise MismatchError(report, hint=_HINT, problems=server.problems()) from exc
        finally:
            server.close()
        server.verify()
        self._verified.extend(http)
        if write:
            self.write_file(http)

    # -- messages ----------------------------------------------------------------------------

    def verify(self, handler: Callable[..., Any], *, write: bool = True) -> list[Any]:
        """Pass each pending message, reified, to the consumer's ``handler``; write the pact if all pass.

        An asynchronous message calls ``handler(contents, metadata)`` (or ``handler(message)`` for a
        one-parameter handler, with a ``ReceivedMessage``); a synchronous message calls
        ``handler(request, responses)`` with ``ReceivedMessage`` values.

        Returns:
            what the handler returned, per message.

        Raises:
            MismatchError: the handler raised (the pact file is not written then).
        """
        messages = [i for i in self._pending if isinstance(i, AsyncMessage | SyncMessage)]
        if not messages:
            raise ConfigurationError(
                "verify() found no message to verify",
                hint="define one first: pact.expects_to_receive('...').with_content({...})",
            )
        self._pending = [i for i in self._pending if not isinstance(i, AsyncMessage | SyncMessage)]
        results = [_call_handler(handler, message, self.spec) for message in messages]
        self._verified.extend(messages)
        if write:
            self.write_file(messages)
        return results

    # -- pact files --------------------------------------------------------------------------

    def to_json(self, interactions: Sequence[Interaction] | None = None) -> dict[str, Any]:
        """The pact document (consumer, provider, interactions or messages, metadata) in this spec."""
        chosen = self._verified if interactions is None else interactions
        documents = [interaction.to_json(self.spec) for interaction in chosen]
        return pact_document(self.consumer, self.provider, documents, self.spec)

    def write_file(self, interactions: Sequence[Interaction] | None = None) -> Path:
        """Merge interactions (default: every one verified so far) into the pact file; return its path."""
        chosen = self._verified if interactions is None else interactions
        documents = [interaction.to_json(self.spec) for interaction in chosen]
        return write_pact(self.pact_file, self.consumer, self.provider, documents, self.spec)


def _call_handler(handler: Callable[..., Any], message: AsyncMessage | SyncMessage, spec: str) -> Any:
    document = message.to_json(spec)
    try:
        if isinstance(message, SyncMessage):
            request, responses = reify_message(document, spec)
            return handler(request, responses)
        received, _ = reify_message(document, spec)
        if _arity(handler) == 1:
            return handler(received)
        return handler(received.contents, received.metadata)
    except Exception as exc:
        raise MismatchError(
            f"the consumer's handler failed on the message {message.description!r}: {exc}",
            hint="the handler must accept the message as the pact describes it; "
            "fix the handler or the message",
            description=message.description,
            cause=exc,
        ) from exc


def _arity(handler: Callable[..., Any]) -> int:
    try:
        parameters = inspect.signature(handler).parameters.values()
    except (TypeError, ValueError):
        return 2
    positional = [p for p in parameters if p.kind in (p.POSITIONAL_ONLY, p.POSITIONAL_OR_KEYWORD)]
    if any(p.kind == p.VAR_POSITIONAL for p in parameters):
        return 2
    return len(positional)


__all__ = ["Pact", "ReceivedMessage"]
