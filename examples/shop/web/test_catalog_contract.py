"""The storefront's contract with the catalog: what it sends and the fields it relies on."""

from __future__ import annotations

import os
from pathlib import Path

from accord import match
from accord.consumer import Pact

from .client import fetch_product

PACT_DIR = Path(os.environ.get("SHOP_PACT_DIR", Path(__file__).parent / "pacts"))


def test_a_product_page_reads_name_and_price() -> None:
    """The product page needs the product's id, name and price (and, from 1.1, its availability)."""
    pact = Pact("web", "catalog", pact_dir=PACT_DIR)
    body = {"id": match.integer(1), "name": match.string("Teapot"), "price": match.decimal(19.99)}
    if os.environ.get("SHOP_WEB_SHOWS_AVAILABILITY") == "1":
        body["available"] = match.integer(3)
    (
        pact.given("product 1 exists", id=1)
        .upon_receiving("a request for product 1")
        .with_request("GET", "/products/1", headers={"Accept": "application/json"})
        .will_respond_with(200, headers={"Content-Type": "application/json"}, body=body)
    )
    with pact.serve() as mock:
        product = fetch_product(mock.url, 1)
    assert (product.id, product.name, product.price) == (1, "Teapot", 19.99)
