"""The pact file: consumer, provider, interactions and metadata, in any specification version.

Pact v1-v3: "a pact file holds ``consumer.name``, ``provider.name``, ``interactions[]`` and
``metadata``"; v3 message pacts hold ``messages[]`` instead; v4 puts "every kind of interaction
together" in ``interactions[]`` and "``metadata.pactSpecification.version`` is required".

`load_pact` reads and checks a pact; `Pact.to_json` writes it back in the version it was read in
(a round trip keeps the document's meaning and version); `Pact.upgrade` converts v1-v3 to v4;
`Pact.add_interaction` merges interactions the way several tests writing one pact need.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterable, Mapping
from dataclasses import field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from accord.errors import PactFileError
from accord.model._interactions import (
    AsyncMessage,
    HttpInteraction,
    Interaction,
    SyncMessage,
    parse_interaction,
)
from accord.model._parts import Where
from accord.model._record import MutableRecord
from accord.model._versions import (
    DEFAULT_MAX_BYTES,
    SpecVersion,
    declared_version,
    infer_version,
    read_document,
)

if TYPE_CHECKING:  # checkers see the dataclass this class behaves as
    from dataclasses import dataclass
else:  # at run time, without compiling generated methods at import (see _record)
    from accord.model._record import dataclass

_TOP_KEYS = frozenset({"consumer", "provider", "interactions", "messages", "metadata"})


def _pacticipant(document: dict[str, Any], role: str, where: Where) -> dict[str, Any]:
    value = document.get(role)
    if value is None:
        raise (where / role).error(f"the pact names no {role}", f'Add "{role}": {{"name": "..."}}.')
    where.expect_at(role, value, dict, f"the {role} object", f'{{"name": "my-{role}"}}')
    name = value.get("name")
    if not isinstance(name, str) or not name.strip():
        raise (where / role / "name").error(
            f"the {role} needs a non-empty name, got {json.dumps(name)}",
            f'Write "{role}": {{"name": "my-{role}"}}.',
        )
    return dict(value)


@dataclass
class Pact(MutableRecord):
    """A pact: what one consumer expects of one provider.

    Attributes:
        consumer: the consumer object (``{"name": ...}`` plus anything else the file says).
        provider: the provider object.
        interactions: HTTP interactions and messages, in file order.
        metadata: the file's metadata (the spec version entry is rewritten on save).
        spec: the specification version the pact is written in.
        source: where it was read from, for messages.
        extra: top-level attributes Accord does not read, kept for saving.
    """

    consumer: dict[str, Any]
    provider: dict[str, Any]
    interactions: list[Interaction] = field(default_factory=list)
    metadata: dict[str, Any] = field(default_factory=dict)
    spec: SpecVersion = SpecVersion.V3
    source: str = "pact"
    extra: dict[str, Any] = field(default_factory=dict)
    _arrays: tuple[bool, bool] = (True, False)

    @property
    def consumer_name(self) -> str:
        """The consumer's name."""
        return str(self.consumer["name"])

    @property
    def provider_name(self) -> str:
        """The provider's name."""
        return str(self.provider["name"])

    @property
    def http_interactions(self) -> list[HttpInteraction]:
        """The HTTP interactions only."""
        return [i for i in self.interactions if isinstance(i, HttpInteraction)]

    @property
    def messages(self) -> list[AsyncMessage | SyncMessage]:
        """The messages (asynchronous and synchronous) only."""
        return [i for i in self.interactions if isinstance(i, AsyncMessage | SyncMessage)]

    @classmethod
    def new(cls, consumer: str, provider: str, spec: SpecVersion | str = SpecVersion.V4) -> Pact:
        """An empty pact between two named pacticipants."""
        version = SpecVersion.parse(spec)
        return cls({"name": consumer}, {"name": provider}, spec=version, _arrays=(True, False))

    def _metadata_json(self, spec: SpecVersion) -> dict[str, Any]:
        metadata = dict(self.metadata)
        _, key = declared_version(metadata)
        if key is None or spec != self.spec:
            for old in ("pact-specification", "pactSpecificationVersion"):
                metadata.pop(old, None)
            key = "pactSpecification"
        if key == "pactSpecificationVersion":
            metadata[key] = spec.version_string
        else:
            entry = metadata.get(key)
            metadata[key] = {**(entry if isinstance(entry, dict) else {}), "version": spec.version_string}
        return metadata

    def to_json(self) -> dict[str, Any]:
        """The pact as a JSON document in its own specification version.

        Raises:
            PactFileError: when an interaction cannot be written in this version (a synchronous
                message in a v3 pact).
        """
        out: dict[str, Any] = {**self.extra, "consumer": self.consumer, "provider": self.provider}
        if self.spec >= SpecVersion.V4:
            out["interactions"] = [i.to_json(self.spec) for i in self.interactions]
        else:
            for item in self.interactions:
                if isinstance(item, SyncMessage):
                    raise PactFileError(
                        f"{self.source}: the synchronous message {item.description!r} cannot be written in a "
                        f"{self.spec.label} pact.",
                        hint="Upgrade the pact to v4 (pact.upgrade('v4')) before saving it.",
                    )
            http = [i.to_json(self.spec) for i in self.http_interactions]
            messages = [i.to_json(self.spec) for i in self.interactions if isinstance(i, AsyncMessage)]
            if http or self._arrays[0] or not messages:
                out["interactions"] = http
            if messages or self._arrays[1]:
                out["messages"] = messages
        out["metadata"] = self._metadata_json(self.spec)
        return out

    def to_text(self) -> str:
        """The pact as pretty-printed JSON text (2-space indent, a final newline).

        Raises:
            PactFileError: when an example holds a value JSON cannot represent (a date, NaN...).
        """
        try:
            return json.dumps(self.to_json(), indent=2, ensure_ascii=False, allow_nan=False) + "\n"
        except (TypeError, ValueError) as exc:
            raise PactFileError(
                f"{self.source}: the pact holds a value JSON cannot represent ({exc}).",
                hint="Use only JSON values (strings, numbers, booleans, null, lists, dicts) in examples.",
            ) from None

    def save(self, path: str | os.PathLike[str]) -> Path:
        """Write the pact as pretty JSON, atomically (a temporary file renamed over the target).

        Readers never see a half-written pact, even when several processes write the same file.

        Raises:
            PactFileError: when the directory cannot be written.
        """
        return write_atomically(path, self.to_text())

    def upgrade(self, to: SpecVersion | str = SpecVersion.V4) -> Pact:
        """Convert the pact, in place, to a later specification version; returns the pact.

        v2/v3 to v4 (Pact v4, "Upgrading"): interactions gain a ``type``; bodies become
        ``{"content", "contentType", "encoded"}``; query strings become maps of lists and header
        values lists; v2 flat rules become categories (message rules: ``content``);
        ``providerState`` becomes ``providerStates``; v3 ``messages`` join ``interactions``.

        Raises:
            PactFileError: when asked for an earlier version than the pact's, or when two
                interactions share a description and provider states (v4 forbids it).
        """
        target = SpecVersion.parse(to)
        if target < self.spec:
            raise PactFileError(
                f"{self.source}: cannot convert a {self.spec.label} pact down to {target.label}.",
                hint="Only upgrades are supported (e.g. accord pact upgrade FILE --to v4).",
            )
        if target == self.spec:
            return self
        if target >= SpecVersion.V4:
            seen: set[tuple[str, str, str]] = set()
            for item in self.interactions:
                identity = item.identity()
                if identity in seen:
                    raise PactFileError(
                        f"{self.source}: the description {item.description!r} is used twice with the same "
                        "provider states; a v4 pact cannot hold both.",
                        hint="Rename one of the two interactions (or remove the duplicate) before upgrading.",
                    )
                seen.add(identity)
        self.interactions = [item.upgraded(target) for item in self.interactions]
        self.spec = target
        self.metadata = self._metadata_json(target)
        self._arrays = (True, False)
        return self

    def find(self, description: str) -> Interaction | None:
        """The first interaction with this description, if any."""
        return next((i for i in self.interactions if i.description == description), None)

    def add_interaction(self, interaction: Interaction | Mapping[str, Any], *, replace: bool = False) -> None:
        """Add an interaction, merging with one of the same kind, description and provider states.

        ``interaction`` may be an `Interaction` or its JSON in this pact's version (a ``type``
        says which kind; without one it is HTTP, or a message when it has ``contents``).

        An identical interaction is not added twice. A different one under the same description
        and states is a conflict (two tests disagree about what the provider does), unless
        ``replace`` is set.

        Raises:
            PactFileError: on a conflict, for a synchronous message in a pact before v4, or for
                interaction JSON that does not parse.
        """
        if isinstance(interaction, Mapping):
            where = Where(self.source, f"$.interactions[{len(self.interactions)}]")
            message = "type" not in interaction and "contents" in interaction
            interaction = parse_interaction(interaction, self.spec, where, message=message)
        if isinstance(interaction, SyncMessage) and self.spec < SpecVersion.V4:
            raise PactFileError(
                f"{self.source}: synchronous messages need a v4 pact, this one is {self.spec.label}.",
                hint="Create the pact as v4, or call pact.upgrade('v4') first.",
            )
        if interaction.spec != self.spec:
            interaction = interaction.upgraded(self.spec) if interaction.spec < self.spec else interaction
        for index, existing in enumerate(self.interactions):
            if existing.identity() != interaction.identity():
                continue
            if existing.to_json(self.spec) == interaction.to_json(self.spec) or replace:
                self.interactions[index] = interaction
                return
            states = ", ".join(s.name for s in interaction.provider_states) or "no provider state"
            raise PactFileError(
                f"{self.source}: two different interactions are both described as "
                f"{interaction.description!r} (with {states}).",
                hint="Give each interaction its own description, or make the two definitions identical.",
                description=interaction.description,
            )
        self.interactions.append(interaction)

    def merge(self, other: Pact | Iterable[Interaction]) -> Pact:
        """Add every interaction of ``other`` (see `add_interaction`); returns this pact.

        Raises:
            PactFileError: when ``other`` is a pact between other pacticipants, or on a conflict.
        """
        if isinstance(other, Pact):
            if (other.consumer_name, other.provider_name) != (self.consumer_name, self.provider_name):
                raise PactFileError(
                    f"cannot merge the pact {other.consumer_name} -> {other.provider_name} into "
                    f"{self.consumer_name} -> {self.provider_name}.",
                    hint="Only pacts between the same consumer and provider merge.",
                )
            if other.spec > self.spec:
                self.upgrade(other.spec)
            other = other.interactions
        for item in other:
            self.add_interaction(item)
        return self


