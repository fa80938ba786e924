"""Matching rules: one model for the v2 flat form and the v3/v4 categorised form.

v2 (Pact specification v2, "Matching Rules"):

    "matchingRules is one flat map. Each key is a path expression and each value is one matcher
    object", e.g. ``{"$.body.animals": {"match": "type", "min": 1}}``; the second path element
    names the part (``body``, ``header``/``headers``, ``query``, ``path``).

v3/v4 (Pact specification v3, "Matching Rules"):

    "matchingRules is grouped by category. Each entry holds {"matchers": [...], "combine":
    "AND"|"OR"}" — ``path`` and ``status`` hold one entry, ``header``, ``query`` and ``metadata``
    are keyed by name, ``body`` (``content`` for v4 messages) by a JSON path from ``$``.

Both parse into `MatchingRules`, a map of category name to `RuleCategory`; each entry is a
`RuleGroup` of `Matcher` objects. Rules are validated when parsed: an unknown matcher, or one
newer than the pact's specification version, raises `MatcherError` naming both; so does a
regular expression that does not compile.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import field
from functools import lru_cache
from typing import TYPE_CHECKING, Any

from accord.errors import MatcherError
from accord.model._paths import STAR, STAR_INDEX, PathToken, format_path, parse_path
from accord.model._record import Record
from accord.model._regex_gen import translate_java_regex
from accord.model._regex_guard import PactRegex, RegexTooSlow

if TYPE_CHECKING:  # checkers see the frozen dataclasses these classes behave as
    from dataclasses import dataclass
else:  # at run time, without compiling generated methods at import (see _record)
    from accord.model._record import dataclass

_SPEC_LEVELS: dict[str, int] = {
    "v1": 10,
    "1": 10,
    "1.0": 10,
    "1.0.0": 10,
    "v1.1": 11,
    "1.1": 11,
    "1.1.0": 11,
    "v2": 20,
    "2": 20,
    "2.0": 20,
    "2.0.0": 20,
    "v3": 30,
    "3": 30,
    "3.0": 30,
    "3.0.0": 30,
    "v4": 40,
    "4": 40,
    "4.0": 40,
    "4.0.0": 40,
}

# matcher name -> (canonical name, the first spec level that defines it)
_MATCHERS: dict[str, tuple[str, int]] = {
    "regex": ("regex", 20),
    "type": ("type", 20),
    "min": ("min", 20),
    "max": ("max", 20),
    "minType": ("type", 20),
    "maxType": ("type", 20),
    "minmax": ("type", 30),
    "equality": ("equality", 30),
    "include": ("include", 30),
    "integer": ("integer", 30),
    "decimal": ("decimal", 30),
    "real": ("decimal", 30),
    "number": ("number", 30),
    "null": ("null", 30),
    "boolean": ("boolean", 30),
    "date": ("date", 30),
    "time": ("time", 30),
    "datetime": ("datetime", 30),
    "timestamp": ("datetime", 30),
    "contentType": ("contentType", 30),
    "content-type": ("contentType", 30),
    "values": ("values", 30),
    "arrayContains": ("arrayContains", 40),
    "array-contains": ("arrayContains", 40),
    "statusCode": ("statusCode", 40),
    "notEmpty": ("notEmpty", 40),
    "semver": ("semver", 40),
    "eachKey": ("eachKey", 40),
    "eachValue": ("eachValue", 40),
}

# A timestamp without a format carries its offset, as the reference verifier reads it.
_DEFAULT_FORMATS = {"date": "yyyy-MM-dd", "time": "HH:mm:ss", "datetime": "yyyy-MM-dd'T'HH:mm:ssXXX"}
_SINGLE = frozenset({"path", "status"})
_CATEGORY_ALIASES = {"headers": "header", "content": "body", "metaData": "metadata"}


def spec_level(spec: str) -> int:
    """Map a spec version ("v1", "v1.1", "v2", "v3", "v4" or "3.0.0") to a comparable integer.

    Raises:
        MatcherError: when the version is not one Accord knows.
    """
    level = _SPEC_LEVELS.get(str(spec).strip())
    if level is None:
        raise MatcherError(
            f"Unknown Pact specification version {spec!r}.",
            hint="Use one of 'v1', 'v1.1', 'v2', 'v3' or 'v4'.",
        )
    return level


def _spec_name(level: int) -> str:
    return {10: "v1", 11: "v1.1", 20: "v2", 30: "v3", 40: "v4"}[level]


@lru_cache(maxsize=2048)
def compile_regex(pattern: str) -> PactRegex:
    """Compile a matcher's regular expression once (the whole value must match it).

    Java's ``\\Q...\\E`` literal quoting, which Pact-JVM writes, is rewritten into Python escapes first.
    A pattern that could backtrack catastrophically is matched under a time limit (see `PactRegex`).

    Raises:
        MatcherError: when the expression does not compile.
    """
    try:
        compiled = re.compile(translate_java_regex(pattern))
    except (re.error, TypeError) as exc:
        raise MatcherError(
            f"The regular expression {pattern!r} of a regex matcher does not compile: {exc}.",
            hint="Fix the expression in the pact (escape backslashes twice inside JSON strings).",
            regex=pattern,
        ) from None
    return PactRegex(compiled)


def _as_size(value: Any, what: str, matcher: Mapping[str, Any]) -> int:
    try:
        size = int(value)
    except (TypeError, ValueError):
        size = -1
    if size < 0 or isinstance(value, bool):
        raise MatcherError(
            f"The {what} of matcher {dict(matcher)!r} must be a non-negative integer, not {value!r}.",
            hint=f'Write the {what} as a number, e.g. {{"match": "type", "{what}": 1}}.',
        )
    return size


@dataclass(frozen=True, slots=True)
class Matcher(Record):
    """One matching rule.

    Attributes:
        type: the canonical matcher name (``type`` for ``minType``, ``datetime`` for ``timestamp``).
        attrs: the matcher's other attributes as written in the pact (``regex``, ``min``...).
        name: the ``match`` value as written, kept for saving the pact again.
        regex: the compiled expression of a ``regex`` matcher (time-limited when at risk).
        min: the minimum collection size, if any.
        max: the maximum collection size, if any.
        rules: nested rules (``eachKey`` / ``eachValue``).
        variants: ``arrayContains`` variants as ``(index, body rules)``.
    """

    type: str
    attrs: Mapping[str, Any]
    name: str
    regex: PactRegex | None = None
    min: int | None = None
    max: int | None = None
    rules: tuple[Matcher, ...] = ()
    variants: tuple[tuple[int, RuleCategory], ...] = ()

    @property
    def format(self) -> str:
        """The date/time pattern of a date, time or datetime matcher."""
        for key in ("format", self.name, "timestamp", "date", "time"):
            value = self.attrs.get(key)
            if isinstance(value, str):
                return value
        return _DEFAULT_FORMATS.get(self.type, "")

    def to_json(self) -> dict[str, Any]:
        """The matcher's JSON form, as it was written."""
        return {"match": self.name, **self.attrs}


