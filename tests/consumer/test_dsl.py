"""The DSL renders pact-file JSON per spec version; pact files merge under a lock; bad use is explained."""

from __future__ import annotations

import json
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path
from typing import Any

import pytest

from accord import match
from accord.consumer import HttpInteraction, Pact
from accord.errors import ConfigurationError, MatcherError


def _interaction() -> HttpInteraction:
    return (
        HttpInteraction()
        .given("user exists")
        .upon_receiving("get user")
        .with_request("get", "/users/1", query={"fields": match.regex("id", r"\w+")}, headers={"X-Id": "7"})
        .will_respond_with(200, body={"id": match.integer(1)})
    )


FORMS: list[tuple[str, dict[str, Any]]] = [
    (
        "v4",
        {
            "type": "Synchronous/HTTP",
            "description": "get user",
            "providerStates": [{"name": "user exists"}],
            "request": {
                "method": "GET",
                "path": "/users/1",
                "query": {"fields": ["id"]},
                "headers": {"X-Id": ["7"]},
                "matchingRules": {"query": {"fields": {"combine": "AND", "matchers": [{"match": "regex", "regex": r"\w+"}]}}},
            },
            "response": {
                "status": 200,
                "headers": {"Content-Type": ["application/json"]},
                "body": {"content": {"id": 1}, "contentType": "application/json", "encoded": False},
                "matchingRules": {"body": {"$.id": {"combine": "AND", "matchers": [{"match": "integer"}]}}},
            },
            "pending": False,
        },
    ),
    (
        "v3",
        {
            "description": "get user",
            "providerStates": [{"name": "user exists"}],
            "request": {
                "method": "GET",
                "path": "/users/1",
                "query": {"fields": ["id"]},
                "headers": {"X-Id": "7"},
                "matchingRules": {"query": {"fields": {"combine": "AND", "matchers": [{"match": "regex", "regex": r"\w+"}]}}},
            },
            "response": {
                "status": 200,
                "headers": {"Content-Type": "application/json"},
                "body": {"id": 1},
                "matchingRules": {"body": {"$.id": {"combine": "AND", "matchers": [{"match": "integer"}]}}},
            },
        },
    ),
    (
        "v2",
        {
            "description": "get user",
            "providerState": "user exists",
            "request": {
                "method": "GET",
                "path": "/users/1",
                "query": "fields=id",
                "headers": {"X-Id": "7"},
                "matchingRules": {"$.query.fields": {"match": "regex", "regex": r"\w+"}},
            },
            "response": {
                "status": 200,
                "headers": {"Content-Type": "application/json"},
                "body": {"id": 1},
                "matchingRules": {"$.body.id": {"match": "type"}},
            },
        },
    ),
]  # fmt: skip


@pytest.mark.parametrize(("spec", "expected"), FORMS, ids=[f[0] for f in FORMS])
def test_interaction_json_per_spec(spec: str, expected: dict[str, Any]) -> None:
    """One interaction renders as V4, V3 and V2 pact-file JSON."""
    assert _interaction().to_json(spec) == expected


def test_v4_extras() -> None:
    """V4 interactions carry key, pending and comments."""
    rendered = _interaction().with_key("k1").pending().comment("hello").test_name("t").to_json("v4")
    assert (rendered["key"], rendered["pending"], rendered["comments"]) == (
        "k1",
        True,
        {"text": ["hello"], "testname": "t"},
    )


@pytest.mark.parametrize(
    ("body", "content_type", "v4_body"),
    [
        ("plain", "text/plain", {"content": "plain", "contentType": "text/plain", "encoded": False}),
        (b"\x00\x01", "application/octet-stream", {"content": "AAE=", "contentType": "application/octet-stream", "encoded": "base64"}),
        ([1, 2], "application/json", {"content": [1, 2], "contentType": "application/json", "encoded": False}),
    ],
)  # fmt: skip
def test_body_kinds(body: Any, content_type: str, v4_body: dict[str, Any]) -> None:
    """Text, bytes and JSON bodies get their content type and V4 body form."""
    rendered = HttpInteraction("x").with_request("POST", "/", body=body).will_respond_with(200).to_json("v4")
    assert rendered["request"]["body"] == v4_body
    assert rendered["request"]["headers"] == {"Content-Type": [content_type]}


