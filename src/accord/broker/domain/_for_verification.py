"""Pacts for verification: pending status, work-in-progress pacts and the notices a verifier prints.

Rules implemented (Pact Broker, ``doc/views/pending-provider-pacts.markdown`` and ``wip_pacts_spec.rb``):

- Pending: "a pact is pending for a provider branch until a successful verification result has been
  published by a version of the provider from that branch" (or, with provider tags, from a version with
  that tag); a success from another branch (tag) before this branch (tag) was created also counts, so a
  new feature branch does not start out with everything pending. Without a branch or tags, a pact is
  pending until any version of the provider has verified it successfully.
- WIP: with ``includeWipPactsSince``, the latest pact of every consumer branch and of every consumer tag
  published since that date, that was not explicitly selected and that is still pending for the
  provider's branch (tags), is added with ``wip: true`` and ``pending: true``. Successes published by
  WIP verifications do not count here (the Pact Broker's ``successfully_verified_by_provider_branch_
  when_not_wip``): a WIP pact that passes stays WIP until a verification that selected it explicitly
  passes. They do count for the pending status of an explicitly selected pact.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import datetime

from accord.broker.domain._records import (
    Estate,
    Pacticipant,
    PactPublication,
    Verification,
    Version,
    unique,
)
from accord.broker.domain._selectors import (
    ConsumerVersionSelector,
    ResolvedSelector,
    SelectedPact,
    select_pacts,
)

READ_MORE_PENDING = "Read more at https://docs.pact.io/go/pending"
READ_MORE_WIP = "Read more at https://docs.pact.io/go/wip"


@dataclass(frozen=True)
class VerifiablePact:
    """A pact to verify, with its pending/WIP status as seen by one provider branch or tag set."""

    selected: SelectedPact
    pending: bool | None = None
    wip: bool = False
    provider_branch: str | None = None
    pending_provider_tags: tuple[str, ...] = ()
    non_pending_provider_tags: tuple[str, ...] = ()

    @property
    def consumer(self) -> Pacticipant:
        """The consumer that published the pact."""
        return self.selected.consumer

    @property
    def provider(self) -> Pacticipant:
        """The provider asked to verify it."""
        return self.selected.provider

    @property
    def consumer_version(self) -> Version:
        """The latest consumer version whose pact has this content."""
        return self.selected.consumer_version

    @property
    def pact_version_sha(self) -> str:
        """The content's identity."""
        return self.selected.publication.pact_version_sha

    @property
    def name(self) -> str:
        """``Pact between web (1.0.0) and catalog``: the link name the verifier shows."""
        return f"Pact between {self.consumer.name} ({self.consumer_version.number}) and {self.provider.name}"


def is_pending_for_branch(
    estate: Estate, pub: PactPublication, provider_id: int, branch: str, *, count_wip: bool = True
) -> bool:
    """Pending for a provider branch: no success from that branch, nor from another before it existed
    (``count_wip=False``: successes of WIP verifications do not count, as for choosing WIP pacts)."""
    created = estate.branch_created_at(provider_id, branch)
    for verification in _successes(estate, pub, provider_id, count_wip):
        branches = estate.version_by_id[verification.provider_version_id].branches
        if branch in branches:
            return False
        others = [b for b in branches if b != branch]
        if others and (created is None or verification.executed_at < created):
            return False
    return True


def pending_provider_tags(
    estate: Estate, pub: PactPublication, provider_id: int, tags: list[str], *, count_wip: bool = True
) -> list[str]:
    """The provider tags for which the pact is still pending (same rule as branches, with tags)."""
    pending: list[str] = []
    successes = _successes(estate, pub, provider_id, count_wip)
    for tag in tags:
        created = estate.tag_created_at(provider_id, tag)
        verified = False
        for verification in successes:
            version_tags = estate.version_by_id[verification.provider_version_id].tags
            if tag in version_tags or (
                [t for t in version_tags if t != tag]
                and (created is None or verification.executed_at < created)
            ):
                verified = True
                break
        if not verified:
            pending.append(tag)
    return pending


def _successes(
    estate: Estate, pub: PactPublication, provider_id: int, count_wip: bool = True
) -> list[Verification]:
    return [
        v
        for v in estate.verifications_by_sha.get(pub.pact_version_sha, ())
        if v.success
        and (count_wip or not v.wip)
        and v.provider_id == provider_id
        and v.provider_version_id in estate.version_by_id
    ]


def pacts_for_verification(
    estate: Estate,
    provider: Pacticipant,
    selectors: list[ConsumerVersionSelector],
    *,
    provider_version_branch: str | None = None,
    provider_version_tags: list[str] | None = None,
    include_pending_status: bool = False,
    include_wip_pacts_since: datetime | None = None,
) -> list[VerifiablePact]:
    """Everything a provider version must verify: the selected pacts, then the WIP pacts.

    Args:
        estate: the provider's pacts, their consumer versions, the verifications of their contents by
            the provider (with the provider versions' branches and tags), deployments and releases.
        provider: the provider asking.
        selectors: parsed consumer version selectors (empty for the defaults).
        provider_version_branch: the branch of the provider version about to verify.
        provider_version_tags: its tags (the older way of saying the same).
        include_pending_status: compute and report ``pending``.
        include_wip_pacts_since: include WIP pacts published since then (needs a branch or tags).

    Returns:
        Verifiable pacts, explicitly selected ones first, each in the Pact Broker's order.
    """
    tags = list(provider_version_tags or [])
    selected = select_pacts(estate, provider, selectors, provider_version_branch=provider_version_branch)
    explicit = [
        _with_pending(estate, s, provider_version_branch, tags, include_pending_status) for s in selected
    ]
    wip: list[VerifiablePact] = []
    if include_wip_pacts_since is not None and (provider_version_branch or tags):
        wip = wip_pacts(
            estate,
            provider,
            selected,
            since=include_wip_pacts_since,
            branch=provider_version_branch,
            tags=tags,
        )
    return explicit + wip


