"""The storage loaders load every record a question needs: answers from the database equal the in-memory "
"ones."""

from __future__ import annotations

from collections.abc import Callable, Iterator

import pytest
import sqlalchemy as sa

from accord.broker.domain import (
    ConsumerVersionSelector,
    Estate,
    MatrixOptions,
    MatrixSelector,
    deployment_status,
    find_matrix,
    notices,
    pacts_for_verification,
)
from accord.broker.storage import _schema as schema
from accord.broker.storage._domain_queries import load_matrix_estate, load_verification_estate

from .builder import T0, EstateBuilder


def seed(conn: sa.Connection, estate: Estate) -> None:
    """Write an in-memory estate into the broker's tables."""
    for p in estate.pacticipants:
        conn.execute(
            sa.insert(schema.pacticipants).values(
                id=p.id, name=p.name, main_branch=p.main_branch, created_at=T0
            )
        )
    branch_ids: dict[tuple[int, str], int] = {}
    for v in estate.versions:
        conn.execute(
            sa.insert(schema.versions).values(
                id=v.id,
                pacticipant_id=v.pacticipant_id,
                number=v.number,
                order=v.order,
                created_at=v.created_at,
            )
        )
        for name in v.branches:
            key = (v.pacticipant_id, name)
            if key not in branch_ids:
                branch_ids[key] = len(branch_ids) + 1
                conn.execute(
                    sa.insert(schema.branches).values(
                        id=branch_ids[key],
                        pacticipant_id=v.pacticipant_id,
                        name=name,
                        created_at=v.created_at,
                    )
                )
            conn.execute(
                sa.insert(schema.branch_versions).values(
                    branch_id=branch_ids[key],
                    version_id=v.id,
                    pacticipant_id=v.pacticipant_id,
                    branch_name=name,
                    created_at=v.created_at,
                )
            )
        for tag in v.tags:
            conn.execute(
                sa.insert(schema.tags).values(
                    version_id=v.id, pacticipant_id=v.pacticipant_id, name=tag, created_at=v.created_at
                )
            )
    shas: dict[str, int] = {}
    for pub in estate.publications:
        if pub.pact_version_sha not in shas:
            shas[pub.pact_version_sha] = len(shas) + 1
            conn.execute(
                sa.insert(schema.pact_versions).values(
                    id=shas[pub.pact_version_sha],
                    sha=pub.pact_version_sha,
                    consumer_id=pub.consumer_id,
                    provider_id=pub.provider_id,
                    content="{}",
                    interactions_count=0,
                    created_at=pub.created_at,
                )
            )
        conn.execute(
            sa.insert(schema.pact_publications).values(
                id=pub.id,
                consumer_id=pub.consumer_id,
                provider_id=pub.provider_id,
                consumer_version_id=pub.consumer_version_id,
                pact_version_id=shas[pub.pact_version_sha],
                revision_number=pub.revision,
                created_at=pub.created_at,
            )
        )
    for ver in estate.verifications:
        conn.execute(
            sa.insert(schema.verifications).values(
                id=ver.id,
                number=ver.id,
                pact_version_id=shas[ver.pact_version_sha],
                consumer_id=ver.consumer_id,
                provider_id=ver.provider_id,
                provider_version_id=ver.provider_version_id,
                success=ver.success,
                wip=ver.wip,
                execution_date=ver.executed_at,
                created_at=ver.executed_at,
            )
        )
    for env in estate.environments:
        conn.execute(
            sa.insert(schema.environments).values(
                id=env.id, uuid=env.uuid, name=env.name, production=env.production, created_at=T0
            )
        )
    for d in estate.deployed_versions:
        conn.execute(
            sa.insert(schema.deployed_versions).values(
                id=d.id,
                uuid=f"d{d.id}",
                version_id=d.version_id,
                pacticipant_id=estate.version_by_id[d.version_id].pacticipant_id,
                environment_id=d.environment_id,
                created_at=d.created_at,
                undeployed_at=None if d.current else d.created_at,
            )
        )
    for r in estate.released_versions:
        conn.execute(
            sa.insert(schema.released_versions).values(
                id=r.id,
                uuid=f"r{r.id}",
                version_id=r.version_id,
                pacticipant_id=estate.version_by_id[r.version_id].pacticipant_id,
                environment_id=r.environment_id,
                created_at=r.created_at,
                support_ended_at=None if r.supported else r.created_at,
            )
        )


