"""``GET``/``POST /pacts/provider/{provider}/for-verification``: the pacts a provider version must verify.

The request (Pact Broker ``doc/views/provider-pacts-for-verification.markdown``)::

    {"consumerVersionSelectors": [{"mainBranch": true}, {"deployedOrReleased": true}],
     "providerVersionBranch": "main", "providerVersionTags": ["main"],
     "includePendingStatus": true, "includeWipPactsSince": "2026-01-01"}

The response: ``{"_embedded": {"pacts": [{"shortDescription", "verificationProperties": {"pending",
"wip", "notices": [...]}, "_links": {"self": {"href": pact version URL, "name"}}}]}, "_links": {...}}``.
``GET`` takes the same fields as query parameters (``consumerVersionSelectors[][mainBranch]=true``...);
the Rust verifier GETs the URL first and then POSTs to it.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from typing import Any

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import BaseRoute, Route

from accord.broker.api._metadata import SelectorMetadata, encode_metadata
from accord.broker.api.matrix import (
    HAL_JSON_UTF8,
    Urls,
    broker_error_response,
    connection_for,
    hal_response,
    nested_list,
    public_base_url,
)
from accord.broker.domain import (
    BrokerQueryError,
    ConsumerVersionSelector,
    Estate,
    VerifiablePact,
    notices,
    pacts_for_verification,
    parse_consumer_version_selectors,
    short_description,
)
from accord.broker.storage._domain_queries import load_verification_estate

_KNOWN_FIELDS = {
    "consumerVersionSelectors",
    "providerVersionBranch",
    "providerVersionTags",
    "includePendingStatus",
    "includeWipPactsSince",
}
_PROVIDER_BRANCH_EMPTY = (
    "when pending or WIP pacts are enabled and there are no tags provided, the provider version branch must "
    "not be an empty string, as it is used in the calculations for WIP/pending. A value must be provided "
    "(recommended), or it must not be set at all."
)


@dataclass(frozen=True)
class VerificationQuery:
    """A validated pacts-for-verification request."""

    selectors: list[ConsumerVersionSelector] = field(default_factory=list)
    provider_version_branch: str | None = None
    provider_version_tags: list[str] = field(default_factory=list)
    include_pending_status: bool = False
    include_wip_pacts_since: datetime | None = None


def _parse_since(value: object, errors: dict[str, list[str]]) -> datetime | None:
    if value is None or value == "":
        return None
    if not isinstance(value, str):
        errors.setdefault("includeWipPactsSince", []).append(f"must be a date string, got {value!r}")
        return None
    try:
        parsed = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        try:
            parsed = datetime.combine(date.fromisoformat(value), datetime.min.time())
        except ValueError:
            errors.setdefault("includeWipPactsSince", []).append(
                f"must be a date such as 2026-01-01 or 2026-01-01T00:00:00Z, got {value!r}"
            )
            return None
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)


def parse_verification_query(body: object, environment_names: set[str] | None) -> VerificationQuery:
    """Validate a pacts-for-verification request body (or the equivalent query parameters).

    ``environment_names`` lists the environments that exist; ``None`` skips that one check (used for a
    first pass, before the broker's records are loaded).

    Raises:
        BrokerQueryError: naming each bad field (HTTP 400).
    """
    if body is None:
        body = {}
    if not isinstance(body, dict):
        raise BrokerQueryError(
            {"": ["the request body must be a JSON object"]},
            hint='Send e.g. {"consumerVersionSelectors": [{"mainBranch": true}], '
            '"providerVersionBranch": "main"}.',
        )
    errors: dict[str, list[str]] = {}
    for key in body:
        if key not in _KNOWN_FIELDS:
            errors.setdefault(key, []).append(
                f"unknown property (allowed: {', '.join(sorted(_KNOWN_FIELDS))})"
            )
    branch = body.get("providerVersionBranch")
    if branch is not None and not isinstance(branch, str):
        errors.setdefault("providerVersionBranch", []).append(f"must be a string, got {branch!r}")
        branch = None
    tags = body.get("providerVersionTags") or []
    if not isinstance(tags, list) or not all(isinstance(t, str) for t in tags):
        errors.setdefault("providerVersionTags", []).append("must be an array of strings")
        tags = []
    pending = body.get("includePendingStatus", False)
    if not isinstance(pending, bool):
        errors.setdefault("includePendingStatus", []).append(f"must be true or false, got {pending!r}")
        pending = False
    since = _parse_since(body.get("includeWipPactsSince"), errors)
    if branch == "" and not tags and (pending or since):
        errors.setdefault("providerVersionBranch", []).append(_PROVIDER_BRANCH_EMPTY)
    selectors: list[ConsumerVersionSelector] = []
    try:
        selectors = parse_consumer_version_selectors(
            body.get("consumerVersionSelectors"),
            provider_version_branch=branch or None,
            environment_names=environment_names,
        )
    except BrokerQueryError as error:
        for key, messages in error.errors.items():
            errors.setdefault(key, []).extend(messages)
    if errors:
        raise BrokerQueryError(
            errors, hint="Check the consumer version selectors and provider version fields."
        )
    return VerificationQuery(selectors, branch or None, list(tags), pending, since)


def _query_from_params(pairs: list[tuple[str, str]]) -> dict[str, Any]:
    """The GET form: ``providerVersionBranch=main&consumerVersionSelectors[][mainBranch]=true``..."""
    body: dict[str, Any] = {}
    for key, value in pairs:
        if key in {"providerVersionBranch", "includeWipPactsSince"}:
            body[key] = value
        elif key == "includePendingStatus":
            body[key] = value == "true"
        elif key in {"providerVersionTags[]", "providerVersionTags"}:
            body.setdefault("providerVersionTags", []).append(value)
    selectors = []
    for item in nested_list(pairs, "consumerVersionSelectors"):
        if isinstance(item, dict):
            selectors.append({k: (v == "true" if v in {"true", "false"} else v) for k, v in item.items()})
    if selectors:
        body["consumerVersionSelectors"] = selectors
    return body


def pact_metadata(vp: VerifiablePact) -> str:
    """The ``/metadata/`` segment of a verifiable pact's link: the selectors that chose it and the
    consumer versions they resolved to, whether it is pending, or that it is a WIP pact."""
    selectors = [
        SelectorMetadata(
            r.consumer_version.number,
            branch=r.branch,
            tag=r.selector.tag,
            latest=r.selector.latest if r.selector.latest is not None else (True if r.branch else None),
            environment=r.environment,
        )
        for r in vp.selected.selectors
    ]
    return encode_metadata(selectors, wip=vp.wip, pending=vp.pending)


def verifiable_pact_json(urls: Urls, vp: VerifiablePact, include_pending_status: bool) -> dict[str, Any]:
    """One entry of ``_embedded.pacts``: its link is the pact version URL with metadata, whose
    ``pb:publish-verification-results`` carries that metadata to the verification result."""
    href = urls.pact_version(vp.provider.name, vp.consumer.name, vp.pact_version_sha)
    self_href = f"{href}/metadata/{pact_metadata(vp)}"
    properties: dict[str, Any] = {}
    if include_pending_status:
        properties["pending"] = bool(vp.pending)
    if vp.wip:
        properties["wip"] = True
    properties["notices"] = notices(vp, href, include_pending_status=include_pending_status)
    return {
        "shortDescription": short_description(vp),
        "verificationProperties": properties,
        "_links": {"self": {"href": self_href, "name": vp.name}},
    }


def _answer(estate: Estate, provider_name: str, body: object, urls: Urls, self_url: str) -> Response:
    provider = estate.pacticipant_named(provider_name)
    if provider is None:
        return JSONResponse(
            {
                "error": f"No provider with name '{provider_name}' found",
                "hint": "Publish a pact for this provider first, or check the provider name's spelling.",
            },
            status_code=404,
            media_type=HAL_JSON_UTF8,
        )
    query = parse_verification_query(body, {e.name for e in estate.environments})
    pacts = pacts_for_verification(
        estate,
        provider,
        query.selectors,
        provider_version_branch=query.provider_version_branch,
        provider_version_tags=query.provider_version_tags,
        include_pending_status=query.include_pending_status,
        include_wip_pacts_since=query.include_wip_pacts_since,
    )
    return hal_response(
        {
            "_embedded": {
                "pacts": [verifiable_pact_json(urls, vp, query.include_pending_status) for vp in pacts]
            },
            "_links": {
                "self": {"href": self_url, "title": "Pacts to be verified"},
                "pb:provider": {"href": urls.pacticipant(provider.name), "name": provider.name},
            },
        }
    )


async def pacts_for_verification_endpoint(request: Request) -> Response:
    """Answer GET (query parameters) and POST (JSON body) alike."""
    provider_name = request.path_params["provider"]
    if request.method == "POST":
        raw = await request.body()
        try:
            body: object = json.loads(raw) if raw.strip() else {}
        except (ValueError, UnicodeDecodeError) as error:
            return broker_error_response(
                BrokerQueryError(
                    {"": [f"the request body is not valid JSON ({error})"]}, hint="Send a JSON object."
                )
            )
    else:
        body = _query_from_params(list(request.query_params.multi_items()))
    urls = Urls(public_base_url(request))
    self_url = f"{urls.base}/pacts/provider/{provider_name}/for-verification"

    def work() -> Response:
        # the "all versions with tag t" selectors decide which pacts must be loaded
        first_pass = parse_verification_query(body, None)
        all_for_tags = [s.tag for s in first_pass.selectors if s.tag and s.kind == "all_for_tag"]
        with connection_for(request) as conn:
            estate = load_verification_estate(conn, provider_name, all_for_tags)
        return _answer(estate, provider_name, body, urls, self_url)

    try:
        return await run_in_threadpool(work)
    except BrokerQueryError as error:
        return broker_error_response(error)


def routes() -> list[BaseRoute]:
    """The pacts-for-verification routes, mounted by ``accord.broker.create_app``."""
    return [
        Route(
            "/pacts/provider/{provider}/for-verification",
            pacts_for_verification_endpoint,
            methods=["GET", "POST"],
            name="pb:provider-pacts-for-verification",
        )
    ]


__all__ = [
    "VerificationQuery",
    "pacts_for_verification_endpoint",
    "parse_verification_query",
    "routes",
    "verifiable_pact_json",
]
