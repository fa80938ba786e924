"""What a verification produced: per interaction, per pact, overall; and its JSON, JUnit and broker forms.

The verdict follows the Pact verifiers: the verification fails when a non-pending interaction
failed; pending interactions' failures are reported but do not fail it ("pending pacts ... will
not fail the verification", Pact Broker pending-pacts documentation).

``broker_results`` writes the body the Pact Broker takes at ``pb:publish-verification-results``:
``{"success", "providerApplicationVersion", "testResults": [{"interactionId", "success",
"mismatches": [...]}], "verifiedBy": {...}}``.
"""

from __future__ import annotations

import json
from dataclasses import field
from typing import TYPE_CHECKING, Any

from accord import __version__
from accord.errors import MismatchError
from accord.matching.mismatches import Mismatch
from accord.model._record import MutableRecord

from ._cases import Case

if TYPE_CHECKING:  # checkers see the dataclasses these classes behave as
    from dataclasses import dataclass
else:  # at run time, without compiling generated methods at import (see accord.model._record)
    from accord.model._record import dataclass

PASSED = "passed"
FAILED = "failed"
ERROR = "error"


@dataclass
class InteractionResult(MutableRecord):
    """The verdict on one interaction.

    Attributes:
        case: the interaction verified.
        mismatches: what differed (empty when it passed).
        state_error: why a provider state could not be set up, or ``None``.
        error: why the interaction could not be verified at all (provider down, timeout,
            no producer for a message), or ``None``.
        duration: seconds spent on it, states included.
    """

    case: Case
    mismatches: list[Mismatch] = field(default_factory=list)
    state_error: str | None = None
    error: str | None = None
    duration: float = 0.0

    @property
    def description(self) -> str:
        """The interaction's description."""
        return self.case.description

    @property
    def consumer(self) -> str:
        """The consumer whose pact holds it."""
        return self.case.consumer

    @property
    def pending(self) -> bool:
        """Whether its failure is reported without failing the verification."""
        return self.case.pending

    @property
    def success(self) -> bool:
        """Whether it passed."""
        return not self.mismatches and self.state_error is None and self.error is None

    @property
    def status(self) -> str:
        """``passed``, ``failed`` (mismatches) or ``error`` (could not be verified)."""
        if self.success:
            return PASSED
        return FAILED if self.mismatches else ERROR

    def problems(self) -> list[str]:
        """Every reason it failed, one sentence each."""
        out = []
        if self.state_error:
            out.append(self.state_error)
        if self.error:
            out.append(self.error)
        out.extend(m.describe() for m in self.mismatches)
        return out

    def to_json(self) -> dict[str, Any]:
        """The JSON form (``--json``)."""
        return {
            "consumer": self.consumer,
            "description": self.description,
            "interactionId": self.case.interaction_id,
            "kind": self.case.kind,
            "providerStates": [s.name for s in self.case.states],
            "status": self.status,
            "success": self.success,
            "pending": self.pending,
            "durationSeconds": round(self.duration, 6),
            "stateError": self.state_error,
            "error": self.error,
            "mismatches": [_mismatch_json(m) for m in self.mismatches],
        }


def _plain(value: Any) -> Any:
    if isinstance(value, bytes):
        return value.decode("utf-8", "replace")
    try:
        json.dumps(value)
    except (TypeError, ValueError):
        return repr(value)
    return value


def _mismatch_json(mismatch: Mismatch) -> dict[str, Any]:
    return {
        "kind": mismatch.kind,
        "path": mismatch.path,
        "expected": _plain(mismatch.expected),
        "actual": _plain(mismatch.actual),
        "message": mismatch.message,
    }


@dataclass
class PactResult(MutableRecord):
    """The verdicts on one pact.

    Attributes:
        consumer: the consumer's name.
        provider: the provider's name.
        source: where the pact came from.
        pending: the broker reported the pact pending.
        interactions: one result per verified interaction.
        links: the broker's links on the pact (for publishing).
    """

    consumer: str
    provider: str
    source: str
    pending: bool = False
    interactions: list[InteractionResult] = field(default_factory=list)
    links: dict[str, Any] = field(default_factory=dict)

    @property
    def success(self) -> bool:
        """Whether every interaction passed (pending ones included: this is what the broker records)."""
        return all(result.success for result in self.interactions)


