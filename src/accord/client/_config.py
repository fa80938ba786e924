"""Broker settings the Pact way, and version properties detected from git and CI environments.

Broker settings (a flag wins over the environment; Pact's names win over Accord's):

| setting  | flag                  | environment                                    |
|----------|-----------------------|------------------------------------------------|
| URL      | ``--broker-base-url`` | ``PACT_BROKER_BASE_URL``, ``ACCORD_BROKER_URL``   |
| token    | ``--broker-token``    | ``PACT_BROKER_TOKEN``, ``ACCORD_BROKER_TOKEN``    |
| user     | ``--broker-username`` | ``PACT_BROKER_USERNAME``                          |
| password | ``--broker-password`` | ``PACT_BROKER_PASSWORD``                          |
| retries  | ``--retries``         | ``PACT_BROKER_HTTP_RETRIES`` (default 3)          |

Version properties (``--auto-detect-version-properties``, as the Pact Broker client's
``-r``): the version is the commit SHA and the branch the branch being built, read from the CI's
environment (GitHub Actions, GitLab CI, Jenkins, Buildkite, CircleCI) or, outside CI, from git
(``git rev-parse HEAD`` and ``git rev-parse --abbrev-ref HEAD``). A pull request's branch is its head
branch, not the merge ref (GitHub's ``GITHUB_HEAD_REF``, GitLab's merge-request source branch).
"""

from __future__ import annotations

import os
import subprocess
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from accord.errors import ConfigurationError

__all__ = ["BrokerSettings", "VersionProperties", "broker_settings", "detect_version_properties"]

_DEFAULT_RETRIES = 3


@dataclass(frozen=True)
class BrokerSettings:
    """Where the broker is and how to authenticate (see the module docstring for the sources).

    Attributes:
        url: the broker's base URL.
        token: a bearer token, or ``None``.
        username: basic-auth user, or ``None``.
        password: basic-auth password, or ``None``.
        retries: further attempts after a connection failure.
    """

    url: str
    token: str | None = None
    username: str | None = None
    password: str | None = None
    retries: int = _DEFAULT_RETRIES


def broker_settings(
    url: str | None = None,
    *,
    token: str | None = None,
    username: str | None = None,
    password: str | None = None,
    retries: int | None = None,
    env: Mapping[str, str] | None = None,
) -> BrokerSettings:
    """Merge flags with ``PACT_BROKER_*`` / ``ACCORD_BROKER_*`` variables.

    Raises:
        ConfigurationError: no broker URL anywhere, a password without a user, or bad retries.
    """
    env = os.environ if env is None else env
    url = url or env.get("PACT_BROKER_BASE_URL") or env.get("ACCORD_BROKER_URL")
    if not url:
        raise ConfigurationError(
            "no broker URL was given",
            hint="pass --broker-base-url URL or set PACT_BROKER_BASE_URL (or ACCORD_BROKER_URL)",
        )
    token = token or env.get("PACT_BROKER_TOKEN") or env.get("ACCORD_BROKER_TOKEN") or None
    username = username or env.get("PACT_BROKER_USERNAME") or None
    password = password or env.get("PACT_BROKER_PASSWORD") or None
    if password and not username and not token:
        raise ConfigurationError(
            "a broker password was given without a username",
            hint="set PACT_BROKER_USERNAME (or --broker-username) too, or use PACT_BROKER_TOKEN",
        )
    if retries is None:
        raw = env.get("PACT_BROKER_HTTP_RETRIES", "")
        try:
            retries = int(raw) if raw.strip() else _DEFAULT_RETRIES
        except ValueError:
            raise ConfigurationError(
                f"PACT_BROKER_HTTP_RETRIES={raw!r} is not a whole number",
                hint="set it to the number of retries, e.g. PACT_BROKER_HTTP_RETRIES=3",
            ) from None
    if retries < 0:
        raise ConfigurationError(f"retries must be 0 or more, not {retries}", hint="use --retries 0 to 10")
    return BrokerSettings(url, token, username, password, retries)


