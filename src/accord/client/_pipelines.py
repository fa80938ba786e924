"""CI pipelines that run contract tests, publish, verify and gate deploys (``accord ci init``).

``render_pipeline(PipelineSpec(...))`` returns the file to write and its text, for GitHub Actions
(``.github/workflows/contracts.yml``), GitLab CI (``.gitlab-ci.yml``) or Jenkins (``Jenkinsfile``).
The flow is the one the Pact documentation recommends ("the Pact Nirvana"):

1. consumer: run the contract tests (they write pacts), then ``accord publish`` the pacts with the
   commit as version and the branch (``--auto-detect-version-properties``);
2. provider: ``accord verify`` the pacts the broker selects (``mainBranch`` and ``deployedOrReleased``
   selectors), with pending pacts and WIP pacts on, publishing the results;
3. on the main branch only: ``accord can-i-deploy`` to the environment (waiting while a
   verification is pending), deploy, then ``accord record-deployment``.

YAML is produced with PyYAML from plain data, so it is valid by construction; the Jenkinsfile is a
declarative pipeline whose shell steps use single-quoted Groovy strings (the shell expands
``$GIT_COMMIT``, Groovy does not).
"""

from __future__ import annotations

import datetime as dt
import shlex
from dataclasses import dataclass, field
from typing import Any

from accord.errors import ConfigurationError

__all__ = ["PLATFORMS", "ROLES", "PipelineSpec", "render_pipeline"]

ROLES = ("consumer", "provider", "both")
PLATFORMS = ("github", "gitlab", "jenkins")
_PATHS = {"github": ".github/workflows/contracts.yml", "gitlab": ".gitlab-ci.yml", "jenkins": "Jenkinsfile"}
_SELECTORS = ('{"mainBranch": true}', '{"deployedOrReleased": true}')


@dataclass(frozen=True)
class PipelineSpec:
    """What the pipeline is for.

    Attributes:
        role: ``consumer``, ``provider`` or ``both``.
        platform: ``github``, ``gitlab`` or ``jenkins``.
        pacticipant: the application's name in the broker.
        environment: the environment deployed to (and gated by can-i-deploy).
        main_branch: the branch whose builds deploy.
        test_command: runs the consumer's contract tests (they write pact files).
        pact_dir: where the contract tests write pacts.
        provider_app: ``module:attr`` of the provider's ASGI/WSGI app, verified in-process.
        provider_states: the module holding the provider's ``@provider_state`` handlers, or ``None``.
        install_command: installs the project and Accord.
        deploy_command: the deployment itself.
        broker_url: the broker's URL (GitHub reads it from ``vars`` instead, GitLab from CI/CD variables).
        python: the Python version of the CI image.
        wip_since: the date from which WIP pacts are verified (default: today).
    """

    role: str
    platform: str
    pacticipant: str
    environment: str = "production"
    main_branch: str = "main"
    test_command: str = "pytest tests/contract"
    pact_dir: str = "pacts"
    provider_app: str = "app.main:app"
    provider_states: str | None = None
    install_command: str = "pip install -e . accord"
    deploy_command: str = "./deploy.sh"
    broker_url: str = "https://broker.example.com"
    python: str = "3.11"
    wip_since: str = field(default_factory=lambda: dt.date.today().isoformat())

    def check(self) -> None:
        """Raise ``ConfigurationError`` for an unknown role or platform or an empty name."""
        if self.role not in ROLES:
            raise ConfigurationError(f"unknown role {self.role!r}", hint=f"use one of {', '.join(ROLES)}")
        if self.platform not in PLATFORMS:
            raise ConfigurationError(
                f"unknown CI platform {self.platform!r}", hint=f"use one of {', '.join(PLATFORMS)}"
            )
        if not self.pacticipant.strip():
            raise ConfigurationError("the application needs a name", hint="pass --pacticipant NAME")


@dataclass(frozen=True)
class _Vars:
    """How each CI spells the commit and the branch in a shell step."""

    version: str
    branch: str


_VARS = {
    "github": _Vars("${{ github.sha }}", "${{ github.head_ref || github.ref_name }}"),
    "gitlab": _Vars("$CI_COMMIT_SHA", "$CI_COMMIT_REF_NAME"),
    "jenkins": _Vars("$GIT_COMMIT", "$BRANCH_NAME"),
}


def _commands(spec: PipelineSpec) -> dict[str, list[str]]:
    """The shell lines of each stage, shared by the three platforms."""
    ci = _VARS[spec.platform]
    name = shlex.quote(spec.pacticipant)
    env = shlex.quote(spec.environment)
    out: dict[str, list[str]] = {}
    if spec.role in ("consumer", "both"):
        out["contract-tests"] = [
            spec.install_command,
            spec.test_command,
            f"accord publish {shlex.quote(spec.pact_dir)} --auto-detect-version-properties",
        ]
    if spec.role in ("provider", "both"):
        selectors = " ".join(f"--consumer-version-selectors {shlex.quote(s)}" for s in _SELECTORS)
        states = f" --states {shlex.quote(spec.provider_states)}" if spec.provider_states else ""
        out["verify-pacts"] = [
            spec.install_command,
            f"accord verify --provider {name} --app {shlex.quote(spec.provider_app)}{states} "
            f'--broker-url "$PACT_BROKER_BASE_URL" {selectors} '
            f"--enable-pending --include-wip-pacts-since {spec.wip_since} "
            f'--publish --provider-version "{ci.version}" --provider-branch "{ci.branch}"',
        ]
    out["can-i-deploy"] = [
        "pip install accord",
        f'accord can-i-deploy --pacticipant {name} --version "{ci.version}" --to-environment {env} '
        "--retry-while-unknown 30 --retry-interval 10",
    ]
    out["deploy"] = [
        spec.deploy_command,
        "pip install accord",
        f'accord record-deployment --pacticipant {name} --version "{ci.version}" --environment {env}',
    ]
    return out


