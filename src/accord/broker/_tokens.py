"""Bearer tokens for the broker: created, listed and revoked by ``accord broker token``.

A token's secret is shown once, when created; the database keeps only its SHA-256, so a stolen
database copy does not hand out credentials. Roles rank ``read`` < ``write`` < ``admin``: ``read``
may GET (and ask for pacts to verify), ``write`` may also publish pacts, verification results,
deployments and releases, ``admin`` may also delete.
"""

from __future__ import annotations

import hashlib
import secrets
import uuid as uuidlib
from dataclasses import dataclass
from datetime import datetime

import sqlalchemy as sa

from accord.broker.storage import Storage
from accord.broker.storage import _schema as t
from accord.broker.storage._repository import now
from accord.errors import ConfigurationError

ROLES = ("read", "write", "admin")
_PREFIX = "acc_"


def role_rank(role: str) -> int:
    """``read`` 0, ``write`` 1, ``admin`` 2."""
    return ROLES.index(role)


def hash_token(secret: str) -> str:
    """The SHA-256 (hex) under which a token is stored."""
    return hashlib.sha256(secret.encode()).hexdigest()


@dataclass(frozen=True)
class TokenInfo:
    """A token as listed (never its secret)."""

    uuid: str
    name: str
    role: str
    created_at: datetime
    last_used_at: datetime | None
    revoked_at: datetime | None


def create_token(storage: Storage, name: str, role: str) -> tuple[TokenInfo, str]:
    """Create a token; returns it and its secret (shown once).

    Raises:
        ConfigurationError: for an unknown role or an empty name.
    """
    if role not in ROLES:
        raise ConfigurationError(f"unknown role {role!r}", hint=f"use one of {', '.join(ROLES)}")
    if not name.strip():
        raise ConfigurationError("a token needs a name", hint="name it after its user, e.g. 'ci-publisher'")
    secret = _PREFIX + secrets.token_urlsafe(32)
    uuid = str(uuidlib.uuid4())
    created = now()

    def work(conn: sa.Connection) -> None:
        conn.execute(
            sa.insert(t.api_tokens).values(
                uuid=uuid, name=name, role=role, token_sha256=hash_token(secret), created_at=created
            )
        )

    storage.write(work)
    return TokenInfo(uuid, name, role, created, None, None), secret


def list_tokens(storage: Storage) -> list[TokenInfo]:
    """Every token, oldest first."""
    with storage.read() as conn:
        rows = conn.execute(sa.select(t.api_tokens).order_by(t.api_tokens.c.id))
        return [TokenInfo(r.uuid, r.name, r.role, r.created_at, r.last_used_at, r.revoked_at) for r in rows]


def revoke_token(storage: Storage, ident: str) -> int:
    """Revoke the token(s) with this uuid or name; returns how many were revoked.

    Raises:
        ConfigurationError: when no active token has that uuid or name.
    """

    def work(conn: sa.Connection) -> int:
        result = conn.execute(
            sa.update(t.api_tokens)
            .where(
                sa.or_(t.api_tokens.c.uuid == ident, t.api_tokens.c.name == ident),
                t.api_tokens.c.revoked_at.is_(None),
            )
            .values(revoked_at=now())
        )
        return int(result.rowcount)

    count = storage.write(work)
    if not count:
        raise ConfigurationError(
            f"no active token has the id or name {ident!r}", hint="list them with `accord broker token list`"
        )
    return count


def token_role(storage: Storage, secret: str) -> str | None:
    """The role of an active token with this secret, or ``None``."""
    with storage.read() as conn:
        row = conn.execute(
            sa.select(t.api_tokens.c.role).where(
                t.api_tokens.c.token_sha256 == hash_token(secret), t.api_tokens.c.revoked_at.is_(None)
            )
        ).first()
    return None if row is None else str(row.role)


__all__ = [
    "ROLES",
    "TokenInfo",
    "create_token",
    "hash_token",
    "list_tokens",
    "revoke_token",
    "role_rank",
    "token_role",
]
