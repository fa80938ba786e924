"""The pact writer: merged, atomic, no litter, and a clear error when the folder cannot be written."""

from __future__ import annotations

import json
from concurrent.futures import ProcessPoolExecutor, ThreadPoolExecutor
from pathlib import Path

import pytest

from accord.consumer import write_pact
from accord.consumer._writer import _exclusive, lock_path
from accord.errors import ConfigurationError, PactFileError

INTERACTION = {
    "description": "a request",
    "request": {"method": "GET", "path": "/"},
    "response": {"status": 200},
}


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


def _write_one(args: tuple[str, int]) -> None:
    folder, index = args
    interaction = {**INTERACTION, "description": f"request {index}"}
    write_pact(Path(folder) / "a-b.json", "a", "b", [interaction], "v3")


def test_concurrent_writes_keep_everything_and_leave_only_the_pact(tmp_path: Path) -> None:
    """Processes writing one pact at once (pytest-xdist) lose nothing and leave no lock file beside it."""
    with ProcessPoolExecutor(4) as pool:
        list(pool.map(_write_one, [(str(tmp_path), i) for i in range(12)]))
    document = json.loads((tmp_path / "a-b.json").read_text())
    assert sorted(i["description"] for i in document["interactions"]) == sorted(
        f"request {i}" for i in range(12)
    )
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a-b.json"]


def test_concurrent_writes_from_threads_keep_everything(tmp_path: Path) -> None:
    """Threads of one process writing one pact exclude each other as processes do (flock per open file)."""
    with ThreadPoolExecutor(4) as pool:
        list(pool.map(_write_one, [(str(tmp_path), i) for i in range(12)]))
    document = json.loads((tmp_path / "a-b.json").read_text())
    assert len(document["interactions"]) == 12


def test_a_lock_held_too_long_is_a_pact_file_error(tmp_path: Path) -> None:
    """Waiting past the timeout for another writer's lock raises PactFileError naming the lock file."""
    lock = tmp_path / "x.lock"
    with _exclusive(lock), ThreadPoolExecutor(1) as pool, pytest.raises(PactFileError, match=r"x\.lock"):
        pool.submit(_hold, lock).result()
    with _exclusive(lock, timeout=0.1):  # released: free again
        pass


def _hold(lock: Path) -> None:
    with _exclusive(lock, timeout=0.1):
        pass


def test_one_lock_per_pact_file_whatever_its_spelling(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A relative and an absolute spelling of one pact share a lock; another pact has its own, elsewhere."""
    monkeypatch.chdir(tmp_path)
    (tmp_path / "pacts").mkdir()
    absolute = lock_path(tmp_path / "pacts" / "a-b.json")
    assert lock_path(Path("pacts/../pacts/a-b.json")) == absolute
    assert lock_path(tmp_path / "pacts" / "a-c.json") != absolute
    assert tmp_path not in absolute.parents


def test_a_failed_merge_leaves_the_existing_pact_untouched(tmp_path: Path) -> None:
    """A conflicting duplicate or an unreadable existing file raises; the file on disk stays as it was."""
    path = write_pact(tmp_path / "a-b.json", "a", "b", [INTERACTION], "v3")
    before = path.read_bytes()
    with pytest.raises(ConfigurationError, match="two different interactions"):
        write_pact(path, "a", "b", [{**INTERACTION, "response": {"status": 500}}], "v3")
    assert path.read_bytes() == before
    path.write_text("{not json")
    with pytest.raises(PactFileError, match="cannot be read to merge into"):
        write_pact(path, "a", "b", [INTERACTION], "v3")
    assert path.read_text() == "{not json"
