"""The matrix: which consumer versions' pacts were verified by which provider versions, and how.

A matrix query names pacticipant versions (``q[][pacticipant]=web&q[][version]=1.0``, or a tag, a
branch, the main branch, an environment, or just the name for every version). With one selector and a
destination (``environment``, ``tag``/``latest``, ``mainBranch``), the broker *infers* the other side: every
pacticipant integrated with the selected one is resolved to its versions in that destination. Rows are
(consumer version, pact, provider version, verification) tuples; a pact no selected provider version has
verified gives a row with no provider version. ``latestby=cvp`` keeps, per consumer version and provider,
the row of the newest provider version; ``latestby=cvpv`` the newest verification per provider version.
(Pact Broker ``lib/pact_broker/matrix/``, ``doc/views/matrix.markdown``.)
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from accord.broker.domain._records import (
    BrokerQueryError,
    Estate,
    Pacticipant,
    PactPublication,
    Verification,
    Version,
)

LATESTBY_VALUES = ("cvp", "cvpv", "cp")


@dataclass(frozen=True)
class MatrixSelector:
    """A matrix selector as the user wrote it (``q[]`` or ``ignore[]`` entry)."""

    pacticipant: str | None = None
    version: str | None = None
    latest: bool = False
    tag: str | None = None
    branch: str | None = None
    main_branch: bool = False
    environment: str | None = None

    @property
    def only_pacticipant(self) -> bool:
        """True when the selector names every version of the pacticipant."""
        return not (
            self.version or self.latest or self.tag or self.branch or self.main_branch or self.environment
        )


@dataclass(frozen=True)
class MatrixOptions:
    """The query-wide options: destination (tag/latest, branch, mainBranch, environment), latestby, ignore."""

    latestby: str | None = None
    latest: bool = False
    tag: str | None = None
    branch: str | None = None
    main_branch: bool = False
    environment: str | None = None
    ignore: tuple[MatrixSelector, ...] = ()
    limit: int = 100

    @property
    def infers_selectors(self) -> bool:
        """A destination is named, so the other side of each integration is inferred from it."""
        return bool(self.latest or self.tag or self.branch or self.environment or self.main_branch)


@dataclass(frozen=True)
class ResolvedSelector:
    """A selector bound to a pacticipant and (unless it means all versions) one version.

    ``version is None and version_missing`` means the selector named versions that do not exist.
    """

    pacticipant: Pacticipant | None
    pacticipant_name: str
    original: MatrixSelector
    kind: str  # "specified", "inferred" or "ignored"
    version: Version | None = None
    version_missing: bool = False
    ignore: bool = False
    one_of_many: bool = False

    @property
    def pacticipant_id(self) -> int:
        """The pacticipant's id, -1 when it does not exist."""
        return self.pacticipant.id if self.pacticipant else -1

    @property
    def all_versions(self) -> bool:
        """True when the selector stands for every version of the pacticipant."""
        return self.version is None and not self.version_missing

    @property
    def version_number(self) -> str | None:
        """The resolved version number, or the one asked for when it does not exist."""
        return self.version.number if self.version else self.original.version

    @property
    def branch(self) -> str | None:
        """The branch asked for (the main branch's name once resolved)."""
        if self.original.branch:
            return self.original.branch
        if self.original.main_branch and self.version and self.pacticipant:
            return self.pacticipant.main_branch
        return None

    @property
    def specified(self) -> bool:
        """The user named this selector (rather than the broker inferring it)."""
        return self.kind == "specified"

    @property
    def pacticipant_or_version_missing(self) -> bool:
        """Used for ``ignore[]`` entries that match nothing."""
        return self.pacticipant is None or self.version_missing

    def description(self) -> str:
        """How the Pact Broker names this selector in reasons (``version 1 of Foo``...)."""
        o, name, number = self.original, self.pacticipant_name, self.version_number
        if o.latest and o.tag:
            return f"the latest version of {name} with tag {o.tag} ({number or 'no such version exists'})"
        if o.latest and o.main_branch and number is None:
            return f"the latest version of {name} from the main branch (no versions exist for this branch)"
        if o.main_branch and number is None:
            return f"any version of {name} from the main branch (no versions exist for this branch)"
        branch = self.branch
        if o.latest and branch:
            return f"the latest version of {name} from branch {branch} ({number or 'no such version exists'})"
        if branch and number:
            prefix = "one of the versions " if self.one_of_many else "the version "
            return f"{prefix}of {name} from branch {branch} ({number})"
        if branch:
            return f"a version of {name} from branch {branch} (no such version exists)"
        if o.latest:
            return f"the latest version of {name} ({number or 'no such version exists'})"
        if o.tag:
            return f"a version of {name} with tag {o.tag} ({number or 'no such version exists'})"
        if o.environment and number:
            prefix = "one of the versions" if self.one_of_many else "the version"
            return f"{prefix} of {name} currently in {o.environment} ({number})"
        if o.environment:
            return (
                f"a version of {name} currently in {o.environment} (no version is currently recorded as "
                "deployed/released in this environment)"
            )
        if number and self.version_missing:
            return f"version {number} of {name} (no such version exists)"
        if number:
            return f"version {number} of {name}"
        if self.pacticipant is None:
            return f"any version of {name} (no such pacticipant exists)"
        return f"any version of {name}"

    def version_does_not_exist_description(self) -> str:
        """The reason given when a specified selector matches no version."""
        o, name = self.original, self.pacticipant_name
        if o.tag:
            return f"No version with tag {o.tag} exists for {name}"
        if o.branch:
            return f"No version of {name} from branch {o.branch} exists"
        if o.main_branch:
            return f"No version of {name} from the main branch exists"
        if o.environment:
            return (
                f"No version of {name} is currently recorded as deployed or released in environment "
                f"{o.environment}"
            )
        if o.version:
            return f"No pacts or verifications have been published for version {o.version} of {name}"
        return f"No pacts or verifications have been published for {name}"


