"""Verdict parity with the Rust verifier on the response side, beyond JSON bodies.

Each named case is one interaction (in its pact's v2, v3 or v4 form) and what a loopback
provider answers to it (status, headers, raw body bytes). All cases of one spec version go into
one pact; ``pact verifier`` (pact-python-cli 0.10.9) runs once per pact and Accord's ``Verifier``
once, and per interaction (in pact order: Rust reports by description, and two interactions may
share one) the verdicts must be the same. A case marked ``differs`` records a reasoned, known
difference: there the Rust verifier refuses what the specification allows (date patterns with
optional sections, the zone name UTC), and Accord keeps the specification's reading.
"""

from __future__ import annotations

import gzip
import json
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler
from pathlib import Path
from typing import Any

import pytest

from ._rust import LoopbackProvider, accord_verdicts, rust_verdicts

pytestmark = [pytest.mark.peers, pytest.mark.slow]

JSON = "application/json"
PNG = (
    b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00\x1f\x15\xc4\x89"
)
VERSIONS = {"v2": "2.0.0", "v3": "3.0.0", "v4": "4.0"}


@dataclass(frozen=True)
class Reply:
    """What the provider answers: status, headers in order (repeats allowed) and the raw body."""

    status: int = 200
    headers: tuple[tuple[str, str], ...] = ()
    body: bytes = b""


@dataclass(frozen=True)
class Case:
    """One interaction's expected response (pact form), the provider's reply, and extra fields.

    ``differs`` is empty, or why Accord's verdict is knowingly not the Rust verifier's.
    """

    name: str
    spec: str
    response: dict[str, Any]
    reply: Reply
    extra: dict[str, Any] = field(default_factory=dict)
    differs: str = ""


def _json(value: Any, content_type: str = JSON, status: int = 200, **headers: str) -> Reply:
    raw = value if isinstance(value, bytes) else json.dumps(value, ensure_ascii=False).encode()
    return Reply(status, (("Content-Type", content_type), *headers.items()), raw)


def _text(text: str, content_type: str = "text/plain", status: int = 200) -> Reply:
    return Reply(status, (("Content-Type", content_type),), text.encode())


def _v3(
    body: Any = None, rules: dict[str, Any] | None = None, status: int = 200, **extra: Any
) -> dict[str, Any]:
    """A v3 response: JSON body with body rules (paths without the ``$.body`` prefix)."""
    response: dict[str, Any] = {"status": status, "headers": {"Content-Type": JSON}}
    if body is not None:
        response["body"] = body
    if rules:
        response["matchingRules"] = {"body": {p: {"matchers": m} for p, m in rules.items()}}
    response.update(extra)
    return response


def _v4(
    body: Any = None, rules: dict[str, Any] | None = None, content_type: str = JSON, **extra: Any
) -> dict[str, Any]:
    """A v4 response: ``{"content", "contentType"}`` body, list header values, body rules."""
    response: dict[str, Any] = {"status": 200, "headers": {"Content-Type": [content_type]}}
    if body is not None:
        response["body"] = {"content": body, "contentType": content_type, "encoded": False}
    if rules:
        response["matchingRules"] = {"body": {p: {"combine": "AND", "matchers": m} for p, m in rules.items()}}
    response.update(extra)
    return response


def _status_rule(status: Any) -> dict[str, Any]:
    return {"status": {"$": {"combine": "AND", "matchers": [{"match": "statusCode", "status": status}]}}}


def _header_rules(**rules: list[dict[str, Any]]) -> dict[str, Any]:
    return {"header": {name.replace("_", "-"): {"matchers": m} for name, m in rules.items()}}


XML = "application/xml"
FORM = "application/x-www-form-urlencoded"
ORDERS = {"items": [{"id": 1, "name": "tea"}]}

