"""The catalog service: a FastAPI application the web shop and the restocking worker call.

``GET /products/{id}`` answers one product; ``GET /products?below=N`` lists the products whose stock
is below ``N`` (the worker restocks them). The data lives in ``PRODUCTS``, which the provider states
in ``catalog.states`` fill in before each interaction is verified.
"""

from __future__ import annotations

import os
from typing import Any

from fastapi import FastAPI, HTTPException

PRODUCTS: dict[int, dict[str, Any]] = {}

app = FastAPI(title="catalog")


@app.get("/products/{product_id}")
def get_product(product_id: int) -> dict[str, Any]:
    """One product: id, name, price (a decimal number) and stock.

    Catalog 1.1 also answers ``available`` (the stock, as the storefront 1.1 shows it); the example's
    run.sh turns it on with ``SHOP_CATALOG_AVAILABILITY=1``.
    """
    product = PRODUCTS.get(product_id)
    if product is None:
        raise HTTPException(status_code=404, detail=f"no product {product_id}")
    if os.environ.get("SHOP_CATALOG_AVAILABILITY") == "1":
        return {**product, "available": product["stock"]}
    return product


@app.get("/products")
def low_stock(below: int = 10) -> dict[str, Any]:
    """The products whose stock is below ``below``."""
    return {"products": [p for p in PRODUCTS.values() if p["stock"] < below]}
