"""Publishing and reading pacts, and their verification results.

Routes:

- ``POST /contracts/publish`` — the Pact Broker's publication endpoint: pacticipant, version, branch,
  tags and base64 contracts in one transaction, with ``notices`` in the response;
- ``PUT /pacts/provider/{p}/consumer/{c}/version/{v}`` — the older per-pact publication;
- ``GET /pacts/provider/{p}/consumer/{c}/version/{v}``, ``.../pact-version/{sha}``, ``.../latest``,
  ``.../latest/{tag}``, ``.../branch/{b}/latest``; ``GET /pacts/provider/{p}/latest[/{tag}]``,
  ``GET /pacts/provider/{p}``, ``GET /pacts/latest``;
- ``POST .../pact-version/{sha}/verification-results`` (and ``.../version/{v}/verification-results``),
  ``GET .../pact-version/{sha}/verification-results/{n}`` and ``.../latest``;
- the same pact-version routes after ``.../pact-version/{sha}/metadata/{metadata}``, the form of the pact
  URLs handed to verifiers (see `accord.broker.api._metadata`).
"""

from __future__ import annotations

import base64
import binascii
import functools
import json
from typing import Any

from sqlalchemy import Connection, Row
from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import BaseRoute, Route

from accord.broker.api._common import (
    ApiError,
    check_name,
    field,
    hal,
    iso,
    link,
    not_found,
    pacticipant_or_404,
    q,
    read,
    read_json,
    reject_unknown,
    self_url,
    storage,
    urls,
    write,
)
from accord.broker.api._metadata import (
    MetadataError,
    PactMetadata,
    SelectorMetadata,
    decode_metadata,
    encode_metadata,
)
from accord.broker.api.matrix import Urls
from accord.broker.domain import with_interaction_ids
from accord.broker.storage import _repository as repo
from accord.broker.webhooks import REQUIRING_VERIFICATION, trigger

_OVERWRITE = "overwrite"
_PUBLISH_FIELDS = {"pacticipantName", "pacticipantVersionNumber", "branch", "tags", "buildUrl", "contracts"}
_CONTRACT_FIELDS = {"consumerName", "providerName", "specification", "contentType", "content", "onConflict"}
_VERIFICATION_FIELDS = {"success", "providerApplicationVersion", "buildUrl", "testResults", "verifiedBy"}


def _decode_pact(raw: object, index: int) -> dict[str, Any]:
    where = f"contracts[{index}].content"
    if not isinstance(raw, str):
        raise ApiError(400, f"'{where}' must be a base64 string", "base64-encode the pact file's JSON", where)
    try:
        text = base64.b64decode(raw, validate=True).decode("utf-8")
    except (binascii.Error, ValueError):
        raise ApiError(
            400, f"'{where}' is not valid base64", "base64-encode the pact file's JSON", where
        ) from None
    try:
        pact = json.loads(text)
    except ValueError as error:
        raise ApiError(
            400, f"'{where}' is not a JSON pact: {error}", "publish the pact file unchanged", where
        ) from None
    if not isinstance(pact, dict):
        raise ApiError(400, f"'{where}' must decode to a JSON object", None, where)
    return pact


def _check_pact_names(pact: dict[str, Any], consumer: str, provider: str, where: str) -> None:
    for role, expected in (("consumer", consumer), ("provider", provider)):
        named = pact.get(role)
        actual = named.get("name") if isinstance(named, dict) else None
        if actual is not None and actual != expected:
            raise ApiError(
                400,
                f"{where}: the pact's {role} is {actual!r} but the request names {expected!r}",
                f"publish it as {role} {actual!r}",
                role,
            )


