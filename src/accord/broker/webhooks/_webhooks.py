"""Webhooks: HTTP requests the broker sends when contracts are published or verified.

A webhook names its ``events`` (the Pact Broker's names), an optional consumer and/or provider it is
limited to (``{"name": ...}`` for one pacticipant, ``{"label": ...}`` for every pacticipant with that
pacticipant label), and a ``request`` template: ``method``, ``url``, ``headers``, ``body`` and, for HTTP basic
auth, ``username`` and ``password``; in the URL, headers and body
``${pactbroker.consumerName}``, ``${pactbroker.providerName}``, ``${pactbroker.consumerVersionNumber}``,
``${pactbroker.providerVersionNumber}``, ``${pactbroker.pactUrl}``, ``${pactbroker.verificationResultUrl}``
and ``${pactbroker.eventName}`` are replaced by the event's values.

Events:

- ``contract_published`` — every pact publication;
- ``contract_content_changed`` — a publication whose content the broker had not seen for this pair;
- ``contract_requiring_verification_published`` — a publication, once for each provider version that
  should verify it and has not yet (the Pact Broker's rule: the latest version of the provider's main
  branch and every version currently deployed or released), with ``${pactbroker.providerVersionNumber}``,
  ``${pactbroker.providerVersionBranch}`` and ``${pactbroker.providerVersionDescriptions}`` ("latest
  from main branch, deployed in prod") set for that provider version;
- ``provider_verification_published`` — every verification result, plus
  ``provider_verification_succeeded`` or ``provider_verification_failed`` by its outcome.

Webhooks are triggered after the write's transaction committed, and run on a background thread so
that a slow receiver never slows a publication; each execution's outcome is logged. Only ``http``
and ``https`` URLs are accepted.
"""

from __future__ import annotations

import json
import logging
import re
import threading
import uuid as uuidlib
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

import httpx
import sqlalchemy as sa
from sqlalchemy import Connection, Row

from accord.broker.storage import Storage
from accord.broker.storage import _schema as t
from accord.broker.storage._pacticipant_labels import labels_of_names
from accord.broker.storage._repository import now

REQUIRING_VERIFICATION = "contract_requiring_verification_published"
EVENTS = (
    "contract_published",
    "contract_content_changed",
    REQUIRING_VERIFICATION,
    "provider_verification_published",
    "provider_verification_succeeded",
    "provider_verification_failed",
)
_METHODS = {"GET", "POST", "PUT", "PATCH", "DELETE"}
_PLACEHOLDER = re.compile(r"\$\{pactbroker\.([A-Za-z]+)\}")
_LOG = logging.getLogger("accord.broker.webhooks")
_TIMEOUT = 10.0
LOOPBACK_HOSTS = ("127.0.0.1", "localhost", "::1")


class WebhookError(ValueError):
    """A webhook definition is invalid (the message names the field)."""

    def __init__(self, message: str, field: str) -> None:
        super().__init__(message)
        self.field = field


@dataclass(frozen=True)
class WebhookResult:
    """One execution: the HTTP status, or the error that prevented a response."""

    status: int | None
    error: str | None


