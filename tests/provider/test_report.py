"""Reporting: the console report, JSON, JUnit, the broker's result format, and the exported names."""

from __future__ import annotations

import io
import json
from typing import Any
from xml.etree import ElementTree

import pytest

import accord.provider
from accord.errors import MismatchError
from accord.matching import Mismatch
from accord.provider import Case, InteractionResult, PactResult, ProviderState, VerificationResult
from accord.provider._report import Progress, print_report, report_lines, small_diff
from accord.provider._results import broker_results


def _case(description: str, *, pending: bool = False, comments: dict[str, Any] | None = None) -> Case:
    return Case(
        "web",
        description,
        "http",
        [ProviderState("an order exists")],
        {},
        "v4",
        pending,
        comments or {},
        "k1",
    )


def _result() -> VerificationResult:
    mismatch = Mismatch("body", "$.body.id", 7, "7", "Expected '7' (String) to be an integer")
    interactions = [
        InteractionResult(_case("passes", comments={"text": ["comment one"], "testname": "test_it"})),
        InteractionResult(_case("fails"), mismatches=[mismatch]),
        InteractionResult(_case("fails pending", pending=True), mismatches=[mismatch]),
        InteractionResult(_case("errors"), error="the provider did not answer GET /x within 1 s"),
    ]
    return VerificationResult(
        "orders", [PactResult("web", "orders", "pacts/web-orders.json", False, interactions)]
    )


def test_console_report() -> None:
    """Per consumer and interaction: verdict, comments, test name, numbered mismatches, diff, summary."""
    out = io.StringIO()
    print_report(_result(), file=out)
    text = out.getvalue()
    for expected in (
        "Verifying a pact between web and orders  (pacts/web-orders.json)",
        "  passes  (given 'an order exists')",
        "    # comment one",
        "    # Test Name: test_it",
        "    ✔ passed",
        "      1) body $.id: Expected '7' (String) to be an integer",
        "         -7",
        '         +"7"',
        "    ✘ failed (pending: does not fail the verification)",
        "      1) the provider did not answer GET /x within 1 s",
        "4 interactions, 1 passed, 2 failed, 1 pending failed",
    ):
        assert expected in text, expected


def _rich_text(result: VerificationResult, *, terminal: bool) -> str:
    from rich.console import Console
    from rich.text import Text

    out = io.StringIO()
    text = Text()
    for line, style in report_lines(result):
        text.append(line + "\n", style=style or None)
    Console(file=out, highlight=False, soft_wrap=True, force_terminal=terminal).print(text, end="")
    return out.getvalue()


def test_plain_report_is_what_rich_writes_off_a_terminal(monkeypatch: pytest.MonkeyPatch) -> None:
    """Off a terminal the report is written without Rich: the same characters Rich writes there."""
    for name in ("FORCE_COLOR", "TTY_COMPATIBLE"):
        monkeypatch.delenv(name, raising=False)
    result = _result()
    result.pacts[0].interactions[1].mismatches.append(
        Mismatch("body", "$.body.note", "a\rb", "c\x07d", "Expected 'a\rb' to equal 'c\x07d'")
    )
    out = io.StringIO()
    print_report(result, file=out)
    assert out.getvalue() == _rich_text(result, terminal=False)


def test_forced_colour_uses_rich(monkeypatch: pytest.MonkeyPatch) -> None:
    """FORCE_COLOR (as Rich reads it) styles the report even when it goes to a file."""
    monkeypatch.delenv("TTY_COMPATIBLE", raising=False)
    monkeypatch.setenv("FORCE_COLOR", "1")
    out = io.StringIO()
    print_report(_result(), file=out)
    assert "\x1b[" in out.getvalue()


@pytest.mark.parametrize(
    ("expected", "actual", "lines"),
    [
        ({"a": 1}, {"a": 2}, ['-  "a": 1', '+  "a": 2']),
        ("ok", "down", ["-ok", "+down"]),
        (None, None, []),
        (b"x", b"y", ["-x", "+y"]),
    ],
)
def test_small_diff(expected: Any, actual: Any, lines: list[str]) -> None:
    """The diff shows removed expected lines and added actual lines, without headers."""
    assert [line for line in small_diff(expected, actual) if line.startswith(("-", "+"))] == lines


