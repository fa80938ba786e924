"""The root Click group, lazy subcommand loading, and the one place errors become exit codes."""

from __future__ import annotations

import importlib
import sys
from typing import Any

import click

from accord import __version__
from accord.errors import AccordError

# name -> ("module:attribute", one-line help shown by ``accord --help`` without importing the module)
_COMMANDS: dict[str, tuple[str, str]] = {
    # consumer side
    "mock": ("accord.cli._mock:mock", "Serve the responses of existing pact files as a stub server."),
    # provider side
    "verify": ("accord.cli._verify:verify", "Verify a provider against its consumers' pacts."),
    # broker service
    "broker": ("accord.cli._broker:broker", "Run and administer an Accord broker."),
    # broker client
    "publish": ("accord.cli._client:publish", "Publish pact files to a broker."),
    "can-i-deploy": ("accord.cli._client:can_i_deploy", "Ask the broker whether a version can be deployed."),
    "record-deployment": ("accord.cli._client:record_deployment", "Record a deployment to an environment."),
    "record-undeployment": (
        "accord.cli._client:record_undeployment",
        "Record that a version is no longer deployed.",
    ),
    "record-release": ("accord.cli._client:record_release", "Record a release to an environment."),
    "environment": ("accord.cli._client:environment", "Create, list and describe environments."),
    "pacticipant": ("accord.cli._client:pacticipant", "Create and describe pacticipants."),
    "describe-version": ("accord.cli._client:describe_version", "Describe a pacticipant version."),
    "ci": ("accord.cli._ci:ci", "Write a CI pipeline that publishes, verifies and gates deploys."),
    # pact files
    "pact": ("accord.cli._pact:pact", "Inspect, validate and upgrade pact files."),
}


class LazyGroup(click.Group):
    """A group whose subcommands are imported on first use."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted(_COMMANDS)

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        entry = _COMMANDS.get(cmd_name)
        if entry is None:
            return None
        module_name, _, attr = entry[0].partition(":")
        try:
            module = importlib.import_module(module_name)
        except ModuleNotFoundError as exc:
            if exc.name == module_name:
                return _not_available(cmd_name)
            raise
        command: click.Command = getattr(module, attr)
        return command

    def format_commands(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        rows = [(name, help_text) for name, (_, help_text) in sorted(_COMMANDS.items())]
        with formatter.section("Commands"):
            formatter.write_dl(rows)


def _not_available(name: str) -> click.Command:
    @click.command(name=name, help="Not available in this build.")
    def _missing() -> None:
        raise AccordError(f"the '{name}' command is not available in this build of Accord")

    return _missing


@click.group(cls=LazyGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="accord")
def cli() -> None:
    """Accord: consumer-driven contract testing, Pact-compatible.

    Consumers record what they need from a provider (a pact), providers verify it in CI,
    and a broker answers "can I deploy?" from the matrix of who verified what.
    """


def main(argv: list[str] | None = None) -> None:
    """Run the CLI; turn every ``AccordError`` into ``Error: ...`` and its exit code.

    Commands signal their verdict with ``ctx.exit(code)`` (or by returning an int).
    """
    try:
        result: Any = cli.main(args=argv, prog_name="accord", standalone_mode=False)
    except click.exceptions.Exit as exc:
        sys.exit(exc.exit_code)
    except click.ClickException as exc:
        exc.show()
        sys.exit(2 if exc.exit_code == 1 else exc.exit_code)
    except click.exceptions.Abort:
        click.echo("Aborted.", err=True)
        sys.exit(130)
    except AccordError as exc:
        click.echo(f"Error: {exc.message}", err=True)
        if exc.hint:
            click.echo(f"Hint: {exc.hint}", err=True)
        sys.exit(exc.exit_code)
    except KeyboardInterrupt:
        sys.exit(130)
    except OSError as exc:  # a file or socket the user named cannot be used: their fix, not a bug report
        where = f" ({exc.filename})" if exc.filename else ""
        click.echo(f"Error: {exc.strerror or exc}{where}", err=True)
        click.echo("Hint: check the path or address, and its permissions", err=True)
        sys.exit(2)
    sys.exit(result if isinstance(result, int) else 0)
