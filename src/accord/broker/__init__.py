"""accord.broker: a Pact Broker-compatible service on SQLite by default and PostgreSQL at scale.

Embedding and tests::

    from accord.broker import BrokerSettings, create_app
    app = create_app(BrokerSettings(database_url="sqlite:///broker.sqlite3"))   # any ASGI server

Layers: ``api/`` (Starlette routes, one module per resource) -> ``domain/`` (pure functions: matrix,
can-i-deploy, selectors, pending/WIP) <- ``storage/`` (SQLAlchemy tables, Alembic migrations,
queries).

Getting at the database from a request: ``request.app.state.storage`` is a `Storage`; use
``storage.read()`` (a connection) for queries, ``storage.write(fn)`` to run ``fn(conn)`` in one
transaction that is retried when it lost a race with another writer, or ``storage.engine`` directly.
``request.app.state.settings`` holds the `BrokerSettings`.

Public API: `create_app`, `BrokerSettings`, `Storage`, and the token functions used by
``accord broker token`` (`create_token`, `list_tokens`, `revoke_token`, `TokenInfo`).
"""

from accord.broker._app import all_routes, create_app
from accord.broker._settings import DEFAULT_DATABASE_URL, BrokerSettings, is_loopback
from accord.broker._tokens import ROLES, TokenInfo, create_token, list_tokens, revoke_token
from accord.broker.storage import Storage

__all__ = [
    "DEFAULT_DATABASE_URL",
    "ROLES",
    "BrokerSettings",
    "Storage",
    "TokenInfo",
    "all_routes",
    "create_app",
    "create_token",
    "is_loopback",
    "list_tokens",
    "revoke_token",
]
