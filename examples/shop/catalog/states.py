"""Provider states of the catalog: each one puts the products an interaction needs in place."""

from __future__ import annotations

from collections.abc import Iterator

from accord.provider import provider_state

from .app import PRODUCTS


@provider_state("product 1 exists")
def product_exists(id: int = 1) -> Iterator[None]:
    """Product ``id`` is a teapot priced 19.99 with 3 in stock."""
    PRODUCTS[id] = {"id": id, "name": "Teapot", "price": 19.99, "stock": 3}
    yield
    PRODUCTS.clear()


@provider_state("some products are low on stock")
def low_stock() -> Iterator[None]:
    """Two products, one of them (the cups) with fewer than 10 in stock."""
    PRODUCTS[1] = {"id": 1, "name": "Teapot", "price": 19.99, "stock": 30}
    PRODUCTS[2] = {"id": 2, "name": "Cups", "price": 4.5, "stock": 2}
    yield
    PRODUCTS.clear()