CASES: list[Case] = [
    # status
    Case("status exact", "v3", {"status": 200}, Reply(200)),
    Case("status wrong", "v3", {"status": 200}, Reply(201)),
    Case("status 404 expected and sent", "v2", {"status": 404}, Reply(404)),
    Case(
        "statusCode success, 204 sent",
        "v4",
        {"status": 200, "matchingRules": _status_rule("success")},
        Reply(204),
    ),
    Case(
        "statusCode success, 404 sent",
        "v4",
        {"status": 200, "matchingRules": _status_rule("success")},
        Reply(404),
    ),
    Case(
        "statusCode clientError, 422 sent",
        "v4",
        {"status": 400, "matchingRules": _status_rule("clientError")},
        Reply(422),
    ),
    Case(
        "statusCode nonError, 302 sent",
        "v4",
        {"status": 200, "matchingRules": _status_rule("nonError")},
        Reply(302),
    ),
    Case(
        "statusCode error, 200 sent",
        "v4",
        {"status": 500, "matchingRules": _status_rule("error")},
        Reply(200),
    ),
    Case(
        "statusCode [200, 201], 201 sent",
        "v4",
        {"status": 200, "matchingRules": _status_rule([200, 201])},
        Reply(201),
    ),
    Case(
        "statusCode [200, 201], 202 sent",
        "v4",
        {"status": 200, "matchingRules": _status_rule([200, 201])},
        Reply(202),
    ),
    # headers
    Case(
        "header name in another case",
        "v3",
        {"status": 200, "headers": {"X-Request-Id": "abc"}},
        Reply(200, (("x-request-id", "abc"),)),
    ),
    Case(
        "header value in another case",
        "v3",
        {"status": 200, "headers": {"X-Mode": "fast"}},
        Reply(200, (("X-Mode", "FAST"),)),
    ),
    Case(
        "content type with charset sent, none expected",
        "v3",
        _v3({"a": 1}),
        _json({"a": 1}, "application/json; charset=utf-8"),
    ),
    Case(
        "content type with charset expected, none sent",
        "v3",
        {"status": 200, "headers": {"Content-Type": "application/json; charset=utf-8"}, "body": {"a": 1}},
        _json({"a": 1}),
    ),
    Case(
        "content type charset in another case",
        "v3",
        {"status": 200, "headers": {"Content-Type": "application/json; charset=UTF-8"}, "body": {"a": 1}},
        _json({"a": 1}, "application/json;charset=utf-8"),
    ),
    Case(
        "custom header with params, none sent",
        "v3",
        {"status": 200, "headers": {"X-Thing": "a; p=1"}},
        Reply(200, (("X-Thing", "a"),)),
    ),
    Case(
        "multi-value header without spaces",
        "v3",
        {"status": 200, "headers": {"Allow": "GET, POST"}},
        Reply(200, (("Allow", "GET,POST"),)),
    ),
    Case(
        "multi-value header sent as repeats",
        "v3",
        {"status": 200, "headers": {"Allow": "GET, POST"}},
        Reply(200, (("Allow", "GET"), ("Allow", "POST"))),
    ),
    Case(
        "multi-value header in another order",
        "v3",
        {"status": 200, "headers": {"Allow": "GET, POST"}},
        Reply(200, (("Allow", "POST, GET"),)),
    ),
    Case(
        "multi-value header, one value missing",
        "v3",
        {"status": 200, "headers": {"Allow": "GET, POST"}},
        Reply(200, (("Allow", "GET"),)),
    ),
    Case(
        "v4 header list, comma-joined on the wire",
        "v4",
        {"status": 200, "headers": {"Allow": ["GET", "POST"]}},
        Reply(200, (("Allow", "GET, POST"),)),
    ),
    Case("header missing", "v3", {"status": 200, "headers": {"X-Version": "2"}}, Reply(200)),
    Case(
        "extra header sent",
        "v3",
        {"status": 200, "headers": {"X-Version": "2"}},
        Reply(200, (("X-Version", "2"), ("X-Other", "1"))),
    ),
    Case(
        "header value wrong",
        "v3",
        {"status": 200, "headers": {"X-Version": "2"}},
        Reply(200, (("X-Version", "3"),)),
    ),
    Case(
        "header regex passes",
        "v3",
        {
            "status": 200,
            "headers": {"X-Id": "12"},
            "matchingRules": _header_rules(X_Id=[{"match": "regex", "regex": "\\d+"}]),
        },
        Reply(200, (("X-Id", "99"),)),
    ),
    Case(
        "header regex fails",
        "v3",
        {
            "status": 200,
            "headers": {"X-Id": "12"},
            "matchingRules": _header_rules(X_Id=[{"match": "regex", "regex": "\\d+"}]),
        },
        Reply(200, (("X-Id", "9a"),)),
    ),
    Case(
        "header rule in another case than the header",
        "v3",
        {
            "status": 200,
            "headers": {"X-Id": "12"},
            "matchingRules": _header_rules(x_id=[{"match": "regex", "regex": "\\d+"}]),
        },
        Reply(200, (("X-ID", "77"),)),
    ),
    Case(
        "header type matcher",
        "v3",
        {"status": 200, "headers": {"X-Id": "12"}, "matchingRules": _header_rules(X_Id=[{"match": "type"}])},
        Reply(200, (("X-Id", "anything"),)),
    ),
    Case(
        "header regex on a multi-value header",
        "v3",
        {
            "status": 200,
            "headers": {"X-Ids": "1, 2"},
            "matchingRules": _header_rules(X_Ids=[{"match": "regex", "regex": "\\d+"}]),
        },
        Reply(200, (("X-Ids", "7, 8, 9"),)),
    ),
    Case(
        "v2 header rule path",
        "v2",
        {
            "status": 200,
            "headers": {"X-Id": "12"},
            "matchingRules": {"$.headers.X-Id": {"match": "regex", "regex": "\\d+"}},
        },
        Reply(200, (("X-Id", "34"),)),
    ),
    Case(
        "content type regex matcher passes",
        "v3",
        {
            "status": 200,
            "headers": {"Content-Type": JSON},
            "body": {"a": 1},
            "matchingRules": _header_rules(
                Content_Type=[{"match": "regex", "regex": "application/.*json.*"}]
            ),
        },
        _json({"a": 1}, "application/hal+json"),
    ),
    Case(
        "content type regex matcher fails",
        "v3",
        {
            "status": 200,
            "headers": {"Content-Type": JSON},
            "body": {"a": 1},
            "matchingRules": _header_rules(Content_Type=[{"match": "regex", "regex": "application/json"}]),
        },
        _json({"a": 1}, "text/json"),
    ),
    Case(
        "content type hal+json sent, json expected",
        "v3",
        _v3({"a": 1}),
        _json({"a": 1}, "application/hal+json"),
    ),
    # bodies: text, XML, forms
    Case(
        "text body equal",
        "v3",
        {"status": 200, "headers": {"Content-Type": "text/plain"}, "body": "hello"},
        _text("hello"),
    ),
    Case(
        "text body different",
        "v3",
        {"status": 200, "headers": {"Content-Type": "text/plain"}, "body": "hello"},
        _text("hullo"),
    ),
    Case(
        "text body regex passes",
        "v3",
        {
            "status": 200,
            "headers": {"Content-Type": "text/plain"},
            "body": "order 12",
            "matchingRules": {"body": {"$": {"matchers": [{"match": "regex", "regex": "order \\d+"}]}}},
        },
        _text("order 977"),
    ),
    Case(
        "text body regex fails",
        "v3",
        {
            "status": 200,
            "headers": {"Content-Type": "text/plain"},
            "body": "order 12",
            "matchingRules": {"body": {"$": {"matchers": [{"match": "regex", "regex": "order \\d+"}]}}},
        },
        _text("order x"),
    ),
    Case(
        "v4 text body",
        "v4",
        _v4("hello", content_type="text/plain"),
        _text("hello"),
    ),
    Case(
        "xml equal",
        "v3",
        {"status": 200, "headers": {"Content-Type": XML}, "body": "<a><id>1</id></a>"},
        _text("<?xml version='1.0'?><a><id>1</id></a>", XML),
    ),
    Case(
        "xml text different",
        "v3",
        {"status": 200, "headers": {"Content-Type": XML}, "body": "<a><id>1</id></a>"},
        _text("<a><id>2</id></a>", XML),
    ),
    Case(
        "xml whitespace between elements",
        "v3",
        {"status": 200, "headers": {"Content-Type": XML}, "body": "<a><id>1</id></a>"},
        _text("<a>\n  <id>1</id>\n</a>", XML),
    ),
    Case(
        "xml text regex",
        "v3",
        {
            "status": 200,
            "headers": {"Content-Type": XML},
            "body": "<a><id>1</id></a>",
            "matchingRules": {
                "body": {"$.a.id['#text']": {"matchers": [{"match": "regex", "regex": "\\d+"}]}}
            },
        },
        _text("<a><id>42</id></a>", XML),
    ),
    Case(
        "xml text regex fails",
        "v3",
        {
            "status": 200,
            "headers": {"Content-Type": XML},
            "body": "<a><id>1</id></a>",
            "matchingRules": {
                "body": {"$.a.id['#text']": {"matchers": [{"match": "regex", "regex": "\\d+"}]}}
            },
        },
        _text("<a><id>x</id></a>", XML),
    ),
    Case(
        "xml attribute type",
        "v3",
        {
            "status": 200,
            "headers": {"Content-Type": XML},
            "body": '<a id="1"/>',
            "matchingRules": {"body": {"$.a['@id']": {"matchers": [{"match": "type"}]}}},
        },
        _text('<a id="22"/>', XML),
    ),
    Case(
        "xml element type, repeated",
        "v3",
        {
            "status": 200,
            "headers": {"Content-Type": XML},
            "body": "<a><b>1</b></a>",
            "matchingRules": {"body": {"$.a.b": {"matchers": [{"match": "type", "min": 1}]}}},
        },
        _text("<a><b>1</b><b>1</b></a>", XML),
    ),
    Case(
        "xml missing element",
        "v3",
        {"status": 200, "headers": {"Content-Type": XML}, "body": "<a><b>1</b><c>2</c></a>"},
        _text("<a><b>1</b></a>", XML),
    ),
    Case(
        "v4 xml body",
        "v4",
        _v4("<a><id>1</id></a>", content_type=XML),
        _text("<a><id>1</id></a>", XML),
    ),
    Case(
        "form equal, another order",
        "v3",
        {"status": 200, "headers": {"Content-Type": FORM}, "body": "a=1&b=2"},
        _text("b=2&a=1", FORM),
    ),
    Case(
        "form value different",
        "v3",
        {"status": 200, "headers": {"Content-Type": FORM}, "body": "a=1&b=2"},
        _text("a=1&b=3", FORM),
    ),
    Case(
        "form extra field",
        "v3",
        {"status": 200, "headers": {"Content-Type": FORM}, "body": "a=1"},
        _text("a=1&b=2", FORM),
    ),
    Case(
        "form regex rule",
        "v3",
        {
            "status": 200,
            "headers": {"Content-Type": FORM},
            "body": "a=1",
            "matchingRules": {"body": {"$.a": {"matchers": [{"match": "regex", "regex": "\\d+"}]}}},
        },
        _text("a=123", FORM),
    ),
    # bodies: JSON edges
    Case(
        "json with charset both sides",
        "v3",
        {"status": 200, "headers": {"Content-Type": "application/json; charset=utf-8"}, "body": {"a": "é"}},
        _json({"a": "é"}, "application/json; charset=utf-8"),
    ),
    Case("body expected, empty sent", "v3", _v3({"a": 1}), Reply(200, (("Content-Type", JSON),), b"")),
    Case("body expected, none and no content type", "v3", {"status": 200, "body": {"a": 1}}, Reply(200)),
    Case("no body expected, json sent", "v3", {"status": 200}, _json({"a": 1})),
    Case("no body expected, text sent", "v2", {"status": 200}, _text("whatever")),
    Case("null body expected, json sent", "v3", {"status": 200, "body": None}, _json({"a": 1})),
    Case("null body expected, null sent", "v3", {"status": 200, "body": None}, _json(None)),
    Case(
        "v4 null content expected, json sent",
        "v4",
        {"status": 200, "body": {"content": None, "contentType": JSON}},
        _json({"a": 1}),
    ),
    Case("empty string body expected, text sent", "v3", {"status": 200, "body": ""}, _text("x")),
    Case(
        "json expected, html sent",
        "v3",
        {"status": 200, "body": {"a": 1}},
        _text("<html></html>", "text/html"),
    ),
    Case(
        "json expected, json text sent as html",
        "v3",
        {"status": 200, "body": {"a": 1}},
        _text('{"a": 1}', "text/html"),
    ),
    Case(
        "json expected, no content type sent",
        "v3",
        {"status": 200, "body": {"a": 1}},
        Reply(200, (), b'{"a": 1}'),
    ),
    Case("invalid json sent", "v3", _v3({"a": 1}), _json(b'{"a": 1')),
    Case("integer expected, 1.0 sent", "v3", _v3({"a": 1}), _json(b'{"a": 1.0}')),
    Case("1.0 expected, 1 sent", "v3", _v3({"a": 1.0}), _json(b'{"a": 1}')),
    Case("1e2 expected as 100.0, 100.0 sent", "v3", _v3({"a": 100.0}), _json(b'{"a": 1e2}')),
    Case("unicode equal", "v3", _v3({"name": "Zoë ☕ 𝄞"}), _json({"name": "Zoë ☕ 𝄞"})),
    Case("unicode escaped on the wire", "v3", _v3({"name": "Zoë"}), _json(b'{"name": "Zo\\u00eb"}')),
    Case("unicode different", "v3", _v3({"name": "Zoë"}), _json({"name": "Zoe"})),
    Case("top-level array equal", "v3", _v3([1, 2]), _json([1, 2])),
    Case("top-level array longer", "v3", _v3([1, 2]), _json([1, 2, 3])),
    Case("top-level array shorter", "v3", _v3([1, 2]), _json([1])),
    Case(
        "top-level array like",
        "v3",
        _v3([{"id": 1}], {"$": [{"match": "type", "min": 1}]}),
        _json([{"id": 5}, {"id": 6}]),
    ),
    Case("extra key in object", "v3", _v3({"a": 1}), _json({"a": 1, "b": 2})),
    Case("missing key in object", "v3", _v3({"a": 1, "b": 2}), _json({"a": 1})),
    Case("null value where a string is expected", "v3", _v3({"a": "x"}), _json({"a": None})),
    # bodies: matchers
    Case(
        "eachLike min 1, two sent",
        "v3",
        _v3(ORDERS, {"$.items": [{"match": "type", "min": 1}], "$.items[*].id": [{"match": "integer"}]}),
        _json({"items": [{"id": 5, "name": "a"}, {"id": 6, "name": "b"}]}),
    ),
    Case(
        "eachLike min 1, none sent",
        "v3",
        _v3(ORDERS, {"$.items": [{"match": "type", "min": 1}]}),
        _json({"items": []}),
    ),
    Case(
        "eachLike max 2, three sent",
        "v3",
        _v3(ORDERS, {"$.items": [{"match": "type", "max": 2}]}),
        _json({"items": [{"id": 1, "name": "a"}] * 3}),
    ),
    Case(
        "eachLike, wrong type inside",
        "v3",
        _v3(ORDERS, {"$.items": [{"match": "type", "min": 1}]}),
        _json({"items": [{"id": "1", "name": "a"}]}),
    ),
    Case(
        "eachLike, missing key inside",
        "v3",
        _v3(ORDERS, {"$.items": [{"match": "type", "min": 1}]}),
        _json({"items": [{"id": 1}]}),
    ),
    Case(
        "v2 legacy body path with min",
        "v2",
        {
            "status": 200,
            "headers": {"Content-Type": JSON},
            "body": ORDERS,
            "matchingRules": {
                "$.body.items": {"min": 1, "match": "type"},
                "$.body.items[*].id": {"match": "type"},
            },
        },
        _json({"items": [{"id": 2, "name": "x"}, {"id": 3, "name": "y"}]}),
    ),
    Case(
        "v2 legacy body path with min, none sent",
        "v2",
        {
            "status": 200,
            "headers": {"Content-Type": JSON},
            "body": ORDERS,
            "matchingRules": {"$.body.items": {"min": 1, "match": "type"}},
        },
        _json({"items": []}),
    ),
    Case(
        "v2 legacy regex",
        "v2",
        {
            "status": 200,
            "headers": {"Content-Type": JSON},
            "body": {"a": "x1"},
            "matchingRules": {"$.body.a": {"regex": "x\\d"}},
        },
        _json({"a": "x9"}),
    ),
    Case(
        "v2 legacy regex fails",
        "v2",
        {
            "status": 200,
            "headers": {"Content-Type": JSON},
            "body": {"a": "x1"},
            "matchingRules": {"$.body.a": {"regex": "x\\d"}},
        },
        _json({"a": "y9"}),
    ),
    Case(
        "arrayContains passes",
        "v4",
        _v4(
            {"a": [{"k": "x"}]},
            {"$.a": [{"match": "arrayContains", "variants": [{"index": 0, "rules": {}}]}]},
        ),
        _json({"a": [{"k": "y"}, {"k": "x"}]}),
    ),
    Case(
        "arrayContains with rules passes",
        "v4",
        _v4(
            {"a": [{"k": 1}]},
            {
                "$.a": [
                    {
                        "match": "arrayContains",
                        "variants": [
                            {
                                "index": 0,
                                "rules": {"$.k": {"combine": "AND", "matchers": [{"match": "integer"}]}},
                            }
                        ],
                    }
                ]
            },
        ),
        _json({"a": ["s", {"k": 7}]}),
    ),
    Case(
        "arrayContains fails",
        "v4",
        _v4(
            {"a": [{"k": "x"}]},
            {"$.a": [{"match": "arrayContains", "variants": [{"index": 0, "rules": {}}]}]},
        ),
        _json({"a": [{"k": "y"}]}),
    ),
    Case(
        "eachKey passes",
        "v4",
        _v4(
            {"m": {"ab": 1}},
            {
                "$.m": [{"match": "eachKey", "rules": [{"match": "regex", "regex": "[a-z]+"}]}],
                "$.m.*": [{"match": "type"}],
            },
        ),
        _json({"m": {"x": 2, "yz": 3}}),
    ),
    Case(
        "eachKey fails",
        "v4",
        _v4(
            {"m": {"ab": 1}},
            {
                "$.m": [{"match": "eachKey", "rules": [{"match": "regex", "regex": "[a-z]+"}]}],
                "$.m.*": [{"match": "type"}],
            },
        ),
        _json({"m": {"X1": 2}}),
    ),
    Case(
        "eachValue passes",
        "v4",
        _v4({"m": {"a": 1}}, {"$.m": [{"match": "eachValue", "rules": [{"match": "integer"}]}]}),
        _json({"m": {"x": 2, "y": 3}}),
    ),
    Case(
        "eachValue fails",
        "v4",
        _v4({"m": {"a": 1}}, {"$.m": [{"match": "eachValue", "rules": [{"match": "integer"}]}]}),
        _json({"m": {"x": 2, "y": "3"}}),
    ),
    Case("notEmpty passes", "v4", _v4({"a": "x"}, {"$.a": [{"match": "notEmpty"}]}), _json({"a": "yy"})),
    Case(
        "notEmpty fails on empty string",
        "v4",
        _v4({"a": "x"}, {"$.a": [{"match": "notEmpty"}]}),
        _json({"a": ""}),
    ),
    Case(
        "notEmpty fails on empty array",
        "v4",
        _v4({"a": [1]}, {"$.a": [{"match": "notEmpty"}]}),
        _json({"a": []}),
    ),
    Case(
        "semver passes",
        "v4",
        _v4({"v": "1.0.0"}, {"$.v": [{"match": "semver"}]}),
        _json({"v": "10.2.3-rc.1"}),
    ),
    Case("semver fails", "v4", _v4({"v": "1.0.0"}, {"$.v": [{"match": "semver"}]}), _json({"v": "1.2"})),
    Case(
        "include passes",
        "v3",
        _v3({"s": "hello"}, {"$.s": [{"match": "include", "value": "ell"}]}),
        _json({"s": "yellow"}),
    ),
    Case(
        "include fails",
        "v3",
        _v3({"s": "hello"}, {"$.s": [{"match": "include", "value": "ell"}]}),
        _json({"s": "help"}),
    ),
    Case(
        "date format passes",
        "v3",
        _v3({"d": "2024-01-02"}, {"$.d": [{"match": "date", "format": "yyyy-MM-dd"}]}),
        _json({"d": "1999-12-31"}),
    ),
    Case(
        "date format fails",
        "v3",
        _v3({"d": "2024-01-02"}, {"$.d": [{"match": "date", "format": "yyyy-MM-dd"}]}),
        _json({"d": "31/12/1999"}),
    ),
    Case(
        "time format passes",
        "v3",
        _v3({"t": "10:00:00"}, {"$.t": [{"match": "time", "format": "HH:mm:ss"}]}),
        _json({"t": "23:59:01"}),
    ),
    Case(
        "time format fails",
        "v3",
        _v3({"t": "10:00:00"}, {"$.t": [{"match": "time", "format": "HH:mm:ss"}]}),
        _json({"t": "25:00"}),
    ),
    Case(
        "timestamp format passes",
        "v3",
        _v3(
            {"t": "2024-01-02T10:00:00"}, {"$.t": [{"match": "timestamp", "format": "yyyy-MM-dd'T'HH:mm:ss"}]}
        ),
        _json({"t": "2020-02-29T00:00:01"}),
    ),
    Case(
        "timestamp format fails",
        "v3",
        _v3(
            {"t": "2024-01-02T10:00:00"}, {"$.t": [{"match": "timestamp", "format": "yyyy-MM-dd'T'HH:mm:ss"}]}
        ),
        _json({"t": "2020-02-29 00:00:01"}),
    ),
    Case("boolean passes", "v3", _v3({"b": True}, {"$.b": [{"match": "boolean"}]}), _json({"b": False})),
    Case(
        "boolean matcher takes the string true",
        "v3",
        _v3({"b": True}, {"$.b": [{"match": "boolean"}]}),
        _json({"b": "true"}),
    ),
    Case("null matcher passes", "v3", _v3({"n": None}, {"$.n": [{"match": "null"}]}), _json({"n": None})),
    Case("null matcher fails", "v3", _v3({"n": None}, {"$.n": [{"match": "null"}]}), _json({"n": 0})),
    Case(
        "values matcher, other keys",
        "v3",
        _v3({"m": {"a": 1}}, {"$.m": [{"match": "values"}]}),
        _json({"m": {"x": 1, "y": 1}}),
    ),
    Case(
        "values matcher cascades as equality",
        "v3",
        _v3({"m": {"a": 1}}, {"$.m": [{"match": "values"}]}),
        _json({"m": {"x": 5}}),
    ),
    Case(
        "values matcher fails on a value type",
        "v3",
        _v3({"m": {"a": 1}}, {"$.m": [{"match": "values"}]}),
        _json({"m": {"x": "5"}}),
    ),
    Case(
        "combine AND fails on one",
        "v3",
        _v3(
            {"s": "abc"}, {"$.s": [{"match": "regex", "regex": "[a-z]+"}, {"match": "include", "value": "b"}]}
        ),
        _json({"s": "xyz"}),
    ),
    Case(
        "combine OR passes on one",
        "v3",
        {
            **_v3({"s": "abc"}),
            "matchingRules": {
                "body": {
                    "$.s": {
                        "combine": "OR",
                        "matchers": [{"match": "regex", "regex": "\\d+"}, {"match": "include", "value": "y"}],
                    }
                }
            },
        },
        _json({"s": "xyz"}),
    ),
    Case(
        "combine OR fails on all",
        "v3",
        {
            **_v3({"s": "abc"}),
            "matchingRules": {
                "body": {
                    "$.s": {
                        "combine": "OR",
                        "matchers": [{"match": "regex", "regex": "\\d+"}, {"match": "include", "value": "y"}],
                    }
                }
            },
        },
        _json({"s": "abc"}),
    ),
    Case(
        "integer matcher on a decimal",
        "v3",
        _v3({"i": 1}, {"$.i": [{"match": "integer"}]}),
        _json({"i": 1.5}),
    ),
    Case(
        "decimal matcher on an integer",
        "v3",
        _v3({"f": 1.5}, {"$.f": [{"match": "decimal"}]}),
        _json({"f": 2}),
    ),
    Case("number matcher on a float", "v3", _v3({"n": 1}, {"$.n": [{"match": "number"}]}), _json({"n": 2.5})),
    Case(
        "regex on a number",
        "v3",
        _v3({"n": 12}, {"$.n": [{"match": "regex", "regex": "\\d+"}]}),
        _json({"n": 345}),
    ),
    Case(
        "contentType matcher passes",
        "v4",
        {
            "status": 200,
            "headers": {"Content-Type": ["application/octet-stream"]},
            "body": {
                "content": "iVBORw0KGgo=",
                "contentType": "application/octet-stream",
                "encoded": "base64",
            },
            "matchingRules": {
                "body": {
                    "$": {"combine": "AND", "matchers": [{"match": "contentType", "value": "image/png"}]}
                }
            },
        },
        Reply(200, (("Content-Type", "application/octet-stream"),), PNG),
    ),
    Case(
        "contentType matcher fails",
        "v4",
        {
            "status": 200,
            "headers": {"Content-Type": ["application/octet-stream"]},
            "body": {
                "content": "iVBORw0KGgo=",
                "contentType": "application/octet-stream",
                "encoded": "base64",
            },
            "matchingRules": {
                "body": {
                    "$": {"combine": "AND", "matchers": [{"match": "contentType", "value": "image/png"}]}
                }
            },
        },
        Reply(200, (("Content-Type", "application/octet-stream"),), b"GIF89a not a png at all"),
    ),
    Case(
        "binary body equal",
        "v4",
        {
            "status": 200,
            "headers": {"Content-Type": ["application/octet-stream"]},
            "body": {"content": "AAEC", "contentType": "application/octet-stream", "encoded": "base64"},
        },
        Reply(200, (("Content-Type", "application/octet-stream"),), b"\x00\x01\x02"),
    ),
    Case(
        "binary body different",
        "v4",
        {
            "status": 200,
            "headers": {"Content-Type": ["application/octet-stream"]},
            "body": {"content": "AAEC", "contentType": "application/octet-stream", "encoded": "base64"},
        },
        Reply(200, (("Content-Type", "application/octet-stream"),), b"\x00\x01\x03"),
    ),
    # generators
    Case(
        "ProviderState generator with a type rule",
        "v3",
        _v3(
            {"id": 7},
            {"$.id": [{"match": "integer"}]},
            generators={
                "body": {"$.id": {"type": "ProviderState", "expression": "${id}", "dataType": "INTEGER"}}
            },
        ),
        _json({"id": 42}),
        {"providerStates": [{"name": "an order", "params": {"id": 42}}]},
    ),
    Case(
        "ProviderState generator without a rule, other value",
        "v3",
        _v3(
            {"id": 7},
            generators={
                "body": {"$.id": {"type": "ProviderState", "expression": "${id}", "dataType": "INTEGER"}}
            },
        ),
        _json({"id": 42}),
        {"providerStates": [{"name": "an order", "params": {"id": 42}}]},
    ),
    Case(
        "RandomInt generator without a rule",
        "v4",
        _v4({"n": 7}, generators={"body": {"$.n": {"type": "RandomInt", "min": 0, "max": 10}}}),
        _json({"n": 7}),
    ),
    # pending, repeated descriptions
    Case("pending that fails", "v4", _v4({"a": 1}), _json({"a": 2}), {"pending": True}),
    Case("pending that passes", "v4", _v4({"a": 1}), _json({"a": 1}), {"pending": True}),
    Case("same description", "v4", _v4({"a": 1}), _json({"a": 1}), {"description": "a shared description"}),
    Case("same description", "v4", _v4({"a": 1}), _json({"a": 2}), {"description": "a shared description"}),
    Case(
        "same description v3", "v3", _v3({"a": 1}), _json({"a": 2}), {"description": "a shared description"}
    ),
    Case(
        "same description v3", "v3", _v3({"a": 1}), _json({"a": 1}), {"description": "a shared description"}
    ),
]


