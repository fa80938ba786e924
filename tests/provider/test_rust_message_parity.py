"""Verdict parity with the Rust verifier on messages fetched from a provider's HTTP endpoint.

The Rust verifier (pact-python-cli 0.10.9, pact_verifier 1.4.7) verifies a v3 message, a v4
asynchronous message and a v4 synchronous message by ``POST``-ing ``{"description",
"providerStates"?, "request"?}`` to the provider's base URL; the answer's body is the message's
contents, its ``Content-Type`` the ``contentType`` metadata and its ``Pact-Message-Metadata``
header (base64 JSON) the rest of the metadata. Each named case below is one message (in its
pact's v3 or v4 form) and what a loopback provider answers for its description. All cases of one
spec version go into one pact; ``pact verifier`` runs once per pact and Accord's ``Verifier``
once, and per message (in pact order) the verdicts must be the same, and so must the JSON each
verifier posts to the endpoint; Python producers returning what the endpoint answers must get
Rust's verdicts too. A case marked ``differs`` records a reasoned, known difference
(``ERROR_STATUS``, ``BAD_METADATA``).
"""

from __future__ import annotations

import base64
import json
from collections.abc import Callable
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler
from pathlib import Path
from typing import Any

import pytest

from accord.provider import Message, Verifier

from ._rust import LoopbackProvider, accord_verdicts, rust_verdicts

pytestmark = [pytest.mark.peers, pytest.mark.slow]

JSON = "application/json"
TEXT = "text/plain"
XML = "application/xml"
OCTETS = "application/octet-stream"
VERSIONS = {"v3": "3.0.0", "v4": "4.0"}
BLOB = b"\x00\x01\x02\xfe\xff"


@dataclass(frozen=True)
class Reply:
    """What the message endpoint answers: status, headers, body, and metadata sent base64 JSON.

    ``echo`` answers the JSON the verifier posted instead of ``body``.
    """

    body: bytes = b""
    content_type: str | None = JSON
    metadata: dict[str, Any] | None = None
    status: int = 200
    raw_metadata: str | None = None
    echo: bool = False


@dataclass(frozen=True)
class Case:
    """One message (pact form without its description) and the provider's answer."""

    name: str
    spec: str
    message: dict[str, Any]
    reply: Reply
    differs: str = ""
    description: str = ""

    @property
    def described(self) -> str:
        """The description the pact gives the message (the name unless two cases share one)."""
        return self.description or self.name


def _json(value: Any, content_type: str | None = JSON, **more: Any) -> Reply:
    return Reply(json.dumps(value, ensure_ascii=False).encode(), content_type, **more)


def _text(text: str, content_type: str = TEXT, **more: Any) -> Reply:
    return Reply(text.encode(), content_type, **more)


def _m3(
    contents: Any,
    rules: dict[str, Any] | None = None,
    metadata: dict[str, Any] | None = None,
    meta_rules: dict[str, Any] | None = None,
    **extra: Any,
) -> dict[str, Any]:
    """A v3 message: contents, metadata (contentType JSON unless given), body and metadata rules."""
    message: dict[str, Any] = {"contents": contents, "metadata": {"contentType": JSON, **(metadata or {})}}
    matching: dict[str, Any] = {}
    if rules:
        matching["body"] = {path: {"matchers": m} for path, m in rules.items()}
    if meta_rules:
        matching["metadata"] = {key: {"matchers": m} for key, m in meta_rules.items()}
    if matching:
        message["matchingRules"] = matching
    message.update(extra)
    return message


def _contents(content: Any, content_type: str, encoded: Any = False) -> dict[str, Any]:
    return {"content": content, "contentType": content_type, "encoded": encoded}


def _m4(
    content: Any,
    rules: dict[str, Any] | None = None,
    *,
    content_type: str = JSON,
    metadata: dict[str, Any] | None = None,
    meta_rules: dict[str, Any] | None = None,
    encoded: Any = False,
    **extra: Any,
) -> dict[str, Any]:
    """A v4 asynchronous message: ``{"content", "contentType"}`` contents, content and metadata rules."""
    message: dict[str, Any] = {
        "type": "Asynchronous/Messages",
        "contents": _contents(content, content_type, encoded),
        "metadata": metadata or {},
    }
    matching: dict[str, Any] = {}
    if rules:
        matching["content"] = {p: {"combine": "AND", "matchers": m} for p, m in rules.items()}
    if meta_rules:
        matching["metadata"] = {k: {"combine": "AND", "matchers": m} for k, m in meta_rules.items()}
    if matching:
        message["matchingRules"] = matching
    message.update(extra)
    return message


def _s4(
    content: Any,
    rules: dict[str, Any] | None = None,
    content_type: str = JSON,
    metadata: dict[str, Any] | None = None,
    request: Any = None,
    **extra: Any,
) -> dict[str, Any]:
    """A v4 synchronous message: a JSON request and one response message."""
    response: dict[str, Any] = {"contents": _contents(content, content_type), "metadata": metadata or {}}
    if rules:
        response["matchingRules"] = {
            "content": {p: {"combine": "AND", "matchers": m} for p, m in rules.items()}
        }
    return {
        "type": "Synchronous/Messages",
        "request": {"contents": _contents(request if request is not None else {"q": 1}, JSON)},
        "response": [response],
        **extra,
    }


def _type(**more: Any) -> list[dict[str, Any]]:
    return [{"match": "type", **more}]


def _regex(pattern: str) -> list[dict[str, Any]]:
    return [{"match": "regex", "regex": pattern}]


# Known differences, where Accord keeps its verdict against the Rust verifier's:
ERROR_STATUS = (
    "an asynchronous message answered with an error status: Rust matches the error answer's body "
    "(verify_message_from_provider does not look at the status, while its synchronous twin fails "
    "on any non-2xx); Accord fails both kinds, as the endpoint did not produce the message"
)
BAD_METADATA = (
    "a Pact-Message-Metadata header that is not base64 JSON: Rust drops it silently (and passes "
    "when the pact expects no metadata but contentType); Accord reports the provider's bug"
)

ORDER = {"id": 1, "kind": "created", "items": [{"sku": "A1", "qty": 2}]}

