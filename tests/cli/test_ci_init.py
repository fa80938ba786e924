"""`accord ci init`: the pipelines it writes parse, hold the expected jobs, and run valid accord commands."""

from __future__ import annotations

import re
import shlex
from pathlib import Path
from typing import Any

import click
import pytest
import yaml
from click.testing import CliRunner

from accord.cli._main import cli, main

ROLES = ("consumer", "provider", "both")
TEST_JOBS = {
    "consumer": ["contract-tests"],
    "provider": ["verify-pacts"],
    "both": ["contract-tests", "verify-pacts"],
}
PATHS = {"github": ".github/workflows/contracts.yml", "gitlab": ".gitlab-ci.yml", "jenkins": "Jenkinsfile"}


def init(tmp_path: Path, capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    """Run `accord ci init --directory TMP ARGV`; return (exit code, stdout, stderr)."""
    with pytest.raises(SystemExit) as info:
        main(["ci", "init", "--directory", str(tmp_path), *argv])
    out, err = capsys.readouterr()
    return int(info.value.code or 0), out, err


def check_accord_command(line: str) -> list[str]:
    """Parse an `accord ...` shell line with Accord's own CLI (unknown flags or missing ones fail)."""
    words = shlex.split(re.sub(r"\$\{\{[^}]*\}\}", "X", line))
    assert words[0] == "accord"
    group_ctx = cli.make_context("accord", ["--help"], resilient_parsing=True)
    command = cli.get_command(group_ctx, words[1])
    assert command is not None, words[1]
    command.make_context(words[1], words[2:], parent=group_ctx)
    return words


def yaml_steps(platform: str, document: dict[str, Any]) -> dict[str, list[str]]:
    """Job name -> its shell lines, for the two YAML platforms."""
    if platform == "github":
        return {
            name: [step["run"] for step in job["steps"] if "run" in step]
            for name, job in document["jobs"].items()
        }
    return {
        name: job["script"] for name, job in document.items() if isinstance(job, dict) and "script" in job
    }


def jenkins_steps(text: str) -> dict[str, list[str]]:
    """Stage title -> its `sh` lines, after checking that braces balance outside strings."""
    depth = 0
    for char in re.sub(r"'(?:[^'\\]|\\.)*'|\"(?:[^\"\\]|\\.)*\"|//[^\n]*", "", text):
        depth += {"{": 1, "}": -1}.get(char, 0)
        assert depth >= 0
    assert depth == 0
    stages: dict[str, list[str]] = {}
    current = ""
    for line in text.splitlines():
        stage = re.match(r"\s*stage\('(.*)'\) \{$", line)
        if stage:
            current = stage.group(1)
            stages[current] = []
        shell = re.match(r"\s*sh '((?:[^'\\]|\\.)*)'$", line)
        if shell:
            stages[current].append(shell.group(1).replace("\\'", "'").replace("\\\\", "\\"))
    return stages


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("platform", ["github", "gitlab"])
def test_yaml_pipelines(tmp_path: Path, capsys: pytest.CaptureFixture[str], role: str, platform: str) -> None:
    """GitHub/GitLab pipelines parse as YAML with test, can-i-deploy and deploy jobs in that order."""
    code, out, _ = init(tmp_path, capsys, "--role", role, "--platform", platform, "--pacticipant", "web")
    path = tmp_path / PATHS[platform]
    assert code == 0 and f"Wrote {path}" in out
    document = yaml.safe_load(path.read_text())
    steps = yaml_steps(platform, document)
    assert list(steps) == [*TEST_JOBS[role], "can-i-deploy", "deploy"]
    if platform == "github":
        assert document["jobs"]["can-i-deploy"]["needs"] == TEST_JOBS[role]
        assert document["jobs"]["deploy"]["needs"] == ["can-i-deploy"]
        assert document["jobs"]["deploy"]["if"] == "github.ref == 'refs/heads/main'"
        assert document["env"]["PACT_BROKER_TOKEN"] == "${{ secrets.PACT_BROKER_TOKEN }}"
    else:
        stages = document["stages"]
        order = [stages.index(document[name]["stage"]) for name in steps]
        assert order == sorted(order) and order[-1] > order[0]
        assert document["deploy"]["rules"] == [{"if": '$CI_COMMIT_BRANCH == "main"'}]
    check_flow(role, steps)


@pytest.mark.parametrize("role", ROLES)
def test_jenkinsfile(tmp_path: Path, capsys: pytest.CaptureFixture[str], role: str) -> None:
    """The Jenkinsfile is a declarative pipeline with balanced braces and the stages in order."""
    code, _, _ = init(tmp_path, capsys, "--role", role, "--platform", "jenkins", "--pacticipant", "web")
    text = (tmp_path / "Jenkinsfile").read_text()
    assert code == 0
    assert re.search(r"^pipeline \{$", text, re.M) and "agent any" in text
    assert "PACT_BROKER_TOKEN = credentials('pact-broker-token')" in text
    stages = jenkins_steps(text)
    names = {
        "Contract tests and publish": "contract-tests",
        "Verify pacts": "verify-pacts",
        "Can I deploy?": "can-i-deploy",
        "Deploy": "deploy",
    }
    assert [names[title] for title in stages] == [*TEST_JOBS[role], "can-i-deploy", "deploy"]
    assert text.count("when { branch 'main' }") == 2
    check_flow(role, {names[title]: lines for title, lines in stages.items()})


def check_flow(role: str, steps: dict[str, list[str]]) -> None:
    """Each stage runs the right accord commands, with flags Accord's CLI accepts."""
    commands = {
        name: [check_accord_command(line) for line in lines if line.startswith("accord ")]
        for name, lines in steps.items()
    }
    if role in ("consumer", "both"):
        assert steps["contract-tests"][1] == "pytest tests/contract"
        assert commands["contract-tests"] == [
            ["accord", "publish", "pacts", "--auto-detect-version-properties"]
        ]
    if role in ("provider", "both"):
        (verify,) = commands["verify-pacts"]
        for flag in ("--enable-pending", "--include-wip-pacts-since", "--publish", "--provider-version"):
            assert flag in verify
        assert '{"mainBranch": true}' in verify and '{"deployedOrReleased": true}' in verify
    (gate,) = commands["can-i-deploy"]
    assert gate[:4] == ["accord", "can-i-deploy", "--pacticipant", "web"]
    assert "--to-environment" in gate and "--retry-while-unknown" in gate
    assert steps["deploy"][0] == "./deploy.sh"
    assert commands["deploy"][-1][:2] == ["accord", "record-deployment"]


def test_prompts_when_flags_are_missing(tmp_path: Path) -> None:
    """Without flags it asks for the role, the CI and the name."""
    result = CliRunner().invoke(
        cli, ["ci", "init", "--directory", str(tmp_path)], input="provider\ngitlab\ncatalog\n"
    )
    assert result.exit_code == 0, result.output
    assert "consumer, a provider or both?" in result.output and "Which CI runs it?" in result.output
    document = yaml.safe_load((tmp_path / ".gitlab-ci.yml").read_text())
    assert "verify-pacts" in document and "--provider catalog" in document["verify-pacts"]["script"][1]


def test_an_existing_pipeline_is_not_overwritten_without_force(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """An existing file is an error naming it (exit 2); --force overwrites it."""
    (tmp_path / "Jenkinsfile").write_text("keep me")
    argv = ("--role", "consumer", "--platform", "jenkins", "--pacticipant", "web")
    code, _, err = init(tmp_path, capsys, *argv)
    assert code == 2 and "Jenkinsfile already exists" in err and "Hint: pass --force" in err
    assert (tmp_path / "Jenkinsfile").read_text() == "keep me"
    assert init(tmp_path, capsys, *argv, "--force")[0] == 0
    assert "pipeline {" in (tmp_path / "Jenkinsfile").read_text()


@pytest.mark.parametrize(
    ("option", "value", "expected"),
    [
        ("--environment", "staging", "--to-environment staging"),
        ("--pact-dir", "build/pacts", "accord publish build/pacts"),
        ("--test-command", "make contract-test", "make contract-test"),
        ("--main-branch", "trunk", "refs/heads/trunk"),
        ("--pacticipant", "my app", "--pacticipant 'my app'"),
        ("--provider-states", "app.states", "--app app.main:app --states app.states --broker-url"),
    ],
)
def test_options_reach_the_pipeline(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, option: str, value: str, expected: str
) -> None:
    """--print shows the pipeline with the options applied (names shell-quoted)."""
    argv = ["--role", "both", "--platform", "github", "--pacticipant", "web", "--print", option, value]
    code, out, _ = init(tmp_path, capsys, *argv)
    assert code == 0 and expected in out
    yaml.safe_load(out)
    assert not (tmp_path / ".github").exists()


def test_the_command_is_registered() -> None:
    """`accord ci init` is reachable through the lazy root group."""
    ctx = cli.make_context("accord", ["--help"], resilient_parsing=True)
    group = cli.get_command(ctx, "ci")
    assert isinstance(group, click.Group) and "init" in group.commands