def _headers(
    name: str, expected: dict[str, Any], sent: list[tuple[str, str]], spec: str = "v3", **rules: Any
) -> Case:
    """A case on headers only: the expected headers (and header rules), the headers sent."""
    response: dict[str, Any] = {"status": 200, "headers": expected}
    if rules:
        response["matchingRules"] = _header_rules(**rules)
    return Case(name, spec, response, Reply(200, tuple(sent)))


def _value(name: str, spec: str, rule: dict[str, Any] | None, example: Any, sent: Any) -> Case:
    """A case on one JSON value ``$.v`` under one matcher: the example and what is sent."""
    response = (_v4 if spec == "v4" else _v3)({"v": example}, {"$.v": [rule]} if rule else None)
    return Case(name, spec, response, _json({"v": sent}))


def _date(name: str, pattern: str | None, example: str, sent: str, differs: str = "") -> Case:
    rule = {"match": "timestamp", **({"format": pattern} if pattern else {})}
    return Case(name, "v3", _v3({"t": example}, {"$.t": [rule]}), _json({"t": sent}), differs=differs)


def _xml(
    name: str, body: str, sent: str, rules: dict[str, Any] | None = None, content_type: str = XML
) -> Case:
    response: dict[str, Any] = {"status": 200, "headers": {"Content-Type": XML}, "body": body}
    if rules:
        response["matchingRules"] = {"body": {p: {"matchers": m} for p, m in rules.items()}}
    return Case(name, "v3", response, _text(sent, content_type))