@dataclass(frozen=True, slots=True)
class RuleGroup(Record):
    """The matchers at one path or name, and how they combine (``AND`` or ``OR``)."""

    matchers: tuple[Matcher, ...]
    combine: str = "AND"

    def to_json(self) -> dict[str, Any]:
        """The v3/v4 form ``{"matchers": [...], "combine": ...}``."""
        return {"matchers": [m.to_json() for m in self.matchers], "combine": self.combine}


@dataclass(frozen=True, slots=True)
class RuleCategory(Record):
    """The rules of one category: keyed by JSON path (body), by name, or a single group.

    Attributes:
        name: ``body``, ``header``, ``query``, ``path``, ``status`` or ``metadata``.
        entries: ``(key, group)`` in pact order; the key is ``""`` for single-value categories.
        paths: the parsed path of each entry (body category), aligned with ``entries``.
    """

    name: str
    entries: tuple[tuple[str, RuleGroup], ...]
    paths: tuple[tuple[PathToken, ...], ...] = field(default=())

    def for_name(self, name: str, *, ignore_case: bool = False) -> RuleGroup | None:
        """The group for a header, query or metadata name (``None`` when there is none)."""
        for key, group in self.entries:
            if key == name or (ignore_case and key.lower() == name.lower()):
                return group
        return None

    def single(self) -> RuleGroup | None:
        """The group of a single-value category (path, status)."""
        return self.entries[0][1] if self.entries else None

    def __bool__(self) -> bool:
        return bool(self.entries)

    def __iter__(self) -> Iterator[tuple[str, RuleGroup]]:
        return iter(self.entries)


