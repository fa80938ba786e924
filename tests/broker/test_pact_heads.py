"""The maintained ``pact_heads`` table: after every kind of write it holds exactly what the stored
publications, branches and tags say (derived here in Python, independently of the SQL), on SQLite and
PostgreSQL; migration 0003 backfills it; two brokers writing at once on one PostgreSQL leave it right."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import httpx
import pytest
import sqlalchemy as sa
from starlette.applications import Starlette

from accord.broker import BrokerSettings, Storage, create_app
from accord.broker.storage import _repository as repo
from accord.broker.storage import _schema as t
from accord.broker.storage._cleanup import cleanup

from .conftest import POSTGRES_UP, ServerThread, pact, postgres_db, publication
from .domain.seeding import estate_of_three_teams, seed

Heads = dict[tuple[str, str, str, str], str]


def _names(conn: sa.Connection) -> tuple[dict[int, str], dict[int, str]]:
    pacticipants = dict(conn.execute(sa.select(t.pacticipants.c.id, t.pacticipants.c.name)).all())
    versions = dict(conn.execute(sa.select(t.versions.c.id, t.versions.c.number)).all())
    return pacticipants, versions


def derived_heads(conn: sa.Connection) -> Heads:
    """The heads the stored rows imply: (consumer, provider, scope, label) -> newest version number."""
    pacticipants, numbers = _names(conn)
    branches: dict[int, list[str]] = {}
    for version_id, name in conn.execute(
        sa.select(t.branch_versions.c.version_id, t.branch_versions.c.branch_name)
    ):
        branches.setdefault(version_id, []).append(name)
    tags: dict[int, list[str]] = {}
    for version_id, name in conn.execute(sa.select(t.tags.c.version_id, t.tags.c.name)):
        tags.setdefault(version_id, []).append(name)
    newest: dict[tuple[int, int, str, str], int] = {}
    p = t.pact_publications
    for consumer, provider, version in conn.execute(
        sa.select(p.c.consumer_id, p.c.provider_id, p.c.consumer_version_id)
    ):
        keys = [(consumer, provider, "latest", "")]
        keys += [(consumer, provider, "branch", b) for b in branches.get(version, [])]
        keys += [(consumer, provider, "tag", name) for name in tags.get(version, [])]
        for key in keys:
            newest[key] = max(newest.get(key, version), version)
    return {
        (pacticipants[c], pacticipants[pr], s, label): numbers[v] for (c, pr, s, label), v in newest.items()
    }


def stored_heads(conn: sa.Connection) -> Heads:
    """The ``pact_heads`` rows, by name; a duplicated key would show as a length mismatch."""
    pacticipants, numbers = _names(conn)
    h = t.pact_heads
    rows = conn.execute(
        sa.select(h.c.consumer_id, h.c.provider_id, h.c.scope, h.c.label, h.c.consumer_version_id)
    ).all()
    heads = {(pacticipants[r[0]], pacticipants[r[1]], r[2], r[3]): numbers[r[4]] for r in rows}
    assert len(heads) == len(rows)
    return heads


def assert_consistent(storage: Storage) -> Heads:
    """The table equals what the rows imply; returns it."""
    with storage.read() as conn:
        stored, derived = stored_heads(conn), derived_heads(conn)
    assert stored == derived
    return stored


async def _verification_versions(client: httpx.AsyncClient, selector: dict[str, Any]) -> list[str]:
    response = await client.post(
        "/pacts/provider/api/for-verification", json={"consumerVersionSelectors": [selector]}
    )
    assert response.status_code == 200, response.text
    return sorted(p["_links"]["self"]["name"] for p in response.json()["_embedded"]["pacts"])


Step = tuple[str, str, str, dict[str, Any] | None, dict[tuple[str, str, str, str], str | None]]

# (what, method, path, body, heads expected afterwards: key -> version number, None = no such head)
STEPS: list[Step] = [
    (
        "tag an older version: the tag's head is the newest tagged version",
        "PUT",
        "/pacticipants/web/versions/1/tags/prod",
        {},
        {("web", "api", "tag", "prod"): "2"},
    ),
    (
        "put a version on a second branch",
        "PUT",
        "/pacticipants/web/branches/release/versions/3",
        {},
        {("web", "api", "branch", "release"): "3", ("web", "api", "branch", "main"): "3"},
    ),
    (
        "delete the newest version of main: main's head moves back, release's goes",
        "DELETE",
        "/pacticipants/web/versions/3",
        None,
        {("web", "api", "branch", "main"): "2", ("web", "api", "branch", "release"): None},
    ),
    (
        "delete the newest version's tag: the tag's head moves back",
        "DELETE",
        "/pacticipants/web/versions/2/tags/prod",
        None,
        {("web", "api", "tag", "prod"): "1", ("web", "auth", "tag", "prod"): "1"},
    ),
    (
        "delete a branch: its heads go, the versions' other heads stay",
        "DELETE",
        "/pacticipants/web/branches/feat",
        None,
        {("web", "api", "branch", "feat"): None, ("web", "api", "latest", ""): "4"},
    ),
    (
        "delete one pact of the newest version: that provider's latest moves back, the other's stays",
        "DELETE",
        "/pacts/provider/api/consumer/web/version/4",
        None,
        {
            ("web", "api", "latest", ""): "2",
            ("web", "auth", "latest", ""): "4",
            ("web", "api", "tag", "beta"): None,
        },
    ),
    (
        "publish a new main version for one provider only",
        "POST",
        "/contracts/publish",
        publication("web", "5", {"api": "5"}),
        {("web", "api", "branch", "main"): "5", ("web", "auth", "branch", "main"): "2"},
    ),
    (
        "delete the provider: every head that names it goes",
        "DELETE",
        "/pacticipants/api",
        None,
        {("web", "api", "latest", ""): None, ("web", "auth", "latest", ""): "4"},
    ),
]


async def _publish_estate(client: httpx.AsyncClient) -> None:
    for number in ("1", "2", "3"):
        body = publication(
            "web", number, {"api": number, "auth": number}, tags=["prod"] if number == "2" else []
        )
        assert (await client.post("/contracts/publish", json=body)).status_code < 300
    body = publication("web", "4", {"api": "4", "auth": "4"}, branch="feat", tags=["beta"])
    assert (await client.post("/contracts/publish", json=body)).status_code < 300


@pytest.mark.anyio
async def test_heads_follow_every_write(client: httpx.AsyncClient, app: Starlette) -> None:
    """Publishing, tagging, branching and deleting versions, tags, branches, pacts and pacticipants
    keep the heads equal to what the rows imply, and the selectors see the moved heads."""
    await _publish_estate(client)
    heads = assert_consistent(app.state.storage)
    assert heads[("web", "api", "latest", "")] == "4"
    assert heads[("web", "api", "branch", "main")] == "3"
    for what, method, path, body, expected in STEPS:
        response = await client.request(method, path, json=body)
        assert response.status_code < 300, (what, response.text)
        heads = assert_consistent(app.state.storage)
        assert {key: heads.get(key) for key in expected} == expected, what
        if path == "/pacticipants/web/versions/3":
            assert await _verification_versions(client, {"mainBranch": True}) == [
                "Pact between web (2) and api"
            ]
        if path.endswith("/tags/prod"):
            assert await _verification_versions(client, {"tag": "prod", "latest": True}) == [
                f"Pact between web ({expected[('web', 'api', 'tag', 'prod')]}) and api"
            ]


@pytest.mark.anyio
async def test_cleanup_keeps_heads_consistent(client: httpx.AsyncClient, app: Starlette) -> None:
    """After ``cleanup --keep 1`` the heads still equal what the remaining rows imply."""
    await _publish_estate(client)
    for number in ("6", "7", "8"):
        await client.post(
            "/contracts/publish", json=publication("web", number, {"api": number}, branch="old")
        )
    await client.post("/contracts/publish", json=publication("web", "9", {"auth": "9"}, branch="old"))
    report = cleanup(app.state.storage, 1)
    assert report.removed
    assert sorted(report.removed) == [("web", "1"), ("web", "6"), ("web", "7"), ("web", "8")]
    heads = assert_consistent(app.state.storage)
    assert ("web", "api", "branch", "old") not in heads  # every api pact on "old" was removed
    assert heads[("web", "auth", "branch", "old")] == "9"
    assert heads[("web", "api", "branch", "main")] == "3"


def test_migration_backfills_existing_data(db_url: str) -> None:
    """Rows written before migration 0003 (at revision 0002) get their heads when the broker upgrades."""
    storage = Storage(db_url)
    storage.migrate("0002")
    with storage.engine.begin() as conn:
        seed(conn, estate_of_three_teams())
    storage.migrate()
    assert storage.current_revision() == "0006"
    heads = assert_consistent(storage)
    storage.dispose()
    assert heads[("web", "catalog", "latest", "")] == "2"
    assert heads[("web", "catalog", "branch", "main")] == "1"
    assert heads[("web", "catalog", "tag", "prod")] == "1"
    assert heads[("app", "catalog", "branch", "main")] == "2"


def _version(conn: sa.Connection, number: str) -> Any:
    web = repo.find_pacticipant(conn, "web")
    assert web is not None
    return repo.find_version(conn, web.id, number)


def _add_branch(conn: sa.Connection) -> None:
    version = _version(conn, "2")
    repo.ensure_branch_version(conn, version.pacticipant_id, version.id, "release")


def _delete_2(conn: sa.Connection) -> None:
    repo.delete_version(conn, _version(conn, "2").id)


def _publish_2(conn: sa.Connection) -> None:
    web, api = repo.find_pacticipant(conn, "web"), repo.find_pacticipant(conn, "api")
    assert web is not None and api is not None
    repo.publish_pact(conn, web, api, _version(conn, "2"), pact("web", "api", "2"), allow_overwrite=False)


def _delete_3(conn: sa.Connection) -> None:
    repo.delete_version(conn, _version(conn, "3").id)


def _waiting_for_a_lock(storage: Storage) -> bool:
    with storage.read() as conn:
        return bool(conn.execute(sa.text("SELECT count(*) FROM pg_locks WHERE NOT granted")).scalar_one())


@pytest.mark.postgres
@pytest.mark.parametrize(
    ("first", "second", "expected"),
    [
        # a pact published for version 2 while another request puts version 2 on a branch: each
        # transaction alone sees no row of the other, yet the branch's head must become 2
        (_publish_2, _add_branch, {("web", "api", "branch", "release"): "2"}),
        # versions 3 and 2 deleted at once: the head must end at 1, not at the other's deleted version
        (_delete_3, _delete_2, {("web", "api", "branch", "main"): "1"}),
    ],
)
def test_interleaved_transactions_keep_heads_right(
    first: Callable[[sa.Connection], None],
    second: Callable[[sa.Connection], None],
    expected: dict[tuple[str, str, str, str], str],
) -> None:
    """The second transaction starts while the first is uncommitted (on another connection, as another
    replica would) and must wait for it: the heads end as if the two had run one after the other."""
    if not POSTGRES_UP:
        pytest.fail("PostgreSQL is not reachable on 127.0.0.1:5432")
    with postgres_db() as url:
        storage = Storage(url)
        storage.migrate()

        def estate(conn: sa.Connection) -> None:
            web, api = repo.ensure_pacticipant(conn, "web"), repo.ensure_pacticipant(conn, "api")
            for number in ("1", "2", "3"):
                version = repo.ensure_version(conn, web.id, number)
                if number != "2" or first is not _publish_2:
                    repo.ensure_branch_version(conn, web.id, version.id, "main")
                    repo.publish_pact(
                        conn, web, api, version, pact("web", "api", number), allow_overwrite=False
                    )

        storage.write(estate)
        try:
            with storage.transaction() as conn:
                first(conn)
                other = threading.Thread(target=lambda: storage.write(second))
                other.start()
                deadline = time.monotonic() + 30
                while other.is_alive() and not _waiting_for_a_lock(storage) and time.monotonic() < deadline:
                    time.sleep(0.01)
            other.join(30)
            heads = assert_consistent(storage)
            assert {key: heads.get(key) for key in expected} == expected
        finally:
            storage.dispose()


def _writers(urls: list[str]) -> list[Callable[[], list[int]]]:
    """Five writers on one consumer, branch and tag: two publish, one publishes then deletes the version,
    one publishes then removes the version's tag, one puts the versions the first writer is publishing
    on a second branch at the same moment; each goes through a different broker than the next."""
    barrier = threading.Barrier(5)

    def writer(kind: str, url: str) -> Callable[[], list[int]]:
        def run() -> list[int]:
            statuses = []
            with httpx.Client(base_url=url, timeout=60) as http:
                barrier.wait()
                for i in range(12):
                    if kind == "r":
                        path = f"/pacticipants/web/branches/release/versions/a{i}"
                        statuses.append(http.put(path, json={}).status_code)
                        continue
                    number = f"{kind}{i}"
                    body = publication("web", number, {"api": f"{kind}-{i}", "auth": "same"}, tags=["prod"])
                    statuses.append(http.post("/contracts/publish", json=body).status_code)
                    if kind == "d":
                        statuses.append(http.delete(f"/pacticipants/web/versions/{number}").status_code)
                    elif kind == "t":
                        statuses.append(
                            http.delete(f"/pacticipants/web/versions/{number}/tags/prod").status_code
                        )
            return statuses

        return run

    return [writer(kind, urls[i % len(urls)]) for i, kind in enumerate("abdtr")]


@pytest.mark.slow
@pytest.mark.postgres
def test_two_brokers_writing_at_once_keep_heads_consistent(tmp_path: Path) -> None:
    """Two app instances on one PostgreSQL, five writers racing on the same heads: no head is lost,
    duplicated or left pointing at the wrong version."""
    if not POSTGRES_UP:
        pytest.fail("PostgreSQL is not reachable on 127.0.0.1:5432")
    with postgres_db() as url:
        first = create_app(BrokerSettings(database_url=url))
        second = create_app(BrokerSettings(database_url=url))
        try:
            with ServerThread(first) as one, ServerThread(second) as two, ThreadPoolExecutor(5) as pool:
                futures = [pool.submit(w) for w in _writers([one.url, two.url])]
                statuses = [s for f in futures for s in f.result()]
            assert all(s < 300 for s in statuses), statuses
            heads = assert_consistent(first.state.storage)
            survivors = [f"{k}{i}" for k in "abt" for i in range(12)]
            # the newest surviving version (highest id) is every head except the tag's
            with first.state.storage.read() as conn:
                newest = conn.execute(
                    sa.select(t.versions.c.number)
                    .where(t.versions.c.number.in_(survivors))
                    .order_by(t.versions.c.id.desc())
                    .limit(1)
                ).scalar_one()
            assert heads[("web", "api", "branch", "main")] == newest
            assert heads[("web", "auth", "latest", "")] == newest
            assert heads[("web", "api", "tag", "prod")][0] in "ab"  # "t" versions lost the tag again
        finally:
            first.state.storage.dispose()
            second.state.storage.dispose()
