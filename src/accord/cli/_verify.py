"""``accord verify``: verify a provider against its consumers' pacts (the Pact verifier's flags).

Only Click is imported at module level: ``accord verify --help`` stays fast, and the verifier
(httpx, Rich, the matching engine) is imported when the command runs.
"""

from __future__ import annotations

import contextlib
import importlib
import json
import os
import sys
from datetime import datetime
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import click

from accord.errors import ConfigurationError


def _load_object(spec: str, option: str) -> Any:
    """Import ``module:attr`` (dotted attributes allowed), also from the working directory."""
    module_name, _, attr = spec.partition(":")
    if not module_name:
        raise ConfigurationError(
            f"{option} {spec!r} does not name a module", hint=f"use {option} package.module:attribute"
        )
    if os.getcwd() not in sys.path:
        sys.path.insert(0, os.getcwd())
    try:
        module = importlib.import_module(module_name)
    except ImportError as exc:
        raise ConfigurationError(
            f"{option} {spec!r}: the module {module_name!r} cannot be imported ({exc})",
            hint="run from the project's directory, or check the module path",
        ) from exc
    value: Any = module
    for part in (attr or "").split("."):
        if not part:
            continue
        try:
            value = getattr(value, part)
        except AttributeError as exc:
            raise ConfigurationError(
                f"{option} {spec!r}: {module_name} has no attribute {attr!r}",
                hint=f"use {option} {module_name}:NAME with the name of the object",
            ) from exc
    return value


def _pairs(values: tuple[str, ...], option: str, shape: str) -> list[tuple[str, str]]:
    out = []
    for value in values:
        name, sep, rest = value.partition("=")
        if not sep or not name.strip():
            raise ConfigurationError(f"{option} {value!r} is not {shape}", hint=f"e.g. {option} {shape}")
        out.append((name.strip(), rest))
    return out


def _selectors(values: tuple[str, ...]) -> list[dict[str, Any]]:
    out = []
    for value in values:
        try:
            selector = json.loads(value)
        except ValueError as exc:
            raise ConfigurationError(
                f"--consumer-version-selectors {value!r} is not JSON ({exc})",
                hint="e.g. --consumer-version-selectors '{\"mainBranch\": true}'",
            ) from exc
        if not isinstance(selector, dict):
            raise ConfigurationError(
                f"--consumer-version-selectors {value!r} is not a JSON object",
                hint="one selector per flag, e.g. '{\"deployedOrReleased\": true}'",
            )
        out.append(selector)
    return out


def _since(value: str | None) -> str | None:
    """``--include-wip-pacts-since``: an ISO 8601 date or date-time, checked before asking the broker."""
    if value is None:
        return None
    try:
        datetime.fromisoformat(value)
    except ValueError:
        raise ConfigurationError(
            f"--include-wip-pacts-since {value!r} is not an ISO 8601 date",
            hint="e.g. --include-wip-pacts-since 2024-01-31 (or 2024-01-31T12:00:00Z)",
        ) from None
    return value


def _check_report(path: Path | None, option: str) -> None:
    """Refuse a report path that cannot be written before verifying, not after (losing the results)."""
    if path is None:
        return
    if path.is_dir():
        raise ConfigurationError(
            f"{option} {path} is a directory", hint=f"name a file, e.g. {option} {path}/report"
        )
    for folder in path.parents:
        if folder.exists():
            if not folder.is_dir():
                raise ConfigurationError(
                    f"{option} {path}: {folder} is a file, not a folder",
                    hint="choose another path for the report",
                )
            break


def _write_report(path: Path, text: str, option: str) -> None:
    """Write a report through a temporary file renamed over it: an earlier report is replaced or kept."""
    temp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        temp.write_text(text, encoding="utf-8")
        os.replace(temp, path)
    except OSError as exc:
        with contextlib.suppress(OSError):
            temp.unlink(missing_ok=True)
        raise ConfigurationError(
            f"{option} {path} cannot be written ({exc.strerror})",
            hint="choose a writable path for the report",
        ) from None


