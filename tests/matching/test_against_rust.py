"""Differential tests: Accord's verdicts against the Rust core's on generated requests and responses.

The Rust core runs inside pact-python 4.x (its mock server, spec V3 and V4) in the peers venv,
and as `pact verifier` (pact-python-cli) against a loopback provider for responses. Each
generated case is an expected JSON body with random rules and a mutated actual body. Rule
paths are chosen so that no two can tie on weight (the Rust core breaks ties by hash order).
"""

from __future__ import annotations

import copy
import json
import random
import subprocess
from pathlib import Path
from typing import Any

import pytest

from accord.matching import match_request, match_response

ROOT = Path(__file__).resolve().parents[2]
PEER_PYTHON = ROOT / ".peers" / "pact-python" / "bin" / "python"

SCALARS: list[Any] = [1, 2, 1.5, "a", "bb", True, None, "2023-01-02", "1.2.3", ""]
PATHS = ["$", "$.a", "$.b", "$.a[*]", "$.b.*", "$.a.b", "$.a[0]"]
V3_MATCHERS: list[dict[str, Any]] = [
    {"match": "type"},
    {"match": "type", "min": 1},
    {"match": "type", "max": 1},
    {"match": "integer"},
    {"match": "decimal"},
    {"match": "number"},
    {"match": "regex", "regex": "[a-z]+"},
    {"match": "include", "value": "b"},
    {"match": "null"},
    {"match": "boolean"},
    {"match": "equality"},
    {"match": "values"},
    {"match": "date", "format": "yyyy-MM-dd"},
]
V4_MATCHERS: list[dict[str, Any]] = [
    *V3_MATCHERS,
    {"match": "notEmpty"},
    {"match": "semver"},
    {"match": "eachKey", "rules": [{"match": "regex", "regex": "[a-c]"}]},
    {"match": "eachValue", "rules": [{"match": "type"}]},
    {"match": "arrayContains", "variants": [{"index": 0, "rules": {}}]},
]

RUST_RUNNER = r"""
import json, sys
import requests
from pact import Pact

spec, cases = sys.argv[1], json.load(open(sys.argv[2]))
verdicts = []
for expected, actual, rules in cases:
    pact = Pact("c", "p").with_specification(spec)
    interaction = pact.upon_receiving("x").with_request("POST", "/")
    interaction = interaction.with_body(json.dumps(expected), "application/json")
    if rules:
        interaction = interaction.with_matching_rules(rules)
    interaction.will_respond_with(200)
    server = pact.serve(raises=False)
    with server:
        requests.post(f"{server.url}/", data=json.dumps(actual), headers={"Content-Type": "application/json"})
        verdicts.append([str(m) for m in server.mismatches])
print(json.dumps(verdicts))
"""


def _document(rng: random.Random, depth: int = 0) -> Any:
    roll = rng.random()
    if depth > 2 or roll < 0.3:
        return rng.choice(SCALARS)
    if roll < 0.6:
        return [_document(rng, depth + 1) for _ in range(rng.randint(0, 3))]
    return {rng.choice("abcd"): _document(rng, depth + 1) for _ in range(rng.randint(0, 3))}


def _mutate(rng: random.Random, value: Any) -> Any:
    value = copy.deepcopy(value)
    roll = rng.random()
    if isinstance(value, dict) and value:
        key = rng.choice(list(value))
        if roll < 0.3:
            value[key] = _mutate(rng, value[key])
        elif roll < 0.5:
            del value[key]
        elif roll < 0.7:
            value["z"] = rng.choice(SCALARS)
        return value
    if isinstance(value, list):
        if value and roll < 0.4:
            index = rng.randrange(len(value))
            value[index] = _mutate(rng, value[index])
        elif roll < 0.7:
            value.append(copy.deepcopy(value[0]) if value else rng.choice(SCALARS))
        elif value:
            value.pop()
        return value
    return rng.choice(SCALARS) if roll < 0.5 else value


def _cases(seed: int, count: int, matchers: list[dict[str, Any]]) -> list[list[Any]]:
    rng = random.Random(seed)
    cases = []
    for _ in range(count):
        expected = {"a": _document(rng, 1), "b": _document(rng, 1)}
        actual = _mutate(rng, expected) if rng.random() < 0.7 else copy.deepcopy(expected)
        rules = {rng.choice(PATHS): {"matchers": [rng.choice(matchers)]} for _ in range(rng.randint(0, 3))}
        cases.append([expected, actual, {"body": rules} if rules else None])
    return cases