@dataclass(frozen=True)
class Integration:
    """A consumer-provider pair; ``required`` when the deploying side needs the other present."""

    consumer: Pacticipant
    provider: Pacticipant
    required: bool


@dataclass(frozen=True)
class MatrixRow:
    """One consumer version's pact and (maybe) one provider version's verification of it."""

    consumer: Pacticipant
    consumer_version: Version
    provider: Pacticipant
    publication: PactPublication
    provider_version: Version | None = None
    verification: Verification | None = None

    @property
    def success(self) -> bool | None:
        """The verification's outcome, None when the pact was not verified by a selected version."""
        return self.verification.success if self.verification else None

    def sort_key(self) -> tuple[object, ...]:
        """The Pact Broker's row order: consumer asc, newest consumer version, provider asc, newest."""
        pv_order = self.provider_version.order if self.provider_version else None
        return (
            self.consumer.name,
            -self.consumer_version.order,
            -self.publication.revision,
            self.provider.name,
            (0, 0) if pv_order is None else (1, -pv_order),
            -(self.verification.id if self.verification else 0),
        )


@dataclass(frozen=True)
class MatrixResult:
    """What a matrix query found, before the can-i-deploy verdict is drawn from it."""

    considered_rows: list[MatrixRow]
    ignored_rows: list[MatrixRow]
    selectors: list[ResolvedSelector]
    ignore_selectors: list[ResolvedSelector]
    integrations: list[Integration]
    options: MatrixOptions = field(default_factory=MatrixOptions)


