"""Shared helpers for consumer tests: a pact in a temporary folder."""

from __future__ import annotations

from pathlib import Path

import pytest

from accord.consumer import Pact


@pytest.fixture
def new_pact(tmp_path: Path) -> Pact:
    """A V4 pact between ``web`` and ``users`` writing into a temporary folder."""
    return Pact("web", "users", pact_dir=tmp_path)
