"""Provider states: Python handlers registered by name, or Pact's state-change protocol over HTTP.

A pact interaction names the states the provider must be in ("a user exists", with parameters from
v3 on). Before replaying it, the verifier sets each state up in order; after the response is
checked, it tears them down in reverse order. Two mechanisms:

- **Python handlers**, registered with ``@provider_state("a user exists")``. A handler is called
  with the state's parameters (as keyword arguments, or as one dict when its only parameter is named
  ``params``). A plain function may return a dict of provider-state values; a generator function
  yields them, and the code after ``yield`` is its teardown.
- **The state-change URL** (Pact's protocol, compatible with existing providers): ``POST`` of
  ``{"state": name, "params": {...}, "action": "setup" | "teardown"}``. Following the Pact
  verifiers, an interaction without states still gets one call with the empty state ``""``, and a
  JSON object answered to a setup call holds provider-state values.

Provider-state values feed the request's ``ProviderState`` generators (v3 generators spec:
"the value is taken from the provider state values ... returned by the state change callback").
"""

from __future__ import annotations

import inspect
from collections.abc import Callable, Generator
from dataclasses import field
from typing import TYPE_CHECKING, Any

from accord.errors import ProviderStateError
from accord.model._record import MutableRecord

from ._cases import ProviderState

if TYPE_CHECKING:
    from dataclasses import dataclass

    import httpx
else:  # at run time, without compiling generated methods at import (see accord.model._record)
    from accord.model._record import dataclass

StateHandler = Callable[..., Any]


@dataclass
class _Active(MutableRecord):
    """A state that was set up, and how to tear it down."""

    state: ProviderState
    teardown: Callable[[], None] | None


class StateHandlers:
    """A registry of Python provider-state handlers, by state name.

    Example:
        ```python
        states = StateHandlers()

        @states.state("a user exists")
        def user(id: int):
            db.insert(User(id))
            yield {"id": id}
            db.delete(id)
        ```
    """

    def __init__(self) -> None:
        self._handlers: dict[str, StateHandler] = {}

    def state(self, name: str) -> Callable[[StateHandler], StateHandler]:
        """Register the decorated function as the handler of provider state ``name``."""

        def register(handler: StateHandler) -> StateHandler:
            self.register(name, handler)
            return handler

        return register

    def register(self, name: str, handler: StateHandler) -> None:
        """Register ``handler`` for provider state ``name`` (replacing an earlier one)."""
        if not callable(handler):
            raise ProviderStateError(
                f"the handler given for provider state {name!r} is not callable: {handler!r}",
                hint="register a function: @provider_state('a user exists') def setup(**params): ...",
            )
        self._handlers[name] = handler

    def update(self, other: StateHandlers) -> None:
        """Add every handler of ``other``."""
        self._handlers.update(other._handlers)

    def names(self) -> list[str]:
        """The registered state names."""
        return sorted(self._handlers)

    def __contains__(self, name: object) -> bool:
        return name in self._handlers

    def __len__(self) -> int:
        return len(self._handlers)

    def get(self, name: str) -> StateHandler | None:
        """The handler of ``name``, or ``None``."""
        return self._handlers.get(name)


default_states = StateHandlers()
"""The registry ``@provider_state`` fills; ``accord verify --app`` uses it."""


def provider_state(name: str) -> Callable[[StateHandler], StateHandler]:
    """Register the decorated function as the handler of provider state ``name`` (default registry).

    The handler takes the state's parameters as keyword arguments (or one ``params`` dict), may
    return a dict of provider-state values, and may be a generator: what it yields are the values,
    the code after ``yield`` runs after the interaction was verified.
    """
    return default_states.state(name)


def _call(handler: StateHandler, state: ProviderState) -> Any:
    try:
        parameters = inspect.signature(handler).parameters
    except (TypeError, ValueError):  # builtins and some C callables have no signature
        return handler(**state.params)
    names = [p for p in parameters.values() if p.kind not in (p.VAR_POSITIONAL, p.VAR_KEYWORD)]
    if not parameters:
        return handler()
    if len(names) == 1 and names[0].name == "params" and len(parameters) == 1:
        return handler(dict(state.params))
    return handler(**state.params)


def _values(result: Any, state: ProviderState) -> dict[str, Any]:
    if result is None:
        return {}
    if isinstance(result, dict):
        return dict(result)
    raise ProviderStateError(
        f"the handler of provider state {state.name!r} returned {type(result).__name__}, not a dict",
        hint="return (or yield) a dict of provider-state values, or nothing",
    )


