"""The broker's tables (SQLAlchemy Core), named as in the Pact Broker so that its docs map one to one.

Drafted by the domain engineer because the domain loaders (`_domain_queries.py`) needed it before the
service's own schema landed; the service engineer owns this module and may extend it (add columns,
tables and indexes freely; renaming a column used by `_domain_queries.py` needs a matching change there).

Tables:

- ``pacticipants``: applications (consumers and providers); ``name`` unique; ``main_branch`` names the
  branch whose head the ``mainBranch`` selector picks.
- ``versions``: a pacticipant's versions; ``number`` unique per pacticipant; ``order`` grows with
  creation and defines "latest".
- ``branches`` and ``branch_versions``: which versions belong to which branch; a branch's
  ``created_at`` is when its first version was recorded (used by the pending rules).
- ``tags``: version tags (the older way to say branch and environment).
- ``pact_versions``: pact content by its ``sha`` (identical content published by several consumer
  versions is stored once).
- ``pact_publications``: a consumer version publishing a pact version for a provider; a republication
  with changed content adds a revision.
- ``pact_heads``: maintained, not derived at read time: for each consumer and provider, the newest
  consumer version that published a pact (``scope`` ``latest``, ``label`` empty), and the newest one on
  each consumer branch (``branch``) and with each consumer tag (``tag``, ``label`` the name). Every write
  that changes one (publish, branch or tag added or removed, version, pact or pacticipant deleted)
  updates it in the same transaction (``_heads.py``), so the ``latest``, ``branch``, ``mainBranch`` and
  ``tag`` selectors, WIP pacts and the matrix's integrations read a few rows instead of every version.
- ``verifications``: a provider version's result for a pact version, with per-interaction test results.
- ``environments``, ``deployed_versions`` (current until ``undeployed_at``; ``target`` is the Pact
  Broker's "application instance") and ``released_versions`` (supported until ``support_ended_at``).
- ``pacticipant_labels``: free-form labels on pacticipants (``name`` unique per pacticipant), used to
  list pacticipants by label and to scope webhooks to every pacticipant with a label.
- ``webhooks``: HTTP requests the broker sends when events happen (``events`` and ``request`` are JSON
  text); ``consumer_id``/``provider_id`` narrow a webhook to one pacticipant pair when set,
  ``consumer_label``/``provider_label`` to the pacticipants with that label.
- ``api_tokens``: bearer tokens for the broker's auth, stored as the SHA-256 of the secret (never the
  secret itself), with a role (``read``, ``write`` or ``admin``) and ``revoked_at`` once revoked.

Every write goes through one transaction (``Storage.transaction`` in ``_engine.py``); the unique
constraints above are what make concurrent writers (several replicas on one PostgreSQL) converge on one
row instead of duplicating it: a writer that loses the race retries and finds the winner's row.
"""

from __future__ import annotations

from sqlalchemy import (
    Boolean,
    Column,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    UniqueConstraint,
)

metadata = MetaData()

_NAME = 255

pacticipants = Table(
    "pacticipants",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("name", String(_NAME), nullable=False, unique=True),
    Column("display_name", String(_NAME)),
    Column("main_branch", String(_NAME)),
    Column("repository_url", Text),
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("updated_at", DateTime(timezone=True)),
)

versions = Table(
    "versions",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("pacticipant_id", Integer, ForeignKey("pacticipants.id", ondelete="CASCADE"), nullable=False),
    Column("number", String(_NAME), nullable=False),
    Column("order", Integer, nullable=False),
    Column("build_url", Text),
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("updated_at", DateTime(timezone=True)),
    UniqueConstraint("pacticipant_id", "number", name="uq_versions_pacticipant_number"),
    Index("ix_versions_pacticipant_order", "pacticipant_id", "order"),
)

branches = Table(
    "branches",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("pacticipant_id", Integer, ForeignKey("pacticipants.id", ondelete="CASCADE"), nullable=False),
    Column("name", String(_NAME), nullable=False),
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("updated_at", DateTime(timezone=True)),
    UniqueConstraint("pacticipant_id", "name", name="uq_branches_pacticipant_name"),
)

