"""A stub server over existing pact files (Accord's, pact-python's, pact-js's, pact-jvm's).

Each file is read by ``accord.model.load_pact``, which also decides its specification version
(``metadata.pactSpecification.version`` and the older spellings; judged from content when absent).
Every HTTP interaction (V1-V3 ``interactions``,
V4 ``Synchronous/HTTP``) is served with its own version's matching rules; messages are skipped.
Unlike the mock server, a stub answers an interaction any number of times and never reports one
as missing.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

from accord.errors import ConfigurationError, PactFileError
from accord.model import HttpInteraction, load_pact

from ._mock_server import MockServer


def pact_spec(document: dict[str, Any]) -> str:
    """The spec version ("v1".."v4") of a pact document, by ``accord.model``'s rules."""
    return load_pact(document).spec.label


def load_http_interactions(paths: Sequence[str | Path]) -> tuple[list[dict[str, Any]], list[str]]:
    """Read pact files; return their HTTP interactions and each one's spec version.

    Files are read and checked by ``accord.model.load_pact``, so a stub refuses exactly what the rest
    of Accord refuses (bad JSON, wrong types, invalid regexes), with the file and JSON path named.

    Raises:
        PactFileError: a file is missing, not a valid pact, or the files hold no HTTP interaction.
    """
    documents: list[dict[str, Any]] = []
    specs: list[str] = []
    for raw_path in paths:
        path = Path(raw_path)
        if not path.is_file():
            raise PactFileError(
                f"pact file {path} does not exist", hint="check the --pact path", file=str(path)
            )
        pact = load_pact(path)
        for interaction in pact.interactions:
            if isinstance(interaction, HttpInteraction):
                documents.append(interaction.to_json())
                specs.append(pact.spec.label)
    if not documents:
        raise PactFileError(
            "the pact files hold no HTTP interaction to serve",
            hint="message pacts cannot be served over HTTP; pass pacts with HTTP interactions",
        )
    return documents, specs


def stub_server(
    paths: Sequence[str | Path], *, host: str = "127.0.0.1", port: int = 0, cors: bool = False
) -> MockServer:
    """A started stub server serving the responses of the HTTP interactions in ``paths``.

    Raises:
        PactFileError: see ``load_http_interactions``.
        ConfigurationError: the port cannot be bound.
    """
    documents, specs = load_http_interactions(paths)
    try:
        server = MockServer(documents, specs, host=host, port=port, cors=cors, stub=True)
    except OSError as exc:
        raise ConfigurationError(
            f"cannot listen on {host}:{port}: {exc.strerror or exc}",
            hint="choose a free port with --port (or 0 for any free port)",
        ) from None
    return server.start()


__all__ = ["load_http_interactions", "pact_spec", "stub_server"]