def validate(body: dict[str, Any], allowed_hosts: tuple[str, ...] = LOOPBACK_HOSTS) -> dict[str, Any]:
    """Check a webhook definition (the Pact Broker's JSON shape) and return it normalised.

    Like the Pact Broker's webhook host whitelist, the URL's host must be in ``allowed_hosts``
    (``"*"`` allows any): by default only loopback, so that a webhook cannot be used to make the
    broker call arbitrary hosts until an administrator says which ones it may call.

    Raises:
        WebhookError: naming the field that is missing or wrong.
    """
    unknown = set(body) - {"description", "consumer", "provider", "events", "request", "enabled"}
    if unknown:
        raise WebhookError(f"unknown field(s): {', '.join(sorted(unknown))}", sorted(unknown)[0])
    events = body.get("events")
    if not isinstance(events, list) or not events:
        raise WebhookError("'events' must be a non-empty array of {\"name\": ...}", "events")
    names = []
    for event in events:
        name = event.get("name") if isinstance(event, dict) else None
        if name not in EVENTS:
            raise WebhookError(f"unknown event {name!r}; known events: {', '.join(EVENTS)}", "events")
        names.append(name)
    request = body.get("request")
    if not isinstance(request, dict):
        raise WebhookError("'request' must be an object with method and url", "request")
    method = str(request.get("method", "")).upper()
    if method not in _METHODS:
        raise WebhookError(f"'request.method' must be one of {', '.join(sorted(_METHODS))}", "request.method")
    url = request.get("url")
    if not isinstance(url, str) or urlsplit(url).scheme not in {"http", "https"} or not urlsplit(url).netloc:
        raise WebhookError("'request.url' must be an absolute http(s) URL", "request.url")
    host = urlsplit(url).hostname or ""
    if "*" not in allowed_hosts and host not in allowed_hosts:
        raise WebhookError(
            f"the host {host!r} is not allowed for webhooks (allowed: {', '.join(allowed_hosts)}); "
            "an administrator can allow it with ACCORD_BROKER_WEBHOOK_HOSTS",
            "request.url",
        )
    headers = request.get("headers") or {}
    if not isinstance(headers, dict) or not all(isinstance(v, str) for v in headers.values()):
        raise WebhookError("'request.headers' must be an object of strings", "request.headers")
    credentials = {key: request[key] for key in ("username", "password") if request.get(key) is not None}
    if not all(isinstance(value, str) for value in credentials.values()):
        raise WebhookError("'request.username' and 'request.password' must be strings", "request.username")
    scopes = {role: _scope(body.get(role), role) for role in ("consumer", "provider")}
    enabled = body.get("enabled", True)
    if not isinstance(enabled, bool):
        raise WebhookError("'enabled' must be a boolean", "enabled")
    description = body.get("description")
    if description is not None and not isinstance(description, str):
        raise WebhookError("'description' must be a string", "description")
    return {
        "description": description,
        **scopes,
        "events": names,
        "request": {
            "method": method,
            "url": url,
            "headers": headers,
            "body": request.get("body"),
            **credentials,
        },
        "enabled": enabled,
    }


_BAD_LABEL = re.compile(r"[/\\\x00-\x1f\x7f]")


def _scope(value: Any, role: str) -> dict[str, str] | None:
    """A webhook's ``consumer`` or ``provider``: ``{"name": ...}``, ``{"label": ...}`` or absent."""
    if value is None:
        return None
    if isinstance(value, dict) and ("name" in value) != ("label" in value):
        if isinstance(value.get("name"), str):
            return {"name": value["name"]}
        text = value.get("label")
        if isinstance(text, str):
            if not text.strip() or len(text) > 255 or _BAD_LABEL.search(text):
                raise WebhookError(
                    f"'{role}.label' {text!r} is not a label name: give a non-empty label of at most "
                    "255 characters without '/', '\\' or control characters",
                    f"{role}.label",
                )
            return {"label": text}
    raise WebhookError(f'\'{role}\' must be {{"name": ...}} or {{"label": ...}} (not both)', role)


def save(
    conn: Connection, definition: dict[str, Any], ids: dict[str, int | None], uuid: str | None = None
) -> str:
    """Insert (``uuid`` ``None``, or a ``uuid`` not yet used) or replace a webhook; returns its uuid."""
    values = {
        "description": definition["description"],
        "consumer_id": ids.get("consumer"),
        "provider_id": ids.get("provider"),
        "consumer_label": (definition["consumer"] or {}).get("label"),
        "provider_label": (definition["provider"] or {}).get("label"),
        "events": json.dumps(definition["events"]),
        "request": json.dumps(definition["request"]),
        "enabled": definition["enabled"],
    }
    if uuid is None:
        uuid = str(uuidlib.uuid4())
        conn.execute(sa.insert(t.webhooks).values(uuid=uuid, created_at=now(), **values))
    elif not conn.execute(
        sa.update(t.webhooks).where(t.webhooks.c.uuid == uuid).values(updated_at=now(), **values)
    ).rowcount:
        conn.execute(sa.insert(t.webhooks).values(uuid=uuid, created_at=now(), **values))
    return uuid


