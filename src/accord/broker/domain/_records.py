"""The broker's facts as frozen records, and `Estate`: the slice of them one question needs.

The domain functions (matrix, can-i-deploy, consumer version selectors, pending and WIP pacts) read only
these records. `accord.broker.storage` loads an `Estate` holding just the rows a question touches; the
tests build one by hand. Nothing here knows about SQL or HTTP.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime
from functools import cached_property

from accord.errors import AccordError


class BrokerQueryError(AccordError):
    """Raised when a matrix, can-i-deploy or pacts-for-verification query is invalid (HTTP 400).

    Attributes:
        errors: every problem found, one sentence each, keyed by the parameter at fault.
    """

    status_code = 400

    def __init__(self, errors: dict[str, list[str]], *, hint: str | None = None) -> None:
        flat = [f"{key}: {message}" if key else message for key, msgs in errors.items() for message in msgs]
        super().__init__("; ".join(flat), hint=hint)
        self.errors = errors


@dataclass(frozen=True)
class Pacticipant:
    """An application taking part in contracts: a consumer, a provider or both."""

    id: int
    name: str
    main_branch: str | None = None


@dataclass(frozen=True)
class Version:
    """One version of a pacticipant, with the branches it belongs to and its tags.

    ``order`` grows with creation: "latest" always means the highest order.
    """

    id: int
    pacticipant_id: int
    number: str
    order: int
    created_at: datetime
    branches: tuple[str, ...] = ()
    tags: tuple[str, ...] = ()


@dataclass(frozen=True)
class Branch:
    """A pacticipant's branch; ``created_at`` is when its first version was recorded on it."""

    pacticipant_id: int
    name: str
    created_at: datetime


@dataclass(frozen=True)
class PactPublication:
    """A pact published by a consumer version for a provider (one revision of it).

    ``pact_version_sha`` identifies the content: two consumer versions publishing identical content
    share it, and a verification of that content counts for both.
    """

    id: int
    consumer_id: int
    provider_id: int
    consumer_version_id: int
    pact_version_sha: str
    created_at: datetime
    revision: int = 1
    interaction_count: int = 0


@dataclass(frozen=True)
class Verification:
    """The result of a provider version verifying a pact's content."""

    id: int
    pact_version_sha: str
    consumer_id: int
    provider_id: int
    provider_version_id: int
    success: bool
    executed_at: datetime
    number: int = 1
    wip: bool = False


@dataclass(frozen=True)
class Environment:
    """A deployment environment (``test``, ``production``...)."""

    id: int
    name: str
    uuid: str = ""
    production: bool = False
    display_name: str | None = None
    created_at: datetime = datetime(1970, 1, 1, tzinfo=UTC)


@dataclass(frozen=True)
class DeployedVersion:
    """A version recorded as deployed to an environment (``current`` until undeployed)."""

    id: int
    version_id: int
    environment_id: int
    created_at: datetime
    current: bool = True
    target: str | None = None


@dataclass(frozen=True)
class ReleasedVersion:
    """A version recorded as released to an environment (``supported`` until support ends)."""

    id: int
    version_id: int
    environment_id: int
    created_at: datetime
    supported: bool = True