@dataclass
class VerificationResult(MutableRecord):
    """Everything one verification produced.

    Attributes:
        provider: the provider verified.
        pacts: one result per pact.
        warnings: things the user should know that did not fail anything (unhandled states,
            skipped pacts).
        publish_errors: why publishing results to the broker failed, per pact.
        duration: seconds the whole verification took.
    """

    provider: str
    pacts: list[PactResult] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    publish_errors: list[str] = field(default_factory=list)
    duration: float = 0.0

    @property
    def interactions(self) -> list[InteractionResult]:
        """Every interaction's result, pact after pact."""
        return [result for pact in self.pacts for result in pact.interactions]

    @property
    def failures(self) -> list[InteractionResult]:
        """The non-pending interactions that failed."""
        return [r for r in self.interactions if not r.success and not r.pending]

    @property
    def pending_failures(self) -> list[InteractionResult]:
        """The pending interactions that failed (reported, not fatal)."""
        return [r for r in self.interactions if not r.success and r.pending]

    @property
    def success(self) -> bool:
        """Whether no non-pending interaction failed."""
        return not self.failures

    @property
    def exit_code(self) -> int:
        """What ``accord verify`` exits with: 1 when a non-pending interaction failed, else 0."""
        return 0 if self.success else 1

    def counts(self) -> dict[str, int]:
        """How many interactions passed, failed and failed while pending."""
        results = self.interactions
        return {
            "total": len(results),
            "passed": sum(r.success for r in results),
            "failed": len(self.failures),
            "pending_failed": len(self.pending_failures),
        }

    def assert_success(self) -> VerificationResult:
        """Raise one ``MismatchError`` listing every non-pending failure, numbered; else return ``self``.

        For pytest: ``Verifier("orders").with_app(app).add_source("pacts/").verify().assert_success()``.

        Raises:
            MismatchError: a non-pending interaction failed (the message lists them all).
        """
        if self.success:
            return self
        lines = []
        for number, failure in enumerate(self.failures, start=1):
            lines.append(f"{number}) {failure.consumer}: {failure.description}")
            lines.extend(f"   - {problem}" for problem in failure.problems())
        count = len(self.failures)
        raise MismatchError(
            f"{count} interaction{'s' if count > 1 else ''} of provider {self.provider!r} failed:\n"
            + "\n".join(lines),
            hint="fix the provider, or agree a change of contract with the consumer",
            failures=self.failures,
        )

    def to_json(self) -> dict[str, Any]:
        """The JSON report (``--json FILE``)."""
        return {
            "provider": self.provider,
            "success": self.success,
            "summary": self.counts(),
            "durationSeconds": round(self.duration, 6),
            "warnings": list(self.warnings),
            "publishErrors": list(self.publish_errors),
            "pacts": [
                {
                    "consumer": pact.consumer,
                    "provider": pact.provider,
                    "source": pact.source,
                    "pending": pact.pending,
                    "success": pact.success,
                    "interactions": [r.to_json() for r in pact.interactions],
                }
                for pact in self.pacts
            ],
        }

    def to_junit(self) -> str:
        """A JUnit XML report (``--junit FILE``): one test suite per pact, one test case per interaction.

        Pending failures are written as ``skipped`` with the reason, so CI dashboards show them
        without failing the build.
        """
        from xml.etree import ElementTree  # noqa: PLC0415 - only for --junit

        root = ElementTree.Element("testsuites", name=f"accord verify {self.provider}")
        for pact in self.pacts:
            suite = ElementTree.SubElement(
                root,
                "testsuite",
                name=f"{pact.consumer} -> {pact.provider}",
                tests=str(len(pact.interactions)),
                failures=str(sum(r.status == FAILED and not r.pending for r in pact.interactions)),
                errors=str(sum(r.status == ERROR and not r.pending for r in pact.interactions)),
                skipped=str(sum(not r.success and r.pending for r in pact.interactions)),
                time=f"{sum(r.duration for r in pact.interactions):.6f}",
            )
            for result in pact.interactions:
                case = ElementTree.SubElement(
                    suite,
                    "testcase",
                    classname=f"{pact.consumer}.{pact.provider}",
                    name=result.description,
                    time=f"{result.duration:.6f}",
                )
                if result.success:
                    continue
                text = "\n".join(result.problems())
                if result.pending:
                    ElementTree.SubElement(
                        case, "skipped", message="pending: " + text.split("\n")[0]
                    ).text = text
                else:
                    tag = "failure" if result.status == FAILED else "error"
                    ElementTree.SubElement(case, tag, message=text.split("\n")[0]).text = text
        ElementTree.indent(root)
        return (
            '<?xml version="1.0" encoding="UTF-8"?>\n' + ElementTree.tostring(root, encoding="unicode") + "\n"
        )


def broker_results(pact: PactResult, provider_version: str) -> dict[str, Any]:
    """The verification result the Pact Broker takes for one pact, with per-interaction test results."""
    tests = []
    for result in pact.interactions:
        entry: dict[str, Any] = {"success": result.success}
        if result.case.interaction_id:
            entry["interactionId"] = result.case.interaction_id
        entry["interactionDescription"] = result.description
        mismatches: list[dict[str, Any]] = [
            {
                "attribute": m.kind,
                "identifier": m.path,
                "description": m.message,
                "expected": _plain(m.expected),
                "actual": _plain(m.actual),
            }
            for m in result.mismatches
        ]
        for problem in (result.state_error, result.error):
            if problem:
                mismatches.append({"attribute": "error", "description": problem})
        if mismatches:
            entry["mismatches"] = mismatches
        tests.append(entry)
    return {
        "success": pact.success,
        "providerApplicationVersion": provider_version,
        "testResults": tests,
        "verifiedBy": {"implementation": "Accord", "version": __version__},
    }


__all__ = [
    "ERROR",
    "FAILED",
    "PASSED",
    "InteractionResult",
    "PactResult",
    "VerificationResult",
    "broker_results",
]
