"""Round trips: every pact-like document of the shared specification and suite loads and saves unchanged."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from accord.matching import match_message, match_request, match_response
from accord.model import AsyncMessage, HttpInteraction, load_pact

from ._support import SPEC_ROOT, SUITE_FIXTURES, VERSION_STRINGS, case_id, read_case, spec_cases, wrap

CASES = spec_cases()


@pytest.mark.parametrize("case", CASES, ids=[case_id(c) for c in CASES])
def test_spec_case_round_trips_in_its_version(case: tuple[str, str, Path], tmp_path: Path) -> None:
    """The case's expected part, wrapped in a pact of the case's version, is saved back unchanged."""
    version, kind, path = case
    document = wrap(read_case(path)["expected"], kind, version)
    pact = load_pact(json.dumps(document))
    assert pact.spec.label == version
    saved = pact.save(tmp_path / "pact.json")
    assert json.loads(saved.read_text(encoding="utf-8")) == document
    assert load_pact(saved).to_json() == document


def _expected_part(interaction: Any, kind: str) -> dict[str, Any]:
    if kind == "message":
        assert isinstance(interaction, AsyncMessage)
        return interaction.message.to_json()
    assert isinstance(interaction, HttpInteraction)
    part: dict[str, Any] = (
        interaction.request.to_json() if kind == "request" else interaction.response.to_json()
    )
    return part


UPGRADABLE = [case for case in CASES if case[0] in ("v1.1", "v2", "v3")]
MATCHERS = {"request": match_request, "response": match_response, "message": match_message}


@pytest.mark.parametrize("case", UPGRADABLE, ids=[case_id(c) for c in UPGRADABLE])
def test_upgraded_case_keeps_its_verdict(case: tuple[str, str, Path]) -> None:
    """Upgraded to v4, the case's expected part still matches (or not) the case's actual part."""
    version, kind, path = case
    data = read_case(path)
    pact = load_pact(wrap(data["expected"], kind, version)).upgrade("v4")
    assert pact.to_json()["metadata"]["pactSpecification"]["version"] == "4.0"
    expected = _expected_part(pact.interactions[0], kind)
    verdict = not MATCHERS[kind](expected, data["actual"], spec="v4")
    assert verdict is data["match"], data.get("comment")


SPEC_ROOT_V1_REQUEST = SPEC_ROOT / "v1" / "testcases" / "request" / "query"
V1_QUERY_ORDER = ["different param order.json", "trailing amperand.json"]


@pytest.mark.parametrize("name", V1_QUERY_ORDER)
def test_v1_query_strings_become_order_free_on_upgrade(name: str) -> None:
    """v1 compares query strings exactly; upgraded to v4 the query is a map, so order stops mattering."""
    data = read_case(SPEC_ROOT_V1_REQUEST / name)
    assert data["match"] is False
    pact = load_pact(wrap(data["expected"], "request", "v1")).upgrade("v4")
    expected = _expected_part(pact.interactions[0], "request")
    assert match_request(expected, data["actual"], spec="v4") == []


FULL_PACTS = sorted(SUITE_FIXTURES.glob("pact-broker_*.json"))


@pytest.mark.parametrize("path", FULL_PACTS, ids=[p.name for p in FULL_PACTS])
def test_suite_pact_files_round_trip(path: Path, tmp_path: Path) -> None:
    """The suite's broker pact files (v4) save back unchanged when read without rule checks."""
    original = json.loads(path.read_text(encoding="utf-8"))
    pact = load_pact(path, strict=False)
    assert pact.to_json() == original
    assert load_pact(pact.save(tmp_path / path.name), strict=False).to_json() == original


RULE_FIXTURES = sorted(SUITE_FIXTURES.glob("*-matcher-*.json")) + sorted(
    SUITE_FIXTURES.glob("*-matcher.json")
)
GENERATOR_FIXTURES = sorted(SUITE_FIXTURES.glob("*-generator*.json"))


def _fixture_version(path: Path) -> str:
    for version in ("v2", "v3", "v4"):
        if f"-{version}" in path.name:
            return version
    return "v4"


@pytest.mark.parametrize("path", RULE_FIXTURES, ids=[p.name for p in RULE_FIXTURES])
def test_suite_matching_rules_round_trip(path: Path) -> None:
    """Each suite rule fixture, as the response rules of a pact of its version, is saved back unchanged."""
    version = _fixture_version(path)
    rules = json.loads(path.read_text(encoding="utf-8"))
    document = wrap({"status": 200, "matchingRules": rules}, "response", version)
    pact = load_pact(document, strict=False)
    assert pact.to_json() == document


@pytest.mark.parametrize("version", ["v3", "v4"])
@pytest.mark.parametrize("path", GENERATOR_FIXTURES, ids=[p.name for p in GENERATOR_FIXTURES])
def test_suite_generators_round_trip(path: Path, version: str) -> None:
    """Each suite generator fixture, as request generators with the suite's basic body, round-trips."""
    generators = json.loads(path.read_text(encoding="utf-8"))
    body = json.loads((SUITE_FIXTURES / "basic.json").read_text(encoding="utf-8"))
    if version == "v4":
        body = {"content": body, "contentType": "application/json", "encoded": False}
    request = {"method": "GET", "path": "/", "body": body, "generators": generators}
    document = wrap(request, "request", version)
    assert load_pact(document).to_json() == document


def test_version_strings_cover_every_spec_directory() -> None:
    """Every version directory of the specification has a version string (no case is left out)."""
    assert {case[0] for case in CASES} == set(VERSION_STRINGS)
    assert len(CASES) == 803