async def publish_contracts(request: Request) -> Response:
    """``POST /contracts/publish``.

    Pact Broker rules: the pacticipant and version are created if needed; the version is put on
    ``branch`` and tagged with each of ``tags``; each contract (``specification: "pact"``) is stored;
    republishing identical content is allowed, changed content for an existing version is a 409 unless
    the broker allows changing content (``allow_contract_modification``, whatever ``onConflict`` says);
    ``onConflict: "merge"`` then merges into the existing pact (`_merged`), and says so. The response
    carries ``notices`` and links to every pact.
    """
    body = await read_json(request, allow_empty=False)
    reject_unknown(body, _PUBLISH_FIELDS)
    consumer_name = check_name(field(body, "pacticipantName", str, required=True), "pacticipantName")
    number = check_name(
        field(body, "pacticipantVersionNumber", str, required=True), "pacticipantVersionNumber", slashes=True
    )
    branch = field(body, "branch", str)
    if branch is not None:
        check_name(branch, "branch", slashes=True)
    tags = field(body, "tags", list) or []
    for tag in tags:
        if not isinstance(tag, str):
            raise ApiError(400, "'tags' must be an array of strings", None, "tags")
        check_name(tag, "tag", slashes=True)
    build_url = field(body, "buildUrl", str)
    contracts = field(body, "contracts", list, required=True)
    parsed: list[tuple[str, dict[str, Any], bool, bool]] = []
    for index, contract in enumerate(contracts):
        if not isinstance(contract, dict):
            raise ApiError(400, f"'contracts[{index}]' must be an object", None, "contracts")
        reject_unknown(contract, _CONTRACT_FIELDS, f"contracts[{index}]")
        if contract.get("consumerName", consumer_name) != consumer_name:
            raise ApiError(
                400,
                f"contracts[{index}].consumerName must equal pacticipantName {consumer_name!r}",
                None,
                "consumerName",
            )
        provider = check_name(field(contract, "providerName", str, required=True), "providerName")
        specification = field(contract, "specification", str) or "pact"
        if specification != "pact":
            raise ApiError(
                400,
                f"contracts[{index}].specification {specification!r} is not supported",
                "only 'pact' contracts can be published",
                "specification",
            )
        content_type = contract.get("contentType", "application/json")
        if not isinstance(content_type, str) or "json" not in content_type:
            raise ApiError(
                400, f"contracts[{index}].contentType must be application/json", None, "contentType"
            )
        on_conflict = field(contract, "onConflict", str) or "merge"
        if on_conflict not in {"merge", _OVERWRITE}:
            raise ApiError(
                400, f"contracts[{index}].onConflict must be 'merge' or 'overwrite'", None, "onConflict"
            )
        pact = _decode_pact(contract.get("content"), index)
        _check_pact_names(pact, consumer_name, provider, f"contracts[{index}]")
        # As the Pact Broker (``disallowed_modification?``): onConflict does not decide whether changed
        # content may replace a published pact, the broker's setting does. The Rust client and Accord's
        # own send "overwrite" on every publication.
        allow = bool(request.app.state.settings.allow_contract_modification)
        parsed.append((provider, pact, allow, contract.get("onConflict") == "merge"))
    u = urls(request)

    outcomes: list[tuple[str, repo.PublishOutcome]] = []

    def work(conn: Connection) -> list[dict[str, str]]:
        outcomes.clear()  # a retried transaction starts again
        notices: list[dict[str, str]] = []
        consumer = repo.ensure_pacticipant(conn, consumer_name)
        created_version = repo.find_version(conn, consumer.id, number) is None
        version = repo.ensure_version(conn, consumer.id, number, build_url)
        verb = "Created" if created_version else "Updated"
        notices.append(
            {
                "type": "info",
                "text": f"{verb} {consumer_name} version {number}"
                + (f" with branch {branch}" if branch else "")
                + (f" and tags {', '.join(tags)}" if tags else ""),
            }
        )
        if branch:
            repo.ensure_branch_version(conn, consumer.id, version.id, branch)
        for tag in tags:
            repo.ensure_tag(conn, consumer.id, version.id, tag)
        for provider_name, pact, allow, merge in parsed:
            provider = repo.ensure_pacticipant(conn, provider_name)
            existing = repo.find_pact(conn, consumer.id, provider.id, version=number) if merge else None
            try:
                content = _merged(json.loads(existing.content), pact) if existing and allow else pact
                outcome = repo.publish_pact(conn, consumer, provider, version, content, allow_overwrite=allow)
                outcomes.append((provider_name, outcome))
            except repo.PactConflict:
                raise ApiError(
                    409,
                    f"the pact for {consumer_name} version {number} and provider {provider_name} already "
                    "exists with different content; changing a published pact would make can-i-deploy "
                    "answers unreliable",
                    "publish with a new consumer version number (e.g. the git sha), or allow overwriting",
                    "contracts",
                    notices=True,
                ) from None
            # as the Pact Broker: where the pact is, after what became of it (the clients print both)
            view = {
                "type": "debug",
                "text": f"  View the published pact at {u.pact(provider_name, consumer_name, number)}",
            }
            if existing is not None:
                notices.append(
                    {
                        "type": "success",
                        "text": f"Pact content merged with existing content for {consumer_name} version "
                        f"{number} and provider {provider_name}.",
                    }
                )
                notices.append(view)
                continue
            text = {
                "created": "Pact published",
                "unchanged": "Pact unchanged from previous version published",
                "overwritten": "Pact content changed (overwritten) for",
            }[outcome.status]
            notices.append(
                {
                    "type": "success" if outcome.status != "overwritten" else "warning",
                    "text": f"{text} for {consumer_name} version {number} and provider {provider_name}."
                    if outcome.status != "overwritten"
                    else f"{text} {consumer_name} version {number} and provider {provider_name}.",
                }
            )
            notices.append(view)
        return notices

    notices = await write(request, work)
    for provider_name, outcome in outcomes:
        await _pact_published(request, consumer_name, provider_name, number, outcome)
    vurl = u.version(consumer_name, number)
    return hal(
        {
            "notices": notices,
            # The Rust pact-broker-cli reads a (deprecated) ``logs`` array before it prints the notices.
            "logs": [{"level": "info", "message": n["text"], "deprecationWarning": ""} for n in notices],
            "_embedded": {
                "pacticipant": {
                    "name": consumer_name,
                    "_links": {"self": link(u.pacticipant(consumer_name), "Pacticipant", consumer_name)},
                },
                "version": {
                    "number": number,
                    "buildUrl": build_url,
                    "_links": {"self": link(vurl, "Pacticipant version", number)},
                },
            },
            "_links": {
                "self": link(f"{u.base}/contracts/publish", "Publish contracts"),
                "pb:pacticipant": link(u.pacticipant(consumer_name), "Pacticipant", consumer_name),
                "pb:pacticipant-version": link(vurl, "Pacticipant version", number),
                "pb:pacticipant-version-tags": [link(f"{vurl}/tags/{q(t)}", "Tag", t) for t in tags],
                "pb:contracts": [
                    link(
                        u.pact(p, consumer_name, number),
                        "Pact",
                        f"Pact between {consumer_name} ({number}) and {p}",
                    )
                    for p, *_ in parsed
                ],
            },
        },
        200,
    )


