"""The public matching functions: requests, responses and messages.

Postel's law, as the specification states it:

    "Be strict about what the consumer sends (requests), and lenient about what it accepts
    (responses), so that a provider can add data that this consumer does not use."
    (Pact specification, index README; v1 "Responses (lenient on object keys only)")

Messages follow the response rules: "The consumer is the receiver, so unexpected keys in
``contents`` are allowed" (v3 message test cases).

Each function takes the pact-file JSON form of the expected and actual parts (plain dicts) and
returns the mismatches, ``[]`` when they match. Matching rules are parsed (and their regular
expressions compiled) once per distinct rules object and reused.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Mapping
from typing import Any

from accord.errors import MatcherError
from accord.matching._body import PRESENT, Body, compare_bodies, prepare_body
from accord.matching._http import (
    compare_headers,
    compare_metadata,
    compare_method,
    compare_path,
    compare_query,
    compare_status,
)
from accord.matching._message_contents import equivalent_types, json_string, own_type
from accord.matching.mismatches import Mismatch
from accord.model._rules import MatchingRules, spec_level

_CACHE_SIZE = 1024
_ANY_VERSION = "v4"  # rules are read with every matcher known (see rules_of)
_rules_cache: OrderedDict[tuple[str, str], MatchingRules] = OrderedDict()


def rules_of(part: Mapping[str, Any], spec: str) -> MatchingRules:
    """The parsed ``matchingRules`` of a request, response or message (cached by content).

    A matcher newer than ``spec`` (``integer`` in a v2 pact, ``semver`` in a v3 one) is applied,
    not refused: the Rust core reads every matcher whatever the pact's version, and no
    specification test case says otherwise. (Reading a pact file strictly, and the DSL, still
    point such a matcher out.)

    Raises:
        MatcherError: for unknown matchers, bad paths or bad regexes.
    """
    raw = part.get("matchingRules")
    if not raw:
        return MatchingRules()
    spec_level(spec)  # an unknown version is still an error
    # The key is the rules' text: repr tells JSON values apart as exactly as json.dumps (1, 1.0
    # and true differ; strings are escaped) at half the cost, which a verifier pays per interaction.
    # Key order only costs a cache miss.
    try:
        key = (repr(raw), _ANY_VERSION)
    except RecursionError:
        return MatchingRules.from_json(raw, _ANY_VERSION)
    found = _rules_cache.get(key)
    if found is None:
        found = MatchingRules.from_json(raw, _ANY_VERSION)
        _rules_cache[key] = found
        if len(_rules_cache) > _CACHE_SIZE:
            _rules_cache.popitem(last=False)
    return found


def _check_part(part: Any, what: str) -> Mapping[str, Any]:
    if part is None:
        return {}
    if not isinstance(part, Mapping):
        raise MatcherError(
            f"The {what} to match must be a JSON object (dict), not {type(part).__name__}.",
            hint="Pass the pact-file form, e.g. {'method': 'GET', 'path': '/', 'headers': {...}}.",
        )
    return part


def match_request(expected: Mapping[str, Any], actual: Mapping[str, Any], spec: str = "v3") -> list[Mismatch]:
    """Compare an actual HTTP request with the expected one (strictly: no unexpected keys).

    Args:
        expected: the pact's request (``method``, ``path``, ``query``, ``headers``, ``body``,
            ``matchingRules``).
        actual: the request received; its ``body`` may be raw ``bytes``.
        spec: the pact specification version ("v1", "v1.1", "v2", "v3", "v4").

    Returns:
        The mismatches, empty when the request matches.

    Raises:
        MatcherError: when the expected request's matching rules are invalid for ``spec``.
    """
    level = spec_level(spec)
    expected = _check_part(expected, "expected request")
    actual = _check_part(actual, "actual request")
    rules = rules_of(expected, spec)
    out = compare_method(expected.get("method"), actual.get("method"))
    out += compare_path(expected.get("path"), actual.get("path"), rules.category("path"))
    if "query" in expected or "query" in actual:
        out += compare_query(expected.get("query"), actual.get("query"), rules.category("query"), level)
    out += compare_headers(expected.get("headers"), actual.get("headers"), rules.category("header"))
    out += compare_bodies(
        _expected_body(expected, level),
        prepare_body(dict(actual), "body", actual.get("headers"), level),
        rules.category("body"),
        strict=True,
    )
    return out


def match_response(
    expected: Mapping[str, Any], actual: Mapping[str, Any], spec: str = "v3"
) -> list[Mismatch]:
    """Compare an actual HTTP response with the expected one (leniently: extra keys allowed).

    Args:
        expected: the pact's response (``status``, ``headers``, ``body``, ``matchingRules``).
        actual: the response received; its ``body`` may be raw ``bytes``.
        spec: the pact specification version.

    Returns:
        The mismatches, empty when the response matches.

    Raises:
        MatcherError: when the expected response's matching rules are invalid for ``spec``.
    """
    level = spec_level(spec)
    expected = _check_part(expected, "expected response")
    actual = _check_part(actual, "actual response")
    rules = rules_of(expected, spec)
    # A response without a status is a 200, as the Rust verifier reads it (a v1 pact may omit it).
    out = compare_status(expected.get("status", 200), actual.get("status", 200), rules.category("status"))
    out += compare_headers(expected.get("headers"), actual.get("headers"), rules.category("header"))
    out += compare_bodies(
        _expected_body(expected, level),
        prepare_body(dict(actual), "body", actual.get("headers"), level),
        rules.category("body"),
        strict=False,
    )
    return out


def _expected_body(expected: Mapping[str, Any], level: int) -> Body:
    """The pact's HTTP body as the Rust core reads it: a string under a JSON type may be a JSON string.

    A v1-v3 string body is the text of a JSON document only when it holds an object or a string
    literal; otherwise (``"12"``, ``"abc"``), and always for a v4 body's unencoded string content,
    it is the JSON string itself, so the provider must answer ``"12"``, not ``12``.
    """
    body = prepare_body(dict(expected), "body", expected.get("headers"), level)
    raw = expected.get("body")
    # Below v4 a body shaped like a v4 body object is a JSON object like any other (see prepare_body).
    if body.state == PRESENT and (isinstance(raw, str) or level >= 40):
        text = json_string(raw, body.full_type, level)
        if text is not None:
            return Body(PRESENT, text, body.content_type, body.full_type)
    return body


def _metadata(part: Mapping[str, Any]) -> dict[str, Any]:
    found = part.get("metadata", part.get("metaData"))
    return dict(found) if isinstance(found, Mapping) else {}


def _content_type(metadata: Mapping[str, Any]) -> Any:
    for key, value in metadata.items():
        if key.lower() in ("contenttype", "content-type"):
            return value
    return None


def match_message(expected: Mapping[str, Any], actual: Mapping[str, Any], spec: str = "v3") -> list[Mismatch]:
    """Compare an actual message with the expected one (contents leniently, then metadata).

    Args:
        expected: the pact's message (``contents``, ``metadata``/``metaData``, ``matchingRules``).
        actual: the message produced; ``contents`` may be raw ``bytes``.
        spec: the pact specification version.

    Returns:
        The mismatches, empty when the message matches.

    Raises:
        MatcherError: when the expected message's matching rules are invalid for ``spec``.
    """
    level = spec_level(spec)
    expected = _check_part(expected, "expected message")
    actual = _check_part(actual, "actual message")
    rules = rules_of(expected, spec)
    exp_meta, act_meta = _metadata(expected), _metadata(actual)
    key = "contents" if "contents" in expected or "contents" in actual else "body"
    exp_contents, act_contents = expected.get(key), actual.get(key)
    exp_declared = own_type(exp_contents, level, expected=True) or _content_type(exp_meta)
    act_declared = own_type(act_contents, level, expected=False) or _content_type(act_meta)
    exp_body = prepare_body(dict(expected), key, {"content-type": exp_declared}, level)
    act_body = prepare_body(dict(actual), key, {"content-type": act_declared}, level)
    text = json_string(exp_contents, exp_body.full_type, level) if exp_body.state == PRESENT else None
    if text is not None:
        exp_body = Body(PRESENT, text, exp_body.content_type, exp_body.full_type)
    if exp_body.state == PRESENT and not equivalent_types(exp_body.full_type, act_body.full_type):
        out = [
            Mismatch(
                "body-type",
                "$.contents",
                exp_body.full_type,
                act_body.full_type,
                f"Expected message with content type {exp_body.full_type} but was {act_body.full_type}",
            )
        ]
    elif exp_body.state != PRESENT and (
        not exp_declared or not equivalent_types(exp_declared, act_body.full_type)
    ):
        # No contents expected, typed otherwise than the actual ones or not at all: the Rust core
        # compares nothing (a null or "" contents expects no contents only of its own type).
        out = []
    else:
        out = compare_bodies(exp_body, act_body, rules.category("body"), strict=False)
    out += compare_metadata(exp_meta, act_meta, rules.category("metadata"))
    return out


__all__ = ["match_message", "match_request", "match_response", "rules_of"]
