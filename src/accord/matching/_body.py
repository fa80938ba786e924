"""Bodies: decide what a body is (absent, null, empty, present), its content type, and compare.

How a body is specified (Pact specification v1.1, carried forward to v4):

    "Absent in the pact: the body is not important, and any actual body matches. Present but
    empty string: the actual body must be empty. Present but null: ... It may be treated as
    either an empty body or follow the rules for matching bodies." Accord, like the Rust and JVM
    references, treats a null body as an empty one: any actual body fails it.

    "Body content type: use the Content-Type header when there is one. Otherwise, optionally
    sniff the first bytes ('magic number'). Failing that, default to JSON."

The content type drives the comparison: JSON (``application/json`` and ``+json``), XML, form
urlencoded, multipart, text, and anything else as bytes.
"""

from __future__ import annotations

import base64
import binascii
import contextlib
import json
from typing import TYPE_CHECKING, Any

from accord.matching._display import compact
from accord.matching._formats import sniff_content_type
from accord.matching._http import parse_media_type, parse_query, size_problems
from accord.matching._json import compare_json
from accord.matching._values import check_group
from accord.matching.mismatches import Mismatch
from accord.model._paths import format_path, parse_path
from accord.model._record import Record
from accord.model._rules import RuleCategory

if TYPE_CHECKING:  # checkers see the frozen dataclasses these classes behave as
    from dataclasses import dataclass
else:  # at run time, without compiling generated methods at import (see accord.model._record)
    from accord.model._record import dataclass

_V4_BODY_KEYS = frozenset({"content", "contentType", "encoded", "contentTypeHint"})
MISSING, NULL, EMPTY, PRESENT = "missing", "null", "empty", "present"


@dataclass(frozen=True, slots=True)
class Body(Record):
    """A body made ready for comparison.

    Attributes:
        state: ``missing``, ``null``, ``empty`` or ``present``.
        value: the JSON value (JSON bodies), ``str`` (text, XML, form), or ``bytes``.
        content_type: the lower-case base media type (``application/json``).
        full_type: the content type with its parameters, as given.
    """

    state: str
    value: Any
    content_type: str
    full_type: str


def _header(headers: Any, name: str) -> str | None:
    if not isinstance(headers, dict):
        return None
    for key, value in headers.items():
        if str(key).lower() == name:
            if isinstance(value, list | tuple):
                return ", ".join(str(v) for v in value) if value else None
            return None if value is None else str(value)
    return None


def is_json_type(base: str) -> bool:
    """Whether a base media type is JSON (``application/json``, ``application/vnd.x+json``...)."""
    return base.endswith(("/json", "+json")) or base == "application/json-rpc"


def is_xml_type(base: str) -> bool:
    """Whether a base media type is XML (``application/xml``, ``text/xml``, ``+xml``)."""
    return base.endswith(("/xml", "+xml"))


def is_text_type(base: str) -> bool:
    """Whether a body of this type is text in a pact file (JSON, XML, ``text/*``, form posts)."""
    return is_json_type(base) or is_xml_type(base) or base.startswith("text/") or "form-urlencoded" in base


def _looks_like_xml(text: str) -> bool:
    stripped = text.lstrip()
    return stripped.startswith("<?xml") or (stripped.startswith("<") and stripped.rstrip().endswith(">"))