@dataclass
class StateRunner(MutableRecord):
    """Sets up and tears down the provider states of one interaction.

    Attributes:
        handlers: Python handlers by name.
        state_change_url: Pact's state-change endpoint, or ``None``.
        client: the HTTP client for the state-change URL.
        teardown_calls: whether the state-change URL gets teardown calls.
        warnings: where warnings about unhandled states go.
    """

    handlers: StateHandlers
    state_change_url: str | None = None
    client: httpx.Client | None = None
    teardown_calls: bool = True
    warnings: list[str] = field(default_factory=list)

    @property
    def configured(self) -> bool:
        """Whether any mechanism sets states up."""
        return bool(self.state_change_url) or len(self.handlers) > 0

    def setup(self, states: list[ProviderState]) -> tuple[dict[str, Any], list[_Active]]:
        """Set every state up, in order; return the provider-state values and what to tear down.

        Raises:
            ProviderStateError: a state has no handler (while handlers are configured), a handler
                raised, or the state-change URL failed. States already set up are torn down first.
        """
        values: dict[str, Any] = {}
        active: list[_Active] = []
        wanted = states
        if not wanted and self.state_change_url and not len(self.handlers):
            wanted = [ProviderState("")]
        for state in wanted:
            values.update(state.params)
            try:
                found, teardown = self._setup_one(state)
            except ProviderStateError:
                self.teardown(active)
                raise
            values.update(found)
            active.append(_Active(state, teardown))
        return values, active

    def teardown(self, active: list[_Active]) -> list[str]:
        """Tear the states down in reverse order; return the errors (teardown never fails a verdict)."""
        errors = []
        for entry in reversed(active):
            if entry.teardown is None:
                continue
            try:
                entry.teardown()
            except ProviderStateError as exc:
                errors.append(exc.message)
        return errors

    def _setup_one(self, state: ProviderState) -> tuple[dict[str, Any], Callable[[], None] | None]:
        handler = self.handlers.get(state.name)
        if handler is not None:
            return self._run_handler(handler, state)
        if self.state_change_url:
            return self._post(state, "setup"), (
                (lambda: self._post_teardown(state)) if self.teardown_calls else None
            )
        if len(self.handlers):
            known = ", ".join(repr(name) for name in self.handlers.names())
            raise ProviderStateError(
                f"no handler for provider state {state.name!r} (handlers exist for {known})",
                hint=f"register one: @provider_state({state.name!r}) def setup(**params): ...",
            )
        self.warnings.append(f"no provider state callback configured for provider state {state.name!r}")
        return {}, None

    def _run_handler(
        self, handler: StateHandler, state: ProviderState
    ) -> tuple[dict[str, Any], Callable[[], None] | None]:
        try:
            result = _call(handler, state)
            if inspect.isgenerator(result):
                generator: Generator[Any, Any, Any] = result
                values = _values(next(generator, None), state)
                return values, lambda: _finish(generator, state)
            return _values(result, state), None
        except ProviderStateError:
            raise
        except Exception as exc:
            raise ProviderStateError(
                f"the handler of provider state {state.name!r} raised {type(exc).__name__}: {exc}",
                hint="fix the state handler; the interaction was not replayed",
                state=state.name,
            ) from exc

    def _post(self, state: ProviderState, action: str) -> dict[str, Any]:
        assert self.state_change_url is not None and self.client is not None
        payload = {"state": state.name, "params": state.params, "action": action}
        import httpx  # noqa: PLC0415 - httpx only when a URL is used

        try:
            response = self.client.post(self.state_change_url, json=payload)
        except httpx.HTTPError as exc:
            raise ProviderStateError(
                f"State change request failed: {action} of provider state {state.name!r} at "
                f"{self.state_change_url}: {type(exc).__name__}: {exc}",
                hint="is the provider running, and does it serve the state-change URL?",
                state=state.name,
            ) from exc
        if not response.is_success:
            raise ProviderStateError(
                f"State change request failed: {action} of provider state {state.name!r} answered "
                f"{response.status_code}: {response.text[:200]}",
                hint="see the provider's log for why its state-change endpoint failed",
                state=state.name,
            )
        try:
            document = response.json() if response.content else {}
        except ValueError:
            return {}
        return document if isinstance(document, dict) else {}

    def _post_teardown(self, state: ProviderState) -> None:
        self._post(state, "teardown")


def _finish(generator: Generator[Any, Any, Any], state: ProviderState) -> None:
    try:
        next(generator)
    except StopIteration:
        return
    except Exception as exc:
        raise ProviderStateError(
            f"the teardown of provider state {state.name!r} raised {type(exc).__name__}: {exc}",
            hint="fix the code after 'yield' in the state handler",
            state=state.name,
        ) from exc
    generator.close()
    raise ProviderStateError(
        f"the handler of provider state {state.name!r} yielded more than once",
        hint="a state handler yields once: its values; the code after the yield is the teardown",
        state=state.name,
    )


__all__ = [
    "StateHandler",
    "StateHandlers",
    "StateRunner",
    "default_states",
    "provider_state",
]