def render_pipeline(spec: PipelineSpec) -> tuple[str, str]:
    """The path (relative to the repository) and text of the pipeline for ``spec``.

    Raises:
        ConfigurationError: an unknown role or platform.
    """
    spec.check()
    render = {"github": _github, "gitlab": _gitlab, "jenkins": _jenkins}[spec.platform]
    return _PATHS[spec.platform], render(spec, _commands(spec))


def _header(spec: PipelineSpec, comment: str) -> str:
    lines = [
        f"Contract testing pipeline for {spec.pacticipant} ({spec.role}), written by `accord ci init`.",
        "Set PACT_BROKER_BASE_URL and PACT_BROKER_TOKEN in the CI's settings.",
        f"Deploys from {spec.main_branch} to {spec.environment} only when `accord can-i-deploy` says yes.",
    ]
    return "".join(f"{comment} {line}\n" for line in lines)


def _dump(document: dict[str, Any]) -> str:
    # PyYAML is imported here: the verifier imports accord.client for HalClient and needs no YAML.
    import yaml  # noqa: PLC0415

    class PlainDumper(yaml.SafeDumper):
        """Writes shared steps out in full instead of as YAML anchors and aliases."""

        def ignore_aliases(self, data: Any) -> bool:
            return True

    return yaml.dump(document, Dumper=PlainDumper, sort_keys=False, width=1000, default_flow_style=False)


def _github(spec: PipelineSpec, stages: dict[str, list[str]]) -> str:
    setup: list[dict[str, Any]] = [
        {"uses": "actions/checkout@v4"},
        {"uses": "actions/setup-python@v5", "with": {"python-version": spec.python}},
    ]
    jobs: dict[str, Any] = {}
    tests = [name for name in ("contract-tests", "verify-pacts") if name in stages]
    for name in tests:
        jobs[name] = {"runs-on": "ubuntu-latest", "steps": setup + [{"run": line} for line in stages[name]]}
    on_main = f"github.ref == 'refs/heads/{spec.main_branch}'"
    jobs["can-i-deploy"] = {
        "needs": tests,
        "if": on_main,
        "runs-on": "ubuntu-latest",
        "steps": setup[1:] + [{"run": line} for line in stages["can-i-deploy"]],
    }
    jobs["deploy"] = {
        "needs": ["can-i-deploy"],
        "if": on_main,
        "runs-on": "ubuntu-latest",
        "environment": spec.environment,
        "steps": setup + [{"run": line} for line in stages["deploy"]],
    }
    document = {
        "name": "contracts",
        "on": {"push": {"branches": [spec.main_branch]}, "pull_request": None, "workflow_dispatch": None},
        "env": {
            "PACT_BROKER_BASE_URL": "${{ vars.PACT_BROKER_BASE_URL }}",
            "PACT_BROKER_TOKEN": "${{ secrets.PACT_BROKER_TOKEN }}",
            "PACT_DO_NOT_TRACK": "true",
        },
        "jobs": jobs,
    }
    # GitHub reads the bare key `on`; PyYAML would quote it (a YAML 1.1 boolean), which GitHub also accepts.
    return _header(spec, "#") + _dump(document).replace("pull_request: null", "pull_request:").replace(
        "workflow_dispatch: null", "workflow_dispatch:"
    )


def _gitlab(spec: PipelineSpec, stages: dict[str, list[str]]) -> str:
    on_main = {"if": f'$CI_COMMIT_BRANCH == "{spec.main_branch}"'}
    document: dict[str, Any] = {
        "stages": ["test", "gate", "deploy"],
        "default": {"image": f"python:{spec.python}"},
        "variables": {"PACT_DO_NOT_TRACK": "true"},
    }
    for name in ("contract-tests", "verify-pacts"):
        if name in stages:
            document[name] = {"stage": "test", "script": stages[name]}
    document["can-i-deploy"] = {"stage": "gate", "rules": [on_main], "script": stages["can-i-deploy"]}
    document["deploy"] = {
        "stage": "deploy",
        "rules": [on_main],
        "environment": {"name": spec.environment},
        "script": stages["deploy"],
    }
    return _header(spec, "#") + _dump(document)


def _groovy(line: str) -> str:
    """A single-quoted Groovy string (no interpolation), escaping backslashes and quotes."""
    return "'" + line.replace("\\", "\\\\").replace("'", "\\'") + "'"


def _jenkins(spec: PipelineSpec, stages: dict[str, list[str]]) -> str:
    titles = {
        "contract-tests": "Contract tests and publish",
        "verify-pacts": "Verify pacts",
        "can-i-deploy": "Can I deploy?",
        "deploy": "Deploy",
    }
    out = [_header(spec, "//").rstrip("\n"), "pipeline {", "    agent any", "    environment {"]
    out += [
        f"        PACT_BROKER_BASE_URL = {_groovy(spec.broker_url)}",
        "        PACT_BROKER_TOKEN = credentials('pact-broker-token')",
        "        PACT_DO_NOT_TRACK = 'true'",
        "    }",
        "    stages {",
    ]
    for name, lines in stages.items():
        out.append(f"        stage({_groovy(titles[name])}) {{")
        if name in ("can-i-deploy", "deploy"):
            out.append(f"            when {{ branch {_groovy(spec.main_branch)} }}")
        out.append("            steps {")
        out += [f"                sh {_groovy(line)}" for line in lines]
        out += ["            }", "        }"]
    out += ["    }", "}", ""]
    return "\n".join(out)
