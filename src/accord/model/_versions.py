"""Specification versions, and reading pact JSON safely from a path, text, bytes or a dict.

Pact specification, metadata: "``metadata.pactSpecification.version``: ``"1.0.0"``, ``"1.1.0"``,
``"2.0.0"``, ``"3.0.0"`` or ``"4.0"`` (required in v4)". Older writers spell the key
``pact-specification`` (PactNet) or ``pactSpecificationVersion`` (pact-jvm 2.x); all three are read.

Reading never crashes on hostile input: invalid UTF-8 or JSON, a document nested deeper than
`MAX_DEPTH` levels (Python's ``json`` would raise ``RecursionError``) or a file larger than
``max_bytes`` raise `PactFileError` naming the file, where the problem is and how to fix it.
"""

from __future__ import annotations

import enum
import json
import os
from collections.abc import Mapping
from itertools import chain, compress
from pathlib import Path
from typing import Any

from accord.errors import PactFileError

MAX_DEPTH = 500
"""The deepest nesting of objects and arrays a pact may hold."""

DEFAULT_MAX_BYTES = 32 * 1024 * 1024
"""The largest pact file read by default (32 MiB); `load_pact` takes ``max_bytes`` to change it."""


class SpecVersion(enum.IntEnum):
    """A Pact specification version, ordered (``SpecVersion.V2 < SpecVersion.V3``).

    ``str(version)`` is the short label the matching functions take (``"v1.1"``, ``"v3"``).
    """

    V1 = 10
    V1_1 = 11
    V2 = 20
    V3 = 30
    V4 = 40

    @property
    def label(self) -> str:
        """``"v1"``, ``"v1.1"``, ``"v2"``, ``"v3"`` or ``"v4"``."""
        return {10: "v1", 11: "v1.1", 20: "v2", 30: "v3", 40: "v4"}[self.value]

    @property
    def version_string(self) -> str:
        """The string written in ``metadata.pactSpecification.version``."""
        return {10: "1.0.0", 11: "1.1.0", 20: "2.0.0", 30: "3.0.0", 40: "4.0"}[self.value]

    def __str__(self) -> str:
        return self.label

    @classmethod
    def parse(cls, value: Any) -> SpecVersion:
        """Read ``"v3"``, ``"3"``, ``"3.0.0"``, ``"V4"``, ``"1.1"`` or a `SpecVersion`.

        Raises:
            PactFileError: when the value names no version Accord knows.
        """
        if isinstance(value, SpecVersion):
            return value
        text = str(value).strip().lower().removeprefix("v")
        parts = text.split(".")
        if not parts[0].isdigit() or not all(part.isdigit() for part in parts):
            raise _unknown(value)
        major = int(parts[0])
        minor = int(parts[1]) if len(parts) > 1 else 0
        if major == 1:
            return cls.V1_1 if minor >= 1 else cls.V1
        found = {2: cls.V2, 3: cls.V3, 4: cls.V4}.get(major)
        if found is None:
            raise _unknown(value)
        return found


def _unknown(value: Any) -> PactFileError:
    return PactFileError(
        f"Unknown Pact specification version {value!r}.",
        hint="Use one of v1, v1.1, v2, v3 or v4 (in a file: metadata.pactSpecification.version, "
        'e.g. "3.0.0").',
    )


def declared_version(metadata: Any) -> tuple[SpecVersion | None, str | None]:
    """The version a pact's metadata declares, and the key it is under (``None`` when absent)."""
    if not isinstance(metadata, Mapping):
        return None, None
    for key in ("pactSpecification", "pact-specification", "pactSpecificationVersion"):
        entry = metadata.get(key)
        if isinstance(entry, Mapping):
            entry = entry.get("version")
        if entry is not None:
            return SpecVersion.parse(entry), key
    return None, None


def infer_version(document: Mapping[str, Any]) -> SpecVersion:
    """The version a pact without declared version is written in, judged by its content.

    Typed interactions mean v4; ``messages``, ``providerStates``, a query object, generators or
    categorised rules mean v3; flat ``$.``-rules mean v2; anything else is read as v3, as the Rust
    reference does when the version is missing.
    """
    interactions = document.get("interactions")
    items = interactions if isinstance(interactions, list) else []
    if any(isinstance(i, Mapping) and "type" in i for i in items):
        return SpecVersion.V4
    if document.get("messages"):
        return SpecVersion.V3
    flat = False
    for item in items:
        if not isinstance(item, Mapping):
            continue
        if "providerStates" in item:
            return SpecVersion.V3
        for part in (item.get("request"), item.get("response")):
            if not isinstance(part, Mapping):
                continue
            if isinstance(part.get("query"), Mapping) or "generators" in part:
                return SpecVersion.V3
            rules = part.get("matchingRules")
            if isinstance(rules, Mapping) and rules:
                if all(str(key).startswith("$") for key in rules):
                    flat = True
                else:
                    return SpecVersion.V3
    return SpecVersion.V2 if flat else SpecVersion.V3


