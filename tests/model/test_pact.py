"""The pact model: reading sources, spec versions, interaction kinds, upgrade, merging and saving."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from accord.errors import PactFileError
from accord.model import (
    ABSENT,
    AsyncMessage,
    HttpInteraction,
    Pact,
    ProviderState,
    SpecVersion,
    SyncMessage,
    load_pact,
)

V2_PACT: dict[str, Any] = {
    "consumer": {"name": "web"},
    "provider": {"name": "orders"},
    "interactions": [
        {
            "description": "a request for orders",
            "providerState": "orders exist",
            "request": {
                "method": "GET",
                "path": "/orders",
                "query": "page=1&tag=a%20b&tag=c",
                "headers": {"Accept": "application/json"},
                "matchingRules": {"$.query.page": {"match": "regex", "regex": "\\d+"}},
            },
            "response": {
                "status": 200,
                "headers": {"Content-Type": "application/json"},
                "body": {"orders": [{"id": 1}]},
                "matchingRules": {
                    "$.body.orders": {"match": "type", "min": 1},
                    "$.body.orders[*].id": {"match": "type"},
                },
            },
        }
    ],
    "metadata": {"pactSpecification": {"version": "2.0.0"}},
}

V3_MESSAGES: dict[str, Any] = {
    "consumer": {"name": "worker"},
    "provider": {"name": "queue"},
    "messages": [
        {
            "description": "an order created event",
            "providerStates": [{"name": "an order", "params": {"id": 7}}],
            "contents": {"id": 7},
            "metaData": {"contentType": "application/json"},
            "matchingRules": {"body": {"$.id": {"matchers": [{"match": "integer"}]}}},
        }
    ],
    "metadata": {"pactSpecification": {"version": "3.0.0"}},
}


def _v4(*interactions: dict[str, Any]) -> dict[str, Any]:
    return {
        "consumer": {"name": "c"},
        "provider": {"name": "p"},
        "interactions": list(interactions),
        "metadata": {"pactSpecification": {"version": "4.0"}},
    }


def test_sources_path_text_bytes_and_dict_give_the_same_pact(tmp_path: Path) -> None:
    """A path (str and Path), JSON text, bytes and a dict all load to the same document."""
    path = tmp_path / "pact.json"
    path.write_text(json.dumps(V2_PACT), encoding="utf-8")
    sources: list[Any] = [path, str(path), json.dumps(V2_PACT), json.dumps(V2_PACT).encode(), V2_PACT]
    documents = [load_pact(source).to_json() for source in sources]
    assert all(document == V2_PACT for document in documents)
    assert load_pact(path).source == str(path)


@pytest.mark.parametrize(
    ("metadata", "expected"),
    [
        ({"pactSpecification": {"version": "1.0.0"}}, SpecVersion.V1),
        ({"pactSpecification": {"version": "1.1.0"}}, SpecVersion.V1_1),
        ({"pact-specification": {"version": "2.0.0"}}, SpecVersion.V2),
        ({"pactSpecificationVersion": "3.0.0"}, SpecVersion.V3),
        ({"pactSpecification": {"version": "4.0"}}, SpecVersion.V4),
        ({"pactSpecification": {"version": "V4"}}, SpecVersion.V4),
    ],
)
def test_declared_version_is_read_under_every_key(metadata: dict[str, Any], expected: SpecVersion) -> None:
    """Every spelling of the version key is read, and kept on save."""
    document = {**V2_PACT, "metadata": metadata}
    interaction = json.loads(json.dumps(V2_PACT["interactions"][0]))
    if expected < SpecVersion.V2:
        del interaction["request"]["matchingRules"], interaction["response"]["matchingRules"]
    if expected == SpecVersion.V4:
        interaction["type"] = "Synchronous/HTTP"
    document["interactions"] = [interaction]
    pact = load_pact(document)
    assert pact.spec is expected
    assert set(pact.to_json()["metadata"]) == set(metadata)


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        ({}, SpecVersion.V2),
        ({"interactions": [{"description": "d", "request": {}, "response": {}}]}, SpecVersion.V3),
        (
            {"interactions": [{"description": "d", "providerStates": [], "request": {}, "response": {}}]},
            SpecVersion.V3,
        ),
        (
            {"interactions": [{"description": "d", "request": {"query": {"a": ["1"]}}, "response": {}}]},
            SpecVersion.V3,
        ),
        (
            {
                "interactions": [
                    {"type": "Synchronous/HTTP", "description": "d", "request": {}, "response": {}}
                ]
            },
            SpecVersion.V4,
        ),
        ({"messages": [{"description": "m", "contents": "x"}], "interactions": []}, SpecVersion.V3),
    ],
)
def test_version_is_inferred_from_content_without_metadata(
    change: dict[str, Any], expected: SpecVersion
) -> None:
    """Without a declared version: typed interactions are v4, v3 features v3, flat rules v2, else v3."""
    document = {key: value for key, value in {**V2_PACT, **change}.items() if key != "metadata"}
    pact = load_pact(document)
    assert pact.spec is expected
    assert pact.to_json()["metadata"] == {"pactSpecification": {"version": expected.version_string}}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("v1", SpecVersion.V1),
        ("1.1", SpecVersion.V1_1),
        ("2.0.0", SpecVersion.V2),
        ("3", SpecVersion.V3),
        ("4.0", SpecVersion.V4),
    ],
)
def test_spec_version_parses_and_orders(text: str, expected: SpecVersion) -> None:
    """SpecVersion reads short and long forms, orders by version and prints the short label."""
    assert SpecVersion.parse(text) is expected
    assert str(expected) == expected.label
    assert SpecVersion.V1 < SpecVersion.V1_1 < SpecVersion.V2 < SpecVersion.V3 < SpecVersion.V4


def test_v2_interaction_fields() -> None:
    """A v2 interaction exposes its state, request and response; the absent request body is ABSENT."""
    interaction = load_pact(V2_PACT).interactions[0]
    assert isinstance(interaction, HttpInteraction)
    assert interaction.provider_states == (ProviderState("orders exist"),)
    assert interaction.request.method == "GET"
    assert interaction.request.body is ABSENT
    assert interaction.response.status == 200
    assert interaction.request.to_json("v3")["query"] == {"page": ["1"], "tag": ["a b", "c"]}
    assert interaction.request.to_json("v3")["matchingRules"] == {
        "query": {"page": {"matchers": [{"match": "regex", "regex": "\\d+"}], "combine": "AND"}}
    }


def test_upgrade_v2_to_v4() -> None:
    """v2 to v4: typed interaction, Body objects, query map, header lists, categorised rules."""
    pact = load_pact(V2_PACT)
    assert pact.upgrade("v4") is pact
    document = pact.to_json()
    interaction = document["interactions"][0]
    assert interaction["type"] == "Synchronous/HTTP"
    assert interaction["providerStates"] == [{"name": "orders exist"}]
    assert interaction["request"]["query"] == {"page": ["1"], "tag": ["a b", "c"]}
    assert interaction["request"]["headers"] == {"Accept": ["application/json"]}
    assert "body" not in interaction["request"]
    assert interaction["response"]["body"] == {
        "content": {"orders": [{"id": 1}]},
        "contentType": "application/json",
        "encoded": False,
    }
    assert interaction["response"]["matchingRules"]["body"] == {
        "$.orders": {"matchers": [{"match": "type", "min": 1}], "combine": "AND"},
        "$.orders[*].id": {"matchers": [{"match": "type"}], "combine": "AND"},
    }
    assert document["metadata"] == {"pactSpecification": {"version": "4.0"}}
    assert load_pact(document).to_json() == document


def test_upgrade_v3_messages_to_v4() -> None:
    """v3 messages join interactions as Asynchronous/Messages with Body contents and content rules."""
    pact = load_pact(V3_MESSAGES).upgrade(SpecVersion.V4)
    document = pact.to_json()
    assert "messages" not in document
    (message,) = document["interactions"]
    assert message["type"] == "Asynchronous/Messages"
    assert message["providerStates"] == [{"name": "an order", "params": {"id": 7}}]
    assert message["contents"] == {"content": {"id": 7}, "contentType": "application/json", "encoded": False}
    assert message["metadata"] == {"contentType": "application/json"}
    assert message["matchingRules"] == {"content": {"$.id": {"matchers": [{"match": "integer"}]}}}


def test_v3_message_pact_round_trips_with_meta_data_key() -> None:
    """A v3 message pact keeps its ``messages`` array and ``metaData`` spelling."""
    pact = load_pact(V3_MESSAGES)
    assert isinstance(pact.interactions[0], AsyncMessage)
    assert pact.interactions[0].metadata == {"contentType": "application/json"}
    assert pact.to_json() == V3_MESSAGES


def test_downgrade_is_refused() -> None:
    """Asking a v4 pact to become v3 raises PactFileError with a hint."""
    pact = load_pact(V2_PACT).upgrade("v4")
    with pytest.raises(PactFileError, match="cannot convert a v4 pact down to v3"):
        pact.upgrade("v3")


V4_ALL_KINDS = _v4(
    {
        "type": "Synchronous/HTTP",
        "description": "get",
        "key": "k1",
        "pending": True,
        "comments": {"text": ["hello"], "testname": "t"},
        "request": {"method": "GET", "path": "/"},
        "response": {"status": 200},
    },
    {
        "type": "Asynchronous/Messages",
        "description": "event",
        "contents": {"content": "aGk=", "contentType": "application/octet-stream", "encoded": "base64"},
        "metadata": {"topic": "t"},
    },
    {
        "type": "Synchronous/Messages",
        "description": "rpc",
        "interactionMarkup": {"markup": "# rpc", "markupType": "COMMON_MARK"},
        "pluginConfiguration": {"protobuf": {"service": "S"}},
        "request": {"contents": {"content": {"q": 1}, "contentType": "application/json"}},
        "response": [{"contents": {"content": {"a": 1}}}, {"contents": {"content": {"a": 2}}}],
    },
)


def test_v4_interaction_kinds_and_markup() -> None:
    """v4 HTTP, async and sync messages parse with their key, pending, comments, markup and plugin config."""
    pact = load_pact(V4_ALL_KINDS)
    http, event, rpc = pact.interactions
    assert isinstance(http, HttpInteraction) and http.key == "k1" and http.pending is True
    assert http.comments == {"text": ["hello"], "testname": "t"}
    assert isinstance(event, AsyncMessage) and event.message.content_type == "application/octet-stream"
    assert isinstance(rpc, SyncMessage) and len(rpc.response) == 2
    assert rpc.interaction_markup == {"markup": "# rpc", "markupType": "COMMON_MARK"}
    assert pact.http_interactions == [http] and pact.messages == [event, rpc]
    assert pact.to_json() == V4_ALL_KINDS


def test_unknown_attributes_are_kept() -> None:
    """Attributes Accord does not read are written back (v4: ignore what does not conform, keep going)."""
    document = json.loads(json.dumps(V2_PACT))
    document["x-team"] = "blue"
    document["interactions"][0]["x-note"] = 1
    document["interactions"][0]["request"]["x-extra"] = True
    document["consumer"]["tags"] = ["a"]
    assert load_pact(document).to_json() == document


def _http(description: str, status: int, state: str | None = None) -> HttpInteraction:
    states = (ProviderState(state),) if state else ()
    pact = Pact.new("c", "p", "v3")
    doc = {
        "description": description,
        "request": {"method": "GET", "path": "/"},
        "response": {"status": status},
    }
    if states:
        doc["providerStates"] = [s.to_json() for s in states]
    loaded = load_pact({**pact.to_json(), "interactions": [doc]})
    interaction = loaded.interactions[0]
    assert isinstance(interaction, HttpInteraction)
    return interaction


def test_add_interaction_merges_identical_and_keeps_distinct() -> None:
    """The same interaction twice is kept once; another state or description is a new interaction."""
    pact = Pact.new("c", "p", "v3")
    pact.add_interaction(_http("a", 200))
    pact.add_interaction(_http("a", 200))
    pact.add_interaction(_http("a", 200, state="other"))
    pact.add_interaction(_http("b", 200))
    assert [(i.description, len(i.provider_states)) for i in pact.interactions] == [
        ("a", 0),
        ("a", 1),
        ("b", 0),
    ]


def test_add_interaction_conflict_raises_unless_replaced() -> None:
    """A different interaction with the same description and states conflicts; replace=True overwrites."""
    pact = Pact.new("c", "p", "v3")
    pact.add_interaction(_http("a", 200))
    with pytest.raises(PactFileError, match="two different interactions are both described as 'a'"):
        pact.add_interaction(_http("a", 404))
    pact.add_interaction(_http("a", 404), replace=True)
    (only,) = pact.interactions
    assert isinstance(only, HttpInteraction) and only.response.status == 404


def test_merge_pacts_upgrades_and_checks_pacticipants() -> None:
    """Merging a v4 pact into a v3 one upgrades it; pacts of other pacticipants do not merge."""
    older = load_pact(V3_MESSAGES)
    newer = load_pact({**V4_ALL_KINDS, "consumer": {"name": "worker"}, "provider": {"name": "queue"}})
    older.merge(newer)
    assert older.spec is SpecVersion.V4 and len(older.interactions) == 4
    with pytest.raises(PactFileError, match="cannot merge"):
        older.merge(load_pact(V2_PACT))


def test_sync_message_needs_v4() -> None:
    """A synchronous message cannot join a v3 pact."""
    rpc = load_pact(V4_ALL_KINDS).interactions[2]
    with pytest.raises(PactFileError, match="synchronous messages need a v4 pact"):
        Pact.new("c", "p", "v3").add_interaction(rpc)


def test_duplicate_v4_descriptions_are_refused() -> None:
    """v4: a description is unique within a file (with the same provider states)."""
    http = V4_ALL_KINDS["interactions"][0]
    with pytest.raises(
        PactFileError, match=r"\$\.interactions\[1\]\.description: the description 'get' is used twice"
    ):
        load_pact(_v4(http, http))


def test_save_is_atomic_and_pretty(tmp_path: Path) -> None:
    """save() writes indented JSON with a final newline, creates directories and leaves no temporary file."""
    target = tmp_path / "pacts" / "web-orders.json"
    load_pact(V2_PACT).save(target)
    text = target.read_text(encoding="utf-8")
    assert text.endswith("}\n") and '\n  "consumer"' in text
    assert json.loads(text) == V2_PACT
    assert [p.name for p in target.parent.iterdir()] == ["web-orders.json"]


def test_save_into_unwritable_place_is_a_pact_file_error(tmp_path: Path) -> None:
    """Saving under a path whose parent is a file raises PactFileError."""
    blocker = tmp_path / "file"
    blocker.write_text("x", encoding="utf-8")
    with pytest.raises(PactFileError, match="cannot be written"):
        load_pact(V2_PACT).save(blocker / "pact.json")


def test_add_interaction_accepts_json() -> None:
    """Interaction JSON is parsed in the pact's version: HTTP, or a message when it has contents."""
    pact = Pact.new("c", "p", "v3")
    pact.add_interaction(
        {"description": "get", "request": {"method": "GET", "path": "/"}, "response": {"status": 200}}
    )
    pact.add_interaction({"description": "event", "contents": {"id": 1}})
    assert [type(i) for i in pact.interactions] == [HttpInteraction, AsyncMessage]
    assert set(pact.to_json()) == {"consumer", "provider", "interactions", "messages", "metadata"}
    with pytest.raises(PactFileError, match=r"\$\.interactions\[2\]\.response: is missing"):
        pact.add_interaction({"description": "x", "request": {}})


