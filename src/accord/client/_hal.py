"""A small HAL navigator for the Pact Broker (and PactFlow, and Accord's broker).

The Pact clients start at the broker's index (``GET /``) and follow link relations from there,
expanding templated links such as ``/pacticipants/{pacticipant}/versions/{version}``; they never
build paths themselves. ``HalClient`` does the same::

    with HalClient("http://127.0.0.1:9292", token="s3cret") as hal:
        url = hal.link(hal.index(), "pb:pacticipant-version", pacticipant="web", version="1.0.0")
        version = hal.get(url)                       # a dict (the HAL document)
        target = hal.link(version, "pb:record-deployment", name="production")
        hal.post(target, {})

API (everything else is private):

- ``HalClient(base_url, *, token=None, username=None, password=None, retries=3, timeout=10.0,
  transport=None, headers=None)``; a context manager; ``close()``.
- ``index()`` -> the index document (fetched once, then cached).
- ``link(resource, rel, *, name=None, **params)`` -> an absolute URL: the ``href`` of ``rel`` in
  ``resource["_links"]`` with ``{param}`` placeholders expanded (values percent-encoded); ``name``
  picks one entry of a link array (``pb:record-deployment`` is an array named by environment).
  ``has_link(resource, rel)`` tells whether it is there.
- ``get(url, *, missing_ok=False)``, ``post/put/patch(url, body)``, ``delete(url)`` -> the
  JSON document (``{}`` for an empty body; ``None`` from ``get`` when ``missing_ok`` and 404).
- ``url(path)`` -> ``path`` resolved against the base URL (only for ``/matrix``, which the Pact
  Broker's index does not link, and which the official clients address directly as well).

Errors (all ``accord.errors``, exit code 2, one sentence plus a hint):

- ``BrokerUnreachableError``: refused, DNS failure or timeout after ``retries`` further attempts with
  exponential back-off (0.25 s, 0.5 s, 1 s, ...), and 502/503/504 likewise; the message names the URL.
- ``BrokerAuthError``: 401 or 403; the hint names the variable to set (``PACT_BROKER_TOKEN`` or
  ``PACT_BROKER_USERNAME`` and ``PACT_BROKER_PASSWORD``).
- ``BrokerError``: any other 4xx/5xx (with the broker's own message, and ``status`` in ``context``),
  a body that is not JSON, an index without ``_links`` (not a Pact Broker), a missing relation.
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable, Mapping
from typing import Any, Self
from urllib.parse import quote, urljoin, urlsplit

import httpx

from accord import __version__
from accord.errors import BrokerAuthError, BrokerError, BrokerUnreachableError

__all__ = ["HalClient", "broker_message"]

_ACCEPT = "application/hal+json, application/json"
_RETRIED_STATUSES = frozenset({502, 503, 504})
_FIRST_DELAY = 0.25


class HalClient:
    """Navigate a Pact Broker's HAL resources, with auth, bounded retries and readable errors.

    Args:
        base_url: the broker's base URL (``http://host:9292`` or with a path prefix).
        token: a bearer token (``PACT_BROKER_TOKEN``); wins over basic auth.
        username: basic-auth user (``PACT_BROKER_USERNAME``).
        password: basic-auth password (``PACT_BROKER_PASSWORD``).
        retries: further attempts after a connection failure or a 502/503/504 (0 = try once).
        timeout: seconds per request.
        transport: an ``httpx`` transport (``httpx.MockTransport`` or ``httpx.ASGITransport`` in tests).
        headers: extra headers sent with every request (``--custom-header``).
        sleep: how to wait between retries (tests pass a recorder).
    """

    def __init__(
        self,
        base_url: str,
        *,
        token: str | None = None,
        username: str | None = None,
        password: str | None = None,
        retries: int = 3,
        timeout: float = 10.0,
        transport: httpx.BaseTransport | None = None,
        headers: Mapping[str, str] | None = None,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        try:
            parts = urlsplit(base_url)
        except ValueError:  # e.g. an unclosed IPv6 bracket: "http://[::1"
            parts = urlsplit("")
        if parts.scheme not in ("http", "https") or not parts.netloc:
            raise BrokerError(
                f"the broker URL {base_url!r} is not an http(s) URL",
                hint="give the broker's base URL, e.g. --broker-base-url http://localhost:9292 "
                "(or set PACT_BROKER_BASE_URL)",
            )
        self.base_url = base_url.rstrip("/")
        self.token = token or None
        self.username = username or None
        self.retries = max(0, retries)
        self._sleep = sleep
        self._index: dict[str, Any] | None = None
        sent = {"Accept": _ACCEPT, "User-Agent": f"accord/{__version__}"}
        if self.token:
            sent["Authorization"] = f"Bearer {self.token}"
        sent.update(headers or {})
        auth = httpx.BasicAuth(self.username, password or "") if self.username and not self.token else None
        # A plain-http broker needs no TLS context (loading CA certificates costs ~0.1 s per command);
        # redirects are then not followed, so a redirect to https cannot go unverified.
        secure = parts.scheme == "https"
        self._http = httpx.Client(
            headers=sent,
            auth=auth,
            timeout=timeout,
            transport=transport,
            follow_redirects=secure,
            verify=secure,
        )

    # -- lifecycle -------------------------------------------------------------------------------

    def close(self) -> None:
        """Close the connection pool."""
        self._http.close()

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    # -- navigation ------------------------------------------------------------------------------

    def index(self) -> dict[str, Any]:
        """The broker's index (``GET /``), checked to be a HAL document; cached after the first call.

        Raises:
            BrokerError: the server answered, but not with a HAL index (``_links`` missing).
        """
        if self._index is None:
            document = self.get(self.base_url + "/")
            if not isinstance(document, dict) or not isinstance(document.get("_links"), dict):
                raise BrokerError(
                    f"the server at {self.base_url} is not a Pact Broker: its index has no HAL _links",
                    hint="point PACT_BROKER_BASE_URL (or --broker-base-url) at the broker's base URL",
                )
            self._index = document
        return self._index

    def has_link(self, resource: Mapping[str, Any], rel: str) -> bool:
        """Whether ``resource`` carries the link relation ``rel``."""
        links = resource.get("_links")
        return isinstance(links, dict) and bool(links.get(rel))

    def link(self, resource: Mapping[str, Any], rel: str, *, name: str | None = None, **params: str) -> str:
        """The absolute URL of ``rel`` in ``resource``, with ``{param}`` placeholders expanded.

        Args:
            resource: a HAL document (``index()`` or any fetched resource).
            rel: the relation, e.g. ``pb:pacticipant-version``.
            name: for a link array, the entry whose ``name`` (or ``title``) equals this.
            **params: template values; each is percent-encoded (``/`` included) before insertion.

        Raises:
            BrokerError: the relation (or the named entry) is missing, or a placeholder has no value.
        """
        links = resource.get("_links")
        entry = links.get(rel) if isinstance(links, dict) else None
        if isinstance(entry, list):
            if name is None:
                entry = entry[0] if entry else None
            else:
                matches = [
                    e for e in entry if isinstance(e, dict) and name in (e.get("name"), e.get("title"))
                ]
                entry = matches[0] if matches else None
        if not isinstance(entry, dict) or not isinstance(entry.get("href"), str):
            what = f"{rel!r} link" + (f" named {name!r}" if name is not None else "")
            raise BrokerError(
                f"the broker at {self.base_url} offers no {what} here",
                hint="the broker may be too old for this command, or the named thing does not exist there",
                rel=rel,
            )
        return self._expand(entry["href"], rel, params)

    def url(self, path: str) -> str:
        """``path`` (which starts with ``/``) resolved against the base URL, keeping any path prefix."""
        return self.base_url + path

    def _expand(self, href: str, rel: str, params: Mapping[str, str]) -> str:
        expanded = href
        for key, value in params.items():
            expanded = expanded.replace("{" + key + "}", quote(str(value), safe=""))
        if "{" in expanded and "}" in expanded.split("{", 1)[1]:
            placeholder = expanded.split("{", 1)[1].split("}", 1)[0]
            raise BrokerError(
                f"the {rel!r} link {href!r} needs a value for {{{placeholder}}}",
                hint="this is a bug in the calling code: pass it to link()",
            )
        return urljoin(self.base_url + "/", expanded)

    # -- HTTP ------------------------------------------------------------------------------------

    def get(self, url: str, *, missing_ok: bool = False) -> dict[str, Any] | None:
        """``GET url`` and return its JSON document (``None`` for a 404 when ``missing_ok``)."""
        return self._request("GET", url, None, missing_ok=missing_ok)

    def post(self, url: str, body: Any) -> dict[str, Any]:
        """``POST`` ``body`` as JSON to ``url`` and return the JSON answer (``{}`` if empty)."""
        return self._request("POST", url, body) or {}

    def put(self, url: str, body: Any) -> dict[str, Any]:
        """``PUT`` ``body`` as JSON to ``url`` and return the JSON answer (``{}`` if empty)."""
        return self._request("PUT", url, body) or {}

    def patch(self, url: str, body: Any) -> dict[str, Any]:
        """``PATCH`` ``body`` (a JSON merge patch) to ``url`` and return the JSON answer."""
        return self._request("PATCH", url, body) or {}

    def delete(self, url: str) -> dict[str, Any]:
        """``DELETE url`` and return the JSON answer (``{}`` if empty)."""
        return self._request("DELETE", url, None) or {}

    def _request(
        self, method: str, url: str, body: Any, *, missing_ok: bool = False
    ) -> dict[str, Any] | None:
        response = self._send(method, url, body)
        status = response.status_code
        if status == 404 and missing_ok:
            return None
        if status in (401, 403):
            raise BrokerAuthError(
                f"the broker at {self.base_url} answered {status} "
                f"{'Unauthorized' if status == 401 else 'Forbidden'} to {method} {_path(url)}",
                hint=self._auth_hint(status),
                status=status,
                url=url,
            )
        if 300 <= status < 400:
            raise BrokerError(
                f"the broker at {self.base_url} redirected {method} {_path(url)} to "
                f"{response.headers.get('location', 'another URL')}",
                hint="set PACT_BROKER_BASE_URL (or --broker-base-url) to the URL it redirects to",
                status=status,
                url=url,
            )
        if status >= 400:
            detail = broker_message(response.content)
            raise BrokerError(
                f"the broker answered {status} to {method} {_path(url)}" + (f": {detail}" if detail else ""),
                hint="check the names and versions given; the broker's log has the details",
                status=status,
                url=url,
            )
        if not response.content.strip():
            return {}
        try:
            document = json.loads(response.content)
        except ValueError:
            kind = response.headers.get("content-type", "no content type")
            raise BrokerError(
                f"the server at {self.base_url} answered {method} {_path(url)} with {kind}, not JSON: "
                "it does not look like a Pact Broker",
                hint="point PACT_BROKER_BASE_URL (or --broker-base-url) at the broker's base URL",
                url=url,
            ) from None
        return document if isinstance(document, dict) else {"_value": document}

    def _send(self, method: str, url: str, body: Any) -> httpx.Response:
        delay = _FIRST_DELAY
        attempt = 0
        while True:
            status: int | None = None
            try:
                response = self._http.request(
                    method, url, json=body if method in ("POST", "PUT", "PATCH") else None
                )
            except httpx.TransportError as exc:
                failure = f"{type(exc).__name__}: {exc}" if str(exc) else type(exc).__name__
            else:
                if response.status_code not in _RETRIED_STATUSES:
                    return response
                status = response.status_code
                failure = f"{status} {response.reason_phrase}"
            if attempt >= self.retries:
                raise BrokerUnreachableError(
                    f"the broker at {self.base_url} cannot be reached ({failure}) "
                    f"after {attempt + 1} attempt{'s' if attempt else ''}",
                    hint="check that the broker is running and that PACT_BROKER_BASE_URL "
                    "(or --broker-base-url) is its URL",
                    url=url,
                    status=status,
                )
            self._sleep(delay)
            delay *= 2
            attempt += 1

    def _auth_hint(self, status: int) -> str:
        if self.token:
            return "the token was refused: set PACT_BROKER_TOKEN (or --broker-token) to a valid token" + (
                " with the permission for this action" if status == 403 else ""
            )
        if self.username:
            return (
                "the username and password were refused: check PACT_BROKER_USERNAME and PACT_BROKER_PASSWORD"
                " (or --broker-username/--broker-password)"
            )
        return (
            "the broker needs credentials: set PACT_BROKER_TOKEN, or PACT_BROKER_USERNAME and "
            "PACT_BROKER_PASSWORD"
        )


def broker_message(content: bytes) -> str:
    """The human part of a broker's error body (Pact Broker ``error``/``errors``, problem+json), one line.

    Pact Broker error bodies take three shapes: ``{"error": {"message": ...}}`` (or a string),
    ``{"errors": {"field": ["message", ...]}}`` (validation), and ``application/problem+json``
    ``{"title", "detail"}``. Anything else is returned as (truncated) text.
    """
    text = content.decode("utf-8", "replace").strip()
    try:
        body = json.loads(text) if text else None
    except ValueError:
        return " ".join(text.split())[:200]
    return _flatten(body)[:300]


def _flatten(body: Any) -> str:
    if isinstance(body, str):
        return body
    if isinstance(body, list):
        return "; ".join(_flatten(item) for item in body if item)
    if not isinstance(body, dict):
        return "" if body is None else json.dumps(body)
    if body.get("detail"):
        return str(body["detail"])
    for key in ("error", "message", "title"):
        value = body.get(key)
        if isinstance(value, dict):
            return _flatten(value.get("message") or value)
        if value:
            return _flatten(value)
    errors = body.get("errors")
    if isinstance(errors, dict):
        return "; ".join(f"{field}: {_flatten(messages)}" for field, messages in errors.items())
    if errors:
        return _flatten(errors)
    return ""


def _path(url: str) -> str:
    parts = urlsplit(url)
    return parts.path + (f"?{parts.query}" if parts.query else "")