def check_depth(document: Any, name: str, limit: int = MAX_DEPTH) -> None:
    """Refuse documents nested deeper than ``limit`` (walked iteratively, never recursively).

    Raises:
        PactFileError: naming the JSON path where the limit is passed.
    """
    # One level at a time, every step in C (chain, map, compress) but one per container: the
    # check runs on every pact read, so it must cost little next to parsing it.
    level: list[Any] = [document]
    depth = 0
    while level:
        if depth >= limit and any(level):  # a non-empty container this deep
            where = _path_to_depth(document, 8)
            raise PactFileError(
                f"{name}: the JSON is nested more than {limit} levels deep (at {where}...).",
                hint="Pact bodies this deep are not supported; flatten the example or cut it down.",
                file=name,
                path=where,
            )
        children = list(chain.from_iterable([n.values() if isinstance(n, dict) else n for n in level]))
        types = list(map(type, children))
        if _JSON_TYPES.issuperset(types):
            level = list(compress(children, map(_CONTAINERS.__contains__, types)))
        else:  # subclasses of dict or list (e.g. OrderedDict), passed in by callers
            level = [child for child in children if isinstance(child, dict | list)]
        depth += 1


_CONTAINERS = frozenset({dict, list})
_JSON_TYPES = frozenset({dict, list, str, int, float, bool, type(None)})


def _deepest(node: Any, limit: int) -> int:
    """How deep ``node`` nests, counting no further than ``limit`` (iteratively)."""
    deepest = 0
    stack: list[tuple[Any, int]] = [(node, 0)]
    while stack and deepest < limit:
        item, depth = stack.pop()
        deepest = max(deepest, depth)
        if isinstance(item, dict | list) and item:
            children = item.values() if isinstance(item, dict) else item
            stack.extend((child, depth + 1) for child in children if isinstance(child, dict | list))
    return deepest


def _path_to_depth(document: Any, levels: int) -> str:
    """The path of the first ``levels`` steps towards the deepest branch of ``document``."""
    path, node = "$", document
    for _ in range(levels):
        if not isinstance(node, dict | list) or not node:
            break
        pairs = list(node.items()) if isinstance(node, dict) else list(enumerate(node))
        key, node = max(pairs, key=lambda pair: _deepest(pair[1], 10_000))
        path += f"[{key}]" if isinstance(key, int) else f".{key}"
    return path


def _parse_text(text: str, name: str) -> Any:
    try:
        return json.loads(text)
    except RecursionError:
        raise PactFileError(
            f"{name}: the JSON is nested too deeply to read.",
            hint=f"Pact documents may nest at most {MAX_DEPTH} levels; flatten the example body.",
            file=name,
        ) from None
    except json.JSONDecodeError as exc:
        raise PactFileError(
            f"{name}: not valid JSON: {exc.msg} at line {exc.lineno}, column {exc.colno}.",
            hint="Fix the JSON syntax there (a pact file is one JSON object).",
            file=name,
            line=exc.lineno,
            column=exc.colno,
        ) from None


def _decode(data: bytes, name: str) -> str:
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise PactFileError(
            f"{name}: not UTF-8 text (byte {exc.start} is {data[exc.start : exc.start + 1]!r}).",
            hint="Pact files are JSON in UTF-8; re-save the file as UTF-8.",
            file=name,
        ) from None


def _too_big(name: str, size: int, max_bytes: int) -> PactFileError:
    return PactFileError(
        f"{name}: the pact is {size:,} bytes, more than the limit of {max_bytes:,} bytes.",
        hint="Cut the example bodies down, or load it with load_pact(..., max_bytes=<a larger limit>).",
        file=name,
        size=size,
    )


def read_document(source: Any, max_bytes: int | None = DEFAULT_MAX_BYTES) -> tuple[Any, str]:
    """The JSON document of a pact source, and a name for it in messages.

    Args:
        source: a path (``str`` or ``os.PathLike``), JSON text (a ``str`` starting with ``{``),
            ``bytes``, or an already-parsed mapping.
        max_bytes: the largest text read (``None`` for no limit).

    Raises:
        PactFileError: when the file is missing or unreadable, too large, not UTF-8, not JSON or
            nested too deeply.
    """
    if isinstance(source, Mapping):
        name = "pact"
        document: Any = source
    elif isinstance(source, bytes | bytearray):
        name = "pact JSON"
        if max_bytes is not None and len(source) > max_bytes:
            raise _too_big(name, len(source), max_bytes)
        document = _parse_text(_decode(bytes(source), name), name)
    elif isinstance(source, str) and source.lstrip()[:1] in ("{", "["):
        name = "pact JSON"
        if max_bytes is not None and len(source) > max_bytes:
            raise _too_big(name, len(source), max_bytes)
        document = _parse_text(source, name)
    elif isinstance(source, str | os.PathLike):
        path = Path(source)
        name = str(path)
        try:
            size = path.stat().st_size
            if max_bytes is not None and size > max_bytes:
                raise _too_big(name, size, max_bytes)
            data = path.read_bytes()
        except FileNotFoundError:
            raise PactFileError(
                f"{name}: no such pact file.",
                hint="Check the path (relative paths start at the current directory).",
                file=name,
            ) from None
        except IsADirectoryError:
            raise PactFileError(
                f"{name}: is a directory, not a pact file.", hint="Name a .json file.", file=name
            ) from None
        except OSError as exc:
            raise PactFileError(
                f"{name}: cannot be read ({exc.strerror}).", hint="Check its permissions.", file=name
            ) from None
        document = _parse_text(_decode(data, name), name)
    else:
        raise PactFileError(
            f"Cannot read a pact from a {type(source).__name__}.",
            hint="Pass a path, JSON text, bytes or a dict.",
        )
    check_depth(document, name)
    return document, name


__all__ = [
    "DEFAULT_MAX_BYTES",
    "MAX_DEPTH",
    "SpecVersion",
    "check_depth",
    "declared_version",
    "infer_version",
    "read_document",
]
