"""The matcher value and reification: from a structure of examples and matchers to pact-file JSON.

A ``Matcher`` is an example value plus the matching rule(s) it stands for and, optionally, a generator.
Reification walks a body (or a header, query or path value) holding matchers and returns three things:
the concrete example, the matching rules keyed by JSONPath and the generators keyed by JSONPath.

Rule forms differ by specification version:

- V2 keeps one flat map whose keys start with the part (``$.body.items[*].id``, ``$.headers.Accept``,
  ``$.path``) and whose values are one matcher each (``{"match": "type", "min": 1}``) [V2 README,
  "Matchers"].
- V3 and V4 group rules by category (``body``, ``header``, ``query``, ``path``, ``metadata``...);
  each entry is ``{"combine": "AND"|"OR", "matchers": [...]}`` and body keys start at the body root
  (``$.items[*].id``) [V3 README, "Matching Rules"]. ``path`` and ``status`` hold one entry with no key.
"""

from __future__ import annotations

import copy
import re
from dataclasses import dataclass, field
from typing import Any, Literal

from accord.errors import MatcherError

RuleDict = dict[str, Any]
Kind = Literal["plain", "each", "contains"]
_SPECS = ("v2", "v3", "v4")
_IDENT = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")


@dataclass(frozen=True, eq=False)
class Matcher:
    """An example value and the matching rules (and generator) it stands for.

    Build matchers with the functions of ``accord.match`` (``like``, ``integer``, ``regex``...), not
    with this class directly.

    Attributes:
        name: the DSL function that made it (``"each_like"``), used in messages.
        example: the example value; may itself hold matchers (``like({"id": integer(1)})``).
        rules: the V4 matcher dicts (``[{"match": "integer"}]``).
        combine: ``"AND"`` (all rules must pass) or ``"OR"`` (one must pass).
        v3_rules: the V3 form, or ``None`` when V3 cannot express this matcher.
        v2_rule: the single V2 matcher dict, or ``None`` when V2 cannot express it.
        generator: a generator dict (``{"type": "RandomInt", "min": 0, "max": 9}``) or ``None``.
        kind: ``"each"`` for arrays of like elements, ``"contains"`` for ``array_containing``.
        repeat: how many copies of the element an ``"each"`` example holds.
    """

    name: str
    example: Any
    rules: tuple[RuleDict, ...]
    combine: Literal["AND", "OR"] = "AND"
    v3_rules: tuple[RuleDict, ...] | None = None
    v2_rule: RuleDict | None = None
    generator: RuleDict | None = None
    kind: Kind = "plain"
    repeat: int = 1

    def rules_for(self, spec: str) -> tuple[RuleDict, ...]:
        """The matcher dicts in ``spec``'s form.

        Raises:
            MatcherError: the spec version cannot express this matcher.
        """
        if spec == "v4":
            return self.rules
        if spec == "v3":
            if self.v3_rules is None:
                raise _too_old(self, spec, "v4")
            return self.v3_rules
        if self.v2_rule is None:
            raise _too_old(self, spec, "v4" if self.v3_rules is None else "v3")
        return (self.v2_rule,)

    def __repr__(self) -> str:
        return f"{self.name}({self.example!r})"


def _too_old(matcher: Matcher, spec: str, needed: str) -> MatcherError:
    return MatcherError(
        f"the {matcher.name}() matcher cannot be written in a {spec.upper()} pact "
        f"(it needs Pact specification {needed.upper()} or newer)",
        hint=f'write the pact with spec="{needed}" (Pact(..., spec="{needed}")), or use a simpler matcher',
        matcher=matcher.name,
        spec=spec,
    )


@dataclass
class Reified:
    """A structure with its matchers taken out.

    Attributes:
        value: the concrete example (matchers replaced by their examples).
        rules: JSONPath -> ``{"combine": ..., "matchers": [...]}`` (V3/V4 form; see ``to_v2``).
        generators: JSONPath -> generator dict.
    """

    value: Any
    rules: dict[str, RuleDict] = field(default_factory=dict)
    generators: dict[str, RuleDict] = field(default_factory=dict)


def path_key(path: str, key: str) -> str:
    """Append a map key to a JSONPath: ``$.name`` for identifiers, ``$['odd key']`` otherwise."""
    if _IDENT.fullmatch(key):
        return f"{path}.{key}"
    escaped = key.replace("\\", "\\\\").replace("'", "\\'")
    return f"{path}['{escaped}']"


def contains_matcher(value: Any) -> bool:
    """Whether a structure holds at least one matcher anywhere."""
    if isinstance(value, Matcher):
        return True
    if isinstance(value, dict):
        return any(contains_matcher(v) for v in value.values())
    if isinstance(value, list | tuple):
        return any(contains_matcher(v) for v in value)
    return False


def reify(value: Any, spec: str = "v4", root: str = "$") -> Reified:
    """Split a structure of examples and matchers into its example, rules and generators.

    Args:
        value: a JSON-like value that may hold matchers at any depth.
        spec: "v2", "v3" or "v4": which rule forms to produce (checked per matcher).
        root: the JSONPath of ``value`` (``$`` for a body root).

    Raises:
        MatcherError: a matcher cannot be expressed in ``spec``.
    """
    if spec not in _SPECS:
        raise MatcherError(
            f"matchers cannot be written for Pact specification {spec!r}",
            hint='use spec="v2", "v3" or "v4" (V1 pacts have no matching rules)',
        )
    out = Reified(None)
    out.value = _walk(value, root, spec, out)
    return out


def _walk(value: Any, path: str, spec: str, out: Reified) -> Any:
    if isinstance(value, Matcher):
        rules = value.rules_for(spec)
        if rules:
            out.rules[path] = {"combine": value.combine, "matchers": [dict(r) for r in rules]}
        if value.generator is not None and spec != "v2":
            out.generators[path] = dict(value.generator)
        if value.kind == "each":
            element = _walk(value.example, f"{path}[*]", spec, out)
            return [element] + [copy.deepcopy(element) for _ in range(value.repeat - 1)]
        if value.kind == "contains":
            # variants carry their own rules inside the arrayContains matcher; only examples here
            return [reify(item, spec).value for item in value.example]
        return _walk(value.example, path, spec, out)
    if isinstance(value, dict):
        return {str(k): _walk(v, path_key(path, str(k)), spec, out) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_walk(v, f"{path}[{i}]", spec, out) for i, v in enumerate(value)]
    return value


def example_of(value: Any) -> Any:
    """The concrete example of a structure (matchers replaced by their examples, V4 rules)."""
    return reify(value, "v4").value


def to_v2(rules: dict[str, RuleDict], prefix: str) -> dict[str, RuleDict]:
    """Turn reified rules into V2's flat form under ``prefix`` (``$.body``, ``$.headers.X``...).

    A V2 entry holds one matcher [V2 README]: the first of the group (V2-capable matchers have one).
    """
    flat: dict[str, RuleDict] = {}
    for path, group in rules.items():
        key = prefix + path[1:] if path.startswith("$") else f"{prefix}.{path}"
        flat[key] = dict(group["matchers"][0])
    return flat


__all__ = ["Matcher", "Reified", "contains_matcher", "example_of", "path_key", "reify", "to_v2"]
