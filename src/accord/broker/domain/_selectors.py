"""Consumer version selectors: which pacts a provider must verify.

A provider asks the broker for "the pacts for verification" with a list of consumer version selectors
(Pact Broker, ``doc/views/provider-pacts-for-verification.markdown``). Each selector names consumer
versions: ``{"mainBranch": true}`` the latest version from each consumer's main branch, ``{"branch": "b"}``
the latest from branch ``b`` (``fallbackBranch`` when there is none), ``{"matchingBranch": true}`` the
latest from the branch named like the provider's, ``{"tag": "t", "latest": true}`` the latest with tag
``t`` (``fallbackTag`` when there is none), ``{"tag": "t"}`` every version with tag ``t``,
``{"latest": true}`` each consumer's overall latest, ``{"deployed": true}`` / ``{"released": true}`` /
``{"deployedOrReleased": true}`` versions currently deployed / released and supported (optionally in one
``environment``), ``{"environment": "e"}`` versions deployed or released in ``e``; ``consumer`` narrows any
of them to one consumer. The pact selected for a consumer version is its latest revision.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, replace
from typing import Any

from accord.broker.domain._records import BrokerQueryError, Estate, Pacticipant, PactPublication, Version

_BOOLEAN_KEYS = {
    "mainBranch": "main_branch",
    "matchingBranch": "matching_branch",
    "latest": "latest",
    "deployed": "deployed",
    "released": "released",
    "deployedOrReleased": "deployed_or_released",
}
_STRING_KEYS = {
    "branch": "branch",
    "tag": "tag",
    "fallbackTag": "fallback_tag",
    "fallbackBranch": "fallback_branch",
    "environment": "environment",
    "consumer": "consumer",
}
ALLOWED_SELECTOR_KEYS = tuple(sorted([*_BOOLEAN_KEYS, *_STRING_KEYS]))

_REQUIRED_MISSING = (
    "must specify a value for environment or tag or branch, or specify mainBranch=true, matchingBranch=true, "
    "latest=true, deployed=true, released=true or deployedOrReleased=true"
)


@dataclass(frozen=True)
class ConsumerVersionSelector:
    """One consumer version selector as the provider sent it (JSON names in snake case)."""

    main_branch: bool | None = None
    matching_branch: bool | None = None
    branch: str | None = None
    fallback_branch: str | None = None
    tag: str | None = None
    fallback_tag: str | None = None
    latest: bool | None = None
    deployed: bool | None = None
    released: bool | None = None
    deployed_or_released: bool | None = None
    environment: str | None = None
    consumer: str | None = None

    @property
    def kind(self) -> str:
        """What the selector selects, in the Pact Broker's vocabulary (its ``Selector#type``)."""
        if self.main_branch:
            return "latest_for_main_branch"
        if self.branch or self.matching_branch:
            return "latest_for_branch"
        if self.deployed:
            return "currently_deployed"
        if self.released:
            return "currently_supported"
        if self.deployed_or_released or self.environment:
            return "in_environment"
        if self.tag and self.latest:
            return "latest_for_tag"
        if self.tag:
            return "all_for_tag"
        return "overall_latest"

    def to_json(self) -> dict[str, Any]:
        """The selector in the JSON form the provider sent."""
        out: dict[str, Any] = {}
        for json_key, attr in {**_BOOLEAN_KEYS, **_STRING_KEYS}.items():
            value = getattr(self, attr)
            if value is not None:
                out[json_key] = value
        return out


