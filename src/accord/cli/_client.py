"""The broker client commands: publish, can-i-deploy, record-*, environment, pacticipant, describe-version.

Flags follow the Rust ``pact broker`` CLI (``-b/--broker-base-url``, ``-k/--broker-token``,
``-u/--broker-username``, ``-p/--broker-password``, ``-a/--pacticipant``, ``-e/--version``,
``-l/--latest``, ``-o/--output``); ``PACT_BROKER_BASE_URL``, ``PACT_BROKER_TOKEN``,
``PACT_BROKER_USERNAME``/``PACT_BROKER_PASSWORD`` (and ``ACCORD_BROKER_URL``/``ACCORD_BROKER_TOKEN``)
fill in what is not given. Exit codes: 0 success (deployable), 1 not deployable or not found, 2 usage
or connection error.

Only Click is imported at module level, so ``accord can-i-deploy --help`` stays fast; ``accord.client``
(httpx) is imported when a command runs.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any, TypeVar

import click

if TYPE_CHECKING:
    from accord.client import HalClient, Verdict

_F = TypeVar("_F", bound=Callable[..., Any])
_OUTPUT = click.Choice(["table", "json"])


def _broker_options(func: _F) -> _F:
    """The connection flags every broker command takes."""
    options = [
        click.option(
            "-b", "--broker-base-url", metavar="URL", help="The broker's URL [env PACT_BROKER_BASE_URL]."
        ),
        click.option("-k", "--broker-token", metavar="TOKEN", help="Bearer token [env PACT_BROKER_TOKEN]."),
        click.option(
            "-u", "--broker-username", metavar="USER", help="Basic auth user [env PACT_BROKER_USERNAME]."
        ),
        click.option(
            "-p",
            "--broker-password",
            metavar="PASSWORD",
            help="Basic auth password [env PACT_BROKER_PASSWORD].",
        ),
        click.option(
            "--retries",
            type=click.IntRange(0, 20),
            default=None,
            help="Retries when the broker cannot be reached [env PACT_BROKER_HTTP_RETRIES, default 3].",
        ),
    ]
    for option in reversed(options):
        func = option(func)
    return func


@contextmanager
def _hal(kwargs: dict[str, Any]) -> Iterator[HalClient]:
    from accord.client import HalClient, broker_settings  # noqa: PLC0415 - keep --help fast

    settings = broker_settings(
        kwargs.pop("broker_base_url"),
        token=kwargs.pop("broker_token"),
        username=kwargs.pop("broker_username"),
        password=kwargs.pop("broker_password"),
        retries=kwargs.pop("retries"),
    )
    with HalClient(
        settings.url,
        token=settings.token,
        username=settings.username,
        password=settings.password,
        retries=settings.retries,
    ) as hal:
        yield hal


def _not_blank(ctx: click.Context, param: click.Parameter, value: str | None) -> str | None:
    """Names and versions sent to the broker: an empty one is a usage error, not a confusing answer."""
    if value is not None and not value.strip():
        raise click.BadParameter("must not be empty (give the name as the broker knows it)")
    return value


def _table(headers: Sequence[str], rows: Sequence[Sequence[object]]) -> str:
    cells = [[str(h) for h in headers]] + [["" if c is None else str(c) for c in row] for row in rows]
    widths = [max(len(row[i]) for row in cells) for i in range(len(headers))]
    lines = [" | ".join(cell.ljust(w) for cell, w in zip(row, widths, strict=True)).rstrip() for row in cells]
    lines.insert(1, "-+-".join("-" * w for w in widths))
    return "\n".join(lines)


def _echo_json(value: Any) -> None:
    import json  # noqa: PLC0415 - keep --help fast

    click.echo(json.dumps(value, indent=2, sort_keys=False))


# -- publish --------------------------------------------------------------------------------------


@click.command()
@click.argument("paths", nargs=-1, required=True)
@click.option(
    "-a", "--consumer-app-version", metavar="VERSION", help="The consumer's version (e.g. a git SHA)."
)
@click.option("--branch", metavar="BRANCH", help="The consumer's branch.")
@click.option("-t", "--tag", "tags", multiple=True, metavar="TAG", help="Tag the version (repeatable).")
@click.option("--build-url", metavar="URL", help="A link to the CI build that published.")
@click.option(
    "-r",
    "--auto-detect-version-properties",
    is_flag=True,
    help="Take the version, branch and build URL from the CI's environment or git when not given.",
)
@click.option("-o", "--output", type=click.Choice(["text", "json"]), default="text", show_default=True)
@_broker_options
def publish(**kwargs: Any) -> None:
    """Publish pact files (files, directories or globs) for one consumer version."""
    from accord.client import detect_version_properties  # noqa: PLC0415 - keep --help fast
    from accord.client import publish as publish_pacts  # noqa: PLC0415 - keep --help fast

    version, branch, build_url = (
        kwargs.pop("consumer_app_version"),
        kwargs.pop("branch"),
        kwargs.pop("build_url"),
    )
    if kwargs.pop("auto_detect_version_properties"):
        detected = detect_version_properties()
        version, branch = version or detected.version, branch or detected.branch
        build_url = build_url or detected.build_url
    paths, tags, output = list(kwargs.pop("paths")), tuple(kwargs.pop("tags")), kwargs.pop("output")
    with _hal(kwargs) as hal:
        result = publish_pacts(
            hal, paths, version=version or "", branch=branch, tags=tags, build_url=build_url
        )
    if output == "json":
        _echo_json(
            {
                "consumer": result.consumer,
                "version": result.version,
                "branch": branch,
                "tags": list(tags),
                "pacts": [{"path": str(p.path), "provider": p.provider} for p in result.pacts],
                "messages": result.messages,
                "links": result.links,
            }
        )
        return
    for pact in result.pacts:
        click.echo(f"Publishing {pact.path} ({pact.consumer} -> {pact.provider})")
    for message in result.messages:
        click.echo(message)
    where = f" on branch {branch}" if branch else ""
    click.echo(
        f"Published {len(result.pacts)} pact(s) for {result.consumer} version {result.version}{where}."
    )


# -- can-i-deploy ---------------------------------------------------------------------------------


@click.command(name="can-i-deploy")
@click.option("-a", "--pacticipant", required=True, callback=_not_blank, help="The application to deploy.")
@click.option("-e", "--version", metavar="VERSION", help="Its version (recommended).")
@click.option(
    "-l",
    "--latest",
    is_flag=False,
    flag_value="",
    default=None,
    metavar="[TAG]",
    help="Its latest version (of --branch, or with TAG) instead of --version.",
)
@click.option("--branch", metavar="BRANCH", help="With --latest: the branch whose latest version is meant.")
@click.option("--to-environment", metavar="ENV", help="The environment to deploy to.")
@click.option("--to", "to_tag", metavar="TAG", help="The tag standing for the environment (legacy).")
@click.option(
    "--ignore", multiple=True, metavar="PACTICIPANT", help="Do not count this pacticipant (repeatable)."
)
@click.option(
    "--retry-while-unknown",
    type=click.IntRange(0, 1000),
    default=0,
    show_default=True,
    help="Ask again this many times while the verdict is unknown (a verification is pending).",
)
@click.option(
    "--retry-interval",
    type=click.FloatRange(0),
    default=10.0,
    show_default=True,
    help="Seconds between asks.",
)
@click.option("--dry-run", is_flag=True, help="Print the verdict but always exit 0.")
@click.option("-o", "--output", type=_OUTPUT, default="table", show_default=True)
@_broker_options
@click.pass_context
def can_i_deploy(ctx: click.Context, /, **kwargs: Any) -> None:
    """Ask the broker whether a version can be deployed (exit 0 yes, 1 no, 2 error)."""
    from accord.client import CanIDeployQuery  # noqa: PLC0415 - keep --help fast
    from accord.client import can_i_deploy as ask  # noqa: PLC0415 - keep --help fast

    latest = kwargs.pop("latest")
    query = CanIDeployQuery(
        pacticipant=kwargs.pop("pacticipant"),
        version=kwargs.pop("version"),
        latest=latest is not None,
        branch=kwargs.pop("branch"),
        latest_tag=latest or None,
        to_environment=kwargs.pop("to_environment"),
        to_tag=kwargs.pop("to_tag"),
        ignore=tuple(kwargs.pop("ignore")),
    )
    query.params()  # contradictions are usage errors before any network call
    retries, interval = kwargs.pop("retry_while_unknown"), kwargs.pop("retry_interval")
    dry_run, output = kwargs.pop("dry_run"), kwargs.pop("output")
    with _hal(kwargs) as hal:
        verdict = ask(hal, query, retry_while_unknown=retries, retry_interval=interval)
    if output == "json":
        _echo_json({**verdict.raw, "explanations": verdict.explanations})
    else:
        click.echo(_verdict_text(verdict))
    if dry_run:
        click.echo("Dry run: the exit code is 0 whatever the verdict.", err=True)
        ctx.exit(0)
    ctx.exit(verdict.exit_code)


def _verdict_text(verdict: Verdict) -> str:
    lines: list[str] = []
    if verdict.rows:
        rows = [
            (r.consumer, r.consumer_version, r.provider, r.provider_version or "-", r.status)
            for r in verdict.rows
        ]
        lines += [_table(("CONSUMER", "C.VERSION", "PROVIDER", "P.VERSION", "RESULT"), rows), ""]
    answer = {True: "Yes", False: "No", None: "No (unknown)"}[verdict.deployable]
    target = verdict.query.to_environment or verdict.query.to_tag
    lines.append(f"Can {verdict.query.subject()} be deployed{f' to {target}' if target else ''}? {answer}")
    lines += [f"  {text}" for text in verdict.reason.splitlines() if text.strip()]
    if verdict.explanations:
        lines.append("What to do:" if verdict.deployable is not True else "Note:")
        lines += [f"  - {text}" for text in verdict.explanations]
    return "\n".join(lines)


# -- deployments and releases ---------------------------------------------------------------------


@click.command(name="record-deployment")
@click.option("-a", "--pacticipant", required=True, callback=_not_blank, help="The application deployed.")
@click.option("-e", "--version", required=True, callback=_not_blank, help="The version deployed.")
@click.option("--environment", required=True, callback=_not_blank, help="Where it was deployed.")
@click.option("--application-instance", help="Which instance, when several run in the environment.")
@_broker_options
def record_deployment(**kwargs: Any) -> None:
    """Record that a version is now deployed to an environment (replacing the previous one)."""
    from accord.client import record_deployment as record  # noqa: PLC0415 - keep --help fast

    who, version, env = kwargs.pop("pacticipant"), kwargs.pop("version"), kwargs.pop("environment")
    instance = kwargs.pop("application_instance")
    with _hal(kwargs) as hal:
        record(hal, who, version, env, instance)
    click.echo(
        f"Recorded deployment of {who} version {version} to {env}" + (f" ({instance})" if instance else "")
    )


@click.command(name="record-undeployment")
@click.option("-a", "--pacticipant", required=True, callback=_not_blank, help="The application undeployed.")
@click.option("--environment", required=True, callback=_not_blank, help="Where it is no longer deployed.")
@click.option("--application-instance", help="Which instance, when several run in the environment.")
@_broker_options
def record_undeployment(**kwargs: Any) -> None:
    """Record that an application is no longer deployed to an environment."""
    from accord.client import record_undeployment as record  # noqa: PLC0415 - keep --help fast

    who, env, instance = (
        kwargs.pop("pacticipant"),
        kwargs.pop("environment"),
        kwargs.pop("application_instance"),
    )
    with _hal(kwargs) as hal:
        changed = record(hal, who, env, instance)
    for item in changed:
        number = ((item.get("_embedded") or {}).get("version") or {}).get("number")
        click.echo(f"Recorded undeployment of {who}{f' version {number}' if number else ''} from {env}")


@click.command(name="record-release")
@click.option("-a", "--pacticipant", required=True, callback=_not_blank, help="The application released.")
@click.option("-e", "--version", required=True, callback=_not_blank, help="The version released.")
@click.option("--environment", required=True, callback=_not_blank, help="Where it was released.")
@_broker_options
def record_release(**kwargs: Any) -> None:
    """Record that a version is released (and supported) in an environment."""
    from accord.client import record_release as record  # noqa: PLC0415 - keep --help fast

    who, version, env = kwargs.pop("pacticipant"), kwargs.pop("version"), kwargs.pop("environment")
    with _hal(kwargs) as hal:
        record(hal, who, version, env)
    click.echo(f"Recorded release of {who} version {version} to {env}")


# -- environments ---------------------------------------------------------------------------------


@click.group()
def environment() -> None:
    """Create, list and describe environments."""


@environment.command(name="create")
@click.option(
    "--name", required=True, callback=_not_blank, help="The environment's name (used by --to-environment)."
)
@click.option("--display-name", help="A human name.")
@click.option("--production", is_flag=True, help="It is a production environment.")
@click.option("--contact-name", help="Who to contact about it.")
@click.option("--contact-email-address", help="Their e-mail address.")
@click.option("-o", "--output", type=click.Choice(["text", "json"]), default="text", show_default=True)
@_broker_options
def environment_create(**kwargs: Any) -> None:
    """Create an environment."""
    from accord.client import create_environment  # noqa: PLC0415 - keep --help fast

    name, output = kwargs.pop("name"), kwargs.pop("output")
    options = {
        "display_name": kwargs.pop("display_name"),
        "production": kwargs.pop("production"),
        "contact_name": kwargs.pop("contact_name"),
        "contact_email": kwargs.pop("contact_email_address"),
    }
    with _hal(kwargs) as hal:
        created = create_environment(hal, name, **options)
    if output == "json":
        _echo_json(created)
    else:
        click.echo(f"Created environment {name}" + (f" ({created['uuid']})" if created.get("uuid") else ""))


@environment.command(name="list")
@click.option("-o", "--output", type=_OUTPUT, default="table", show_default=True)
@_broker_options
def environment_list(**kwargs: Any) -> None:
    """List the broker's environments."""
    from accord.client import list_environments  # noqa: PLC0415 - keep --help fast

    output = kwargs.pop("output")
    with _hal(kwargs) as hal:
        found = list_environments(hal)
    if output == "json":
        _echo_json(found)
        return
    rows = [
        (e.get("name"), e.get("displayName"), "yes" if e.get("production") else "no", e.get("uuid"))
        for e in found
    ]
    click.echo(_table(("NAME", "DISPLAY NAME", "PRODUCTION", "UUID"), rows))