branch_versions = Table(
    "branch_versions",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("branch_id", Integer, ForeignKey("branches.id", ondelete="CASCADE"), nullable=False),
    Column("version_id", Integer, ForeignKey("versions.id", ondelete="CASCADE"), nullable=False),
    Column("pacticipant_id", Integer, ForeignKey("pacticipants.id", ondelete="CASCADE"), nullable=False),
    Column("branch_name", String(_NAME), nullable=False),
    Column("created_at", DateTime(timezone=True), nullable=False),
    UniqueConstraint("branch_id", "version_id", name="uq_branch_versions_branch_version"),
    Index("ix_branch_versions_version", "version_id"),
    # version_id last: "the newest version of this branch" is one step down the index (max(version_id))
    Index("ix_branch_versions_pacticipant_branch", "pacticipant_id", "branch_name", "version_id"),
)

tags = Table(
    "tags",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("version_id", Integer, ForeignKey("versions.id", ondelete="CASCADE"), nullable=False),
    Column("pacticipant_id", Integer, ForeignKey("pacticipants.id", ondelete="CASCADE"), nullable=False),
    Column("name", String(_NAME), nullable=False),
    Column("created_at", DateTime(timezone=True), nullable=False),
    UniqueConstraint("version_id", "name", name="uq_tags_version_name"),
    Index("ix_tags_pacticipant_name", "pacticipant_id", "name", "version_id"),
)

pact_versions = Table(
    "pact_versions",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("sha", String(64), nullable=False, unique=True),
    Column("consumer_id", Integer, ForeignKey("pacticipants.id", ondelete="CASCADE"), nullable=False),
    Column("provider_id", Integer, ForeignKey("pacticipants.id", ondelete="CASCADE"), nullable=False),
    Column("content", Text, nullable=False),
    Column("interactions_count", Integer, nullable=False, default=0),
    Column("created_at", DateTime(timezone=True), nullable=False),
)

pact_publications = Table(
    "pact_publications",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("consumer_id", Integer, ForeignKey("pacticipants.id", ondelete="CASCADE"), nullable=False),
    Column("provider_id", Integer, ForeignKey("pacticipants.id", ondelete="CASCADE"), nullable=False),
    Column("consumer_version_id", Integer, ForeignKey("versions.id", ondelete="CASCADE"), nullable=False),
    Column("pact_version_id", Integer, ForeignKey("pact_versions.id", ondelete="CASCADE"), nullable=False),
    Column("revision_number", Integer, nullable=False, default=1),
    Column("created_at", DateTime(timezone=True), nullable=False),
    UniqueConstraint(
        "consumer_version_id", "provider_id", "revision_number", name="uq_pact_publications_revision"
    ),
    Index("ix_pact_publications_provider_consumer", "provider_id", "consumer_id"),
    Index("ix_pact_publications_consumer_provider", "consumer_id", "provider_id"),
    Index("ix_pact_publications_pact_version", "pact_version_id"),
)

pact_heads = Table(
    "pact_heads",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("consumer_id", Integer, ForeignKey("pacticipants.id", ondelete="CASCADE"), nullable=False),
    Column("provider_id", Integer, ForeignKey("pacticipants.id", ondelete="CASCADE"), nullable=False),
    Column("scope", String(8), nullable=False),
    Column("label", String(_NAME), nullable=False),
    Column("consumer_version_id", Integer, ForeignKey("versions.id", ondelete="CASCADE"), nullable=False),
    UniqueConstraint("consumer_id", "provider_id", "scope", "label", name="uq_pact_heads_key"),
    Index("ix_pact_heads_provider", "provider_id"),
    Index("ix_pact_heads_consumer_version", "consumer_version_id"),
)

