"""Consumer suite speed: Accord vs pact-python 4.x (Rust mock server) vs pactman, whole processes, one run.

Each tool defines N interactions (GET /items/<i>, a body with type matchers and an array), serves them,
receives N real requests (pactman patches urllib3 instead of serving HTTP) and writes the pact file.
The peers run the scripts in ``../shared/research/peers-scripts`` inside their own virtual environments
(``scripts/install-peers.sh``). Prints wall-clock medians per tool and N, the ratios the consumer issue
sets targets for, and Accord's mock-server start-up time.

Usage: .venv/bin/python benchmarks/consumer.py [--runs 3] [--sizes 1,200]
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
import textwrap
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SCRIPTS = ROOT.parent / "shared" / "research" / "peers-scripts"
PEERS = {
    name: (ROOT / ".peers" / name / "bin" / "python", SCRIPTS / script)
    for name, script in (
        ("pact-python", "bench_consumer_pact_python.py"),
        ("pactman", "bench_consumer_pactman.py"),
    )
}

ACCORD_SCRIPT = textwrap.dedent(
    """
    import http.client
    import json
    import sys
    from accord import Pact, match

    n, outdir = int(sys.argv[1]), sys.argv[2]
    pact = Pact("accord-bench", "demo-provider", pact_dir=outdir)
    for i in range(n):
        (
            pact.upon_receiving(f"get item {i}")
            .with_request("GET", f"/items/{i}")
            .will_respond_with(
                200, body={"id": match.like(i), "name": match.like(f"item-{i}"), "tags": match.each_like("a")}
            )
        )
    with pact.serve() as mock:
        # the same client as the pact-python script (http.client, one keep-alive connection)
        conn = http.client.HTTPConnection("127.0.0.1", mock.port)
        for i in range(n):
            conn.request("GET", f"/items/{i}")
            assert json.loads(conn.getresponse().read())["id"] == i
        conn.close()
    """
)

STARTUP_SCRIPT = textwrap.dedent(
    """
    import time
    import urllib.request
    from accord import Pact
    from accord.consumer import MockServer

    interaction = Pact("startup", "demo-provider").upon_receiving("x").with_request("GET", "/x")
    document = interaction.will_respond_with(200).to_json("v4")
    samples = []
    for _ in range(50):
        t0 = time.perf_counter()
        server = MockServer([document], "v4").start()
        samples.append(time.perf_counter() - t0)
        urllib.request.urlopen(f"{server.url}/x").read()
        server.close()
    samples.sort()
    print(f"{samples[len(samples) // 2] * 1000:.2f} {samples[0] * 1000:.2f}")
    """
)


def _time(cmd: list[str]) -> float:
    start = time.perf_counter()
    subprocess.run(cmd, check=True, capture_output=True, timeout=600)
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--sizes", default="1,200")
    args = parser.parse_args()
    sizes = [int(s) for s in args.sizes.split(",")]
    results: dict[tuple[str, int], float] = {}
    with tempfile.TemporaryDirectory() as tmp:
        accord_script = Path(tmp) / "accord_consumer.py"
        accord_script.write_text(ACCORD_SCRIPT)
        tools = {"accord": (Path(sys.executable), accord_script)}
        tools.update({name: peer for name, peer in PEERS.items() if peer[0].exists() and peer[1].exists()})
        for n in sizes:
            for name, (python, script) in tools.items():
                cmd = [str(python), str(script), str(n)]
                times = [_time([*cmd, f"{tmp}/{name}-{n}-{r}"]) for r in range(args.runs)]
                results[name, n] = statistics.median(times)
        startup = Path(tmp) / "startup.py"
        startup.write_text(STARTUP_SCRIPT)
        median_ms, best_ms = subprocess.run(
            [sys.executable, str(startup)], check=True, capture_output=True, text=True
        ).stdout.split()

    print(f"{'tool':<12} " + " ".join(f"{f'n={n}':>10}" for n in sizes))
    for name in sorted({name for name, _ in results}):
        print(f"{name:<12} " + " ".join(f"{results.get((name, n), float('nan')):>9.2f}s" for n in sizes))
    n = max(sizes)
    for peer, target in (("pactman", 0.5), ("pact-python", 0.05)):
        if (peer, n) in results:
            ratio = results["accord", n] / results[peer, n]
            print(f"accord / {peer} at n={n}: {ratio:.3f} (target <= {target})")
    print(f"mock server start-up: median {median_ms} ms, best {best_ms} ms (target < 20 ms)")


if __name__ == "__main__":
    main()