def load_pact(
    source: Any,
    *,
    max_bytes: int | None = DEFAULT_MAX_BYTES,
    spec: SpecVersion | str | None = None,
    strict: bool = True,
) -> Pact:
    """Read and check a pact from a path, JSON text, bytes or a dict.

    Args:
        source: a file path (``str`` or ``os.PathLike``), JSON text, bytes or a parsed dict.
        max_bytes: the largest file read (``None``: no limit).
        spec: the version to read it as when the file does not declare one (default: judged by
            content, see `infer_version`).
        strict: check matching rules (unknown matchers, regexes, examples against their own
            regex) and generators; ``False`` reads a pact only to show or convert it.

    Raises:
        PactFileError: naming the file, the JSON path of the problem and the fix (`MatcherError`
            for rules and generators).
    """
    document, name = read_document(source, max_bytes)
    root = Where(name, "$", strict)
    root.expect(
        document, dict, "a pact object", '{"consumer": {...}, "provider": {...}, "interactions": [...]}'
    )
    try:
        declared, _ = declared_version(document.get("metadata"))
    except PactFileError as exc:
        raise (root / "metadata" / "pactSpecification").error(
            exc.message.rstrip("."), exc.hint or ""
        ) from None
    version = declared or (SpecVersion.parse(spec) if spec is not None else infer_version(document))
    consumer = _pacticipant(document, "consumer", root)
    provider = _pacticipant(document, "provider", root)
    metadata = document.get("metadata") or {}
    root.expect_at("metadata", metadata, dict, "an object", '{"pactSpecification": {"version": "3.0.0"}}')
    interactions: list[Interaction] = []
    has = ("interactions" in document, "messages" in document)
    for key, message in (("interactions", False), ("messages", True)):
        items = document.get(key)
        if items is None:
            continue
        root.expect_at(key, items, list, "a list of interactions", "[]")
        interactions.extend(
            parse_interaction(item, version, root / key / i, message=message) for i, item in enumerate(items)
        )
    if not has[0] and not has[1]:
        raise (root / "interactions").error("the pact has no interactions", 'Add "interactions": [...].')
    if version >= SpecVersion.V4 and strict:
        seen: set[tuple[str, str, str]] = set()
        for i, item in enumerate(interactions):
            if item.identity() in seen:
                raise (root / "interactions" / i / "description").error(
                    f"the description {item.description!r} is used twice with the same provider states",
                    "v4 descriptions are unique within a file; rename one of them.",
                )
            seen.add(item.identity())
    extra = {k: v for k, v in document.items() if k not in _TOP_KEYS}
    return Pact(consumer, provider, interactions, dict(metadata), version, name, extra, has)


def write_atomically(path: str | os.PathLike[str], text: str) -> Path:
    """Write ``text`` to ``path`` through a temporary file renamed over it, creating the folder.

    Readers never see a half-written file, even when several processes write the same path.

    Raises:
        PactFileError: when the file or its directory cannot be written.
    """
    import tempfile  # noqa: PLC0415 - only when writing: with shutil, bz2 and lzma it costs ~3 ms

    target = Path(path)
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        handle, temp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
        try:
            with os.fdopen(handle, "w", encoding="utf-8") as stream:
                stream.write(text)
            os.replace(temp, target)
        except BaseException:
            Path(temp).unlink(missing_ok=True)
            raise
    except OSError as exc:
        raise PactFileError(
            f"{target}: the pact cannot be written ({exc.strerror}).",
            hint="Check that the directory exists and is writable.",
            file=str(target),
        ) from None
    return target


__all__ = ["Pact", "load_pact", "write_atomically"]
