"""``accord mock``: serve the responses of existing pact files as a stub server."""

from __future__ import annotations

import threading

import click

from accord.consumer import stub_server


@click.command(name="mock")
@click.option(
    "--pact",
    "pacts",
    multiple=True,
    required=True,
    type=click.Path(dir_okay=False),
    help="A pact file to serve (repeat for several). Any Pact tool's output, V1 to V4.",
)
@click.option(
    "--port",
    default=8080,
    show_default=True,
    type=click.IntRange(0, 65535),
    help="Port to listen on (0 picks a free one).",
)
@click.option("--host", default="127.0.0.1", show_default=True, help="Interface to bind.")
@click.option("--cors", is_flag=True, help="Answer CORS pre-flight requests (for browser front-ends).")
def mock(pacts: tuple[str, ...], port: int, host: str, cors: bool) -> None:
    """Serve the responses of existing pact files so a front-end or a service can run against them.

    Each request is matched against the pacts' HTTP interactions (with their matching rules) and
    answered with the first matching interaction's response; a request that matches none gets a
    500 with a JSON description of why. Stop with Ctrl-C.
    """
    server = stub_server(list(pacts), host=host, port=port, cors=cors)
    count = len(server.interactions)
    click.echo(
        f"Serving {count} interaction{'s' if count != 1 else ''} from {len(pacts)} pact file"
        f"{'s' if len(pacts) != 1 else ''} at {server.url} (Ctrl-C to stop)",
        err=True,
    )
    stop = threading.Event()
    try:
        stop.wait()
    except KeyboardInterrupt:
        pass
    finally:
        server.close()
        report = server.report()
        if report:
            click.echo(report, err=True)
