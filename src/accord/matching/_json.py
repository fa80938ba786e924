"""Compare JSON documents under matching rules, iteratively (any depth, no recursion).

The rules (Pact specification v2/v3, "Matching Rules"):

- "A rule cascades. A rule on a value also applies to all of its children, unless a more
  specific path matches them." The best rule for a node is the applicable path with the
  highest weight (see `accord.model._paths`); it is *cascaded* when written for an ancestor.
- "When no rule applies, equality is used": requests reject unexpected keys, responses and
  messages allow them (Postel's law); arrays must have the same items in the same order.
- A ``type`` rule (with ``min``/``max``) on an array compares every actual item with the first
  expected item; size bounds apply only where the rule is written, not where it cascades.
- ``values``/``eachValue`` ignore keys and compare every actual value; ``eachKey`` checks every key;
  ``arrayContains`` looks for each variant anywhere in the actual array.

Rule paths are not re-parsed per node: each node carries the rules still *alive* for it (those
whose path prefix matched so far, with their weight), advanced by one token per level.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import Any

from accord.matching._display import compact, json_equal, kind, type_of, value_of
from accord.matching._values import check_group, check_value
from accord.matching.mismatches import Mismatch
from accord.model._paths import STAR, STAR_INDEX, PathToken, format_path
from accord.model._rules import Matcher, RuleCategory, RuleGroup


class RuleTrie:
    """Body rule paths merged into a tree, so a node's rules step on with one dict lookup.

    Attributes:
        names: children by property name (array indices are stored as their decimal text, so
            ``[2]`` and ``['2']`` meet, as the spec's weights treat them alike).
        star: the child for ``*`` (any name or index).
        index: the child for ``[*]`` (any index, not names: the Rust reference's reading).
        group: the first rule group (in pact order) whose path ends here.
        depth: the number of tokens from the root to here.
    """

    __slots__ = ("depth", "group", "index", "names", "star")

    def __init__(self, depth: int) -> None:
        self.names: dict[str, RuleTrie] = {}
        self.star: RuleTrie | None = None
        self.index: RuleTrie | None = None
        self.group: RuleGroup | None = None
        self.depth = depth

    def branches(self) -> bool:
        """Whether any rule path continues below this node."""
        return bool(self.names) or self.star is not None or self.index is not None

    def add(self, tokens: tuple[PathToken, ...], group: RuleGroup) -> None:
        """Insert one rule path."""
        node = self
        for token in tokens:
            if token is STAR:
                if node.star is None:
                    node.star = RuleTrie(node.depth + 1)
                node = node.star
            elif token is STAR_INDEX:
                if node.index is None:
                    node.index = RuleTrie(node.depth + 1)
                node = node.index
            else:
                node = node.names.setdefault(str(token), RuleTrie(node.depth + 1))
        if node.group is None:
            node.group = group


# A rule path still being matched: (trie node reached, weight so far).
Pending = tuple[RuleTrie, int]
# The rules in force at a node: (paths still pending below, best group, its score, written here?).
Live = tuple[tuple[Pending, ...], RuleGroup | None, int, bool]
_SYNTHETIC_WEIGHT = 1 << 40  # rules nested in eachValue outrank everything written in the pact
_NONE: tuple[Pending, ...] = ()
_TRIES: dict[int, tuple[RuleCategory, RuleTrie]] = {}


def _trie(category: RuleCategory) -> RuleTrie:
    found = _TRIES.get(id(category))
    if found is not None and found[0] is category:
        return found[1]
    trie = RuleTrie(0)
    for tokens, (_, group) in zip(category.paths, category.entries, strict=True):
        trie.add(tokens, group)
    if len(_TRIES) > 2048:
        _TRIES.clear()
    _TRIES[id(category)] = (category, trie)
    return trie


def synthetic(group: RuleGroup) -> Pending:
    """A pending rule for every child of the current node (the nested rules of ``eachValue``)."""
    trie = RuleTrie(0)
    trie.add((STAR,), group)
    return trie, _SYNTHETIC_WEIGHT


def root_entries(category: RuleCategory) -> Live:
    """The rules in force at the document root, from a body rule category."""
    trie = _trie(category)
    pending = (trie, 2) if trie.branches() else None
    return (
        (pending,) if pending else _NONE,
        trie.group,
        2 if trie.group is not None else 0,
        trie.group is not None,
    )


def _advance(live: Live, key: str | int, extra: tuple[Pending, ...] = ()) -> Live:
    """The rules in force at the child ``key``: the parent's best cascades, pending paths step on.

    "A rule cascades. A rule on a value also applies to all of its children, unless a more
    specific path matches them" (v2): a path that ends here competes with the inherited rule by
    ``weight * length`` (a matching name or index weighs 2, ``*`` weighs 1); on a tie the
    inherited rule stays.
    """
    pending, best, score, _ = live
    if not pending and not extra:
        return _NONE, best, score, False
    name = key if type(key) is str else str(key)
    if extra:
        still, group, reached = _step(pending + extra, name)
    else:
        # The same rules meet the same keys in every item of an array and in every interaction
        # sharing rules (rules_of caches them), so the step is looked up rather than redone.
        step = _STEPS.get((pending, name))
        if step is None:
            step = _step(pending, name)
            if len(_STEPS) >= _STEPS_SIZE:
                _STEPS.clear()
            _STEPS[pending, name] = step
        still, group, reached = step
    if group is not None and reached > score:
        return still, group, reached, True
    return still, best, score, False


# (paths pending, key) -> (paths pending below the key, best group ending at the key, its score).
_STEPS: dict[tuple[tuple[Pending, ...], str], tuple[tuple[Pending, ...], RuleGroup | None, int]] = {}
_STEPS_SIZE = 4096


def _step(pending: tuple[Pending, ...], name: str) -> tuple[tuple[Pending, ...], RuleGroup | None, int]:
    """One step of the pending paths into the child ``name``: what is still pending, and the
    best-scoring group among the paths ending there (the first one found, on equal scores)."""
    still: list[Pending] = []
    best: RuleGroup | None = None
    score = 0
    is_index = name.isdigit()  # an int key, or a name spelling one ([2] and ['2'] weigh alike)
    for node, weight in pending:
        # Children in the order exact name (step 2), ``*`` and ``[*]`` (step 1).
        exact = node.names.get(name)
        for child, reached in (
            (exact, weight * 2),
            (node.star, weight),
            (node.index if is_index else None, weight),
        ):
            if child is None:
                continue
            if child.group is not None and reached * (child.depth + 1) > score:
                best, score = child.group, reached * (child.depth + 1)
            if child.names or child.star is not None or child.index is not None:
                still.append((child, reached))
    return tuple(still), best, score


Node = tuple[Any, Any, "tuple[Any, ...] | None", Live]


class JsonComparison:
    """One comparison of an expected and an actual JSON document.

    Args:
        strict: reject unexpected object keys (requests); ``False`` for responses and messages.
        root: the display prefix of paths (``$.body``).
    """

    def __init__(self, strict: bool, root: str = "$.body") -> None:
        self.strict = strict
        self.root = root
        self.mismatches: list[Mismatch] = []

    def _path(self, cell: tuple[Any, ...] | None) -> str:
        tokens: list[PathToken] = []
        while cell is not None:
            tokens.append(cell[1])
            cell = cell[0]
        tokens.reverse()
        return format_path(tokens, self.root)

    def _add(self, cell: tuple[Any, ...] | None, expected: Any, actual: Any, message: str) -> None:
        self.mismatches.append(Mismatch("body", self._path(cell), expected, actual, message))

    def run(self, expected: Any, actual: Any, entries: Live) -> list[Mismatch]:
        """Compare the documents; return the mismatches (also kept in ``self.mismatches``)."""
        stack: list[Node] = [(expected, actual, None, entries)]
        pop, extend = stack.pop, stack.extend
        while stack:
            exp, act, cell, live = pop()
            group = live[1]
            exp_type, act_type = type(exp), type(act)
            exp_shape = _SHAPES.get(exp_type)
            if exp_shape is None:
                exp_shape = _shape(exp)
            act_shape = _SHAPES.get(act_type)
            if act_shape is None:
                act_shape = _shape(act)
            if exp_shape == act_shape == _MAP:
                best = None if group is None else (group, not live[3])
                extend(reversed(self._maps(exp, act, cell, live, best)))
            elif exp_shape == act_shape == _LIST:
                best = None if group is None else (group, not live[3])
                extend(reversed(self._lists(exp, act, cell, live, best)))
            elif exp_shape:
                # An object or array where something else arrived: a type mismatch whatever the
                # rules say (Rust: "Type mismatch: Expected 'b' (String) to be the same type as
                # ["b"] (Array)").
                self._add(cell, exp, act, f"Type mismatch: {_type_mismatch(exp, act)}")
            elif group is None:
                if exp_type is act_type and exp_type in _SCALARS and exp == act:
                    continue
                error = check_value(_EQUALITY, exp, act, False)
                if error:
                    self._add(cell, exp, act, error)
            else:
                quick = _summary(group)[4]
                if quick is not None and quick(exp, act):
                    continue  # a one-matcher rule the value plainly passes, settled without messages
                for error in check_group(group, exp, act, not live[3]):
                    self._add(cell, exp, act, error)
        return self.mismatches

    def _sizes(
        self,
        best: tuple[RuleGroup, bool],
        exp: Any,
        act: Any,
        cell: tuple[Any, ...] | None,
        only: frozenset[str] | None = None,
    ) -> None:
        """Apply the matchers that judge a collection as a whole (sizes, emptiness, kind).

        Lists, as in the Rust reference, are judged only by size and emptiness rules; value
        matchers (``number``, ``boolean``...) on a list apply to its items, where they cascade.
        """
        group, cascaded = best
        summary = _summary(group)
        matchers = summary[3] if cascaded else summary[2]
        if only is not None:
            matchers = tuple(m for m in matchers if m.type in only)
        if not matchers:
            return
        errors: list[str] = []
        for matcher in matchers:
            if isinstance(act, dict) and matcher.type not in _MAP_CHECKS:
                # A value matcher cannot judge an object (Rust: "Unable to match ... using ...").
                error: str | None = f"Unable to match {compact(act, 200)} using {matcher.name}"
            elif isinstance(act, list) and matcher.type == "null":
                # The one value matcher the Rust reference refuses on a list (checked 2026-11-25).
                shown = compact([compact(item, 100) for item in act], 200)
                error = f"Unable to match {shown} using {matcher.name}"
            else:
                error = check_value(matcher, exp, act, cascaded)
            if error is None and group.combine == "OR":
                return
            if error is not None:
                errors.append(error)
        for message in errors:
            self._add(cell, exp, act, message)

    def _maps(
        self,
        exp: Mapping[str, Any],
        act: Mapping[str, Any],
        cell: tuple[Any, ...] | None,
        live: Live,
        best: tuple[RuleGroup, bool] | None,
    ) -> list[Node]:
        children: list[Node] = []
        summary = _summary(best[0]) if best else _NO_SUMMARY
        types = summary[0]
        if best is not None:
            if summary[3] if best[1] else summary[2]:
                self._sizes(best, exp, act, cell)
            if summary[1] and not json_equal(exp, act):
                # An equality rule on an object compares it whole: extra keys fail even where
                # they would otherwise be allowed (responses, messages), as in the Rust core.
                self._add(cell, exp, act, f"Expected {compact(act)} to be equal to {compact(exp)}")
        if best is not None and not best[1] and types & {"values", "eachValue"}:
            # Keys the example lacks meet the example's first value in key order, as the Rust
            # reference (whose maps are sorted) picks it.
            first = exp[min(exp)] if exp else None
            extra = tuple(
                synthetic(RuleGroup(matcher.rules))
                for matcher in best[0].matchers
                if matcher.type == "eachValue" and matcher.rules
            )
            for key, value in act.items():
                if key in exp or exp:
                    children.append((exp.get(key, first), value, (cell, key), _advance(live, key, extra)))
            return children
        if best is not None and not best[1] and "eachKey" in types:
            for matcher in best[0].matchers:
                if matcher.type != "eachKey":
                    continue
                for key in act:
                    for rule in matcher.rules:
                        error = check_value(rule, key, key, False, True)
                        if error:
                            self._add((cell, key), key, key, error)
        elif not exp and act and self.strict and best is None:
            self._add(cell, exp, act, f"Expected an empty Map but received {compact(act)}")
        elif best is not None and not best[1] and "arrayContains" in types:
            pass  # the Rust reference does not check the keys of an object under arrayContains
        else:
            missing = [key for key in exp if key not in act]
            if self.strict and exp.keys() != act.keys():
                self._add(
                    cell,
                    exp,
                    act,
                    f"Expected a Map with keys [{', '.join(sorted(exp))}] "
                    f"but received one with keys [{', '.join(sorted(act))}]",
                )
            elif missing:
                self._add(cell, exp, act, f"Actual map is missing the following keys: {', '.join(missing)}")
        if live[0]:
            for key, value in exp.items():
                if key in act:
                    children.append((value, act[key], (cell, key), _advance(live, key)))
        else:  # no rule path continues below: every child inherits the same rules
            inherited: Live = (_NONE, live[1], live[2], False)
            for key, value in exp.items():
                if key in act:
                    children.append((value, act[key], (cell, key), inherited))
        return children

    def _lists(
        self,
        exp: Sequence[Any],
        act: Sequence[Any],
        cell: tuple[Any, ...] | None,
        live: Live,
        best: tuple[RuleGroup, bool] | None,
    ) -> list[Node]:
        children: list[Node] = []
        matchers = [m for m in best[0].matchers if m.type != "equality"] if best else []
        if best is not None and not exp:
            # The Rust reference checks nothing against an empty example list under any rule.
            return children
        if best is not None and matchers:
            self._sizes(best, exp, act, cell, _LIST_CHECKS)
            contains = [m for m in matchers if m.type == "arrayContains"]
            for matcher in contains:
                self._contains(matcher, exp, act, cell)
            if contains and len(contains) == len(matchers):
                return children
            # Each actual item meets the expected item at its index, or the first one past the
            # end of the example list (pact-reference pads the example list with its first item).
            # eachValue (v4) written here: "Apply the rules to every value of a collection".
            extra = tuple(
                synthetic(RuleGroup(matcher.rules))
                for matcher in matchers
                if matcher.type == "eachValue" and matcher.rules and not best[1]
            )
            for index, value in enumerate(act):
                example = exp[index] if index < len(exp) else exp[0]
                children.append((example, value, (cell, index), _advance(live, index, extra)))
            return children
        if not exp and act:
            self._add(cell, exp, act, f"Expected an empty List but received {compact(act)}")
            return children
        for index, value in enumerate(exp):
            if index < len(act):
                children.append((value, act[index], (cell, index), _advance(live, index)))
            elif _advance(live, index)[1] is None:
                self._add((cell, index), value, None, f"Expected {value_of(value)} but was missing")
        if len(exp) != len(act):
            self._add(
                cell, exp, act, f"Expected a List with {len(exp)} elements but received {len(act)} elements"
            )
        return children

    def _contains(
        self, matcher: Matcher, exp: Sequence[Any], act: Sequence[Any], cell: tuple[Any, ...] | None
    ) -> None:
        """``arrayContains`` (v4): "Each variant ... must be matched by some element of the actual
        array. Order is free and extra elements are allowed." """
        variants = matcher.variants or tuple((index, RuleCategory("body", ())) for index in range(len(exp)))
        for index, rules in variants:
            if index >= len(exp):
                self._add(
                    cell,
                    exp,
                    act,
                    f"ArrayContains: variant {index} is missing from the expected list, "
                    f"which has {len(exp)} items",
                )
                continue
            wanted = exp[index]
            entries = root_entries(rules)
            if not any(not JsonComparison(self.strict).run(wanted, item, entries) for item in act):
                self._add(
                    cell,
                    wanted,
                    act,
                    f"Variant at index {index} ({compact(wanted)}) was not found in the actual list",
                )


_EQUALITY = Matcher("equality", {}, "equality")

# What a rule group means: (its matcher types, has an equality matcher, the matchers judging a
# collection as a whole where the group is written, and where it cascades, a quick test that a
# plain value passes, when there is one).
Quick = Callable[[Any, Any], bool]
Summary = tuple[frozenset[str], bool, tuple[Matcher, ...], tuple[Matcher, ...], Quick | None]
_NO_SUMMARY: Summary = (frozenset(), False, (), (), None)
_SUMMARIES: dict[int, tuple[RuleGroup, Summary]] = {}


def _summary(group: RuleGroup) -> Summary:
    """The `Summary` of a group, worked out once per group rather than once per node."""
    found = _SUMMARIES.get(id(group))
    if found is not None and found[0] is group:
        return found[1]
    judges = [m for m in group.matchers if m.type not in ("equality", "regex")]
    summary: Summary = (
        frozenset(m.type for m in group.matchers),
        any(m.type == "equality" for m in group.matchers),
        tuple(
            m for m in judges if not (m.type in ("type", "min", "max") and m.min is None and m.max is None)
        ),
        tuple(m for m in judges if m.type not in ("type", "min", "max")),
        _quick(group),
    )
    if len(_SUMMARIES) > 4096:
        _SUMMARIES.clear()
    _SUMMARIES[id(group)] = (group, summary)
    return summary


def _quick(group: RuleGroup) -> Quick | None:
    """For a one-matcher group, a test that a plain value passes (``False``: let check_group judge).

    Each test accepts only what `check_value` accepts (``integer``: an int that is not a bool;
    ``decimal``: a float; a ``regex`` unguarded, on a string), so it never changes a verdict.
    """
    if len(group.matchers) != 1:
        return None
    matcher = group.matchers[0]
    name = matcher.type
    if name == "type":
        return lambda exp, act: kind(exp) == kind(act)
    if name == "integer":
        return lambda _, act: type(act) is int
    if name == "decimal":
        return lambda _, act: type(act) is float
    if name == "number":
        return lambda _, act: type(act) is int or type(act) is float
    if name == "regex" and matcher.regex is not None and not matcher.regex.guarded:
        fullmatch = matcher.regex.fullmatch
        return lambda _, act: type(act) is str and fullmatch(act) is not None
    return None


_LIST_CHECKS = frozenset({"type", "min", "max", "notEmpty", "null"})
_MAP_CHECKS = frozenset({"type", "min", "max", "notEmpty", "values", "eachKey", "eachValue", "arrayContains"})


def _type_mismatch(expected: Any, actual: Any) -> str:
    return (
        f"Expected {value_of(actual)} ({type_of(actual)}) to be the same type as "
        f"{value_of(expected)} ({type_of(expected)})"
    )


_SCALARS: frozenset[type] = frozenset({str, int, float, bool, type(None)})
_SCALAR, _MAP, _LIST = 0, 1, 2
_SHAPES: dict[type, int] = {dict: _MAP, list: _LIST, tuple: _LIST, **dict.fromkeys(_SCALARS, _SCALAR)}


def _shape(value: Any) -> int:
    """Whether a value is a JSON object, an array or a plain value (for types not in _SHAPES)."""
    if isinstance(value, Mapping):
        return _MAP
    if isinstance(value, list | tuple):
        return _LIST
    return _SCALAR


def compare_json(
    expected: Any, actual: Any, rules: RuleCategory, strict: bool, root: str = "$.body"
) -> list[Mismatch]:
    """Compare two JSON documents under the body rules.

    Args:
        expected: the example document from the pact.
        actual: the document received.
        rules: the body category of the matching rules.
        strict: reject unexpected object keys (requests).
        root: the display prefix of mismatch paths.
    """
    return JsonComparison(strict, root).run(expected, actual, root_entries(rules))


__all__ = ["JsonComparison", "compare_json", "root_entries"]