def find(conn: Connection, uuid: str | None = None) -> list[Row[Any]]:
    """Webhooks (all, or the one with ``uuid``) with their consumer and provider names."""
    consumer = t.pacticipants.alias("consumer")
    provider = t.pacticipants.alias("provider")
    query = (
        sa.select(t.webhooks, consumer.c.name.label("consumer_name"), provider.c.name.label("provider_name"))
        .outerjoin(consumer, consumer.c.id == t.webhooks.c.consumer_id)
        .outerjoin(provider, provider.c.id == t.webhooks.c.provider_id)
        .order_by(t.webhooks.c.id)
    )
    if uuid is not None:
        query = query.where(t.webhooks.c.uuid == uuid)
    return list(conn.execute(query))


def delete(conn: Connection, uuid: str) -> bool:
    """Delete a webhook; ``True`` when it existed."""
    return bool(conn.execute(sa.delete(t.webhooks).where(t.webhooks.c.uuid == uuid)).rowcount)


def render(template: Any, context: dict[str, str]) -> Any:
    """Replace ``${pactbroker.x}`` placeholders in a string, or in every string of a JSON value."""
    if isinstance(template, str):
        return _PLACEHOLDER.sub(lambda m: context.get(m.group(1), ""), template)
    if isinstance(template, list):
        return [render(item, context) for item in template]
    if isinstance(template, dict):
        return {key: render(value, context) for key, value in template.items()}
    return template


def execute(request: dict[str, Any], context: dict[str, str]) -> WebhookResult:
    """Send one webhook request now and report the outcome (never raises)."""
    body = render(request.get("body"), context)
    headers = render(request.get("headers") or {}, context)
    content = body if isinstance(body, str) else None if body is None else json.dumps(body)
    if content is not None and not isinstance(body, str):
        headers = {"Content-Type": "application/json", **headers}
    auth = (request["username"], request.get("password", "")) if request.get("username") else None
    try:
        response = httpx.request(
            request["method"],
            render(request["url"], context),
            headers=headers,
            content=content,
            auth=auth,
            timeout=_TIMEOUT,
        )
    except httpx.HTTPError as error:
        return WebhookResult(None, f"{type(error).__name__}: {error}")
    return WebhookResult(response.status_code, None)


@dataclass(frozen=True)
class ProviderVersionInUse:
    """A provider version that should verify new pacts, and why: "latest from main branch",
    "deployed in prod" or "released in prod"."""

    number: str
    branch: str | None
    description: str


@dataclass(frozen=True)
class RequiredVerification:
    """A provider version that has not verified a pact yet, with every reason it should."""

    provider_version_number: str
    provider_version_branch: str | None
    descriptions: tuple[str, ...]

    def context(self) -> dict[str, str]:
        """Its ``${pactbroker...}`` values."""
        return {
            "providerVersionNumber": self.provider_version_number,
            "providerVersionBranch": self.provider_version_branch or "",
            "providerVersionDescriptions": ", ".join(self.descriptions),
        }


def required_verifications(
    in_use: list[ProviderVersionInUse], verified: set[str]
) -> list[RequiredVerification]:
    """The Pact Broker's ``calculate_required_verifications_for_pact``: one per provider version in use
    (main branch head first, then deployed, then released) that has no verification of the pact yet,
    its reasons merged; the branch is the main branch's when that is a reason, else the version's."""
    merged: dict[str, RequiredVerification] = {}
    for version in in_use:
        if version.number in verified:
            continue
        seen = merged.get(version.number)
        if seen is None:
            merged[version.number] = RequiredVerification(
                version.number, version.branch, (version.description,)
            )
        elif version.description not in seen.descriptions:
            merged[version.number] = RequiredVerification(
                seen.provider_version_number,
                seen.provider_version_branch or version.branch,
                (*seen.descriptions, version.description),
            )
    return list(merged.values())


