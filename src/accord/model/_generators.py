"""Generators: values made up when a request, response or message is prepared for use.

Pact v3, "Generators": "Generators replace the example values with generated ones when the
request or response is prepared for use ... ``"generators": {"<category>": {"<path or name>":
{"type": ...}}}``" — ``path`` and ``status`` hold one generator, ``header``, ``query`` and
``metadata`` are keyed by name, ``body`` (``content`` for v4 messages) by a JSON path.

Pact v4 adds ``Uuid`` formats, date ``expression``\\ s, ``ProviderState`` ("filled from the provider
state context during provider verification") and ``MockServerURL`` ("rebases a URL onto the
running mock server in consumer tests").

Who applies what: the consumer side (mock server) applies the *response* generators and the
provider side (verifier) the *request* generators; `apply_generators` takes the part and the
``mode`` (``"consumer"`` or ``"provider"``), which decides whether ``ProviderState`` (provider
only) and ``MockServerURL`` (consumer only) run. Both keep the example when their context lacks
the value, as the Pact reference implementation does.
"""

from __future__ import annotations

import json
import random
import re
import string
import uuid
from collections.abc import Callable, Mapping
from dataclasses import field
from datetime import datetime
from typing import TYPE_CHECKING, Any
from urllib.parse import parse_qsl, urlencode

from accord.errors import MatcherError
from accord.model._dates import DEFAULT_FORMATS, evaluate_expression, format_datetime, tokenize_pattern
from accord.model._paths import STAR, STAR_INDEX, PathToken, parse_path
from accord.model._record import Record
from accord.model._regex_gen import generate_from_regex, translate_java_regex

if TYPE_CHECKING:  # checkers see the frozen dataclasses these classes behave as
    from dataclasses import dataclass
else:  # at run time, without compiling generated methods at import (see _record)
    from accord.model._record import dataclass

_ATTRIBUTES: dict[str, frozenset[str]] = {
    "RandomInt": frozenset({"min", "max"}),
    "RandomDecimal": frozenset({"digits"}),
    "RandomHexadecimal": frozenset({"digits"}),
    "RandomString": frozenset({"size"}),
    "Regex": frozenset({"regex"}),
    "Uuid": frozenset({"format"}),
    "Date": frozenset({"format", "expression"}),
    "Time": frozenset({"format", "expression"}),
    "DateTime": frozenset({"format", "expression"}),
    "RandomBoolean": frozenset(),
    "ProviderState": frozenset({"expression", "dataType"}),
    "MockServerURL": frozenset({"regex", "example"}),
}
UUID_FORMATS = ("simple", "lower-case-hyphenated", "upper-case-hyphenated", "URN")
DATA_TYPES = ("STRING", "INTEGER", "DECIMAL", "FLOAT", "BOOLEAN", "RAW")
_CATEGORIES = {"headers": "header", "content": "body", "metaData": "metadata"}
_SINGLE = frozenset({"path", "status", "method"})
_EXPRESSION = re.compile(r"\$\{([^}]*)\}")


def _bad(where: str, message: str, hint: str) -> MatcherError:
    return MatcherError(f"The generator at {where} {message}.", hint=hint, where=where)


def _count(raw: Mapping[str, Any], key: str, default: int, where: str, low: int = 0) -> int:
    value = raw.get(key, default)
    if isinstance(value, bool) or not isinstance(value, int) or value < low:
        raise _bad(where, f"has {key}={value!r}", f"Write '{key}' as a whole number of at least {low}.")
    return value