def validate_matrix_query(estate: Estate, selectors: list[MatrixSelector], options: MatrixOptions) -> None:
    """Refuse a query the Pact Broker refuses, with its messages.

    Raises:
        BrokerQueryError: naming every problem (HTTP 400).
    """
    messages: list[str] = []
    for s in selectors:
        if not s.pacticipant:
            messages.append("Please specify the pacticipant name")
        elif s.version and s.latest:
            messages.append(f"A version number and latest flag cannot both be specified for {s.pacticipant}")
    for name in dict.fromkeys(s.pacticipant for s in selectors if s.pacticipant):
        if estate.pacticipant_named(name) is None:
            messages.append(f"Pacticipant {name} not found")
    if not selectors:
        messages.append("Please provide 1 or more version selectors.")
    for s in options.ignore:
        if not s.pacticipant:
            messages.append("Please specify the pacticipant name to ignore")
        elif s.version and s.latest:
            messages.append(
                f"A version number and latest flag cannot both be specified for {s.pacticipant} to ignore"
            )
    if sum(1 for d in (options.tag, options.environment, options.main_branch or None) if d) > 1:
        messages.append("Cannot specify more than one of tag, environment and mainBranch.")
    if options.latest and options.environment:
        messages.append("Cannot specify both latest=true and an environment.")
    if options.environment and estate.environment_named(options.environment) is None:
        messages.append(f"Environment with name '{options.environment}' does not exist")
    if options.latestby is not None and options.latestby not in LATESTBY_VALUES:
        messages.append(f"latestby must be one of {', '.join(LATESTBY_VALUES)}, got '{options.latestby}'")
    if options.limit < 1:
        messages.append("The limit must be 1 or greater.")
    if messages:
        raise BrokerQueryError(
            {"": messages},
            hint="Check the pacticipant names and the destination (environment, tag or mainBranch).",
        )


def _matching_versions(estate: Estate, pacticipant: Pacticipant, s: MatrixSelector) -> list[Version | None]:
    env = estate.environment_named(s.environment) if s.environment else None
    in_env = {v.id for v in estate.versions_in_environment(pacticipant.id, env.id)} if env else set()
    found = [
        v
        for v in estate.versions_of.get(pacticipant.id, ())
        if (s.version is None or v.number == s.version)
        and (s.tag is None or s.tag in v.tags)
        and (s.branch is None or s.branch in v.branches)
        and (
            not s.main_branch
            or (pacticipant.main_branch is not None and pacticipant.main_branch in v.branches)
        )
        and (s.environment is None or v.id in in_env)
    ]
    if s.latest:
        return [found[0] if found else None]
    return list(found) or [None]


def _ignored(ignores: list[ResolvedSelector], pacticipant: Pacticipant, version: Version | None) -> bool:
    return any(
        i.pacticipant_id == pacticipant.id
        and (
            i.original.only_pacticipant
            or (version is not None and i.version is not None and i.version.id == version.id)
        )
        for i in ignores
    )


def resolve_selectors(
    estate: Estate, selectors: Iterable[MatrixSelector], kind: str, ignores: list[ResolvedSelector]
) -> list[ResolvedSelector]:
    """Bind each selector to its pacticipant and versions (one resolved selector per version)."""
    out: list[ResolvedSelector] = []
    for s in selectors:
        name = s.pacticipant or ""
        pacticipant = estate.pacticipant_named(name)
        if pacticipant is None:
            out.append(ResolvedSelector(None, name, s, kind))
            continue
        if s.only_pacticipant:
            out.append(
                ResolvedSelector(
                    pacticipant, pacticipant.name, s, kind, ignore=_ignored(ignores, pacticipant, None)
                )
            )
            continue
        versions = _matching_versions(estate, pacticipant, s)
        many = len([v for v in versions if v is not None]) > 1
        for version in versions:
            out.append(
                ResolvedSelector(
                    pacticipant,
                    pacticipant.name,
                    s,
                    kind,
                    version=version,
                    version_missing=version is None,
                    ignore=_ignored(ignores, pacticipant, version),
                    one_of_many=many and version is not None,
                )
            )
    return out