def _provider_versions_in_use(conn: Connection, provider: str) -> list[ProviderVersionInUse]:
    """The provider's main branch head and its versions currently deployed or released."""
    pacticipant = conn.execute(sa.select(t.pacticipants).where(t.pacticipants.c.name == provider)).first()
    if pacticipant is None:
        return []
    found: list[ProviderVersionInUse] = []
    if pacticipant.main_branch:
        head = conn.execute(
            sa.select(t.versions.c.number)
            .join(t.branch_versions, t.branch_versions.c.version_id == t.versions.c.id)
            .where(
                t.branch_versions.c.pacticipant_id == pacticipant.id,
                t.branch_versions.c.branch_name == pacticipant.main_branch,
            )
            .order_by(t.versions.c.order.desc())
            .limit(1)
        ).first()
        if head is not None:
            found.append(
                ProviderVersionInUse(head.number, pacticipant.main_branch, "latest from main branch")
            )
    last_branch = (
        sa.select(t.branch_versions.c.branch_name)
        .where(t.branch_versions.c.version_id == t.versions.c.id)
        .order_by(t.branch_versions.c.id.desc())
        .limit(1)
        .scalar_subquery()
    )
    for table, current, verb in (
        (t.deployed_versions, t.deployed_versions.c.undeployed_at, "deployed"),
        (t.released_versions, t.released_versions.c.support_ended_at, "released"),
    ):
        rows = conn.execute(
            sa.select(t.versions.c.number, t.environments.c.name, last_branch.label("branch"))
            .select_from(table)
            .join(t.versions, t.versions.c.id == table.c.version_id)
            .join(t.environments, t.environments.c.id == table.c.environment_id)
            .where(t.versions.c.pacticipant_id == pacticipant.id, current.is_(None))
            .order_by(table.c.created_at, table.c.id)
        )
        found += [ProviderVersionInUse(r.number, r.branch, f"{verb} in {r.name}") for r in rows]
    return found


def _verified_by(conn: Connection, provider: str, sha: str) -> set[str]:
    """The provider version numbers that have published a result for this pact content."""
    return set(
        conn.execute(
            sa.select(t.versions.c.number)
            .select_from(t.verifications)
            .join(t.pact_versions, t.pact_versions.c.id == t.verifications.c.pact_version_id)
            .join(t.versions, t.versions.c.id == t.verifications.c.provider_version_id)
            .join(t.pacticipants, t.pacticipants.c.id == t.verifications.c.provider_id)
            .where(t.pact_versions.c.sha == sha, t.pacticipants.c.name == provider)
        ).scalars()
    )


def trigger(
    storage: Storage,
    events: list[str],
    context: dict[str, str],
    consumer: str,
    provider: str,
    *,
    pact_version_sha: str | None = None,
) -> None:
    """Run, on a background thread, every enabled webhook for these events and this pacticipant pair.

    A webhook runs once for the first of its events that happened, and, when it subscribes to
    ``contract_requiring_verification_published`` (which needs ``pact_version_sha``), once more for each
    provider version required to verify the pact.
    """
    runs: list[tuple[dict[str, Any], str, dict[str, str]]] = []
    with storage.read() as conn:
        required: list[RequiredVerification] | None = None
        rows = find(conn)
        labels: dict[str, set[str]] = {consumer: set(), provider: set()}
        if any(row.consumer_label or row.provider_label for row in rows):
            labels = labels_of_names(conn, (consumer, provider))
        for row in rows:
            subscribed = [event for event in events if event in json.loads(row.events)]
            if not (
                row.enabled
                and subscribed
                and row.consumer_name in (None, consumer)
                and row.provider_name in (None, provider)
                and (row.consumer_label is None or row.consumer_label in labels[consumer])
                and (row.provider_label is None or row.provider_label in labels[provider])
            ):
                continue
            request = json.loads(row.request)
            plain = [event for event in subscribed if event != REQUIRING_VERIFICATION]
            if plain:
                runs.append((request, plain[0], {}))
            if REQUIRING_VERIFICATION in subscribed and pact_version_sha is not None:
                if required is None:
                    in_use = _provider_versions_in_use(conn, provider)
                    required = required_verifications(in_use, _verified_by(conn, provider, pact_version_sha))
                runs += [(request, REQUIRING_VERIFICATION, r.context()) for r in required]
    if not runs:
        return

    def run() -> None:
        for request, event, extra in runs:
            result = execute(request, {**context, **extra, "eventName": event})
            outcome = result.status if result.error is None else result.error
            _LOG.info("webhook %s %s for %s: %s", request["method"], request["url"], event, outcome)

    threading.Thread(target=run, name="accord-webhooks", daemon=True).start()


__all__ = [
    "EVENTS",
    "LOOPBACK_HOSTS",
    "REQUIRING_VERIFICATION",
    "ProviderVersionInUse",
    "RequiredVerification",
    "WebhookError",
    "WebhookResult",
    "delete",
    "execute",
    "find",
    "render",
    "required_verifications",
    "save",
    "trigger",
    "validate",
]