def test_verdict_and_exit_code() -> None:
    """A non-pending failure fails the run (exit 1); pending failures are counted apart."""
    result = _result()
    assert (result.success, result.exit_code) == (False, 1)
    assert result.counts() == {"total": 4, "passed": 1, "failed": 2, "pending_failed": 1}


def test_assert_success_lists_every_failure() -> None:
    """For pytest: one MismatchError numbering each non-pending failure and its problems."""
    with pytest.raises(MismatchError) as info:
        _result().assert_success()
    assert info.value.message == (
        "2 interactions of provider 'orders' failed:\n"
        "1) web: fails\n"
        "   - $.body.id: Expected '7' (String) to be an integer\n"
        "2) web: errors\n"
        "   - the provider did not answer GET /x within 1 s"
    )
    passing = VerificationResult("orders", [])
    assert passing.assert_success() is passing


def test_json_report() -> None:
    """The JSON report carries the summary and each interaction's status and mismatches."""
    document = json.loads(json.dumps(_result().to_json()))
    interactions = document["pacts"][0]["interactions"]
    assert [i["status"] for i in interactions] == ["passed", "failed", "failed", "error"]
    assert interactions[1]["mismatches"] == [
        {
            "kind": "body",
            "path": "$.body.id",
            "expected": 7,
            "actual": "7",
            "message": "Expected '7' (String) to be an integer",
        }
    ]


def test_junit_report() -> None:
    """JUnit: one suite per pact; failures, errors, and pending failures as skipped."""
    root = ElementTree.fromstring(_result().to_junit().split("\n", 1)[1])
    suite = root.find("testsuite")
    assert suite is not None
    assert {k: suite.get(k) for k in ("tests", "failures", "errors", "skipped")} == {
        "tests": "4",
        "failures": "1",
        "errors": "1",
        "skipped": "1",
    }
    children = {case.get("name"): [c.tag for c in case] for case in suite}
    assert children == {"passes": [], "fails": ["failure"], "fails pending": ["skipped"], "errors": ["error"]}


def test_broker_result_format() -> None:
    """The Pact Broker's verification result: success, version, per-interaction testResults, verifiedBy."""
    document = broker_results(_result().pacts[0], "2.0.0")
    assert document["success"] is False and document["providerApplicationVersion"] == "2.0.0"
    assert document["testResults"][1] == {
        "success": False,
        "interactionId": "k1",
        "interactionDescription": "fails",
        "mismatches": [
            {
                "attribute": "body",
                "identifier": "$.body.id",
                "description": "Expected '7' (String) to be an integer",
                "expected": 7,
                "actual": "7",
            }
        ],
    }
    assert document["testResults"][3]["mismatches"] == [
        {"attribute": "error", "description": "the provider did not answer GET /x within 1 s"}
    ]


@pytest.mark.parametrize(
    ("total", "enabled", "shown"), [(21, True, True), (21, False, False), (5, None, False)]
)
def test_progress_bar(total: int, enabled: bool | None, shown: bool) -> None:
    """A progress bar is drawn when asked (by default: above 20 interactions, on a terminal)."""
    with Progress(total, enabled=enabled) as bar:
        for _ in range(total):
            bar.advance()
    assert (bar._bar is not None) is shown


def test_report_lines_have_styles() -> None:
    """Every report line comes with a Rich style (red for failures, green for passes)."""
    styles = dict(report_lines(_result()))
    assert styles["    ✔ passed"] == "green" and styles["    ✘ failed"] == "red"


def test_exported_names() -> None:
    """The public API of accord.provider is pinned."""
    assert sorted(accord.provider.__all__) == [
        "Case",
        "InteractionResult",
        "Message",
        "MessageContext",
        "PactDocument",
        "PactResult",
        "ProviderState",
        "Selection",
        "StateHandlers",
        "VerificationResult",
        "Verifier",
        "default_states",
        "provider_state",
    ]
    assert all(hasattr(accord.provider, name) for name in accord.provider.__all__)
