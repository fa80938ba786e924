"""Interactions matched per second: Accord's engine and pactman's, on the same 200-interaction pact.

The pact is realistic for a JSON API: each response body is an order with nested arrays of line
items (with nested tags and dimensions) and v3 matching rules (type with ``min``, regex, integer,
decimal, number, equality). Each interaction's actual response is a different, matching document
with 3-8 line items. Both engines receive parsed JSON (no HTTP, no file I/O): Accord through
``accord.matching.match_response``, pactman 2.31 through its ``ResponseVerifier`` (the code
``pactman-verifier`` runs per interaction), in its own venv via a subprocess on the same data.

Usage: ``.venv/bin/python benchmarks/matching.py [--rounds N]``. Prints one line per engine and
the ratio.
"""

from __future__ import annotations

import argparse
import json
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
PACTMAN_PYTHON = ROOT / ".peers" / "pactman" / "bin" / "python"

RULES: dict[str, Any] = {
    "body": {
        "$.id": {"matchers": [{"match": "integer"}], "combine": "AND"},
        "$.reference": {"matchers": [{"match": "regex", "regex": "ORD-[0-9]{6}"}], "combine": "AND"},
        "$.customer": {"matchers": [{"match": "type"}], "combine": "AND"},
        "$.customer.email": {
            "matchers": [{"match": "regex", "regex": "[^@]+@[^@]+\\.[a-z]+"}],
            "combine": "AND",
        },
        "$.items": {"matchers": [{"match": "type", "min": 1}], "combine": "AND"},
        "$.items[*].sku": {"matchers": [{"match": "regex", "regex": "[A-Z]{3}-[0-9]{4}"}], "combine": "AND"},
        "$.items[*].quantity": {"matchers": [{"match": "integer"}], "combine": "AND"},
        "$.items[*].price": {"matchers": [{"match": "decimal"}], "combine": "AND"},
        "$.items[*].weight": {"matchers": [{"match": "number"}], "combine": "AND"},
        "$.items[*].status": {"matchers": [{"match": "equality"}], "combine": "AND"},
        "$.items[*].tags": {"matchers": [{"match": "type", "min": 1}], "combine": "AND"},
        "$.totals": {"matchers": [{"match": "type"}], "combine": "AND"},
    }
}


def _item(rng: random.Random, example: bool) -> dict[str, Any]:
    return {
        "sku": f"{rng.choice(['ABC', 'XYZ', 'QRS'])}-{rng.randint(1000, 9999)}",
        "name": rng.choice(["widget", "gadget", "gizmo", "doohickey"]),
        "quantity": rng.randint(1, 20),
        "price": round(rng.uniform(1, 500), 2) + 0.01,
        "weight": rng.choice([1, 2.5, 3, 0.75]),
        "status": "in-stock",
        # an eachLike example holds one element; actual lists hold one to three
        "tags": [rng.choice(["red", "blue", "green"]) for _ in range(1 if example else rng.randint(1, 3))],
        "dimensions": {
            "width": rng.uniform(1, 50),
            "height": rng.uniform(1, 50),
            "depth": rng.uniform(1, 50),
        },
    }


def _order(rng: random.Random, order_id: int, items: int) -> dict[str, Any]:
    return {
        "id": order_id,
        "reference": f"ORD-{rng.randint(100000, 999999)}",
        "customer": {"name": rng.choice(["Ada", "Grace", "Linus"]), "email": f"user{order_id}@example.com"},
        "items": [_item(rng, items == 1) for _ in range(items)],
        "totals": {"net": rng.uniform(10, 900), "tax": rng.uniform(1, 90), "currency": "EUR"},
    }


def build_data(count: int = 200, seed: int = 7) -> list[dict[str, Any]]:
    """The pact's interactions (v3 responses) paired with a matching actual response each."""
    rng = random.Random(seed)
    cases = []
    for index in range(count):
        expected = {
            "status": 200,
            "headers": {"Content-Type": "application/json"},
            "body": _order(rng, index, 1),
            "matchingRules": RULES,
        }
        actual = {
            "status": 200,
            "headers": {"Content-Type": "application/json; charset=utf-8"},
            "body": _order(rng, 1000 + index, rng.randint(3, 8)),
        }
        cases.append({"expected": expected, "actual": actual})
    return cases


PACTMAN_RUNNER = r"""
import json, sys, time, logging
logging.disable(logging.CRITICAL)
import semver
from pactman.verifier.verify import ResponseVerifier
from pactman.verifier.result import Result

class Quiet(Result):
    def fail(self, message, path=None):
        self.success = False
        return False

class Pact:
    semver = semver.VersionInfo.parse("3.0.0")

class Response:
    def __init__(self, part):
        self.status_code = part["status"]
        self.headers = part["headers"]
        self._body = part["body"]
    def json(self):
        return self._body

cases = json.load(open(sys.argv[1]))
rounds = int(sys.argv[2])
pact = Pact()
failures = 0
start = time.perf_counter()
for _ in range(rounds):
    for case in cases:
        result = Quiet()
        result.success = True
        ok = ResponseVerifier(pact, case["expected"], result).verify(Response(case["actual"]))
        failures += 0 if ok and result.success else 1
elapsed = time.perf_counter() - start
print(json.dumps({"per_second": rounds * len(cases) / elapsed, "failures": failures}))
"""


def run_accord(cases: list[dict[str, Any]], rounds: int) -> tuple[float, int]:
    """Interactions per second for Accord, and how many failed to match."""
    sys.path.insert(0, str(ROOT / "src"))
    from accord.matching import match_response

    failures = 0
    start = time.perf_counter()
    for _ in range(rounds):
        for case in cases:
            failures += bool(match_response(case["expected"], case["actual"], spec="v3"))
    return rounds * len(cases) / (time.perf_counter() - start), failures


def run_pactman(cases_file: Path, rounds: int) -> tuple[float, int] | None:
    """Interactions per second for pactman (``None`` when its venv is missing)."""
    if not PACTMAN_PYTHON.exists():
        return None
    out = subprocess.run(
        [str(PACTMAN_PYTHON), "-c", PACTMAN_RUNNER, str(cases_file), str(rounds)],
        capture_output=True,
        text=True,
        check=True,
    )
    figures = json.loads(out.stdout.strip().splitlines()[-1])
    return figures["per_second"], figures["failures"]


def main() -> None:
    """Build the pact, run both engines on it, print the figures and the ratio."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=10, help="passes over the 200 interactions")
    args = parser.parse_args()
    cases = build_data()
    with tempfile.TemporaryDirectory() as folder:
        cases_file = Path(folder) / "cases.json"
        cases_file.write_text(json.dumps(cases))
        run_accord(cases, 1)  # warm-up: imports and the rules cache
        # Accord runs before and after pactman and the mean is kept, so that a change of machine
        # load during the run does not favour either side.
        before, accord_failures = run_accord(cases, args.rounds)
        pactman = run_pactman(cases_file, args.rounds)
        after, _ = run_accord(cases, args.rounds)
        accord = (before + after) / 2
    print(f"pact: {len(cases)} interactions, {args.rounds} rounds")
    print(f"accord : {accord:10.0f} interactions/s  (mismatching: {accord_failures})")
    if pactman is None:
        print(f"pactman: not installed at {PACTMAN_PYTHON} (run scripts/install-peers.sh)")
        return
    print(f"pactman: {pactman[0]:10.0f} interactions/s  (mismatching: {pactman[1]})")
    print(f"ratio  : {accord / pactman[0]:10.2f}x  (accord / pactman)")


if __name__ == "__main__":
    main()