CASES: list[Case] = [
    # v3 JSON contents
    Case("v3 equal", "v3", _m3(ORDER), _json(ORDER)),
    Case("v3 extra key", "v3", _m3({"id": 1}), _json({"id": 1, "more": True})),
    Case("v3 missing key", "v3", _m3({"id": 1, "kind": "x"}), _json({"id": 1})),
    Case("v3 wrong value", "v3", _m3({"id": 1}), _json({"id": 2})),
    Case("v3 wrong type", "v3", _m3({"id": 1}), _json({"id": "1"})),
    Case("v3 type rule", "v3", _m3({"id": 1}, {"$.id": _type()}), _json({"id": 99})),
    Case("v3 type rule, wrong type", "v3", _m3({"id": 1}, {"$.id": _type()}), _json({"id": "99"})),
    Case("v3 regex", "v3", _m3({"s": "ab12"}, {"$.s": _regex("^[a-z]+\\d+$")}), _json({"s": "zz9"})),
    Case("v3 regex fails", "v3", _m3({"s": "ab12"}, {"$.s": _regex("^[a-z]+\\d+$")}), _json({"s": "9zz"})),
    Case("v3 integer", "v3", _m3({"n": 1}, {"$.n": [{"match": "integer"}]}), _json({"n": 7})),
    Case("v3 integer, decimal sent", "v3", _m3({"n": 1}, {"$.n": [{"match": "integer"}]}), _json({"n": 7.5})),
    Case("v3 decimal", "v3", _m3({"n": 1.5}, {"$.n": [{"match": "decimal"}]}), _json({"n": 2.25})),
    Case("v3 number, string sent", "v3", _m3({"n": 1}, {"$.n": [{"match": "number"}]}), _json({"n": "1"})),
    Case(
        "v3 eachLike min 1",
        "v3",
        _m3(ORDER, {"$.items": _type(min=1), "$.items[*].sku": _type()}),
        _json({**ORDER, "items": [{"sku": "B", "qty": 1}, {"sku": "C", "qty": 5}]}),
    ),
    Case(
        "v3 eachLike min 2, one sent",
        "v3",
        _m3({"a": [1, 2]}, {"$.a": _type(min=2)}),
        _json({"a": [3]}),
    ),
    Case(
        "v3 eachLike max 2, three sent", "v3", _m3({"a": [1]}, {"$.a": _type(max=2)}), _json({"a": [1, 2, 3]})
    ),
    Case(
        "v3 eachLike, an item of another type",
        "v3",
        _m3({"a": [1]}, {"$.a": _type(min=1)}),
        _json({"a": [1, "2"]}),
    ),
    Case(
        "v3 include",
        "v3",
        _m3({"s": "hello"}, {"$.s": [{"match": "include", "value": "ell"}]}),
        _json({"s": "yellow"}),
    ),
    Case(
        "v3 include fails",
        "v3",
        _m3({"s": "hello"}, {"$.s": [{"match": "include", "value": "ell"}]}),
        _json({"s": "hi"}),
    ),
    Case(
        "v3 date",
        "v3",
        _m3({"d": "2024-01-31"}, {"$.d": [{"match": "date", "date": "yyyy-MM-dd"}]}),
        _json({"d": "2025-12-01"}),
    ),
    Case(
        "v3 date fails",
        "v3",
        _m3({"d": "2024-01-31"}, {"$.d": [{"match": "date", "date": "yyyy-MM-dd"}]}),
        _json({"d": "01/12/2025"}),
    ),
    Case(
        "v3 timestamp",
        "v3",
        _m3(
            {"t": "2024-01-31T10:00:00"},
            {"$.t": [{"match": "timestamp", "timestamp": "yyyy-MM-dd'T'HH:mm:ss"}]},
        ),
        _json({"t": "2025-02-03T04:05:06"}),
    ),
    Case(
        "v3 time fails",
        "v3",
        _m3({"t": "10:00"}, {"$.t": [{"match": "time", "time": "HH:mm"}]}),
        _json({"t": "25:99"}),
    ),
    Case("v3 null rule", "v3", _m3({"n": None}, {"$.n": [{"match": "null"}]}), _json({"n": None})),
    Case("v3 root array", "v3", _m3([1, 2]), _json([1, 2])),
    Case("v3 root array, fewer items", "v3", _m3([1, 2]), _json([1])),
    Case("v3 root array, more items", "v3", _m3([1, 2]), _json([1, 2, 3])),
    Case("v3 object expected, array sent", "v3", _m3({"a": 1}), _json([{"a": 1}])),
    Case("v3 nested extra keys", "v3", _m3({"a": {"b": 1}}), _json({"a": {"b": 1, "c": 2}})),
    Case("v3 invalid JSON sent", "v3", _m3({"a": 1}), Reply(b"{not json", JSON)),
    Case("v3 rule written with $.body", "v3", _m3({"a": 1}, {"$.body.a": _type()}), _json({"a": "x"})),
    # v3 metadata
    Case(
        "v3 metadata expected and sent",
        "v3",
        _m3({"a": 1}, metadata={"topic": "t"}),
        _json({"a": 1}, metadata={"topic": "t"}),
    ),
    Case("v3 metadata missing", "v3", _m3({"a": 1}, metadata={"topic": "t"}), _json({"a": 1})),
    Case(
        "v3 metadata different",
        "v3",
        _m3({"a": 1}, metadata={"topic": "t"}),
        _json({"a": 1}, metadata={"topic": "u"}),
    ),
    Case(
        "v3 metadata key in another case",
        "v3",
        _m3({"a": 1}, metadata={"topic": "t"}),
        _json({"a": 1}, metadata={"Topic": "t"}),
    ),
    Case("v3 metadata extra key", "v3", _m3({"a": 1}), _json({"a": 1}, metadata={"extra": "yes"})),
    Case("v3 metadata number", "v3", _m3({"a": 1}, metadata={"n": 3}), _json({"a": 1}, metadata={"n": 3})),
    Case(
        "v3 metadata number sent as string",
        "v3",
        _m3({"a": 1}, metadata={"n": 3}),
        _json({"a": 1}, metadata={"n": "3"}),
    ),
    Case(
        "v3 metadata object",
        "v3",
        _m3({"a": 1}, metadata={"o": {"x": 1}}),
        _json({"a": 1}, metadata={"o": {"x": 1}}),
    ),
    Case(
        "v3 metadata regex rule",
        "v3",
        _m3({"a": 1}, metadata={"key": "k-1"}, meta_rules={"key": _regex("^k-\\d+$")}),
        _json({"a": 1}, metadata={"key": "k-42"}),
    ),
    Case(
        "v3 metadata regex rule fails",
        "v3",
        _m3({"a": 1}, metadata={"key": "k-1"}, meta_rules={"key": _regex("^k-\\d+$")}),
        _json({"a": 1}, metadata={"key": "x"}),
    ),
    Case(
        "v3 metadata type rule",
        "v3",
        _m3({"a": 1}, metadata={"n": 1}, meta_rules={"n": _type()}),
        _json({"a": 1}, metadata={"n": 5}),
    ),
    Case("v3 content type from the header only", "v3", _m3({"a": 1}), _json({"a": 1}, metadata={})),
    Case("v3 content type missing", "v3", _m3({"a": 1}), _json({"a": 1}, content_type=None)),
    Case("v3 content type differs", "v3", _m3({"a": 1}), _json({"a": 1}, content_type=TEXT)),
    Case(
        "v3 content type with charset",
        "v3",
        _m3({"a": 1}),
        _json({"a": 1}, content_type="application/json; charset=utf-8"),
    ),
    Case(
        "v3 content type in metadata overrides the header",
        "v3",
        _m3({"a": 1}),
        _json({"a": 1}, content_type=TEXT, metadata={"contentType": JSON}),
    ),
    Case(
        "v3 Content-Type metadata key expected",
        "v3",
        {"contents": {"a": 1}, "metadata": {"Content-Type": JSON}},
        _json({"a": 1}),
    ),
    Case(
        "v3 Content-Type metadata key expected and sent",
        "v3",
        {"contents": {"a": 1}, "metadata": {"Content-Type": JSON}},
        _json({"a": 1}, metadata={"Content-Type": JSON}),
    ),
    Case("v3 no metadata in the pact", "v3", {"contents": {"a": 1}}, _json({"a": 1}, content_type=TEXT)),
    Case(
        "v3 metadata header not base64",
        "v3",
        _m3({"a": 1}),
        _json({"a": 1}, raw_metadata="%%%"),
        differs=BAD_METADATA,
    ),
    Case(
        "v3 vendor JSON type",
        "v3",
        _m3({"a": 1}, metadata={"contentType": "application/vnd.x+json"}),
        _json({"a": 1}, content_type="application/vnd.x+json"),
    ),
    # v3 non-JSON
    Case("v3 text equal", "v3", _m3("hello", metadata={"contentType": TEXT}), _text("hello")),
    Case("v3 text differs", "v3", _m3("hello", metadata={"contentType": TEXT}), _text("world")),
    Case(
        "v3 text regex",
        "v3",
        _m3("hello", {"$": _regex("^h.*o$")}, metadata={"contentType": TEXT}),
        _text("hippo"),
    ),
    Case(
        "v3 xml equal",
        "v3",
        _m3("<a><b>1</b></a>", metadata={"contentType": XML}),
        _text("<a><b>1</b></a>", XML),
    ),
    Case(
        "v3 xml differs",
        "v3",
        _m3("<a><b>1</b></a>", metadata={"contentType": XML}),
        _text("<a><b>2</b></a>", XML),
    ),
    Case(
        "v3 binary base64",
        "v3",
        _m3(base64.b64encode(BLOB).decode(), metadata={"contentType": OCTETS}),
        Reply(BLOB, OCTETS),
    ),
    Case(
        "v3 binary differs",
        "v3",
        _m3(base64.b64encode(BLOB).decode(), metadata={"contentType": OCTETS}),
        Reply(BLOB[::-1], OCTETS),
    ),
    Case("v3 empty contents expected, empty sent", "v3", _m3(""), Reply(b"", JSON)),
    Case("v3 empty contents expected, JSON sent", "v3", _m3(""), _json({"a": 1})),
    Case("v3 null contents, JSON sent", "v3", _m3(None), _json({"a": 1})),
    Case("v3 JSON expected, empty sent", "v3", _m3({"a": 1}), Reply(b"", JSON)),
    Case("v3 contents missing", "v3", {"metadata": {"contentType": JSON}}, _json({"a": 1})),
    # JSON contents that are a string or null
    Case('v3 JSON string contents "12", "12" sent', "v3", _m3("12"), Reply(b'"12"', JSON)),
    Case('v3 JSON string contents "12", 12 sent', "v3", _m3("12"), Reply(b"12", JSON)),
    Case('v3 JSON string contents "12", "13" sent', "v3", _m3("12"), Reply(b'"13"', JSON)),
    Case('v3 JSON string contents "12", {} sent', "v3", _m3("12"), Reply(b"{}", JSON)),
    Case('v4 JSON string contents "12", "12" sent', "v4", _m4("12"), Reply(b'"12"', JSON)),
    Case('v4 JSON string contents "12", 12 sent', "v4", _m4("12"), Reply(b"12", JSON)),
    Case('v4 JSON string contents "12", "13" sent', "v4", _m4("12"), Reply(b'"13"', JSON)),
    Case('v4 JSON string contents "12", {} sent', "v4", _m4("12"), Reply(b"{}", JSON)),
    Case('v3 JSON string contents "", "" sent', "v3", _m3(""), Reply(b'""', JSON)),
    Case('v3 JSON string contents "", true sent', "v3", _m3(""), Reply(b"true", JSON)),
    Case('v3 JSON string contents "", nothing sent', "v3", _m3(""), Reply(b"", JSON)),
    Case('v4 JSON string contents "", "" sent', "v4", _m4(""), Reply(b'""', JSON)),
    Case('v4 JSON string contents "", true sent', "v4", _m4(""), Reply(b"true", JSON)),
    Case('v4 JSON string contents "", nothing sent', "v4", _m4(""), Reply(b"", JSON)),
    Case('v3 JSON string contents "abc", "abc" sent', "v3", _m3("abc"), Reply(b'"abc"', JSON)),
    Case('v3 JSON string contents "abc", "abd" sent', "v3", _m3("abc"), Reply(b'"abd"', JSON)),
    Case('v4 JSON string contents "abc", "abc" sent', "v4", _m4("abc"), Reply(b'"abc"', JSON)),
    Case('v4 JSON string contents "abc", "abd" sent', "v4", _m4("abc"), Reply(b'"abd"', JSON)),
    Case("v3 null contents, null sent", "v3", _m3(None), Reply(b"null", JSON)),
    Case("v3 null contents, 1 sent", "v3", _m3(None), Reply(b"1", JSON)),
    Case("v4 null contents, null sent", "v4", _m4(None), Reply(b"null", JSON)),
    Case("v4 null contents, 1 sent", "v4", _m4(None), Reply(b"1", JSON)),
    Case("v3 JSON text contents, object sent", "v3", _m3('{"a": 1}'), _json({"a": 1})),
    Case("v3 JSON text contents, string sent", "v3", _m3('{"a": 1}'), _json('{"a": 1}')),
    Case("v4 JSON text contents, object sent", "v4", _m4('{"a": 1}'), _json({"a": 1})),
    Case("v4 JSON text contents, string sent", "v4", _m4('{"a": 1}'), _json('{"a": 1}')),
    Case("v4 empty text contents, text sent", "v4", _m4("", content_type=TEXT), _text("x")),
    Case("v4 null text contents, text sent", "v4", _m4(None, content_type=TEXT), _text("x")),
    Case("v4 empty JSON string encoded as JSON", "v4", _m4('""', encoded="json"), Reply(b"true", JSON)),
    Case("sync empty contents, JSON sent", "v4", _s4(""), _json(True)),
    Case("sync null contents, JSON sent", "v4", _s4(None), _json(1)),
    Case("sync JSON string contents", "v4", _s4("12"), _json("12")),
    # v3 generators, states, statuses
    Case(
        "v3 generator with a type rule",
        "v3",
        _m3(
            {"id": 1},
            {"$.id": [{"match": "integer"}]},
            generators={"body": {"$.id": {"type": "RandomInt", "min": 1, "max": 9}}},
        ),
        _json({"id": 123}),
    ),
    Case(
        "v3 generator without a rule",
        "v3",
        _m3({"id": 1}, generators={"body": {"$.id": {"type": "RandomInt", "min": 1, "max": 9}}}),
        _json({"id": 123}),
    ),
    Case(
        "v3 provider states passed through",
        "v3",
        _m3(
            {
                "description": "v3 provider states passed through",
                "providerStates": [{"name": "an order", "params": {"id": 5}}],
            },
            providerStates=[{"name": "an order", "params": {"id": 5}}],
        ),
        Reply(echo=True),
    ),
    Case(
        "v3 two states passed through in order",
        "v3",
        _m3(
            {"providerStates": [{"name": "a"}, {"name": "b", "params": {"x": "y"}}]},
            providerStates=[{"name": "a"}, {"name": "b", "params": {"x": "y"}}],
        ),
        Reply(echo=True),
    ),
    Case(
        "v3 no states: none posted", "v3", _m3({"description": "v3 no states: none posted"}), Reply(echo=True)
    ),
    Case("v3 provider answers 500", "v3", _m3({"a": 1}), _json({"a": 1}, status=500), differs=ERROR_STATUS),
    Case(
        "v3 provider answers 404",
        "v3",
        _m3({"error": "no such message"}),
        _json({"error": "no such message"}, status=404),
        differs=ERROR_STATUS,
    ),
    # several messages with one description (the provider answers both with the same message)
    Case(
        "v3 same description, first", "v3", _m3({"a": 1}), _json({"a": 1}), description="v3 same description"
    ),
    Case(
        "v3 same description, second", "v3", _m3({"a": 2}), _json({"a": 1}), description="v3 same description"
    ),
    # v3, more
    Case(
        "v3 regex rule on contentType metadata",
        "v3",
        _m3({"a": 1}, meta_rules={"contentType": _regex("^application/.*json$")}),
        _json({"a": 1}, content_type="application/vnd.a+json"),
    ),
    Case(
        "v3 charset expected, none sent",
        "v3",
        _m3({"a": 1}, metadata={"contentType": "application/json; charset=utf-8"}),
        _json({"a": 1}),
    ),
    Case(
        "v3 xml sent as text/xml", "v3", _m3("<a/>", metadata={"contentType": XML}), _text("<a/>", "text/xml")
    ),
    Case(
        "v3 text with a charset",
        "v3",
        _m3("hi", metadata={"contentType": TEXT}),
        _text("hi", "text/plain; charset=utf-8"),
    ),
    Case(
        "v3 metaData spelling",
        "v3",
        {"contents": {"a": 1}, "metaData": {"contentType": JSON, "topic": "t"}},
        _json({"a": 1}, metadata={"topic": "u"}),
    ),
    Case(
        "v3 metadata null", "v3", _m3({"a": 1}, metadata={"n": None}), _json({"a": 1}, metadata={"n": None})
    ),
    Case(
        "v3 metadata true sent as string",
        "v3",
        _m3({"a": 1}, metadata={"b": True}),
        _json({"a": 1}, metadata={"b": "true"}),
    ),
    Case(
        "v3 metadata list", "v3", _m3({"a": 1}, metadata={"l": ["x"]}), _json({"a": 1}, metadata={"l": ["x"]})
    ),
    Case(
        "v3 metadata integer rule on a string",
        "v3",
        _m3({"a": 1}, metadata={"n": 1}, meta_rules={"n": [{"match": "integer"}]}),
        _json({"a": 1}, metadata={"n": "5"}),
    ),
    Case(
        "v3 generator on metadata",
        "v3",
        _m3(
            {"a": 1},
            metadata={"id": "x"},
            meta_rules={"id": _type()},
            generators={"metadata": {"id": {"type": "Uuid"}}},
        ),
        _json({"a": 1}, metadata={"id": "0d4f8c41-64ad-4b1b-9c3e-4a1b6f0b9d2e"}),
    ),
    Case(
        "v3 JSON metadata type, text contents",
        "v3",
        _m3("hello"),
        _text("hello", JSON),
    ),
    Case(
        "v3 image sent as octets",
        "v3",
        _m3("aGk=", metadata={"contentType": "image/png"}),
        Reply(b"hi", OCTETS),
    ),
    Case("v3 no metadata, text contents", "v3", {"contents": "hello"}, _text("hello")),
    Case("v3 no metadata, xml contents", "v3", {"contents": "<a>1</a>"}, _text("<a>1</a>", XML)),
    Case("v3 no metadata, JSON text contents", "v3", {"contents": '{"a": 1}'}, _json({"a": 1})),
    Case("v3 text type expected, JSON sent", "v3", _m3("x", metadata={"contentType": TEXT}), _json("x")),
    Case(
        "v3 text without a content type",
        "v3",
        _m3("hello", metadata={"contentType": TEXT}),
        Reply(b"hello", None),
    ),
    Case(
        "v3 JSON without a content type, no metadata",
        "v3",
        {"contents": {"a": 1}},
        _json({"a": 1}, content_type=None),
    ),
    Case("v3 empty object expected", "v3", _m3({}), _json({"a": 1})),
    Case("v3 1.0 expected, 1 sent", "v3", _m3({"n": 1.0}), _json({"n": 1})),
    Case("v3 unicode", "v3", _m3({"s": "café ☕"}), _json({"s": "café ☕"})),
    Case("v3 root eachLike", "v3", _m3([{"id": 1}], {"$": _type(min=1)}), _json([{"id": 2}, {"id": 3}])),
    Case(
        "v3 include on metadata",
        "v3",
        _m3({"a": 1}, metadata={"k": "abc"}, meta_rules={"k": [{"match": "include", "value": "b"}]}),
        _json({"a": 1}, metadata={"k": "xbx"}),
    ),
    Case(
        "v3 date on metadata",
        "v3",
        _m3(
            {"a": 1},
            metadata={"d": "2024-01-01"},
            meta_rules={"d": [{"match": "date", "date": "yyyy-MM-dd"}]},
        ),
        _json({"a": 1}, metadata={"d": "2025-02-03"}),
    ),
    Case("v3 empty metadata header", "v3", _m3({"a": 1}), _json({"a": 1}, metadata={})),
    Case(
        "v3 charset only in the metadata header",
        "v3",
        _m3({"a": 1}),
        _json({"a": 1}, metadata={"contentType": "application/json; charset=utf-8"}),
    ),
    Case(
        "v3 xml with a declaration",
        "v3",
        _m3("<a>1</a>", metadata={"contentType": XML}),
        _text('<?xml version="1.0"?>\n<a>1</a>', XML),
    ),
    Case(
        "v3 ProviderState generator",
        "v3",
        _m3(
            {"id": 1},
            {"$.id": [{"match": "integer"}]},
            generators={"body": {"$.id": {"type": "ProviderState", "expression": "${id}"}}},
            providerStates=[{"name": "s", "params": {"id": 7}}],
        ),
        _json({"id": 7}),
    ),
    Case("v3 legacy providerState", "v3", _m3({"a": 1}, providerState="an order"), Reply(echo=True)),
    Case(
        "v3 state with empty params",
        "v3",
        _m3({"a": 1}, providerStates=[{"name": "s", "params": {}}]),
        Reply(echo=True),
    ),
    Case(
        "v3 values matcher",
        "v3",
        _m3({"m": {"a": 1}}, {"$.m": [{"match": "values"}]}),
        _json({"m": {"x": 2, "y": 3}}),
    ),
    Case(
        "v3 equality under a type rule",
        "v3",
        _m3({"a": {"k": "v", "n": 1}}, {"$.a": _type(), "$.a.k": [{"match": "equality"}]}),
        _json({"a": {"k": "w", "n": 2}}),
    ),
    Case(
        "v3 type rule at the root, key missing", "v3", _m3({"a": 1, "b": 2}, {"$": _type()}), _json({"a": 5})
    ),
    Case(
        "v3 timestamp with a zone",
        "v3",
        _m3(
            {"t": "2024-01-01T00:00:00Z"},
            {"$.t": [{"match": "timestamp", "timestamp": "yyyy-MM-dd'T'HH:mm:ssXXX"}]},
        ),
        _json({"t": "2025-06-01T10:20:30+02:00"}),
    ),
    Case(
        "v3 regex on a metadata number",
        "v3",
        _m3({"a": 1}, metadata={"n": 5}, meta_rules={"n": _regex("^\\d+$")}),
        _json({"a": 1}, metadata={"n": 55}),
    ),
    Case(
        "v3 metadata rule written as a path",
        "v3",
        _m3({"a": 1}, metadata={"k": "a1"}, meta_rules={"$.k": _regex("^[a-z]\\d$")}),
        _json({"a": 1}, metadata={"k": "b2"}),
    ),
    Case(
        "v3 metadata rule written in brackets",
        "v3",
        _m3({"a": 1}, metadata={"my k": "a1"}, meta_rules={"$['my k']": _regex("^[a-z]\\d$")}),
        _json({"a": 1}, metadata={"my k": "b2"}),
    ),
    Case(
        "v3 metadata rule on a key not expected",
        "v3",
        _m3({"a": 1}, meta_rules={"other": _regex("^x$")}),
        _json({"a": 1}, metadata={"other": "y"}),
    ),
    Case(
        "v3 type rule on contentType metadata",
        "v3",
        _m3({"a": 1}, meta_rules={"contentType": _type()}),
        _json({"a": 1}, content_type="application/vnd.other+json"),
    ),
    Case(
        "v3 metadata key with a space",
        "v3",
        _m3({"a": 1}, metadata={"my key": "v"}),
        _json({"a": 1}, metadata={"my key": "v"}),
    ),
    # v4 asynchronous
    Case("v4 equal", "v4", _m4(ORDER), _json(ORDER)),
    Case("v4 extra key", "v4", _m4({"id": 1}), _json({"id": 1, "more": True})),
    Case("v4 missing key", "v4", _m4({"id": 1, "kind": "x"}), _json({"id": 1})),
    Case("v4 wrong type", "v4", _m4({"id": 1}), _json({"id": "1"})),
    Case("v4 type rule", "v4", _m4({"id": 1}, {"$.id": _type()}), _json({"id": 2})),
    Case(
        "v4 rules under body",
        "v4",
        {**_m4({"id": 1}), "matchingRules": {"body": {"$.id": {"matchers": _type()}}}},
        _json({"id": 2}),
    ),
    Case("v4 integer fails", "v4", _m4({"n": 1}, {"$.n": [{"match": "integer"}]}), _json({"n": "x"})),
    Case(
        "v4 eachLike min max",
        "v4",
        _m4({"a": [{"b": 1}]}, {"$.a": _type(min=1, max=3)}),
        _json({"a": [{"b": 2}, {"b": 3}]}),
    ),
    Case(
        "v4 eachLike max exceeded",
        "v4",
        _m4({"a": [{"b": 1}]}, {"$.a": _type(min=1, max=1)}),
        _json({"a": [{"b": 2}, {"b": 3}]}),
    ),
    Case(
        "v4 notEmpty",
        "v4",
        _m4({"a": [1]}, {"$.a": [{"match": "notEmpty"}]}),
        _json({"a": []}),
    ),
    Case(
        "v4 semver",
        "v4",
        _m4({"v": "1.0.0"}, {"$.v": [{"match": "semver"}]}),
        _json({"v": "2.10.3"}),
    ),
    Case(
        "v4 semver fails",
        "v4",
        _m4({"v": "1.0.0"}, {"$.v": [{"match": "semver"}]}),
        _json({"v": "2.10"}),
    ),
    Case(
        "v4 eachKey",
        "v4",
        _m4(
            {"m": {"k1": 1}},
            {"$.m": [{"match": "eachKey", "rules": [{"match": "regex", "regex": "^k\\d$"}]}]},
        ),
        _json({"m": {"k2": 1, "x": 2}}),
    ),
    Case(
        "v4 eachValue",
        "v4",
        _m4({"m": {"k1": 1}}, {"$.m": [{"match": "eachValue", "rules": [{"match": "integer"}]}]}),
        _json({"m": {"a": 1, "b": "2"}}),
    ),
    Case(
        "v4 arrayContains",
        "v4",
        _m4(
            {"a": [{"k": "x"}]},
            {"$.a": [{"match": "arrayContains", "variants": [{"index": 0, "rules": {}}]}]},
        ),
        _json({"a": [{"k": "y"}, {"k": "x"}]}),
    ),
    Case(
        "v4 values",
        "v4",
        _m4({"m": {"a": 1}}, {"$.m": [{"match": "values"}]}),
        _json({"m": {"b": 1, "c": 1}}),
    ),
    Case(
        "v4 OR combine",
        "v4",
        {
            **_m4({"n": 1}),
            "matchingRules": {
                "content": {
                    "$.n": {
                        "combine": "OR",
                        "matchers": [{"match": "regex", "regex": "^x$"}, {"match": "integer"}],
                    }
                }
            },
        },
        _json({"n": 5}),
    ),
    Case(
        "v4 metadata expected and sent",
        "v4",
        _m4({"a": 1}, metadata={"topic": "t"}),
        _json({"a": 1}, metadata={"topic": "t"}),
    ),
    Case("v4 metadata missing", "v4", _m4({"a": 1}, metadata={"topic": "t"}), _json({"a": 1})),
    Case(
        "v4 metadata different",
        "v4",
        _m4({"a": 1}, metadata={"topic": "t"}),
        _json({"a": 1}, metadata={"topic": "u"}),
    ),
    Case(
        "v4 metadata regex rule",
        "v4",
        _m4({"a": 1}, metadata={"key": "k-1"}, meta_rules={"key": _regex("^k-\\d+$")}),
        _json({"a": 1}, metadata={"key": "k-42"}),
    ),
    Case(
        "v4 metadata regex rule fails",
        "v4",
        _m4({"a": 1}, metadata={"key": "k-1"}, meta_rules={"key": _regex("^k-\\d+$")}),
        _json({"a": 1}, metadata={"key": "x"}),
    ),
    Case("v4 content type differs", "v4", _m4({"a": 1}), _json({"a": 1}, content_type=TEXT)),
    Case("v4 content type missing", "v4", _m4({"a": 1}), _json({"a": 1}, content_type=None)),
    Case(
        "v4 content type in metadata differs",
        "v4",
        _m4({"a": 1}, metadata={"contentType": JSON}),
        _json({"a": 1}, metadata={"contentType": "application/hal+json"}),
    ),
    Case("v4 text equal", "v4", _m4("hello", content_type=TEXT), _text("hello")),
    Case("v4 text differs", "v4", _m4("hello", content_type=TEXT), _text("world")),
    Case("v4 text, JSON type sent", "v4", _m4("hello", content_type=TEXT), _text("hello", JSON)),
    Case("v4 xml equal", "v4", _m4("<a><b>1</b></a>", content_type=XML), _text("<a><b>1</b></a>", XML)),
    Case(
        "v4 xml type rule",
        "v4",
        _m4("<a><b>1</b></a>", {"$.a.b": _type()}, content_type=XML),
        _text("<a><b>2</b></a>", XML),
    ),
    Case(
        "v4 xml extra element",
        "v4",
        _m4("<a><b>1</b></a>", content_type=XML),
        _text("<a><b>1</b><c/></a>", XML),
    ),
    Case(
        "v4 binary base64",
        "v4",
        _m4(base64.b64encode(BLOB).decode(), content_type=OCTETS, encoded="base64"),
        Reply(BLOB, OCTETS),
    ),
    Case(
        "v4 binary differs",
        "v4",
        _m4(base64.b64encode(BLOB).decode(), content_type=OCTETS, encoded="base64"),
        Reply(BLOB + b"\x00", OCTETS),
    ),
    Case("v4 empty contents", "v4", {"type": "Asynchronous/Messages", "contents": {}}, _json({"a": 1})),
    Case("v4 JSON expected, empty sent", "v4", _m4({"a": 1}), Reply(b"", JSON)),
    Case(
        "v4 generator",
        "v4",
        _m4(
            {"id": "x"},
            {"$.id": _type()},
            generators={"content": {"$.id": {"type": "Uuid"}}},
        ),
        _json({"id": "123e4567-e89b-12d3-a456-426614174000"}),
    ),
    Case(
        "v4 provider states passed through",
        "v4",
        _m4(
            {"providerStates": [{"name": "an order", "params": {"id": 5}}]},
            providerStates=[{"name": "an order", "params": {"id": 5}}],
        ),
        Reply(echo=True),
    ),
    Case("v4 provider answers 500", "v4", _m4({"a": 1}), _json({"a": 1}, status=500), differs=ERROR_STATUS),
    Case("v4 pending, wrong type", "v4", _m4({"a": 1}, pending=True), _json({"a": "1"})),
    Case(
        "v4 same description, first", "v4", _m4({"a": 1}), _json({"a": 2}), description="v4 same description"
    ),
    Case(
        "v4 same description, second", "v4", _m4({"a": 2}), _json({"a": 2}), description="v4 same description"
    ),
    Case(
        "v4 metadata type rule on a number",
        "v4",
        _m4({"a": 1}, metadata={"n": 1}, meta_rules={"n": _type()}),
        _json({"a": 1}, metadata={"n": 2}),
    ),
    Case(
        "v4 metadata type rule, string sent",
        "v4",
        _m4({"a": 1}, metadata={"n": 1}, meta_rules={"n": _type()}),
        _json({"a": 1}, metadata={"n": "2"}),
    ),
    Case(
        "v4 contentType metadata differs from the contents' type",
        "v4",
        _m4({"a": 1}, metadata={"contentType": "application/hal+json"}),
        _json({"a": 1}, content_type="application/hal+json"),
    ),
    Case(
        "v4 charset expected on the contents",
        "v4",
        _m4({"a": 1}, content_type="application/json; charset=utf-8"),
        _json({"a": 1}),
    ),
    Case(
        "v4 contents without a content type",
        "v4",
        {"type": "Asynchronous/Messages", "contents": {"content": {"a": 1}}},
        _json({"a": 1}),
    ),
    Case(
        "v4 contents encoded as a JSON string",
        "v4",
        _m4('{"a": 1}', encoded="json"),
        _json({"a": 1}),
    ),
    Case(
        "v4 nested eachLike max",
        "v4",
        _m4({"a": [{"b": [1]}]}, {"$.a": _type(min=1), "$.a[*].b": _type(max=2)}),
        _json({"a": [{"b": [1, 2]}, {"b": [1, 2, 3]}]}),
    ),
    Case(
        "v4 regex on a number",
        "v4",
        _m4({"n": 12}, {"$.n": _regex("^\\d+$")}),
        _json({"n": 345}),
    ),
    Case(
        "v4 boolean rule",
        "v4",
        _m4({"b": True}, {"$.b": [{"match": "boolean"}]}),
        _json({"b": "true"}),
    ),
    Case(
        "v4 image sent as octets",
        "v4",
        _m4("aGk=", content_type="image/png", encoded="base64"),
        Reply(b"hi", OCTETS),
    ),
    Case(
        "v4 eachKey passes",
        "v4",
        _m4(
            {"m": {"k1": 1}},
            {"$.m": [{"match": "eachKey", "rules": [{"match": "regex", "regex": "^k\\d$"}]}]},
        ),
        _json({"m": {"k2": 1, "k3": 2}}),
    ),
    Case(
        "v4 arrayContains fails",
        "v4",
        _m4(
            {"a": [{"k": "x"}]},
            {"$.a": [{"match": "arrayContains", "variants": [{"index": 0, "rules": {}}]}]},
        ),
        _json({"a": [{"k": "y"}]}),
    ),
    Case(
        "v4 contentType matcher on the contents",
        "v4",
        _m4({"a": 1}, {"$": [{"match": "contentType", "value": JSON}]}),
        _json({"b": 2}),
    ),
    Case(
        "v4 metadata include",
        "v4",
        _m4({"a": 1}, metadata={"k": "abc"}, meta_rules={"k": [{"match": "include", "value": "b"}]}),
        _json({"a": 1}, metadata={"k": "b"}),
    ),
    Case("v4 xml as text/xml", "v4", _m4("<a/>", content_type=XML), _text("<a/>", "text/xml")),
    Case("v4 text sent without a type", "v4", _m4("hello", content_type=TEXT), Reply(b"hello", None)),
    Case(
        "v4 metadata contentType wins over the contents' type",
        "v4",
        _m4("hello", content_type=TEXT, metadata={"contentType": JSON}),
        _text("hello"),
    ),
    Case(
        "v4 notEmpty on a string", "v4", _m4({"s": "x"}, {"$.s": [{"match": "notEmpty"}]}), _json({"s": ""})
    ),
    Case("v4 number on an integer", "v4", _m4({"n": 1.5}, {"$.n": [{"match": "number"}]}), _json({"n": 2})),
    Case(
        "v4 metadata rule on a list value",
        "v4",
        _m4({"a": 1}, metadata={"l": ["x"]}, meta_rules={"l": _type(min=1)}),
        _json({"a": 1}, metadata={"l": ["y", "z"]}),
    ),
    Case(
        "v4 eachValue on metadata",
        "v4",
        _m4(
            {"a": 1},
            metadata={"o": {"k": 1}},
            meta_rules={"o": [{"match": "eachValue", "rules": [{"match": "integer"}]}]},
        ),
        _json({"a": 1}, metadata={"o": {"x": 2, "y": "3"}}),
    ),
    # v4 synchronous
    Case("sync equal", "v4", _s4({"price": 3}), _json({"price": 3})),
    Case("sync wrong type", "v4", _s4({"price": 3}), _json({"price": "3"})),
    Case("sync type rule", "v4", _s4({"price": 3}, {"$.price": _type()}), _json({"price": 4})),
    Case("sync extra key", "v4", _s4({"price": 3}), _json({"price": 3, "tax": 1})),
    Case("sync metadata missing", "v4", _s4({"price": 3}, metadata={"k": "v"}), _json({"price": 3})),
    Case(
        "sync metadata sent",
        "v4",
        _s4({"price": 3}, metadata={"k": "v"}),
        _json({"price": 3}, metadata={"k": "v"}),
    ),
    Case("sync text", "v4", _s4("ok", content_type=TEXT), _text("ok")),
    Case("sync provider answers 500", "v4", _s4({"price": 3}), _json({"price": 3}, status=500)),
    Case(
        "sync request passed through",
        "v4",
        _s4({"request": {"contents": {"content": {"q": 1}}}}, request={"q": 1}),
        Reply(echo=True),
    ),
    Case(
        "sync no response expected",
        "v4",
        {**_s4({"a": 1}), "response": []},
        _json({"a": 1}),
    ),
    Case(
        "sync two responses expected",
        "v4",
        {
            **_s4({"a": 1}),
            "response": [{"contents": _contents({"a": 1}, JSON)}, {"contents": _contents({"a": 1}, JSON)}],
        },
        _json({"a": 1}),
    ),
    Case(
        "sync metadata regex rule",
        "v4",
        {
            **_s4({"a": 1}),
            "response": [
                {
                    "contents": _contents({"a": 1}, JSON),
                    "metadata": {"k": "v1"},
                    "matchingRules": {"metadata": {"k": {"combine": "AND", "matchers": _regex("^v\\d$")}}},
                }
            ],
        },
        _json({"a": 1}, metadata={"k": "v7"}),
    ),
    Case("sync content type differs", "v4", _s4({"a": 1}), _json({"a": 1}, content_type=TEXT)),
    Case(
        "sync with states passed through",
        "v4",
        _s4(
            {"providerStates": [{"name": "s", "params": {"p": 1}}]},
            providerStates=[{"name": "s", "params": {"p": 1}}],
        ),
        Reply(echo=True),
    ),
    Case(
        "sync request with metadata and rules",
        "v4",
        {
            **_s4({"a": 1}),
            "request": {
                "contents": _contents({"id": 1}, JSON),
                "metadata": {"k": "v"},
                "matchingRules": {"content": {"$.id": {"combine": "AND", "matchers": _type()}}},
                "generators": {
                    "body": {"$.id": {"type": "RandomInt", "min": 1, "max": 9}},
                    "content": {"$.x": {"type": "Uuid"}},
                    "metadata": {"k": {"type": "Uuid"}},
                },
            },
        },
        _json({"a": 1}),
    ),
    Case(
        "sync text request",
        "v4",
        {**_s4({"a": 1}), "request": {"contents": _contents("ping", TEXT)}},
        _json({"a": 1}),
    ),
    Case(
        "sync binary request",
        "v4",
        {**_s4({"a": 1}), "request": {"contents": _contents("AAEC", OCTETS, "base64")}},
        _json({"a": 1}),
    ),
    Case(
        "sync request without a content type",
        "v4",
        {**_s4({"a": 1}), "request": {"contents": {"content": {"q": 2}}}},
        _json({"a": 1}),
    ),
    Case(
        "sync same description, first",
        "v4",
        _s4({"a": 1}),
        _json({"a": 1}),
        description="sync same description",
    ),
    Case(
        "sync same description, second",
        "v4",
        _s4({"a": "1"}),
        _json({"a": 1}),
        description="sync same description",
    ),
]


