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
from accord.broker.storage._domain_queries import load_matrix_estate, load_verification_estate

from .builder import T0
from .seeding import (
    estate_of_three_teams,
    postgres_available,
    postgres_database,
    seeded_engine,
    sqlite_database,
)


@pytest.fixture(scope="module", params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def engine(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[sa.Engine]:
    """A database holding the three-team estate, on SQLite and on PostgreSQL."""
    if request.param == "postgres":
        if not postgres_available():
            pytest.fail("PostgreSQL is not running on 127.0.0.1:5432; deselect with -m 'not postgres'")
        database = postgres_database()
    else:
        database = sqlite_database(tmp_path_factory.mktemp("loaders"))
    with database as url:
        engine = seeded_engine(url, estate_of_three_teams())
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
        [ConsumerVersionSelector(tag="prod"), ConsumerVersionSelector(latest=True, consumer="app")],
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
        tags = [s.tag for s in selectors if s.tag and s.kind == "all_for_tag"]
        loaded = load_verification_estate(conn, provider, tags)
    assert answer(loaded) == answer(estate_of_three_teams())
