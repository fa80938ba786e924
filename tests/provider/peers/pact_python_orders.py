"""Write the orders pact with pact-python 4.x (run by the peer venv's Python: ARGS out_dir spec)."""

import sys

from pact import Pact, match

out, spec = sys.argv[1], sys.argv[2]
pact = Pact("web", "orders").with_specification(spec)
(
    pact.upon_receiving("a request for order 7")
    .given("an order exists", id=7, item="tea")
    .with_request("GET", "/orders/7")
    .will_respond_with(200)
    .with_body(
        {"id": match.int(7), "item": match.like("tea"), "quantity": match.int(1)},
        content_type="application/json",
    )
)
(
    pact.upon_receiving("a request for a missing order")
    .given("no orders")
    .with_request("GET", "/orders/99")
    .will_respond_with(404)
)
(
    pact.upon_receiving("a new order")
    .with_request("POST", "/orders")
    .with_body({"item": "cake", "quantity": 2}, content_type="application/json")
    .will_respond_with(201)
    .with_body(
        {"id": match.int(100), "item": "cake", "quantity": match.int(2)}, content_type="application/json"
    )
)
(
    pact.upon_receiving("the secret, with a token")
    .with_request("GET", "/secret")
    .will_respond_with(200)
    .with_body({"secret": "42"}, content_type="application/json")
)
(
    pact.upon_receiving("a health check")
    .with_request("GET", "/health")
    .will_respond_with(200)
    .with_header("Content-Type", "text/plain")
    .with_body("ok", content_type="text/plain")
)
pact.write_file(out, overwrite=True)