def estate_of_three_teams() -> Estate:
    b = EstateBuilder()
    b.pacticipant("web", main_branch="main")
    b.pacticipant("app", main_branch="main")
    for env in ("test", "prod"):
        b.environment(env)
    b.publish("web", "1", "catalog", "w1", branch="main", tags=("prod",))
    b.publish("web", "1", "stock", "s1", branch="main", tags=("prod",))
    b.verify("catalog", "10", "w1", True, branch="main", tags=("prod",))
    b.verify("stock", "20", "s1", False, branch="main")
    b.publish("web", "2", "catalog", "w2", branch="feat")
    b.publish("app", "1", "catalog", "w1", branch="main")
    b.verify("catalog", "11", "w2", True, branch="main")
    b.publish("app", "2", "catalog", "a2", branch="main")
    b.deploy("catalog", "10", "prod")
    b.deploy("stock", "20", "prod")
    b.deploy("web", "1", "prod")
    b.deploy("catalog", "11", "test")
    b.release("app", "1", "prod")
    b.deploy("web", "2", "test", current=False)
    b.version("web", "3", branch="main")
    return b.build()


@pytest.fixture
def engine(tmp_path: object) -> Iterator[sa.Engine]:
    """A SQLite database holding the three-team estate."""
    engine = sa.create_engine(f"sqlite:///{tmp_path}/broker.sqlite3")
    schema.metadata.create_all(engine)
    with engine.begin() as conn:
        seed(conn, estate_of_three_teams())
    yield engine
    engine.dispose()


MATRIX_QUERIES: list[tuple[list[MatrixSelector], MatrixOptions]] = [
    ([MatrixSelector(pacticipant=p, version=v)], MatrixOptions(latestby="cvpv", environment=e))
    for p, v in [
        ("web", "1"),
        ("web", "2"),
        ("web", "3"),
        ("catalog", "10"),
        ("catalog", "11"),
        ("stock", "20"),
        ("app", "2"),
    ]
    for e in ("prod", "test")
] + [
    (
        [MatrixSelector(pacticipant="web", version="1")],
        MatrixOptions(latestby="cvp", latest=True, tag="prod"),
    ),
    ([MatrixSelector(pacticipant="web", version="2")], MatrixOptions(latestby="cvp", latest=True)),
    (
        [MatrixSelector(pacticipant="web", version="1")],
        MatrixOptions(latestby="cvp", main_branch=True, latest=True),
    ),
    ([MatrixSelector(pacticipant="web", version="1")], MatrixOptions(latestby="cvp")),
    ([MatrixSelector(pacticipant="web"), MatrixSelector(pacticipant="catalog")], MatrixOptions()),
    (
        [MatrixSelector(pacticipant="web", version="1"), MatrixSelector(pacticipant="catalog", version="10")],
        MatrixOptions(latestby="cvpv"),
    ),
    (
        [MatrixSelector(pacticipant="web", version="1")],
        MatrixOptions(latestby="cvpv", environment="prod", ignore=(MatrixSelector(pacticipant="stock"),)),
    ),
]


def _verdict(estate: Estate, selectors: list[MatrixSelector], options: MatrixOptions) -> tuple[object, ...]:
    result = find_matrix(estate, selectors, options)
    status = deployment_status(result)
    rows = [
        (
            r.consumer.name,
            r.consumer_version.number,
            r.provider.name,
            r.provider_version and r.provider_version.number,
            r.success,
        )
        for r in result.considered_rows
    ]
    return status.deployable, status.reason, rows


@pytest.mark.parametrize(("selectors", "options"), MATRIX_QUERIES)
def test_matrix_loader_loads_what_matters(
    engine: sa.Engine, selectors: list[MatrixSelector], options: MatrixOptions
) -> None:
    """The verdict on the loaded slice equals the verdict on the whole estate."""
    with engine.connect() as conn:
        loaded = load_matrix_estate(conn, selectors, options)
    assert _verdict(loaded, selectors, options) == _verdict(estate_of_three_teams(), selectors, options)


Query = Callable[[Estate], list[object]]


@pytest.mark.parametrize("provider", ["catalog", "stock"])
@pytest.mark.parametrize(
    "selectors",
    [
        [],
        [ConsumerVersionSelector(main_branch=True)],
        [ConsumerVersionSelector(deployed=True), ConsumerVersionSelector(released=True)],
        [ConsumerVersionSelector(tag="prod", latest=True), ConsumerVersionSelector(branch="feat")],
    ],
)
@pytest.mark.parametrize("branch", ["main", "feat", None])
def test_verification_loader_loads_what_matters(
    engine: sa.Engine, provider: str, selectors: list[ConsumerVersionSelector], branch: str | None
) -> None:
    """Pacts for verification from the loaded slice equal those from the whole estate."""

    def answer(estate: Estate) -> list[object]:
        target = estate.pacticipant_named(provider)
        assert target is not None
        found = pacts_for_verification(
            estate,
            target,
            selectors,
            provider_version_branch=branch,
            include_pending_status=True,
            include_wip_pacts_since=T0,
        )
        return [
            (vp.consumer_version.number, vp.pending, vp.wip, notices(vp, "u", include_pending_status=True))
            for vp in found
        ]

    with engine.connect() as conn:
        loaded = load_verification_estate(conn, provider)
    assert answer(loaded) == answer(estate_of_three_teams())
