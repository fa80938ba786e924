"""Interaction ids (``_id``), as the Pact Broker adds them to the pacts it serves."""

from __future__ import annotations

import hashlib
from typing import Any

import pytest

from accord.broker.domain import interaction_id, with_interaction_ids

INTERACTION = {"response": {"status": 200, "body": {"b": 1, "a": "é"}}, "description": "a request"}


def test_id_is_the_sha1_of_the_key_sorted_compact_json() -> None:
    """Keys sorted at every level, no spaces, non-ASCII kept as UTF-8 (Ruby's ``to_json``)."""
    canonical = '{"description":"a request","response":{"body":{"a":"é","b":1},"status":200}}'
    assert interaction_id(INTERACTION) == hashlib.sha1(canonical.encode()).hexdigest()


def test_a_previous_id_is_replaced() -> None:
    """A pact re-published from a broker gets fresh ids, computed without the old one."""
    served = with_interaction_ids({"interactions": [{"_id": "stale", **INTERACTION}]})
    assert served["interactions"][0]["_id"] == interaction_id(INTERACTION)
    assert list(served["interactions"][0]) == ["_id", "response", "description"]


@pytest.mark.parametrize(
    ("content", "ids"),
    [
        ({"interactions": [INTERACTION, {"description": "b"}]}, 2),
        ({"messages": [{"description": "an event", "contents": {}}]}, 1),
        ({"interactions": []}, 0),
        ({"interactions": "not a list"}, 0),
        ({"interactions": ["not an object"]}, 0),
        ({"consumer": {"name": "web"}}, 0),
    ],
)
def test_every_interaction_and_message_gets_one(content: dict[str, Any], ids: int) -> None:
    """Interactions and messages get an ``_id``; anything else is left as it is, and the input is kept."""
    before = repr(content)
    served = with_interaction_ids(content)
    entries = [
        e for key in ("interactions", "messages") if isinstance(served.get(key), list) for e in served[key]
    ]
    assert sum(1 for e in entries if isinstance(e, dict) and len(e["_id"]) == 40) == ids
    assert repr(content) == before
    assert {k: v for k, v in served.items() if k not in {"interactions", "messages"}} == {
        k: v for k, v in content.items() if k not in {"interactions", "messages"}
    }


def test_ids_tell_interactions_apart() -> None:
    """Two interactions that differ get different ids; the same interaction always the same one."""
    other = {**INTERACTION, "description": "another request"}
    assert interaction_id(INTERACTION) != interaction_id(other)
    assert interaction_id(dict(reversed(INTERACTION.items()))) == interaction_id(INTERACTION)
