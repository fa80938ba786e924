"""The provider ``benchmarks/verify.py`` verifies: ``GET /orders/{n}`` answers an order document.

A module of its own, importing only ``json``, so that ``accord verify --app verify_app:app`` times
the verifier and not the benchmark script's own imports (subprocess, threads, servers). The same
application is served over HTTP by uvicorn (ASGI, ``app``) and by ``wsgiref`` (WSGI, ``wsgi_app``).
"""

from __future__ import annotations

import json
from typing import Any


def order(number: int, *, example: bool = False) -> dict[str, Any]:
    """The order document for ``number`` (the pact's example, or what the provider answers)."""
    count = 1 if example else 2 + number % 3
    return {
        "id": number,
        "reference": f"ORD-{number:06d}",
        "customer": {"name": f"customer {number}", "email": f"c{number}@example.com"},
        "items": [
            {"sku": f"ABC-{1000 + number + i}", "quantity": 1 + i, "price": 9.99 + i, "status": "ok"}
            for i in range(count)
        ],
        "note": "an order",
    }


def _body(path: str) -> bytes:
    return json.dumps(order(int(path.rsplit("/", 1)[1]))).encode() if path.startswith("/orders/") else b"{}"


async def app(scope: dict[str, Any], receive: Any, send: Any) -> None:
    """The provider (ASGI): ``GET /orders/{n}`` -> the order; anything else (a setup URL) -> ``{}``."""
    if scope["type"] != "http":
        return
    body = _body(scope["path"])
    headers = [(b"content-type", b"application/json"), (b"content-length", str(len(body)).encode())]
    await send({"type": "http.response.start", "status": 200, "headers": headers})
    await send({"type": "http.response.body", "body": body})


def wsgi_app(environ: dict[str, Any], start_response: Any) -> list[bytes]:
    """The same provider as a WSGI application."""
    body = _body(environ["PATH_INFO"])
    start_response("200 OK", [("Content-Type", "application/json"), ("Content-Length", str(len(body)))])
    return [body]
