"""accord.broker.domain: the broker's rules as pure functions over frozen records.

- `Estate` and its records (`Pacticipant`, `Version`, `PactPublication`, `Verification`, `Environment`,
  `DeployedVersion`, `ReleasedVersion`, `Branch`): the facts a question needs, loaded by storage.
- Consumer version selectors: `parse_consumer_version_selectors`, `select_pacts`.
- Pacts for verification: `pacts_for_verification` (pending and WIP), `notices`, `short_description`.
- The matrix and can-i-deploy: `find_matrix`, `deployment_status`.
- Interaction ids (``_id``, by which verifiers report per-interaction results): `with_interaction_ids`.

Nothing here imports SQLAlchemy or Starlette; user mistakes raise `BrokerQueryError` (HTTP 400).
"""

from accord.broker.domain._can_i_deploy import (
    NO_DEPENDENCIES_MISSING,
    SUCCESSFUL,
    WARN_NO_ENVIRONMENT,
    WARN_NO_VERSION,
    DeploymentStatus,
    Reason,
    deployment_status,
)
from accord.broker.domain._for_verification import (
    VerifiablePact,
    is_pending_for_branch,
    pacts_for_verification,
    pending_provider_tags,
    wip_pacts,
)
from accord.broker.domain._interaction_ids import interaction_id, with_interaction_ids
from accord.broker.domain._matrix import (
    LATESTBY_VALUES,
    Integration,
    MatrixOptions,
    MatrixResult,
    MatrixRow,
    MatrixSelector,
    ResolvedSelector,
    find_integrations,
    find_matrix,
    validate_matrix_query,
)
from accord.broker.domain._notices import inclusion_reason, notices, pending_reason, short_description
from accord.broker.domain._records import (
    Branch,
    BrokerQueryError,
    DeployedVersion,
    Environment,
    Estate,
    Pacticipant,
    PactPublication,
    ReleasedVersion,
    Verification,
    Version,
)
from accord.broker.domain._selectors import (
    ALLOWED_SELECTOR_KEYS,
    ConsumerVersionSelector,
    SelectedPact,
    default_selectors,
    parse_consumer_version_selectors,
    select_pacts,
)

__all__ = [
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
]
