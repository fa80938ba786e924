"""The broker client commands end to end against the fake HAL broker: output, exit codes, one-line errors."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from accord.cli._main import main
from client.conftest import write_pact
from client.fake_broker import FakeBroker, serve
from client.test_can_i_deploy import NO_VERSION_IN_PROD, answer, row


@pytest.fixture
def broker(monkeypatch: pytest.MonkeyPatch) -> Iterator[FakeBroker]:
    """The fake broker on loopback, named by PACT_BROKER_BASE_URL; no inherited credentials or CI."""
    for name in list(os.environ):
        if name.startswith(("PACT_BROKER_", "ACCORD_BROKER_", "GITHUB_", "GITLAB_", "CI_", "JENKINS")):
            monkeypatch.delenv(name)
    with serve(FakeBroker()) as running:
        monkeypatch.setenv("PACT_BROKER_BASE_URL", running.url)
        monkeypatch.setenv("PACT_BROKER_HTTP_RETRIES", "0")
        yield running


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    """Run `accord ARGV` in-process; return (exit code, stdout, stderr)."""
    with pytest.raises(SystemExit) as info:
        main(list(argv))
    out, err = capsys.readouterr()
    code = info.value.code
    return (code if isinstance(code, int) else 0), out, err


def test_publish_prints_what_was_published(
    broker: FakeBroker, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    """accord publish sends the pacts and reports consumer, version and branch (exit 0)."""
    write_pact(tmp_path, "web", "catalog")
    code, out, _ = run(capsys, "publish", str(tmp_path), "-a", "1.0.0", "--branch", "main", "-t", "dev")
    assert code == 0
    assert "Published 1 pact(s) for web version 1.0.0 on branch main." in out
    assert broker.requests("POST")[0].body["tags"] == ["dev"]


def test_publish_auto_detects_version_properties(
    broker: FakeBroker, capsys: pytest.CaptureFixture[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """--auto-detect-version-properties takes the version, branch and build URL from the CI environment."""
    for name, value in {
        "GITHUB_ACTIONS": "true",
        "GITHUB_SHA": "c0ffee",
        "GITHUB_REF_NAME": "main",
        "GITHUB_REPOSITORY": "o/r",
        "GITHUB_RUN_ID": "7",
    }.items():
        monkeypatch.setenv(name, value)
    write_pact(tmp_path, "web", "catalog")
    code, out, _ = run(capsys, "publish", str(tmp_path), "-r", "-o", "json")
    assert code == 0
    assert json.loads(out)["version"] == "c0ffee"
    body = broker.requests("POST")[0].body
    assert (body["pacticipantVersionNumber"], body["branch"], body["buildUrl"]) == (
        "c0ffee",
        "main",
        "https://github.com/o/r/actions/runs/7",
    )


@pytest.mark.parametrize(
    ("matrix", "extra", "exit_code", "fragments"),
    [
        (
            answer(
                True,
                "All required verification results are published and successful",
                [row("web", "1", "catalog", "2", True)],
            ),
            [],
            0,
            ["web      | 1         | catalog  | 2         | verified", "be deployed to production? Yes"],
        ),
        (
            answer(
                False,
                "The verification for the pact between version 1 of web and version 2 of catalog failed",
                [row("web", "1", "catalog", "2", False)],
            ),
            [],
            1,
            ["| failed", "? No", "What to do:", "web 1 and catalog 2: the verification failed"],
        ),
        (
            answer(
                None,
                "There is no verified pact between version 1 of web and version 2 of catalog",
                [row("web", "1", "catalog", None, None)],
            ),
            [],
            1,
            ["| not verified", "? No (unknown)", "catalog has not verified this pact yet"],
        ),
        (
            answer(None, NO_VERSION_IN_PROD, []),
            [],
            1,
            ["catalog has no version in environment production", "--ignore catalog"],
        ),
        (
            answer(
                False,
                "The verification for the pact between version 1 of web and version 2 of catalog failed",
                [row("web", "1", "catalog", "2", False)],
            ),
            ["--dry-run"],
            0,
            ["? No"],
        ),
    ],
)
def test_can_i_deploy_table_and_exit_codes(
    broker: FakeBroker,
    capsys: pytest.CaptureFixture[str],
    *,
    matrix: dict[str, Any],
    extra: list[str],
    exit_code: int,
    fragments: list[str],
) -> None:
    """The table names each pair, its versions and result; exit 0 deployable, 1 not (0 with --dry-run)."""
    broker.matrix_answer = matrix
    code, out, _ = run(
        capsys, "can-i-deploy", "-a", "web", "-e", "1", "--to-environment", "production", *extra
    )
    assert code == exit_code
    for fragment in fragments:
        assert fragment in out


def test_can_i_deploy_json_output(broker: FakeBroker, capsys: pytest.CaptureFixture[str]) -> None:
    """-o json prints the broker's answer with Accord's explanations added."""
    broker.matrix_answer = answer(None, NO_VERSION_IN_PROD, [])
    code, out, _ = run(
        capsys, "can-i-deploy", "-a", "web", "-e", "1.0.0", "--to-environment", "production", "-o", "json"
    )
    document = json.loads(out)
    assert code == 1
    assert document["summary"]["deployable"] is None
    assert "--ignore catalog" in document["explanations"][0]


def test_can_i_deploy_latest_of_a_branch_with_ignore(
    broker: FakeBroker, capsys: pytest.CaptureFixture[str]
) -> None:
    """--latest --branch B and --ignore become the matrix selectors."""
    broker.matrix_answer = answer(True, "There are no missing dependencies", [])
    code, _, _ = run(
        capsys,
        "can-i-deploy",
        "-a",
        "web",
        "--latest",
        "--branch",
        "main",
        "--to",
        "prod",
        "--ignore",
        "auth",
    )
    assert code == 0
    assert broker.requests("GET")[-1].query == (
        "q[][pacticipant]=web&q[][latest]=true&q[][branch]=main&latestby=cvp&latest=true&tag=prod"
        "&ignore[][pacticipant]=auth"
    )


def test_record_deployment_and_undeployment(broker: FakeBroker, capsys: pytest.CaptureFixture[str]) -> None:
    """record-deployment, record-release and record-undeployment report what they recorded."""
    broker.add_version("web", "1.0.0")
    broker.add_environment("production")
    assert run(capsys, "record-deployment", "-a", "web", "-e", "1.0.0", "--environment", "production")[
        :2
    ] == (
        0,
        "Recorded deployment of web version 1.0.0 to production\n",
    )
    assert run(capsys, "record-release", "-a", "web", "-e", "1.0.0", "--environment", "production")[0] == 0
    assert run(capsys, "record-undeployment", "-a", "web", "--environment", "production")[:2] == (
        0,
        "Recorded undeployment of web version 1.0.0 from production\n",
    )


def test_environment_and_pacticipant_commands(broker: FakeBroker, capsys: pytest.CaptureFixture[str]) -> None:
    """environment create/list/describe and pacticipant create/describe, describe-version."""
    assert run(capsys, "environment", "create", "--name", "test")[0] == 0
    code, out, _ = run(capsys, "environment", "list")
    assert code == 0 and "test" in out and "PRODUCTION" in out
    code, out, _ = run(capsys, "environment", "describe", "--name", "test", "-o", "json")
    assert json.loads(out)["name"] == "test"
    assert (
        run(capsys, "pacticipant", "create", "--name", "web", "--main-branch", "main")[1]
        == "Created pacticipant web\n"
    )
    code, out, _ = run(capsys, "pacticipant", "describe", "--name", "web")
    assert "mainBranch: main" in out
    broker.add_version("web", "1.0.0", "main")
    code, out, _ = run(capsys, "describe-version", "-a", "web", "-e", "1.0.0")
    assert code == 0 and "1.0.0   | main" in out


def _closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@pytest.mark.parametrize(
    ("setup", "argv", "exit_code", "error"),
    [
        (
            "token",
            ["can-i-deploy", "-a", "web", "-e", "1", "--to-environment", "p"],
            2,
            "answered 401 Unauthorized",
        ),
        ("html", ["environment", "list"], 2, "text/html, not JSON: it does not look like a Pact Broker"),
        ("", ["pacticipant", "describe", "--name", "ghost"], 1, "has no pacticipant named 'ghost'"),
        (
            "",
            ["record-deployment", "-a", "ghost", "-e", "9", "--environment", "p"],
            1,
            "has no version '9' of 'ghost'",
        ),
        (
            "",
            ["can-i-deploy", "-a", "web", "--to-environment", "p"],
            2,
            "exactly one of --version and --latest",
        ),
        ("nourl", ["environment", "list"], 2, "no broker URL was given"),
    ],
)
def test_bad_input_gives_one_line_errors(
    broker: FakeBroker,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    *,
    setup: str,
    argv: list[str],
    exit_code: int,
    error: str,
) -> None:
    """Wrong token, a non-HAL server, unknown names and usage mistakes: `Error:` + `Hint:`, no traceback."""
    if setup == "token":
        broker.token = "right"
        monkeypatch.setenv("PACT_BROKER_TOKEN", "wrong")
    elif setup == "html":
        broker.html = True
    elif setup == "nourl":
        monkeypatch.delenv("PACT_BROKER_BASE_URL")
    code, _, err = run(capsys, *argv)
    lines = err.splitlines()
    assert code == exit_code
    assert lines[0].startswith("Error: ") and error in lines[0]
    assert lines[1].startswith("Hint: ")
    assert "Traceback" not in err


def test_wrong_token_hint_names_the_variable(broker: FakeBroker, capsys: pytest.CaptureFixture[str]) -> None:
    """A 401 without credentials says which variables to set."""
    broker.token = "right"
    code, _, err = run(capsys, "environment", "list")
    assert code == 2
    assert "Hint: the broker needs credentials: set PACT_BROKER_TOKEN, or PACT_BROKER_USERNAME and" in err


def test_broker_down_retries_then_exits_2_with_the_url() -> None:
    """A dead broker: bounded retries, then exit 2 naming the URL, one line, no traceback (real process)."""
    url = f"http://127.0.0.1:{_closed_port()}"
    env = {
        **os.environ,
        "PACT_BROKER_BASE_URL": url,
        "PACT_BROKER_HTTP_RETRIES": "1",
        "PACT_BROKER_TOKEN": "",
    }
    done = subprocess.run(
        [sys.executable, "-m", "accord", "can-i-deploy", "-a", "web", "-e", "1", "--to-environment", "p"],
        capture_output=True,
        text=True,
        env=env,
        timeout=60,
        check=False,
    )
    assert done.returncode == 2
    first = done.stderr.splitlines()[0]
    assert first.startswith(f"Error: the broker at {url} cannot be reached (ConnectError")
    assert "after 2 attempts" in first
    assert "Traceback" not in done.stderr


def test_publish_bad_files_and_conflicts_are_one_line_errors(
    broker: FakeBroker, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    """A broken pact file or a missing version is named in one line with a hint (exit 2), nothing sent."""
    bad = tmp_path / "bad.json"
    bad.write_text("{")
    code, _, err = run(capsys, "publish", str(bad), "-a", "1")
    assert code == 2 and err.startswith(f"Error: the pact file {bad} is not valid JSON")
    write_pact(tmp_path, "web", "catalog")
    code, _, err = run(capsys, "publish", str(tmp_path / "web-catalog.json"))
    assert code == 2 and err.splitlines() == [
        "Error: no consumer version to publish the pacts as",
        "Hint: pass --consumer-app-version (e.g. the commit SHA) or --auto-detect-version-properties",
    ]
    assert broker.requests("POST") == []


def test_retry_while_unknown_from_the_command_line(
    broker: FakeBroker, capsys: pytest.CaptureFixture[str]
) -> None:
    """--retry-while-unknown asks again until the verdict is known (interval 0 here)."""
    answers = iter(
        [
            answer(None, "There is no verified pact", [row("web", "1", "catalog", None, None)]),
            answer(True, "All required verification results are published and successful", []),
        ]
    )
    broker.matrix_answer = lambda pairs: next(answers)
    argv = ["can-i-deploy", "-a", "web", "-e", "1", "--retry-while-unknown", "3", "--retry-interval", "0"]
    code, out, _ = run(capsys, *argv)
    assert code == 0 and "? Yes" in out
    assert len([r for r in broker.requests("GET") if r.path == "/matrix"]) == 2
