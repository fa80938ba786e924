"""What the web UI's pages show, read with the storage functions the API uses.

Every page costs a fixed handful of queries, whatever the number of pacticipants: the home page and
the network graph read the latest pact of every pair (`latest_pacts`, one query) and the latest
verification of each of those pacts (one query); a pacticipant page reads its versions, then their
branches, tags, deployments and releases in one query each. The matrix page is the API's matrix
(`load_matrix_estate` + `find_matrix`), not a second implementation of it.
"""

from __future__ import annotations

import json
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy import Connection

from accord.broker.api.matrix import Urls
from accord.broker.domain import Estate, MatrixOptions, MatrixRow, MatrixSelector, find_matrix
from accord.broker.storage import _deployments as deployments
from accord.broker.storage import _repository as repo
from accord.broker.storage import _schema as t
from accord.broker.storage._domain_queries import load_matrix_estate

PASSED, FAILED, UNVERIFIED = "passed", "failed", "unverified"


def when(value: datetime | None) -> str:
    """A timestamp as people read it: ``2026-11-25 08:12 UTC`` (empty for ``None``)."""
    if value is None:
        return ""
    if value.tzinfo is None:
        value = value.replace(tzinfo=UTC)
    return f"{value.astimezone(UTC):%Y-%m-%d %H:%M} UTC"


@dataclass(frozen=True)
class IntegrationRow:
    """One consumer/provider pair: its latest pact and that pact's latest verification."""

    consumer: str
    provider: str
    consumer_version: str
    published: str
    status: str
    verified: str = ""
    provider_version: str | None = None
    sha: str = ""

    def matches(self, query: str) -> bool:
        """True when ``query`` (case-insensitive) occurs in either name or the consumer version."""
        q = query.casefold()
        return (
            q in self.consumer.casefold()
            or q in self.provider.casefold()
            or q in self.consumer_version.casefold()
        )


def latest_verifications(conn: Connection, pact_version_ids: list[int]) -> dict[int, Any]:
    """The latest verification of each pact version (by number), with its provider version, in one query."""
    if not pact_version_ids:
        return {}
    provider_version = t.versions.alias("provider_version")
    newest = (
        sa.select(t.verifications.c.pact_version_id, sa.func.max(t.verifications.c.number).label("number"))
        .where(t.verifications.c.pact_version_id.in_(pact_version_ids))
        .group_by(t.verifications.c.pact_version_id)
        .subquery()
    )
    query = (
        sa.select(
            t.verifications.c.pact_version_id,
            t.verifications.c.success,
            t.verifications.c.execution_date,
            provider_version.c.number.label("provider_version"),
        )
        .join(
            newest,
            sa.and_(
                newest.c.pact_version_id == t.verifications.c.pact_version_id,
                newest.c.number == t.verifications.c.number,
            ),
        )
        .join(provider_version, provider_version.c.id == t.verifications.c.provider_version_id)
    )
    return {row.pact_version_id: row for row in conn.execute(query)}


def integration_rows(conn: Connection, *, tag: str | None = None) -> list[IntegrationRow]:
    """Every pair's latest pact (optionally the latest with ``tag``) and its latest verification."""
    pacts = repo.latest_pacts(conn, tag=tag)
    verified = latest_verifications(conn, [p.pact_version_id for p in pacts])
    rows = []
    for pact in pacts:
        v = verified.get(pact.pact_version_id)
        rows.append(
            IntegrationRow(
                consumer=pact.consumer_name,
                provider=pact.provider_name,
                consumer_version=pact.consumer_version,
                published=when(pact.created_at),
                status=UNVERIFIED if v is None else PASSED if v.success else FAILED,
                verified="" if v is None else when(v.execution_date),
                provider_version=None if v is None else v.provider_version,
                sha=pact.sha,
            )
        )
    return rows


def badge_status(conn: Connection, provider: str, consumer: str, tag: str | None) -> str:
    """``passed``/``failed``/``unverified`` for the latest pact of a pair (``unverified`` when unknown)."""
    provider_row = repo.find_pacticipant(conn, provider)
    consumer_row = repo.find_pacticipant(conn, consumer)
    if provider_row is None or consumer_row is None:
        return UNVERIFIED
    pact = repo.find_pact(conn, consumer_row.id, provider_row.id, tag=tag)
    if pact is None:
        return UNVERIFIED
    verification = repo.find_verification(conn, pact.pact_version_id)
    if verification is None:
        return UNVERIFIED
    return PASSED if verification.success else FAILED


@dataclass(frozen=True)
class VersionView:
    """One version of a pacticipant as its page lists it."""

    number: str
    created: str
    branches: list[str]
    tags: list[str]
    deployed: list[str]
    released: list[str]


