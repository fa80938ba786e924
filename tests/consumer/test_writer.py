"""The pact writer: merged, atomic, and a clear error when the folder cannot be written."""

from __future__ import annotations

from pathlib import Path

import pytest

from accord.consumer import write_pact
from accord.errors import PactFileError

INTERACTION = {"description": "a request", "request": {"method": "GET", "path": "/"}, "response": {"status": 200}}


def test_unwritable_pact_dir_is_a_pact_file_error(tmp_path: Path) -> None:
    """A pact_dir below a regular file gives a PactFileError naming the folder, not an OSError."""
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("x")
    with pytest.raises(PactFileError, match="not-a-folder"):
        write_pact(blocker / "pacts" / "a-b.json", "a", "b", [INTERACTION], "v3")


def test_written_file_leaves_no_temporary_behind(tmp_path: Path) -> None:
    """The file is written through a temporary that is renamed away."""
    path = write_pact(tmp_path / "a-b.json", "a", "b", [INTERACTION], "v3")
    assert path.exists()
    assert sorted(p.name for p in tmp_path.iterdir() if p.suffix == ".tmp") == []