def parse_consumer_version_selectors(
    raw: object,
    *,
    provider_version_branch: str | None = None,
    environment_names: set[str] | None = None,
) -> list[ConsumerVersionSelector]:
    """Parse and validate the ``consumerVersionSelectors`` of a pacts-for-verification request.

    Applies the Pact Broker's rules: "cannot specify both a tag and a branch", "fallbackTag can only
    be set if latest is true", "cannot specify mainBranch=true with any other criteria apart from
    consumer", "the providerVersionBranch must be specified when the selector matchingBranch=true is
    used", and so on; unknown properties and wrong types are refused as well.

    Args:
        raw: the decoded JSON value (a list of objects), or None for the default selectors.
        provider_version_branch: the ``providerVersionBranch`` of the request.
        environment_names: the environments that exist; when given, an unknown ``environment`` is refused.

    Returns:
        The selectors, in the order given.

    Raises:
        BrokerQueryError: listing every problem, keyed by ``consumerVersionSelectors[i]``.
    """
    if raw is None:
        return []
    if not isinstance(raw, list):
        raise BrokerQueryError(
            {"consumerVersionSelectors": ["must be an array of selector objects"]},
            hint='Send e.g. "consumerVersionSelectors": [{"mainBranch": true}, '
            '{"deployedOrReleased": true}].',
        )
    errors: dict[str, list[str]] = {}
    selectors: list[ConsumerVersionSelector] = []
    for index, item in enumerate(raw):
        key = f"consumerVersionSelectors[{index}]"
        problems: list[str] = []
        selector = _parse_one(item, problems)
        if selector is not None:
            problems.extend(_contradictions(selector, provider_version_branch, environment_names))
            selectors.append(selector)
        if problems:
            errors[key] = problems
    if errors:
        raise BrokerQueryError(
            errors, hint=f"Known selector properties are: {', '.join(ALLOWED_SELECTOR_KEYS)}."
        )
    return selectors


def _parse_one(item: object, problems: list[str]) -> ConsumerVersionSelector | None:
    if not isinstance(item, dict):
        problems.append('must be an object, e.g. {"mainBranch": true}')
        return None
    values: dict[str, Any] = {}
    for json_key, value in item.items():
        if json_key in _BOOLEAN_KEYS:
            if value is None:
                continue
            if not isinstance(value, bool):
                problems.append(f"{json_key} must be true or false, got {value!r}")
                continue
            values[_BOOLEAN_KEYS[json_key]] = value
        elif json_key in _STRING_KEYS:
            if value is None:
                continue
            if not isinstance(value, str) or not value.strip():
                problems.append(f"{json_key} must be a non-empty string, got {value!r}")
                continue
            values[_STRING_KEYS[json_key]] = value
        else:
            problems.append(f"unknown selector property {json_key!r}")
    return ConsumerVersionSelector(**values)


def _contradictions(
    s: ConsumerVersionSelector, provider_branch: str | None, environment_names: set[str] | None
) -> list[str]:
    """The Pact Broker's selector validation rules, in its words."""
    problems: list[str] = []
    if not (
        s.environment
        or s.tag
        or s.branch
        or s.main_branch
        or s.matching_branch
        or s.latest
        or s.deployed
        or s.released
        or s.deployed_or_released
    ):
        problems.append(_REQUIRED_MISSING)
    if s.tag and s.branch:
        problems.append("cannot specify both a tag and a branch")
    if s.fallback_tag is not None and not s.latest:
        problems.append("fallbackTag can only be set if latest is true")
    if s.fallback_tag is not None and not s.tag:
        problems.append("a tag must be specified when a fallbackTag is specified")
    if s.fallback_branch is not None and not s.branch:
        problems.append("a branch must be specified when a fallbackBranch is specified")
    if s.fallback_branch is not None and s.latest is False:
        problems.append("fallbackBranch can only be set if latest is true")
    if s.branch and s.latest is False:
        problems.append("cannot specify a branch with latest=false")
    if s.main_branch and s.latest is False:
        problems.append("cannot specify mainBranch=true with latest=false")
    others = {k: v for k, v in s.to_json().items() if k not in {"consumer", "latest"}}
    if s.main_branch and len(others) > 1:
        problems.append("cannot specify mainBranch=true with any other criteria apart from consumer")
    if s.matching_branch and len(others) > 1:
        problems.append("cannot specify matchingBranch=true with any other criteria apart from consumer")
    if s.matching_branch and not provider_branch:
        problems.append(
            "the providerVersionBranch must be specified when the selector matchingBranch=true is used"
        )
    if s.deployed and s.released:
        problems.append("cannot specify both deployed=true and released=true")
    if s.deployed and s.deployed_or_released:
        problems.append("cannot specify both deployed=true and deployedOrReleased=true")
    if s.released and s.deployed_or_released:
        problems.append("cannot specify both released=true and deployedOrReleased=true")
    if s.environment and environment_names is not None and s.environment not in environment_names:
        problems.append(f"environment with name '{s.environment}' does not exist")
    return problems


