"""Can I deploy? The matrix query, the verdict, and explanations a person can act on.

The question goes to the broker's matrix as the Pact Broker clients ask it (the Pact Broker's index
does not link ``/matrix``; the official clients address it directly, and so does this module unless
the index offers a ``pb:matrix`` link)::

    GET /matrix?q[][pacticipant]=web&q[][version]=1.0.0&latestby=cvp&environment=production
    GET /matrix?q[][pacticipant]=web&q[][latest]=true&q[][branch]=main&latestby=cvp&latest=true&tag=prod

The answer is ``{summary: {deployable, reason, success, failed, unknown}, matrix: [rows], notices}``.
``deployable`` is true, false, or null (unknown: a verification is missing). The exit code follows the
Pact tools: 0 deployable, 1 not (unknown included).

On top of the broker's reasons, ``Verdict.explanations`` says what to do about each wall users hit on
day one (issue 6, "bootstrapping without deadlock"):

- a provider with no version in the target environment: the verdict stays "no", as the Pact Broker's,
  and the explanation names the provider and the two ways out (deploy it first and record the
  deployment, or ``--ignore`` it knowingly);
- a version the broker has never heard of: publish its pacts or verification results first;
- a version with no pacts and no consumers in the matrix: deployable, and why;
- per blocking row: verification failed, or not verified yet (and by which provider version).
"""

from __future__ import annotations

import re
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlencode

from accord.errors import BrokerError, ConfigurationError

from ._hal import HalClient

__all__ = ["CanIDeployQuery", "MatrixLine", "Verdict", "can_i_deploy"]

_MISSING_IN_ENV = re.compile(
    r"a version of (?P<name>.+?) currently in (?P<where>\S+) "
    r"\(no version is currently recorded as deployed/released in this environment\)"
)
_MISSING_WITH_TAG = re.compile(
    r"a version of (?P<name>.+?) with tag (?P<where>\S+) \(no such version exists\)"
)
_NO_SUCH_VERSION = re.compile(
    r"No pacts or verifications have been published for version (?P<version>\S+) of (?P<name>.+)$"
)


@dataclass(frozen=True)
class CanIDeployQuery:
    """What to ask.

    Attributes:
        pacticipant: the application to deploy.
        version: its version, or ``None`` with ``latest``.
        latest: ask about the latest version (of ``branch`` or ``latest_tag`` when given).
        branch: with ``latest``, the branch whose latest version is meant.
        latest_tag: with ``latest``, the tag whose latest version is meant.
        to_environment: the environment to deploy to.
        to_tag: the (legacy) tag standing for the environment.
        ignore: pacticipants whose verifications do not count.
    """

    pacticipant: str
    version: str | None = None
    latest: bool = False
    branch: str | None = None
    latest_tag: str | None = None
    to_environment: str | None = None
    to_tag: str | None = None
    ignore: tuple[str, ...] = ()

    def params(self) -> list[tuple[str, str]]:
        """The matrix query string, as ordered pairs.

        Raises:
            ConfigurationError: neither or both of version and latest; both targets.
        """
        if bool(self.version) == self.latest:
            raise ConfigurationError(
                "can-i-deploy needs exactly one of --version and --latest",
                hint="pass --version V (recommended) or --latest [--branch B]",
            )
        if self.to_environment and self.to_tag:
            raise ConfigurationError(
                "--to-environment and --to cannot be used together",
                hint="use --to-environment (environments replaced tags for deployments)",
            )
        pairs = [("q[][pacticipant]", self.pacticipant)]
        if self.version:
            pairs.append(("q[][version]", self.version))
        else:
            pairs.append(("q[][latest]", "true"))
            if self.branch:
                pairs.append(("q[][branch]", self.branch))
            if self.latest_tag:
                pairs.append(("q[][tag]", self.latest_tag))
        pairs.append(("latestby", "cvp"))
        if self.to_environment:
            pairs.append(("environment", self.to_environment))
        elif self.to_tag:
            pairs += [("latest", "true"), ("tag", self.to_tag)]
        pairs += [("ignore[][pacticipant]", name) for name in self.ignore]
        return pairs

    def subject(self) -> str:
        """``web 1.0.0`` or ``the latest version of web from branch main``."""
        if self.version:
            return f"{self.pacticipant} {self.version}"
        scope = f" from branch {self.branch}" if self.branch else ""
        scope += f" with tag {self.latest_tag}" if self.latest_tag else ""
        return f"the latest version of {self.pacticipant}{scope}"


