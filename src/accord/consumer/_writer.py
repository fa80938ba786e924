"""Writing ``<consumer>-<provider>.json``: merge with what is there, under a file lock.

Several tests (and several pytest-xdist workers) add interactions to one pact file. Each write
takes an exclusive file lock (``fcntl.flock``; ``filelock`` where there is no ``fcntl``), reads
the file, merges and replaces it atomically (write to a temporary file, then ``os.replace``), so
concurrent writers never lose each other's interactions nor leave a half-written file. The lock
file lives in the system's temporary folder, named by a hash of the pact's resolved path, so the
pact folder holds nothing but pacts: a lock file cannot be removed safely after use (a waiting
process may already hold it open), so it must live where litter is harmless.

Merging: an interaction is identified by its description and provider-state names (the Pact
tools' rule; V4 adds the optional ``key``). The same identity with the same content is kept once; a
different content replaces the one from an earlier run, but two different contents for one identity
written by this process (or by the same pytest run, through ``ACCORD_PACT_RUN``) are a conflict.
"""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from accord import __version__
from accord.errors import ConfigurationError, PactFileError
from accord.model import write_atomically

_VERSIONS = {"v2": "2.0.0", "v3": "3.0.0", "v4": "4.0"}
_RUN_ENV = "ACCORD_PACT_RUN"
_written: dict[tuple[str, str], dict[str, str]] = {}
_written_lock = threading.Lock()


def lock_path(path: Path) -> Path:
    """The lock guarding writes to the pact file ``path``: one per resolved path, outside the pact folder.

    Every process on the machine that writes ``path`` (pytest-xdist workers, parallel CI jobs) computes
    the same name, so they serialise on one lock; the folder is per user, so users do not collide.
    """
    digest = hashlib.sha256(str(path.resolve()).encode("utf-8", "surrogatepass")).hexdigest()[:32]
    owner = os.getuid() if hasattr(os, "getuid") else "user"
    folder = Path(tempfile.gettempdir()) / f"accord-pact-locks-{owner}"
    folder.mkdir(mode=0o700, exist_ok=True)
    return folder / f"{digest}.lock"


_LOCK_TIMEOUT = 60.0
_LOCK_POLL = 0.05


@contextmanager
def _exclusive(lock: Path, timeout: float = _LOCK_TIMEOUT) -> Iterator[None]:
    """Hold an exclusive lock on the file ``lock`` (created if missing) for the block.

    POSIX: ``fcntl.flock`` on a descriptor of its own, polled until ``timeout`` seconds, as
    ``filelock``'s Unix lock does; ``filelock`` itself costs a consumer test process more to import
    (~100 M instructions) than the rest of Accord's consumer side, so it is used only where there
    is no ``fcntl`` (Windows). ``flock`` locks belong to the open file, so threads of one process
    exclude each other as processes do.

    Raises:
        PactFileError: when another writer holds the lock for ``timeout`` seconds.
    """
    try:
        import fcntl  # noqa: PLC0415 -- POSIX only; Windows falls back to filelock below
    except ImportError:  # pragma: no cover - Windows
        from filelock import FileLock  # noqa: PLC0415 -- heavy import, only where it is needed

        with FileLock(str(lock), timeout=timeout):
            yield
        return
    fd = os.open(lock, os.O_RDWR | os.O_CREAT, 0o644)
    try:
        deadline = time.monotonic() + timeout
        while True:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if time.monotonic() >= deadline:
                    raise PactFileError(
                        f"another process has held the pact file lock {lock} for {timeout:g} s",
                        hint="wait for the other test run to finish; if none runs, delete the lock file",
                        file=str(lock),
                    ) from None
                time.sleep(_LOCK_POLL)
        try:
            yield
        finally:
            fcntl.flock(fd, fcntl.LOCK_UN)
    finally:
        os.close(fd)


def _identity(interaction: dict[str, Any]) -> str:
    states = interaction.get("providerStates")
    names = (
        [s.get("name") for s in states] if isinstance(states, list) else [interaction.get("providerState")]
    )
    return json.dumps([interaction.get("description"), [n for n in names if n], interaction.get("key")])


def _canonical(interaction: dict[str, Any]) -> str:
    return json.dumps(interaction, sort_keys=True)


def pact_document(
    consumer: str, provider: str, interactions: list[dict[str, Any]], spec: str
) -> dict[str, Any]:
    """A whole pact document in ``spec``'s form (V3 messages go under ``messages``)."""
    is_message = [i.get("contents", None) is not None or "metaData" in i for i in interactions]
    key = "interactions"
    if spec == "v3" and interactions and all(is_message):
        key = "messages"
    elif spec == "v3" and any(is_message):
        raise ConfigurationError(
            "a V3 pact file holds either HTTP interactions or messages, not both",
            hint='write the pact with spec="v4", which mixes interaction types, or use two Pact objects',
        )
    return {
        "consumer": {"name": consumer},
        "provider": {"name": provider},
        key: interactions,
        "metadata": {"pactSpecification": {"version": _VERSIONS[spec]}, "accord": {"version": __version__}},
    }


def _existing(path: Path, spec: str) -> list[dict[str, Any]]:
    if not path.exists():
        return []
    try:
        document = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise PactFileError(
            f"the existing pact file {path} cannot be read to merge into: {exc}",
            hint="delete the file (it is regenerated by the consumer tests) and run them again",
            file=str(path),
        ) from exc
    version = str(((document.get("metadata") or {}).get("pactSpecification") or {}).get("version", ""))
    if not isinstance(document, dict) or version.partition(".")[0] != _VERSIONS[spec].partition(".")[0]:
        return []  # another spec version: this run's interactions replace the file
    found = document.get("interactions") or document.get("messages") or []
    return [item for item in found if isinstance(item, dict)]


def _merge(path: Path, old: list[dict[str, Any]], new: list[dict[str, Any]]) -> list[dict[str, Any]]:
    run = os.environ.get(_RUN_ENV, f"pid-{os.getpid()}")
    merged: dict[str, dict[str, Any]] = {_identity(item): item for item in old}
    with _written_lock:
        mine = _written.setdefault((str(path.resolve()), run), {})
        for item in new:
            identity, canonical = _identity(item), _canonical(item)
            earlier = mine.get(identity)
            if earlier is not None and earlier != canonical:
                description = item.get("description")
                raise ConfigurationError(
                    f"two different interactions named {description!r} (same provider states) "
                    f"were written to {path.name} in this test run",
                    hint="give each interaction a unique description, or make the duplicates identical",
                    file=str(path),
                    description=description,
                )
            mine[identity] = canonical
            merged[identity] = item
    return list(merged.values())


def write_pact(
    path: Path, consumer: str, provider: str, interactions: list[dict[str, Any]], spec: str
) -> Path:
    """Merge ``interactions`` into the pact file at ``path`` (created with its folder if missing).

    Raises:
        ConfigurationError: a conflicting duplicate, or V3 HTTP interactions and messages mixed.
        PactFileError: the existing file is not a readable pact, or the folder cannot be written.
    """
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise PactFileError(
            f"the pact folder {path.parent} cannot be created ({exc.strerror})",
            hint="pass a writable pact_dir (or --pact-dir) to the consumer tests",
            file=str(path),
        ) from None
    with _exclusive(lock_path(path)):
        merged = _merge(path, _existing(path, spec), interactions)
        document = pact_document(consumer, provider, merged, spec)
        return write_atomically(path, json.dumps(document, indent=2, ensure_ascii=False) + "\n")


__all__ = ["pact_document", "write_pact"]