_EMPTY: dict[str, RuleCategory] = {}


@dataclass(frozen=True, slots=True)
class MatchingRules(Record):
    """Every matching rule of a request, response or message, in one form.

    Build one with `MatchingRules.from_json`; save with `to_json`.
    """

    categories: Mapping[str, RuleCategory] = field(default_factory=dict)
    body_name: str = "body"

    def category(self, name: str) -> RuleCategory:
        """The rules of a category (empty when the pact has none)."""
        found = self.categories.get(_CATEGORY_ALIASES.get(name, name))
        return found if found is not None else RuleCategory(name, ())

    def __bool__(self) -> bool:
        return any(self.categories.values())

    @classmethod
    def from_json(cls, data: Mapping[str, Any] | None, spec: str = "v3") -> MatchingRules:
        """Parse v2 flat rules or v3/v4 categories.

        Args:
            data: the ``matchingRules`` object of a request, response or message.
            spec: the pact's specification version; matchers newer than it are refused.

        Raises:
            MatcherError: for unknown or too-new matchers, bad paths, bad regexes or bad shapes.
        """
        level = spec_level(spec)
        if not data:
            return cls()
        if not isinstance(data, Mapping):
            raise MatcherError(
                f"matchingRules must be a JSON object, not {type(data).__name__}.",
                hint='Write matchingRules as {"body": {"$.x": {"matchers": [...]}}}.',
            )
        if all(isinstance(key, str) and key.startswith("$") for key in data):
            return _from_v2(data, level)
        return _from_v3(data, level)

    def to_json(self, spec: str = "v3") -> dict[str, Any]:
        """Serialise to the v2 flat form (spec v2) or the v3/v4 categorised form.

        Raises:
            MatcherError: when asked for v2 and a path holds several matchers (v2 cannot say so).
        """
        if spec_level(spec) <= 20:
            return _to_v2(self)
        out: dict[str, Any] = {}
        for name, category in self.categories.items():
            if not category:
                continue
            key = self.body_name if name == "body" else name
            if name in _SINGLE:
                group = category.single()
                assert group is not None
                out[key] = group.to_json()
            else:
                out[key] = {entry: group.to_json() for entry, group in category}
        return out


