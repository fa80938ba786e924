"""The domain's public names are pinned: adding or removing one is a deliberate change."""

from __future__ import annotations

from accord.broker import domain

EXPECTED = {
    "ALLOWED_SELECTOR_KEYS",
    "LATESTBY_VALUES",
    "NO_DEPENDENCIES_MISSING",
    "SUCCESSFUL",
    "WARN_NO_ENVIRONMENT",
    "WARN_NO_VERSION",
    "Branch",
    "BrokerQueryError",
    "ConsumerVersionSelector",
    "DeployedVersion",
    "DeploymentStatus",
    "Environment",
    "Estate",
    "Integration",
    "MatrixOptions",
    "MatrixResult",
    "MatrixRow",
    "MatrixSelector",
    "PactPublication",
    "Pacticipant",
    "Reason",
    "ReleasedVersion",
    "ResolvedSelector",
    "SelectedPact",
    "VerifiablePact",
    "Verification",
    "Version",
    "default_selectors",
    "deployment_status",
    "find_integrations",
    "find_matrix",
    "inclusion_reason",
    "interaction_id",
    "is_pending_for_branch",
    "notices",
    "pacts_for_verification",
    "parse_consumer_version_selectors",
    "pending_provider_tags",
    "pending_reason",
    "select_pacts",
    "short_description",
    "validate_matrix_query",
    "wip_pacts",
    "with_interaction_ids",
}


def test_exported_names() -> None:
    """__all__ lists exactly the public names, and each one exists."""
    assert set(domain.__all__) == EXPECTED
    assert all(hasattr(domain, name) for name in domain.__all__)