def _merged(existing: dict[str, Any], new: dict[str, Any]) -> dict[str, Any]:
    """``onConflict: "merge"`` where changing content is allowed: the Pact Broker's ``Pacts::Merger`` —
    each new interaction (or message) replaces the existing one with the same description and provider
    state(s), or is appended; the rest of the existing pact stays."""
    merged = dict(existing)
    for key in ("interactions", "messages"):
        if not isinstance(new.get(key), list):
            continue
        items = list(existing.get(key) or [])
        for item in new[key]:
            same = [i for i, old in enumerate(items) if _merge_identity(old) == _merge_identity(item)]
            if same:
                items[same[0]] = item
            else:
                items.append(item)
        merged[key] = items
    return merged


def _merge_identity(interaction: object) -> tuple[object, object]:
    if not isinstance(interaction, dict):
        return (None, None)
    states = next(
        (interaction[k] for k in ("provider_state", "providerState", "providerStates") if k in interaction),
        None,
    )
    return (interaction.get("description"), states)


async def put_pact(request: Request) -> Response:
    """``PUT /pacts/provider/{p}/consumer/{c}/version/{v}``: publish one pact (the body is the pact).

    Same conflict rule as ``/contracts/publish``; 201 when created, 200 when unchanged or overwritten.
    """
    p = request.path_params
    provider_name = check_name(p["provider"], "provider name")
    consumer_name = check_name(p["consumer"], "consumer name")
    number = check_name(p["version"], "consumer version number", slashes=True)
    pact = await read_json(request, allow_empty=False)
    _check_pact_names(pact, consumer_name, provider_name, "the pact")
    allow = request.method == "PATCH" or request.app.state.settings.allow_contract_modification
    u = urls(request)

    def work(conn: Connection) -> tuple[dict[str, Any], repo.PublishOutcome]:
        consumer = repo.ensure_pacticipant(conn, consumer_name)
        provider = repo.ensure_pacticipant(conn, provider_name)
        version = repo.ensure_version(conn, consumer.id, number)
        try:
            outcome = repo.publish_pact(conn, consumer, provider, version, pact, allow_overwrite=allow)
        except repo.PactConflict:
            raise ApiError(
                409,
                f"the pact for {consumer_name} version {number} and provider {provider_name} "
                "already exists with different content",
                "publish with a new consumer version number",
                "pact",
            ) from None
        row = repo.find_pact(conn, consumer.id, provider.id, version=number)
        assert row is not None
        return pact_json(conn, u, consumer.name, provider.name, row), outcome

    body, outcome = await write(request, work)
    await _pact_published(request, consumer_name, provider_name, number, outcome)
    return hal(body, 201 if outcome.status == "created" else 200)