@click.command(name="verify")
@click.option("--provider", "-n", "provider", required=True, help="The provider's name.")
@click.option(
    "--pact-file", "-f", multiple=True, type=click.Path(path_type=Path), help="A pact file (repeatable)."
)
@click.option(
    "--pact-dir", "-d", multiple=True, type=click.Path(path_type=Path), help="A directory of pact files."
)
@click.option("--pact-url", "-u", multiple=True, help="A pact URL (repeatable).")
@click.option(
    "--broker-url", "-b", envvar="PACT_BROKER_BASE_URL", help="A Pact Broker [PACT_BROKER_BASE_URL]."
)
@click.option(
    "--broker-token",
    envvar="PACT_BROKER_TOKEN",
    help="Bearer token, also for --pact-url [PACT_BROKER_TOKEN].",
)
@click.option(
    "--broker-username", envvar="PACT_BROKER_USERNAME", help="Basic auth user [PACT_BROKER_USERNAME]."
)
@click.option("--broker-password", envvar="PACT_BROKER_PASSWORD", help="Basic auth password.")
@click.option("--consumer-version-selectors", multiple=True, help="A selector as JSON (repeatable).")
@click.option("--ignore-no-pacts-error", is_flag=True, help="Succeed when no pact for the provider is found.")
@click.option("--enable-pending", is_flag=True, help="Pending pacts' failures do not fail the verification.")
@click.option("--include-wip-pacts-since", metavar="DATE", help="Also verify WIP pacts since DATE.")
@click.option("--provider-base-url", metavar="URL", help="A running provider, e.g. http://127.0.0.1:8000.")
@click.option("--app", metavar="MODULE:ATTR", help="An ASGI or WSGI application, verified in-process.")
@click.option(
    "--states", "states_module", metavar="MODULE", multiple=True, help="Import @provider_state handlers."
)
@click.option("--state-change-url", "-s", metavar="URL", help="Pact's state-change endpoint (POST).")
@click.option("--no-state-change-teardown", is_flag=True, help="Do not send teardown calls to it.")
@click.option("--messages", metavar="MODULE:ATTR", help="A dict: message description -> producer function.")
@click.option("--message-url", metavar="URL", help="An endpoint producing messages (Pact's protocol).")
@click.option("--header", "-H", multiple=True, metavar="NAME=VALUE", help="Add a header to every request.")
@click.option("--header-from-env", multiple=True, metavar="NAME=ENVVAR", help="Add a header from a variable.")
@click.option("--interaction", multiple=True, help="Verify only interactions with this description.")
@click.option("--state", multiple=True, help="Verify only interactions needing this provider state.")
@click.option("--consumer", multiple=True, help="Verify only this consumer's pacts.")
@click.option("--request-timeout", type=float, default=10.0, show_default=True, help="Seconds per request.")
@click.option("--junit", type=click.Path(path_type=Path), help="Write a JUnit XML report.")
@click.option("--json", "json_file", type=click.Path(path_type=Path), help="Write a JSON report.")
@click.option("--publish", is_flag=True, help="Publish the results to the broker.")
@click.option("--provider-version", envvar="PACT_PROVIDER_VERSION", help="The provider version verified.")
@click.option("--provider-branch", envvar="PACT_PROVIDER_BRANCH", help="The provider's branch.")
@click.option("--provider-tag", multiple=True, help="A tag for the provider version (repeatable).")
@click.option(
    "--progress/--no-progress", default=None, help="Progress bar (default: above 20, on a terminal)."
)
@click.pass_context
def verify(ctx: click.Context, /, **options: Any) -> None:
    """Verify a provider against its consumers' pacts.

    Exit code 0 when every non-pending interaction passed, 1 when one failed, 2 for bad input
    (unreachable provider, missing pact, bad flags).
    """
    from accord.provider import Verifier, default_states  # noqa: PLC0415 - keep `accord --help` fast

    verifier = Verifier(options["provider"])
    _check_report(options["junit"], "--junit")
    _check_report(options["json_file"], "--json")
    since = _since(options["include_wip_pacts_since"])
    if options["provider_base_url"] and options["app"]:
        raise ConfigurationError(
            "--provider-base-url and --app both say where the provider is",
            hint="give one: a running provider (--provider-base-url) or an application (--app)",
        )
    for module in options["states_module"]:
        _load_object(module, "--states")
    if options["app"]:
        app = _load_object(options["app"], "--app")
        if not callable(app):
            raise ConfigurationError(
                f"--app {options['app']!r} is a {type(app).__name__}, not a WSGI or ASGI application",
                hint="name the application object itself, e.g. --app myservice.main:app",
            )
        verifier.with_app(app)
    elif options["provider_base_url"]:
        verifier.with_base_url(options["provider_base_url"])
    if options["states_module"] and not options["app"]:
        verifier.with_states(default_states)
    for path in options["pact_file"]:
        verifier.add_source(path if path.exists() else str(path))
    for path in options["pact_dir"]:
        if not path.is_dir():
            raise ConfigurationError(f"--pact-dir {path} is not a directory", hint="check the path")
        verifier.add_source(path)
    for url in options["pact_url"]:
        verifier.add_source(url)
    if options["pact_url"]:
        verifier.with_source_auth(
            token=options["broker_token"],
            username=options["broker_username"],
            password=options["broker_password"],
        )
    if options["broker_url"]:
        verifier.with_broker(
            options["broker_url"],
            selectors=_selectors(options["consumer_version_selectors"]),
            enable_pending=options["enable_pending"],
            include_wip_pacts_since=since,
            publish=options["publish"],
            provider_version=options["provider_version"],
            provider_branch=options["provider_branch"],
            provider_tags=options["provider_tag"],
            token=options["broker_token"],
            username=options["broker_username"],
            password=options["broker_password"],
        )
    elif options["publish"] and options["pact_url"]:
        # a webhook's --pact-url: results go to the pb:publish-verification-results link the pact carries
        parts = urlsplit(options["pact_url"][0])
        verifier.with_broker(
            f"{parts.scheme}://{parts.netloc}",
            publish=True,
            provider_version=options["provider_version"],
            provider_branch=options["provider_branch"],
            provider_tags=options["provider_tag"],
            token=options["broker_token"],
            username=options["broker_username"],
            password=options["broker_password"],
            fetch=False,
        )
    elif options["publish"]:
        raise ConfigurationError(
            "--publish needs --broker-url or --pact-url: results go to the broker the pacts came from",
            hint="add --broker-url (or PACT_BROKER_BASE_URL)",
        )
    for flag, url in (
        ("--state-change-url", options["state_change_url"]),
        ("--message-url", options["message_url"]),
    ):
        if url and not url.startswith(("http://", "https://")):
            raise ConfigurationError(
                f"{flag} {url!r} is not an http:// or https:// URL",
                hint=f"e.g. {flag} http://127.0.0.1:8000/{flag[2:]}",
            )
    if options["state_change_url"]:
        verifier.with_state_change_url(
            options["state_change_url"], teardown=not options["no_state_change_teardown"]
        )
    if options["messages"]:
        producers = _load_object(options["messages"], "--messages")
        if not isinstance(producers, dict):
            raise ConfigurationError(
                f"--messages {options['messages']!r} is a {type(producers).__name__}, not a dict",
                hint="point it at a dict mapping each message description to its producer function",
            )
        for description, producer in producers.items():
            verifier.with_message(str(description), producer)
    if options["message_url"]:
        verifier.with_message_url(options["message_url"])
    for name, value in _pairs(options["header"], "--header", "NAME=VALUE"):
        verifier.with_header(name, value)
    for name, variable in _pairs(options["header_from_env"], "--header-from-env", "NAME=ENVVAR"):
        if variable not in os.environ:
            raise ConfigurationError(
                f"--header-from-env {name}={variable}: the environment variable {variable} is not set",
                hint=f"export {variable}=... before running accord verify",
            )
        verifier.with_header(name, os.environ[variable])
    verifier.select(
        description=tuple(options["interaction"]),
        state=tuple(options["state"]),
        consumer=tuple(options["consumer"]),
    )
    verifier.with_timeout(options["request_timeout"])
    verifier.ignore_no_pacts(options["ignore_no_pacts_error"])
    result = verifier.verify(progress=options["progress"])
    if options["junit"]:
        _write_report(options["junit"], result.to_junit(), "--junit")
    if options["json_file"]:
        _write_report(options["json_file"], json.dumps(result.to_json(), indent=2) + "\n", "--json")
    if not result.success:
        ctx.exit(1)
    ctx.exit(2 if result.publish_errors else 0)