def test_upgrade_turns_single_query_values_into_lists() -> None:
    """A v3 query written with string values becomes lists of strings in v4."""
    document = {
        "consumer": {"name": "c"},
        "provider": {"name": "p"},
        "interactions": [
            {"description": "d", "request": {"query": {"a": "1", "b": ["2", "3"]}}, "response": {}}
        ],
        "metadata": {"pactSpecification": {"version": "3.0.0"}},
    }
    pact = load_pact(document)
    assert pact.to_json() == document
    upgraded = pact.upgrade("v4").to_json()
    assert upgraded["interactions"][0]["request"]["query"] == {"a": ["1"], "b": ["2", "3"]}


@pytest.mark.parametrize("value", [float("nan"), {1, 2}, b"bytes"])
def test_values_json_cannot_hold_are_refused_on_save(value: Any, tmp_path: Path) -> None:
    """A dict source holding NaN, a set or bytes in a body cannot be saved: PactFileError, not TypeError."""
    document = json.loads(json.dumps(V2_PACT))
    pact = load_pact(document)
    document["interactions"][0]["response"]["body"] = value
    with pytest.raises(PactFileError, match="JSON cannot represent"):
        load_pact(document).save(tmp_path / "p.json")
    assert pact.save(tmp_path / "ok.json").exists()


def test_upgrade_refuses_duplicate_descriptions() -> None:
    """Two v3 interactions with one description and the same states cannot become v4."""
    document = json.loads(json.dumps(V2_PACT))
    document["interactions"].append({**document["interactions"][0], "response": {"status": 500}})
    pact = load_pact(document)
    with pytest.raises(PactFileError, match="used twice with the same provider states"):
        pact.upgrade("v4")
    assert pact.spec is SpecVersion.V2