def parse_matcher(raw: Any, level: int, where: str) -> Matcher:
    """Parse one matcher object (``{"match": "regex", "regex": "..."}``).

    A matcher without ``match`` is inferred as Pact-JVM does: ``regex``, then ``min``/``max``
    (a type matcher with bounds), then ``timestamp``, ``time``, ``date``.

    Raises:
        MatcherError: when the matcher is unknown, newer than the spec, or malformed.
    """
    if not isinstance(raw, Mapping):
        raise MatcherError(
            f"The matcher at {where} must be a JSON object, not {raw!r}.",
            hint='Write it like {"match": "type"}.',
        )
    attrs = {key: value for key, value in raw.items() if key != "match"}
    name = raw.get("match")
    if name is None:
        inferred = next((k for k in ("regex", "min", "max", "timestamp", "time", "date") if k in raw), None)
        if inferred is None:
            raise MatcherError(
                f"The matcher at {where} has no 'match' attribute: {dict(raw)!r}.",
                hint='Name the matcher, e.g. {"match": "type"}.',
            )
        name = "type" if inferred in ("min", "max") else inferred
    if not isinstance(name, str) or name not in _MATCHERS:
        raise MatcherError(
            f"Unknown matcher {name!r} at {where} (Pact specification {_spec_name(level)}).",
            hint="Use one of the Pact matchers: " + ", ".join(sorted(set(_MATCHERS))) + ".",
            matcher=name,
        )
    canonical, since = _MATCHERS[name]
    if since > level:
        raise MatcherError(
            f"The matcher {name!r} at {where} needs Pact specification {_spec_name(since)}, "
            f"but this pact is {_spec_name(level)}.",
            hint=f"Write the pact as {_spec_name(since)} or later, or use a {_spec_name(level)} matcher.",
            matcher=name,
        )
    regex = None
    low = _as_size(attrs["min"], "min", raw) if "min" in attrs else None
    high = _as_size(attrs["max"], "max", raw) if "max" in attrs else None
    if canonical == "min" and low is None:
        raise MatcherError(
            f"The matcher at {where} is 'min' without a 'min' value.",
            hint='Add the bound, e.g. {"match": "min", "min": 1}.',
        )
    if canonical == "max" and high is None:
        raise MatcherError(
            f"The matcher at {where} is 'max' without a 'max' value.",
            hint='Add the bound, e.g. {"match": "max", "max": 10}.',
        )
    if canonical == "regex":
        pattern = attrs.get("regex")
        if not isinstance(pattern, str):
            raise MatcherError(
                f"The regex matcher at {where} has no 'regex' string: {dict(raw)!r}.",
                hint='Write it like {"match": "regex", "regex": "\\\\d+"}.',
            )
        regex = compile_regex(pattern)
    nested: tuple[Matcher, ...] = ()
    if canonical in ("eachKey", "eachValue"):
        rules = attrs.get("rules", [])
        if not isinstance(rules, Sequence) or isinstance(rules, str):
            raise MatcherError(
                f"The 'rules' of {name} at {where} must be a list of matchers.",
                hint=f'Write it like {{"match": "{name}", "rules": [{{"match": "type"}}]}}.',
            )
        nested = tuple(parse_matcher(rule, level, f"{where} ({name})") for rule in rules)
    variants: list[tuple[int, RuleCategory]] = []
    if canonical == "arrayContains":
        for variant in attrs.get("variants", []) or []:
            if not isinstance(variant, Mapping) or not isinstance(variant.get("index", 0), int):
                raise MatcherError(
                    f"An arrayContains variant at {where} is malformed: {variant!r}.",
                    hint='Each variant is {"index": n, "rules": {"$.x": {"matchers": [...]}}}.',
                )
            variants.append((variant.get("index", 0), _parse_body(variant.get("rules") or {}, level, where)))
    if canonical in ("include", "contentType") and not isinstance(attrs.get("value"), str):
        raise MatcherError(
            f"The {name} matcher at {where} needs a string 'value'.",
            hint=f'Write it like {{"match": "{name}", "value": "..."}}.',
        )
    return Matcher(canonical, attrs, name, regex, low, high, nested, tuple(variants))


def _parse_group(raw: Any, level: int, where: str) -> RuleGroup:
    if not isinstance(raw, Mapping):
        raise MatcherError(
            f"The rules at {where} must be a JSON object, not {raw!r}.",
            hint='Write {"matchers": [{"match": "type"}], "combine": "AND"}.',
        )
    if "matchers" not in raw:
        return RuleGroup((parse_matcher(raw, level, where),))
    matchers = raw["matchers"]
    if not isinstance(matchers, Sequence) or isinstance(matchers, str):
        raise MatcherError(f"'matchers' at {where} must be a list.", hint='Write "matchers": [...].')
    combine = str(raw.get("combine", "AND")).upper()
    if combine not in ("AND", "OR"):
        raise MatcherError(
            f"'combine' at {where} must be AND or OR, not {raw.get('combine')!r}.",
            hint='Use "combine": "AND" (every matcher) or "OR" (any matcher).',
        )
    return RuleGroup(tuple(parse_matcher(m, level, where) for m in matchers), combine)


