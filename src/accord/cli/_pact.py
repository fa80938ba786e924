"""``accord pact``: validate, upgrade and show pact files.

``accord pact validate FILE...`` checks each file the way every Accord tool reads it (JSON,
structure, matching rules, generators) and prints one line per file; it exits 1 when any file is
invalid. ``accord pact upgrade FILE --to v4 [-o OUT]`` converts a v1-v3 pact to v4 (stdout
without ``-o``). ``accord pact show FILE`` prints a summary of the interactions (``--json``: the
document as Accord reads it).
"""

from __future__ import annotations

import json
from pathlib import Path

import click

from accord.errors import PactFileError
from accord.model import AsyncMessage, HttpInteraction, Interaction, Pact, SpecVersion, SyncMessage, load_pact

_VERSIONS = click.Choice(["v1", "v1.1", "v2", "v3", "v4"], case_sensitive=False)


@click.group(name="pact")
def pact() -> None:
    """Inspect, validate and upgrade pact files (any Pact tool's output, v1 to v4)."""


def _count(pact_: Pact) -> str:
    count = len(pact_.interactions)
    return f"{count} interaction{'s' if count != 1 else ''}"


@pact.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("--quiet", "-q", is_flag=True, help="Print only the files that are not valid.")
def validate(paths: tuple[Path, ...], quiet: bool) -> int:
    """Check pact files: JSON, structure, matching rules (regexes against their examples) and generators.

    A directory stands for the ``*.json`` files in it. Exits 0 when every file is valid, 1 when any
    is not.
    """
    files = [found for path in paths for found in (sorted(path.glob("*.json")) if path.is_dir() else [path])]
    if not files:
        raise PactFileError(
            f"no pact files in {', '.join(str(p) for p in paths)}.",
            hint="Name .json files or a directory holding them.",
        )
    failures = 0
    for path in files:
        try:
            loaded = load_pact(path)
        except PactFileError as exc:
            failures += 1
            click.echo(f"INVALID {exc.message}")
            if exc.hint:
                click.echo(f"        Hint: {exc.hint}")
            continue
        if not quiet:
            click.echo(
                f"OK      {path}: {loaded.consumer_name} -> {loaded.provider_name}, "
                f"{loaded.spec.label}, {_count(loaded)}"
            )
    if failures and len(files) > 1:
        click.echo(f"{failures} of {len(files)} pact files are not valid.", err=True)
    return 1 if failures else 0


@pact.command()
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
@click.option(
    "--to", "to", type=_VERSIONS, default="v4", show_default=True, help="The version to convert to."
)
@click.option(
    "--output",
    "-o",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Where to write the upgraded pact (default: standard output). May be FILE itself.",
)
def upgrade(file: Path, to: str, output: Path | None) -> None:
    """Convert a pact to a later specification version (v2/v3 to v4: typed interactions, Body objects...)."""
    loaded = load_pact(file)
    before = loaded.spec
    loaded.upgrade(SpecVersion.parse(to))
    if output is None:
        click.echo(loaded.to_text(), nl=False)
        return
    loaded.save(output)
    click.echo(f"Wrote {output}: {before.label} -> {loaded.spec.label}, {_count(loaded)}", err=True)


def _states(interaction: Interaction) -> str:
    if not interaction.provider_states:
        return ""
    names = ", ".join(state.name for state in interaction.provider_states)
    return f" given {names}"


def _line(interaction: Interaction) -> str:
    flags = " [pending]" if interaction.pending else ""
    if isinstance(interaction, HttpInteraction):
        request, response = interaction.request, interaction.response
        query = (
            request.query
            if isinstance(request.query, str)
            else "&".join(
                f"{k}={v}"
                for k, values in (request.query or {}).items()
                for v in (values if isinstance(values, list) else [values])
            )
        )
        target = f"{request.method or 'GET'} {request.path or '/'}{'?' + query if query else ''}"
        described = f"{interaction.description!r}{_states(interaction)}"
        return f"HTTP     {described}: {target} -> {response.status}{flags}"
    if isinstance(interaction, SyncMessage):
        replies = len(interaction.response)
        return f"SYNC MSG {interaction.description!r}{_states(interaction)}: {replies} response(s){flags}"
    assert isinstance(interaction, AsyncMessage)
    kind = interaction.message.content_type or "no content type"
    return f"MESSAGE  {interaction.description!r}{_states(interaction)}: {kind}{flags}"


@pact.command()
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--json", "as_json", is_flag=True, help="Print the pact as Accord reads it, as JSON.")
def show(file: Path, as_json: bool) -> None:
    """Summarise a pact: pacticipants, version and one line per interaction."""
    loaded = load_pact(file, strict=False)
    if as_json:
        click.echo(json.dumps(loaded.to_json(), indent=2, ensure_ascii=False))
        return
    click.echo(
        f"{loaded.consumer_name} -> {loaded.provider_name} (Pact {loaded.spec.label}, {_count(loaded)})"
    )
    for number, interaction in enumerate(loaded.interactions, start=1):
        click.echo(f"{number:>3}. {_line(interaction)}")


__all__ = ["pact"]
