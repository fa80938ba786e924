"""Publishing pact files to a broker, as the Pact Broker clients do.

``publish(hal, paths, version=..., branch=..., tags=..., build_url=...)`` reads every pact file named
(files, directories of ``*.json`` files, glob patterns), checks that each one has a consumer and a
provider name and that all of them belong to one consumer, then follows the index's
``pb:publish-contracts`` link and ``POST``\\ s, like the Rust ``pact broker publish``::

    {"pacticipantName", "pacticipantVersionNumber", "branch", "tags", "buildUrl",
     "contracts": [{"consumerName", "providerName", "specification": "pact",
                    "contentType": "application/json", "content": <base64 of the pact JSON>,
                    "onConflict": "overwrite"}]}

A broker older than the contracts endpoint (no ``pb:publish-contracts``) is published to the older way:
``PUT`` the branch version (``pb:pacticipant-branch-version``), each tag (``pb:pacticipant-version-tag``),
then ``PUT`` each pact to ``pb:publish-pact``.
"""

from __future__ import annotations

import base64
import glob
import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from accord.errors import ConfigurationError, PactFileError
from accord.model import load_pact

from ._hal import HalClient

__all__ = ["PactToPublish", "PublishResult", "find_pact_files", "publish", "read_pact_file"]


@dataclass(frozen=True)
class PactToPublish:
    """One pact file read for publishing.

    Attributes:
        path: where it was read.
        consumer: ``consumer.name``.
        provider: ``provider.name``.
        document: the parsed pact.
    """

    path: Path
    consumer: str
    provider: str
    document: dict[str, Any]

    def content(self) -> str:
        """The pact as compact JSON in base64, the form ``/contracts/publish`` takes."""
        text = json.dumps(self.document, separators=(",", ":"), ensure_ascii=False)
        return base64.b64encode(text.encode("utf-8")).decode("ascii")


@dataclass
class PublishResult:
    """What the broker said about a publication.

    Attributes:
        consumer: the consumer published for.
        version: its version number.
        pacts: the pacts sent.
        messages: the broker's log lines (``logs[].message`` or notices), in order.
        links: the broker's links to the published pacts (``pb:contracts`` hrefs), when given.
    """

    consumer: str
    version: str
    pacts: list[PactToPublish]
    messages: list[str] = field(default_factory=list)
    links: list[str] = field(default_factory=list)


def find_pact_files(paths: list[str]) -> list[Path]:
    """Expand files, directories (their ``*.json`` files) and glob patterns, sorted and deduplicated.

    Raises:
        PactFileError: a path matches nothing, or a directory holds no ``.json`` file.
    """
    found: list[Path] = []
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            files = sorted(p for p in path.glob("*.json") if p.is_file())
            if not files:
                raise PactFileError(
                    f"the directory {raw} holds no .json pact files",
                    hint="run the consumer's contract tests first, or give the directory they write to",
                )
        elif path.is_file():
            files = [path]
        else:
            files = sorted(Path(p) for p in glob.glob(raw, recursive=True) if Path(p).is_file())
            if not files:
                raise PactFileError(
                    f"no pact file at {raw}",
                    hint="give pact files, directories of pact files or glob patterns such as 'pacts/*.json'",
                )
        found.extend(f for f in files if f not in found)
    return found


