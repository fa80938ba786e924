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
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any
from urllib.parse import quote

import httpx

from accord.errors import BrokerAuthError, BrokerError, BrokerUnreachableError

from ._cases import PactDocument
from ._results import VerificationResult, broker_results

_ACCEPT = {"Accept": "application/hal+json, application/json"}


def _expand(template: str, **values: str) -> str:
    for name, value in values.items():
        template = template.replace("{" + name + "}", quote(value, safe=""))
    return template


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

    def _headers(self) -> dict[str, str]:
        headers = dict(_ACCEPT)
        if self.token:
            headers["Authorization"] = f"Bearer {self.token}"
        return headers

    def _auth(self) -> httpx.BasicAuth | None:
        if self.username is not None and not self.token:
            return httpx.BasicAuth(self.username, self.password or "")
        return None

    def _call(self, client: httpx.Client, method: str, url: str, body: Any = None) -> dict[str, Any]:
        try:
            response = client.request(method, url, json=body, headers=self._headers(), auth=self._auth())
        except httpx.HTTPError as exc:
            raise BrokerUnreachableError(
                f"the broker at {self.url} cannot be reached ({type(exc).__name__}: {exc})",
                hint="check --broker-url and that the broker is running",
            ) from exc
        if response.status_code in (401, 403):
            raise BrokerAuthError(
                f"the broker refused {method} {url} ({response.status_code})",
                hint="give --broker-token (or PACT_BROKER_TOKEN), or --broker-username and --broker-password",
            )
        if not response.is_success:
            raise BrokerError(
                f"the broker answered {response.status_code} to {method} {url}: {response.text[:200]}",
                hint="check the broker's log; the provider name and selectors must be valid",
            )
        try:
            document = response.json() if response.content else {}
        except ValueError as exc:
            raise BrokerError(
                f"the broker answered {method} {url} with something that is not JSON",
                hint=f"is {self.url} a Pact Broker?",
            ) from exc
        return document if isinstance(document, dict) else {}

    @staticmethod
    def _link(document: dict[str, Any], rel: str) -> str | None:
        link = (document.get("_links") or {}).get(rel)
        if isinstance(link, list):
            link = link[0] if link else None
        if isinstance(link, dict) and link.get("href"):
            return str(link["href"])
        return None

    def fetch(self, client: httpx.Client, warnings: list[str]) -> list[PactDocument]:
        """The pacts the broker selects for the provider, with pending status and links.

        Raises:
            BrokerError: the broker failed, refused, or has no resource for provider pacts.
        """
        index = self._call(client, "GET", self.url.rstrip("/") + "/")
        template = self._link(index, "pb:provider-pacts-for-verification")
        if template is None:
            return self._latest(client, index)
        body: dict[str, Any] = {"consumerVersionSelectors": self.selectors}
        if self.enable_pending:
            body["includePendingStatus"] = True
        if self.include_wip_pacts_since:
            body["includeWipPactsSince"] = self.include_wip_pacts_since
        if self.provider_branch:
            body["providerVersionBranch"] = self.provider_branch
        if self.provider_tags:
            body["providerVersionTags"] = list(self.provider_tags)
        found = self._call(client, "POST", _expand(template, provider=self.provider), body)
        documents = []
        for entry in (found.get("_embedded") or {}).get("pacts") or []:
            href = self._link(entry, "self")
            if href is None:
                continue
            properties = entry.get("verificationProperties") or {}
            notices = [str(n.get("text")) for n in properties.get("notices") or [] if isinstance(n, dict)]
            pact = self._call(client, "GET", href)
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

    def _latest(self, client: httpx.Client, index: dict[str, Any]) -> list[PactDocument]:
        template = self._link(index, "pb:latest-provider-pacts")
        if template is None:
            raise BrokerError(
                f"the broker at {self.url} offers neither pacts-for-verification nor latest provider pacts",
                hint=f"is {self.url} a Pact Broker?",
            )
        listing = self._call(client, "GET", _expand(template, provider=self.provider))
        links = (listing.get("_links") or {}).get("pb:pacts") or []
        documents = []
        for link in links:
            pact = self._call(client, "GET", str(link["href"]))
            documents.append(PactDocument(pact, str(link["href"]), links=dict(pact.get("_links") or {})))
        return documents

    def publish_results(self, client: httpx.Client, result: VerificationResult) -> None:
        """Publish each pact's result; failures become ``result.publish_errors`` (and warnings)."""
        assert self.provider_version is not None
        version_recorded = False
        for pact in result.pacts:
            target = self._link({"_links": pact.links}, "pb:publish-verification-results")
            if target is None:
                result.warnings.append(
                    f"the results for the pact from {pact.source} were not published: it has no "
                    "pb:publish-verification-results link (only broker pacts can be published)"
                )
                continue
            try:
                if not version_recorded:
                    self._record_version(client, pact.links)
                    version_recorded = True
                self._call(client, "POST", target, broker_results(pact, self.provider_version))
            except BrokerError as exc:
                result.publish_errors.append(
                    f"publishing the results for {pact.consumer} failed: {exc.message}"
                )

    def _record_version(self, client: httpx.Client, links: dict[str, Any]) -> None:
        provider_href = self._link({"_links": links}, "pb:provider")
        if provider_href is None or not (self.provider_branch or self.provider_tags):
            return
        pacticipant = self._call(client, "GET", provider_href)
        assert self.provider_version is not None
        branch_link = self._link(pacticipant, "pb:branch-version")
        if self.provider_branch and branch_link:
            url = _expand(branch_link, branch=self.provider_branch, version=self.provider_version)
            self._call(client, "PUT", url, {})
        tag_link = self._link(pacticipant, "pb:version-tag")
        for tag in self.provider_tags:
            if tag_link:
                self._call(client, "PUT", _expand(tag_link, version=self.provider_version, tag=tag), {})


__all__ = ["BrokerSource"]
