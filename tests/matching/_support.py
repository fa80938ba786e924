"""Shared helpers for the matching tests: the compatibility-suite fixtures and request builders."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

_HERE = Path(__file__).resolve()
SHARED = next(
    (p / "shared" for p in _HERE.parents if (p / "shared" / "pact-compatibility-suite").is_dir()),
    Path("/work/shared"),
)
FIXTURES = SHARED / "pact-compatibility-suite" / "fixtures"


def fixture_json(name: str) -> Any:
    """A JSON fixture of the Pact compatibility suite."""
    return json.loads((FIXTURES / name).read_text(encoding="utf-8"))


def fixture_bytes(name: str) -> bytes:
    """A binary fixture of the Pact compatibility suite."""
    return (FIXTURES / name).read_bytes()


def request(
    body: Any = None, rules: Any = None, content_type: str = "application/json", **extra: Any
) -> dict[str, Any]:
    """A POST / request in pact-file form with a body, its content type and matching rules."""
    out: dict[str, Any] = {"method": "POST", "path": "/", "headers": {"Content-Type": content_type}, **extra}
    if body is not None:
        out["body"] = body
    if rules is not None:
        out["matchingRules"] = rules
    return out