def prepare_body(part: dict[str, Any], key: str, headers: Any, spec_level: int) -> Body:
    """Read the body of a request, response (``key="body"``) or message (``key="contents"``).

    Accepts the pact-file JSON form, v4 body objects ``{"content", "contentType", "encoded"}``
    and raw ``bytes`` (decoded by the content type).
    """
    if key not in part:
        return Body(MISSING, None, "", "")
    raw = part[key]
    declared = _header(headers, "content-type")
    encoded: Any = False
    # Below v4 an HTTP body is the JSON value itself, even one shaped like a v4 body object (the
    # Rust verifier compares it as written); v3 message contents in that shape are unwrapped.
    if (
        isinstance(raw, dict)
        and "content" in raw
        and set(raw) <= _V4_BODY_KEYS
        and (spec_level >= 40 or (key != "body" and ("contentType" in raw or "encoded" in raw)))
    ):
        declared = declared or raw.get("contentType")
        encoded = raw.get("encoded", False)
        raw = raw.get("content")
        if isinstance(raw, str) and isinstance(encoded, str) and encoded.lower() == "base64":
            with contextlib.suppress(binascii.Error, ValueError):
                raw = base64.b64decode(raw, validate=False)
        elif isinstance(raw, str) and isinstance(encoded, str) and encoded.lower() == "json":
            with contextlib.suppress(ValueError, RecursionError):
                raw = json.loads(raw)
    if raw is None:
        return Body(NULL, None, _base(declared or "application/json"), declared or "")
    if isinstance(raw, bytes | bytearray):
        data = bytes(raw)
        if not data:
            return Body(EMPTY, b"", _base(declared or ""), declared or "")
        full = declared or sniff_content_type(data)
        base = _base(full)
        if is_text_type(base):
            # Read as UTF-8 whatever charset is declared, as the Rust verifier reads bodies (JSON
            # "MUST be encoded using UTF-8", RFC 8259; other text is read with replacement
            # characters); the specification says nothing about charsets.
            try:
                text = data.decode("utf-8", "strict" if is_json_type(base) else "replace")
            except UnicodeDecodeError:
                return Body(PRESENT, data, base, full)
            if is_json_type(base):
                try:
                    return Body(PRESENT, _read_json(text), base, full)
                except RecursionError:
                    return Body(PRESENT, _TooDeep(text), base, full)
                except ValueError:
                    return Body(PRESENT, text, "text/plain", full)
            return Body(PRESENT, text, base, full)
        return Body(PRESENT, data, base, full)
    if isinstance(raw, str):
        if raw == "":
            return Body(EMPTY, "", _base(declared or ""), declared or "")
        full = declared or _detect_text(raw)
        base = _base(full)
        if is_json_type(base):
            try:
                return Body(PRESENT, json.loads(raw), base, full)
            except RecursionError:
                return Body(PRESENT, _TooDeep(raw), base, full)
            except ValueError:
                return Body(PRESENT, raw, base, full)
        if declared and spec_level < 40 and not is_text_type(base):
            # A v1-v3 pact file can only hold a binary body as a string: the Rust core writes it in
            # base64 and reads a string under a binary Content-Type back as base64 when it decodes.
            with contextlib.suppress(binascii.Error, ValueError):
                return Body(PRESENT, base64.b64decode(raw, validate=True), base, full)
        return Body(PRESENT, raw, base, full)
    full = declared or "application/json"
    return Body(PRESENT, raw, _base(full), full)


def _read_json(text: str) -> Any:
    """A JSON document from the wire; ``-0`` is the decimal -0.0, as Rust's JSON reader has it."""
    if "-0" not in text:
        return json.loads(text)
    return json.loads(text, parse_int=lambda digits: -0.0 if digits == "-0" else int(digits))


class _TooDeep(str):
    """Raw JSON text too deeply nested for the JSON parser."""

    __slots__ = ()


def _detect_text(text: str) -> str:
    stripped = text.strip()
    if stripped[:1] in ("{", "[", '"') or stripped in ("true", "false", "null"):
        try:
            json.loads(stripped)
        except (ValueError, RecursionError):
            pass
        else:
            return "application/json"
    if _looks_like_xml(stripped):
        return "application/xml"
    return "text/plain"


def _base(content_type: str) -> str:
    return parse_media_type(content_type)[0] if content_type else ""


def _same_family(expected: str, actual: str) -> bool:
    if not expected or not actual or expected == actual:
        return True
    if is_json_type(expected) and is_json_type(actual):
        return True
    return is_xml_type(expected) and is_xml_type(actual)