def read_pact_file(path: Path) -> PactToPublish:
    """Read one pact file and its consumer and provider names.

    Raises:
        PactFileError: unreadable, not JSON, without ``consumer.name`` / ``provider.name``, or a pact
            that ``accord pact validate`` rejects (an invalid regex, an unknown matcher...): a broken
            contract is refused here rather than failing every provider's verification later.
    """
    try:
        document = json.loads(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise PactFileError(
            f"cannot read the pact file {path}: {exc.strerror}", hint="check the path"
        ) from None
    except ValueError as exc:
        raise PactFileError(
            f"the pact file {path} is not valid JSON ({exc})",
            hint="regenerate it with the consumer's contract tests",
        ) from None
    names = []
    for role in ("consumer", "provider"):
        party = document.get(role) if isinstance(document, dict) else None
        name = party.get("name") if isinstance(party, dict) else None
        if not isinstance(name, str) or not name.strip():
            raise PactFileError(
                f"the pact file {path} has no {role}.name",
                hint='a pact file names its consumer and provider: {"consumer": {"name": ...}, ...}',
            )
        names.append(name)
    try:
        load_pact(document)
    except PactFileError as exc:  # the model calls a parsed dict "pact"; name the file instead
        raise PactFileError(
            f"{path}: {exc.message.removeprefix('pact: ')}",
            hint=f"{exc.hint + ' ' if exc.hint else ''}Check it with `accord pact validate {path}`.",
        ) from None
    return PactToPublish(path, names[0], names[1], document)


def publish(
    hal: HalClient,
    paths: list[str],
    *,
    version: str,
    branch: str | None = None,
    tags: tuple[str, ...] = (),
    build_url: str | None = None,
) -> PublishResult:
    """Publish the pact files under ``paths`` as ``version`` of their consumer.

    Raises:
        PactFileError: a file cannot be read (see ``read_pact_file``).
        ConfigurationError: no version, or files of more than one consumer.
        BrokerError: the broker refused the publication (its message is included).
    """
    if not version:
        raise ConfigurationError(
            "no consumer version to publish the pacts as",
            hint="pass --consumer-app-version (e.g. the commit SHA) or --auto-detect-version-properties",
        )
    pacts = [read_pact_file(p) for p in find_pact_files(paths)]
    consumers = sorted({p.consumer for p in pacts})
    if len(consumers) > 1:
        raise ConfigurationError(
            f"the pact files belong to several consumers ({', '.join(consumers)})",
            hint="publish each consumer's pacts with its own command and version",
        )
    result = PublishResult(consumers[0], version, pacts)
    index = hal.index()
    if hal.has_link(index, "pb:publish-contracts"):
        _publish_contracts(hal, index, result, branch=branch, tags=tags, build_url=build_url)
    else:
        _publish_pacts_one_by_one(hal, index, result, branch, tags)
    return result


def _publish_contracts(
    hal: HalClient,
    index: dict[str, Any],
    result: PublishResult,
    *,
    branch: str | None,
    tags: tuple[str, ...],
    build_url: str | None,
) -> None:
    body: dict[str, Any] = {"pacticipantName": result.consumer, "pacticipantVersionNumber": result.version}
    if branch:
        body["branch"] = branch
    if tags:
        body["tags"] = list(tags)
    if build_url:
        body["buildUrl"] = build_url
    body["contracts"] = [
        {
            "consumerName": pact.consumer,
            "providerName": pact.provider,
            "specification": "pact",
            "contentType": "application/json",
            "content": pact.content(),
            "onConflict": "overwrite",
        }
        for pact in result.pacts
    ]
    answer = hal.post(hal.link(index, "pb:publish-contracts"), body)
    for entry in answer.get("logs") or answer.get("notices") or []:
        if isinstance(entry, dict) and entry.get("message" if "message" in entry else "text"):
            result.messages.append(str(entry.get("message") or entry.get("text")))
    contracts = (answer.get("_links") or {}).get("pb:contracts") or []
    result.links = [c["href"] for c in contracts if isinstance(c, dict) and isinstance(c.get("href"), str)]


def _publish_pacts_one_by_one(
    hal: HalClient, index: dict[str, Any], result: PublishResult, branch: str | None, tags: tuple[str, ...]
) -> None:
    who = {"pacticipant": result.consumer, "version": result.version}
    if branch and hal.has_link(index, "pb:pacticipant-branch-version"):
        hal.put(hal.link(index, "pb:pacticipant-branch-version", branch=branch, **who), {})
    for tag in tags:
        hal.put(hal.link(index, "pb:pacticipant-version-tag", tag=tag, **who), {})
    for pact in result.pacts:
        url = hal.link(
            index,
            "pb:publish-pact",
            provider=pact.provider,
            consumer=pact.consumer,
            consumerApplicationVersion=result.version,
        )
        hal.put(url, pact.document)
        result.links.append(url)
        result.messages.append(
            f"Published pact for consumer {pact.consumer} version {result.version} "
            f"and provider {pact.provider}"
        )
