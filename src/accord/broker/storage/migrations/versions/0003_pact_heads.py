"""Pact heads: the ``pact_heads`` table, backfilled from the publications, branches and tags stored.

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-25 09:40:00.000000
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None

# The newest consumer version with a pact (highest id: versions get ``order = id``), per consumer and
# provider overall, per consumer branch and per consumer tag. Written out here rather than imported,
# so that this revision keeps doing what it did when the application's code moves on.
_BACKFILL = (
    """
    INSERT INTO pact_heads (consumer_id, provider_id, scope, label, consumer_version_id)
    SELECT consumer_id, provider_id, 'latest', '', max(consumer_version_id)
    FROM pact_publications
    GROUP BY consumer_id, provider_id
    """,
    """
    INSERT INTO pact_heads (consumer_id, provider_id, scope, label, consumer_version_id)
    SELECT p.consumer_id, p.provider_id, 'branch', bv.branch_name, max(p.consumer_version_id)
    FROM pact_publications p JOIN branch_versions bv ON bv.version_id = p.consumer_version_id
    GROUP BY p.consumer_id, p.provider_id, bv.branch_name
    """,
    """
    INSERT INTO pact_heads (consumer_id, provider_id, scope, label, consumer_version_id)
    SELECT p.consumer_id, p.provider_id, 'tag', tg.name, max(p.consumer_version_id)
    FROM pact_publications p JOIN tags tg ON tg.version_id = p.consumer_version_id
    GROUP BY p.consumer_id, p.provider_id, tg.name
    """,
)


def upgrade() -> None:
    """Apply this revision."""
    op.create_table(
        "pact_heads",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("consumer_id", sa.Integer(), nullable=False),
        sa.Column("provider_id", sa.Integer(), nullable=False),
        sa.Column("scope", sa.String(length=8), nullable=False),
        sa.Column("label", sa.String(length=255), nullable=False),
        sa.Column("consumer_version_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(["consumer_id"], ["pacticipants.id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["consumer_version_id"], ["versions.id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["provider_id"], ["pacticipants.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("consumer_id", "provider_id", "scope", "label", name="uq_pact_heads_key"),
    )
    with op.batch_alter_table("pact_heads", schema=None) as batch_op:
        batch_op.create_index("ix_pact_heads_consumer_version", ["consumer_version_id"], unique=False)
        batch_op.create_index("ix_pact_heads_provider", ["provider_id"], unique=False)
    for statement in _BACKFILL:
        op.execute(statement)
    if op.get_bind().dialect.name == "postgresql":
        op.execute("ANALYZE pact_heads")


def downgrade() -> None:
    """Revert this revision."""
    with op.batch_alter_table("pact_heads", schema=None) as batch_op:
        batch_op.drop_index("ix_pact_heads_provider")
        batch_op.drop_index("ix_pact_heads_consumer_version")

    op.drop_table("pact_heads")
