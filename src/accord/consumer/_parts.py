"""Turning what the DSL was given (bodies, headers, query, paths with matchers) into pact-file JSON.

Every function here returns the form of one specification version:

- bodies: V4 keeps ``{"content", "contentType", "encoded"}`` [V4 README, "Body"]; V2/V3 keep the
  JSON value or the text itself;
- headers: V4 writes a list of values per name (``Map[string, List[string]]`` [V4]), V2/V3 a string;
- query: V3/V4 map a name to a list of unencoded strings [V3]; V2 keeps a query string [V2];
- rules and generators: grouped by category in V3/V4, one flat map under ``$.body``, ``$.headers.X``,
  ``$.query.x``, ``$.path`` in V2 (``accord.match.to_v2``).
"""

from __future__ import annotations

import base64
import contextlib
import json
from typing import Any
from urllib.parse import parse_qsl, urlencode

from accord.errors import ConfigurationError, MatcherError
from accord.match import Matcher, contains_matcher, reify, to_v2

JSON_TYPE = "application/json"


def is_json_type(content_type: str | None) -> bool:
    """Whether a content type is JSON (``application/json``, ``application/*+json``)."""
    base = (content_type or "").split(";")[0].strip().lower()
    return base == JSON_TYPE or base.endswith("+json") or base == "text/json"


class Parts:
    """Collects the matching rules and generators of one request, response or message.

    Attributes:
        spec: "v2", "v3" or "v4".
        rules: V3/V4 categories (``{"body": {...}, "header": {...}}``), or the V2 flat map.
        generators: categories of generators (empty for V2).
    """

    def __init__(self, spec: str) -> None:
        self.spec = spec
        self.rules: dict[str, Any] = {}
        self.generators: dict[str, Any] = {}

    def add(self, category: str, name: str | None, value: Any, v2_prefix: str) -> Any:
        reified = reify(value, self.spec)
        if self.spec == "v2":
            self.rules.update(to_v2(reified.rules, v2_prefix))
            return reified.value
        for path, group in reified.rules.items():
            if category in ("body", "content"):
                self.rules.setdefault(category, {})[path] = group
            elif name is None:
                self.rules[category] = group
            else:
                self.rules.setdefault(category, {}).setdefault(name, group)
        for path, generator in reified.generators.items():
            if category in ("body", "content"):
                self.generators.setdefault(category, {})[path] = generator
            elif name is None:
                self.generators[category] = generator
            else:
                self.generators.setdefault(category, {})[name] = generator
        return reified.value

    def path(self, value: str | Matcher) -> str:
        """The example path; a matcher adds a ``path`` rule."""
        example = self.add("path", None, value, "$.path")
        if not isinstance(example, str) or not example.startswith("/"):
            raise ConfigurationError(
                f"request path {example!r} does not start with '/'",
                hint="give the path part of the URL, e.g. '/users/42'",
            )
        return example

    def headers(self, headers: dict[str, Any] | None) -> dict[str, Any]:
        """Headers in this spec's form; matchers add ``header`` rules keyed by name."""
        out: dict[str, Any] = {}
        for name, value in (headers or {}).items():
            values = value if isinstance(value, list | tuple) else [value]
            examples = []
            for item in values:
                example = self.add("header", name, item, f"$.headers.{name}")
                examples.append(str(example))
            out[name] = examples if self.spec == "v4" else ", ".join(examples)
        return out

    def query(self, query: dict[str, Any] | str | None) -> Any:
        """The query in this spec's form; matchers add ``query`` rules keyed by name."""
        if query is None:
            return None
        if isinstance(query, str):
            pairs: dict[str, list[Any]] = {}
            for key, val in parse_qsl(query.lstrip("?"), keep_blank_values=True):
                pairs.setdefault(key, []).append(val)
            items: dict[str, Any] = pairs
        else:
            items = query
        out: dict[str, list[str]] = {}
        for name, value in items.items():
            values = value if isinstance(value, list | tuple) else [value]
            out[name] = [str(self.add("query", name, item, f"$.query.{name}")) for item in values]
        if self.spec == "v2":
            return urlencode([(k, v) for k, vs in out.items() for v in vs])
        return out

    def body(self, body: Any, content_type: str | None, category: str = "body") -> tuple[Any, str | None]:
        """The body in this spec's form and its content type; matchers add body rules.

        ``bytes`` stay binary (V4 base64), ``str`` is text (default ``text/plain``; under a JSON
        type, the document the text holds), anything else is JSON (default ``application/json``).
        """
        prefix = "$.body"
        example = self.add(category, None, body, prefix) if contains_matcher(body) else body
        if isinstance(example, bytes):
            ctype = content_type or "application/octet-stream"
            if self.spec == "v4":
                return {
                    "content": base64.b64encode(example).decode("ascii"),
                    "contentType": ctype,
                    "encoded": "base64",
                }, ctype
            try:
                return example.decode("utf-8"), ctype
            except UnicodeDecodeError:
                raise MatcherError(
                    f"a binary body ({len(example)} bytes, {ctype}) cannot be written "
                    f"in a {self.spec.upper()} pact",
                    hint='write the pact with spec="v4", which stores binary bodies base64-encoded',
                ) from None
        if isinstance(example, str) and not is_json_type(content_type):
            ctype = content_type or "text/plain"
            if self.spec == "v4":
                return {"content": example, "contentType": ctype, "encoded": False}, ctype
            return example, ctype
        ctype = content_type or JSON_TYPE
        if isinstance(example, str):
            # A str is the body's text (as pact-python's with_body takes it): under a JSON type,
            # the document it holds, so that the pact file, the mock server and the verifier (the
            # Rust one too) agree on what goes over the wire; text that is not JSON stays a string.
            with contextlib.suppress(ValueError, RecursionError):
                example = json.loads(example)
        try:
            json.dumps(example)
        except (TypeError, ValueError) as exc:
            raise ConfigurationError(
                f"the body is not JSON-serialisable: {exc}",
                hint="use dicts, lists, str, int, float, bool and None (or bytes for a binary body)",
            ) from None
        if self.spec == "v4":
            return {"content": example, "contentType": ctype, "encoded": False}, ctype
        return example, ctype

    def attach(self, target: dict[str, Any]) -> dict[str, Any]:
        """Add ``matchingRules`` and ``generators`` to a request/response/message dict when present."""
        if self.rules:
            target["matchingRules"] = self.rules
        if self.generators:
            target["generators"] = self.generators
        return target


def content_type_of(headers: dict[str, Any] | None) -> str | None:
    """The example value of a Content-Type header in a DSL headers dict (matchers reified)."""
    for name, value in (headers or {}).items():
        if name.lower() == "content-type":
            first = value[0] if isinstance(value, list | tuple) else value
            example = reify(first, "v4").value
            return str(example)
    return None


def provider_states(states: list[tuple[str, dict[str, Any]]], spec: str) -> dict[str, Any]:
    """Provider states in this spec's form: V3/V4 ``providerStates`` list, V2 one ``providerState``."""
    if not states:
        return {}
    if spec == "v2":
        if len(states) > 1 or states[0][1]:
            raise ConfigurationError(
                "a V2 pact holds one provider state without parameters",
                hint='write the pact with spec="v3" or "v4" for several states or state parameters',
            )
        return {"providerState": states[0][0]}
    return {
        "providerStates": [
            {"name": name, "params": params} if params else {"name": name} for name, params in states
        ]
    }


__all__ = ["JSON_TYPE", "Parts", "content_type_of", "is_json_type", "provider_states"]
