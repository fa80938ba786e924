"""How values appear in mismatch messages, and strict JSON equality, both without recursion.

The wording follows the Pact reference implementation: strings are quoted with single quotes
(``'dog'``), other values print as compact JSON (``100``, ``[]``, ``null``), and a value's JSON
kind is named ``String``, ``Integer``, ``Decimal``, ``Boolean``, ``Null``, ``Array`` or ``Object``.
Documents may be nested 100,000 levels deep, so both rendering and equality are iterative.
"""

from __future__ import annotations

import json
import math
from collections.abc import Mapping
from typing import Any

_ENCODE = json.JSONEncoder(ensure_ascii=False).encode


def _scalar(value: Any) -> str:
    if value is None:
        return "null"
    if value is True:
        return "true"
    if value is False:
        return "false"
    if isinstance(value, float):
        if math.isnan(value) or math.isinf(value):
            return str(value)
        return repr(value)
    if isinstance(value, int):
        return str(value)
    if isinstance(value, bytes | bytearray):
        return _ENCODE(bytes(value).decode("latin-1"))
    return str(_ENCODE(str(value)))


def compact(value: Any, limit: int = 4000, item_sep: str = ",", sort_keys: bool = True) -> str:
    """Compact JSON text of ``value`` (``{"a":1}``), cut at ``limit`` characters with ``...``.

    Args:
        value: any JSON-like value, however deep.
        limit: the longest text returned (the cut is marked with ``...``).
        item_sep: the separator between list items and object members.
        sort_keys: print object members sorted by key, as serde_json (the Rust core) does.
    """
    out: list[str] = []
    size = 0
    stack: list[Any] = [value]
    marker = object()
    while stack:
        item = stack.pop()
        if isinstance(item, tuple) and len(item) == 2 and item[0] is marker:
            piece = item[1]
        elif isinstance(item, dict):
            pieces: list[Any] = [(marker, "{")]
            members = item.items()
            if sort_keys:
                members = sorted(members, key=lambda member: str(member[0]))  # type: ignore[assignment]
            for index, (key, child) in enumerate(members):
                if index:
                    pieces.append((marker, item_sep))
                pieces.append((marker, _ENCODE(str(key)) + ":"))
                pieces.append(child)
            pieces.append((marker, "}"))
            stack.extend(reversed(pieces))
            continue
        elif isinstance(item, list | tuple):
            pieces = [(marker, "[")]
            for index, child in enumerate(item):
                if index:
                    pieces.append((marker, item_sep))
                pieces.append(child)
            pieces.append((marker, "]"))
            stack.extend(reversed(pieces))
            continue
        else:
            piece = _scalar(item)
        out.append(piece)
        size += len(piece)
        if size > limit:
            return "".join(out)[:limit] + "..."
    return "".join(out)


def value_of(value: Any) -> str:
    """A value as the Pact tools quote it: ``'text'`` for strings, compact JSON otherwise."""
    if isinstance(value, str):
        return f"'{value}'"
    return compact(value)


def type_of(value: Any) -> str:
    """The JSON kind of a value in the Pact tools' words (``String``, ``Integer``...)."""
    if value is None:
        return "Null"
    if isinstance(value, bool):
        return "Boolean"
    if isinstance(value, int):
        return "Integer"
    if isinstance(value, float):
        return "Decimal"
    if isinstance(value, str):
        return "String"
    if isinstance(value, list | tuple):
        return "Array"
    if isinstance(value, dict):
        return "Object"
    if isinstance(value, bytes | bytearray):
        return "Bytes"
    return type(value).__name__


_KINDS: dict[type, int] = {type(None): 0, bool: 1, int: 2, float: 2, str: 3, list: 4, tuple: 4, dict: 5}


def kind(value: Any) -> int:
    """A small integer naming the JSON kind; numbers (integer or decimal) share one kind."""
    found = _KINDS.get(type(value))
    if found is not None:
        return found
    if isinstance(value, bool):
        return 1
    if isinstance(value, int | float):
        return 2
    if isinstance(value, str):
        return 3
    if isinstance(value, list | tuple):
        return 4
    if isinstance(value, dict):
        return 5
    return 6


def json_equal(left: Any, right: Any) -> bool:
    """Strict JSON equality: ``1`` is not ``1.0`` and ``true`` is not ``1``, as in pact-reference.

    serde_json (which the Rust core uses) keeps integers and floats apart, so ``1 == 1.0`` is
    false there; Python's ``==`` would say true. Iterative, so any depth is fine.
    """
    stack = [(left, right)]
    while stack:
        a, b = stack.pop()
        if isinstance(a, Mapping):
            if not isinstance(b, Mapping) or len(a) != len(b) or a.keys() != b.keys():
                return False
            stack.extend((a[key], b[key]) for key in a)
        elif isinstance(a, list | tuple):
            if not isinstance(b, list | tuple) or len(a) != len(b):
                return False
            stack.extend(zip(a, b, strict=True))
        elif type(a) is not type(b) or a != b:
            return False
    return True


__all__ = ["compact", "json_equal", "kind", "type_of", "value_of"]
