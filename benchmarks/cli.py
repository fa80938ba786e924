"""Start-up time of the command line: ``accord --help`` and ``accord can-i-deploy --help``, next to peers.

Each command runs as a whole process (interpreter start, imports, help text), ``--runs`` times after
one warm-up; the median and the best wall time are printed. Target: Accord's two help commands
answer in under 150 ms (issue 6), which needs lazy imports (httpx, Rich and the broker client are
imported only when a command runs).

Commands timed:
- ``accord --help`` and ``accord can-i-deploy --help`` (``.venv/bin/accord``)
- ``accord ci init --help`` (a second lazily loaded subcommand)
- Rust ``pact broker --help`` and ``pact broker can-i-deploy --help`` (pact-python-cli 0.10.9)
- ``pactman-verifier --help`` (``.peers/pactman``; skipped with a note when not installed)

Usage: ``.venv/bin/python benchmarks/cli.py [--runs 15]``.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
ACCORD = ROOT / ".venv" / "bin" / "accord"
PACT = ROOT / ".venv" / "bin" / "pact"
PACTMAN = ROOT / ".peers" / "pactman" / "bin" / "pactman-verifier"
TARGET_MS = 150.0


def measure(argv: list[str], runs: int) -> tuple[float, float]:
    """Median and best wall time in milliseconds of running ``argv`` to completion."""
    env = {**os.environ, "PACT_DO_NOT_TRACK": "true"}
    subprocess.run(argv, capture_output=True, env=env, check=True)  # warm the file cache
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run(argv, capture_output=True, env=env, check=True)
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times), min(times)


def main() -> None:
    """Time every command and print one line each, with Accord's verdict against the target."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=15)
    runs = parser.parse_args().runs
    commands = [
        ("accord --help", [str(ACCORD), "--help"], True),
        ("accord can-i-deploy --help", [str(ACCORD), "can-i-deploy", "--help"], True),
        ("accord ci init --help", [str(ACCORD), "ci", "init", "--help"], True),
        ("pact broker --help (Rust)", [str(PACT), "broker", "--help"], False),
        ("pact broker can-i-deploy --help (Rust)", [str(PACT), "broker", "can-i-deploy", "--help"], False),
        ("pactman-verifier --help", [str(PACTMAN), "--help"], False),
    ]
    print(f"{'command':<42} {'median':>9} {'best':>9}   ({runs} runs each)")
    for label, argv, ours in commands:
        if not Path(argv[0]).exists():
            print(f"{label:<42} {'not installed':>19}")
            continue
        median, best = measure(argv, runs)
        verdict = ("  ok (< 150 ms)" if median < TARGET_MS else "  OVER 150 ms") if ours else ""
        print(f"{label:<42} {median:>7.1f}ms {best:>7.1f}ms{verdict}")


if __name__ == "__main__":
    main()