@dataclass(frozen=True, slots=True)
class Generator(Record):
    """One generator as written in a pact: its ``type`` and attributes, validated.

    Attributes:
        type: ``RandomInt``, ``Uuid``, ``ProviderState``... (see `UUID_FORMATS`, `DATA_TYPES`).
        attrs: the other attributes (``min``, ``format``, ``expression``...).
    """

    type: str
    attrs: Mapping[str, Any] = field(default_factory=dict)

    @classmethod
    def from_json(cls, raw: Any, where: str = "generator") -> Generator:
        """Parse and check one generator object.

        Raises:
            MatcherError: for an unknown type or an attribute of the wrong kind.
        """
        if not isinstance(raw, Mapping) or not isinstance(raw.get("type"), str):
            raise _bad(
                where, f"is {raw!r}", 'Write a generator as an object with a "type", e.g. {"type": "Uuid"}.'
            )
        kind = raw["type"]
        if kind not in _ATTRIBUTES:
            raise MatcherError(
                f"Unknown generator type {kind!r} at {where}.",
                hint="Use one of: " + ", ".join(_ATTRIBUTES) + ".",
                where=where,
            )
        attrs = {k: v for k, v in raw.items() if k != "type"}
        generator = cls(kind, attrs)
        generator.check(where)
        return generator

    def check(self, where: str) -> None:
        """Check the attributes this type reads (unknown extra attributes are kept, not read)."""
        raw, kind = self.attrs, self.type
        if kind == "RandomInt":
            low = raw.get("min", 0)
            high = raw.get("max", 2147483647)
            if not all(isinstance(v, int) and not isinstance(v, bool) for v in (low, high)) or low > high:
                raise _bad(where, f"has min={low!r}, max={high!r}", "Give whole numbers with min <= max.")
        elif kind in ("RandomDecimal", "RandomHexadecimal"):
            _count(raw, "digits", 10, where, 1)
        elif kind == "RandomString":
            _count(raw, "size", 20, where)
        elif kind in ("Regex", "MockServerURL"):
            pattern = raw.get("regex")
            if not isinstance(pattern, str):
                raise _bad(where, "has no 'regex' string", f'Write {{"type": "{kind}", "regex": "..."}}.')
            try:
                re.compile(translate_java_regex(pattern))
            except re.error as exc:
                raise _bad(
                    where, f"has a regex {pattern!r} that does not compile ({exc})", "Fix the regex."
                ) from None
        elif kind == "Uuid":
            if raw.get("format", "lower-case-hyphenated") not in UUID_FORMATS:
                raise _bad(
                    where, f"has format {raw.get('format')!r}", "Use one of " + ", ".join(UUID_FORMATS) + "."
                )
        elif kind in ("Date", "Time", "DateTime"):
            pattern = raw.get("format", DEFAULT_FORMATS[kind])
            if not isinstance(pattern, str):
                raise _bad(where, f"has format {pattern!r}", "Write the format as a string.")
            tokenize_pattern(pattern)
            expression = raw.get("expression")
            if expression is not None:
                if not isinstance(expression, str):
                    raise _bad(where, f"has expression {expression!r}", "Write the expression as a string.")
                evaluate_expression(expression, datetime.now().astimezone(), kind)
        elif kind == "ProviderState":
            if not isinstance(raw.get("expression"), str):
                raise _bad(
                    where,
                    "has no 'expression' string",
                    'Write {"type": "ProviderState", "expression": "${id}"}.',
                )
            if str(raw.get("dataType", "RAW")).upper() not in DATA_TYPES:
                raise _bad(
                    where,
                    f"has dataType {raw.get('dataType')!r}",
                    "Use one of " + ", ".join(DATA_TYPES) + ".",
                )

    def to_json(self) -> dict[str, Any]:
        """The generator's JSON form, as written."""
        return {"type": self.type, **self.attrs}

    def generate(
        self,
        current: Any,
        *,
        mode: str = "consumer",
        context: Mapping[str, Any] | None = None,
        rng: random.Random | None = None,
        now: datetime | None = None,
    ) -> Any:
        """The generated value (``current`` when this generator does not run in ``mode``).

        Args:
            current: the example value being replaced.
            mode: ``consumer`` (mock server side) or ``provider`` (verifier side).
            context: ``providerState`` (a map of values) and ``mockServer`` (``href`` or ``url``).
            rng: the random source; `random.SystemRandom` semantics are not needed for examples.
            now: the moment dates are relative to (the current local time by default).
        """
        rng = rng or random.Random()
        context = context or {}
        maker = _MAKERS[self.type]
        return maker(self, current, mode.lower(), context, rng, now or datetime.now().astimezone())


def _random_decimal(gen: Generator, rng: random.Random) -> float:
    digits = int(gen.attrs.get("digits", 10))
    if digits == 1:
        return float(rng.randint(1, 9))
    whole = rng.randint(1, digits - 1)
    text = str(rng.randint(1, 9)) + "".join(rng.choice(string.digits) for _ in range(digits - 2))
    text += str(rng.randint(1, 9))
    return float(text[:whole] + "." + text[whole:])