def _form(name: str, body: str, sent: str) -> Case:
    return Case(
        name, "v3", {"status": 200, "headers": {"Content-Type": FORM}, "body": body}, _text(sent, FORM)
    )


CT = "Content-Type"
MULTIPART = "multipart/form-data; boundary=XyZ"
FORM_DATA = (
    b'--XyZ\r\nContent-Disposition: form-data; name="a"\r\n\r\n1\r\n--XyZ\r\nContent-Disposition: form-data; '
    b'name="f"; filename="x.txt"\r\nContent-Type: text/plain\r\n\r\nhello\r\n--XyZ--\r\n'
)
RFC_1123 = "EEE, dd MMM yyyy HH:mm:ss z"
OPTIONAL_SECTIONS = (
    "the Rust reader cannot read a pattern with an optional section and fails every value; the "
    "specification bases patterns on Java's DateTimeFormatter, where [...] is optional"
)
CASES += [
    # headers, more
    _headers(
        "charset in another case of value",
        {CT: "text/plain; charset=utf-8"},
        [(CT, "text/plain; charset=UTF-8")],
    ),
    _headers("charset differs", {CT: "text/plain; charset=utf-8"}, [(CT, "text/plain; charset=iso-8859-1")]),
    _headers("charset quoted", {CT: "text/plain; charset=utf-8"}, [(CT, 'text/plain; charset="utf-8"')]),
    _headers(
        "parameter name in another case",
        {CT: "text/plain; Charset=utf-8"},
        [(CT, "text/plain; charset=utf-8")],
    ),
    _headers(
        "parameter value in another case",
        {CT: "text/plain; format=Flowed"},
        [(CT, "text/plain; format=flowed")],
    ),
    _headers("content type base in another case", {CT: "application/json"}, [(CT, "Application/JSON")]),
    _headers(
        "content type spaces around ;",
        {CT: "application/json;charset=utf-8"},
        [(CT, "application/json ; charset=utf-8")],
    ),
    _headers(
        "date header with its comma",
        {"Expires": "Mon, 01 Jan 2024 00:00:00 GMT"},
        [("Expires", "Mon,01 Jan 2024 00:00:00 GMT")],
    ),
    _headers(
        "accept with parameters reordered",
        {"Accept": "text/html; q=0.9; level=1"},
        [("Accept", "text/html; level=1; q=0.9")],
    ),
    _headers(
        "accept with a quoted parameter", {"Accept": 'text/html;level="1"'}, [("Accept", "text/html;level=1")]
    ),
    _headers("header with a trailing space", {"X-A": "b"}, [("X-A", "b ")]),
    _headers("empty header expected, value sent", {"X-A": ""}, [("X-A", "x")]),
    _headers(
        "set-cookie sent twice", {"Set-Cookie": "a=1, b=2"}, [("Set-Cookie", "a=1"), ("Set-Cookie", "b=2")]
    ),
    _headers(
        "header regex is anchored",
        {"X-Id": "12"},
        [("X-Id", "ab12")],
        X_Id=[{"match": "regex", "regex": "\\d+"}],
    ),
    _headers("header integer matcher", {"X-N": "12"}, [("X-N", "34")], X_N=[{"match": "integer"}]),
    _headers("header integer matcher fails", {"X-N": "12"}, [("X-N", "3.4")], X_N=[{"match": "integer"}]),
    _headers("header rule, header missing", {"X-N": "12"}, [], X_N=[{"match": "type"}]),
    _headers(
        "header rule for an unexpected header",
        {},
        [("X-N", "abc")],
        X_N=[{"match": "regex", "regex": "\\d+"}],
    ),
    _headers(
        "v4 header list, one regex",
        {"X-Ids": ["1", "2"]},
        [("X-Ids", "7, 8")],
        "v4",
        X_Ids=[{"match": "regex", "regex": "\\d+"}],
    ),
    _headers("v4 header list, more values sent", {"X-Ids": ["1", "2"]}, [("X-Ids", "1, 2, 3")], "v4"),
    _headers(
        "v4 contentType matcher on a header",
        {CT: ["application/json"]},
        [(CT, "application/json;charset=utf-8")],
        "v4",
        Content_Type=[{"match": "contentType", "value": "application/json"}],
    ),
    Case(
        "header ProviderState generator, state value sent",
        "v3",
        {
            "status": 200,
            "headers": {"Location": "/o/7"},
            "generators": {"header": {"Location": {"type": "ProviderState", "expression": "/o/${id}"}}},
        },
        Reply(200, (("Location", "/o/42"),)),
        {"providerStates": [{"name": "an order", "params": {"id": 42}}]},
    ),
    # status, more
    Case(
        "v3 pact with a statusCode rule",
        "v3",
        {"status": 200, "matchingRules": _status_rule("success")},
        Reply(201),
    ),
    Case("no status in the pact, 200 sent", "v3", {"headers": {"X-A": "1"}}, Reply(200, (("X-A", "1"),))),
    Case("no status in the pact, 500 sent", "v3", {"headers": {"X-A": "1"}}, Reply(500, (("X-A", "1"),))),
    Case("v2 no status in the pact, 201 sent", "v2", {"body": {"a": 1}}, _json({"a": 1}, status=201)),
    # text, XML, forms, charsets
    Case(
        "text with charset sent",
        "v3",
        {"status": 200, "headers": {CT: "text/plain"}, "body": "hi"},
        _text("hi", "text/plain; charset=utf-8"),
    ),
    Case(
        "text, no content type sent",
        "v3",
        {"status": 200, "headers": {CT: "text/plain"}, "body": "hi"},
        Reply(200, (), b"hi"),
    ),
    Case("text without content type in the pact", "v3", {"status": 200, "body": "hi"}, _text("hi")),
    Case("text in the pact, JSON string sent", "v3", {"status": 200, "body": "hi"}, _json("hi")),
    Case("JSON string body", "v3", {"status": 200, "headers": {CT: JSON}, "body": "hi"}, _json("hi")),
    Case(
        "JSON string body, raw text sent",
        "v3",
        {"status": 200, "headers": {CT: JSON}, "body": "hi"},
        _text("hi", JSON),
    ),
    Case(
        "text with a trailing newline",
        "v3",
        {"status": 200, "headers": {CT: "text/plain"}, "body": "hi"},
        _text("hi\n"),
    ),
    Case(
        "latin-1 JSON",
        "v3",
        _v3({"a": "é"}),
        _json('{"a": "é"}'.encode("latin-1"), "application/json; charset=iso-8859-1"),
    ),
    Case(
        "latin-1 text",
        "v3",
        {"status": 200, "headers": {CT: "text/plain; charset=iso-8859-1"}, "body": "é"},
        Reply(200, ((CT, "text/plain; charset=iso-8859-1"),), "é".encode("latin-1")),
    ),
    Case(
        "UTF-16 JSON",
        "v3",
        _v3({"a": "e"}),
        _json('{"a": "e"}'.encode("utf-16"), "application/json; charset=utf-16"),
    ),
    Case("JSON with a byte order mark", "v3", _v3({"a": 1}), _json(b'\xef\xbb\xbf{"a": 1}')),
    _xml("xml namespace prefix", '<a xmlns="urn:x"><b>1</b></a>', '<x:a xmlns:x="urn:x"><x:b>1</x:b></x:a>'),
    _xml("xml extra attribute", '<a id="1"/>', '<a id="1" extra="2"/>'),
    _xml("xml extra element", "<a><b>1</b></a>", "<a><b>1</b><c/></a>"),
    _xml("xml elements in another order", "<a><b>1</b><c>2</c></a>", "<a><c>2</c><b>1</b></a>"),
    _xml("xml text with spaces", "<a>x</a>", "<a> x </a>"),
    _xml("xml root differs", "<a/>", "<b/>"),
    _xml(
        "xml min 2 children", "<a><b>1</b></a>", "<a><b>1</b></a>", {"$.a.b": [{"match": "type", "min": 2}]}
    ),
    _xml("xml type on an element", "<a><b>1</b></a>", "<a><b>2</b></a>", {"$.a.b": [{"match": "type"}]}),
    _xml(
        "xml min 2 on an element counts its children, not siblings (two <b>, each one text node)",
        "<a><b>1</b></a>",
        "<a><b>1</b><b>2</b></a>",
        {"$.a.b": [{"match": "type", "min": 2}]},
    ),
    _xml(
        "xml min 2 on an element met by its two children",
        "<a><b><c/></b></a>",
        "<a><b><c/><c/></b></a>",
        {"$.a.b": [{"match": "type", "min": 2}]},
    ),
    _xml(
        "xml max 1 on an element allows two siblings of one child each",
        "<a><b>1</b></a>",
        "<a><b>1</b><b>2</b></a>",
        {"$.a.b": [{"match": "type", "max": 1}]},
    ),
    _xml(
        "xml max 1 on the parent fails two children",
        "<a><b>1</b></a>",
        "<a><b>1</b><b>2</b></a>",
        {"$.a": [{"match": "type", "max": 1}]},
    ),
    _xml(
        "xml min 2 on the parent counts children of any name",
        "<a><b>1</b><c/></a>",
        "<a><b>1</b><c/></a>",
        {"$.a": [{"match": "type", "min": 2}]},
    ),
    _xml(
        "xml max 1 on the parent counts whitespace text nodes",
        "<a><b>1</b></a>",
        "<a>\n <b>1</b>\n</a>",
        {"$.a": [{"match": "type", "max": 1}]},
    ),
    _xml(
        "xml min 1 on an empty element fails",
        "<a><b/></a>",
        "<a><b/></a>",
        {"$.a.b": [{"match": "type", "min": 1}]},
    ),
    _xml(
        "xml min 1 max 2 on an element allows three siblings",
        "<a><b>1</b></a>",
        "<a><b>1</b><b>2</b><b>3</b></a>",
        {"$.a.b": [{"match": "type", "min": 1, "max": 2}]},
    ),
    _xml(
        "xml min 2 through a trailing [*] bounds nothing",
        "<a><b>1</b></a>",
        "<a><b>1</b><b>2</b></a>",
        {"$.a.b[*]": [{"match": "type", "min": 2}]},
    ),
    _xml(
        "xml min 2 on the parent with one child fails",
        "<a><b>1</b></a>",
        "<a><b>1</b></a>",
        {"$.a": [{"match": "type", "min": 2}]},
    ),
    _xml(
        "xml min 2 on the parent met by two children",
        "<a><b><c/></b></a>",
        "<a><b><c/></b><b><c/></b></a>",
        {"$.a": [{"match": "type", "min": 2}]},
    ),
    _xml(
        "xml other-named child under a cascading type rule",
        "<a><b><c/></b></a>",
        "<a><b><c/><d/></b></a>",
        {"$.a": [{"match": "type"}]},
    ),
    _xml(
        "xml other-named child with a type rule of its own",
        "<a><b>1</b></a>",
        "<a><b>1</b><c/></a>",
        {"$.a.c": [{"match": "type"}]},
    ),
    _xml(
        "xml absent child under a type rule with min 0",
        "<a><b>1</b><c/></a>",
        "<a><c/></a>",
        {"$.a.b": [{"match": "type", "min": 0}]},
    ),
    _xml("xml not well-formed", "<a/>", "<a>"),
    _xml("xml sent as text/xml", "<a/>", "<a/>", content_type="text/xml"),
    _form("form repeated values", "a=1&a=2", "a=1&a=2"),
    _form("form repeated values in another order", "a=1&a=2", "a=2&a=1"),
    _form("form encodings of a space", "a=x+y", "a=x%20y"),
    _form("form field missing", "a=1&b=2", "a=1"),
    # JSON numbers and shapes
    Case("-0 sent for 0", "v3", _v3({"a": 0}), _json(b'{"a": -0}')),
    Case("-0 sent for 0.0", "v3", _v3({"a": 0.0}), _json(b'{"a": -0}')),
    Case("1E2 sent for 100", "v3", _v3({"a": 100}), _json(b'{"a": 1E2}')),
    Case("1.10 sent for 1.1", "v3", _v3({"a": 1.1}), _json(b'{"a": 1.10}')),
    Case(
        "integer beyond 64 bits",
        "v3",
        _v3({"a": 18446744073709551616}),
        _json(b'{"a": 18446744073709551616}'),
    ),
    Case("duplicate keys, the last wins", "v3", _v3({"a": 1}), _json(b'{"a": 2, "a": 1}')),
    Case("empty object expected", "v3", _v3({}), _json({"a": 1})),
    Case("empty array expected", "v3", _v3([]), _json([1])),
    # matchers, more
    _value("regex on a string is anchored", "v3", {"match": "regex", "regex": "\\d+"}, "12", "ab12"),
    _value("integer matcher on a numeric string", "v3", {"match": "integer"}, 1, "12"),
    _value("decimal matcher on 1.0", "v3", {"match": "decimal"}, 1.5, 1.0),
    _value("type matcher on null", "v3", {"match": "type"}, "x", None),
    _value("type matcher on a decimal for an integer", "v3", {"match": "type"}, 1, 1.5),
    _value("type with min on a string", "v3", {"match": "type", "min": 1}, "x", "y"),
    _value("include on a number", "v3", {"match": "include", "value": "2"}, 123, 323),
    _value("boolean matcher on 1", "v3", {"match": "boolean"}, True, 1),
    _value("boolean matcher on 'false'", "v3", {"match": "boolean"}, True, "false"),
    _value("notEmpty on an empty object", "v4", {"match": "notEmpty"}, {"b": 1}, {}),
    _value("notEmpty on null", "v4", {"match": "notEmpty"}, "x", None),
    _value("notEmpty on 0", "v4", {"match": "notEmpty"}, 1, 0),
    _value("semver on a number", "v4", {"match": "semver"}, "1.0.0", 1),
    _value(
        "eachValue on an array",
        "v4",
        {"match": "eachValue", "rules": [{"match": "integer"}]},
        [1],
        [1, 2, "x"],
    ),
    _value("date matcher on a number", "v3", {"match": "date", "format": "yyyy"}, "2024", 2024),
    _value("date matcher on an object", "v3", {"match": "date", "format": "yyyy"}, {"x": 1}, {"x": 1}),
    Case(
        "nullable: type OR null",
        "v3",
        {
            **_v3({"a": "x"}),
            "matchingRules": {
                "body": {"$.a": {"combine": "OR", "matchers": [{"match": "type"}, {"match": "null"}]}}
            },
        },
        _json({"a": None}),
    ),
    Case(
        "equality stops a cascading type rule",
        "v3",
        _v3({"a": {"b": 1}}, {"$": [{"match": "type"}], "$.a.b": [{"match": "equality"}]}),
        _json({"a": {"b": 2}}),
    ),
    Case(
        "type cascades into objects",
        "v3",
        _v3({"a": {"b": 1}}, {"$": [{"match": "type"}]}),
        _json({"a": {"b": 2}}),
    ),
    Case(
        "a rule on a key not expected",
        "v3",
        _v3({"a": 1}, {"$.b": [{"match": "integer"}]}),
        _json({"a": 1, "b": "x"}),
    ),
    Case(
        "items rule under a type rule",
        "v3",
        _v3({"a": [1]}, {"$.a": [{"match": "type"}], "$.a[*]": [{"match": "integer"}]}),
        _json({"a": [1, 2, "3"]}),
    ),
    Case(
        "arrayContains, two variants",
        "v4",
        _v4(
            {"a": [1, "x"]},
            {
                "$.a": [
                    {
                        "match": "arrayContains",
                        "variants": [{"index": 0, "rules": {}}, {"index": 1, "rules": {}}],
                    }
                ]
            },
        ),
        _json({"a": ["x", 2, 1]}),
    ),
    Case(
        "arrayContains on an object",
        "v4",
        _v4({"a": [1]}, {"$.a": [{"match": "arrayContains", "variants": [{"index": 0, "rules": {}}]}]}),
        _json({"a": {"x": 1}}),
    ),
    # dates and times
    _date("timestamp without format, offset sent", None, "2024-01-02T10:00:00Z", "2024-01-02T10:00:00+01:00"),
    _date("timestamp without format, no offset sent", None, "2024-01-02T10:00:00Z", "2024-01-02T10:00:00"),
    _date("one-digit month and day", "yyyy-MM-dd", "2024-01-02", "2024-1-2"),
    _date(
        "two-digit fraction for SSS",
        "yyyy-MM-dd'T'HH:mm:ss.SSSX",
        "2024-01-02T10:00:00.000Z",
        "2024-01-02T10:00:00.12Z",
    ),
    _date(
        "four-digit fraction for SSS",
        "yyyy-MM-dd'T'HH:mm:ss.SSSX",
        "2024-01-02T10:00:00.000Z",
        "2024-01-02T10:00:00.1234Z",
    ),
    _date("XXX with +0100", "yyyy-MM-dd'T'HH:mm:ssXXX", "2024-01-02T10:00:00Z", "2024-01-02T10:00:00+0100"),
    _date("Z with +1200", "yyyy-MM-dd'T'HH:mm:ssZ", "2024-01-02T10:00:00+0000", "2024-01-02T10:00:00+1200"),
    _date("no such day", "yyyy-MM-dd", "2024-01-02", "2023-02-29"),
    _date(
        "HTTP date, one-digit day", RFC_1123, "Tue, 02 Jan 2024 10:00:00 GMT", "Tue, 2 Jan 2024 10:00:00 GMT"
    ),
    _date(
        "HTTP date, full day name",
        RFC_1123,
        "Tue, 02 Jan 2024 10:00:00 GMT",
        "Tuesday, 02 Jan 2024 10:00:00 GMT",
    ),
    _date("12-hour clock, 00", "yyyy-MM-dd hh:mm a", "2024-01-02 10:00 AM", "2024-01-02 00:00 AM"),
    _date("two-digit year for yyyy", "dd/MM/yyyy HH:mm", "02/01/2024 10:00", "02/01/24 10:00"),
    _date(
        "optional fraction absent",
        "yyyy-MM-dd'T'HH:mm:ss[.SSS]XXX",
        "2024-01-02T10:00:00Z",
        "2024-01-02T10:00:00Z",
        OPTIONAL_SECTIONS,
    ),
    _date(
        "HTTP date in UTC",
        RFC_1123,
        "Tue, 02 Jan 2024 10:00:00 GMT",
        "Tue, 02 Jan 2024 10:00:00 UTC",
        "the Rust zone table lacks UTC, which Java's z reads (and Accord's generators write)",
    ),
    # redirects (followed, as the Rust client follows them: /c/0 answers 200) and compression
    Case("302 expected, redirect sent", "v3", {"status": 302}, Reply(302, (("Location", "/c/0"),))),
    Case("200 expected, redirect to a 200 sent", "v3", {"status": 200}, Reply(301, (("Location", "/c/0"),))),
    Case("304 expected and sent", "v3", {"status": 304}, Reply(304, (("Location", "/c/0"),))),
    Case(
        "gzip JSON",
        "v3",
        _v3({"a": 1}),
        Reply(200, ((CT, JSON), ("Content-Encoding", "gzip")), gzip.compress(b'{"a": 1}')),
    ),
    Case(
        "gzip expected in Content-Encoding",
        "v3",
        {"status": 200, "headers": {"Content-Encoding": "gzip"}},
        Reply(200, ((CT, JSON), ("Content-Encoding", "gzip")), gzip.compress(b'{"a": 1}')),
    ),
    # rule paths, categories and shapes
    Case(
        "multipart equal",
        "v3",
        {"status": 200, "headers": {CT: MULTIPART}, "body": FORM_DATA.decode()},
        Reply(200, ((CT, MULTIPART),), FORM_DATA),
    ),
    Case(
        "multipart part differs",
        "v3",
        {"status": 200, "headers": {CT: MULTIPART}, "body": FORM_DATA.decode()},
        Reply(200, ((CT, MULTIPART),), FORM_DATA.replace(b"hello", b"world")),
    ),
    _value("bracket path with a space and a dot", "v3", None, {"a b": {"c.d": 1}}, {"a b": {"c.d": 1}}),
    Case(
        "bracket rule path",
        "v3",
        _v3({"a b": {"c.d": 1}}, {"$['a b']['c.d']": [{"match": "integer"}]}),
        _json({"a b": {"c.d": "5"}}),
    ),
    Case(
        "nested wildcard rules",
        "v3",
        _v3(
            {"a": [{"b": [{"c": 1}]}]},
            {"$.a": [{"match": "type", "min": 1}], "$.a[*].b[*].c": [{"match": "integer"}]},
        ),
        _json({"a": [{"b": [{"c": 2}, {"c": "3"}]}, {"b": []}]}),
    ),
    Case("object expected, array sent", "v3", _v3({"a": 1}), _json([{"a": 1}])),
    Case(
        "type at the root, a key missing",
        "v3",
        _v3({"a": 1, "b": "x"}, {"$": [{"match": "type"}]}),
        _json({"a": 2}),
    ),
    Case(
        "type at the root, objects of another shape",
        "v3",
        _v3([{"a": 1}], {"$": [{"match": "type", "min": 1}]}),
        _json([{"a": 2}, {"b": 1}]),
    ),
    Case(
        "v2 text regex at $.body",
        "v2",
        {
            "status": 200,
            "headers": {CT: "text/plain"},
            "body": "abc",
            "matchingRules": {"$.body": {"regex": "[a-z]+"}},
        },
        _text("xyz"),
    ),
    Case(
        "v2 header rule in brackets",
        "v2",
        {
            "status": 200,
            "headers": {CT: JSON},
            "body": {"a": 1},
            "matchingRules": {"$.headers['Content-Type']": {"regex": "application/.*json"}},
        },
        _json({"a": 1}, "application/vnd+json"),
    ),
    Case(
        "v2 rule on $.body[*].id",
        "v2",
        {
            "status": 200,
            "headers": {CT: JSON},
            "body": [{"id": 1}],
            "matchingRules": {"$.body": {"min": 1}, "$.body[*].id": {"match": "type"}},
        },
        _json([{"id": 9}, {"id": "10"}]),
    ),
    Case(
        "v2 type rule on an array, no min",
        "v2",
        {
            "status": 200,
            "headers": {CT: JSON},
            "body": {"a": [1]},
            "matchingRules": {"$.body.a": {"match": "type"}},
        },
        _json({"a": [1, 2, 3]}),
    ),
    Case(
        "v3 rule written with $.body",
        "v3",
        {**_v3({"a": 1}), "matchingRules": {"body": {"$.body.a": {"matchers": [{"match": "type"}]}}}},
        _json({"a": 2}),
    ),
    Case(
        "v3 rules under headers (plural)",
        "v3",
        {
            "status": 200,
            "headers": {"X-A": "1"},
            "matchingRules": {"headers": {"X-A": {"matchers": [{"match": "regex", "regex": "\\d+"}]}}},
        },
        Reply(200, (("X-A", "12"),)),
    ),
    Case(
        "v4 rules under content",
        "v4",
        {**_v4({"a": 1}), "matchingRules": {"content": {"$.a": {"matchers": [{"match": "type"}]}}}},
        _json({"a": 2}),
    ),
    Case("pending, wrong status", "v4", {"status": 200}, Reply(500), {"pending": True}),
    _value("unknown matcher", "v3", {"match": "telepathy"}, 1, 1),
    _value("invalid regex", "v3", {"match": "regex", "regex": "("}, "x", "x"),
    Case(
        "min without match",
        "v3",
        {**_v3({"a": [1]}), "matchingRules": {"body": {"$.a": {"matchers": [{"min": 1}]}}}},
        _json({"a": [1, 2]}),
    ),
    _value("max 0, empty array sent", "v3", {"match": "type", "max": 0}, [1], []),
    Case("empty object expected, nothing sent", "v3", _v3({}), Reply(200, ((CT, JSON),), b"")),
    Case(
        "v3 body shaped like a v4 body",
        "v3",
        {"status": 200, "body": {"content": {"a": 1}, "contentType": JSON, "encoded": False}},
        _json({"a": 1}),
    ),
    Case("v4 body not wrapped", "v4", {"status": 200, "body": {"a": 1}}, _json({"a": 2})),
    Case(
        "problem+json with an extra key",
        "v3",
        {"status": 400, "headers": {CT: "application/problem+json"}, "body": {"title": "x"}},
        _json({"title": "x", "detail": "y"}, "application/problem+json", status=400),
    ),
    Case(
        "text expected, JSON sent",
        "v3",
        {"status": 200, "headers": {CT: "text/plain"}, "body": "x"},
        _text("x", JSON),
    ),
    Case(
        "text/xml expected, application/xml sent",
        "v3",
        {"status": 200, "headers": {CT: "text/xml"}, "body": "<a>1</a>"},
        _text("<a>1</a>", XML),
    ),
    Case("204 with a body expected", "v3", _v3({"a": 1}, status=204), Reply(204, ((CT, JSON),))),
    # generators, more
    Case(
        "Date generator without a rule",
        "v4",
        _v4({"t": "2024-01-01"}, generators={"body": {"$.t": {"type": "Date", "format": "yyyy-MM-dd"}}}),
        _json({"t": "2025-05-05"}),
    ),
    Case(
        "MockServerURL generator with a regex",
        "v4",
        _v4(
            {"u": "http://localhost:1234/x"},
            {"$.u": [{"match": "regex", "regex": ".*/x$"}]},
            generators={
                "body": {
                    "$.u": {"type": "MockServerURL", "example": "http://localhost:1234/x", "regex": ".*(/x)$"}
                }
            },
        ),
        _json({"u": "http://prov/x"}),
    ),
    # a string body under a JSON type: a JSON string, unless (below v4) it holds an object
    Case("v3 string body '12', answer 12", "v3", _v3("12"), _json(12)),
    Case("v3 string body '12', answer \"12\"", "v3", _v3("12"), _json("12")),
    Case("v3 string body 'abc', answer \"abc\"", "v3", _v3("abc"), _json("abc")),
    Case("v3 string body 'abc', answer abc", "v3", _v3("abc"), _text("abc", JSON)),
    Case("v3 string body holding an object, answer the object", "v3", _v3('{"a":1}'), _json({"a": 1})),
    Case("v3 string body holding an array, answer the array", "v3", _v3("[1,2]"), _json([1, 2])),
    Case("v3 string body holding an array, answer the string", "v3", _v3("[1,2]"), _json("[1,2]")),
    Case("v3 string body 'true', answer true", "v3", _v3("true"), _json(True)),
    Case("v4 string content '12', answer 12", "v4", _v4("12"), _json(12)),
    Case("v4 string content '12', answer \"12\"", "v4", _v4("12"), _json("12")),
    Case("v4 string content holding an object, answer the object", "v4", _v4('{"a":1}'), _json({"a": 1})),
    Case("v4 string content holding an object, answer the string", "v4", _v4('{"a":1}'), _json('{"a":1}')),
]