@dataclass(frozen=True)
class Estate:
    """The records one question needs, with the indexes the domain functions use.

    The storage layer fills it with only the relevant rows; a missing row means "does not exist" to
    the domain, so a loader must include every row that could change the answer. ``integration_pairs``
    lists (consumer id, provider id) pairs known to have pacts, so that a loader need not load every
    publication of a popular provider just to learn who its consumers are.
    """

    pacticipants: tuple[Pacticipant, ...] = ()
    versions: tuple[Version, ...] = ()
    publications: tuple[PactPublication, ...] = ()
    verifications: tuple[Verification, ...] = ()
    environments: tuple[Environment, ...] = ()
    deployed_versions: tuple[DeployedVersion, ...] = ()
    released_versions: tuple[ReleasedVersion, ...] = ()
    branches: tuple[Branch, ...] = ()
    integration_pairs: tuple[tuple[int, int], ...] = ()

    # -- pacticipants and versions -------------------------------------------------------------

    @cached_property
    def pacticipant_by_id(self) -> dict[int, Pacticipant]:
        """Pacticipants keyed by id."""
        return {p.id: p for p in self.pacticipants}

    @cached_property
    def _pacticipant_by_folded_name(self) -> dict[str, Pacticipant]:
        return {p.name.casefold(): p for p in self.pacticipants}

    def pacticipant_named(self, name: str) -> Pacticipant | None:
        """The pacticipant with this name (case-insensitive, as the Pact Broker's default), or None."""
        return self._pacticipant_by_folded_name.get(name.casefold())

    @cached_property
    def version_by_id(self) -> dict[int, Version]:
        """Versions keyed by id."""
        return {v.id: v for v in self.versions}

    @cached_property
    def versions_of(self) -> dict[int, list[Version]]:
        """Each pacticipant's versions, newest (highest order) first."""
        grouped: dict[int, list[Version]] = defaultdict(list)
        for version in self.versions:
            grouped[version.pacticipant_id].append(version)
        for versions in grouped.values():
            versions.sort(key=lambda v: v.order, reverse=True)
        return dict(grouped)

    def version_numbered(self, pacticipant_id: int, number: str) -> Version | None:
        """The pacticipant's version with this number, or None."""
        return self._version_by_number.get((pacticipant_id, number))

    @cached_property
    def _version_by_number(self) -> dict[tuple[int, str], Version]:
        return {(v.pacticipant_id, v.number): v for v in self.versions}

    def branch_created_at(self, pacticipant_id: int, branch: str) -> datetime | None:
        """When the pacticipant's branch was created, or None when it does not exist."""
        for record in self.branches:
            if record.pacticipant_id == pacticipant_id and record.name == branch:
                return record.created_at
        dates = [v.created_at for v in self.versions_of.get(pacticipant_id, ()) if branch in v.branches]
        return min(dates) if dates else None

    def tag_created_at(self, pacticipant_id: int, tag: str) -> datetime | None:
        """When the pacticipant first used this tag (its oldest tagged version), or None."""
        dates = [v.created_at for v in self.versions_of.get(pacticipant_id, ()) if tag in v.tags]
        return min(dates) if dates else None

    # -- environments ----------------------------------------------------------------------------

    @cached_property
    def environment_by_id(self) -> dict[int, Environment]:
        """Environments keyed by id."""
        return {e.id: e for e in self.environments}

    def environment_named(self, name: str) -> Environment | None:
        """The environment with this name, or None."""
        return next((e for e in self.environments if e.name == name), None)

    def current_deployments(self, environment_id: int | None = None) -> list[DeployedVersion]:
        """Deployments still current, in one environment or in all."""
        return [
            d
            for d in self.deployed_versions
            if d.current and (environment_id is None or d.environment_id == environment_id)
        ]

    def supported_releases(self, environment_id: int | None = None) -> list[ReleasedVersion]:
        """Releases still supported, in one environment or in all."""
        return [
            r
            for r in self.released_versions
            if r.supported and (environment_id is None or r.environment_id == environment_id)
        ]

    def versions_in_environment(self, pacticipant_id: int, environment_id: int) -> list[Version]:
        """The pacticipant's versions currently deployed or released-and-supported in the environment.

        Newest first, each once.
        """
        ids = {d.version_id for d in self.current_deployments(environment_id)}
        ids |= {r.version_id for r in self.supported_releases(environment_id)}
        return [v for v in self.versions_of.get(pacticipant_id, ()) if v.id in ids]

    # -- pacts and verifications -----------------------------------------------------------------

    @cached_property
    def latest_publications(self) -> list[PactPublication]:
        """The latest revision of each (consumer version, provider) pact, oldest first."""
        latest: dict[tuple[int, int], PactPublication] = {}
        for pub in self.publications:
            key = (pub.consumer_version_id, pub.provider_id)
            current = latest.get(key)
            if current is None or (pub.revision, pub.id) > (current.revision, current.id):
                latest[key] = pub
        return sorted(latest.values(), key=lambda p: p.id)

    @cached_property
    def publications_by_consumer_version(self) -> dict[int, list[PactPublication]]:
        """Latest pact revisions keyed by consumer version id."""
        grouped: dict[int, list[PactPublication]] = defaultdict(list)
        for pub in self.latest_publications:
            grouped[pub.consumer_version_id].append(pub)
        return dict(grouped)

    @cached_property
    def verifications_by_sha(self) -> dict[str, list[Verification]]:
        """Verifications keyed by the pact content they verified, oldest first."""
        grouped: dict[str, list[Verification]] = defaultdict(list)
        for verification in sorted(self.verifications, key=lambda v: v.id):
            grouped[verification.pact_version_sha].append(verification)
        return dict(grouped)

    def successful_verifications(self, sha: str, provider_id: int) -> list[Verification]:
        """Successful, non-WIP verifications of the pact content by the provider."""
        return [
            v
            for v in self.verifications_by_sha.get(sha, ())
            if v.success and not v.wip and v.provider_id == provider_id
        ]


def unique(items: Iterable[str]) -> list[str]:
    """The items in first-seen order, each once."""
    return list(dict.fromkeys(items))


__all__ = [
    "Branch",
    "BrokerQueryError",
    "DeployedVersion",
    "Environment",
    "Estate",
    "PactPublication",
    "Pacticipant",
    "ReleasedVersion",
    "Verification",
    "Version",
    "unique",
]
