"""Every client command against Accord's own broker (create_app on SQLite, on 127.0.0.1), through the CLI."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from accord.cli._main import main
from accord.client import HalClient

from .test_can_i_deploy_parity import accord_broker, build


@pytest.fixture(scope="module")
def broker_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """One Accord broker with web 1 (pact with catalog, verified by catalog 2) and a prod environment."""
    tmp = tmp_path_factory.mktemp("broker")
    with accord_broker(tmp) as url:
        with HalClient(url, retries=0) as hal:
            build(
                hal,
                [("pact", "web", "1", ["catalog"], "main"), ("verify", "catalog", "2", "web", "1", True)],
                tmp,
            )
        yield url


def run(capsys: pytest.CaptureFixture[str], url: str, *argv: str) -> tuple[int, str, str]:
    """Run `accord ARGV -b URL` in-process; return (exit code, stdout, stderr)."""
    with pytest.raises(SystemExit) as info:
        main([*argv, "-b", url])
    out, err = capsys.readouterr()
    return int(info.value.code or 0), out, err


# Ordered: later rows rely on what earlier rows created (the module-scoped broker keeps state).
STEPS: list[tuple[list[str], int, str]] = [
    (
        ["environment", "create", "--name", "staging", "--display-name", "Staging"],
        0,
        "Created environment staging",
    ),
    (["environment", "list"], 0, "staging | Staging"),
    (["environment", "describe", "--name", "prod"], 0, "name: prod"),
    (["environment", "describe", "--name", "qa"], 2, "no environment named 'qa' (known: prod, staging)"),
    (["pacticipant", "create", "--name", "web", "--main-branch", "main"], 0, "Updated pacticipant web"),
    (["pacticipant", "create", "--name", "billing"], 0, "Created pacticipant billing"),
    (["pacticipant", "describe", "--name", "web"], 0, "mainBranch: main"),
    (["pacticipant", "describe", "--name", "ghost"], 1, "no pacticipant named 'ghost'"),
    (["describe-version", "-a", "web", "-e", "1"], 0, "1       | main"),
    (["describe-version", "-a", "web", "-e", "7"], 1, "no version '7' of 'web'"),
    (
        ["can-i-deploy", "-a", "web", "-e", "1", "--to-environment", "prod"],
        1,
        "catalog has no version in environment prod",
    ),
    (
        ["record-deployment", "-a", "catalog", "-e", "2", "--environment", "prod"],
        0,
        "Recorded deployment of catalog",
    ),
    (["can-i-deploy", "-a", "web", "-e", "1", "--to-environment", "prod"], 0, "be deployed to prod? Yes"),
    (
        ["record-deployment", "-a", "web", "-e", "1", "--environment", "nope"],
        2,
        "no environment named 'nope'",
    ),
    (
        ["record-release", "-a", "web", "-e", "1", "--environment", "staging"],
        0,
        "Recorded release of web version 1",
    ),
    (
        ["record-undeployment", "-a", "catalog", "--environment", "prod"],
        0,
        "Recorded undeployment of catalog version 2",
    ),
    (
        ["record-undeployment", "-a", "catalog", "--environment", "prod"],
        1,
        "catalog is not currently deployed to prod",
    ),
]


def test_commands_in_order(broker_url: str, capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    """Each command's exit code and key output, in a realistic order, on one broker."""
    for argv, code, text in STEPS:
        got, out, err = run(capsys, broker_url, *argv)
        assert (got, text in out + err) == (code, True), (argv, out, err)
        assert "Traceback" not in err
