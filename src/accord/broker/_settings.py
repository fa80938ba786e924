"""The broker's settings: command-line flags, environment variables, and what they imply for auth.

Environment variables (the Pact Broker's names where it has one):

- ``ACCORD_BROKER_DATABASE_URL`` or ``PACT_BROKER_DATABASE_URL`` — default ``sqlite:///accord-broker.sqlite3``;
- ``PACT_BROKER_BASIC_AUTH_USERNAME`` / ``PACT_BROKER_BASIC_AUTH_PASSWORD`` — the read-write user;
- ``PACT_BROKER_BASIC_AUTH_READ_ONLY_USERNAME`` / ``..._PASSWORD`` — the read-only user;
- ``ACCORD_BROKER_AUTH`` = ``tokens`` — require bearer tokens (``accord broker token create``);
- ``PACT_BROKER_ALLOW_PUBLIC_READ`` = ``true`` — GETs need no credentials while auth is on;
- ``PACT_BROKER_PUBLIC_BASE_URL`` — the public URL used in links (behind a proxy; ``--base-url``);
- ``ACCORD_BROKER_WEBHOOK_HOSTS`` — comma-separated hosts webhooks may call, ``*`` for any (default
  loopback only);
- ``ACCORD_BROKER_MIGRATE`` = ``false`` — do not apply migrations on start;
- ``ACCORD_BROKER_MAX_IN_FLIGHT`` — concurrent requests per process before 429 (default 256);
- ``PACT_BROKER_ALLOW_DANGEROUS_CONTRACT_MODIFICATION`` = ``true`` — changed pact content for an
  existing consumer version overwrites instead of answering 409.
"""

from __future__ import annotations

import ipaddress
import os
from collections.abc import Mapping
from dataclasses import dataclass, replace

from accord.errors import ConfigurationError

DEFAULT_DATABASE_URL = "sqlite:///accord-broker.sqlite3"
_TRUE = {"1", "true", "yes", "on"}


def is_loopback(host: str) -> bool:
    """Whether binding ``host`` only accepts connections from this machine."""
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def _positive_int(raw: str, name: str) -> int:
    if not raw.isdigit() or int(raw) < 1:
        raise ConfigurationError(f"{name} must be a positive integer, not {raw!r}", hint=f"e.g. {name}=256")
    return int(raw)


@dataclass(frozen=True)
class BrokerSettings:
    """Everything `create_app` and ``accord broker serve`` need.

    Attributes:
        database_url: SQLite path/URL or PostgreSQL URL.
        host: the address to bind (decides whether auth may be off).
        port: the TCP port.
        base_url: public base URL for links, or ``None`` to use the request's.
        token_auth: require bearer tokens (or basic auth) for every request.
        basic_auth_username: read-write basic auth user (with ``basic_auth_password``).
        basic_auth_read_only_username: read-only basic auth user (with its password).
        allow_public_read: GET/HEAD need no credentials even when auth is on.
        allow_contract_modification: changed pact content overwrites instead of a 409.
        migrate: apply migrations when the app starts.
        max_in_flight: concurrent requests per process before answering 429.
        webhook_hosts: hosts webhooks may call (``"*"`` for any); loopback by default.
    """

    database_url: str = DEFAULT_DATABASE_URL
    host: str = "127.0.0.1"
    port: int = 9292
    base_url: str | None = None
    token_auth: bool = False
    basic_auth_username: str | None = None
    basic_auth_password: str | None = None
    basic_auth_read_only_username: str | None = None
    basic_auth_read_only_password: str | None = None
    allow_public_read: bool = False
    allow_contract_modification: bool = False
    migrate: bool = True
    max_in_flight: int = 256
    webhook_hosts: tuple[str, ...] = ("127.0.0.1", "localhost", "::1")

    @classmethod
    def from_env(cls, environ: Mapping[str, str] | None = None, **overrides: object) -> BrokerSettings:
        """Settings from environment variables, then ``overrides`` (flags given on the command line)."""
        env = os.environ if environ is None else environ
        settings = cls(
            database_url=env.get("ACCORD_BROKER_DATABASE_URL")
            or env.get("PACT_BROKER_DATABASE_URL")
            or DEFAULT_DATABASE_URL,
            base_url=env.get("PACT_BROKER_PUBLIC_BASE_URL") or None,
            token_auth=env.get("ACCORD_BROKER_AUTH", "").lower() == "tokens",
            basic_auth_username=env.get("PACT_BROKER_BASIC_AUTH_USERNAME") or None,
            basic_auth_password=env.get("PACT_BROKER_BASIC_AUTH_PASSWORD") or None,
            basic_auth_read_only_username=env.get("PACT_BROKER_BASIC_AUTH_READ_ONLY_USERNAME") or None,
            basic_auth_read_only_password=env.get("PACT_BROKER_BASIC_AUTH_READ_ONLY_PASSWORD") or None,
            max_in_flight=_positive_int(
                env.get("ACCORD_BROKER_MAX_IN_FLIGHT", "256"), "ACCORD_BROKER_MAX_IN_FLIGHT"
            ),
            webhook_hosts=tuple(
                h.strip()
                for h in env.get("ACCORD_BROKER_WEBHOOK_HOSTS", "127.0.0.1,localhost,::1").split(",")
                if h.strip()
            ),
            migrate=env.get("ACCORD_BROKER_MIGRATE", "true").lower() in _TRUE,
            allow_public_read=env.get("PACT_BROKER_ALLOW_PUBLIC_READ", "").lower() in _TRUE,
            allow_contract_modification=env.get(
                "PACT_BROKER_ALLOW_DANGEROUS_CONTRACT_MODIFICATION", ""
            ).lower()
            in _TRUE,
        )
        given = {key: value for key, value in overrides.items() if value is not None}
        return replace(settings, **given)  # type: ignore[arg-type]

    @property
    def auth_enabled(self) -> bool:
        """Whether requests must carry credentials (tokens or basic auth configured)."""
        return (
            self.token_auth
            or self.basic_auth_username is not None
            or self.basic_auth_read_only_username is not None
        )

    def validate(self) -> None:
        """Refuse contradictory or unsafe settings.

        Raises:
            ConfigurationError: a basic auth user without a password, or a non-loopback address
                without any authentication configured.
        """
        for user, password, what in (
            (self.basic_auth_username, self.basic_auth_password, "PACT_BROKER_BASIC_AUTH"),
            (
                self.basic_auth_read_only_username,
                self.basic_auth_read_only_password,
                "PACT_BROKER_BASIC_AUTH_READ_ONLY",
            ),
        ):
            if (user is None) != (password is None):
                raise ConfigurationError(
                    f"{what}_USERNAME and {what}_PASSWORD must be set together",
                    hint=f"set both {what}_USERNAME and {what}_PASSWORD, or neither",
                )
        if not is_loopback(self.host) and not self.auth_enabled:
            raise ConfigurationError(
                f"refusing to serve the broker on {self.host} without authentication: anyone who can reach "
                "it could publish pacts and record deployments",
                hint="create a token with `accord broker token create --role admin NAME` and start with "
                "`--auth tokens` (or ACCORD_BROKER_AUTH=tokens), or set PACT_BROKER_BASIC_AUTH_USERNAME and "
                "PACT_BROKER_BASIC_AUTH_PASSWORD; or bind 127.0.0.1",
            )


__all__ = ["DEFAULT_DATABASE_URL", "BrokerSettings", "is_loopback"]