async def _pact_published(
    request: Request, consumer: str, provider: str, number: str, outcome: repo.PublishOutcome
) -> None:
    """Trigger the webhooks for a publication (after its transaction committed)."""
    events = ["contract_published", REQUIRING_VERIFICATION]
    events += ["contract_content_changed"] if outcome.new_content else []
    context = {
        "consumerName": consumer,
        "providerName": provider,
        "consumerVersionNumber": number,
        "pactUrl": urls(request).pact_version(provider, consumer, outcome.sha),
    }
    await run_in_threadpool(
        functools.partial(trigger, pact_version_sha=outcome.sha),
        storage(request),
        events,
        context,
        consumer,
        provider,
    )


def pact_json(
    conn: Connection,
    u: Urls,
    consumer: str,
    provider: str,
    row: Row[Any],
    *,
    metadata: str | None = None,
    consumer_versions: list[str] | None = None,
) -> dict[str, Any]:
    """A pact as the Pact Broker serves it: the content, ``createdAt`` and its HAL links.

    ``metadata`` (a ``/metadata/`` segment) is kept in the ``pb:publish-verification-results`` link, so
    that the verifier's results say why the pact was verified; ``consumer_versions`` (latest first) are
    the consumer versions that metadata named, listed under ``pb:consumer-versions``.
    """
    content = with_interaction_ids(json.loads(row.content))  # verifiers report results by _id
    vurl = u.pact(provider, consumer, row.consumer_version)
    purl = u.pact_version(provider, consumer, row.sha)
    results = f"{purl}/metadata/{metadata}" if metadata else purl
    base = f"{u.base}/pacts/provider/{q(provider)}/consumer/{q(consumer)}"
    title = f"Pact between {consumer} ({row.consumer_version}) and {provider}"
    content["createdAt"] = iso(row.created_at)
    content["_links"] = {
        "self": link(vurl, "Pact", title),
        "pb:consumer": link(u.pacticipant(consumer), "Consumer", consumer),
        "pb:consumer-version": link(
            u.version(consumer, row.consumer_version), "Consumer version", row.consumer_version
        ),
        "pb:provider": link(u.pacticipant(provider), "Provider", provider),
        "pb:pact-version": link(purl, "Pact content version permalink", row.sha),
        "pb:latest-pact-version": link(f"{base}/latest", "Latest version of this pact"),
        "pb:latest-tagged-pact-version": link(
            f"{base}/latest/{{tag}}", "Latest tagged version of this pact", templated=True
        ),
        "pb:publish-verification-results": link(
            f"{results}/verification-results", "Publish verification results"
        ),
        "pb:latest-verification-results": link(
            f"{purl}/verification-results/latest", "Latest verification results"
        ),
        "pb:consumer-versions": [
            link(u.version(consumer, number), "Consumer version", number)
            for number in consumer_versions or [row.consumer_version]
        ],
    }
    return content


