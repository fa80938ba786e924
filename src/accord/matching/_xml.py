"""Compare XML bodies under matching rules.

The specification's prose says nothing about XML; the v2-v4 test cases (``* xml.json``) fix it:

- "Elements are addressed by name, and attributes as ``['@attr']``. Text is addressed as
  ``['#text']`` or simply through the element's own path." Indices after an element name are
  optional in rule paths (``$.a.b[*].c`` and ``$.a.b.c`` both reach ``c`` under the second ``b``).
- "Requests are strict: an unexpected attribute or child element fails ... Responses allow
  unexpected attributes and extra repeated children."
- "Sibling elements with different names may appear in any order"; same-named children keep
  their order.
- Namespaces compare by URI: "Different prefixes bound to the same URIs match ... A different
  namespace URI fails ... An unexpected namespace on an element fails even in a response."

Where the test cases are silent, the Rust core's reading is followed:

- A type rule's ``min``/``max`` written on an element bound how many child nodes that element
  has, as the Rust core counts them: child elements and text nodes, whitespace between elements
  included (``<a>\n <b/>\n</a>`` has three); a rule that reaches the element only through a
  parent's path, or through a trailing index (``$.a.b[*]``), bounds nothing. Same-named siblings
  are not counted (``$.a.b`` with ``min: 2`` does not ask for two ``<b>``).
- Even in a response, a child whose name the expected element lacks is unexpected when a type
  rule reaches its path (written on it, or cascading from an ancestor), and an expected child
  that is absent is missing whatever rule reaches it.

Nesting is bounded (`MAX_DEPTH`): deeper documents give a clear mismatch, never a RecursionError.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from collections.abc import Sequence
from typing import Any

from accord.matching._values import check_group
from accord.matching.mismatches import Mismatch
from accord.model._paths import PathToken, format_path, token_weight
from accord.model._rules import RuleCategory, RuleGroup

MAX_DEPTH = 200
"""The deepest XML element nesting compared."""

_TYPED = ("type", "min", "max")

Actual = list[tuple[str | int, bool]]  # path elements, each flagged optional (element indices)


def _local(tag: str) -> tuple[str, str]:
    if tag.startswith("{"):
        uri, _, local = tag[1:].partition("}")
        return uri, local
    return "", tag


def _weight(rule: Sequence[PathToken], actual: Actual, i: int, j: int, full: bool) -> int:
    if i == len(rule):
        if full and any(not optional for _, optional in actual[j:]):
            return 0
        return 1
    if j == len(actual):
        return 0
    token, optional = actual[j]
    best = 0
    step = token_weight(rule[i], token)
    if step:
        best = step * _weight(rule, actual, i + 1, j + 1, full)
    if optional:
        best = max(best, _weight(rule, actual, i, j + 1, full))
    return best


class _XmlComparison:
    def __init__(self, rules: RuleCategory, strict: bool) -> None:
        self.rules = list(zip(rules.paths, (group for _, group in rules.entries), strict=True))
        self.strict = strict
        self.out: list[Mismatch] = []

    def best(self, actual: Actual) -> tuple[RuleGroup, bool] | None:
        found, score = None, 0
        for tokens, group in self.rules:
            weight = _weight(tokens, actual, 0, 0, False) * 2
            if weight and weight * (len(tokens) + 1) > score:
                direct = _weight(tokens, actual, 0, 0, True) > 0
                found, score = (group, not direct), weight * (len(tokens) + 1)
        return found

    def add(self, actual: Actual, expected: Any, got: Any, message: str) -> None:
        tokens = [token for token, optional in actual if not optional or token != 0]
        self.out.append(Mismatch("body", format_path(tokens, "$.body"), expected, got, message))

    def element(self, exp: ET.Element, act: ET.Element, path: Actual, depth: int) -> None:
        if depth > MAX_DEPTH:
            self.add(path, None, None, f"XML nested deeper than {MAX_DEPTH} elements is not compared")
            return
        exp_uri, exp_name = _local(exp.tag)
        act_uri, act_name = _local(act.tag)
        if exp_name != act_name or exp_uri != act_uri:
            self.add(path, exp.tag, act.tag, f"Expected element {exp.tag} but received {act.tag}")
            return
        if not self.sizes(act, path):
            return
        self.attributes(exp, act, path)
        self.text(exp, act, path)
        self.children(exp, act, path, depth)

    def sizes(self, act: ET.Element, path: Actual) -> bool:
        """Check the min/max of the type rule written on this element against its child nodes."""
        own = self.best(path[:-1])
        if own is None or own[1]:
            return True
        bounded = [
            m for m in own[0].matchers if m.type in _TYPED and (m.min is not None or m.max is not None)
        ]
        if not bounded:
            return True
        count = len(act) + sum(1 for text in (act.text, *(c.tail for c in act)) if text)
        name = _local(act.tag)[1]
        ok = True
        for matcher in bounded:
            if matcher.min is not None and count < matcher.min:
                self.add(
                    path,
                    matcher.min,
                    count,
                    f"Expected <{name}/> to have at least {matcher.min} children but it has {count}",
                )
                ok = False
            if matcher.max is not None and count > matcher.max:
                self.add(
                    path,
                    matcher.max,
                    count,
                    f"Expected <{name}/> to have at most {matcher.max} children but it has {count}",
                )
                ok = False
        return ok

    def attributes(self, exp: ET.Element, act: ET.Element, path: Actual) -> None:
        for name, value in exp.attrib.items():
            shown = _local(name)[1]
            at = [*path, ("@" + shown, False)]
            if name not in act.attrib:
                self.add(at, value, None, f"Expected attribute '{shown}' but was missing")
                continue
            found = act.attrib[name]
            best = self.best(at)
            if best is not None:
                for error in check_group(best[0], value, found, best[1], True):
                    self.add(at, value, found, error)
            elif value != found:
                self.add(
                    at,
                    value,
                    found,
                    f"Expected attribute '{shown}' to have value '{value}' but was '{found}'",
                )
        if self.strict and any(name not in exp.attrib for name in act.attrib):
            self.add(
                path,
                dict(exp.attrib),
                dict(act.attrib),
                f"Expected {len(exp.attrib)} attribute(s) but received {len(act.attrib)} attribute(s)",
            )

    def text(self, exp: ET.Element, act: ET.Element, path: Actual) -> None:
        exp_text = "".join([exp.text or "", *(c.tail or "" for c in exp)]).strip()
        act_text = "".join([act.text or "", *(c.tail or "" for c in act)]).strip()
        at = [*path, ("#text", False)]
        best = self.best(at)
        if best is not None:
            if exp_text or act_text:
                for error in check_group(best[0], exp_text, act_text, best[1], True):
                    self.add(at, exp_text, act_text, error)
        elif exp_text != act_text:
            self.add(at, exp_text, act_text, f"Expected '{act_text}' to be equal to '{exp_text}'")

    def children(self, exp: ET.Element, act: ET.Element, path: Actual, depth: int) -> None:
        exp_groups: dict[str, list[ET.Element]] = {}
        for child in exp:
            exp_groups.setdefault(child.tag, []).append(child)
        act_groups: dict[str, list[ET.Element]] = {}
        for child in act:
            act_groups.setdefault(child.tag, []).append(child)
        # Responses allow children of other names unless a type rule reaches them (module notes).
        if not self.strict:
            for tag in act_groups:
                if tag not in exp_groups:
                    name = _local(tag)[1]
                    ruled = self.best([*path, (name, False)])
                    if ruled is not None and any(m.type in _TYPED for m in ruled[0].matchers):
                        self.add([*path, (name, False)], None, None, f"Unexpected child <{name}/>")
        for tag, expected in exp_groups.items():
            name = _local(tag)[1]
            found = act_groups.get(tag, [])
            at = [*path, (name, False)]
            best = self.best([*at, (0, True)])
            if best is not None and any(m.type in _TYPED for m in best[0].matchers):
                if not found:
                    self.add(at, None, None, f"Expected child <{name}/> but was missing")
                for index, child in enumerate(found):
                    self.element(expected[0], child, [*at, (index, True)], depth + 1)
                continue
            for index, child in enumerate(expected):
                if index >= len(found):
                    self.add([*at, (index, True)], None, None, f"Expected child <{name}/> but was missing")
                else:
                    self.element(child, found[index], [*at, (index, True)], depth + 1)
            if self.strict:
                for index in range(len(expected), len(found)):
                    self.add([*at, (index, True)], None, None, f"Unexpected child <{name}/>")
        if self.strict and not exp_groups and act_groups:
            names = ", ".join(_local(tag)[1] for tag in act_groups)
            self.add(path, None, None, f"Expected no children but received [{names}]")
        elif self.strict:
            for tag, found in act_groups.items():
                if tag not in exp_groups:
                    name = _local(tag)[1]
                    for _ in found:
                        self.add([*path, (name, False)], None, None, f"Unexpected child <{name}/>")


def _parse(text: str) -> tuple[ET.Element | None, dict[str, str], str | None]:
    """Parse XML, also collecting the namespace declarations of the root element."""
    namespaces: dict[str, str] = {}
    try:
        events = ET.iterparse(_Source(text), events=("start-ns", "start"))
        root: ET.Element | None = None
        for event, item in events:
            if event == "start-ns":
                prefix, uri = item
                if root is None:
                    namespaces[str(prefix)] = str(uri)
            elif root is None:
                root = item
        return root, namespaces, None
    except ET.ParseError as exc:
        return None, namespaces, str(exc)
    except RecursionError:
        return None, namespaces, "the document is nested too deeply"


class _Source:
    def __init__(self, text: str) -> None:
        self.data = text.encode("utf-8")
        self.pos = 0

    def read(self, size: int = -1) -> bytes:
        end = len(self.data) if size < 0 else self.pos + size
        chunk = self.data[self.pos : end]
        self.pos = end
        return chunk


def compare_xml(expected: str, actual: str, rules: RuleCategory, strict: bool) -> list[Mismatch]:
    """Compare two XML documents under the body rules (paths from the root element)."""
    exp_root, exp_ns, exp_error = _parse(expected)
    act_root, act_ns, act_error = _parse(actual)
    if exp_root is None:
        return [
            Mismatch(
                "body", "$.body", expected, actual, f"The expected XML body is not valid XML: {exp_error}"
            )
        ]
    if act_root is None:
        return [
            Mismatch(
                "body", "$.body", expected, actual, f"Failed to parse the actual body as XML: {act_error}"
            )
        ]
    comparison = _XmlComparison(rules, strict)
    unexpected = set(act_ns.values()) - set(exp_ns.values())
    if unexpected:
        comparison.out.append(
            Mismatch(
                "body",
                "$.body",
                sorted(exp_ns.values()),
                sorted(act_ns.values()),
                f"Unexpected XML namespace(s) {', '.join(sorted(unexpected))} received",
            )
        )
    name = _local(exp_root.tag)[1]
    comparison.element(exp_root, act_root, [(name, False), (0, True)], 0)
    return comparison.out


__all__ = ["MAX_DEPTH", "compare_xml"]
