"""Where pacts come from: files, directories, URLs, and (see ``_broker``) a Pact Broker.

Each source yields ``PactDocument``s; a pact whose provider is not the one being verified is
skipped with a warning, as the Pact verifiers do ("the pact is for provider X, not Y").
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING, Any

from accord.errors import ConfigurationError, PactFileError, ProviderError
from accord.model._record import Record

from ._cases import PactDocument

if TYPE_CHECKING:
    from dataclasses import dataclass

    import httpx
else:  # at run time, without compiling generated methods at import (see accord.model._record)
    from accord.model._record import dataclass


def _parse(text: str, source: str) -> dict[str, Any]:
    try:
        document = json.loads(text)
    except ValueError as exc:
        raise PactFileError(
            f"{source} is not JSON: {exc}", hint="a pact file is a JSON document written by a Pact tool"
        ) from exc
    if not isinstance(document, dict):
        raise PactFileError(
            f"{source} holds a JSON {type(document).__name__}, not a pact object",
            hint="a pact file is a JSON object with consumer, provider, interactions and metadata",
        )
    return document


def read_file(path: Path) -> PactDocument:
    """Read one pact file.

    Raises:
        PactFileError: the file is missing, unreadable or not a JSON object.
    """
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError as exc:
        raise PactFileError(
            f"the pact file {path} does not exist", hint="check the path given to --pact-file"
        ) from exc
    except (OSError, UnicodeDecodeError) as exc:
        raise PactFileError(
            f"the pact file {path} cannot be read: {exc}", hint="check its permissions"
        ) from exc
    return PactDocument(_parse(text, f"the pact file {path}"), str(path))


def read_dir(path: Path) -> list[PactDocument]:
    """Read every ``*.json`` pact file of a directory (not recursive), in name order.

    Raises:
        PactFileError: the directory does not exist, or one of its files is not a pact.
    """
    if not path.is_dir():
        raise PactFileError(
            f"the pact directory {path} does not exist or is not a directory",
            hint="check the path given to --pact-dir",
        )
    return [read_file(file) for file in sorted(path.glob("*.json"))]


def read_url(client: httpx.Client, url: str, auth: httpx.Auth | None = None) -> PactDocument:
    """Fetch one pact by URL (the broker's ``_links`` on it are kept for publishing).

    Raises:
        ProviderError: the URL cannot be reached or answers an error status (404 included).
        PactFileError: the answer is not a pact.
    """
    import httpx  # noqa: PLC0415 - httpx only when a URL is used

    try:
        response = client.get(url, headers={"Accept": "application/hal+json, application/json"}, auth=auth)
    except httpx.HTTPError as exc:
        raise ProviderError(
            f"the pact URL {url} cannot be fetched: {type(exc).__name__}: {exc}",
            hint="check the URL and that its server is running",
        ) from exc
    if response.status_code == 404:
        raise PactFileError(
            f"the pact URL {url} answered 404 Not Found", hint="check the URL given to --pact-url"
        )
    if not response.is_success:
        raise ProviderError(
            f"the pact URL {url} answered {response.status_code}: {response.text[:200]}",
            hint="check the URL and the credentials for it",
        )
    document = _parse(response.text, f"the pact at {url}")
    links = document.get("_links") if isinstance(document.get("_links"), dict) else {}
    return PactDocument(document, url, links=dict(links or {}))


@dataclass(frozen=True)
class Source(Record):
    """One pact source given to the verifier: a file, a directory, a URL or an in-memory document."""

    kind: str
    location: str
    document: dict[str, Any] | None = None

    @classmethod
    def of(cls, value: str | Path | dict[str, Any]) -> Source:
        """Classify ``value``: a dict is a pact document, ``http(s)://`` a URL, else a file or directory.

        Raises:
            ConfigurationError: ``value`` is none of those.
        """
        if isinstance(value, dict):
            return cls("document", "<pact given as a dict>", value)
        if isinstance(value, Path):
            return cls("dir" if value.is_dir() else "file", str(value))
        if isinstance(value, str):
            if value.startswith(("http://", "https://")):
                return cls("url", value)
            return cls("dir" if Path(value).is_dir() else "file", value)
        raise ConfigurationError(
            f"a pact source must be a path, a URL or a pact dict, not {type(value).__name__}",
            hint="Verifier(...).add_source('pacts/consumer-provider.json')",
        )

    def load(self, client: httpx.Client, auth: httpx.Auth | None = None) -> list[PactDocument]:
        """Read the pacts of this source."""
        if self.kind == "document":
            assert self.document is not None
            return [PactDocument(self.document, self.location)]
        if self.kind == "url":
            return [read_url(client, self.location, auth)]
        if self.kind == "dir":
            return read_dir(Path(self.location))
        return [read_file(Path(self.location))]


__all__ = ["Source", "read_dir", "read_file", "read_url"]