verifications = Table(
    "verifications",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("number", Integer, nullable=False),
    Column("pact_version_id", Integer, ForeignKey("pact_versions.id", ondelete="CASCADE"), nullable=False),
    Column("consumer_id", Integer, ForeignKey("pacticipants.id", ondelete="CASCADE"), nullable=False),
    Column("provider_id", Integer, ForeignKey("pacticipants.id", ondelete="CASCADE"), nullable=False),
    Column("provider_version_id", Integer, ForeignKey("versions.id", ondelete="CASCADE"), nullable=False),
    Column("success", Boolean, nullable=False),
    Column("wip", Boolean, nullable=False, default=False),
    Column("build_url", Text),
    Column("test_results", Text),
    Column("verified_by_implementation", String(_NAME)),
    Column("verified_by_version", String(_NAME)),
    Column("execution_date", DateTime(timezone=True), nullable=False),
    Column("created_at", DateTime(timezone=True), nullable=False),
    UniqueConstraint("pact_version_id", "number", name="uq_verifications_pact_version_number"),
    Index("ix_verifications_pact_version_provider_version", "pact_version_id", "provider_version_id"),
    Index("ix_verifications_provider_version", "provider_version_id"),
    Index("ix_verifications_provider", "provider_id"),
)

environments = Table(
    "environments",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("uuid", String(36), nullable=False, unique=True),
    Column("name", String(_NAME), nullable=False, unique=True),
    Column("display_name", String(_NAME)),
    Column("production", Boolean, nullable=False, default=False),
    Column("contacts", Text),
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("updated_at", DateTime(timezone=True)),
)

deployed_versions = Table(
    "deployed_versions",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("uuid", String(36), nullable=False, unique=True),
    Column("version_id", Integer, ForeignKey("versions.id", ondelete="CASCADE"), nullable=False),
    Column("pacticipant_id", Integer, ForeignKey("pacticipants.id", ondelete="CASCADE"), nullable=False),
    Column("environment_id", Integer, ForeignKey("environments.id", ondelete="CASCADE"), nullable=False),
    Column("target", String(_NAME)),
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("undeployed_at", DateTime(timezone=True)),
    Index("ix_deployed_versions_environment_current", "environment_id", "undeployed_at"),
    Index("ix_deployed_versions_version", "version_id"),
)

released_versions = Table(
    "released_versions",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("uuid", String(36), nullable=False, unique=True),
    Column("version_id", Integer, ForeignKey("versions.id", ondelete="CASCADE"), nullable=False),
    Column("pacticipant_id", Integer, ForeignKey("pacticipants.id", ondelete="CASCADE"), nullable=False),
    Column("environment_id", Integer, ForeignKey("environments.id", ondelete="CASCADE"), nullable=False),
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("support_ended_at", DateTime(timezone=True)),
    UniqueConstraint("version_id", "environment_id", name="uq_released_versions_version_environment"),
    Index("ix_released_versions_environment_supported", "environment_id", "support_ended_at"),
)

webhooks = Table(
    "webhooks",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("uuid", String(36), nullable=False, unique=True),
    Column("description", Text),
    Column("consumer_id", Integer, ForeignKey("pacticipants.id", ondelete="CASCADE")),
    Column("provider_id", Integer, ForeignKey("pacticipants.id", ondelete="CASCADE")),
    Column("events", Text, nullable=False),
    Column("request", Text, nullable=False),
    Column("enabled", Boolean, nullable=False, default=True),
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("updated_at", DateTime(timezone=True)),
    Column("consumer_label", String(_NAME)),
    Column("provider_label", String(_NAME)),
)

pacticipant_labels = Table(
    "pacticipant_labels",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("pacticipant_id", Integer, ForeignKey("pacticipants.id", ondelete="CASCADE"), nullable=False),
    Column("name", String(_NAME), nullable=False),
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("updated_at", DateTime(timezone=True)),
    UniqueConstraint("pacticipant_id", "name", name="uq_pacticipant_labels_pacticipant_name"),
    Index("ix_pacticipant_labels_name", "name"),
)

api_tokens = Table(
    "api_tokens",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("uuid", String(36), nullable=False, unique=True),
    Column("name", String(_NAME), nullable=False),
    Column("role", String(16), nullable=False),
    Column("token_sha256", String(64), nullable=False, unique=True),
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("last_used_at", DateTime(timezone=True)),
    Column("revoked_at", DateTime(timezone=True)),
)

__all__ = [
    "api_tokens",
    "branch_versions",
    "branches",
    "deployed_versions",
    "environments",
    "metadata",
    "pact_heads",
    "pact_publications",
    "pact_versions",
    "pacticipant_labels",
    "pacticipants",
    "released_versions",
    "tags",
    "verifications",
    "versions",
    "webhooks",
]
