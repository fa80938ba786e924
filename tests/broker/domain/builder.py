"""A small builder of broker estates for table-driven domain tests."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta

from accord.broker.domain import (
    Branch,
    DeployedVersion,
    Environment,
    Estate,
    Pacticipant,
    PactPublication,
    ReleasedVersion,
    Verification,
    Version,
)

T0 = datetime(2026, 1, 1, tzinfo=UTC)


@dataclass
class EstateBuilder:
    """Records facts in order; each fact happens one minute after the previous one."""

    pacticipants: dict[str, Pacticipant] = field(default_factory=dict)
    versions: dict[tuple[str, str], Version] = field(default_factory=dict)
    publications: list[PactPublication] = field(default_factory=list)
    verifications: list[Verification] = field(default_factory=list)
    environments: dict[str, Environment] = field(default_factory=dict)
    deployed: list[DeployedVersion] = field(default_factory=list)
    released: list[ReleasedVersion] = field(default_factory=list)
    branches: list[Branch] = field(default_factory=list)
    clock: int = 0

    def now(self) -> datetime:
        self.clock += 1
        return T0 + timedelta(minutes=self.clock)

    def pacticipant(self, name: str, main_branch: str | None = None) -> Pacticipant:
        if name not in self.pacticipants:
            self.pacticipants[name] = Pacticipant(len(self.pacticipants) + 1, name, main_branch)
        return self.pacticipants[name]

    def version(
        self, name: str, number: str, branch: str | None = None, tags: tuple[str, ...] = ()
    ) -> Version:
        key = (name, number)
        if key not in self.versions:
            p = self.pacticipant(name)
            created = self.now()
            self.versions[key] = Version(
                len(self.versions) + 1,
                p.id,
                number,
                len(self.versions) + 1,
                created,
                (branch,) if branch else (),
                tags,
            )
            if branch and not any(b.pacticipant_id == p.id and b.name == branch for b in self.branches):
                self.branches.append(Branch(p.id, branch, created))
        return self.versions[key]

    def publish(
        self,
        consumer: str,
        number: str,
        provider: str,
        sha: str,
        *,
        branch: str | None = None,
        tags: tuple[str, ...] = (),
    ) -> PactPublication:
        version = self.version(consumer, number, branch, tags)
        pub = PactPublication(
            len(self.publications) + 1,
            self.pacticipant(consumer).id,
            self.pacticipant(provider).id,
            version.id,
            sha,
            self.now(),
        )
        self.publications.append(pub)
        return pub

    def verify(
        self,
        provider: str,
        number: str,
        sha: str,
        success: bool,
        *,
        branch: str | None = None,
        tags: tuple[str, ...] = (),
        wip: bool = False,
    ) -> Verification:
        version = self.version(provider, number, branch, tags)
        pub = next(p for p in self.publications if p.pact_version_sha == sha)
        verification = Verification(
            len(self.verifications) + 1,
            sha,
            pub.consumer_id,
            pub.provider_id,
            version.id,
            success,
            self.now(),
            wip=wip,
        )
        self.verifications.append(verification)
        return verification

    def environment(self, name: str) -> Environment:
        if name not in self.environments:
            self.environments[name] = Environment(len(self.environments) + 1, name, f"uuid-{name}")
        return self.environments[name]

    def deploy(self, name: str, number: str, env: str, current: bool = True) -> None:
        version = self.version(name, number)
        self.deployed.append(
            DeployedVersion(len(self.deployed) + 1, version.id, self.environment(env).id, self.now(), current)
        )

    def release(self, name: str, number: str, env: str, supported: bool = True) -> None:
        version = self.version(name, number)
        self.released.append(
            ReleasedVersion(
                len(self.released) + 1, version.id, self.environment(env).id, self.now(), supported
            )
        )

    def build(self) -> Estate:
        return Estate(
            pacticipants=tuple(self.pacticipants.values()),
            versions=tuple(self.versions.values()),
            publications=tuple(self.publications),
            verifications=tuple(self.verifications),
            environments=tuple(self.environments.values()),
            deployed_versions=tuple(self.deployed),
            released_versions=tuple(self.released),
            branches=tuple(self.branches),
        )