class _Provider:
    """A loopback provider answering ``GET /c/<n>`` with the n-th case's reply, exactly."""

    def __init__(self, replies: list[Reply]) -> None:
        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def do_GET(self) -> None:
                reply = replies[int(self.path.rsplit("/", 1)[1])]
                self.send_response_only(reply.status)
                for name, value in reply.headers:
                    self.send_header(name, value)
                self.send_header("Content-Length", str(len(reply.body)))
                self.end_headers()
                self.wfile.write(reply.body)

            def log_message(self, *args: Any) -> None:
                return

        self.loopback = LoopbackProvider(Handler)
        self.port = self.loopback.port

    def __enter__(self) -> _Provider:
        self.loopback.__enter__()
        return self

    def __exit__(self, *exc: object) -> None:
        self.loopback.__exit__(*exc)


def _pact(spec: str, cases: list[tuple[int, Case]]) -> dict[str, Any]:
    interactions = []
    for index, case in cases:
        interaction: dict[str, Any] = {
            "description": case.name,
            "request": {"method": "GET", "path": f"/c/{index}"},
            "response": case.response,
            **case.extra,
        }
        if spec == "v4":
            interaction["type"] = "Synchronous/HTTP"
        interactions.append(interaction)
    return {
        "consumer": {"name": "c"},
        "provider": {"name": "p"},
        "interactions": interactions,
        "metadata": {"pactSpecification": {"version": VERSIONS[spec]}},
    }


