"""Broker settings from flags and PACT_BROKER_* variables; version properties from CI and git."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from accord.client import BrokerSettings, VersionProperties, broker_settings, detect_version_properties
from accord.errors import ConfigurationError


@pytest.mark.parametrize(
    ("flags", "env", "expected"),
    [
        ({"url": "http://a"}, {}, BrokerSettings("http://a")),
        (
            {},
            {"PACT_BROKER_BASE_URL": "http://p", "ACCORD_BROKER_URL": "http://x"},
            BrokerSettings("http://p"),
        ),
        ({}, {"ACCORD_BROKER_URL": "http://x", "ACCORD_BROKER_TOKEN": "t"}, BrokerSettings("http://x", "t")),
        ({"url": "http://a", "token": "f"}, {"PACT_BROKER_TOKEN": "e"}, BrokerSettings("http://a", "f")),
        (
            {"url": "http://a"},
            {"PACT_BROKER_USERNAME": "u", "PACT_BROKER_PASSWORD": "p", "PACT_BROKER_HTTP_RETRIES": "0"},
            BrokerSettings("http://a", None, "u", "p", 0),
        ),
        (
            {"url": "http://a", "retries": 5},
            {"PACT_BROKER_HTTP_RETRIES": "1"},
            BrokerSettings("http://a", retries=5),
        ),
    ],
)
def test_broker_settings_precedence(
    flags: dict[str, object], env: dict[str, str], expected: BrokerSettings
) -> None:
    """Flags win over PACT_BROKER_* variables, which win over ACCORD_BROKER_* ones."""
    assert broker_settings(**flags, env=env) == expected  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("env", "message"),
    [
        ({}, "no broker URL was given"),
        (
            {"PACT_BROKER_BASE_URL": "http://a", "PACT_BROKER_PASSWORD": "p"},
            "password was given without a username",
        ),
        ({"PACT_BROKER_BASE_URL": "http://a", "PACT_BROKER_HTTP_RETRIES": "many"}, "is not a whole number"),
    ],
)
def test_broker_settings_errors(env: dict[str, str], message: str) -> None:
    """Missing or contradictory settings raise ConfigurationError with a hint naming the variable."""
    with pytest.raises(ConfigurationError, match=message) as info:
        broker_settings(env=env)
    assert info.value.hint and "PACT_BROKER" in info.value.hint


@pytest.mark.parametrize(
    ("env", "expected"),
    [
        (
            {
                "GITHUB_ACTIONS": "true",
                "GITHUB_SHA": "abc",
                "GITHUB_REF_NAME": "main",
                "GITHUB_SERVER_URL": "https://github.com",
                "GITHUB_REPOSITORY": "o/r",
                "GITHUB_RUN_ID": "42",
            },
            VersionProperties("abc", "main", "https://github.com/o/r/actions/runs/42", "github-actions"),
        ),
        (
            {
                "GITHUB_ACTIONS": "true",
                "GITHUB_SHA": "abc",
                "GITHUB_HEAD_REF": "feat",
                "GITHUB_REF_NAME": "7/merge",
            },
            VersionProperties("abc", "feat", None, "github-actions"),
        ),
        (
            {
                "GITLAB_CI": "true",
                "CI_COMMIT_SHA": "def",
                "CI_COMMIT_REF_NAME": "dev",
                "CI_JOB_URL": "https://gl/j/1",
            },
            VersionProperties("def", "dev", "https://gl/j/1", "gitlab"),
        ),
        (
            {
                "GITLAB_CI": "true",
                "CI_COMMIT_SHA": "def",
                "CI_COMMIT_REF_NAME": "refs/merge-requests/3/head",
                "CI_MERGE_REQUEST_SOURCE_BRANCH_NAME": "feat",
            },
            VersionProperties("def", "feat", None, "gitlab"),
        ),
        (
            {
                "JENKINS_URL": "http://j",
                "GIT_COMMIT": "123",
                "GIT_BRANCH": "origin/main",
                "BUILD_URL": "http://j/1",
            },
            VersionProperties("123", "main", "http://j/1", "jenkins"),
        ),
        (
            {
                "BUILDKITE": "true",
                "BUILDKITE_COMMIT": "bk",
                "BUILDKITE_BRANCH": "b",
                "BUILDKITE_BUILD_URL": "http://bk",
            },
            VersionProperties("bk", "b", "http://bk", "buildkite"),
        ),
        (
            {"CIRCLECI": "true", "CIRCLE_SHA1": "cc", "CIRCLE_BRANCH": "c", "CIRCLE_BUILD_URL": "http://cc"},
            VersionProperties("cc", "c", "http://cc", "circleci"),
        ),
    ],
)
def test_version_properties_from_ci(env: dict[str, str], expected: VersionProperties) -> None:
    """Each CI's variables give the commit, the branch being built (a PR's head) and the build URL."""
    assert detect_version_properties(env) == expected


def _git(cwd: Path, *args: str) -> str:
    done = subprocess.run(["git", *args], cwd=cwd, capture_output=True, text=True, check=True)
    return done.stdout.strip()


def test_version_properties_from_git(tmp_path: Path) -> None:
    """Outside CI the commit SHA and the current branch come from git; a detached HEAD has no branch."""
    _git(tmp_path, "init", "-q", "-b", "trunk")
    (tmp_path / "f").write_text("x")
    _git(tmp_path, "add", "f")
    _git(tmp_path, "-c", "user.name=t", "-c", "user.email=t@t", "commit", "-q", "-m", "c")
    sha = _git(tmp_path, "rev-parse", "HEAD")
    assert detect_version_properties({}, cwd=tmp_path) == VersionProperties(sha, "trunk", None, "git")
    _git(tmp_path, "checkout", "-q", "--detach")
    assert detect_version_properties({}, cwd=tmp_path) == VersionProperties(sha, None, None, "git")


def test_version_properties_outside_git_and_ci(tmp_path: Path) -> None:
    """Neither CI nor git: nothing is detected."""
    assert detect_version_properties({}, cwd=tmp_path) == VersionProperties(None, None, None, "none")
