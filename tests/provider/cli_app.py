"""An application module for ``accord verify --app tests.provider.cli_app:app`` tests."""

from collections.abc import Iterator
from typing import Any

from accord.provider import provider_state

from . import _apps

app = _apps.make_flask()


@provider_state("an order exists")
def order_exists(id: int, item: str) -> Iterator[None]:
    """Put the order in the store for the interaction."""
    _apps.STORE[id] = {"id": id, "item": item, "quantity": 1}
    yield
    _apps.STORE.pop(id, None)


@provider_state("no orders")
def no_orders() -> None:
    """Empty the store."""
    _apps.STORE.clear()


@provider_state("a broken state")
def broken_state(**params: Any) -> None:
    """A handler that fails, as one whose database is down."""
    raise RuntimeError("the database is down")


messages = {
    "an order created event": lambda: {
        "contents": {"id": 1, "kind": "created"},
        "metadata": {"topic": "orders"},
    }
}
