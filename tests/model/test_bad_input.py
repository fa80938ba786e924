"""Malformed pact files raise PactFileError naming the file, the JSON path and the fix; never a crash."""

from __future__ import annotations

import json
import time
from collections import OrderedDict
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings

from accord.errors import MatcherError, PactFileError
from accord.model import MAX_DEPTH, load_pact
from accord.model._versions import check_depth

from ._strategies import json_values, pacts, v4_pacts


def _pact(request: Any = None, response: Any = None, **top: Any) -> dict[str, Any]:
    interaction = {
        "description": "d",
        "request": {"method": "GET", "path": "/"} if request is None else request,
        "response": {"status": 200} if response is None else response,
    }
    document: dict[str, Any] = {
        "consumer": {"name": "c"},
        "provider": {"name": "p"},
        "interactions": [interaction],
    }
    document.update(top)
    return document


BAD_DOCUMENTS = [
    ("{", "not valid JSON", "line 1, column 2"),
    ("[1, 2]", "$: expected a pact object", "an array"),
    (
        json.dumps({"provider": {"name": "p"}, "interactions": []}),
        "$.consumer: the pact names no consumer",
        "Add",
    ),
    (
        json.dumps({"consumer": {"name": "c"}, "interactions": []}),
        "$.provider: the pact names no provider",
        "Add",
    ),
    (
        json.dumps({"consumer": "c", "provider": {"name": "p"}, "interactions": []}),
        "$.consumer: expected",
        "a string",
    ),
    (
        json.dumps({"consumer": {"name": " "}, "provider": {"name": "p"}, "interactions": []}),
        "$.consumer.name",
        '" "',
    ),
    (
        json.dumps({"consumer": {"name": "c"}, "provider": {"name": "p"}}),
        "$.interactions: the pact has no",
        "Add",
    ),
    (json.dumps({**_pact(), "interactions": {}}), "$.interactions: expected a list", "an object"),
    (
        json.dumps(_pact(request={"method": 3})),
        "$.interactions[0].request.method: expected an HTTP method",
        "3",
    ),
    (json.dumps(_pact(request={"path": ["/"]})), "$.interactions[0].request.path: expected a path", "array"),
    (json.dumps(_pact(request={"query": 1})), "$.interactions[0].request.query", "a number"),
    (json.dumps(_pact(request={"headers": {"A": 1}})), "$.interactions[0].request.headers.A", "a number"),
    (
        json.dumps(_pact(request={"headers": {"A": [1]}})),
        "$.interactions[0].request.headers.A[0]",
        "a number",
    ),
    (
        json.dumps(_pact(response={"status": "200"})),
        "$.interactions[0].response.status: expected an HTTP",
        "a string",
    ),
    (
        json.dumps(_pact(response={"status": 700})),
        "$.interactions[0].response.status: 700 is not",
        "100 to 599",
    ),
    (json.dumps(_pact(response={"status": True})), "$.interactions[0].response.status", "a boolean"),
    (
        json.dumps({**_pact(), "interactions": [{"request": {}, "response": {}}]}),
        "$.interactions[0].description",
        "null",
    ),
    (
        json.dumps({**_pact(), "interactions": [{"description": "d", "response": {}}]}),
        "[0].request: is missing",
        "Add",
    ),
    (
        json.dumps({**_pact(), "interactions": [{"description": "d", "request": {}}]}),
        "[0].response: is missing",
        "Add",
    ),
    (
        json.dumps(
            {
                **_pact(),
                "interactions": [
                    {"description": "d", "providerStates": [{"params": {}}], "request": {}, "response": {}}
                ],
            }
        ),
        "$.interactions[0].providerStates[0].name",
        "null",
    ),
    (
        json.dumps(_pact(metadata={"pactSpecification": {"version": "9.0"}})),
        "$.metadata.pactSpecification",
        "9.0",
    ),
    (
        json.dumps(_pact(metadata={"pactSpecification": {"version": "4.0"}})),
        "$.interactions[0].type: a v4 interaction needs a 'type'",
        "Synchronous/HTTP",
    ),
    (
        json.dumps(
            {
                **_pact(metadata={"pactSpecification": {"version": "4.0"}}),
                "interactions": [{"type": "Grpc", "description": "d"}],
            }
        ),
        "$.interactions[0].type: unknown interaction type 'Grpc'",
        "Asynchronous/Messages",
    ),
    (
        json.dumps(_pact(request={"body": {"content": "%%%", "encoded": "base64"}})),
        "$.interactions[0].request.body.content: is not valid base64",
        "Encode",
    ),
]


@pytest.mark.parametrize(("text", "where", "detail"), BAD_DOCUMENTS)
def test_malformed_document_names_path_and_fix(text: str, where: str, detail: str, tmp_path: Path) -> None:
    """Each malformed document raises PactFileError naming the file, the path, the bad value and a hint."""
    path = tmp_path / "bad.json"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(PactFileError) as raised:
        load_pact(path)
    assert str(path) in raised.value.message
    assert where in raised.value.message
    assert detail in raised.value.message + (raised.value.hint or "")
    assert raised.value.hint