def _consumer_matches(pub: PactPublication, selectors: list[ResolvedSelector]) -> bool:
    return any(
        s.pacticipant_id == pub.consumer_id
        and (s.all_versions or (s.version is not None and s.version.id == pub.consumer_version_id))
        for s in selectors
    )


def find_integrations(estate: Estate, specified: list[ResolvedSelector], infer: bool) -> list[Integration]:
    """The integrations the question is about (Pact Broker ``IntegrationsRepository``).

    With one selector or a destination: every integration of the selected versions as consumer
    (required: a consumer needs its providers) and of the selected pacticipants as provider (not
    required). Otherwise: the integrations between the selected pacticipants.
    """
    pubs = estate.latest_publications
    found: dict[tuple[int, int], Integration] = {}

    def add(consumer_id: int, provider_id: int, required: bool) -> None:
        key = (consumer_id, provider_id)
        current = found.get(key)
        if current is None or (required and not current.required):
            found[key] = Integration(
                estate.pacticipant_by_id[consumer_id], estate.pacticipant_by_id[provider_id], required
            )

    if infer or len(specified) == 1:
        for pub in pubs:
            if _consumer_matches(pub, specified):
                add(pub.consumer_id, pub.provider_id, True)
        provider_ids = {s.pacticipant_id for s in specified}
        pairs = {(pub.consumer_id, pub.provider_id) for pub in pubs} | set(estate.integration_pairs)
        for consumer_id, provider_id in sorted(pairs):
            if provider_id in provider_ids:
                add(consumer_id, provider_id, False)
    else:
        ids = {s.pacticipant_id for s in specified}
        names = {s.pacticipant_name for s in specified}
        for pub in pubs:
            if pub.provider_id in ids and _consumer_matches(pub, specified):
                add(pub.consumer_id, pub.provider_id, estate.pacticipant_by_id[pub.consumer_id].name in names)
    return sorted(found.values(), key=lambda i: (i.consumer.name, i.provider.name))


def _provider_matches(v: Verification, selectors: list[ResolvedSelector]) -> bool:
    return any(
        s.pacticipant_id == v.provider_id
        and (s.all_versions or (s.version is not None and s.version.id == v.provider_version_id))
        for s in selectors
    )


def _verifications(estate: Estate, sha: str, latest_only: bool) -> list[Verification]:
    found = estate.verifications_by_sha.get(sha, [])
    if not latest_only:
        return list(found)
    latest: dict[int, Verification] = {}
    for v in found:  # oldest first, so the last one wins
        latest[v.provider_version_id] = v
    return list(latest.values())


def _row(estate: Estate, pub: PactPublication, v: Verification | None) -> MatrixRow:
    return MatrixRow(
        consumer=estate.pacticipant_by_id[pub.consumer_id],
        consumer_version=estate.version_by_id[pub.consumer_version_id],
        provider=estate.pacticipant_by_id[pub.provider_id],
        publication=pub,
        provider_version=estate.version_by_id.get(v.provider_version_id) if v else None,
        verification=v,
    )


def query_rows(estate: Estate, selectors: list[ResolvedSelector], options: MatrixOptions) -> list[MatrixRow]:
    """Every row matching the resolved selectors, ``latestby`` applied, in the Pact Broker's order."""
    latest_only = options.latestby is not None
    pubs = estate.latest_publications if latest_only else list(estate.publications)
    rows: list[MatrixRow] = []
    if len(selectors) == 1:
        for pub in pubs:
            if _consumer_matches(pub, selectors):
                verifications = _verifications(estate, pub.pact_version_sha, latest_only)
                rows += [_row(estate, pub, v) for v in verifications] or [_row(estate, pub, None)]
        for pub in pubs:
            if not _consumer_matches(pub, selectors):
                for v in _verifications(estate, pub.pact_version_sha, latest_only):
                    if _provider_matches(v, selectors):
                        rows.append(_row(estate, pub, v))
    else:
        ids = {s.pacticipant_id for s in selectors}
        specified_ids = {s.pacticipant_id for s in selectors if s.specified}
        for pub in pubs:
            if pub.provider_id not in ids or not _consumer_matches(pub, selectors):
                continue
            if pub.consumer_id not in specified_ids and pub.provider_id not in specified_ids:
                continue
            matching = [
                v
                for v in _verifications(estate, pub.pact_version_sha, latest_only)
                if v.consumer_id in ids and _provider_matches(v, selectors)
            ]
            rows += [_row(estate, pub, v) for v in matching] or [_row(estate, pub, None)]
    return _apply_latestby(rows, options.latestby)


