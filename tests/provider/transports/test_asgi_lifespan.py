"""In-process ASGI: the application's lifespan runs around the verification, its state reaches requests."""

# no "from __future__ import annotations": FastAPI reads the handlers' annotations at runtime

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

import httpx
import pytest

from accord.errors import ProviderError
from accord.provider import Verifier
from accord.provider.transports import AsgiBridge

PACT = {
    "consumer": {"name": "c"},
    "provider": {"name": "p"},
    "interactions": [
        {
            "description": "ready",
            "request": {"method": "GET", "path": "/ready"},
            "response": {"status": 200, "body": {"db": "up"}},
        }
    ],
    "metadata": {"pactSpecification": {"version": "3.0.0"}},
}


def _fastapi_with_lifespan(events: list[str], fail: bool = False) -> Any:
    from fastapi import FastAPI, Request

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[dict[str, Any]]:
        if fail:
            raise RuntimeError("no database")
        events.append("startup")
        yield {"db": "up"}
        events.append("shutdown")

    app = FastAPI(lifespan=lifespan)

    @app.get("/ready")
    def ready(request: Request) -> dict[str, str]:
        return {"db": request.state.db}

    return app


def test_lifespan_runs_and_its_state_reaches_requests() -> None:
    """Startup before the first request, its state in request.state, shutdown when the run ends."""
    events: list[str] = []
    result = Verifier("p").with_app(_fastapi_with_lifespan(events)).add_source(PACT).verify(report=False)
    assert result.success, [r.problems() for r in result.interactions]
    assert events == ["startup", "shutdown"]


def test_failing_startup_stops_the_verification() -> None:
    """An application whose startup fails is a ProviderError naming the cause (exit code 2)."""
    verifier = Verifier("p").with_app(_fastapi_with_lifespan([], fail=True)).add_source(PACT)
    with pytest.raises(ProviderError, match="startup failed: RuntimeError: no database") as info:
        verifier.verify(report=False)
    assert info.value.exit_code == 2


async def _no_lifespan(scope: dict[str, Any], receive: Any, send: Any) -> None:
    if scope["type"] != "http":
        raise RuntimeError("only http")
    await send({"type": "http.response.start", "status": 204, "headers": []})
    await send({"type": "http.response.body", "body": b""})


def test_applications_without_lifespan_are_served() -> None:
    """An application raising on the lifespan scope just has no lifespan, as the ASGI spec says."""
    bridge = AsgiBridge(_no_lifespan)
    try:
        assert bridge.handle_request(httpx.Request("GET", "http://app/x")).status_code == 204
    finally:
        bridge.close()
