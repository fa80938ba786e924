"""Pact documents built from the shared specification cases and compatibility-suite fixtures."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

SPEC_ROOT = Path(__file__).resolve().parents[3] / "shared" / "pact-specification"
SUITE_FIXTURES = Path(__file__).resolve().parents[3] / "shared" / "pact-compatibility-suite" / "fixtures"
VERSION_STRINGS = {"v1": "1.0.0", "v1.1": "1.1.0", "v2": "2.0.0", "v3": "3.0.0", "v4": "4.0"}


def spec_cases() -> list[tuple[str, str, Path]]:
    """Every specification case file as ``(version, kind, path)``; kind is request, response or message."""
    found = []
    for path in sorted(SPEC_ROOT.glob("*/testcases/*/**/*.json")):
        relative = path.relative_to(SPEC_ROOT).parts
        found.append((relative[0], relative[2], path))
    return found


def read_case(path: Path) -> dict[str, Any]:
    """A case file's JSON (some carry a UTF-8 byte-order mark)."""
    data: dict[str, Any] = json.loads(path.read_text(encoding="utf-8-sig"))
    return data


def wrap(part: dict[str, Any], kind: str, version: str) -> dict[str, Any]:
    """A pact of ``version`` whose one interaction holds ``part`` (request, response or message)."""
    if kind == "message":
        interaction: dict[str, Any] = {"description": "a message", **part}
        if version == "v4":
            interaction["type"] = "Asynchronous/Messages"
    else:
        interaction = {
            "description": "an interaction",
            "request": part if kind == "request" else {"method": "GET", "path": "/"},
            "response": part if kind == "response" else {"status": 200},
        }
        if version == "v4":
            interaction["type"] = "Synchronous/HTTP"
    array = "messages" if kind == "message" and version != "v4" else "interactions"
    return {
        "consumer": {"name": "consumer"},
        "provider": {"name": "provider"},
        array: [interaction],
        "metadata": {"pactSpecification": {"version": VERSION_STRINGS[version]}},
    }


def case_id(case: tuple[str, str, Path]) -> str:
    """A readable test id: ``v3/request/body/array at top level``."""
    version, kind, path = case
    rest = path.relative_to(SPEC_ROOT / version / "testcases" / kind).with_suffix("")
    return f"{version}/{kind}/{rest}"