BAD_RULES = [
    (
        {"body": {"$.a": {"matchers": [{"match": "regex", "regex": "(("}]}}},
        "request.matchingRules",
        "does not compile",
    ),
    (
        {"body": {"$.a": {"matchers": [{"match": "wibble"}]}}},
        "request.matchingRules",
        "Unknown matcher 'wibble'",
    ),
    (
        {"body": {"$.a": {"matchers": [{"match": "regex", "regex": "\\d+"}]}}},
        "request.matchingRules",
        "'abc'",
    ),
    ({"body": {"$..[": {"matchers": [{"match": "type"}]}}}, "request.matchingRules", "not a valid path"),
]


@pytest.mark.parametrize(("rules", "where", "detail"), BAD_RULES)
def test_bad_matching_rules_raise_matcher_error(rules: dict[str, Any], where: str, detail: str) -> None:
    """Invalid regexes, unknown matchers, examples against their own regex and bad paths are load errors."""
    document = _pact(request={"method": "POST", "path": "/", "body": {"a": "abc"}, "matchingRules": rules})
    with pytest.raises(MatcherError) as raised:
        load_pact(document)
    assert f"$.interactions[0].{where}" in raised.value.message
    assert detail in raised.value.message


def test_v4_matcher_in_a_v3_pact_names_both_versions() -> None:
    """A matcher newer than the pact's version is refused, naming the matcher and both versions."""
    rules = {"body": {"$.a": {"matchers": [{"match": "semver"}]}}}
    document = _pact(
        request={"body": {"a": "1.0.0"}, "matchingRules": rules},
        metadata={"pactSpecification": {"version": "3.0.0"}},
    )
    with pytest.raises(MatcherError, match=r"'semver'.*needs Pact specification v4.*this pact is v3"):
        load_pact(document)


BAD_GENERATORS = [
    ({"body": {"$.a": {"type": "Nope"}}}, "Unknown generator type 'Nope'"),
    ({"body": {"$.a": {"type": "RandomInt", "min": 5, "max": 1}}}, "min=5, max=1"),
    ({"body": {"$.a": {"type": "RandomString", "size": -1}}}, "size=-1"),
    ({"body": {"$.a": {"type": "Regex", "regex": "(("}}}, "does not compile"),
    ({"body": {"$.a": {"type": "Uuid", "format": "loud"}}}, "format 'loud'"),
    ({"body": {"$.a": {"type": "Date", "format": "yyyy-bb"}}}, "'b' is not a pattern letter"),
    ({"body": {"$.a": {"type": "Date", "expression": "+ 1 fortnite"}}}, "cannot be evaluated"),
    ({"body": {"$.a": {"type": "ProviderState"}}}, "no 'expression'"),
    ({"header": []}, "must be a JSON object"),
]


@pytest.mark.parametrize(("generators", "detail"), BAD_GENERATORS)
def test_bad_generators_raise_matcher_error(generators: dict[str, Any], detail: str) -> None:
    """Malformed generators are reported at load time, under the part's generators path."""
    document = _pact(response={"status": 200, "body": {"a": 1}, "generators": generators})
    with pytest.raises(MatcherError) as raised:
        load_pact(document)
    assert "$.interactions[0].response.generators" in raised.value.message
    assert detail in raised.value.message


def _nested_text(levels: int) -> str:
    return json.dumps(_pact(response={"status": 200, "body": "BODY"})).replace(
        '"BODY"', "[" * levels + "]" * levels
    )


@pytest.mark.parametrize("levels", [MAX_DEPTH + 1, 5_000, 100_000])
def test_deeply_nested_text_is_refused_quickly(levels: int) -> None:
    """Bodies nested past the limit (up to 100,000 levels) raise PactFileError, never RecursionError."""
    started = time.perf_counter()
    with pytest.raises(PactFileError, match="nested"):
        load_pact(_nested_text(levels))
    assert time.perf_counter() - started < 2


def test_deeply_nested_dict_is_refused() -> None:
    """A 100,000-level dict passed directly is refused by an iterative depth check."""
    root: dict[str, Any] = {}
    node = root
    for _ in range(100_000):
        node["a"] = {}
        node = node["a"]
    with pytest.raises(PactFileError, match=r"nested more than 500 levels deep \(at \$\.interactions\[0\]"):
        load_pact(_pact(response={"status": 200, "body": root}))


def _chain(levels: int, kind: str) -> Any:
    """``levels`` nested non-empty containers: lists, dicts or OrderedDicts (a dict subclass)."""
    node: Any = 1
    for _ in range(levels):
        node = [node] if kind == "list" else (OrderedDict if kind == "ordered" else dict)(a=node)
    return node