@dataclass(frozen=True)
class ResolvedSelector:
    """A selector together with the consumer version it selected (and where that version runs)."""

    selector: ConsumerVersionSelector
    consumer_name: str
    consumer_version: Version
    environment: str | None = None
    target: str | None = None
    fallback_used: bool = False
    resolved_branch: str | None = None

    @property
    def kind(self) -> str:
        """The selector's kind (see `ConsumerVersionSelector.kind`)."""
        return self.selector.kind

    @property
    def branch(self) -> str | None:
        """The branch this selector selected from (main branch and matching branch resolved)."""
        return self.resolved_branch or self.selector.branch

    @property
    def latest_for_branch(self) -> bool:
        """True for mainBranch, branch and matchingBranch selectors."""
        return self.kind in {"latest_for_main_branch", "latest_for_branch"}

    @property
    def latest_for_tag(self) -> bool:
        """True for ``{tag, latest: true}``."""
        return self.kind == "latest_for_tag"

    def sort_key(self) -> tuple[int, str, str, int]:
        """Ordering used to list selectors: the Pact Broker lists latest-ish selectors first."""
        rank = _KIND_RANK.get(self.kind, 99)
        label = self.branch or self.selector.tag or self.environment or ""
        return (rank, label, self.selector.consumer or "", self.consumer_version.order)


_KIND_RANK = {
    "overall_latest": 0,
    "latest_for_main_branch": 1,
    "latest_for_branch": 2,
    "latest_for_tag": 3,
    "all_for_tag": 4,
    "currently_deployed": 5,
    "currently_supported": 6,
    "in_environment": 7,
}


@dataclass(frozen=True)
class SelectedPact:
    """A pact selected for verification, with every selector that selected its content."""

    publication: PactPublication
    consumer: Pacticipant
    provider: Pacticipant
    consumer_version: Version
    selectors: tuple[ResolvedSelector, ...]

    def sort_key(self) -> tuple[str, str, int]:
        """The Pact Broker's order: by consumer name, provider name, then consumer version order."""
        return (self.consumer.name.lower(), self.provider.name.lower(), self.consumer_version.order)


def default_selectors(estate: Estate, provider: Pacticipant) -> list[ConsumerVersionSelector]:
    """The selectors used when the provider sends none.

    "If no selectors are specified, the latest version from the main branch of each consumer (or the
    latest tagged with the main branch name, or else the overall latest) and all deployed and released
    versions are used."
    """
    selectors: list[ConsumerVersionSelector] = []
    for consumer in _consumers_of(estate, provider):
        versions = [
            estate.version_by_id[p.consumer_version_id] for p in _pubs_for(estate, provider, consumer)
        ]
        main = consumer.main_branch
        if main and any(main in v.branches for v in versions):
            selectors.append(ConsumerVersionSelector(main_branch=True, consumer=consumer.name))
        elif main and any(main in v.tags for v in versions):
            selectors.append(ConsumerVersionSelector(tag=main, latest=True, consumer=consumer.name))
        else:
            selectors.append(ConsumerVersionSelector(latest=True, consumer=consumer.name))
    selectors.append(ConsumerVersionSelector(deployed=True))
    selectors.append(ConsumerVersionSelector(released=True))
    return selectors