@environment.command(name="describe")
@click.option("--name", required=True, callback=_not_blank, help="The environment's name.")
@click.option("-o", "--output", type=click.Choice(["text", "json"]), default="text", show_default=True)
@_broker_options
def environment_describe(**kwargs: Any) -> None:
    """Describe one environment."""
    from accord.client import describe_environment  # noqa: PLC0415 - keep --help fast

    name, output = kwargs.pop("name"), kwargs.pop("output")
    with _hal(kwargs) as hal:
        found = describe_environment(hal, name)
    if output == "json":
        _echo_json(found)
        return
    for key in ("name", "displayName", "production", "uuid", "createdAt"):
        if key in found:
            click.echo(f"{key}: {found[key]}")


# -- pacticipants and versions --------------------------------------------------------------------


@click.group()
def pacticipant() -> None:
    """Create and describe pacticipants (the applications in contracts)."""


@pacticipant.command(name="create")
@click.option("--name", required=True, callback=_not_blank, help="The pacticipant's name.")
@click.option("--main-branch", help="Its main branch (for mainBranch selectors).")
@click.option("--repository-url", help="Its repository.")
@click.option("--display-name", help="A human name.")
@_broker_options
def pacticipant_create(**kwargs: Any) -> None:
    """Create a pacticipant, or update its main branch, repository URL and display name."""
    from accord.client import create_or_update_pacticipant  # noqa: PLC0415 - keep --help fast

    name = kwargs.pop("name")
    fields = {k: kwargs.pop(k) for k in ("main_branch", "repository_url", "display_name")}
    with _hal(kwargs) as hal:
        _, created = create_or_update_pacticipant(hal, name, **fields)
    click.echo(f"{'Created' if created else 'Updated'} pacticipant {name}")


