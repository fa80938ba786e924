"""Alembic environment for the broker: runs on the connection `Storage.migrate` hands over."""

from __future__ import annotations

from alembic import context

from accord.broker.storage._schema import metadata

connection = context.config.attributes["connection"]
context.configure(connection=connection, target_metadata=metadata, render_as_batch=True)
with context.begin_transaction():
    context.run_migrations()