def _with_pending(
    estate: Estate, selected: SelectedPact, branch: str | None, tags: list[str], include: bool
) -> VerifiablePact:
    if not include:
        return VerifiablePact(selected)
    pub, provider_id = selected.publication, selected.provider.id
    pending_tags: list[str] = []
    if branch:
        pending = is_pending_for_branch(estate, pub, provider_id, branch)
    elif tags:
        pending_tags = pending_provider_tags(estate, pub, provider_id, tags)
        pending = bool(pending_tags)
    else:
        pending = not _successes(estate, pub, provider_id)
    return VerifiablePact(
        selected,
        pending=pending,
        provider_branch=branch,
        pending_provider_tags=tuple(pending_tags),
        non_pending_provider_tags=tuple(t for t in tags if t not in pending_tags),
    )


def _heads(
    estate: Estate, pubs: list[PactPublication], labels: Callable[[Version], tuple[str, ...]]
) -> dict[tuple[int, str], PactPublication]:
    """The latest pact for each (consumer, branch) or (consumer, tag)."""
    heads: dict[tuple[int, str], PactPublication] = {}
    for pub in pubs:
        version = estate.version_by_id[pub.consumer_version_id]
        for label in labels(version):
            key = (pub.consumer_id, label)
            best = heads.get(key)
            if best is None or version.order > estate.version_by_id[best.consumer_version_id].order:
                heads[key] = pub
    return heads


def wip_pacts(
    estate: Estate,
    provider: Pacticipant,
    explicit: list[SelectedPact],
    *,
    since: datetime,
    branch: str | None,
    tags: list[str],
) -> list[VerifiablePact]:
    """The work-in-progress pacts (see the module docstring for the rule)."""
    pubs = [p for p in estate.latest_publications if p.provider_id == provider.id]
    explicit_keys = {(s.consumer.id, s.publication.pact_version_sha) for s in explicit}
    candidates: list[tuple[PactPublication, ConsumerVersionSelector]] = []
    for (_, name), pub in _heads(estate, pubs, lambda v: v.branches).items():
        candidates.append((pub, ConsumerVersionSelector(branch=name, latest=True)))
    for (_, name), pub in _heads(estate, pubs, lambda v: v.tags).items():
        candidates.append((pub, ConsumerVersionSelector(tag=name, latest=True)))
    candidates = [
        (pub, sel)
        for pub, sel in candidates
        if pub.created_at >= since and (pub.consumer_id, pub.pact_version_sha) not in explicit_keys
    ]
    found: list[VerifiablePact] = []
    for pub, sel in candidates:
        version = estate.version_by_id[pub.consumer_version_id]
        consumer = estate.pacticipant_by_id[pub.consumer_id]
        resolved = ResolvedSelector(selector=sel, consumer_name=consumer.name, consumer_version=version)
        selected = SelectedPact(pub, consumer, provider, version, (resolved,))
        if branch:
            if is_pending_for_branch(estate, pub, provider.id, branch, count_wip=False):
                found.append(VerifiablePact(selected, pending=True, wip=True, provider_branch=branch))
        else:
            for tag in pending_provider_tags(estate, pub, provider.id, tags, count_wip=False):
                found.append(VerifiablePact(selected, pending=True, wip=True, pending_provider_tags=(tag,)))
    return _deduplicate(estate, found)


def _deduplicate(estate: Estate, pacts: list[VerifiablePact]) -> list[VerifiablePact]:
    grouped: dict[tuple[int, str], list[VerifiablePact]] = defaultdict(list)
    for vp in pacts:
        grouped[(vp.consumer.id, vp.pact_version_sha)].append(vp)
    merged: list[VerifiablePact] = []
    for group in grouped.values():
        first = max(group, key=lambda vp: vp.consumer_version.order)
        selectors = sorted({s for vp in group for s in vp.selected.selectors}, key=ResolvedSelector.sort_key)
        merged.append(
            replace(
                first,
                selected=replace(first.selected, selectors=tuple(selectors)),
                pending_provider_tags=tuple(unique(t for vp in group for t in vp.pending_provider_tags)),
            )
        )
    return sorted(merged, key=lambda vp: (vp.consumer.name, vp.consumer_version.order))


__all__ = [
    "READ_MORE_PENDING",
    "READ_MORE_WIP",
    "VerifiablePact",
    "is_pending_for_branch",
    "pacts_for_verification",
    "pending_provider_tags",
    "wip_pacts",
]