def _uuid(gen: Generator, rng: random.Random) -> str:
    value = uuid.UUID(int=rng.getrandbits(128), version=4)
    form = gen.attrs.get("format", "lower-case-hyphenated")
    if form == "simple":
        return value.hex
    if form == "upper-case-hyphenated":
        return str(value).upper()
    if form == "URN":
        return value.urn
    return str(value)


def _date(gen: Generator, now: datetime) -> str:
    expression = gen.attrs.get("expression")
    moment = evaluate_expression(expression, now, gen.type) if expression else now
    return format_datetime(moment, gen.attrs.get("format", DEFAULT_FORMATS[gen.type]))


def _typed(value: Any, data_type: str) -> Any:
    try:
        if data_type == "STRING":
            return (
                value
                if isinstance(value, str)
                else json.dumps(value)
                if isinstance(value, bool)
                else str(value)
            )
        if data_type == "INTEGER":
            return int(value)
        if data_type in ("DECIMAL", "FLOAT"):
            return float(value)
        if data_type == "BOOLEAN":
            return value if isinstance(value, bool) else str(value).lower() == "true"
    except (TypeError, ValueError):
        return value
    return value


def _provider_state(gen: Generator, current: Any, mode: str, context: Mapping[str, Any]) -> Any:
    """``${name}`` placeholders filled from the provider-state values.

    "ProviderState: expression — the expression is resolved against the values the provider
    state set-up returned" (Pact v4). An expression that is exactly one placeholder keeps the
    value's JSON type (``${id}`` with ``{"id": 1000}`` gives the number 1000).
    """
    if mode != "provider":
        return current
    values = context.get("providerState", context)
    expression = str(gen.attrs["expression"])
    names = _EXPRESSION.findall(expression)
    if not isinstance(values, Mapping) or any(name.strip() not in values for name in names):
        return current
    data_type = str(gen.attrs.get("dataType", "RAW")).upper()
    whole = _EXPRESSION.fullmatch(expression)
    if whole is not None:
        return _typed(values[whole.group(1).strip()], data_type)

    def text(found: re.Match[str]) -> str:
        value = values[found.group(1).strip()]
        return value if isinstance(value, str) else json.dumps(value)

    return _typed(_EXPRESSION.sub(text, expression), data_type)


def _mock_server_url(gen: Generator, current: Any, mode: str, context: Mapping[str, Any]) -> Any:
    """The example URL rebased onto the mock server: the regex's groups keep the URL's tail.

    ``{"regex": ".*(/a)", "example": "http://1234:8080/a"}`` with the mock server at
    ``http://somewhere.world`` gives ``http://somewhere.world/a``.
    """
    server = context.get("mockServer")
    base = None
    if isinstance(server, Mapping):
        base = server.get("href") or server.get("url")
    if mode != "consumer" or not isinstance(base, str):
        return current
    example = gen.attrs.get("example", current)
    found = re.match(translate_java_regex(str(gen.attrs["regex"])), str(example))
    if found is None:
        return current
    tail = "".join(group or "" for group in found.groups())
    # The regex's group may or may not hold the slash after the host: join with exactly one.
    return base.rstrip("/") + ("/" + tail.lstrip("/") if tail else "")


_Maker = Callable[[Generator, Any, str, Mapping[str, Any], random.Random, datetime], Any]
_MAKERS: dict[str, _Maker] = {
    "RandomInt": lambda g, c, m, x, r, n: r.randint(g.attrs.get("min", 0), g.attrs.get("max", 2147483647)),
    "RandomDecimal": lambda g, c, m, x, r, n: _random_decimal(g, r),
    "RandomHexadecimal": lambda g, c, m, x, r, n: "".join(
        r.choice("0123456789abcdef") for _ in range(int(g.attrs.get("digits", 10)))
    ),
    "RandomString": lambda g, c, m, x, r, n: "".join(
        r.choice(string.ascii_letters + string.digits) for _ in range(int(g.attrs.get("size", 20)))
    ),
    "Regex": lambda g, c, m, x, r, n: generate_from_regex(str(g.attrs["regex"]), r),
    "Uuid": lambda g, c, m, x, r, n: _uuid(g, r),
    "Date": lambda g, c, m, x, r, n: _date(g, n),
    "Time": lambda g, c, m, x, r, n: _date(g, n),
    "DateTime": lambda g, c, m, x, r, n: _date(g, n),
    "RandomBoolean": lambda g, c, m, x, r, n: r.random() < 0.5,
    "ProviderState": lambda g, c, m, x, r, n: _provider_state(g, c, m, x),
    "MockServerURL": lambda g, c, m, x, r, n: _mock_server_url(g, c, m, x),
}