@dataclass(frozen=True)
class MatrixLine:
    """One row of the matrix: a consumer version, a provider version, and whether it was verified."""

    consumer: str
    consumer_version: str | None
    provider: str
    provider_version: str | None
    success: bool | None
    verification_url: str | None = None

    @property
    def status(self) -> str:
        """``verified``, ``failed`` or ``not verified``."""
        return {True: "verified", False: "failed", None: "not verified"}[self.success]

    @classmethod
    def from_json(cls, row: dict[str, Any]) -> MatrixLine:
        """Read a matrix row of the Pact Broker's JSON."""
        consumer = row.get("consumer") or {}
        provider = row.get("provider") or {}
        result = row.get("verificationResult") or {}
        href = ((result.get("_links") or {}).get("self") or {}).get("href") if result else None
        return cls(
            consumer=str(consumer.get("name", "?")),
            consumer_version=((consumer.get("version") or {}).get("number")),
            provider=str(provider.get("name", "?")),
            provider_version=((provider.get("version") or {}).get("number")),
            success=result.get("success") if result else None,
            verification_url=href,
        )


@dataclass
class Verdict:
    """The broker's answer, read.

    Attributes:
        query: what was asked.
        deployable: true, false, or ``None`` (unknown).
        reason: the broker's ``summary.reason``.
        rows: the matrix rows.
        notices: ``(type, text)`` pairs from the broker.
        explanations: what to do, one sentence each (see the module docstring).
        counts: ``success``, ``failed``, ``unknown`` (and ``ignored``) from the summary.
        raw: the broker's JSON, untouched.
        attempts: how many times the broker was asked (``--retry-while-unknown``).
    """

    query: CanIDeployQuery
    deployable: bool | None
    reason: str
    rows: list[MatrixLine]
    notices: list[tuple[str, str]]
    explanations: list[str] = field(default_factory=list)
    counts: dict[str, int] = field(default_factory=dict)
    raw: dict[str, Any] = field(default_factory=dict)
    attempts: int = 1

    @property
    def exit_code(self) -> int:
        """0 when deployable, 1 otherwise (unknown included), as ``pact broker can-i-deploy``."""
        return 0 if self.deployable is True else 1

    def blocking_rows(self) -> list[MatrixLine]:
        """Rows that stop the deployment: failed or not verified."""
        return [r for r in self.rows if r.success is not True]


def can_i_deploy(
    hal: HalClient,
    query: CanIDeployQuery,
    *,
    retry_while_unknown: int = 0,
    retry_interval: float = 10.0,
    sleep: Callable[[float], None] = time.sleep,
) -> Verdict:
    """Ask the broker; while the answer is unknown, ask again up to ``retry_while_unknown`` times.

    Raises:
        ConfigurationError: a contradictory query.
        BrokerError: the broker refused the query; an unknown pacticipant is named.
    """
    url = _matrix_url(hal) + "?" + urlencode(query.params(), safe="[]")
    attempts = 0
    while True:
        attempts += 1
        try:
            answer = hal.get(url) or {}
        except BrokerError as exc:
            if exc.context.get("status") in (400, 404):
                _diagnose(hal, query, exc)
            raise
        verdict = _read(query, answer)
        if verdict.deployable is not None or attempts > retry_while_unknown:
            verdict.attempts = attempts
            return verdict
        sleep(retry_interval)


def _matrix_url(hal: HalClient) -> str:
    index = hal.index()
    if hal.has_link(index, "pb:matrix"):
        return hal.link(index, "pb:matrix").split("?", 1)[0]
    return hal.url("/matrix")


