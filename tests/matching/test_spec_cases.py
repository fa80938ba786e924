"""Every case of the official Pact specification test suite, through the public functions.

Each JSON file under ``shared/pact-specification/<version>/testcases/<request|response|message>``
gives an expected and an actual part and whether they match; all of them must agree.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from accord.matching import match_message, match_request, match_response

SPEC_ROOT = Path(__file__).resolve().parents[3] / "shared" / "pact-specification"
if not SPEC_ROOT.is_dir():  # the work tree may live elsewhere; fall back to the shared folder
    SPEC_ROOT = Path("/work/shared/pact-specification")

FUNCTIONS = {"request": match_request, "response": match_response, "message": match_message}
CASES = sorted(SPEC_ROOT.glob("v*/testcases/*/*/*.json"))


def _id(path: Path) -> str:
    return str(path.relative_to(SPEC_ROOT).with_suffix(""))


def test_all_803_cases_are_collected() -> None:
    """The suite holds 803 cases and every one of them is run below."""
    assert len(CASES) == 803


@pytest.mark.parametrize("case", CASES, ids=_id)
def test_spec_case(case: Path) -> None:
    """The engine's verdict equals the case's ``match`` field."""
    version = case.relative_to(SPEC_ROOT).parts[0]
    kind = case.relative_to(SPEC_ROOT).parts[2]
    data = json.loads(case.read_text(encoding="utf-8-sig"))
    mismatches = FUNCTIONS[kind](data["expected"], data["actual"], spec=version)
    assert (not mismatches) is data["match"], (data.get("comment"), mismatches)