def parse_generators(raw: Any, where: str = "generators") -> dict[str, dict[str, Generator]]:
    """Parse a ``generators`` object into ``{category: {path or name: Generator}}``.

    Single-value categories (``path``, ``status``) are keyed by ``""``; ``headers``, ``content``
    and ``metaData`` are read as ``header``, ``body`` and ``metadata``.

    Raises:
        MatcherError: for an unknown category shape, generator type or attribute.
    """
    if raw is None:
        return {}
    if not isinstance(raw, Mapping):
        raise MatcherError(
            f"{where} must be a JSON object, not {type(raw).__name__}.",
            hint='Write generators like {"body": {"$.id": {"type": "RandomInt"}}}.',
        )
    parsed: dict[str, dict[str, Generator]] = {}
    for name, entries in raw.items():
        category = _CATEGORIES.get(str(name), str(name))
        if category in _SINGLE and isinstance(entries, Mapping) and "type" in entries:
            parsed[category] = {"": Generator.from_json(entries, f"{where}.{name}")}
            continue
        if not isinstance(entries, Mapping):
            raise MatcherError(
                f"The generator category {where}.{name} must be a JSON object.",
                hint='Key generators by path or name, e.g. {"header": {"X-Id": {"type": "Uuid"}}}.',
            )
        found = parsed.setdefault(category, {})
        for key, value in entries.items():
            if category == "body":
                parse_path(key if str(key).startswith("$") else "$." + str(key))
            found[str(key)] = Generator.from_json(value, f"{where}.{name}[{key!r}]")
    return parsed


# -- applying ----------------------------------------------------------------------------------


def _set_at(node: Any, tokens: tuple[PathToken, ...], make: Callable[[Any], Any]) -> Any:
    """A copy of ``node`` with every value at ``tokens`` replaced (containers copied on the way)."""
    if not tokens:
        return make(node)
    head, rest = tokens[0], tokens[1:]
    if isinstance(node, dict):
        # `*` is any key; `[*]` is any array index only (as the Rust reference reads it).
        if head is STAR_INDEX:
            return node
        keys = list(node) if head is STAR else [str(head)] if str(head) in node else []
        if not keys:
            return node
        copy = dict(node)
        for key in keys:
            copy[key] = _set_at(node[key], rest, make)
        return copy
    if isinstance(node, list):
        if head is STAR or head is STAR_INDEX:
            indices = list(range(len(node)))
        elif isinstance(head, int) or (isinstance(head, str) and head.isdigit()):
            indices = [int(head)] if int(head) < len(node) else []
        else:
            indices = []
        if not indices:
            return node
        items = list(node)
        for index in indices:
            items[index] = _set_at(node[index], rest, make)
        return items
    return node


def _is_json_type(content_type: Any) -> bool:
    return isinstance(content_type, str) and bool(re.search(r"[/+]json\b", content_type.lower()))


def _content_type(part: Mapping[str, Any]) -> Any:
    for name, value in (part.get("headers") or {}).items():
        if str(name).lower() == "content-type":
            return value[0] if isinstance(value, list) and value else value
    meta = part.get("metadata", part.get("metaData"))
    if isinstance(meta, Mapping):
        return meta.get("contentType", meta.get("content-type"))
    return None


def _apply_body(
    body: Any,
    gens: Mapping[str, Generator],
    make: Callable[[Generator], Callable[[Any], Any]],
    content_type: Any,
) -> Any:
    if (
        isinstance(body, Mapping)
        and "content" in body
        and set(body) <= {"content", "contentType", "encoded", "contentTypeHint"}
    ):
        encoded = body.get("encoded")
        if encoded and str(encoded).upper() != "JSON":
            return body
        inner = _apply_body(body["content"], gens, make, body.get("contentType", content_type))
        return {**body, "content": inner}
    if isinstance(body, bytes | str):
        text = body.decode("utf-8", "replace") if isinstance(body, bytes) else body
        document: Any = None
        if _is_json_type(content_type) or text.lstrip().startswith(("{", "[")):
            try:
                document = json.loads(text)
            except (ValueError, RecursionError):
                document = None
        if document is None:
            # Text that is not JSON: only a generator for the whole body (`$`) applies.
            root = next((g for key, g in gens.items() if key in ("$", "")), None)
            if root is None:
                return body
            generated = make(root)(text)
            text = generated if isinstance(generated, str) else json.dumps(generated)
            return text.encode("utf-8") if isinstance(body, bytes) else text
        result = json.dumps(_apply_body(document, gens, make, content_type))
        return result.encode("utf-8") if isinstance(body, bytes) else result
    for key, generator in gens.items():
        tokens = parse_path(key if key.startswith("$") else "$." + key)
        body = _set_at(body, tokens, make(generator))
    return body


