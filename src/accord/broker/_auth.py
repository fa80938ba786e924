"""Authentication and authorisation for the broker (an ASGI middleware).

When auth is on (`BrokerSettings.auth_enabled`), every request but the heartbeat must carry
``Authorization: Bearer <token>`` (a token from ``accord broker token create``) or HTTP basic auth
for one of the two configured users. The role needed depends on the request:

- ``read``: ``GET``, ``HEAD``, ``OPTIONS``, and ``POST .../for-verification`` (a query, not a write);
- ``write``: any other ``POST``, ``PUT``, ``PATCH`` (publish, verify, record deployments);
- ``admin``: ``DELETE``.

The basic-auth read-only user has ``read``; the read-write user has ``admin`` (as in the Pact Broker,
where that user may do everything). A missing or unknown credential is a 401 with
``WWW-Authenticate``; a known credential without the role is a 403; both bodies say what is missing.
"""

from __future__ import annotations

import base64
import binascii
import hmac
from typing import Any

from starlette.concurrency import run_in_threadpool
from starlette.responses import JSONResponse
from starlette.types import ASGIApp, Receive, Scope, Send

from accord.broker._settings import BrokerSettings
from accord.broker._tokens import role_rank, token_role
from accord.broker.storage import Storage

_OPEN_PATHS = {"/diagnostic/status/heartbeat"}
_READ_METHODS = {"GET", "HEAD", "OPTIONS"}


def required_role(method: str, path: str) -> str:
    """The role a request needs (see the module docstring)."""
    if method in _READ_METHODS or (method == "POST" and path.endswith("/for-verification")):
        return "read"
    return "admin" if method == "DELETE" else "write"


class AuthMiddleware:
    """Checks credentials before the app sees the request (a pure ASGI middleware)."""

    def __init__(self, app: ASGIApp, settings: BrokerSettings, storage: Storage) -> None:
        self.app = app
        self.settings = settings
        self.storage = storage

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or not self.settings.auth_enabled or scope["path"] in _OPEN_PATHS:
            await self.app(scope, receive, send)
            return
        needed = required_role(scope["method"], scope["path"])
        if needed == "read" and self.settings.allow_public_read:
            await self.app(scope, receive, send)
            return
        headers = {k.decode("latin-1").lower(): v.decode("latin-1") for k, v in scope["headers"]}
        role, problem = await self._identify(headers.get("authorization"))
        if role is None:
            response = JSONResponse(
                {
                    "error": problem,
                    "errors": {"authorization": [problem]},
                    "hint": "send 'Authorization: Bearer <token>' (accord broker token create) "
                    "or basic auth credentials",
                },
                status_code=401,
                headers={"WWW-Authenticate": 'Bearer realm="accord-broker", Basic realm="accord-broker"'},
            )
        elif role_rank(role) < role_rank(needed):
            message = f"this request needs the '{needed}' role but the credentials given have '{role}'"
            response = JSONResponse(
                {
                    "error": message,
                    "errors": {"authorization": [message]},
                    "hint": f"use a token created with --role {needed} (or the read-write basic auth user)",
                },
                status_code=403,
            )
        else:
            await self.app(scope, receive, send)
            return
        await response(scope, receive, send)

    async def _identify(self, header: str | None) -> tuple[str | None, str]:
        if not header:
            return None, "authentication is required and the request has no Authorization header"
        scheme, _, value = header.partition(" ")
        scheme = scheme.lower()
        value = value.strip()
        if scheme == "bearer" and value:
            role = await run_in_threadpool(token_role, self.storage, value)
            return (role, "") if role else (None, "the bearer token is unknown or revoked")
        if scheme == "basic" and value:
            return self._basic(value)
        return None, f"unsupported Authorization scheme {scheme!r}"

    def _basic(self, value: str) -> tuple[str | None, str]:
        try:
            user, _, password = base64.b64decode(value, validate=True).decode("utf-8").partition(":")
        except (binascii.Error, UnicodeDecodeError):
            return None, "the basic auth credentials are not valid base64"
        s = self.settings
        users: list[tuple[Any, Any, str]] = [
            (s.basic_auth_username, s.basic_auth_password, "admin"),
            (s.basic_auth_read_only_username, s.basic_auth_read_only_password, "read"),
        ]
        for name, secret, role in users:
            if (
                name is not None
                and hmac.compare_digest(user, name)
                and hmac.compare_digest(password, secret or "")
            ):
                return role, ""
        return None, "the basic auth username or password is wrong"


__all__ = ["AuthMiddleware", "required_role"]
