"""The package's layers point inward: the core never imports the outer layers."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

SRC = Path(__file__).resolve().parents[1] / "src" / "accord"

# layer -> the accord subpackages it may import (besides itself, accord.errors and accord.__init__)
ALLOWED: dict[str, set[str]] = {
    "model": set(),
    "matching": {"model"},
    "match": {"model"},
    "consumer": {"model", "matching", "match"},
    "provider": {"model", "matching", "client"},
    "client": {"model"},
    "broker": {"model", "matching"},
    "record": {"model", "matching", "consumer", "match"},
    "openapi": {"model", "matching"},
}


def _accord_imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names = [node.module]
        else:
            continue
        for name in names:
            parts = name.split(".")
            if parts[0] == "accord" and len(parts) > 1:
                found.add(parts[1])
    return found


@pytest.mark.parametrize("layer", sorted(ALLOWED))
def test_layer_imports_only_inner_layers(layer: str) -> None:
    """Each layer imports only the layers inside it (``cli`` is the only leaf that may import all)."""
    core = layer in {"model", "matching"}
    allowed = ALLOWED[layer] | {layer, "errors"} | (set() if core else {"testing"})
    bad: list[str] = []
    root = SRC / layer
    paths = sorted(root.rglob("*.py")) if root.is_dir() else [SRC / f"{layer}.py"]
    for path in paths:
        for imported in _accord_imports(path) - allowed:
            if (SRC / imported).exists() or (SRC / f"{imported}.py").exists():
                bad.append(f"{path.relative_to(SRC)} imports accord.{imported}")
    assert bad == []


def test_nothing_imports_the_cli() -> None:
    """The CLI is a leaf: no module outside ``accord.cli`` imports it."""
    bad = [
        str(path.relative_to(SRC))
        for path in SRC.rglob("*.py")
        if "cli" not in path.relative_to(SRC).parts[:1]
        and path.name != "__main__.py"
        and "cli" in _accord_imports(path)
    ]
    assert bad == []