@pytest.mark.parametrize("kind", ["list", "dict", "ordered"])
@pytest.mark.parametrize("limit", [1, 5, MAX_DEPTH])
def test_depth_check_refuses_exactly_past_the_limit(kind: str, limit: int) -> None:
    """``limit`` nested containers pass the depth check; one more is refused, for any container type."""
    check_depth(_chain(limit, kind), "doc", limit)
    check_depth([[], {}, _chain(limit, kind)], "doc", limit + 1)
    with pytest.raises(PactFileError, match=f"nested more than {limit} levels deep"):
        check_depth(_chain(limit + 1, kind), "doc", limit)
    with pytest.raises(PactFileError, match=f"nested more than {limit + 1} levels deep"):
        check_depth({"x": [], "y": "s", "z": _chain(limit + 1, kind)}, "doc", limit + 1)


def test_nesting_within_the_limit_loads_and_saves(tmp_path: Path) -> None:
    """A body nested just under the limit loads, saves and loads again."""
    pact = load_pact(_nested_text(MAX_DEPTH - 10))
    assert load_pact(pact.save(tmp_path / "deep.json")).to_json() == pact.to_json()


def test_fifty_megabyte_body_is_refused_fast_and_loads_when_allowed() -> None:
    """A 50 MB body passes the default size limit: a clear error at once; with max_bytes=None it loads."""
    text = json.dumps(_pact(response={"status": 200, "body": "x" * 50_000_000}))
    started = time.perf_counter()
    with pytest.raises(PactFileError, match="more than the limit") as raised:
        load_pact(text.encode("utf-8"))
    assert "max_bytes" in (raised.value.hint or "")
    assert time.perf_counter() - started < 1
    assert len(load_pact(text, max_bytes=None).interactions) == 1


@pytest.mark.parametrize(
    ("source", "detail"),
    [
        (b"\xff\xfe{}", "not UTF-8"),
        (42, "Cannot read a pact from a int"),
        ("missing-dir/none.json", "no such pact file"),
    ],
)
def test_unreadable_sources(source: Any, detail: str) -> None:
    """Bytes that are not UTF-8, unsupported source types and missing files are PactFileErrors."""
    with pytest.raises(PactFileError, match=detail):
        load_pact(source)


def test_directory_is_not_a_pact(tmp_path: Path) -> None:
    """Naming a directory gives a PactFileError, not IsADirectoryError."""
    with pytest.raises(PactFileError, match="is a directory"):
        load_pact(tmp_path)


@settings(max_examples=300, deadline=None)
@given(pacts)
def test_generated_documents_load_or_raise_pact_file_error(document: dict[str, Any]) -> None:
    """A pact-shaped document loads (and saves and reloads to the same JSON) or raises PactFileError."""
    try:
        pact = load_pact(document)
    except PactFileError:
        return
    saved = pact.to_json()
    assert load_pact(json.dumps(saved)).to_json() == saved
    try:
        upgraded = pact.upgrade("v4").to_json()
    except PactFileError as exc:
        assert "used twice" in exc.message
        return
    assert load_pact(upgraded).to_json() == upgraded


@settings(max_examples=200, deadline=None)
@given(json_values)
def test_any_json_value_loads_or_raises_pact_file_error(value: Any) -> None:
    """Arbitrary JSON text is never a crash: a pact or a PactFileError."""
    try:
        pact = load_pact(json.dumps(value) if not isinstance(value, dict) else value)
    except PactFileError as exc:
        assert exc.message and exc.hint is not None
        return
    assert pact.consumer_name and pact.provider_name


@settings(max_examples=200, deadline=None)
@given(v4_pacts)
def test_well_formed_v4_documents_round_trip(document: dict[str, Any]) -> None:
    """Every well-formed v4 document (all three interaction kinds) loads and saves back unchanged."""
    assert load_pact(document).to_json() == document


def test_message_with_stray_non_object_headers_key_loads_or_fails_cleanly() -> None:
    """A message with a stray non-object ``headers`` key (found by Hypothesis) loads; rules still checked."""
    document = {
        "consumer": {"name": "c"},
        "provider": {"name": "p"},
        "messages": [
            {
                "description": "m",
                "contents": {"a": 1},
                "headers": True,
                "matchingRules": {"body": {"$.a": {"matchers": [{"match": "type"}]}}},
            }
        ],
        "metadata": {"pactSpecification": {"version": "3.0.0"}},
    }
    (message,) = load_pact(document).interactions
    assert message.description == "m"


def test_empty_single_state_is_no_state_both_ways() -> None:
    """An empty state name in the v1/v2 single-state form is no state when read, so it is never written."""
    document = {
        "consumer": {"name": "c"},
        "provider": {"name": "p"},
        "interactions": [
            {
                "description": "d",
                "providerStates": [{"name": ""}],
                "request": {"method": "GET", "path": "/a"},
                "response": {"status": 200},
            }
        ],
        "metadata": {"pactSpecification": {"version": "1.0.0"}},
    }
    saved = load_pact(document).to_json()
    assert "providerState" not in saved["interactions"][0]
    assert load_pact(json.dumps(saved)).to_json() == saved
