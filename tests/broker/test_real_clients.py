"""The Rust ``pact broker`` CLI (pact-python-cli 0.10.9) against a real Accord broker on 127.0.0.1.

Each command's exit code, its output, and the broker's state afterwards are checked, on SQLite and on
PostgreSQL.
"""

from __future__ import annotations

import json
import os
import subprocess
from pathlib import Path

import httpx
import pytest

from accord.broker import BrokerSettings, Storage, create_app, create_token

from .conftest import ServerThread, pact

PACT = Path(__file__).resolve().parents[2] / ".venv" / "bin" / "pact"


def run_pact(server: ServerThread, *args: str, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    """Run ``pact broker ...`` against the server, never retrying, never phoning home."""
    env = {
        **os.environ,
        "PACT_DO_NOT_TRACK": "true",
        "PACT_BROKER_HTTP_RETRIES": "0",
        "PACT_BROKER_BASE_URL": server.url,
    }
    for key in ("PACT_BROKER_TOKEN", "PACT_BROKER_USERNAME", "PACT_BROKER_PASSWORD"):
        env.pop(key, None)
    return subprocess.run(
        [str(PACT), "broker", *args],
        capture_output=True,
        text=True,
        env=env,
        cwd=cwd,
        timeout=60,
        check=False,
    )


def _ok(result: subprocess.CompletedProcess[str]) -> str:
    assert result.returncode == 0, (result.stdout, result.stderr)
    assert "Warning" not in result.stdout, result.stdout
    return result.stdout


@pytest.fixture
def pact_dir(tmp_path: Path) -> Path:
    """A directory with one pact file, web -> api."""
    (tmp_path / "pacts").mkdir()
    (tmp_path / "pacts" / "web-api.json").write_text(json.dumps(pact("web", "api", "a")))
    return tmp_path / "pacts"


def test_cli_publish_environment_deploy_release_cycle(live_server: ServerThread, pact_dir: Path) -> None:
    """create-or-update-pacticipant, create-environment, publish, describe-version, can-i-deploy (no, then
    yes), record-deployment and record-release all succeed, and the broker holds what they recorded."""
    _ok(
        run_pact(
            live_server,
            "create-or-update-pacticipant",
            "--name",
            "web",
            "--main-branch",
            "main",
            "--repository-url",
            "https://git.example/web",
        )
    )
    _ok(run_pact(live_server, "create-environment", "--name", "prod", "--production"))
    published = _ok(
        run_pact(
            live_server,
            "publish",
            str(pact_dir),
            "--consumer-app-version",
            "1.0.0",
            "--branch",
            "main",
            "--tag",
            "dev",
        )
    )
    assert "Pact published" in published
    described = _ok(run_pact(live_server, "describe-version", "--pacticipant", "web", "--version", "1.0.0"))
    assert "dev" in described
    refused = run_pact(
        live_server, "can-i-deploy", "--pacticipant", "web", "--version", "1.0.0", "--to-environment", "prod"
    )
    assert refused.returncode == 1, refused.stdout

    with httpx.Client(base_url=live_server.url) as client:
        pact_resource = client.get("/pacts/provider/api/consumer/web/version/1.0.0").json()
        href = pact_resource["_links"]["pb:publish-verification-results"]["href"]
        assert (
            client.post(href, json={"success": True, "providerApplicationVersion": "2.0.0"}).status_code
            == 201
        )
    _ok(
        run_pact(
            live_server,
            "record-deployment",
            "--pacticipant",
            "api",
            "--version",
            "2.0.0",
            "--environment",
            "prod",
        )
    )
    allowed = run_pact(
        live_server, "can-i-deploy", "--pacticipant", "web", "--version", "1.0.0", "--to-environment", "prod"
    )
    assert allowed.returncode == 0, allowed.stdout
    _ok(
        run_pact(
            live_server,
            "record-release",
            "--pacticipant",
            "web",
            "--version",
            "1.0.0",
            "--environment",
            "prod",
        )
    )

    with httpx.Client(base_url=live_server.url) as client:
        web = client.get("/pacticipants/web").json()
        assert (web["mainBranch"], web["repositoryUrl"]) == ("main", "https://git.example/web")
        env = client.get("/environments", params={"name": "prod"}).json()["_embedded"]["environments"][0]
        assert env["production"] is True
        deployed = client.get(f"/environments/{env['uuid']}/deployed-versions/currently-deployed").json()
        assert [d["_embedded"]["version"]["number"] for d in deployed["_embedded"]["deployedVersions"]] == [
            "2.0.0"
        ]
        released = client.get(f"/environments/{env['uuid']}/released-versions/currently-supported").json()
        assert [r["_embedded"]["pacticipant"]["name"] for r in released["_embedded"]["releasedVersions"]] == [
            "web"
        ]
        version = client.get("/pacticipants/web/versions/1.0.0").json()
        assert [b["name"] for b in version["branchVersions"]] == ["main"]


def test_cli_undeploy_and_support_ended(live_server: ServerThread) -> None:
    """record-undeployment and record-support-ended find the records and end them."""
    _ok(run_pact(live_server, "create-environment", "--name", "test"))
    with httpx.Client(base_url=live_server.url) as client:
        client.put("/pacticipants/api/versions/1", json={})
    _ok(
        run_pact(
            live_server,
            "record-deployment",
            "--pacticipant",
            "api",
            "--version",
            "1",
            "--environment",
            "test",
        )
    )
    _ok(
        run_pact(
            live_server, "record-release", "--pacticipant", "api", "--version", "1", "--environment", "test"
        )
    )
    _ok(run_pact(live_server, "record-undeployment", "--pacticipant", "api", "--environment", "test"))
    _ok(
        run_pact(
            live_server,
            "record-support-ended",
            "--pacticipant",
            "api",
            "--version",
            "1",
            "--environment",
            "test",
        )
    )
    with httpx.Client(base_url=live_server.url) as client:
        env = client.get("/environments").json()["_embedded"]["environments"][0]["uuid"]
        assert (
            client.get(f"/environments/{env}/deployed-versions/currently-deployed").json()["_embedded"][
                "deployedVersions"
            ]
            == []
        )
        assert (
            client.get(f"/environments/{env}/released-versions/currently-supported").json()["_embedded"][
                "releasedVersions"
            ]
            == []
        )


@pytest.mark.parametrize("scheme", ["token", "basic"])
def test_cli_through_auth(tmp_path: Path, pact_dir: Path, scheme: str) -> None:
    """With auth on, the CLI publishes with PACT_BROKER_TOKEN or PACT_BROKER_USERNAME/PASSWORD, and is
    refused (exit code not 0) without credentials."""
    storage = Storage(f"sqlite:///{tmp_path / 'auth.sqlite3'}")
    storage.migrate()
    _, secret = create_token(storage, "ci", "write")
    settings = BrokerSettings(
        database_url=storage.url, token_auth=True, basic_auth_username="ci", basic_auth_password="s3cret"
    )
    app = create_app(settings, storage=storage)
    credentials = {
        "token": ["--broker-token", secret],
        "basic": ["--broker-username", "ci", "--broker-password", "s3cret"],
    }[scheme]
    with ServerThread(app) as server:
        refused = run_pact(
            server, "publish", str(pact_dir), "--consumer-app-version", "1", "--branch", "main"
        )
        assert refused.returncode != 0, refused.stdout
        assert "authentication is required" in refused.stdout + refused.stderr
        _ok(
            run_pact(
                server,
                "publish",
                str(pact_dir),
                "--consumer-app-version",
                "1",
                "--branch",
                "main",
                *credentials,
            )
        )
        with httpx.Client(base_url=server.url, headers={"Authorization": f"Bearer {secret}"}) as client:
            assert client.get("/pacts/provider/api/consumer/web/version/1").status_code == 200
    storage.dispose()
