"""How the restocking worker finds products to reorder (requests)."""

from __future__ import annotations

import requests


def products_to_restock(base_url: str, below: int = 10) -> list[int]:
    """The ids of the products whose stock is below ``below``."""
    response = requests.get(f"{base_url}/products", params={"below": below}, timeout=10)
    response.raise_for_status()
    return [product["id"] for product in response.json()["products"]]