def _pair(conn: Connection, request: Request) -> tuple[Row[Any], Row[Any]]:
    p = request.path_params
    return pacticipant_or_404(conn, p["consumer"]), pacticipant_or_404(conn, p["provider"])


def _metadata(request: Request) -> PactMetadata:
    """The request path's ``/metadata/{metadata}`` segment, decoded (empty when there is none)."""
    segment = request.path_params.get("metadata")
    if segment is None:
        return PactMetadata()
    try:
        return decode_metadata(segment)
    except MetadataError as error:
        raise ApiError(
            400, str(error), "use the pact URL as the broker gave it (pacts for verification)", "metadata"
        ) from None


def _find_pact(
    conn: Connection, request: Request, consumer_id: int, provider_id: int, metadata: PactMetadata
) -> tuple[Row[Any] | None, list[str]]:
    """The pact the path names, and the consumer versions its metadata names that have it (latest
    first). With metadata, the pact content is served for the latest of those consumer versions, as
    the Pact Broker does; without, for the latest consumer version with that content."""
    p = request.path_params
    if "sha" in p and metadata.consumer_version_numbers:
        found = [
            row
            for number in metadata.consumer_version_numbers
            if (row := repo.find_pact(conn, consumer_id, provider_id, version=number, sha=p["sha"]))
        ]
        found.sort(key=lambda row: row.order, reverse=True)
        if found:
            return found[0], [row.consumer_version for row in found]
    row = repo.find_pact(
        conn,
        consumer_id,
        provider_id,
        version=p.get("version"),
        sha=p.get("sha"),
        tag=p.get("tag"),
        branch=p.get("branch"),
    )
    return row, []


async def get_pact(request: Request) -> Response:
    """``GET`` a pact by consumer version, by sha (with or without metadata), or the latest (optionally
    for a tag or branch; its results link then carries metadata naming that consumer version)."""
    p = request.path_params
    u = urls(request)
    metadata = _metadata(request)

    latest = "version" not in p and "sha" not in p

    def work(conn: Connection) -> tuple[dict[str, Any], str]:
        consumer, provider = _pair(conn, request)
        row, consumer_versions = _find_pact(conn, request, consumer.id, provider.id, metadata)
        if row is None:
            raise not_found(f"a pact between {consumer.name!r} and {provider.name!r} matching the request")
        segment = p.get("metadata")
        if latest:
            selected = SelectorMetadata(row.consumer_version, p.get("branch"), p.get("tag"), latest=True)
            segment = encode_metadata([selected])
        body = pact_json(
            conn, u, consumer.name, provider.name, row, metadata=segment, consumer_versions=consumer_versions
        )
        return body, row.consumer_version

    body, consumer_version = await read(request, work)
    # As the Pact Broker's latest-pact resource: which consumer version "latest" turned out to be (an
    # HTTP header holds latin-1 only; a version number outside it is left to the body's links).
    headers = {"X-Pact-Consumer-Version": consumer_version} if latest and _latin1(consumer_version) else None
    return hal(body, headers=headers)


def _latin1(text: str) -> bool:
    try:
        text.encode("latin-1")
    except UnicodeEncodeError:
        return False
    return True


async def delete_pact(request: Request) -> Response:
    """``DELETE /pacts/provider/{p}/consumer/{c}/version/{v}``: the version's pact for this provider."""
    p = request.path_params

    def work(conn: Connection) -> None:
        consumer, provider = _pair(conn, request)
        version = repo.find_version(conn, consumer.id, p["version"])
        if version is None or repo.latest_publication(conn, version.id, provider.id) is None:
            raise not_found(f"a pact for {consumer.name!r} version {p['version']!r}")
        repo.delete_publications(conn, version.id, provider.id)

    await write(request, work)
    return Response(status_code=204)


