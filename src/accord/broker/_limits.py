"""Load shedding: a cap on the requests one broker process handles at once.

A flood of requests (a misconfigured CI fan-out, a fuzzer) must not exhaust the database pool and
turn into timeouts and 500s for everyone. Past ``max_in_flight`` concurrent requests, a process
answers ``429 Too Many Requests`` at once, with ``Retry-After`` and a JSON body saying why; the
heartbeat is never refused, so a load balancer keeps seeing the process alive. The count is per
process and only protects that process — it holds nothing that replicas would need to share.
"""

from __future__ import annotations

from starlette.responses import JSONResponse
from starlette.types import ASGIApp, Receive, Scope, Send

_EXEMPT = {"/diagnostic/status/heartbeat"}


class ConcurrencyLimitMiddleware:
    """Answers 429 when more than ``max_in_flight`` HTTP requests are being handled."""

    def __init__(self, app: ASGIApp, max_in_flight: int) -> None:
        self.app = app
        self.max_in_flight = max_in_flight
        self.in_flight = 0

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["path"] in _EXEMPT:
            await self.app(scope, receive, send)
            return
        if self.in_flight >= self.max_in_flight:
            message = f"the broker is handling {self.in_flight} requests already (its limit)"
            response = JSONResponse(
                {
                    "error": message,
                    "errors": {"request": [message]},
                    "hint": "retry after a moment, or send fewer requests at once",
                },
                status_code=429,
                headers={"Retry-After": "1"},
            )
            await response(scope, receive, send)
            return
        self.in_flight += 1
        try:
            await self.app(scope, receive, send)
        finally:
            self.in_flight -= 1


__all__ = ["ConcurrencyLimitMiddleware"]