def _parse_body(raw: Mapping[str, Any], level: int, where: str) -> RuleCategory:
    entries, paths = [], []
    for key, group in raw.items():
        path = key if str(key).startswith("$") else "$." + str(key)
        paths.append(parse_path(path))
        entries.append((key, _parse_group(group, level, f"{where} {key}")))
    return RuleCategory("body", tuple(entries), tuple(paths))


def _from_v3(data: Mapping[str, Any], level: int) -> MatchingRules:
    categories: dict[str, RuleCategory] = {}
    body_name = "body"
    for raw_name, raw in data.items():
        name = _CATEGORY_ALIASES.get(raw_name, raw_name)
        if raw_name == "content":
            body_name = "content"
        if not isinstance(raw, Mapping):
            raise MatcherError(
                f"The matchingRules category {raw_name!r} must be a JSON object.",
                hint='Write e.g. "body": {"$.x": {"matchers": [{"match": "type"}]}}.',
            )
        if name == "body":
            categories[name] = _parse_body(raw, level, "body")
        elif name in _SINGLE or "matchers" in raw:
            group = _parse_group(raw, level, name) if "matchers" in raw else None
            if group is None and raw:
                # `{"path": {"$": {...}}}` or `{"path": {"": {...}}}`: a single group under a key.
                group = _parse_group(next(iter(raw.values())), level, name)
            categories[name] = RuleCategory(name, (("", group),) if group is not None else ())
        else:
            categories[name] = RuleCategory(
                name,
                tuple((str(key), _parse_group(group, level, f"{name} {key}")) for key, group in raw.items()),
            )
    return MatchingRules(categories, body_name)


def _from_v2(data: Mapping[str, Any], level: int) -> MatchingRules:
    body: list[tuple[str, RuleGroup]] = []
    body_paths: list[tuple[PathToken, ...]] = []
    named: dict[str, list[tuple[str, RuleGroup]]] = {}
    for key, raw in data.items():
        tokens = parse_path(key)
        group = _parse_group(raw, level, key)
        part = tokens[0] if tokens else None
        if part == "body":
            body_paths.append(tokens[1:])
            as_written = "$" + key[len("$.body") :] if key.startswith("$.body") else ""
            body.append(
                (
                    as_written if parse_path(as_written or "$") == tokens[1:] else format_path(tokens[1:]),
                    group,
                )
            )
        elif (
            part in ("header", "headers", "query", "metadata")
            and len(tokens) == 2
            and isinstance(tokens[1], str)
        ):
            named.setdefault(_CATEGORY_ALIASES.get(str(part), str(part)), []).append((str(tokens[1]), group))
        elif part in ("path", "status") and len(tokens) == 1:
            named.setdefault(str(part), []).append(("", group))
        else:
            raise MatcherError(
                f"The v2 matching-rule path {key!r} does not name a part of the message.",
                hint="Start v2 paths with $.body, $.header(s).<name>, $.query.<name> or $.path.",
            )
    categories = {name: RuleCategory(name, tuple(entries)) for name, entries in named.items()}
    if body:
        categories["body"] = RuleCategory("body", tuple(body), tuple(body_paths))
    return MatchingRules(categories)


def _to_v2(rules: MatchingRules) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for name, category in rules.categories.items():
        for key, group in category:
            if len(group.matchers) != 1:
                raise MatcherError(
                    f"The rules at {name} {key!r} combine {len(group.matchers)} matchers, "
                    "which a v2 pact cannot express.",
                    hint="Save the pact as v3 or v4.",
                )
            if name == "body":
                path = "$.body" + key[1:] if key.startswith("$") else "$.body." + key
            elif name in _SINGLE:
                path = "$." + name
            else:
                path = f"$.{'headers' if name == 'header' else name}.{key}"
            out[path] = group.matchers[0].to_json()
    return out


