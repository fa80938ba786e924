"""Pacts written by the Pact reference implementation (the Rust core in pact-python 4.2.0).

``data/pact-python-v3.json`` and ``data/pact-python-v4.json`` are the files that
``../shared/research/peers-scripts/consumer_pact_python.py OUTDIR V3`` and ``... V4`` wrote (one
consumer test, two interactions with a parameterised provider state, integer/type/regex/eachLike
matchers). They pin Accord's reading and its v3 -> v4 upgrade to what the reference writes.
``data/pactman-v2.json`` and ``data/pactman-v3.json`` are what pactman 2.31.0 wrote for the same
test (``test_consumer_pactman.py`` with ``PACTMAN_SPEC=2.0.0`` / ``3.0.0``).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from accord.model import HttpInteraction, ProviderState, SpecVersion, load_pact

DATA = Path(__file__).parent / "data"


def _read(name: str) -> dict[str, Any]:
    document: dict[str, Any] = json.loads((DATA / name).read_text(encoding="utf-8"))
    return document


@pytest.mark.parametrize(
    ("name", "spec"), [("pact-python-v3.json", SpecVersion.V3), ("pact-python-v4.json", SpecVersion.V4)]
)
def test_reference_pacts_round_trip(name: str, spec: SpecVersion, tmp_path: Path) -> None:
    """Both reference files load in their version and save back to the same document."""
    pact = load_pact(DATA / name)
    assert pact.spec is spec
    assert load_pact(pact.save(tmp_path / name)).to_json() == _read(name)


def test_reference_v3_reads_states_with_params() -> None:
    """The parameterised provider state and the request are read as the reference wrote them."""
    first = load_pact(DATA / "pact-python-v3.json").find("a request for user 123")
    assert isinstance(first, HttpInteraction)
    assert first.provider_states == (ProviderState("user 123 exists", {"id": 123}),)
    assert first.request.to_json() == {
        "method": "GET",
        "path": "/users/123",
        "headers": {"Accept": "application/json"},
    }


def test_upgrade_matches_what_the_reference_writes_as_v4() -> None:
    """The v3 -> v4 upgrade equals the reference's own v4 file (which adds the default pending: false)."""
    upgraded = load_pact(DATA / "pact-python-v3.json").upgrade("v4").to_json()
    reference = _read("pact-python-v4.json")
    for interaction in reference["interactions"]:
        assert interaction.pop("pending") is False

    def by_description(document: dict[str, Any]) -> list[dict[str, Any]]:
        return sorted(document["interactions"], key=lambda item: str(item["description"]))

    assert by_description(upgraded) == by_description(reference)
    assert upgraded["metadata"]["pactSpecification"] == reference["metadata"]["pactSpecification"]


@pytest.mark.parametrize(
    ("name", "spec"), [("pactman-v2.json", SpecVersion.V2), ("pactman-v3.json", SpecVersion.V3)]
)
def test_pactman_pacts_round_trip(name: str, spec: SpecVersion) -> None:
    """pactman 2.31.0's v2 and v3 files (``test_consumer_pactman.py``) load and save back unchanged."""
    pact = load_pact(DATA / name)
    assert pact.spec is spec
    assert pact.to_json() == _read(name)


def test_pactman_v2_rules_without_match_gain_it_on_upgrade() -> None:
    """pactman writes ``{"regex": ...}`` without ``match``; the v4 upgrade names the matcher."""
    upgraded = load_pact(DATA / "pactman-v2.json").upgrade("v4").to_json()
    rules = upgraded["interactions"][0]["response"]["matchingRules"]["body"]
    assert rules["$.email"]["matchers"] == [{"match": "regex", "regex": "^[^@]+@[^@]+\\.[a-z]+$"}]
    assert upgraded["interactions"][0]["providerStates"] == [{"name": "user 123 exists"}]
