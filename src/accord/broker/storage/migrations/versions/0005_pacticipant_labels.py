"""Pacticipant labels: the ``pacticipant_labels`` table, and webhooks scoped by consumer or provider
label (``webhooks.consumer_label``, ``webhooks.provider_label``).

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-25 11:20:00.000000
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    """Apply this revision."""
    op.create_table(
        "pacticipant_labels",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("pacticipant_id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=255), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(["pacticipant_id"], ["pacticipants.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("pacticipant_id", "name", name="uq_pacticipant_labels_pacticipant_name"),
    )
    with op.batch_alter_table("pacticipant_labels", schema=None) as batch_op:
        batch_op.create_index("ix_pacticipant_labels_name", ["name"], unique=False)
    with op.batch_alter_table("webhooks", schema=None) as batch_op:
        batch_op.add_column(sa.Column("consumer_label", sa.String(length=255), nullable=True))
        batch_op.add_column(sa.Column("provider_label", sa.String(length=255), nullable=True))


def downgrade() -> None:
    """Revert this revision."""
    with op.batch_alter_table("webhooks", schema=None) as batch_op:
        batch_op.drop_column("provider_label")
        batch_op.drop_column("consumer_label")
    with op.batch_alter_table("pacticipant_labels", schema=None) as batch_op:
        batch_op.drop_index("ix_pacticipant_labels_name")
    op.drop_table("pacticipant_labels")
