"""How the storefront reads a product from the catalog (httpx)."""

from __future__ import annotations

import os
from dataclasses import dataclass

import httpx


@dataclass(frozen=True)
class Product:
    """What the product page shows."""

    id: int
    name: str
    price: float
    available: int | None = None


def fetch_product(base_url: str, product_id: int) -> Product:
    """GET /products/{id} and keep the fields the page shows.

    Version 1.1 of the storefront also shows availability; ``SHOP_WEB_SHOWS_AVAILABILITY=1`` turns that
    on (the example's run.sh uses it to publish a pact the catalog cannot satisfy yet).
    """
    document = httpx.get(f"{base_url}/products/{product_id}", headers={"Accept": "application/json"}).json()
    available = document["available"] if os.environ.get("SHOP_WEB_SHOWS_AVAILABILITY") == "1" else None
    return Product(document["id"], document["name"], document["price"], available)
