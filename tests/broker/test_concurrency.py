"""Concurrent writers: 20 clients publishing and verifying at once lose nothing and duplicate nothing,
through one broker, and through two broker instances sharing one PostgreSQL database."""

from __future__ import annotations

import threading
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import httpx
import pytest

from accord.broker import BrokerSettings, create_app

from .conftest import POSTGRES_UP, ServerThread, postgres_db, publication, table_counts

CLIENTS = 20


def _storm(urls: list[str]) -> list[int]:
    """20 clients, released together: each publishes web version i%5 (5 shared versions, identical
    content), tags it, puts a provider version on a branch and verifies the (shared) pact content."""
    barrier = threading.Barrier(CLIENTS)

    def client(i: int) -> list[int]:
        with httpx.Client(base_url=urls[i % len(urls)], timeout=60) as http:
            barrier.wait()
            statuses = [
                http.post(
                    "/contracts/publish",
                    json=publication("web", str(i % 5), {"api": "a", "auth": "b"}, tags=[f"t{i % 3}"]),
                ).status_code
            ]
            statuses.append(
                http.put(f"/pacticipants/api/branches/main/versions/p{i % 4}", json={}).status_code
            )
            pact_url = f"/pacts/provider/api/consumer/web/version/{i % 5}"  # published just above
            href = http.get(pact_url).json()["_links"]["pb:publish-verification-results"]["href"]
            statuses.append(
                http.post(href, json={"success": True, "providerApplicationVersion": f"p{i % 4}"}).status_code
            )
            return statuses

    with ThreadPoolExecutor(CLIENTS) as pool:
        return [status for statuses in pool.map(client, range(CLIENTS)) for status in statuses]


def _check(db_url: str, statuses: list[int]) -> None:
    assert all(s < 300 for s in statuses), statuses
    counts = table_counts(db_url)
    assert counts["pacticipants"] == 3  # web, api, auth
    assert counts["versions"] == 5 + 4  # web 0..4, api p0..p3
    assert counts["pact_versions"] == 2  # identical content stored once per provider
    assert counts["pact_publications"] == 5 * 2
    assert counts["tags"] == len({(i % 5, i % 3) for i in range(CLIENTS)})
    assert counts["branches"] == 2 and counts["branch_versions"] == 5 + 4  # web main, api main
    assert counts["verifications"] == CLIENTS


def _verification_numbers(url: str) -> list[int]:
    with httpx.Client(base_url=url) as http:
        pact = http.get("/pacts/provider/api/consumer/web/version/0").json()
        base = pact["_links"]["pb:publish-verification-results"]["href"]
        return [http.get(f"{base}/{n}").status_code for n in range(1, CLIENTS + 1)]


@pytest.mark.slow
def test_twenty_clients_on_one_broker(live_server: ServerThread, db_url: str) -> None:
    """One broker (SQLite or PostgreSQL), 20 simultaneous clients: every row once, numbers 1..20 unique."""
    _check(db_url, _storm([live_server.url]))
    assert _verification_numbers(live_server.url) == [200] * CLIENTS


@pytest.mark.slow
@pytest.mark.postgres
def test_two_broker_instances_on_one_postgres(tmp_path: Path) -> None:
    """Two app instances (separate engines and pools) on one PostgreSQL database behave as one broker."""
    if not POSTGRES_UP:
        pytest.fail("PostgreSQL is not reachable on 127.0.0.1:5432")
    with postgres_db() as url:
        first = create_app(BrokerSettings(database_url=url))
        second = create_app(BrokerSettings(database_url=url))
        try:
            with ServerThread(first) as one, ServerThread(second) as two:
                _check(url, _storm([one.url, two.url]))
                assert _verification_numbers(two.url) == [200] * CLIENTS
        finally:
            first.state.storage.dispose()
            second.state.storage.dispose()
