"""The worker's contract with the catalog: it lists low-stock products and reads their ids."""

from __future__ import annotations

import os
from pathlib import Path

from accord import match
from accord.consumer import Pact

from .client import products_to_restock

PACT_DIR = Path(os.environ.get("SHOP_PACT_DIR", Path(__file__).parent / "pacts"))


def test_low_stock_products_are_listed() -> None:
    """The worker asks for products below 10 in stock and needs at least one id back."""
    pact = Pact("worker", "catalog", pact_dir=PACT_DIR)
    (
        pact.given("some products are low on stock")
        .upon_receiving("a request for products low on stock")
        .with_request("GET", "/products", query={"below": ["10"]})
        .will_respond_with(200, body={"products": match.each_like({"id": match.integer(2)}, min=1)})
    )
    with pact.serve() as mock:
        assert products_to_restock(mock.url) == [2]