def _apply_latestby(rows: list[MatrixRow], latestby: str | None) -> list[MatrixRow]:
    rows = sorted(rows, key=MatrixRow.sort_key)
    if latestby is None:
        return rows
    kept: dict[tuple[object, ...], MatrixRow] = {}
    for row in rows:  # newest provider version and verification first within a group
        kept.setdefault(_key_of(row, latestby), row)
    return [row for row in rows if kept[_key_of(row, latestby)] is row]


def _key_of(row: MatrixRow, latestby: str) -> tuple[object, ...]:
    """The group a row belongs to: ``cp`` consumer/provider, ``cvp`` + consumer version, ``cvpv`` + both."""
    if latestby == "cp":
        return (row.consumer.id, row.provider.id)
    key: tuple[object, ...] = (row.consumer.id, row.consumer_version.id, row.provider.id)
    if latestby == "cvpv":
        key += (row.provider_version.id if row.provider_version else None,)
    return key


def _inferred_selector(name: str, options: MatrixOptions) -> MatrixSelector:
    return MatrixSelector(
        pacticipant=name,
        tag=options.tag,
        branch=options.branch,
        main_branch=options.main_branch,
        latest=options.latest,
        environment=options.environment,
    )


def find_matrix(estate: Estate, selectors: list[MatrixSelector], options: MatrixOptions) -> MatrixResult:
    """Run a matrix query (validated first).

    Args:
        estate: every pacticipant named, their versions, the pacts and verifications between them and
            their integrated pacticipants, and the destination's deployments and releases.
        selectors: the ``q[]`` selectors.
        options: destination, latestby and ignore selectors.

    Raises:
        BrokerQueryError: when the query is invalid (see `validate_matrix_query`).
    """
    validate_matrix_query(estate, selectors, options)
    ignores = resolve_selectors(estate, options.ignore, "ignored", [])
    specified = resolve_selectors(estate, selectors, "specified", ignores)
    integrations = find_integrations(estate, specified, options.infers_selectors)
    inferred: list[ResolvedSelector] = []
    if options.infers_selectors:
        names = {s.pacticipant_name for s in specified}
        wanted = [
            name
            for name in dict.fromkeys(n for i in integrations for n in (i.consumer.name, i.provider.name))
            if name not in names
        ]
        inferred = resolve_selectors(
            estate, [_inferred_selector(n, options) for n in wanted], "inferred", ignores
        )
    all_selectors = specified + inferred
    rows = query_rows(estate, all_selectors, options)
    considered: list[MatrixRow] = []
    ignored: list[MatrixRow] = []
    for row in rows:
        hit = _ignored(ignores, row.consumer, row.consumer_version) or (
            _ignored(ignores, row.provider, row.provider_version)
        )
        (ignored if hit else considered).append(row)
    return MatrixResult(considered, ignored, all_selectors, ignores, integrations, options)


__all__ = [
    "LATESTBY_VALUES",
    "Integration",
    "MatrixOptions",
    "MatrixResult",
    "MatrixRow",
    "MatrixSelector",
    "ResolvedSelector",
    "find_integrations",
    "find_matrix",
    "query_rows",
    "resolve_selectors",
    "validate_matrix_query",
]
