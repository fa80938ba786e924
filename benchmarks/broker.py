"""Broker latency at scale: can-i-deploy, pacts-for-verification (and publish, when the service is there).

Seeds a realistic estate straight into the broker's tables (issue 5's acceptance): 200 pacticipants,
50 versions on each of 3 branches (30,000 versions), each consumer depending on 3 providers (90,000
pact publications, content changing every few versions), verification results for most pairs (about
100,000 rows), 3 environments with a deployed version of every pacticipant in each. Then it times
requests through the ASGI app in-process (httpx ``ASGITransport``: routing, loading, domain, JSON):

- ``GET /can-i-deploy?pacticipant=P&version=V&environment=production`` for random pacticipant versions;
- ``POST /pacts/provider/P/for-verification`` with ``mainBranch`` and ``deployedOrReleased`` selectors,
  pending status and WIP pacts on, for random providers;
- ``POST /contracts/publish`` of new consumer versions, one at a time, then 16 clients at once
  (throughput).

The app is the whole broker (``accord.broker.create_app``: auth middleware, routing, every resource);
the schema comes from its migrations. The rows are written at revision 0002, before the maintained
``pact_heads`` table existed, and the remaining migrations then run: their backfill derives the heads
from the seeded publications, branches and tags, exactly as for a broker upgraded in place.

Usage: ``.venv/bin/python benchmarks/broker.py [--database sqlite|postgres|both] [--scale 1[,10]]
[--requests 200] [--rounds 3]``.
``--scale 10`` seeds ten times the versions (and pacts, verifications) to check that latency grows
far slower than the data; ``--scale 1,10`` seeds both, times them in alternating rounds and prints the
10x/1x ratios. Prints p50/p99 in milliseconds per operation and database; with ``--rounds N`` the read
requests are timed N times over and the median of the rounds' p50 and p99 is printed (the machine may
be shared and noisy: alternating the scales round by round lets a busy spell hit each alike).
"""

from __future__ import annotations

import argparse
import asyncio
import base64
import hashlib
import json
import random
import statistics
import sys
import tempfile
import time
import uuid
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import httpx
import sqlalchemy as sa

from accord.broker import BrokerSettings, create_app
from accord.broker.storage import Storage
from accord.broker.storage import _schema as schema

PACTICIPANTS = 200
BRANCHES = ("main", "feat-a", "feat-b")
PROVIDERS_PER_CONSUMER = 3
ENVIRONMENTS = ("test", "staging", "production")
POSTGRES = "postgresql+psycopg://postgres@127.0.0.1:5432"
T0 = datetime(2026, 1, 1, tzinfo=UTC)


def _chunks(rows: list[dict[str, Any]], size: int = 5000) -> Iterator[list[dict[str, Any]]]:
    for start in range(0, len(rows), size):
        yield rows[start : start + size]


