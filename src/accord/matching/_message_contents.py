"""How a message's contents are typed and read before they are compared, as the Rust core does it.

The specification says a message has contents and metadata, and that a v4 body is
``{"content", "contentType", "encoded"}``; where it is silent the Rust verifier decides:

- the contents' content type is their own (a v4 ``contentType``, an answer's ``Content-Type``),
  else the metadata's ``contentType``, else one detected from the contents;
- contents of another type than expected fail before they are compared, unless nothing is
  expected (no contents, ``null``, or v4 ``""``), which then passes whatever is sent;
- a string under a JSON type is the JSON text when it holds an object or a string literal (v1-v3
  files), else, and always in a v4 body that is not ``encoded``, the JSON string itself.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

from accord.matching._body import is_json_type
from accord.matching._http import parse_media_type

_XML_BASES = frozenset({"application/xml", "text/xml"})
_V4_BODY_KEYS = frozenset({"content", "contentType", "encoded", "contentTypeHint"})


def is_v4_body(contents: Any, level: int) -> bool:
    """Whether ``contents`` is a v4 body object ``{"content", "contentType"?, "encoded"?}``."""
    return (
        isinstance(contents, Mapping)
        and "content" in contents
        and set(contents) <= _V4_BODY_KEYS
        and (level >= 40 or "contentType" in contents or "encoded" in contents)
    )


def own_type(contents: Any, level: int, *, expected: bool) -> str | None:
    """The content type the contents give themselves (a v4 body's ``contentType``).

    An expected v4 body whose content is ``null`` or ``""`` keeps no type: the Rust core reads it
    as a body without contents, and a type belongs to contents.
    """
    if not is_v4_body(contents, level):
        return None
    if expected and contents.get("content") in (None, "") and not contents.get("encoded"):
        return None
    found = contents.get("contentType")
    return found if isinstance(found, str) and found else None


def json_string(contents: Any, declared: str, level: int) -> str | None:
    """The JSON string the Rust core reads expected contents as, or ``None`` when it reads otherwise.

    Under a JSON content type, a v4 body's string content (not ``encoded``) is a JSON string; a
    v1-v3 string is one unless it is the text of a JSON object or string literal.
    """
    if not declared or not is_json_type(parse_media_type(declared)[0]):
        return None
    if is_v4_body(contents, level):
        content = contents.get("content")
        encoded = contents.get("encoded")
        if isinstance(content, str) and content and not encoded:
            return content
        return None
    if isinstance(contents, str) and contents:
        try:
            value = json.loads(contents)
        except ValueError:
            return contents
        return None if isinstance(value, dict | str) else contents
    return None


def equivalent_types(expected: str, actual: str) -> bool:
    """Whether contents are of the expected content type, as the Rust core decides it.

    The base types must be the same (``application/xml`` and ``text/xml`` count as one); the
    parameters must be the same only when the expected type has some.
    """
    if expected == actual:
        return True
    exp_base, exp_params = parse_media_type(expected)
    act_base, act_params = parse_media_type(actual)
    if exp_base in _XML_BASES and act_base in _XML_BASES:
        return not exp_params or exp_params == act_params
    return exp_base == act_base and (not exp_params or exp_params == act_params)


__all__ = ["equivalent_types", "is_v4_body", "json_string", "own_type"]