def test_the_table_covers_every_version_with_named_cases() -> None:
    """Every spec version has cases; names are unique but for the repeated-description pairs."""
    assert {case.spec for case in CASES} == set(VERSIONS)
    names = [case.name for case in CASES]
    assert len(names) - len(set(names)) == 2


@pytest.mark.parametrize("spec", sorted(VERSIONS))
def test_verdicts_agree_with_the_rust_verifier(spec: str, tmp_path: Path) -> None:
    """Per interaction, Accord's verdict is the Rust verifier's, unless the case records why not."""
    indexed = [(index, case) for index, case in enumerate(CASES) if case.spec == spec]
    pact_file = tmp_path / "pact.json"
    pact_file.write_text(json.dumps(_pact(spec, indexed)), encoding="utf-8")
    with _Provider([case.reply for case in CASES]) as provider:
        rust = rust_verdicts(pact_file, provider.port, tmp_path / "report.json")
        ours = accord_verdicts(pact_file, provider.port)
    assert len(rust) == len(ours) == len(indexed)
    assert True in rust and False in rust
    disagreements = {
        f"{index} {case.name}": {"rust": r, "accord": o}
        for (index, case), r, o in zip(indexed, rust, ours, strict=True)
        if (r != o) != bool(case.differs)
    }
    assert disagreements == {}