def compare_bodies(expected: Body, actual: Body, rules: RuleCategory, strict: bool) -> list[Mismatch]:
    """Compare two prepared bodies under the body rules."""
    if expected.state == MISSING:
        return []
    if expected.state in (NULL, EMPTY):
        if actual.state in (MISSING, NULL, EMPTY):
            return []
        # A null body "may be treated as either an empty body or follow the rules for matching
        # bodies" (v1.1-v3 specification); like the Rust and JVM references, Accord takes the
        # first reading: any actual body fails, the JSON document ``null`` too.
        return [
            Mismatch(
                "body",
                "$.body",
                expected.value,
                actual.value,
                f"Expected an empty body but received '{_show(actual)}'",
            )
        ]
    if actual.state in (MISSING, EMPTY) or (actual.state == NULL and not is_json_type(expected.content_type)):
        group = _root_group(rules)
        if group is not None:
            # A rule on the whole body judges the empty body itself ("Expected [] (0 bytes) to
            # not be empty", "plain text regex matching missing body").
            empty: Any = b"" if isinstance(expected.value, bytes) else ""
            errors = check_group(group, expected.value, empty, False)
            return [Mismatch("body", "$.body", expected.value, empty, error) for error in errors]
        return [
            Mismatch(
                "body", "$.body", expected.value, None, f"Expected body '{_show(expected)}' but was missing"
            )
        ]
    if not _same_family(expected.content_type, actual.content_type):
        return [
            Mismatch(
                "body-type",
                "$.body",
                expected.content_type,
                actual.content_type,
                f"Expected a body of '{expected.content_type}' but the actual content type "
                f"was '{actual.content_type}'",
            )
        ]
    base = expected.content_type or actual.content_type
    if isinstance(expected.value, _TooDeep) or isinstance(actual.value, _TooDeep):
        return [
            Mismatch(
                "body",
                "$.body",
                None,
                None,
                "The JSON body is nested too deeply to be parsed; "
                "Accord compares JSON bodies parsed by the JSON reader",
            )
        ]
    if is_json_type(base) and not isinstance(expected.value, bytes) and not isinstance(actual.value, bytes):
        return compare_json(expected.value, actual.value, rules, strict)
    if isinstance(expected.value, str) and isinstance(actual.value, str):
        if is_xml_type(base) or (not base and _looks_like_xml(expected.value)):
            # imported when an XML body is met: ElementTree is not needed by JSON-only pacts
            from accord.matching._xml import compare_xml  # noqa: PLC0415

            return compare_xml(expected.value, actual.value, rules, strict)
        if "x-www-form-urlencoded" in base:
            return _compare_form(expected.value, actual.value, rules)
        return _compare_text(expected.value, actual.value, rules)
    if base.startswith("multipart/"):
        return _compare_multipart(expected, actual, rules)
    return _compare_binary(expected, actual, rules)


def _show(body: Body) -> str:
    if isinstance(body.value, str):
        return body.value
    if isinstance(body.value, bytes):
        return f"{len(body.value)} bytes"
    return compact(body.value, 200)


def _root_group(rules: RuleCategory) -> Any:
    for (key, group), tokens in zip(rules.entries, rules.paths, strict=True):
        if not tokens or key in ("$", "$.body"):
            return group
    return None


def _compare_text(expected: str, actual: str, rules: RuleCategory) -> list[Mismatch]:
    group = _root_group(rules)
    if group is not None:
        return [
            Mismatch("body", "$.body", expected, actual, e)
            for e in check_group(group, expected, actual, False, from_string=True)  # "1" is an integer
        ]
    if expected == actual:
        return []
    return [
        Mismatch(
            "body",
            "$.body",
            expected,
            actual,
            f"Expected body '{expected}' to match '{actual}' using equality but did not match",
        )
    ]


def _compare_form(expected: str, actual: str, rules: RuleCategory) -> list[Mismatch]:
    """Form posts compare like query strings; rules are written ``$.<name>``.

    Unlike JSON bodies, a form gets no leeway for extra fields in a response either: the Rust
    reference compares forms as query strings, where an unexpected parameter is a mismatch (the
    specification says nothing about forms; its response leeway is worded for JSON).
    """
    exp, act = parse_query(expected), parse_query(actual)
    out: list[Mismatch] = []
    by_path = {tuple(tokens): group for tokens, (_, group) in zip(rules.paths, rules.entries, strict=True)}
    for name, values in exp.items():
        path = format_path((name,), "$.body")
        if name not in act:
            out.append(
                Mismatch("body", path, values, None, f"Expected form post parameter '{name}' but was missing")
            )
            continue
        group = by_path.get((name,)) or by_path.get(parse_path(f"$['{name}']"))
        if group is not None:  # min/max count a repeated field's values, as for a query parameter
            out.extend(
                Mismatch("body", path, values, act[name], e) for e in size_problems(group, values, act[name])
            )
        for index, value in enumerate(act[name]):
            example = values[min(index, len(values) - 1)] if values else ""
            if group is not None:
                out.extend(
                    Mismatch("body", path, example, value, e)
                    for e in check_group(group, example, value, False, True)
                )
            elif index >= len(values) or value != example:
                out.append(
                    Mismatch(
                        "body",
                        path,
                        example,
                        value,
                        f"Expected form post parameter '{name}' with value '{example}' but was '{value}'",
                    )
                )
        if group is None and len(act[name]) < len(values):
            out.append(
                Mismatch(
                    "body",
                    path,
                    values,
                    act[name],
                    f"Expected form post parameter '{name}' with {len(values)} value(s) "
                    f"but received {len(act[name])}",
                )
            )
    for name, values in act.items():
        if name not in exp:
            out.append(
                Mismatch(
                    "body",
                    format_path((name,), "$.body"),
                    None,
                    values,
                    f"Unexpected form post parameter '{name}' received",
                )
            )
    return out


