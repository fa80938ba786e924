"""Pact versions are identified, as by the Pact Broker, by a sha of the content that affects
verification results: the interactions or messages (in any order) and the pact specification version;
other ``metadata`` (the Rust client's ``pactRust``) does not make a new pact version. Migration 0006
gives stored pact versions their new shas (SQLite and PostgreSQL)."""

from __future__ import annotations

import base64
import hashlib
import json
from typing import Any

import httpx
import pytest
import sqlalchemy as sa

from accord.broker import Storage
from accord.broker.storage import _repository as repo
from accord.broker.storage import _schema as t

from .conftest import pact

A = pact("web", "api", "a")
B = pact("web", "api", "b")


def _variant(content: dict[str, Any], **metadata: Any) -> dict[str, Any]:
    return {**content, "metadata": {**content["metadata"], **metadata}}


def _two_interactions(first: str, second: str) -> dict[str, Any]:
    content = pact("web", "api", first)
    content["interactions"] += pact("web", "api", second)["interactions"]
    return content


@pytest.mark.parametrize(
    ("left", "right", "same"),
    [
        (A, _variant(A, pactRust={"models": "1.3.16"}), True),
        (A, {**A, "consumer": {"name": "web"}, "provider": {"name": "api"}, "extra": 1}, True),
        (_two_interactions("a", "b"), _two_interactions("b", "a"), True),
        (A, B, False),
        (A, _variant(A, pactSpecification={"version": "2.0.0"}), False),
        ({"consumer": {"name": "web"}}, {"consumer": {"name": "ios"}}, False),  # no interactions: all of it
        (A, pact("web", "auth", "a"), False),  # one pact version per integration
    ],
)
def test_sha_covers_what_affects_verification(
    left: dict[str, Any], right: dict[str, Any], same: bool
) -> None:
    """Metadata other than the specification version, and interaction order, do not change the sha."""
    assert (repo.pact_sha(left) == repo.pact_sha(right)) is same


def _contract(content: dict[str, Any], version: str) -> dict[str, Any]:
    return {
        "pacticipantName": "web",
        "pacticipantVersionNumber": version,
        "contracts": [
            {
                "consumerName": "web",
                "providerName": "api",
                "specification": "pact",
                "contentType": "application/json",
                "content": base64.b64encode(json.dumps(content).encode()).decode(),
            }
        ],
    }


@pytest.mark.anyio
async def test_republishing_with_other_metadata(client: httpx.AsyncClient) -> None:
    """The same interactions published again for a consumer version with other metadata are unchanged
    (not a 409), and a new consumer version publishing them shares the pact version."""
    assert (await client.post("/contracts/publish", json=_contract(A, "1"))).status_code == 200
    again = await client.post(
        "/contracts/publish", json=_contract(_variant(A, pactRust={"models": "1"}), "1")
    )
    assert again.status_code == 200
    assert "Pact unchanged from previous version" in " ".join(n["text"] for n in again.json()["notices"])
    assert (await client.post("/contracts/publish", json=_contract(_variant(A, x=1), "2"))).status_code == 200
    first = (await client.get("/pacts/provider/api/consumer/web/version/1")).json()
    second = (await client.get("/pacts/provider/api/consumer/web/version/2")).json()
    assert first["_links"]["pb:pact-version"]["href"] == second["_links"]["pb:pact-version"]["href"]
    assert "pactRust" not in first["metadata"]  # the content first published is the one kept


def test_migration_0006_gives_stored_pacts_their_new_sha(db_url: str) -> None:
    """A pact version stored at revision 0005 under a sha of its whole content gets its new sha; a
    duplicate under the new rule keeps its old one, and republishing either for its consumer version is
    unchanged."""
    storage = Storage(db_url)
    storage.migrate("0005")
    old_rust = _variant(A, pactRust={"models": "1"})
    with storage.engine.begin() as conn:
        consumer, provider = repo.ensure_pacticipant(conn, "web"), repo.ensure_pacticipant(conn, "api")
        for number, content in (("1", A), ("2", old_rust)):
            version = repo.ensure_version(conn, consumer.id, number)
            old_sha = _whole_content_sha(content)
            conn.execute(
                sa.insert(t.pact_versions).values(
                    sha=old_sha,
                    consumer_id=consumer.id,
                    provider_id=provider.id,
                    content=json.dumps(content),
                    interactions_count=1,
                    created_at=repo.now(),
                )
            )
            pact_version_id = conn.execute(
                sa.select(t.pact_versions.c.id).where(t.pact_versions.c.sha == old_sha)
            ).scalar_one()
            conn.execute(
                sa.insert(t.pact_publications).values(
                    consumer_id=consumer.id,
                    provider_id=provider.id,
                    consumer_version_id=version.id,
                    pact_version_id=pact_version_id,
                    revision_number=1,
                    created_at=repo.now(),
                )
            )
    storage.migrate()
    with storage.read() as conn:
        shas = sorted(conn.execute(sa.select(t.pact_versions.c.sha)).scalars())
    assert shas == sorted([repo.pact_sha(A), _whole_content_sha(old_rust)])
    with storage.engine.begin() as conn:
        consumer, provider = repo.ensure_pacticipant(conn, "web"), repo.ensure_pacticipant(conn, "api")
        for number in ("1", "2"):
            version = repo.ensure_version(conn, consumer.id, number)
            outcome = repo.publish_pact(conn, consumer, provider, version, A, allow_overwrite=False)
            assert outcome.status == "unchanged", number
    storage.dispose()


def _whole_content_sha(content: dict[str, Any]) -> str:
    """The sha Accord gave pact versions before revision 0006."""
    canonical = json.dumps(content, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return hashlib.sha1(canonical.encode()).hexdigest()