@pytest.mark.peers
@pytest.mark.slow
@pytest.mark.parametrize(("spec", "matchers", "seed"), [("V3", V3_MATCHERS, 101), ("V4", V4_MATCHERS, 202)])
def test_verdicts_agree_with_the_rust_core(
    spec: str, matchers: list[dict[str, Any]], seed: int, tmp_path: Path
) -> None:
    """On 150 generated requests, Accord and the Rust core agree on match / no match."""
    cases = _cases(seed, 150, matchers)
    cases_file = tmp_path / "cases.json"
    cases_file.write_text(json.dumps(cases))
    run = subprocess.run(
        [str(PEER_PYTHON), "-c", RUST_RUNNER, spec, str(cases_file)],
        capture_output=True,
        text=True,
        check=True,
        timeout=300,
    )
    rust = json.loads(run.stdout.strip().splitlines()[-1])
    disagreements = []
    for (expected, actual, rules), rust_mismatches in zip(cases, rust, strict=True):
        part = {
            "method": "POST",
            "path": "/",
            "headers": {"Content-Type": "application/json"},
            "body": expected,
        }
        if rules:
            part["matchingRules"] = rules
        received = {
            "method": "POST",
            "path": "/",
            "headers": {"Content-Type": "application/json"},
            "body": actual,
        }
        ours = [m.message for m in match_request(part, received, spec=spec.lower())]
        if bool(ours) != bool(rust_mismatches):
            disagreements.append((expected, actual, rules, ours, rust_mismatches))
    assert disagreements == []


class _Provider:
    """A loopback HTTP provider answering ``GET /c/<n>`` with the n-th actual body."""

    def __init__(self, bodies: list[Any]) -> None:
        from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                body = json.dumps(bodies[int(self.path.rsplit("/", 1)[1])]).encode()
                self.send_response(200)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, *args: Any) -> None:
                return

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.port = self.server.server_address[1]

    def __enter__(self) -> _Provider:
        import threading

        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.server.shutdown()
        self.thread.join()
        self.server.server_close()


@pytest.mark.peers
@pytest.mark.slow
def test_response_verdicts_agree_with_the_rust_verifier(tmp_path: Path) -> None:
    """On 200 generated responses, Accord and `pact verifier` (Rust) agree on pass / fail."""
    cases = _cases(303, 200, V3_MATCHERS)
    interactions = []
    for index, (expected, _, rules) in enumerate(cases):
        response: dict[str, Any] = {
            "status": 200,
            "headers": {"Content-Type": "application/json"},
            "body": expected,
        }
        if rules:
            response["matchingRules"] = rules
        interactions.append(
            {
                "description": f"case {index}",
                "request": {"method": "GET", "path": f"/c/{index}"},
                "response": response,
            }
        )
    pact = {
        "consumer": {"name": "c"},
        "provider": {"name": "p"},
        "interactions": interactions,
        "metadata": {"pactSpecification": {"version": "3.0.0"}},
    }
    pact_file, report_file = tmp_path / "pact.json", tmp_path / "report.json"
    pact_file.write_text(json.dumps(pact))
    with _Provider([actual for _, actual, _ in cases]) as provider:
        subprocess.run(
            [
                str(ROOT / ".venv" / "bin" / "pact"),
                "verifier",
                "-f",
                str(pact_file),
                "--hostname",
                "127.0.0.1",
                "--port",
                str(provider.port),
                "-j",
                str(report_file),
            ],
            capture_output=True,
            text=True,
            timeout=300,
            check=False,
        )
    report = json.loads(report_file.read_text())
    failed = {error["interaction"].rsplit(" - ", 1)[-1] for error in report["errors"]}
    assert 0 < len(failed) < len(cases)
    disagreements = []
    for index, (expected, actual, rules) in enumerate(cases):
        part = {"status": 200, "headers": {"Content-Type": "application/json"}, "body": expected}
        if rules:
            part["matchingRules"] = rules
        received = {"status": 200, "headers": {"Content-Type": "application/json"}, "body": actual}
        ours = [m.message for m in match_response(part, received, spec="v3")]
        if bool(ours) != (f"case {index}" in failed):
            disagreements.append((expected, actual, rules, ours))
    assert disagreements == []
