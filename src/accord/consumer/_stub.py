"""A stub server over existing pact files (Accord's, pact-python's, pact-js's, pact-jvm's).

Each file's specification version comes from its ``metadata.pactSpecification.version`` (older
writers used ``pact-specification`` or ``pactSpecificationVersion``; a file without one is read as
V2, the last version without a declaration rule). Every HTTP interaction (V1-V3 ``interactions``,
V4 ``Synchronous/HTTP``) is served with its own version's matching rules; messages are skipped.
Unlike the mock server, a stub answers an interaction any number of times and never reports one
as missing.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from accord.errors import ConfigurationError, PactFileError

from ._mock_server import MockServer

_MAJOR = {"1": "v1", "2": "v2", "3": "v3", "4": "v4"}


def pact_spec(document: dict[str, Any]) -> str:
    """The spec version ("v1".."v4") a pact document declares (V2 when it declares none)."""
    metadata = document.get("metadata") or {}
    declared: Any = None
    for key in ("pactSpecification", "pact-specification"):
        entry = metadata.get(key)
        if isinstance(entry, dict) and entry.get("version"):
            declared = entry["version"]
            break
    declared = declared or metadata.get("pactSpecificationVersion")
    if not declared:
        return "v2"
    text = str(declared).lstrip("vV")
    if text.startswith("1.1"):
        return "v1.1"
    return _MAJOR.get(text.split(".", maxsplit=1)[0], "v4")


def load_http_interactions(paths: Sequence[str | Path]) -> tuple[list[dict[str, Any]], list[str]]:
    """Read pact files; return their HTTP interactions and each one's spec version.

    Raises:
        PactFileError: a file is missing, not JSON, or holds no HTTP interaction at all.
    """
    documents: list[dict[str, Any]] = []
    specs: list[str] = []
    for raw_path in paths:
        path = Path(raw_path)
        try:
            document = json.loads(path.read_text(encoding="utf-8"))
        except FileNotFoundError:
            raise PactFileError(
                f"pact file {path} does not exist", hint="check the --pact path", file=str(path)
            ) from None
        except (OSError, ValueError) as exc:
            raise PactFileError(
                f"pact file {path} cannot be read as JSON: {exc}",
                hint="pass a pact file written by a Pact tool (consumer tests write them)",
                file=str(path),
            ) from None
        if not isinstance(document, dict) or not isinstance(document.get("interactions", []), list):
            raise PactFileError(
                f"{path} is not a pact file (no interactions list)",
                hint="check the --pact path",
                file=str(path),
            )
        spec = pact_spec(document)
        for interaction in document.get("interactions") or []:
            if (
                isinstance(interaction, dict)
                and "request" in interaction
                and (interaction.get("type", "Synchronous/HTTP") == "Synchronous/HTTP")
            ):
                documents.append(interaction)
                specs.append(spec)
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
