"""The same small "orders" provider as a Flask (WSGI) and a FastAPI (ASGI) application, and its pact.

The store is module state that provider-state handlers fill, so a verdict depends on states being
set up and torn down. ``broken`` flips the answers the way a regressed provider would.
"""

# no "from __future__ import annotations": FastAPI reads the handlers' annotations at runtime

from typing import Any

STORE: dict[int, dict[str, Any]] = {}
FLAGS: dict[str, bool] = {"broken": False, "health_down": False}
TOKEN = "Bearer s3cret"


def order_body(order_id: int) -> dict[str, Any] | None:
    """The order as the provider serialises it (``broken``: the id becomes a string)."""
    order = STORE.get(order_id)
    if order is None:
        return None
    if FLAGS["broken"]:
        return {**order, "id": str(order["id"])}
    return order


def make_flask() -> Any:
    """The provider as a Flask application."""
    from flask import Flask, jsonify, request

    app = Flask("orders")

    @app.get("/orders/<int:order_id>")
    def get_order(order_id: int) -> Any:
        body = order_body(order_id)
        return (jsonify(body), 200) if body is not None else (jsonify({"error": "not found"}), 404)

    @app.post("/orders")
    def create_order() -> Any:
        data = request.get_json()
        order = {"id": 100 + len(STORE), "item": data["item"], "quantity": data["quantity"]}
        STORE[order["id"]] = order
        return jsonify(order_body(order["id"])), 201

    @app.get("/secret")
    def secret() -> Any:
        if request.headers.get("Authorization") != TOKEN:
            return jsonify({"error": "unauthorised"}), 401
        return jsonify({"secret": "42"})

    @app.get("/health")
    def health() -> Any:
        return ("down" if FLAGS["health_down"] else "ok"), 200, {"Content-Type": "text/plain"}

    return app


def make_fastapi() -> Any:
    """The provider as a FastAPI application."""
    from fastapi import FastAPI, Header, Request
    from fastapi.responses import JSONResponse, PlainTextResponse

    app = FastAPI()

    @app.get("/orders/{order_id}")
    def get_order(order_id: int) -> Any:
        body = order_body(order_id)
        if body is None:
            return JSONResponse({"error": "not found"}, status_code=404)
        return JSONResponse(body)

    @app.post("/orders")
    async def create_order(request: Request) -> Any:
        data = await request.json()
        order = {"id": 100 + len(STORE), "item": data["item"], "quantity": data["quantity"]}
        STORE[order["id"]] = order
        return JSONResponse(order_body(order["id"]), status_code=201)

    @app.get("/secret")
    def secret(authorization: str | None = Header(default=None)) -> Any:
        if authorization != TOKEN:
            return JSONResponse({"error": "unauthorised"}, status_code=401)
        return JSONResponse({"secret": "42"})

    @app.get("/health")
    def health() -> Any:
        return PlainTextResponse("down" if FLAGS["health_down"] else "ok")

    return app


def orders_pact(spec: str = "3.0.0") -> dict[str, Any]:
    """A v3 pact from ``web`` for ``orders``: states, matching rules, a request needing a token."""
    return {
        "consumer": {"name": "web"},
        "provider": {"name": "orders"},
        "interactions": [
            {
                "description": "a request for order 7",
                "providerStates": [{"name": "an order exists", "params": {"id": 7, "item": "tea"}}],
                "request": {"method": "GET", "path": "/orders/7"},
                "response": {
                    "status": 200,
                    "headers": {"Content-Type": "application/json"},
                    "body": {"id": 7, "item": "tea", "quantity": 1},
                    "matchingRules": {"body": {"$.quantity": {"matchers": [{"match": "integer"}]}}},
                },
            },
            {
                "description": "a request for a missing order",
                "providerStates": [{"name": "no orders"}],
                "request": {"method": "GET", "path": "/orders/99"},
                "response": {"status": 404},
            },
            {
                "description": "a new order",
                "request": {
                    "method": "POST",
                    "path": "/orders",
                    "headers": {"Content-Type": "application/json"},
                    "body": {"item": "cake", "quantity": 2},
                },
                "response": {
                    "status": 201,
                    "body": {"id": 100, "item": "cake", "quantity": 2},
                    "matchingRules": {"body": {"$.id": {"matchers": [{"match": "integer"}]}}},
                },
            },
            {
                "description": "the secret, with a token",
                "request": {"method": "GET", "path": "/secret"},
                "response": {"status": 200, "body": {"secret": "42"}},
            },
            {
                "description": "a health check",
                "request": {"method": "GET", "path": "/health"},
                "response": {"status": 200, "body": "ok", "headers": {"Content-Type": "text/plain"}},
            },
        ],
        "metadata": {"pactSpecification": {"version": spec}},
    }


def set_state(state: str, params: dict[str, Any], action: str) -> None:
    """Pact's state-change protocol for the orders provider (the HTTP peers' way to set states)."""
    if state == "an order exists":
        if action == "setup":
            STORE[params["id"]] = {"id": params["id"], "item": params["item"], "quantity": 1}
        else:
            STORE.pop(params["id"], None)
    elif state == "no orders" and action == "setup":
        STORE.clear()


def with_state_endpoint(app: Any) -> Any:
    """Wrap a WSGI app: ``POST /_pact/state`` runs ``set_state``; everything else goes to ``app``."""
    import json

    def wrapped(environ: dict[str, Any], start_response: Any) -> Any:
        if environ["PATH_INFO"] == "/_pact/state" and environ["REQUEST_METHOD"] == "POST":
            document = json.loads(
                environ["wsgi.input"].read(int(environ.get("CONTENT_LENGTH") or 0)) or b"{}"
            )
            set_state(
                document.get("state", ""), document.get("params") or {}, document.get("action", "setup")
            )
            start_response("200 OK", [("Content-Type", "application/json")])
            return [b"{}"]
        return app(environ, start_response)

    return wrapped
