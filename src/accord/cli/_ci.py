"""``accord ci init``: write a CI pipeline that tests, publishes, verifies and gates deploys.

Asks (on a terminal) or takes flags: the repository's role (consumer, provider or both), the CI
(GitHub Actions, GitLab CI, Jenkins) and the application's name; writes the pipeline file and refuses
to overwrite an existing one without ``--force``. The pipelines are described in
``accord.client._pipelines``.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import click

from accord.errors import ConfigurationError

_ROLES = ("consumer", "provider", "both")
_PLATFORMS = ("github", "gitlab", "jenkins")


@click.group()
def ci() -> None:
    """Set up continuous integration for contracts."""


def _ask(
    value: str | None, flag: str, prompt: str, choices: tuple[str, ...] | None, default: str | None
) -> str:
    """The flag's value, or the answer to a prompt; no answer (standard input closed) is a usage error."""
    if value:
        return value
    try:
        answer: str = click.prompt(
            prompt,
            type=click.Choice(choices) if choices else str,
            default=default,
            show_choices=bool(choices),
        )
    except click.Abort:
        raise ConfigurationError(
            f"no answer to {prompt!r} (standard input ended or was interrupted)",
            hint=f"pass {flag} {'|'.join(choices) if choices else 'NAME'} when running without a terminal",
        ) from None
    return answer


@ci.command(name="init")
@click.option("--role", type=click.Choice(_ROLES), help="What this repository is in its contracts.")
@click.option("--platform", type=click.Choice(_PLATFORMS), help="The CI system.")
@click.option("--pacticipant", help="The application's name in the broker (default: the directory's name).")
@click.option("--environment", default="production", show_default=True, help="The environment deployed to.")
@click.option("--main-branch", default="main", show_default=True, help="The branch whose builds deploy.")
@click.option(
    "--test-command", default="pytest tests/contract", show_default=True, help="Runs the contract tests."
)
@click.option("--pact-dir", default="pacts", show_default=True, help="Where the contract tests write pacts.")
@click.option(
    "--provider-app", default="app.main:app", show_default=True, help="MODULE:ATTR of the provider app."
)
@click.option(
    "--provider-states", metavar="MODULE", help="The module of the provider's @provider_state handlers."
)
@click.option("--deploy-command", default="./deploy.sh", show_default=True, help="The deployment itself.")
@click.option(
    "--broker-url", default="https://broker.example.com", show_default=True, help="For the Jenkinsfile."
)
@click.option(
    "--directory",
    type=click.Path(file_okay=False, path_type=Path),
    default=Path("."),
    show_default=True,
    help="The repository's root.",
)
@click.option("--force", is_flag=True, help="Overwrite an existing pipeline file.")
@click.option("--print", "print_only", is_flag=True, help="Print the pipeline instead of writing it.")
def init(**kwargs: Any) -> None:
    """Write a pipeline: contract tests, publish, verify, can-i-deploy, deploy, record-deployment."""
    from accord.client import PipelineSpec, render_pipeline  # noqa: PLC0415 - keep --help fast

    directory: Path = kwargs.pop("directory")
    force, print_only = kwargs.pop("force"), kwargs.pop("print_only")
    role = _ask(
        kwargs.pop("role"), "--role", "Is this repository a consumer, a provider or both?", _ROLES, "consumer"
    )
    platform = _ask(kwargs.pop("platform"), "--platform", "Which CI runs it?", _PLATFORMS, "github")
    name = _ask(
        kwargs.pop("pacticipant"),
        "--pacticipant",
        "The application's name in the broker",
        None,
        directory.resolve().name,
    )
    spec = PipelineSpec(role=role, platform=platform, pacticipant=name, **kwargs)
    relative, text = render_pipeline(spec)
    if print_only:
        click.echo(text, nl=False)
        return
    target = directory / relative
    if target.exists() and not force:
        raise ConfigurationError(
            f"{target} already exists",
            hint="pass --force to overwrite it, or --print to see the pipeline and merge it by hand",
        )
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8")
    except OSError as exc:
        raise ConfigurationError(
            f"{target} cannot be written ({exc.strerror})",
            hint="pass --directory with the repository's root, or --print to see the pipeline",
        ) from None
    click.echo(f"Wrote {target} ({role} on {platform}).")
    click.echo("Next: set PACT_BROKER_BASE_URL and PACT_BROKER_TOKEN in the CI's settings, then push.")