def select_pacts(
    estate: Estate,
    provider: Pacticipant,
    selectors: list[ConsumerVersionSelector],
    *,
    provider_version_branch: str | None = None,
) -> list[SelectedPact]:
    """Apply the selectors and squash the pacts that share content.

    "Where the same pact content is selected by several selectors (or for several consumer versions),
    it is returned once, for the latest consumer version, with all the selectors that matched."

    Args:
        estate: holding the provider's pact publications, their consumer versions, and the consumers'
            deployments and releases.
        provider: the provider asking.
        selectors: as parsed; empty means `default_selectors`.
        provider_version_branch: used by ``matchingBranch``.

    Returns:
        The selected pacts in the Pact Broker's order.
    """
    chosen = _split_deployed_or_released(selectors or default_selectors(estate, provider))
    found: list[tuple[PactPublication, ResolvedSelector]] = []
    for selector in chosen:
        found.extend(_apply(estate, provider, selector, provider_version_branch))
    grouped: dict[tuple[int, str], list[tuple[PactPublication, ResolvedSelector]]] = defaultdict(list)
    for pub, resolved in found:
        grouped[(pub.consumer_id, pub.pact_version_sha)].append((pub, resolved))
    selected: list[SelectedPact] = []
    for group in grouped.values():
        pub = max(group, key=lambda pair: estate.version_by_id[pair[0].consumer_version_id].order)[0]
        resolved_all = sorted({r for _, r in group}, key=ResolvedSelector.sort_key)
        selected.append(
            SelectedPact(
                publication=pub,
                consumer=estate.pacticipant_by_id[pub.consumer_id],
                provider=provider,
                consumer_version=estate.version_by_id[pub.consumer_version_id],
                selectors=tuple(resolved_all),
            )
        )
    return sorted(selected, key=SelectedPact.sort_key)


def _split_deployed_or_released(selectors: list[ConsumerVersionSelector]) -> list[ConsumerVersionSelector]:
    """``deployedOrReleased`` means one ``deployed`` and one ``released`` selector (as the Pact Broker "
    "does)."""
    out: list[ConsumerVersionSelector] = []
    for s in selectors:
        if s.deployed_or_released:
            out.append(replace(s, deployed_or_released=None, deployed=True))
            out.append(replace(s, deployed_or_released=None, released=True))
        else:
            out.append(s)
    return out


def _consumers_of(estate: Estate, provider: Pacticipant) -> list[Pacticipant]:
    ids = {p.consumer_id for p in estate.latest_publications if p.provider_id == provider.id}
    return sorted((estate.pacticipant_by_id[i] for i in ids), key=lambda c: c.name.lower())


def _pubs_for(estate: Estate, provider: Pacticipant, consumer: Pacticipant | None) -> list[PactPublication]:
    return [
        p
        for p in estate.latest_publications
        if p.provider_id == provider.id and (consumer is None or p.consumer_id == consumer.id)
    ]


def _latest_per_consumer(
    estate: Estate, pubs: list[PactPublication], keep: Any
) -> list[tuple[PactPublication, Version]]:
    best: dict[int, tuple[PactPublication, Version]] = {}
    for pub in pubs:
        version = estate.version_by_id[pub.consumer_version_id]
        if not keep(version):
            continue
        current = best.get(pub.consumer_id)
        if current is None or version.order > current[1].order:
            best[pub.consumer_id] = (pub, version)
    return list(best.values())