def _diagnose(hal: HalClient, query: CanIDeployQuery, original: BrokerError) -> None:
    """Turn a refused query into an error naming the unknown pacticipant, version or environment."""
    index = hal.index()
    status = original.context.get("status")
    if hal.has_link(index, "pb:pacticipant"):
        url = hal.link(index, "pb:pacticipant", pacticipant=query.pacticipant)
        if hal.get(url, missing_ok=True) is None:
            raise BrokerError(
                f"the broker at {hal.base_url} knows no pacticipant named {query.pacticipant!r}",
                hint="check the spelling (`accord pacticipant describe --name NAME`), or publish its "
                "pacts first (`accord publish`)",
                status=status,
            ) from None
    if query.version and hal.has_link(index, "pb:pacticipant-version"):
        url = hal.link(index, "pb:pacticipant-version", pacticipant=query.pacticipant, version=query.version)
        if hal.get(url, missing_ok=True) is None:
            raise BrokerError(
                f"the broker at {hal.base_url} knows no version {query.version!r} of {query.pacticipant}",
                hint="publish its pacts (`accord publish --consumer-app-version`) or its verification "
                "results first, or check the version number",
                exit_code=1,
                status=status,
            ) from None
    if query.to_environment and hal.has_link(index, "pb:environments"):
        listing = hal.get(hal.link(index, "pb:environments")) or {}
        known = [str(e.get("name")) for e in (listing.get("_embedded") or {}).get("environments") or []]
        if query.to_environment not in known:
            raise BrokerError(
                f"the broker at {hal.base_url} has no environment named {query.to_environment!r} "
                f"(known: {', '.join(sorted(known)) or 'none'})",
                hint=f"create it with `accord environment create --name {query.to_environment}`, "
                "or check the spelling",
                status=status,
            ) from None


def _read(query: CanIDeployQuery, answer: dict[str, Any]) -> Verdict:
    summary = answer.get("summary")
    if not isinstance(summary, dict) or "deployable" not in summary:
        raise BrokerError(
            "the broker's matrix answer has no summary.deployable",
            hint="is this a Pact Broker? `accord can-i-deploy` needs the /matrix resource",
        )
    rows = [MatrixLine.from_json(r) for r in answer.get("matrix") or [] if isinstance(r, dict)]
    notices = [
        (str(n.get("type", "info")), str(n.get("text", "")))
        for n in answer.get("notices") or []
        if isinstance(n, dict)
    ]
    counts = {
        k: int(summary[k]) for k in ("success", "failed", "unknown", "ignored") if summary.get(k) is not None
    }
    verdict = Verdict(
        query=query,
        deployable=summary.get("deployable"),
        reason=str(summary.get("reason") or ""),
        rows=rows,
        notices=notices,
        counts=counts,
        raw=answer,
    )
    verdict.explanations = _explain(verdict)
    return verdict


def _explain(verdict: Verdict) -> list[str]:
    query = verdict.query
    texts = [text for _, text in verdict.notices] or verdict.reason.splitlines()
    out: list[str] = []
    seen: set[str] = set()
    for text in texts:
        for pattern, kind in ((_MISSING_IN_ENV, "environment"), (_MISSING_WITH_TAG, "tag")):
            for found in pattern.finditer(text):
                name, where = found["name"], found["where"]
                if name in seen:
                    continue
                seen.add(name)
                record = (
                    f"accord record-deployment --pacticipant {name} --version V --environment {where}"
                    if kind == "environment"
                    else f"tag a deployed version of {name} with {where}"
                )
                out.append(
                    f"{name} has no version in {kind} {where}, so nothing has verified {query.subject()} "
                    f"against what will run there. Deploy {name} first and record it ({record}), or pass "
                    f"--ignore {name} to deploy without it knowingly."
                )
        missing = _NO_SUCH_VERSION.search(text.strip())
        if missing:
            out.append(
                f"The broker has no pacts or verification results for {missing['name']} version "
                f"{missing['version']}: publish them first (`accord publish --consumer-app-version "
                f"{missing['version']}` for a consumer, a verification with --publish for a provider), or "
                "check the version number."
            )
    if verdict.deployable is True and not verdict.rows:
        out.append(
            f"{query.subject()} has no pacts with providers and no consumers in the target: nothing "
            "depends on it there, so it is deployable. If it calls providers, publish its pacts first."
        )
    waiting = False
    for row in verdict.blocking_rows():
        if row.provider in seen or row.consumer in seen:
            continue  # already explained: a pacticipant missing from the target
        versions = f"{row.consumer} {row.consumer_version or ''}".rstrip()
        if row.success is False:
            where = f" (see {row.verification_url})" if row.verification_url else ""
            out.append(
                f"{versions} and {row.provider} {row.provider_version}: the verification failed{where}; "
                "fix the provider or the pact."
            )
        else:
            waiting = True
            by = f"{row.provider} {row.provider_version}" if row.provider_version else row.provider
            out.append(
                f"{versions} and {by}: {by} has not verified this pact yet; "
                "run its verification with --publish."
            )
    if verdict.deployable is None and waiting:
        out.append(
            "The verdict is unknown because a verification is missing; --retry-while-unknown N waits for it."
        )
    return out