BAD_USE: list[tuple[str, Any, type[Exception], str]] = [
    ("no description", lambda: HttpInteraction().with_request("GET", "/").will_respond_with(200).to_json("v4"), ConfigurationError, "no description"),
    ("no response", lambda: HttpInteraction("x").with_request("GET", "/").to_json("v4"), ConfigurationError, "will_respond_with"),
    ("relative path", lambda: HttpInteraction("x").with_request("GET", "users").will_respond_with(200).to_json("v4"), ConfigurationError, "start with '/'"),
    ("bad status", lambda: HttpInteraction("x").will_respond_with(99), ConfigurationError, "not an HTTP status"),
    ("bad method", lambda: HttpInteraction("x").with_request("G T", "/"), ConfigurationError, "not a method"),
    ("bad spec", lambda: Pact("a", "b", spec="v9"), ConfigurationError, "not one Accord writes"),
    ("empty consumer", lambda: Pact("", "b"), ConfigurationError, "consumer name"),
    ("v2 two states", lambda: HttpInteraction("x").given("a").given("b").with_request("GET", "/").will_respond_with(200).to_json("v2"), ConfigurationError, "one provider state"),
    ("v3 binary", lambda: HttpInteraction("x").with_request("POST", "/", body=b"\xff").will_respond_with(200).to_json("v3"), MatcherError, "binary body"),
    ("v3 not_empty", lambda: HttpInteraction("x").with_request("GET", "/").will_respond_with(200, body={"a": match.not_empty("x")}).to_json("v3"), MatcherError, "V4 or newer"),
    ("not JSON", lambda: HttpInteraction("x").with_request("POST", "/", body={"a": {1, 2}}).will_respond_with(200).to_json("v4"), ConfigurationError, "JSON-serialisable"),
]  # fmt: skip


@pytest.mark.parametrize(("name", "make", "error", "text"), BAD_USE, ids=[b[0] for b in BAD_USE])
def test_bad_use_is_explained(name: str, make: Any, error: type[Exception], text: str) -> None:
    """Mistakes raise an AccordError naming the cause, with a hint."""
    with pytest.raises(error, match=text) as info:
        make()
    assert info.value.hint  # type: ignore[attr-defined]


def _write(tmp: Path, description: str, status: int = 200) -> Path:
    pact = Pact("web", "users", pact_dir=tmp)
    pact.upon_receiving(description).with_request("GET", "/x").will_respond_with(status)
    return pact.write_file(pact.interactions)


def test_files_merge_and_duplicates_conflict(tmp_path: Path) -> None:
    """Interactions from several writers merge into one file; a different duplicate is a conflict."""
    _write(tmp_path, "a")
    _write(tmp_path, "b")
    path = _write(tmp_path, "a")  # the same again: kept once
    document = json.loads(path.read_text())
    assert [i["description"] for i in document["interactions"]] == ["a", "b"]
    assert document["metadata"]["pactSpecification"] == {"version": "4.0"}
    with pytest.raises(ConfigurationError, match="two different interactions named 'a'"):
        _write(tmp_path, "a", status=404)


def _worker(args: tuple[str, int]) -> None:
    folder, index = args
    _write(Path(folder), f"interaction {index}")


def test_concurrent_writers_lose_nothing(tmp_path: Path) -> None:
    """Processes writing at once (as pytest-xdist workers do) all end up in the file."""
    with ProcessPoolExecutor(4) as pool:
        list(pool.map(_worker, [(str(tmp_path), i) for i in range(16)]))
    document = json.loads((tmp_path / "web-users.json").read_text())
    assert sorted(i["description"] for i in document["interactions"]) == sorted(
        f"interaction {i}" for i in range(16)
    )


def test_v3_messages_and_http_do_not_mix(tmp_path: Path) -> None:
    """A V3 file holds HTTP interactions or messages; mixing them asks for V4."""
    pact = Pact("web", "queue", pact_dir=tmp_path, spec="v3")
    pact.upon_receiving("h").with_request("GET", "/").will_respond_with(200)
    pact.expects_to_receive("m").with_content({"a": 1})
    with pytest.raises(ConfigurationError, match="not both"):
        pact.to_json(pact.interactions)


def test_failed_serve_forgets_its_interactions(new_pact: Pact) -> None:
    """Interactions of a failed serve() are not carried into the next one, and not written."""
    new_pact.upon_receiving("a").with_request("GET", "/a").will_respond_with(200)
    with pytest.raises(RuntimeError), new_pact.serve():
        raise RuntimeError("test failed")
    assert new_pact.interactions == []
    assert not new_pact.pact_file.exists()
