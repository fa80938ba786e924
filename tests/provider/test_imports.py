"""What in-process verification imports: neither httpx nor Rich, and asyncio only for ASGI apps."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

_APPS = """
async def asgi(scope, receive, send):
    if scope["type"] != "http":
        return
    await send({"type": "http.response.start", "status": 200, "headers": [(b"content-type", b"application/json")]})
    await send({"type": "http.response.body", "body": b'{"id": 1}'})


def wsgi(environ, start_response):
    start_response("200 OK", [("Content-Type", "application/json")])
    return [b'{"id": 1}']
"""

_PACT = {
    "consumer": {"name": "c"},
    "provider": {"name": "p"},
    "interactions": [
        {
            "description": "an order",
            "request": {"method": "GET", "path": "/orders/1"},
            "response": {"status": 200, "body": {"id": 1}, "matchingRules": {"$.body.id": {"match": "type"}}},
        }
    ],
    "metadata": {"pactSpecification": {"version": "2.0.0"}},
}


@pytest.mark.parametrize(("app", "loaded"), [("wsgi", []), ("asgi", ["asyncio"])])
def test_in_process_verification_imports_only_what_it_needs(
    tmp_path: Path, app: str, loaded: list[str]
) -> None:
    """``accord verify --app`` with a pact file: no httpx, no Rich (off a terminal), no email or XML parser."""
    (tmp_path / "in_process_apps.py").write_text(_APPS)
    (tmp_path / "pact.json").write_text(json.dumps(_PACT))
    code = (
        "import sys\n"
        "from accord.cli._main import main\n"
        "try:\n"
        f"    main(['verify', '-n', 'p', '-f', 'pact.json', '--app', 'in_process_apps:{app}'])\n"
        "except SystemExit as exit:\n"
        "    assert exit.code == 0, exit.code\n"
        "heavy = ('httpx', 'rich', 'asyncio', 'email.parser', 'xml.etree.ElementTree', 'tempfile')\n"
        "print(sorted(m for m in heavy if m in sys.modules))"
    )
    env = {k: v for k, v in os.environ.items() if k not in ("FORCE_COLOR", "TTY_COMPATIBLE")}
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, cwd=tmp_path, env=env, check=False
    )
    assert done.returncode == 0, done.stderr
    assert "1 interactions, 1 passed" in done.stdout
    assert done.stdout.strip().splitlines()[-1] == str(loaded)
