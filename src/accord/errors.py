"""Every error Accord raises on purpose, in one tree.

```
AccordError                      base: carries a message, a hint and an exit code
├── PactFileError                a pact file (or pact JSON) cannot be read or validated
│   └── MatcherError             a matching rule or generator is unknown, invalid or not allowed by the spec
├── MismatchError                an interaction did not match (mock server, verifier): a numbered report
├── ConfigurationError           a flag, an environment variable or a setting is missing or contradictory
├── ProviderError                the provider under verification could not be reached or answered nonsense
│   └── ProviderStateError       a provider state has no handler, or its handler raised
├── BrokerError                  the broker answered with an error, or could not be reached
│   ├── BrokerUnreachableError   connection refused, DNS failure, timeout
│   └── BrokerAuthError          401/403 from the broker
└── StorageError                 the broker's database failed or holds something inconsistent
```

User-caused errors present themselves: the CLI catches `AccordError` once and prints
``Error: <message>`` and, when present, ``Hint: <hint>``, then exits with ``exit_code``.
"""

from __future__ import annotations

from typing import Any


class AccordError(Exception):
    """Base of every deliberate Accord error.

    Attributes:
        message: one sentence naming the thing and the bad value.
        hint: how to fix it, or ``None``.
        exit_code: what the CLI exits with when this error reaches it.
        context: extra facts (file, interaction, request) for programs.
    """

    exit_code: int = 2

    def __init__(
        self,
        message: str,
        *,
        hint: str | None = None,
        exit_code: int | None = None,
        **context: Any,
    ) -> None:
        super().__init__(message)
        self.message = message
        self.hint = hint
        if exit_code is not None:
            self.exit_code = exit_code
        self.context = context

    def __str__(self) -> str:
        return self.message if self.hint is None else f"{self.message}\nHint: {self.hint}"


class PactFileError(AccordError):
    """Raised when a pact file (or pact JSON) cannot be read, parsed or validated."""


class MatcherError(PactFileError):
    """Raised when a matching rule or generator is unknown, invalid, or newer than the pact's spec."""


class MismatchError(AccordError):
    """Raised at a boundary (mock server exit, verifier) when interactions did not match."""

    exit_code = 1


class ConfigurationError(AccordError):
    """Raised when a flag, an environment variable or a setting is missing or contradictory."""


class ProviderError(AccordError):
    """Raised when the provider under verification cannot be reached or answers nonsense."""


class ProviderStateError(ProviderError):
    """Raised when a provider state has no handler or its handler raised."""


class BrokerError(AccordError):
    """Raised when the broker answers with an error."""


class BrokerUnreachableError(BrokerError):
    """Raised when the broker cannot be reached (refused, DNS, timeout)."""


class BrokerAuthError(BrokerError):
    """Raised when the broker answers 401 or 403."""


class StorageError(AccordError):
    """Raised when the broker's database fails or holds something inconsistent."""


__all__ = [
    "AccordError",
    "BrokerAuthError",
    "BrokerError",
    "BrokerUnreachableError",
    "ConfigurationError",
    "MatcherError",
    "MismatchError",
    "PactFileError",
    "ProviderError",
    "ProviderStateError",
    "StorageError",
]
