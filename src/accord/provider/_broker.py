"""Pacts from a Pact Broker, and verification results back to it.

Fetching follows the Pact Broker's "pacts for verification" resource, as the Pact verifiers do:
``GET /`` -> the ``pb:provider-pacts-for-verification`` link (templated on ``{provider}``) ->
``POST`` of ``{"consumerVersionSelectors", "includePendingStatus", "includeWipPactsSince",
"providerVersionBranch", "providerVersionTags"}`` -> ``_embedded.pacts[]`` with
``verificationProperties.{pending, notices}`` and ``_links.self.href`` -> ``GET`` each pact.
A broker without that resource is read through ``pb:latest-provider-pacts``.

Publishing, per pact carrying ``pb:publish-verification-results``: with a branch, ``PUT`` the
provider version on it (the provider's ``pb:branch-version`` link); each tag, ``PUT``
``pb:version-tag``; then ``POST`` the result with per-interaction ``testResults``.

Every call goes through ``accord.client.HalClient`` (auth, bounded retries, errors).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from accord.client import HalClient
from accord.errors import BrokerError

from ._cases import PactDocument
from ._results import VerificationResult, broker_results


@dataclass
class BrokerSource:
    """A broker to fetch pacts from and publish results to (see ``Verifier.with_broker``)."""

    url: str
    provider: str
    selectors: list[dict[str, Any]] = field(default_factory=list)
    enable_pending: bool = False
    include_wip_pacts_since: str | None = None
    publish: bool = False
    provider_version: str | None = None
    provider_branch: str | None = None
    provider_tags: tuple[str, ...] = ()
    token: str | None = None
    username: str | None = None
    password: str | None = None
    timeout: float = 10.0
    fetch_pacts: bool = True

    _hal: HalClient | None = field(default=None, init=False, repr=False)

    def hal(self) -> HalClient:
        """The HAL client for this broker (``accord.client.HalClient``), created on first use."""
        if self._hal is None:
            self._hal = HalClient(
                self.url,
                token=self.token,
                username=self.username,
                password=self.password,
                timeout=self.timeout,
            )
        return self._hal

    def close(self) -> None:
        """Close the connection to the broker."""
        if self._hal is not None:
            self._hal.close()
            self._hal = None

    def fetch(self, warnings: list[str]) -> list[PactDocument]:
        """The pacts the broker selects for the provider, with pending status and links.

        Raises:
            BrokerError: the broker failed, refused, or has no resource for provider pacts.
        """
        hal = self.hal()
        index = hal.index()
        if not hal.has_link(index, "pb:provider-pacts-for-verification"):
            return self._latest(hal, index)
        body: dict[str, Any] = {"consumerVersionSelectors": self.selectors}
        if self.enable_pending:
            body["includePendingStatus"] = True
        if self.include_wip_pacts_since:
            body["includeWipPactsSince"] = self.include_wip_pacts_since
        if self.provider_branch:
            body["providerVersionBranch"] = self.provider_branch
        if self.provider_tags:
            body["providerVersionTags"] = list(self.provider_tags)
        found = hal.post(hal.link(index, "pb:provider-pacts-for-verification", provider=self.provider), body)
        documents = []
        for entry in (found.get("_embedded") or {}).get("pacts") or []:
            if not isinstance(entry, dict) or not hal.has_link(entry, "self"):
                continue
            href = hal.link(entry, "self")
            properties = entry.get("verificationProperties") or {}
            notices = [str(n.get("text")) for n in properties.get("notices") or [] if isinstance(n, dict)]
            pact = hal.get(href) or {}
            documents.append(
                PactDocument(
                    pact,
                    href,
                    pending=bool(properties.get("pending")) and self.enable_pending,
                    links=dict(pact.get("_links") or {}),
                    notices=notices,
                )
            )
        if not documents:
            warnings.append(f"the broker at {self.url} has no pacts for provider {self.provider!r}")
        return documents

    def _latest(self, hal: HalClient, index: dict[str, Any]) -> list[PactDocument]:
        """A broker without pacts-for-verification: its latest pacts for the provider."""
        listing = hal.get(hal.link(index, "pb:latest-provider-pacts", provider=self.provider)) or {}
        links = (listing.get("_links") or {}).get("pb:pacts") or []
        documents = []
        for link in links:
            href = hal.link({"_links": {"pact": link}}, "pact")
            pact = hal.get(href) or {}
            documents.append(PactDocument(pact, href, links=dict(pact.get("_links") or {})))
        return documents

    def publish_results(self, result: VerificationResult) -> None:
        """Publish each pact's result; failures become ``result.publish_errors``."""
        assert self.provider_version is not None
        hal = self.hal()
        version_recorded = False
        for pact in result.pacts:
            resource = {"_links": pact.links}
            if not hal.has_link(resource, "pb:publish-verification-results"):
                result.warnings.append(
                    f"the results for the pact from {pact.source} were not published: it has no "
                    "pb:publish-verification-results link (only broker pacts can be published)"
                )
                continue
            try:
                if not version_recorded:
                    self._record_version(hal, resource)
                    version_recorded = True
                target = hal.link(resource, "pb:publish-verification-results")
                hal.post(target, broker_results(pact, self.provider_version))
            except BrokerError as exc:
                result.publish_errors.append(
                    f"publishing the results for {pact.consumer} failed: {exc.message}"
                )

    def _record_version(self, hal: HalClient, resource: dict[str, Any]) -> None:
        """Put the provider version on its branch and tags (as the Pact verifiers do before publishing)."""
        if not hal.has_link(resource, "pb:provider") or not (self.provider_branch or self.provider_tags):
            return
        assert self.provider_version is not None
        pacticipant = hal.get(hal.link(resource, "pb:provider")) or {}
        if self.provider_branch and hal.has_link(pacticipant, "pb:branch-version"):
            url = hal.link(
                pacticipant, "pb:branch-version", branch=self.provider_branch, version=self.provider_version
            )
            hal.put(url, {})
        for tag in self.provider_tags:
            if hal.has_link(pacticipant, "pb:version-tag"):
                hal.put(hal.link(pacticipant, "pb:version-tag", version=self.provider_version, tag=tag), {})


__all__ = ["BrokerSource"]