def _pact_list_item(u: Urls, row: Row[Any]) -> dict[str, Any]:
    return {
        "createdAt": iso(row.created_at),
        "_embedded": {
            "consumer": {
                "name": row.consumer_name,
                "_embedded": {"version": {"number": row.consumer_version}},
                "_links": {"self": link(u.pacticipant(row.consumer_name))},
            },
            "provider": {
                "name": row.provider_name,
                "_links": {"self": link(u.pacticipant(row.provider_name))},
            },
        },
        "_links": {
            # The Pact Broker's pair: the latest pact of the integration, then this pact's version.
            "self": [
                link(
                    f"{u.base}/pacts/provider/{q(row.provider_name)}/consumer/{q(row.consumer_name)}/latest"
                ),
                link(u.pact(row.provider_name, row.consumer_name, row.consumer_version)),
            ]
        },
    }


async def latest_pacts(request: Request) -> Response:
    """``GET /pacts/latest``, ``GET /pacts/provider/{p}/latest[/{tag}]`` and ``GET /pacts/provider/{p}``."""
    u = urls(request)
    p = request.path_params

    def work(conn: Connection) -> dict[str, Any]:
        provider_id = None
        if "provider" in p:
            provider_id = pacticipant_or_404(conn, p["provider"]).id
        rows = repo.latest_pacts(conn, provider_id=provider_id, tag=p.get("tag"))
        links = [
            link(
                u.pact(r.provider_name, r.consumer_name, r.consumer_version),
                f"Pact between {r.consumer_name} ({r.consumer_version}) and {r.provider_name}",
                r.consumer_name,
            )
            for r in rows
        ]
        body: dict[str, Any] = {
            "pacts": [_pact_list_item(u, r) for r in rows],
            "_links": {"self": link(self_url(request)), "pb:pacts": links, "pacts": links},
        }
        if "provider" in p:
            body["_links"]["pb:provider"] = link(u.pacticipant(p["provider"]), name=p["provider"])
            body["_links"]["provider"] = link(
                u.pacticipant(p["provider"]),
                p["provider"],
                "DEPRECATED - please use the pb:provider relation",
            )
        return body

    return hal(await read(request, work))


# -- verification results ------------------------------------------------------------------------


def verification_json(u: Urls, consumer: str, provider: str, sha: str, row: Row[Any]) -> dict[str, Any]:
    """A verification result resource (``testResults`` kept as published)."""
    return {
        "providerName": provider,
        "providerApplicationVersion": row.provider_version,
        "success": row.success,
        "verificationDate": iso(row.execution_date),
        "buildUrl": row.build_url,
        "testResults": json.loads(row.test_results) if row.test_results else None,
        "verifiedBy": {"implementation": row.verified_by_implementation, "version": row.verified_by_version},
        "_links": {
            "self": link(u.verification(provider, consumer, sha, row.number), "Verification result"),
            "pb:pact-version": link(u.pact_version(provider, consumer, sha), "Pact", sha),
            "pb:provider-version": link(
                u.version(provider, row.provider_version), "Provider version", row.provider_version
            ),
        },
    }


async def publish_verification(request: Request) -> Response:
    """``POST .../verification-results``: ``{success, providerApplicationVersion, buildUrl?, testResults?,
    verifiedBy?}``; the provider version is created when missing. 201 with the result."""
    body = await read_json(request, allow_empty=False)
    reject_unknown(body, _VERIFICATION_FIELDS)
    success = field(body, "success", bool, required=True)
    number = check_name(
        field(body, "providerApplicationVersion", str, required=True),
        "providerApplicationVersion",
        slashes=True,
    )
    field(body, "buildUrl", str)
    if "testResults" in body and not isinstance(body["testResults"], (list, dict, type(None))):
        raise ApiError(400, "'testResults' must be an array or an object", None, "testResults")
    field(body, "verifiedBy", dict)
    p = request.path_params
    u = urls(request)
    metadata = _metadata(request)
    consumer_version: list[str] = []

    def work(conn: Connection) -> tuple[dict[str, Any], str]:
        consumer, provider = _pair(conn, request)
        pact, _ = _find_pact(conn, request, consumer.id, provider.id, metadata)
        if pact is None:
            raise not_found(f"a pact between {consumer.name!r} and {provider.name!r} matching the request")
        consumer_version[:] = [pact.consumer_version]
        provider_version = repo.ensure_version(conn, provider.id, number)
        n = repo.add_verification(
            conn,
            pact_version_id=pact.pact_version_id,
            consumer_id=consumer.id,
            provider_id=provider.id,
            provider_version_id=provider_version.id,
            # A WIP verification (metadata w=true) is kept apart, as the Pact Broker keeps it.
            result={**body, "success": success, "wip": metadata.wip},
        )
        row = repo.find_verification(conn, pact.pact_version_id, n)
        assert row is not None
        return verification_json(u, consumer.name, provider.name, pact.sha, row), u.verification(
            provider.name, consumer.name, pact.sha, n
        )

    result, location = await write(request, work)
    events = [
        "provider_verification_published",
        "provider_verification_succeeded" if success else "provider_verification_failed",
    ]
    context = {
        "consumerName": p["consumer"],
        "consumerVersionNumber": consumer_version[0],
        "providerName": p["provider"],
        "providerVersionNumber": number,
        "verificationResultUrl": location,
        "pactUrl": result["_links"]["pb:pact-version"]["href"],
    }
    await run_in_threadpool(trigger, storage(request), events, context, p["consumer"], p["provider"])
    return hal(result, 201, {"Location": location})


