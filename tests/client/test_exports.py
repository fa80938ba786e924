"""The public names of accord.client are pinned: adding or removing one is a deliberate change."""

from __future__ import annotations

import accord.client

EXPECTED = {
    "PLATFORMS",
    "ROLES",
    "BrokerSettings",
    "CanIDeployQuery",
    "HalClient",
    "MatrixLine",
    "PactToPublish",
    "PipelineSpec",
    "PublishResult",
    "Verdict",
    "VersionProperties",
    "broker_message",
    "broker_settings",
    "can_i_deploy",
    "create_environment",
    "create_or_update_pacticipant",
    "describe_environment",
    "describe_pacticipant",
    "describe_version",
    "detect_version_properties",
    "find_pact_files",
    "list_environments",
    "publish",
    "read_pact_file",
    "record_deployment",
    "record_release",
    "record_undeployment",
    "render_pipeline",
}


def test_exported_names() -> None:
    """__all__ lists exactly the public API, and every name in it exists."""
    assert set(accord.client.__all__) == EXPECTED
    for name in EXPECTED:
        assert getattr(accord.client, name) is not None