class _Provider:
    """A loopback message endpoint: ``POST /`` answers the reply of the posted description."""

    def __init__(self, replies: dict[str, Reply]) -> None:
        self.posted: list[dict[str, Any]] = []
        posted = self.posted

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def do_POST(self) -> None:
                document = json.loads(self.rfile.read(int(self.headers.get("Content-Length") or 0)))
                posted.append(document)
                reply = replies[document["description"]]
                body = json.dumps(document).encode() if reply.echo else reply.body
                self.send_response_only(reply.status)
                if reply.content_type:
                    self.send_header("Content-Type", reply.content_type)
                if reply.metadata is not None:
                    encoded = base64.b64encode(json.dumps(reply.metadata).encode()).decode()
                    self.send_header("Pact-Message-Metadata", encoded)
                if reply.raw_metadata is not None:
                    self.send_header("Pact-Message-Metadata", reply.raw_metadata)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, *args: Any) -> None:
                return

        self.loopback = LoopbackProvider(Handler)
        self.port = self.loopback.port

    def __enter__(self) -> _Provider:
        self.loopback.__enter__()
        return self

    def __exit__(self, *exc: object) -> None:
        self.loopback.__exit__(*exc)


def _pact(spec: str, cases: list[Case]) -> dict[str, Any]:
    messages = [{"description": case.described, **case.message} for case in cases]
    key = "messages" if spec == "v3" else "interactions"
    return {
        "consumer": {"name": "c"},
        "provider": {"name": "p"},
        key: messages,
        "metadata": {"pactSpecification": {"version": VERSIONS[spec]}},
    }


