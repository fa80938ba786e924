"""accord.broker.storage: the broker's database (SQLAlchemy 2 Core, Alembic migrations shipped inside).

- `Storage` — the engine, one-transaction writes with retry on lost races, `migrate()`.
- ``_schema`` — the tables (documented there); ``_domain_queries`` — the domain engineer's loaders.
- `normalise_database_url` — ``postgres://`` / ``postgresql://`` / file path to a SQLAlchemy URL.
"""

from accord.broker.storage._engine import Storage, normalise_database_url

__all__ = ["Storage", "normalise_database_url"]
