"""The worked example `examples/shop/run.sh` end to end: publish, verify, deploy, a break caught, fixed."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
VENV = ROOT / ".venv" / "bin"


@pytest.mark.slow
def test_run_sh_walks_the_whole_flow() -> None:
    """run.sh exits 0 only when every step's exit code is as expected; the key outputs are there."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PACT_BROKER_", "SHOP_"))}
    env.update(ACCORD=str(VENV / "accord"), PYTEST=str(VENV / "pytest"), PYTHON=str(VENV / "python"))
    done = subprocess.run(
        [str(ROOT / "examples" / "shop" / "run.sh")],
        capture_output=True,
        text=True,
        env=env,
        timeout=600,
        check=False,
    )
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-3000:]
    out = done.stdout
    for line in (
        "Published 1 pact(s) for web version 1.0.0 on branch main.",
        "Published 1 pact(s) for worker version 1.0.0 on branch main.",
        "Can catalog 1.0.0 be deployed to production? Yes",
        "Recorded deployment of web version 1.0.0 to production",
        "1 pending failed",
        "Can web 1.1.0 be deployed to production? No",
        "web 1.1.0 and catalog 1.0.0: the verification failed",
        "run.sh: the breaking change was caught before deployment",
        "Can web 1.1.0 be deployed to production? Yes",
        "run.sh: the whole flow behaved as expected",
    ):
        assert line in out