@pacticipant.command(name="describe")
@click.option("--name", required=True, callback=_not_blank, help="The pacticipant's name.")
@click.option("-o", "--output", type=click.Choice(["text", "json"]), default="text", show_default=True)
@_broker_options
def pacticipant_describe(**kwargs: Any) -> None:
    """Describe a pacticipant."""
    from accord.client import describe_pacticipant  # noqa: PLC0415 - keep --help fast

    name, output = kwargs.pop("name"), kwargs.pop("output")
    with _hal(kwargs) as hal:
        found = describe_pacticipant(hal, name)
    if output == "json":
        _echo_json(found)
        return
    for key in ("name", "displayName", "mainBranch", "repositoryUrl", "createdAt"):
        if found.get(key) is not None:
            click.echo(f"{key}: {found[key]}")


@click.command(name="describe-version")
@click.option("-a", "--pacticipant", required=True, callback=_not_blank, help="The pacticipant.")
@click.option("-e", "--version", help="The version (default: the latest).")
@click.option("-l", "--latest", metavar="TAG", help="The latest version with this tag.")
@click.option("-o", "--output", type=_OUTPUT, default="table", show_default=True)
@_broker_options
def describe_version(**kwargs: Any) -> None:
    """Describe a pacticipant version: its number, branches, tags and creation time."""
    from accord.client import describe_version as describe  # noqa: PLC0415 - keep --help fast

    who, version, tag, output = (kwargs.pop(k) for k in ("pacticipant", "version", "latest", "output"))
    with _hal(kwargs) as hal:
        found = describe(hal, who, version, tag)
    if output == "json":
        _echo_json(found)
        return
    embedded = found.get("_embedded") or {}
    branches = [b.get("name") for b in embedded.get("branchVersions") or [] if isinstance(b, dict)]
    tags = [t.get("name") for t in embedded.get("tags") or [] if isinstance(t, dict)]
    rows = [
        (
            found.get("number"),
            ", ".join(map(str, branches)),
            ", ".join(map(str, tags)),
            found.get("createdAt"),
        )
    ]
    click.echo(_table(("VERSION", "BRANCHES", "TAGS", "CREATED"), rows))