def _apply(
    estate: Estate,
    provider: Pacticipant,
    s: ConsumerVersionSelector,
    provider_branch: str | None,
) -> list[tuple[PactPublication, ResolvedSelector]]:
    consumer = estate.pacticipant_named(s.consumer) if s.consumer else None
    if s.consumer and consumer is None:
        return []
    pubs = _pubs_for(estate, provider, consumer)

    def resolved(
        pub: PactPublication, version: Version, **extra: Any
    ) -> tuple[PactPublication, ResolvedSelector]:
        name = estate.pacticipant_by_id[pub.consumer_id].name
        return pub, ResolvedSelector(selector=s, consumer_name=name, consumer_version=version, **extra)

    kind = s.kind
    if kind == "latest_for_main_branch":
        out = []
        for pub, version in _latest_per_consumer(
            estate, pubs, lambda v: _main_branch_of(estate, v) in v.branches
        ):
            out.append(resolved(pub, version, resolved_branch=_main_branch_of(estate, version)))
        return out
    if kind == "latest_for_branch":
        branch = provider_branch if s.matching_branch else s.branch
        hits = _latest_per_consumer(estate, pubs, lambda v: branch in v.branches)
        if hits or not s.fallback_branch:
            return [resolved(p, v, resolved_branch=branch) for p, v in hits]
        fallback = s.fallback_branch
        hits = _latest_per_consumer(estate, pubs, lambda v: fallback in v.branches)
        return [resolved(p, v, resolved_branch=fallback, fallback_used=True) for p, v in hits]
    if kind == "latest_for_tag":
        hits = _latest_per_consumer(estate, pubs, lambda v: s.tag in v.tags)
        if hits or not s.fallback_tag:
            return [resolved(p, v) for p, v in hits]
        fallback_tag = s.fallback_tag
        hits = _latest_per_consumer(estate, pubs, lambda v: fallback_tag in v.tags)
        return [resolved(p, v, fallback_used=True) for p, v in hits]
    if kind == "all_for_tag":
        return [
            resolved(p, estate.version_by_id[p.consumer_version_id])
            for p in pubs
            if s.tag in estate.version_by_id[p.consumer_version_id].tags
        ]
    if kind == "overall_latest":
        return [resolved(p, v) for p, v in _latest_per_consumer(estate, pubs, lambda v: True)]
    return _apply_environment(estate, pubs, s, resolved)


def _main_branch_of(estate: Estate, version: Version) -> str | None:
    return estate.pacticipant_by_id[version.pacticipant_id].main_branch


def _apply_environment(
    estate: Estate, pubs: list[PactPublication], s: ConsumerVersionSelector, resolved: Any
) -> list[tuple[PactPublication, ResolvedSelector]]:
    env = estate.environment_named(s.environment) if s.environment else None
    if s.environment and env is None:
        return []
    env_id = env.id if env else None
    # (version id, environment id, target) triples the selector covers
    places: list[tuple[int, int, str | None]] = []
    if s.deployed or s.deployed_or_released or (s.environment and not s.released):
        places += [(d.version_id, d.environment_id, d.target) for d in estate.current_deployments(env_id)]
    if s.released or s.deployed_or_released or (s.environment and not s.deployed):
        places += [(r.version_id, r.environment_id, None) for r in estate.supported_releases(env_id)]
    by_version: dict[int, list[PactPublication]] = defaultdict(list)
    for pub in pubs:
        by_version[pub.consumer_version_id].append(pub)
    out: list[tuple[PactPublication, ResolvedSelector]] = []
    for version_id, environment_id, target in dict.fromkeys(places):
        for pub in by_version.get(version_id, ()):
            out.append(
                resolved(
                    pub,
                    estate.version_by_id[version_id],
                    environment=estate.environment_by_id[environment_id].name,
                    target=target,
                )
            )
    return out


def with_consumer(selector: ConsumerVersionSelector, consumer: str) -> ConsumerVersionSelector:
    """The same selector narrowed to one consumer."""
    return replace(selector, consumer=consumer)


__all__ = [
    "ALLOWED_SELECTOR_KEYS",
    "ConsumerVersionSelector",
    "ResolvedSelector",
    "SelectedPact",
    "default_selectors",
    "parse_consumer_version_selectors",
    "select_pacts",
    "with_consumer",
]