def build_rows(versions_per_branch: int, seed: int = 7) -> dict[str, list[dict[str, Any]]]:
    """Every row of the estate, table by table."""
    rnd = random.Random(seed)
    rows: dict[str, list[dict[str, Any]]] = {name: [] for name in schema.metadata.tables}
    for p in range(1, PACTICIPANTS + 1):
        rows["pacticipants"].append(
            {"id": p, "name": f"service-{p:03d}", "main_branch": "main", "created_at": T0}
        )
    for e, name in enumerate(ENVIRONMENTS, start=1):
        rows["environments"].append(
            {
                "id": e,
                "uuid": str(uuid.UUID(int=e)),
                "name": name,
                "display_name": name.title(),
                "production": name == "production",
                "created_at": T0,
            }
        )
    version_id = branch_id = pub_id = verification_id = 0
    pact_versions: dict[str, int] = {}
    versions_of: dict[int, list[int]] = {}
    clock = T0
    for p in range(1, PACTICIPANTS + 1):
        providers = [(p + k - 1) % PACTICIPANTS + 1 for k in range(1, PROVIDERS_PER_CONSUMER + 1)]
        versions_of[p] = []
        order = 0
        for branch in BRANCHES:
            branch_id += 1
            rows["branches"].append(
                {"id": branch_id, "pacticipant_id": p, "name": branch, "created_at": clock}
            )
            for n in range(versions_per_branch):
                version_id += 1
                order += 1
                clock += timedelta(seconds=1)
                versions_of[p].append(version_id)
                rows["versions"].append(
                    {
                        "id": version_id,
                        "pacticipant_id": p,
                        "number": f"{branch}.{n}",
                        "order": order,
                        "created_at": clock,
                    }
                )
                rows["branch_versions"].append(
                    {
                        "branch_id": branch_id,
                        "version_id": version_id,
                        "pacticipant_id": p,
                        "branch_name": branch,
                        "created_at": clock,
                    }
                )
                for provider in providers:
                    marker = f"{p}-{provider}-{branch}-{n // 2}"  # content changes every other version
                    sha = hashlib.sha256(marker.encode()).hexdigest()
                    if sha not in pact_versions:
                        pact_versions[sha] = len(pact_versions) + 1
                        rows["pact_versions"].append(
                            {
                                "id": pact_versions[sha],
                                "sha": sha,
                                "consumer_id": p,
                                "provider_id": provider,
                                "content": "{}",
                                "interactions_count": 3,
                                "created_at": clock,
                            }
                        )
                    pub_id += 1
                    rows["pact_publications"].append(
                        {
                            "id": pub_id,
                            "consumer_id": p,
                            "provider_id": provider,
                            "consumer_version_id": version_id,
                            "pact_version_id": pact_versions[sha],
                            "revision_number": 1,
                            "created_at": clock,
                        }
                    )
    # verifications: most pact versions verified by one to three provider versions
    number_of: dict[int, int] = {}
    for pv in rows["pact_versions"]:
        provider = pv["provider_id"]
        for _ in range(rnd.choice((0, 2, 2, 3, 3, 3))):
            verification_id += 1
            number_of[pv["id"]] = number_of.get(pv["id"], 0) + 1
            rows["verifications"].append(
                {
                    "id": verification_id,
                    "number": number_of[pv["id"]],
                    "pact_version_id": pv["id"],
                    "consumer_id": pv["consumer_id"],
                    "provider_id": provider,
                    "provider_version_id": rnd.choice(versions_of[provider]),
                    "success": rnd.random() < 0.9,
                    "wip": False,
                    "execution_date": pv["created_at"] + timedelta(minutes=5),
                    "created_at": pv["created_at"] + timedelta(minutes=5),
                }
            )
    deployed = 0
    for p in range(1, PACTICIPANTS + 1):
        for e in range(1, len(ENVIRONMENTS) + 1):
            deployed += 1
            rows["deployed_versions"].append(
                {
                    "id": deployed,
                    "uuid": str(uuid.UUID(int=deployed)),
                    "version_id": rnd.choice(versions_of[p]),
                    "pacticipant_id": p,
                    "environment_id": e,
                    "created_at": clock,
                    "undeployed_at": None,
                }
            )
    return rows


def seed(engine: sa.Engine, rows: dict[str, list[dict[str, Any]]]) -> None:
    """Bulk-insert the rows (the schema exists already)."""
    with engine.begin() as conn:
        for table in schema.metadata.sorted_tables:
            for chunk in _chunks(rows.get(table.name, [])):
                conn.execute(sa.insert(table), chunk)
        if engine.dialect.name == "postgresql":
            # rows were inserted with explicit ids: move each id sequence past them
            for table in schema.metadata.sorted_tables:
                if rows.get(table.name):
                    conn.execute(
                        sa.text(
                            f"SELECT setval(pg_get_serial_sequence('{table.name}', 'id'), "
                            f"(SELECT max(id) FROM {table.name}))"
                        )
                    )
            conn.execute(sa.text("ANALYZE"))