def _replies(cases: list[Case]) -> dict[str, Reply]:
    replies: dict[str, Reply] = {}
    for case in cases:
        replies.setdefault(case.described, case.reply)
    return replies


def test_the_table_covers_both_versions_and_shared_descriptions() -> None:
    """Both versions have cases; cases sharing a description share the provider's reply."""
    assert {case.spec for case in CASES} == set(VERSIONS)
    names = [case.name for case in CASES]
    assert len(names) == len(set(names))
    replies = _replies(CASES)
    shared = [case for case in CASES if case.description]
    assert len(shared) == 6
    assert all(replies[case.described] == case.reply for case in shared)


@pytest.mark.parametrize("spec", sorted(VERSIONS))
def test_message_verdicts_agree_with_the_rust_verifier(spec: str, tmp_path: Path) -> None:
    """Per message, Accord's verdict is the Rust verifier's, unless the case records why not."""
    cases = [case for case in CASES if case.spec == spec]
    pact_file = tmp_path / "pact.json"
    pact_file.write_text(json.dumps(_pact(spec, cases)), encoding="utf-8")
    with _Provider(_replies(cases)) as provider:
        rust = rust_verdicts(pact_file, provider.port, tmp_path / "report.json")
        rust_posted = list(provider.posted)
        provider.posted.clear()
        ours = accord_verdicts(pact_file, provider.port)
        ours_posted = list(provider.posted)
    assert len(rust) == len(ours) == len(cases)
    assert True in rust and False in rust
    disagreements = {
        case.name: {"rust": r, "accord": o}
        for case, r, o in zip(cases, rust, ours, strict=True)
        if (r != o) != bool(case.differs)
    }
    assert disagreements == {}
    assert ours_posted == rust_posted
    produced = _producer_verdicts(pact_file, cases)
    assert {
        case.name: {"rust": r, "producer": o}
        for case, r, o in zip(cases, rust, produced, strict=True)
        if o is not None and r != o
    } == {}


def _producer(message: Message) -> Callable[[], Message]:
    return lambda: message


def _producer_verdicts(pact_file: Path, cases: list[Case]) -> list[bool | None]:
    """Accord's verdicts when Python producers return what the endpoint answers (None: not comparable).

    Echoed answers, error statuses and undecodable metadata exist only over HTTP.
    """
    verifier = Verifier("p").add_source(pact_file)
    comparable = {}
    for description, reply in _replies(cases).items():
        if reply.echo or reply.status != 200 or reply.raw_metadata is not None:
            continue
        message = Message(reply.body, dict(reply.metadata or {}), reply.content_type or "")
        verifier.with_message(description, _producer(message))
        comparable[description] = True
    result = verifier.verify(report=False)
    return [
        r.success if case.described in comparable else None
        for case, r in zip(cases, result.interactions, strict=True)
    ]
