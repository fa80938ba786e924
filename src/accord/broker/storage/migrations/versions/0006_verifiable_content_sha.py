"""Pact version shas of the content that affects verification results: the interactions or messages
(in any order) and the pact specification version, as the Pact Broker computes them, with the consumer
and provider names; a pact published again with other ``metadata`` (another client, another library
version) is the same pact version.

Each stored pact version whose sha is the earlier sha of its whole content gets the new sha, unless
another pact version already has it (then it keeps its old one, and publications compare contents: see
``_repository.publish_pact``); other shas are left as they are. The
algorithm is copied here as it was at this revision, so that later changes cannot rewrite history.

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-02 03:30:00.000000
"""

from __future__ import annotations

import hashlib
import json
from typing import Any

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def _canonical(value: object) -> str:
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False)


def _sha(content: dict[str, Any]) -> str:
    lists: dict[str, Any] = {
        key: sorted(content[key], key=_canonical)
        for key in ("interactions", "messages")
        if isinstance(content.get(key), list)
    }
    if lists:
        for role in ("consumer", "provider"):
            party = content.get(role)
            lists[role] = party.get("name") if isinstance(party, dict) else None
        metadata = content.get("metadata")
        if isinstance(metadata, dict):
            for key in ("pactSpecification", "pact-specification"):
                spec = metadata.get(key)
                if isinstance(spec, dict) and spec.get("version"):
                    lists["pact_specification_version"] = spec["version"]
                    break
            else:
                if metadata.get("pactSpecificationVersion"):
                    lists["pact_specification_version"] = metadata["pactSpecificationVersion"]
    return hashlib.sha1(_canonical(lists or content).encode()).hexdigest()


def upgrade() -> None:
    """Apply this revision."""
    pact_versions = sa.table(
        "pact_versions",
        sa.column("id", sa.Integer),
        sa.column("sha", sa.String),
        sa.column("content", sa.Text),
    )
    conn = op.get_bind()
    taken = set(conn.execute(sa.select(pact_versions.c.sha)).scalars())
    ids = list(conn.execute(sa.select(pact_versions.c.id).order_by(pact_versions.c.id)).scalars())
    for start in range(0, len(ids), 500):  # a batch of contents in memory at a time
        batch = ids[start : start + 500]
        query = sa.select(pact_versions.c.id, pact_versions.c.sha, pact_versions.c.content).where(
            pact_versions.c.id.in_(batch)
        )
        for row in conn.execute(query).all():
            content = json.loads(row.content)
            if row.sha != hashlib.sha1(_canonical(content).encode()).hexdigest():
                continue  # not a sha of the whole content (imported, say): left as it is
            new = _sha(content)
            if new not in taken:
                conn.execute(sa.update(pact_versions).where(pact_versions.c.id == row.id).values(sha=new))
                taken.add(new)


def downgrade() -> None:
    """Revert this revision: shas stay as they are (both kinds identify their pact versions)."""