@dataclass
class PacticipantView:
    """What the pacticipant page shows."""

    name: str
    main_branch: str | None
    repository_url: str | None
    versions: list[VersionView]
    integrations: list[IntegrationRow] = field(default_factory=list)
    page: int = 1
    page_size: int = 50
    total_versions: int = 0

    @property
    def pages(self) -> int:
        """How many pages the versions fill (at least one)."""
        return max(1, -(-self.total_versions // self.page_size))

    @property
    def first_shown(self) -> int:
        """The 1-based position of the first version on this page (0 when the page is empty)."""
        return (self.page - 1) * self.page_size + 1 if self.versions else 0


def _labels(
    conn: Connection, column: Any, ids: list[int], version_column: Any, order: Any
) -> dict[int, list[str]]:
    found: dict[int, list[str]] = defaultdict(list)
    if ids:
        for version_id, name in conn.execute(
            sa.select(version_column, column).where(version_column.in_(ids)).order_by(order)
        ):
            found[version_id].append(name)
    return found


def pacticipant_view(
    conn: Connection, name: str, page: int = 1, page_size: int = 50
) -> PacticipantView | None:
    """One page of a pacticipant's versions (newest first) with branches, tags and environments.

    ``None`` when no pacticipant has that name. A page past the last one is empty (the page says so
    and links back); the cost is the same few queries on every page.
    """
    row = repo.find_pacticipant(conn, name)
    if row is None:
        return None
    page = max(1, page)
    total = conn.execute(
        sa.select(sa.func.count()).select_from(t.versions).where(t.versions.c.pacticipant_id == row.id)
    ).scalar_one()
    versions = repo.list_versions(conn, row.id, limit=page_size, offset=(page - 1) * page_size)
    ids = [v.id for v in versions]
    bv = t.branch_versions
    branches = _labels(conn, bv.c.branch_name, ids, bv.c.version_id, bv.c.id)
    tags = _labels(conn, t.tags.c.name, ids, t.tags.c.version_id, t.tags.c.id)
    deployed: dict[int, list[str]] = defaultdict(list)
    for d in deployments.deployment_rows(conn, t.deployed_versions, pacticipant=row.name, current_only=True):
        deployed[d.version_id].append(d.environment_name + (f" ({d.target})" if d.target else ""))
    released: dict[int, list[str]] = defaultdict(list)
    for r in deployments.deployment_rows(conn, t.released_versions, pacticipant=row.name, current_only=True):
        released[r.version_id].append(r.environment_name)
    return PacticipantView(
        name=row.name,
        main_branch=row.main_branch,
        repository_url=row.repository_url,
        versions=[
            VersionView(
                number=v.number,
                created=when(v.created_at),
                branches=branches[v.id],
                tags=tags[v.id],
                deployed=deployed[v.id],
                released=released[v.id],
            )
            for v in versions
        ],
        integrations=[r for r in integration_rows(conn) if row.name in (r.consumer, r.provider)],
        page=page,
        page_size=page_size,
        total_versions=total,
    )


def pact_content(
    conn: Connection, provider: str, consumer: str, version: str | None
) -> tuple[Any, dict[str, Any]] | None:
    """The pact a consumer version (default: the latest) published for a provider, with its parsed content."""
    provider_row = repo.find_pacticipant(conn, provider)
    consumer_row = repo.find_pacticipant(conn, consumer)
    if provider_row is None or consumer_row is None:
        return None
    pact = repo.find_pact(conn, consumer_row.id, provider_row.id, version=version)
    if pact is None:
        return None
    content = pact.content if isinstance(pact.content, dict) else json.loads(pact.content)
    return pact, content


@dataclass(frozen=True)
class MatrixView:
    """The matrix page: the API's matrix rows for one consumer/provider pair."""

    rows: list[MatrixRow]
    estate: Estate

    def version(self, version_id: int | None) -> str:
        """A version's number by id (empty for ``None``)."""
        return "" if version_id is None else self.estate.version_by_id[version_id].number


def matrix_view(conn: Connection, consumer: str, provider: str, limit: int = 100) -> MatrixView:
    """Every version row of a pair, through the same domain function as ``GET /matrix``.

    Raises:
        BrokerQueryError: a pacticipant is unknown (the matrix's own validation message).
    """
    selectors = [MatrixSelector(pacticipant=consumer), MatrixSelector(pacticipant=provider)]
    options = MatrixOptions(limit=limit)
    estate = load_matrix_estate(conn, selectors, options)
    result = find_matrix(estate, selectors, options)
    rows = [r for r in result.considered_rows if r.consumer.name == consumer and r.provider.name == provider]
    return MatrixView(rows=rows, estate=estate)


def urls_for(base: str) -> Urls:
    """The API's URL builder (HAL resource links next to each page)."""
    return Urls(base)


__all__ = [
    "FAILED",
    "PASSED",
    "UNVERIFIED",
    "IntegrationRow",
    "MatrixView",
    "PacticipantView",
    "VersionView",
    "badge_status",
    "integration_rows",
    "latest_verifications",
    "matrix_view",
    "pact_content",
    "pacticipant_view",
    "urls_for",
    "when",
]