def _resolve(document: Any, tokens: Sequence[PathToken]) -> list[Any]:
    nodes = [document]
    for token in tokens:
        found: list[Any] = []
        for node in nodes:
            if isinstance(node, Mapping):
                if token is STAR:
                    found.extend(node.values())
                elif str(token) in node:
                    found.append(node[str(token)])
            elif isinstance(node, list):
                if token is STAR or token is STAR_INDEX:
                    found.extend(node)
                elif isinstance(token, int) and token < len(node):
                    found.append(node[token])
        nodes = found
    return nodes


def _example_text(value: Any) -> str | None:
    if isinstance(value, str):
        return value
    if isinstance(value, bool) or value is None:
        return None if value is None else ("true" if value else "false")
    if isinstance(value, int | float):
        return str(value)
    return None


def check_examples(rules: MatchingRules, part: Mapping[str, Any]) -> None:
    """Check that every regex matcher's own example (the value in the pact) matches it.

    "A regex matcher validates its own example at authoring time" (research: peers' known bugs,
    surpher/PactSwift#72): a pact whose example contradicts its rule can never be honoured.

    Args:
        rules: the parsed rules of ``part``.
        part: the request, response or message in pact-file form (``path``, ``headers``,
            ``query``, ``body``/``contents``).

    Raises:
        MatcherError: naming the rule's place, the regex and the example that does not match it
            (or that the regex takes too long on, see `PactRegex`).
    """
    examples: list[tuple[str, RuleGroup, list[Any]]] = []
    body = part.get("body", part.get("contents"))
    if isinstance(body, Mapping) and "content" in body and set(body) <= {"content", "contentType", "encoded"}:
        body = body.get("content") if not body.get("encoded") else None
    category = rules.category("body")
    for (key, group), tokens in zip(category.entries, category.paths, strict=True):
        if isinstance(body, Mapping | list) or (isinstance(body, str) and not tokens):
            examples.append((f"body {key}", group, _resolve(body, tokens)))
    raw_headers = part.get("headers")  # messages have none; HTTP parts' headers are type-checked before
    headers = {str(k).lower(): v for k, v in raw_headers.items()} if isinstance(raw_headers, Mapping) else {}
    for name, group in rules.category("header"):
        value = headers.get(name.lower())
        examples.append((f"header {name}", group, value if isinstance(value, list) else [value]))
    query = part.get("query")
    if isinstance(query, Mapping):
        for name, group in rules.category("query"):
            value = query.get(name)
            examples.append((f"query {name}", group, value if isinstance(value, list) else [value]))
    path_group = rules.category("path").single()
    if path_group is not None:
        examples.append(("path", path_group, [part.get("path")]))
    for where, group, values in examples:
        for matcher in group.matchers:
            if matcher.regex is None:
                continue
            for value in values:
                text = _example_text(value)
                try:
                    found = None if text is None else matcher.regex.fullmatch(text)
                except RegexTooSlow as exc:
                    raise MatcherError(
                        f"The example at {where} cannot be checked: {exc.message}.",
                        hint=exc.hint,
                        regex=matcher.regex.pattern,
                        example=text,
                    ) from None
                if text is not None and found is None:
                    raise MatcherError(
                        f"The example {text!r} at {where} does not match its own regex "
                        f"{matcher.regex.pattern!r}.",
                        hint="Change the example so the regex matches all of it, or fix the regex.",
                        regex=matcher.regex.pattern,
                        example=text,
                    )


__all__ = [
    "Matcher",
    "MatchingRules",
    "RuleCategory",
    "RuleGroup",
    "check_examples",
    "compile_regex",
    "parse_matcher",
    "spec_level",
]
