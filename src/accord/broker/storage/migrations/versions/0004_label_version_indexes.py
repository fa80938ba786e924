"""Label indexes end with the version: the newest version of a (pacticipant, branch) or (pacticipant,
tag) is one step down ``ix_branch_versions_pacticipant_branch`` / ``ix_tags_pacticipant_name``.

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-25 10:05:00.000000
"""

from __future__ import annotations

from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    """Apply this revision."""
    with op.batch_alter_table("branch_versions", schema=None) as batch_op:
        batch_op.drop_index("ix_branch_versions_pacticipant_branch")
        batch_op.create_index(
            "ix_branch_versions_pacticipant_branch",
            ["pacticipant_id", "branch_name", "version_id"],
            unique=False,
        )
    with op.batch_alter_table("tags", schema=None) as batch_op:
        batch_op.drop_index("ix_tags_pacticipant_name")
        batch_op.create_index(
            "ix_tags_pacticipant_name", ["pacticipant_id", "name", "version_id"], unique=False
        )


def downgrade() -> None:
    """Revert this revision."""
    with op.batch_alter_table("tags", schema=None) as batch_op:
        batch_op.drop_index("ix_tags_pacticipant_name")
        batch_op.create_index("ix_tags_pacticipant_name", ["pacticipant_id", "name"], unique=False)
    with op.batch_alter_table("branch_versions", schema=None) as batch_op:
        batch_op.drop_index("ix_branch_versions_pacticipant_branch")
        batch_op.create_index(
            "ix_branch_versions_pacticipant_branch", ["pacticipant_id", "branch_name"], unique=False
        )