@dataclass(frozen=True)
class VersionProperties:
    """What a build knows about itself.

    Attributes:
        version: the application version (the commit SHA), or ``None``.
        branch: the branch being built, or ``None`` (detached HEAD, tag builds).
        build_url: a link to the CI build, or ``None``.
        source: where they came from: ``github-actions``, ``gitlab``, ``jenkins``, ``buildkite``,
            ``circleci``, ``git`` or ``none``.
    """

    version: str | None
    branch: str | None
    build_url: str | None
    source: str


def _github(env: Mapping[str, str]) -> VersionProperties:
    build_url = None
    if env.get("GITHUB_REPOSITORY") and env.get("GITHUB_RUN_ID"):
        server = env.get("GITHUB_SERVER_URL", "https://github.com")
        build_url = f"{server}/{env['GITHUB_REPOSITORY']}/actions/runs/{env['GITHUB_RUN_ID']}"
    branch = env.get("GITHUB_HEAD_REF") or (
        env.get("GITHUB_REF_NAME") if env.get("GITHUB_REF_TYPE", "branch") == "branch" else None
    )
    return VersionProperties(env.get("GITHUB_SHA"), branch or None, build_url, "github-actions")


def _gitlab(env: Mapping[str, str]) -> VersionProperties:
    branch = (
        env.get("CI_MERGE_REQUEST_SOURCE_BRANCH_NAME")
        or env.get("CI_COMMIT_BRANCH")
        or (None if env.get("CI_COMMIT_TAG") else env.get("CI_COMMIT_REF_NAME"))
    )
    build_url = env.get("CI_JOB_URL") or env.get("CI_PIPELINE_URL")
    return VersionProperties(env.get("CI_COMMIT_SHA"), branch, build_url, "gitlab")


def _jenkins(env: Mapping[str, str]) -> VersionProperties:
    branch = env.get("BRANCH_NAME") or env.get("GIT_LOCAL_BRANCH") or env.get("GIT_BRANCH")
    if branch:
        # the Git plugin reports the remote-tracking name (origin/main)
        branch = branch.split("/", 1)[1] if branch.startswith(("origin/", "refs/heads/")) else branch
        branch = branch.removeprefix("heads/")
    return VersionProperties(env.get("GIT_COMMIT"), branch, env.get("BUILD_URL"), "jenkins")


def _buildkite(env: Mapping[str, str]) -> VersionProperties:
    return VersionProperties(
        env.get("BUILDKITE_COMMIT"), env.get("BUILDKITE_BRANCH"), env.get("BUILDKITE_BUILD_URL"), "buildkite"
    )


def _circleci(env: Mapping[str, str]) -> VersionProperties:
    return VersionProperties(
        env.get("CIRCLE_SHA1"), env.get("CIRCLE_BRANCH"), env.get("CIRCLE_BUILD_URL"), "circleci"
    )


_CI = (
    ("GITHUB_ACTIONS", _github),
    ("GITLAB_CI", _gitlab),
    ("BUILDKITE", _buildkite),
    ("CIRCLECI", _circleci),
    ("JENKINS_URL", _jenkins),
)


def _git(args: list[str], cwd: Path) -> str | None:
    try:
        done = subprocess.run(
            ["git", *args], cwd=cwd, capture_output=True, text=True, timeout=10, check=False
        )
    except (OSError, subprocess.TimeoutExpired):
        return None
    value = done.stdout.strip()
    return value if done.returncode == 0 and value else None


def detect_version_properties(
    env: Mapping[str, str] | None = None, cwd: str | os.PathLike[str] = "."
) -> VersionProperties:
    """Detect version, branch and build URL from the CI's environment, else from git.

    Values the CI leaves out are completed from git (a Jenkins job without the Git plugin's variables,
    say). ``source`` names the CI when one was recognised.
    """
    env = os.environ if env is None else env
    found = VersionProperties(None, None, None, "none")
    for marker, reader in _CI:
        if env.get(marker):
            found = reader(env)
            break
    if found.version and found.branch:
        return found
    where = Path(cwd)
    version = found.version or _git(["rev-parse", "HEAD"], where)
    branch = found.branch
    if branch is None and found.source == "none":
        head = _git(["rev-parse", "--abbrev-ref", "HEAD"], where)
        branch = None if head in (None, "HEAD") else head
    source = found.source if found.source != "none" else ("git" if version else "none")
    return VersionProperties(version, branch, found.build_url, source)
