"""accord.client: a Pact Broker client that follows HAL links (Accord's broker, Pact Broker, PactFlow).

- ``HalClient`` (``_hal``): the HAL navigator every broker call goes through (index, templated links,
  auth, bounded retries, errors); the provider verifier can use it too.
- ``broker_settings``, ``detect_version_properties`` (``_config``): ``PACT_BROKER_*`` settings, and
  version/branch/build URL from git and CI environments.
- ``publish`` (``_publish``): pact files -> ``POST pb:publish-contracts``.
- ``can_i_deploy`` (``_can_i_deploy``): the matrix question, the verdict and actionable explanations.
- ``record_deployment`` ... ``describe_version`` (``_resources``): deployments, releases,
  environments, pacticipants and versions.
- ``PipelineSpec``, ``render_pipeline`` (``_pipelines``): the CI pipelines ``accord ci init`` writes.
"""

from ._can_i_deploy import CanIDeployQuery, MatrixLine, Verdict, can_i_deploy
from ._config import BrokerSettings, VersionProperties, broker_settings, detect_version_properties
from ._hal import HalClient, broker_message
from ._pipelines import PLATFORMS, ROLES, PipelineSpec, render_pipeline
from ._publish import PactToPublish, PublishResult, find_pact_files, publish, read_pact_file
from ._resources import (
    create_environment,
    create_or_update_pacticipant,
    describe_environment,
    describe_pacticipant,
    describe_version,
    list_environments,
    record_deployment,
    record_release,
    record_undeployment,
)

__all__ = [
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
]
