"""What a failed match reports: the `Mismatch` value.

A mismatch says where (``$.body.items[2].id`` for bodies, the header, query or metadata name
otherwise), what was expected, what was found, and why — the ``message`` uses the wording of the
Pact reference implementation (pact-reference's ``pact_matching``), which the Pact compatibility
suite asserts word for word, e.g. ``Expected 'dog' to include 'a'``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from accord.matching._display import compact
from accord.model._record import Record

if TYPE_CHECKING:  # checkers see the frozen dataclasses these classes behave as
    from dataclasses import dataclass
else:  # at run time, without compiling generated methods at import (see accord.model._record)
    from accord.model._record import dataclass

KINDS = frozenset({"method", "path", "query", "header", "body", "body-type", "status", "metadata"})
"""Every value `Mismatch.kind` takes."""


@dataclass(frozen=True, slots=True)
class Mismatch(Record):
    """One difference between an expected and an actual request, response or message.

    Attributes:
        kind: which part differs: method, path, query, header, body, body-type, status or metadata.
        path: ``$.body.items[2].id``-style for bodies, the header/query/metadata name otherwise,
            ``$.path`` / ``$.method`` / ``$.status`` for those parts.
        expected: the expected value (JSON-like), or ``None`` when it does not apply.
        actual: the actual value (JSON-like), or ``None`` when it was missing.
        message: the Pact tools' wording of the difference.
    """

    kind: str
    path: str
    expected: Any
    actual: Any
    message: str

    @property
    def pact_path(self) -> str:
        """The path as the Pact tools print it: body paths from ``$`` (``$.items[2].id``)."""
        if self.kind == "body" and self.path.startswith("$.body"):
            return "$" + self.path[len("$.body") :]
        return self.path

    def describe(self) -> str:
        """A sentence a person reads without the spec open: where, then what differs."""
        where = {
            "header": f"header {self.path}",
            "query": f"query parameter {self.path}",
            "metadata": f"metadata {self.path}",
        }.get(self.kind, self.path)
        detail = self.message
        if self.kind == "body" and self.expected is not None and "Expected" not in detail:
            detail = f"{detail} (expected {compact(self.expected, 120)}, got {compact(self.actual, 120)})"
        return f"{where}: {detail}"

    def __repr__(self) -> str:
        return f"Mismatch(kind={self.kind!r}, path={self.path!r}, message={self.message!r})"


__all__ = ["KINDS", "Mismatch"]
