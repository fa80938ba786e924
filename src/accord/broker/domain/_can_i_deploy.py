"""Can I deploy? The verdict, counts and reasons drawn from a matrix result.

Rules (Pact Broker ``DeploymentStatusSummary`` and ``ReasonDecorator``), quoted:

- "deployable" is false when a specified version does not exist; unknown (null) when a considered row
  has no verification or a required integration has no row; otherwise true when every considered row
  succeeded, "true if considered_rows is empty" (the chicken-and-egg first deployment: a pacticipant
  with no integrations in the target environment may be deployed).
- Reasons: warnings first, then errors ("There is no verified pact between ...", "The verification for
  the pact between ... failed", "No pacts or verifications have been published for version ..."), or,
  without errors, "All required verification results are published and successful" or "There are no
  missing dependencies".
- A consumer version that published no pacts has no integration as a consumer, so it is deployable
  with "There are no missing dependencies" (unless its own consumers in the environment block it).
"""

from __future__ import annotations

from dataclasses import dataclass

from accord.broker.domain._matrix import (
    Integration,
    MatrixResult,
    MatrixRow,
    MatrixSelector,
    ResolvedSelector,
)
from accord.broker.domain._records import Pacticipant, Version, unique

WARN_NO_ENVIRONMENT = (
    "WARN: It is recommended to specify the environment into which you are deploying. Without the "
    "environment, this result will not be reliable."
)
WARN_NO_VERSION = (
    "WARN: It is recommended to specify the version number (rather than the tag or branch) of the "
    "pacticipant you wish to deploy to avoid race conditions. Without a version number, this result will "
    "not be reliable."
)
SUCCESSFUL = "All required verification results are published and successful"
NO_DEPENDENCIES_MISSING = "There are no missing dependencies"


@dataclass(frozen=True)
class Reason:
    """One line of the verdict's explanation: ``type`` is error, warning, success or info."""

    type: str
    text: str


@dataclass(frozen=True)
class DeploymentStatus:
    """The can-i-deploy verdict for a matrix result."""

    deployable: bool | None
    reasons: list[Reason]
    success: int
    failed: int
    unknown: int
    ignored: int | None

    @property
    def reason(self) -> str:
        """The reasons' texts joined by newlines (the ``summary.reason`` field)."""
        return "\n".join(r.text for r in self.reasons)

    def summary_json(self) -> dict[str, object]:
        """The ``summary`` object of the matrix response."""
        out: dict[str, object] = {
            "deployable": self.deployable,
            "reason": self.reason,
            "success": self.success,
            "failed": self.failed,
            "unknown": self.unknown,
        }
        if self.ignored is not None:
            out["ignored"] = self.ignored
        return out

    def notices_json(self) -> list[dict[str, str]]:
        """The ``notices`` array: one ``{type, text}`` per reason."""
        return [{"type": r.type, "text": r.text} for r in self.reasons]


def _dummy(pacticipant: Pacticipant, version: Version | None) -> ResolvedSelector:
    """A stand-in selector for a pacticipant the query did not name one for."""
    original = MatrixSelector(pacticipant=pacticipant.name)
    return ResolvedSelector(pacticipant, pacticipant.name, original, "inferred", version=version)


def _selector_for(
    result: MatrixResult, pacticipant: Pacticipant, version: Version | None
) -> ResolvedSelector:
    """The selector that brought this pacticipant (version) into the result, as the Pact Broker finds it."""
    found = [s for s in result.selectors if s.pacticipant_name == pacticipant.name]
    if len(found) == 1:
        return found[0]
    if version is not None:
        match = next((s for s in found if s.version_number == version.number), None)
        if match:
            return match
    return _dummy(pacticipant, version)


def _pair(result: MatrixResult, row: MatrixRow | Integration) -> str:
    if isinstance(row, MatrixRow):
        consumer = _selector_for(result, row.consumer, row.consumer_version)
        provider = _selector_for(result, row.provider, row.provider_version)
    else:
        consumer = _selector_for(result, row.consumer, None)
        provider = _selector_for(result, row.provider, None)
    return f"{consumer.description()} and {provider.description()}"


def _warnings(result: MatrixResult) -> list[Reason]:
    warnings = [
        Reason("warning", f"WARN: Cannot ignore {s.description()}")
        for s in result.ignore_selectors
        if s.pacticipant_or_version_missing
    ]
    specified = [s for s in result.selectors if s.specified]
    options = result.options
    if len(specified) == 1 and not (options.tag or options.environment or options.main_branch):
        warnings.append(Reason("warning", WARN_NO_ENVIRONMENT))
    versioned = [s for s in specified if not s.original.only_pacticipant]
    if versioned and not any(s.original.version for s in specified):
        warnings.append(Reason("warning", WARN_NO_VERSION))
    return warnings


def deployment_status(result: MatrixResult) -> DeploymentStatus:
    """Draw the verdict, counts and reasons from a matrix result (see the module docstring)."""
    rows = result.considered_rows
    row_pairs = {(r.consumer.id, r.provider.id) for r in result.considered_rows + result.ignored_rows}
    missing = [
        i for i in result.integrations if i.required and (i.consumer.id, i.provider.id) not in row_pairs
    ]
    absent = [s for s in result.selectors if s.specified and s.version_missing and not s.ignore]

    if absent:
        deployable: bool | None = False
    elif any(r.success is None for r in rows) or missing:
        deployable = None
    else:
        deployable = all(r.success for r in rows)

    errors: list[str] = [s.version_does_not_exist_description() for s in absent]
    if not errors:
        errors += [f"There is no verified pact between {_pair(result, i)}" for i in missing]
        errors += [
            f"The verification for the pact between {_pair(result, r)} failed"
            for r in rows
            if r.success is False
        ]
        errors += [f"There is no verified pact between {_pair(result, r)}" for r in rows if r.success is None]
    reasons = _warnings(result)
    if errors:
        reasons += [Reason("error", text) for text in unique(errors)]
    elif not missing and all(r.success for r in rows):
        reasons.append(Reason("success", SUCCESSFUL if rows else NO_DEPENDENCIES_MISSING))
    return DeploymentStatus(
        deployable=deployable,
        reasons=reasons,
        success=sum(1 for r in rows if r.success is True),
        failed=sum(1 for r in rows if r.success is False),
        unknown=len(missing) + sum(1 for r in rows if r.success is None),
        ignored=len(result.ignored_rows) if result.ignore_selectors else None,
    )


__all__ = [
    "NO_DEPENDENCIES_MISSING",
    "SUCCESSFUL",
    "WARN_NO_ENVIRONMENT",
    "WARN_NO_VERSION",
    "DeploymentStatus",
    "Reason",
    "deployment_status",
]
