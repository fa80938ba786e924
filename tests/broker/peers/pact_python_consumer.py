"""Consumer tests written with pact-python 4.x: run by the peer venv's Python, ARGS out_dir variant.

Each variant plays a consumer's test suite against pact-python's Rust mock server (real HTTP calls,
the mock server checks them) and then writes the pact the way pact-python users do:

- ``web-1``: ppy-web's V4 pact with the catalog (an item by id with a provider state, a query).
- ``web-2``: ppy-web's next V4 pact, which also expects a ``price``.
- ``web-3``: ppy-web's V4 pact on a feature branch that also expects ``stock``.
- ``mobile-1``: ppy-mobile's V3 pact (create an item, read an item).
"""

import json
import sys
import urllib.request
from typing import Any

from pact import Pact, match

out, variant = sys.argv[1], sys.argv[2]
consumer = "ppy-mobile" if variant.startswith("mobile") else "ppy-web"
pact = Pact(consumer, "ppy-catalog").with_specification("V3" if consumer == "ppy-mobile" else "V4")

item = {"id": match.int(1), "name": match.like("pen")}
if variant in {"web-2", "web-3"}:
    item["price"] = match.number(3)
if variant == "web-3":
    item["stock"] = match.int(10)
(
    pact.upon_receiving("a request for item 1")
    .given("item exists", id=1)
    .with_request("GET", "/items/1")
    .with_header("Accept", "application/json")
    .will_respond_with(200)
    .with_body(item, content_type="application/json")
)
if consumer == "ppy-web":
    (
        pact.upon_receiving("a search for office items")
        .given("office items exist")
        .with_request("GET", "/items")
        .with_query_parameter("category", "office")
        .will_respond_with(200)
        .with_body(
            {"items": match.each_like({"id": match.int(1), "name": match.str("pen")}, min=1)},
            content_type="application/json",
        )
    )
else:
    (
        pact.upon_receiving("a new item")
        .with_request("POST", "/items")
        .with_body({"name": "cup"}, content_type="application/json")
        .will_respond_with(201)
        .with_body({"id": match.int(2), "name": "cup"}, content_type="application/json")
    )


def call(url: str, data: dict[str, str] | None = None) -> Any:
    """What the consumer's client code does: one HTTP call, the JSON answer."""
    request = urllib.request.Request(url, headers={"Accept": "application/json"})
    if data is not None:
        request = urllib.request.Request(
            url, data=json.dumps(data).encode(), headers={"Content-Type": "application/json"}, method="POST"
        )
    with urllib.request.urlopen(request, timeout=30) as response:
        return json.loads(response.read())


with pact.serve() as server:  # raises on exit if a request did not match
    assert call(f"{server.url}/items/1")["name"] == "pen"
    if consumer == "ppy-web":
        assert call(f"{server.url}/items?category=office")["items"][0]["id"] == 1
    else:
        assert call(f"{server.url}/items", {"name": "cup"})["id"] == 2
pact.write_file(out, overwrite=True)