def apply_generators(
    target: Mapping[str, Any],
    generators: Mapping[str, Any] | None = None,
    *,
    mode: str = "consumer",
    context: Mapping[str, Any] | None = None,
    rng: random.Random | None = None,
    now: datetime | None = None,
) -> dict[str, Any]:
    """Prepare a request, response or message for use: its example values replaced by generated ones.

    Args:
        target: the part in pact-file form (``path``, ``status``, ``headers``, ``query``,
            ``body``/``contents``, ``metadata``); it is not modified.
        generators: the ``generators`` object (default: ``target["generators"]``).
        mode: ``consumer`` (the mock server preparing a response or message) or ``provider``
            (the verifier preparing a request).
        context: ``{"providerState": {...}, "mockServer": {"href": url}}``.
        rng: the random source, for repeatable values in tests.
        now: the moment Date/Time/DateTime generators are relative to.

    Returns:
        A new dict with the generated values. Header, query and path values become strings.

    Raises:
        MatcherError: when a generator is malformed.
    """
    parsed = parse_generators(target.get("generators") if generators is None else generators)
    out = dict(target)
    if not parsed:
        return out
    rng = rng or random.Random()

    def make(generator: Generator, as_text: bool = False) -> Callable[[Any], Any]:
        def produce(current: Any) -> Any:
            value = generator.generate(current, mode=mode, context=context, rng=rng, now=now)
            if as_text and value is not None and not isinstance(value, str):
                return json.dumps(value) if isinstance(value, bool) else str(value)
            return value

        return produce

    for category, gens in parsed.items():
        if category == "body":
            key = "contents" if "contents" in out and "body" not in out else "body"
            if key in out:
                out[key] = _apply_body(out[key], gens, make, _content_type(out))
        elif category in ("path", "method"):
            value = make(gens[""], as_text=True)(out.get(category))
            if value is not None:
                out[category] = value
        elif category == "status":
            status = make(gens[""])(out.get("status"))
            out["status"] = (
                int(status) if isinstance(status, int | float | str) and str(status).isdigit() else status
            )
        elif category == "header":
            headers = dict(out.get("headers") or {})
            for name, generator in gens.items():
                existing = next((k for k in headers if k.lower() == name.lower()), name)
                value = headers.get(existing)
                produce = make(generator, as_text=True)
                headers[existing] = [produce(v) for v in value] if isinstance(value, list) else produce(value)
            out["headers"] = headers
        elif category == "query":
            out["query"] = _apply_query(out.get("query"), gens, make)
        elif category == "metadata":
            key = "metaData" if "metaData" in out else "metadata"
            meta = dict(out.get(key) or {})
            for name, generator in gens.items():
                meta[name] = make(generator)(meta.get(name))
            out[key] = meta
    return out


def _apply_query(query: Any, gens: Mapping[str, Generator], make: Callable[..., Callable[[Any], Any]]) -> Any:
    if isinstance(query, str):
        pairs = parse_qsl(query, keep_blank_values=True)
        seen: set[str] = set()
        result = []
        for name, value in pairs:
            if name in gens:
                seen.add(name)
            result.append((name, make(gens[name], as_text=True)(value) if name in gens else value))
        result.extend((name, make(g, as_text=True)(None)) for name, g in gens.items() if name not in seen)
        return urlencode(result)
    values = dict(query or {})
    for name, generator in gens.items():
        produce = make(generator, as_text=True)
        current = values.get(name)
        values[name] = [produce(v) for v in current] if isinstance(current, list) else [produce(current)]
    return values


__all__ = ["DATA_TYPES", "UUID_FORMATS", "Generator", "apply_generators", "parse_generators"]