async def get_verification(request: Request) -> Response:
    """``GET .../pact-version/{sha}/verification-results/{n|latest}``."""
    p = request.path_params
    u = urls(request)
    raw = p.get("number", "latest")
    if raw != "latest" and not raw.isdigit():
        raise not_found(f"verification result {raw!r}")
    metadata = _metadata(request)

    def work(conn: Connection) -> dict[str, Any]:
        consumer, provider = _pair(conn, request)
        pact, _ = _find_pact(conn, request, consumer.id, provider.id, metadata)
        if pact is None:
            raise not_found("the pact")
        row = repo.find_verification(conn, pact.pact_version_id, None if raw == "latest" else int(raw))
        if row is None:
            raise not_found(f"verification result {raw!r}")
        return verification_json(u, consumer.name, provider.name, pact.sha, row)

    return hal(await read(request, work))


def routes() -> list[BaseRoute]:
    """The publication, pact and verification-result routes."""
    pair = "/pacts/provider/{provider}/consumer/{consumer}"
    return [
        Route("/contracts/publish", publish_contracts, methods=["POST"]),
        Route("/pacts/latest", latest_pacts, methods=["GET"]),
        Route("/pacts/provider/{provider}", latest_pacts, methods=["GET"]),
        Route("/pacts/provider/{provider}/latest", latest_pacts, methods=["GET"]),
        Route("/pacts/provider/{provider}/latest/{tag}", latest_pacts, methods=["GET"]),
        Route(f"{pair}/version/{{version}}", get_pact, methods=["GET"]),
        Route(f"{pair}/version/{{version}}", put_pact, methods=["PUT", "PATCH"]),
        Route(f"{pair}/version/{{version}}", delete_pact, methods=["DELETE"]),
        Route(f"{pair}/pact-version/{{sha}}", get_pact, methods=["GET"]),
        Route(f"{pair}/latest", get_pact, methods=["GET"]),
        Route(f"{pair}/latest/{{tag}}", get_pact, methods=["GET"]),
        Route(f"{pair}/branch/{{branch}}/latest", get_pact, methods=["GET"]),
        Route(f"{pair}/pact-version/{{sha}}/verification-results", publish_verification, methods=["POST"]),
        Route(f"{pair}/version/{{version}}/verification-results", publish_verification, methods=["POST"]),
        Route(
            f"{pair}/pact-version/{{sha}}/verification-results/{{number}}", get_verification, methods=["GET"]
        ),
        Route(
            f"{pair}/version/{{version}}/verification-results/{{number}}", get_verification, methods=["GET"]
        ),
        Route(f"{pair}/pact-version/{{sha}}/metadata/{{metadata}}", get_pact, methods=["GET"]),
        Route(
            f"{pair}/pact-version/{{sha}}/metadata/{{metadata}}/verification-results",
            publish_verification,
            methods=["POST"],
        ),
        Route(
            f"{pair}/pact-version/{{sha}}/metadata/{{metadata}}/verification-results/{{number}}",
            get_verification,
            methods=["GET"],
        ),
    ]


__all__ = ["pact_json", "routes", "verification_json"]