@contextmanager
def database(kind: str) -> Iterator[str]:
    """A fresh database of the given kind, removed afterwards."""
    if kind == "sqlite":
        with tempfile.TemporaryDirectory() as directory:
            yield f"sqlite:///{Path(directory) / 'broker.sqlite3'}"
        return
    name = f"accord_bench_{uuid.uuid4().hex[:10]}"
    admin = sa.create_engine(f"{POSTGRES}/postgres", isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(sa.text(f'CREATE DATABASE "{name}"'))
    try:
        yield f"{POSTGRES}/{name}"
    finally:
        with admin.connect() as conn:
            conn.execute(sa.text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


def _publication(rnd: random.Random, names: list[str], n: int) -> dict[str, Any]:
    """A ``POST /contracts/publish`` body: a new consumer version with one pact."""
    consumer, provider = rnd.sample(names, 2)
    pact = {
        "consumer": {"name": consumer},
        "provider": {"name": provider},
        "interactions": [
            {
                "description": f"request {n}",
                "request": {"method": "GET", "path": f"/things/{n}"},
                "response": {"status": 200, "body": {"id": n}},
            }
        ],
        "metadata": {"pactSpecification": {"version": "3.0.0"}},
    }
    return {
        "pacticipantName": consumer,
        "pacticipantVersionNumber": f"bench.{n}",
        "branch": "main",
        "tags": [],
        "contracts": [
            {
                "consumerName": consumer,
                "providerName": provider,
                "specification": "pact",
                "contentType": "application/json",
                "content": base64.b64encode(json.dumps(pact).encode()).decode(),
            }
        ],
    }


def percentiles(samples: list[float]) -> tuple[float, float]:
    """p50 and p99 in milliseconds."""
    ordered = sorted(samples)
    p99 = ordered[min(len(ordered) - 1, round(0.99 * (len(ordered) - 1)))]
    return statistics.median(ordered) * 1000, p99 * 1000


async def _time(client: httpx.AsyncClient, requests: list[tuple[str, str, Any]]) -> list[float]:
    samples = []
    for method, url, body in requests:
        start = time.perf_counter()
        response = await client.request(method, url, json=body)
        samples.append(time.perf_counter() - start)
        if response.status_code >= 300:
            raise SystemExit(f"{method} {url} answered {response.status_code}: {response.text[:300]}")
    return samples


def _median_of_rounds(rounds: list[tuple[float, float]]) -> tuple[float, float]:
    return statistics.median(r[0] for r in rounds), statistics.median(r[1] for r in rounds)


Request = tuple[str, str, Any]


class SeededBroker:
    """One seeded database with its app and the requests to time against it."""

    def __init__(self, kind: str, scale: int, url: str, count: int) -> None:
        self.kind, self.scale = kind, scale
        rows = build_rows(50 * scale)
        self.storage = Storage(url)
        self.storage.migrate("0002")
        started = time.perf_counter()
        seed(self.storage.engine, rows)
        seeded = time.perf_counter()
        self.storage.migrate()  # 0003 onwards: backfills pact_heads from the seeded rows
        print(
            f"  {kind} x{scale}: seeded {len(rows['versions']):,} versions, "
            f"{len(rows['pact_publications']):,} pacts, {len(rows['verifications']):,} verifications in "
            f"{seeded - started:.1f} s; heads backfill (migrations) {time.perf_counter() - seeded:.1f} s",
            file=sys.stderr,
        )
        self.app = create_app(BrokerSettings(database_url=url, migrate=False), storage=self.storage)
        rnd = random.Random(11)
        names = [r["name"] for r in rows["pacticipants"]]
        numbers = [(r["pacticipant_id"], r["number"]) for r in rows["versions"]]
        self.cid: list[Request] = [
            ("GET", f"/can-i-deploy?pacticipant={names[p - 1]}&version={n}&environment=production", None)
            for p, n in rnd.sample(numbers, count)
        ]
        body = {
            "consumerVersionSelectors": [{"mainBranch": True}, {"deployedOrReleased": True}],
            "providerVersionBranch": "main",
            "includePendingStatus": True,
            "includeWipPactsSince": "2026-01-01",
        }
        self.pfv: list[Request] = [
            ("POST", f"/pacts/provider/{rnd.choice(names)}/for-verification", body) for _ in range(count)
        ]
        self.publishes: list[Request] = [
            ("POST", "/contracts/publish", _publication(rnd, names, n)) for n in range(count)
        ]
        self.concurrent: list[Request] = [
            ("POST", "/contracts/publish", _publication(rnd, names, count + n)) for n in range(count)
        ]
        self.rounds: dict[str, list[tuple[float, float]]] = {"can-i-deploy": [], "pacts-for-verification": []}
        self.figures: dict[str, tuple[float, float]] = {}

    def client(self) -> httpx.AsyncClient:
        """An httpx client on the app, in-process."""
        return httpx.AsyncClient(transport=httpx.ASGITransport(app=self.app), base_url="http://broker.bench")

    async def read_round(self) -> None:
        """Time every can-i-deploy, then every pacts-for-verification request once."""
        async with self.client() as client:
            self.rounds["can-i-deploy"].append(percentiles(await _time(client, self.cid)))
            self.rounds["pacts-for-verification"].append(percentiles(await _time(client, self.pfv)))

    async def writes(self) -> None:
        """Publish one at a time, then 16 clients at once (after the reads: publishing adds data)."""
        async with self.client() as client:
            self.figures["publish"] = percentiles(await _time(client, self.publishes))
            started = time.perf_counter()
            await asyncio.gather(*(_time(client, self.concurrent[i::16]) for i in range(16)))
            elapsed = time.perf_counter() - started
            rate = len(self.concurrent) / elapsed
            self.figures["publish x16 (per s)"] = (rate, rate)


def run(
    kind: str, scales: list[int], count: int, rounds: int = 1
) -> dict[int, dict[str, tuple[float, float]]]:
    """Seed one database per scale, then time the reads in rounds that alternate between the scales
    (so that a busy spell on a shared machine falls on every scale alike), then the writes.

    Returns p50/p99 per scale and operation (reads: the median of the rounds' p50 and p99).
    """
    with ExitStack() as stack:
        estates = [SeededBroker(kind, scale, stack.enter_context(database(kind)), count) for scale in scales]

        async def measure() -> None:
            for estate in estates:
                async with estate.client() as client:
                    await _time(client, estate.cid[:10] + estate.pfv[:10])  # warm-up
            for _ in range(rounds):
                for estate in estates:
                    await estate.read_round()
            for estate in estates:
                await estate.writes()

        asyncio.run(measure())
        for estate in estates:
            estate.storage.dispose()
    return {
        estate.scale: {
            **{operation: _median_of_rounds(found) for operation, found in estate.rounds.items()},
            **estate.figures,
        }
        for estate in estates
    }


def _scales(text: str) -> list[int]:
    try:
        scales = [int(part) for part in text.split(",")]
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"expected whole numbers separated by commas, got {text!r}"
        ) from None
    if not scales or min(scales) < 1:
        raise argparse.ArgumentTypeError(f"scales must be 1 or more, got {text!r}")
    return scales


def main() -> None:
    """Parse arguments, run, print one line per database, scale and operation, then the ratios."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database", choices=("sqlite", "postgres", "both"), default="both")
    parser.add_argument(
        "--scale",
        type=_scales,
        default=[1],
        help="multiply the versions per branch (1 = 30,000 versions); several, e.g. 1,10, print ratios",
    )
    parser.add_argument("--requests", type=int, default=200)
    parser.add_argument("--rounds", type=int, default=1, help="time the read requests this many times")
    args = parser.parse_args()
    kinds = ("sqlite", "postgres") if args.database == "both" else (args.database,)
    scales: list[int] = args.scale
    print(
        f"broker latency, scale {', '.join(f'x{s}' for s in scales)}, {args.requests} requests each, "
        f"median of {args.rounds} round(s) (ms)"
    )
    results: dict[tuple[str, int], dict[str, tuple[float, float]]] = {}
    for kind in kinds:
        for scale, figures in run(kind, scales, args.requests, args.rounds).items():
            results[(kind, scale)] = figures
            for operation, (p50, p99) in figures.items():
                label = f"{kind} x{scale}"
                if operation.endswith("(per s)"):
                    print(f"{label:12s} {operation:24s} {p50:7.1f} publications per second", flush=True)
                else:
                    print(f"{label:12s} {operation:24s} p50 {p50:7.1f}  p99 {p99:7.1f}", flush=True)
    base = min(scales)
    for kind in kinds:
        for scale in (s for s in scales if s != base):
            for operation in ("can-i-deploy", "pacts-for-verification", "publish"):
                (p50, p99), (b50, b99) = results[(kind, scale)][operation], results[(kind, base)][operation]
                ratios = f"p50 {p50 / b50:4.2f}x  p99 {p99 / b99:4.2f}x"
                print(f"{kind:12s} {operation:24s} x{scale}/x{base}: {ratios}")


if __name__ == "__main__":
    main()