def _describe_bytes(content_type: str, data: bytes) -> str:
    return f"[{content_type}, {len(data)} bytes, starting with {data[:32].hex()}]"


def _as_bytes(value: Any) -> bytes:
    if isinstance(value, bytes | bytearray):
        return bytes(value)
    if isinstance(value, str):
        return value.encode("utf-8")
    return compact(value, 1 << 30).encode("utf-8")


def _compare_binary(
    expected: Body, actual: Body, rules: RuleCategory, path: str = "$.body"
) -> list[Mismatch]:
    exp, act = _as_bytes(expected.value), _as_bytes(actual.value)
    group = _root_group(rules)
    if group is not None:
        return [Mismatch("body", path, None, None, e) for e in check_group(group, exp, act, False)]
    if exp == act:
        return []
    message = (
        f"Actual body {_describe_bytes(actual.content_type or expected.content_type, act)} is not equal to "
        f"the expected body {_describe_bytes(expected.content_type or actual.content_type, exp)}"
    )
    return [Mismatch("body", path, None, None, message)]


def _parts(body: Body) -> list[tuple[str, str, bytes]]:
    """Split a multipart body into ``(name or index, content type, decoded bytes)``."""
    # imported when a multipart body is met: the email package costs ~10 ms of start-up
    from email.parser import BytesParser  # noqa: PLC0415
    from email.policy import HTTP  # noqa: PLC0415

    data = _as_bytes(body.value)
    head = f"Content-Type: {body.full_type}\r\nMIME-Version: 1.0\r\n\r\n".encode()
    message = BytesParser(policy=HTTP).parsebytes(head + data)
    out: list[tuple[str, str, bytes]] = []
    if not message.is_multipart():
        return out
    for index, part in enumerate(message.iter_parts()):
        name = part.get_param("name", header="content-disposition")
        payload = part.get_payload(decode=True)
        out.append(
            (
                str(name) if name else str(index),
                part.get_content_type(),
                payload if isinstance(payload, bytes) else b"",
            )
        )
    return out


def _compare_multipart(expected: Body, actual: Body, rules: RuleCategory) -> list[Mismatch]:
    """Multipart bodies compare part by part (by form-data name, else by position)."""
    exp_parts, act_parts = _parts(expected), _parts(actual)
    if not exp_parts:
        return _compare_binary(expected, actual, rules)
    by_name = {name: (ctype, data) for name, ctype, data in act_parts}
    out: list[Mismatch] = []
    for name, ctype, data in exp_parts:
        path = format_path((name,), "$.body")
        if name not in by_name:
            out.append(
                Mismatch("body", path, None, None, f"Expected a multipart part '{name}' but was missing")
            )
            continue
        act_type, act_data = by_name[name]
        exp_body = Body(PRESENT, data, ctype, ctype)
        act_body = Body(PRESENT, act_data, act_type, act_type)
        if is_json_type(ctype) or ctype.startswith("text/") or is_xml_type(ctype):
            try:
                exp_body = Body(PRESENT, data.decode("utf-8"), ctype, ctype)
                act_body = Body(PRESENT, act_data.decode("utf-8"), act_type, act_type)
                if is_json_type(ctype):
                    exp_body = Body(PRESENT, json.loads(exp_body.value), ctype, ctype)
                    act_body = Body(PRESENT, json.loads(act_body.value), act_type, act_type)
            except (UnicodeDecodeError, ValueError, RecursionError):
                exp_body = Body(PRESENT, data, ctype, ctype)
                act_body = Body(PRESENT, act_data, act_type, act_type)
        part_rules = _rules_under(rules, name)
        if isinstance(exp_body.value, bytes):
            out.extend(_compare_binary(exp_body, act_body, part_rules, path))
        else:
            for found in compare_bodies(exp_body, act_body, part_rules, strict=False):
                rebased = path + found.path[len("$.body") :]
                out.append(Mismatch(found.kind, rebased, found.expected, found.actual, found.message))
    return out


def _rules_under(rules: RuleCategory, name: str) -> RuleCategory:
    """The body rules below ``$.<name>``, re-rooted at the part (``$.file`` applies to the part)."""
    entries, paths = [], []
    for (key, group), tokens in zip(rules.entries, rules.paths, strict=True):
        if tokens and tokens[0] == name:
            entries.append((key, group))
            paths.append(tokens[1:])
    return RuleCategory("body", tuple(entries), tuple(paths))


__all__ = ["Body", "compare_bodies", "is_json_type", "is_xml_type", "prepare_body"]
