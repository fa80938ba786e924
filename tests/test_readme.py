"""The README's quickstart runs exactly as written."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

README = Path(__file__).resolve().parents[1] / "README.md"


def _python_blocks() -> list[str]:
    return re.findall(r"```python\n(.*?)```", README.read_text(encoding="utf-8"), flags=re.DOTALL)


def test_quickstart_consumer_test_is_short() -> None:
    """The consumer quickstart is a complete test in under 25 lines."""
    (block,) = _python_blocks()
    assert len(block.strip().splitlines()) < 25


def test_quickstart_consumer_test_runs_and_writes_the_pact(tmp_path: Path) -> None:
    """Run the README's consumer test with pytest in an empty folder: it passes and writes a v4 pact."""
    (block,) = _python_blocks()
    (tmp_path / "test_users_contract.py").write_text(block, encoding="utf-8")
    result = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "test_users_contract.py"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    pact = json.loads((tmp_path / "pacts" / "web-users.json").read_text(encoding="utf-8"))
    assert pact["consumer"] == {"name": "web"}
    assert pact["metadata"]["pactSpecification"]["version"].startswith("4")
    (interaction,) = pact["interactions"]
    assert interaction["description"] == "a request for user 42"
    assert interaction["providerStates"] == [{"name": "user 42 exists", "params": {"id": 42}}]
