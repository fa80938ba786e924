"""The service's reads and writes: pacticipants, versions, branches, tags, pacts, verifications,
environments, deployments and releases.

Every function takes a `Connection` already inside a transaction (``Storage.write`` or
``Storage.read``), so an API call that touches several tables commits all of it or none of it. The
``ensure_*`` functions are get-or-create: they read first and insert when missing; a concurrent writer
that inserted the same row first makes the insert violate a unique constraint, the transaction is
rolled back and ``Storage.write`` re-runs it, and the second run finds the winner's row. Nothing is
ever duplicated and no update is lost.

Writes that add or remove a publication, a branch membership or a tag also update ``pact_heads`` (the
newest consumer version with a pact, per consumer/provider, branch and tag; see ``_heads.py``) in the
same transaction.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy import Connection, Row

from accord.broker.storage import _heads as heads
from accord.broker.storage import _schema as t

_MAIN_BRANCH_CANDIDATES = ("develop", "main", "master")


def now() -> datetime:
    """The current time in UTC (what every ``created_at`` holds)."""
    return datetime.now(UTC)


def pact_sha(content: dict[str, Any]) -> str:
    """The SHA-1 of the part of a pact that affects verification results: equal content, equal sha.

    The Pact Broker identifies a pact version by a SHA-1 of its content, so the same pact published
    by two consumer versions is stored once and a provider verifies it once. With its default
    ``base_equality_only_on_content_that_affects_verification_results`` that content is the
    interactions (or messages), in any order, and the pact specification version
    (``Pacts::GenerateSha``, ``Content#content_that_affects_verification_results``): the same pact
    published by two clients that write different ``metadata`` (the Rust client adds ``pactRust``)
    is the same pact version. Keys are sorted and interactions ordered by their canonical JSON. The
    consumer and provider names are hashed too: the Pact Broker looks a sha up within one integration,
    Accord's ``pact_versions.sha`` is unique across them.
    """
    canonical = _canonical(verifiable_content(content))
    return hashlib.sha1(canonical.encode()).hexdigest()  # identity, not security


def _canonical(value: object) -> str:
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False)


def verifiable_content(content: dict[str, Any]) -> dict[str, Any]:
    """The interactions and messages (ordered by their canonical JSON), the pact specification version
    and the consumer and provider names of a pact; the whole pact when it has neither interactions nor
    messages."""
    lists: dict[str, Any] = {
        key: sorted(content[key], key=_canonical)
        for key in ("interactions", "messages")
        if isinstance(content.get(key), list)
    }
    if not lists:
        return content
    # a pact version belongs to one consumer and provider (pact_versions.sha is unique across pairs)
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
    return lists


# -- pacticipants -------------------------------------------------------------------------------


def find_pacticipant(conn: Connection, name: str) -> Row[Any] | None:
    """The pacticipant named ``name``, or ``None``."""
    return conn.execute(sa.select(t.pacticipants).where(t.pacticipants.c.name == name)).first()


def ensure_pacticipant(conn: Connection, name: str) -> Row[Any]:
    """The pacticipant named ``name``, created when missing."""
    row = find_pacticipant(conn, name)
    if row is None:
        conn.execute(sa.insert(t.pacticipants).values(name=name, created_at=now()))
        row = find_pacticipant(conn, name)
    assert row is not None
    return row


def update_pacticipant(conn: Connection, pacticipant_id: int, fields: dict[str, Any]) -> None:
    """Set ``display_name``, ``main_branch`` and/or ``repository_url``."""
    if fields:
        conn.execute(
            sa.update(t.pacticipants)
            .where(t.pacticipants.c.id == pacticipant_id)
            .values(**fields, updated_at=now())
        )


def list_pacticipants(conn: Connection) -> list[Row[Any]]:
    """Every pacticipant, by name."""
    return list(conn.execute(sa.select(t.pacticipants).order_by(t.pacticipants.c.name)))


def delete_pacticipant(conn: Connection, pacticipant_id: int) -> None:
    """Delete a pacticipant with its versions, pacts, verifications and deployments."""
    heads.lock_consumer(conn, pacticipant_id)
    heads.forget(
        conn,
        sa.or_(t.pact_heads.c.consumer_id == pacticipant_id, t.pact_heads.c.provider_id == pacticipant_id),
    )
    _delete_pact_data(
        conn,
        sa.or_(
            t.pact_publications.c.consumer_id == pacticipant_id,
            t.pact_publications.c.provider_id == pacticipant_id,
        ),
    )
    conn.execute(
        sa.delete(t.pact_versions).where(
            sa.or_(
                t.pact_versions.c.consumer_id == pacticipant_id,
                t.pact_versions.c.provider_id == pacticipant_id,
            )
        )
    )
    for version_id in conn.execute(
        sa.select(t.versions.c.id).where(t.versions.c.pacticipant_id == pacticipant_id)
    ).scalars():
        delete_version(conn, version_id)
    conn.execute(sa.delete(t.branches).where(t.branches.c.pacticipant_id == pacticipant_id))
    conn.execute(sa.delete(t.pacticipants).where(t.pacticipants.c.id == pacticipant_id))


# -- versions, branches, tags --------------------------------------------------------------------


def find_version(conn: Connection, pacticipant_id: int, number: str) -> Row[Any] | None:
    """A pacticipant's version by number, or ``None``."""
    return conn.execute(
        sa.select(t.versions).where(
            t.versions.c.pacticipant_id == pacticipant_id, t.versions.c.number == number
        )
    ).first()


def ensure_version(
    conn: Connection, pacticipant_id: int, number: str, build_url: str | None = None
) -> Row[Any]:
    """A pacticipant's version, created when missing (``build_url`` set when given).

    A version's ``order`` is its row id: ids grow with creation on both SQLite and PostgreSQL, so
    "latest" needs no read-modify-write of a counter that two replicas could race on.
    """
    row = find_version(conn, pacticipant_id, number)
    if row is None:
        result = conn.execute(
            sa.insert(t.versions).values(
                pacticipant_id=pacticipant_id, number=number, order=0, build_url=build_url, created_at=now()
            )
        )
        new_id = result.inserted_primary_key[0]  # type: ignore[index]
        conn.execute(sa.update(t.versions).where(t.versions.c.id == new_id).values(order=new_id))
        row = find_version(conn, pacticipant_id, number)
    elif build_url and row.build_url != build_url:
        conn.execute(
            sa.update(t.versions)
            .where(t.versions.c.id == row.id)
            .values(build_url=build_url, updated_at=now())
        )
        row = find_version(conn, pacticipant_id, number)
    assert row is not None
    return row


def latest_version(
    conn: Connection, pacticipant_id: int, *, tag: str | None = None, branch: str | None = None
) -> Row[Any] | None:
    """A pacticipant's latest version, optionally the latest with a tag or on a branch."""
    query = sa.select(t.versions).where(t.versions.c.pacticipant_id == pacticipant_id)
    if tag is not None:
        query = query.join(t.tags, t.tags.c.version_id == t.versions.c.id).where(t.tags.c.name == tag)
    if branch is not None:
        query = query.join(t.branch_versions, t.branch_versions.c.version_id == t.versions.c.id).where(
            t.branch_versions.c.branch_name == branch
        )
    return conn.execute(query.order_by(t.versions.c.order.desc()).limit(1)).first()


def latest_version_numbers(conn: Connection, pacticipant_ids: list[int]) -> dict[int, str]:
    """The latest version number of each of ``pacticipant_ids`` that has a version, in one query."""
    if not pacticipant_ids:
        return {}
    v = t.versions
    newest = (
        sa.select(v.c.pacticipant_id, sa.func.max(v.c.order).label("newest"))
        .where(v.c.pacticipant_id.in_(pacticipant_ids))
        .group_by(v.c.pacticipant_id)
        .subquery()
    )
    query = sa.select(v.c.pacticipant_id, v.c.number).join(
        newest, sa.and_(v.c.pacticipant_id == newest.c.pacticipant_id, v.c.order == newest.c.newest)
    )
    return {row.pacticipant_id: row.number for row in conn.execute(query)}


def list_versions(conn: Connection, pacticipant_id: int, limit: int = 100, offset: int = 0) -> list[Row[Any]]:
    """A pacticipant's versions, newest first."""
    return list(
        conn.execute(
            sa.select(t.versions)
            .where(t.versions.c.pacticipant_id == pacticipant_id)
            .order_by(t.versions.c.order.desc())
            .limit(limit)
            .offset(offset)
        )
    )


def version_branches(conn: Connection, version_id: int) -> list[str]:
    """The branches a version belongs to."""
    return list(
        conn.execute(
            sa.select(t.branch_versions.c.branch_name)
            .where(t.branch_versions.c.version_id == version_id)
            .order_by(t.branch_versions.c.id)
        ).scalars()
    )


def version_tags(conn: Connection, version_id: int) -> list[str]:
    """A version's tags, in the order they were added."""
    return list(
        conn.execute(
            sa.select(t.tags.c.name).where(t.tags.c.version_id == version_id).order_by(t.tags.c.id)
        ).scalars()
    )


def delete_version(conn: Connection, version_id: int) -> None:
    """Delete a version with its pacts (as consumer), verifications (as provider), tags and deployments."""
    stale = heads.forget_version(conn, version_id)
    _delete_pact_data(conn, t.pact_publications.c.consumer_version_id == version_id)
    conn.execute(sa.delete(t.verifications).where(t.verifications.c.provider_version_id == version_id))
    for table in (t.tags, t.branch_versions, t.deployed_versions, t.released_versions):
        conn.execute(sa.delete(table).where(table.c.version_id == version_id))
    conn.execute(sa.delete(t.versions).where(t.versions.c.id == version_id))
    _delete_orphan_pact_versions(conn)
    heads.rederive(conn, stale)


def _delete_pact_data(conn: Connection, publications_where: Any) -> None:
    conn.execute(sa.delete(t.pact_publications).where(publications_where))
    _delete_orphan_pact_versions(conn)


def _delete_orphan_pact_versions(conn: Connection) -> None:
    used = sa.select(t.pact_publications.c.pact_version_id)
    orphans = sa.select(t.pact_versions.c.id).where(t.pact_versions.c.id.not_in(used))
    conn.execute(sa.delete(t.verifications).where(t.verifications.c.pact_version_id.in_(orphans)))
    conn.execute(sa.delete(t.pact_versions).where(t.pact_versions.c.id.in_(orphans)))


def ensure_branch_version(conn: Connection, pacticipant_id: int, version_id: int, branch: str) -> bool:
    """Put a version on a branch (creating the branch); ``True`` when it was not there yet.

    Pact Broker rule (``auto_detect_main_branch``, on by default): when a pacticipant has no main
    branch yet and a version is put on a branch named ``develop``, ``main`` or ``master``, that branch
    becomes its main branch.
    """
    if branch in _MAIN_BRANCH_CANDIDATES:
        conn.execute(
            sa.update(t.pacticipants)
            .where(t.pacticipants.c.id == pacticipant_id, t.pacticipants.c.main_branch.is_(None))
            .values(main_branch=branch)
        )
    row = conn.execute(
        sa.select(t.branches).where(
            t.branches.c.pacticipant_id == pacticipant_id, t.branches.c.name == branch
        )
    ).first()
    if row is None:
        branch_id = conn.execute(
            sa.insert(t.branches).values(pacticipant_id=pacticipant_id, name=branch, created_at=now())
        ).inserted_primary_key[0]  # type: ignore[index]
    else:
        branch_id = row.id
    exists = conn.execute(
        sa.select(t.branch_versions.c.id).where(
            t.branch_versions.c.branch_id == branch_id, t.branch_versions.c.version_id == version_id
        )
    ).first()
    if exists is not None:
        return False
    conn.execute(
        sa.insert(t.branch_versions).values(
            branch_id=branch_id,
            version_id=version_id,
            pacticipant_id=pacticipant_id,
            branch_name=branch,
            created_at=now(),
        )
    )
    conn.execute(sa.update(t.branches).where(t.branches.c.id == branch_id).values(updated_at=now()))
    heads.advance(conn, pacticipant_id, version_id, branch=branch)
    return True


def find_branch(conn: Connection, pacticipant_id: int, name: str) -> Row[Any] | None:
    """A pacticipant's branch by name, or ``None``."""
    return conn.execute(
        sa.select(t.branches).where(t.branches.c.pacticipant_id == pacticipant_id, t.branches.c.name == name)
    ).first()


def list_branches(conn: Connection, pacticipant_id: int) -> list[Row[Any]]:
    """A pacticipant's branches, most recently updated first."""
    return list(
        conn.execute(
            sa.select(t.branches)
            .where(t.branches.c.pacticipant_id == pacticipant_id)
            .order_by(t.branches.c.id.desc())
        )
    )


def delete_branch(conn: Connection, branch_id: int) -> None:
    """Delete a branch (its versions stay; only their membership of the branch goes)."""
    branch = conn.execute(
        sa.select(t.branches.c.pacticipant_id, t.branches.c.name).where(t.branches.c.id == branch_id)
    ).first()
    if branch is not None:
        h = t.pact_heads
        heads.lock_consumer(conn, branch.pacticipant_id)
        heads.forget(
            conn,
            h.c.consumer_id == branch.pacticipant_id,
            h.c.scope == heads.BRANCH,
            h.c.label == branch.name,
        )
    conn.execute(sa.delete(t.branch_versions).where(t.branch_versions.c.branch_id == branch_id))
    conn.execute(sa.delete(t.branches).where(t.branches.c.id == branch_id))


def ensure_tag(conn: Connection, pacticipant_id: int, version_id: int, name: str) -> bool:
    """Tag a version; ``True`` when the tag is new."""
    exists = conn.execute(
        sa.select(t.tags.c.id).where(t.tags.c.version_id == version_id, t.tags.c.name == name)
    ).first()
    if exists is not None:
        return False
    conn.execute(
        sa.insert(t.tags).values(
            version_id=version_id, pacticipant_id=pacticipant_id, name=name, created_at=now()
        )
    )
    heads.advance(conn, pacticipant_id, version_id, tag=name)
    return True


def delete_tag(conn: Connection, version_id: int, name: str) -> bool:
    """Remove a tag; ``True`` when it existed."""
    stale = heads.forget_version(conn, version_id, scope=heads.TAG, label=name)
    result = conn.execute(sa.delete(t.tags).where(t.tags.c.version_id == version_id, t.tags.c.name == name))
    heads.rederive(conn, stale)
    return bool(result.rowcount)


# -- pacts ---------------------------------------------------------------------------------------


@dataclass(frozen=True)
class PublishOutcome:
    """What publishing one pact did: ``created``, ``unchanged`` or ``overwritten``."""

    status: str
    sha: str
    revision: int
    new_content: bool = False


class PactConflict(Exception):
    """A consumer version already has a different pact for this provider (and overwriting is off)."""


def publish_pact(
    conn: Connection,
    consumer: Row[Any],
    provider: Row[Any],
    version: Row[Any],
    content: dict[str, Any],
    *,
    allow_overwrite: bool,
) -> PublishOutcome:
    """Record that ``version`` of ``consumer`` publishes ``content`` for ``provider``.

    Pact Broker rule: republishing identical content for a consumer version changes nothing; changed
    content for an existing consumer version is refused (HTTP 409) unless the broker allows changing
    content (``allow_contract_modification``, as ``PACT_BROKER_ALLOW_DANGEROUS_CONTRACT_MODIFICATION``),
    in which case it becomes a new revision of that publication.

    Raises:
        PactConflict: changed content without ``allow_overwrite``.
    """
    sha = pact_sha(content)
    current = latest_publication(conn, version.id, provider.id)
    known = conn.execute(sa.select(t.pact_versions.c.id).where(t.pact_versions.c.sha == sha)).scalar()
    if current is not None:
        if current.pact_version_id == known:
            return PublishOutcome("unchanged", sha, current.revision_number)
        # a pact version stored before migration 0006 may keep a sha of its whole content
        stored = conn.execute(
            sa.select(t.pact_versions.c.sha, t.pact_versions.c.content).where(
                t.pact_versions.c.id == current.pact_version_id
            )
        ).one()
        if pact_sha(json.loads(stored.content)) == sha:
            return PublishOutcome("unchanged", stored.sha, current.revision_number)
        if not allow_overwrite:
            raise PactConflict(sha)
    pact_version_id = _ensure_pact_version(conn, consumer.id, provider.id, sha, content)
    seen = known is not None
    revision = 1 if current is None else current.revision_number + 1
    conn.execute(
        sa.insert(t.pact_publications).values(
            consumer_id=consumer.id,
            provider_id=provider.id,
            consumer_version_id=version.id,
            pact_version_id=pact_version_id,
            revision_number=revision,
            created_at=now(),
        )
    )
    if current is None:
        heads.advance(conn, consumer.id, version.id, provider_id=provider.id)
    return PublishOutcome("created" if current is None else "overwritten", sha, revision, not seen)


def _ensure_pact_version(
    conn: Connection, consumer_id: int, provider_id: int, sha: str, content: dict[str, Any]
) -> int:
    row = conn.execute(sa.select(t.pact_versions.c.id).where(t.pact_versions.c.sha == sha)).first()
    if row is not None:
        return int(row.id)
    interactions = content.get("interactions") or content.get("messages") or []
    return int(
        conn.execute(
            sa.insert(t.pact_versions).values(
                sha=sha,
                consumer_id=consumer_id,
                provider_id=provider_id,
                content=json.dumps(content, separators=(",", ":"), ensure_ascii=False),
                interactions_count=len(interactions) if isinstance(interactions, list) else 0,
                created_at=now(),
            )
        ).inserted_primary_key[0]  # type: ignore[index]
    )


def delete_publications(conn: Connection, consumer_version_id: int, provider_id: int) -> None:
    """Delete a consumer version's pact (every revision) for a provider."""
    stale = heads.forget_version(conn, consumer_version_id, provider_id=provider_id)
    _delete_pact_data(
        conn,
        sa.and_(
            t.pact_publications.c.consumer_version_id == consumer_version_id,
            t.pact_publications.c.provider_id == provider_id,
        ),
    )
    heads.rederive(conn, stale)


def latest_publication(conn: Connection, consumer_version_id: int, provider_id: int) -> Row[Any] | None:
    """The newest revision of a consumer version's pact for a provider."""
    return conn.execute(
        sa.select(t.pact_publications)
        .where(
            t.pact_publications.c.consumer_version_id == consumer_version_id,
            t.pact_publications.c.provider_id == provider_id,
        )
        .order_by(t.pact_publications.c.revision_number.desc())
        .limit(1)
    ).first()


_PACT_COLUMNS = (
    t.pact_publications.c.id.label("publication_id"),
    t.pact_publications.c.created_at,
    t.pact_versions.c.id.label("pact_version_id"),
    t.pact_versions.c.sha,
    t.pact_versions.c.content,
    t.versions.c.number.label("consumer_version"),
    t.versions.c.id.label("consumer_version_id"),
    t.versions.c.order,
)


def _pact_query(consumer_id: int, provider_id: int) -> sa.Select[Any]:
    return (
        sa.select(*_PACT_COLUMNS)
        .join(t.pact_versions, t.pact_versions.c.id == t.pact_publications.c.pact_version_id)
        .join(t.versions, t.versions.c.id == t.pact_publications.c.consumer_version_id)
        .where(
            t.pact_publications.c.consumer_id == consumer_id, t.pact_publications.c.provider_id == provider_id
        )
    )


def find_pact(
    conn: Connection,
    consumer_id: int,
    provider_id: int,
    *,
    version: str | None = None,
    sha: str | None = None,
    tag: str | None = None,
    branch: str | None = None,
) -> Row[Any] | None:
    """A pact between two pacticipants: of a consumer version, by sha, or the latest (for a tag/branch)."""
    query = _pact_query(consumer_id, provider_id)
    if version is not None:
        query = query.where(t.versions.c.number == version)
    if sha is not None:
        query = query.where(t.pact_versions.c.sha == sha)
    if tag is not None:
        query = query.join(t.tags, t.tags.c.version_id == t.versions.c.id).where(t.tags.c.name == tag)
    if branch is not None:
        query = query.join(t.branch_versions, t.branch_versions.c.version_id == t.versions.c.id).where(
            t.branch_versions.c.branch_name == branch
        )
    query = query.order_by(t.versions.c.order.desc(), t.pact_publications.c.revision_number.desc()).limit(1)
    return conn.execute(query).first()


_CONSUMER = t.pacticipants.alias("consumer")
_PROVIDER = t.pacticipants.alias("provider")


def _named_pacts() -> sa.Select[Any]:
    """Pact publications with their pact version, consumer version and both pacticipants' names."""
    return (
        sa.select(
            *_PACT_COLUMNS,
            _CONSUMER.c.name.label("consumer_name"),
            _PROVIDER.c.name.label("provider_name"),
            t.pact_publications.c.consumer_id,
            t.pact_publications.c.provider_id,
            t.pact_publications.c.revision_number,
        )
        .join(t.pact_versions, t.pact_versions.c.id == t.pact_publications.c.pact_version_id)
        .join(t.versions, t.versions.c.id == t.pact_publications.c.consumer_version_id)
        .join(_CONSUMER, _CONSUMER.c.id == t.pact_publications.c.consumer_id)
        .join(_PROVIDER, _PROVIDER.c.id == t.pact_publications.c.provider_id)
    )


def latest_pacts(
    conn: Connection, *, provider_id: int | None = None, tag: str | None = None
) -> list[Row[Any]]:
    """The latest pact of every consumer/provider pair (optionally for one provider, or a tag)."""
    query = _named_pacts()
    if provider_id is not None:
        query = query.where(t.pact_publications.c.provider_id == provider_id)
    if tag is not None:
        query = query.join(t.tags, t.tags.c.version_id == t.versions.c.id).where(t.tags.c.name == tag)
    latest: dict[tuple[int, int], Any] = {}
    for row in conn.execute(query.order_by(t.versions.c.order, t.pact_publications.c.revision_number)):
        latest[(row.consumer_id, row.provider_id)] = row
    return sorted(latest.values(), key=lambda r: (r.consumer_name, r.provider_name))


def branch_pacts(
    conn: Connection,
    provider_id: int,
    *,
    consumer_id: int | None = None,
    branch: str | None = None,
    latest: bool = False,
) -> list[Row[Any]]:
    """The pacts for a provider published by consumer versions on a branch, in the Pact Broker's order
    (consumer name, provider name, consumer version order).

    ``branch=None`` means each consumer's own main branch (consumers without one have none). Each
    consumer version counts once, with its latest revision; ``latest`` keeps only the newest consumer
    version of each consumer (its ``find_pacts_by_consumer_branch``, ``latest_for_main_branches``).
    """
    bv = t.branch_versions
    on_branch = _CONSUMER.c.main_branch if branch is None else sa.literal(branch)
    query = (
        _named_pacts()
        .join(bv, sa.and_(bv.c.version_id == t.versions.c.id, bv.c.branch_name == on_branch))
        .where(t.pact_publications.c.provider_id == provider_id)
    )
    if consumer_id is not None:
        query = query.where(t.pact_publications.c.consumer_id == consumer_id)
    chosen: dict[Any, Any] = {}
    for row in conn.execute(query.order_by(t.versions.c.order, t.pact_publications.c.revision_number)):
        chosen[row.consumer_id if latest else row.consumer_version_id] = row
    return sorted(chosen.values(), key=lambda r: (r.consumer_name.lower(), r.provider_name.lower(), r.order))


# -- verifications -------------------------------------------------------------------------------


def add_verification(
    conn: Connection,
    *,
    pact_version_id: int,
    consumer_id: int,
    provider_id: int,
    provider_version_id: int,
    result: dict[str, Any],
) -> int:
    """Record a verification result and return its number (1, 2, ... per pact version).

    The pact version's row is locked first (``SELECT ... FOR UPDATE`` on PostgreSQL; SQLite write
    transactions are already serialised), so concurrent results for one pact are numbered one after
    the other instead of colliding on the unique (pact version, number) pair.
    """
    conn.execute(
        sa.select(t.pact_versions.c.id).where(t.pact_versions.c.id == pact_version_id).with_for_update()
    )
    number = conn.execute(
        sa.select(sa.func.coalesce(sa.func.max(t.verifications.c.number), 0) + 1).where(
            t.verifications.c.pact_version_id == pact_version_id
        )
    ).scalar_one()
    verified_by = result.get("verifiedBy") or {}
    execution = now()
    conn.execute(
        sa.insert(t.verifications).values(
            number=number,
            pact_version_id=pact_version_id,
            consumer_id=consumer_id,
            provider_id=provider_id,
            provider_version_id=provider_version_id,
            success=bool(result["success"]),
            wip=bool(result.get("wip", False)),
            build_url=result.get("buildUrl"),
            test_results=json.dumps(result.get("testResults")) if "testResults" in result else None,
            verified_by_implementation=verified_by.get("implementation"),
            verified_by_version=verified_by.get("version"),
            execution_date=execution,
            created_at=execution,
        )
    )
    return int(number)


def find_verification(conn: Connection, pact_version_id: int, number: int | None = None) -> Row[Any] | None:
    """A pact version's verification by number, or its latest."""
    provider_version = t.versions.alias("provider_version")
    query = (
        sa.select(t.verifications, provider_version.c.number.label("provider_version"))
        .join(provider_version, provider_version.c.id == t.verifications.c.provider_version_id)
        .where(t.verifications.c.pact_version_id == pact_version_id)
    )
    if number is not None:
        query = query.where(t.verifications.c.number == number)
    return conn.execute(query.order_by(t.verifications.c.number.desc()).limit(1)).first()


__all__ = [
    "PactConflict",
    "PublishOutcome",
    "add_verification",
    "branch_pacts",
    "delete_branch",
    "delete_pacticipant",
    "delete_publications",
    "delete_tag",
    "delete_version",
    "ensure_branch_version",
    "ensure_pacticipant",
    "ensure_tag",
    "ensure_version",
    "find_branch",
    "find_pact",
    "find_pacticipant",
    "find_verification",
    "find_version",
    "latest_pacts",
    "latest_publication",
    "latest_version",
    "list_branches",
    "list_pacticipants",
    "list_versions",
    "now",
    "pact_sha",
    "publish_pact",
    "update_pacticipant",
    "version_branches",
    "version_tags",
]
