"""A flood of requests is shed with 429 and a JSON reason; the heartbeat is never refused."""

from __future__ import annotations

import anyio
import httpx
import pytest
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from accord.broker._limits import ConcurrencyLimitMiddleware
from accord.broker._settings import BrokerSettings
from accord.errors import ConfigurationError

pytestmark = pytest.mark.anyio


async def test_requests_past_the_limit_get_429() -> None:
    """With two requests held in flight and a limit of 2, the third is refused at once; afterwards
    requests are served again."""
    release = anyio.Event()
    entered = anyio.Semaphore(0)

    async def slow(request: Request) -> Response:
        entered.release()
        await release.wait()
        return JSONResponse({"ok": True})

    async def fast(request: Request) -> Response:
        return JSONResponse({"ok": True})

    inner = Starlette(
        routes=[Route("/slow", slow), Route("/fast", fast), Route("/diagnostic/status/heartbeat", fast)]
    )
    app = ConcurrencyLimitMiddleware(inner, max_in_flight=2)
    statuses: list[int] = []
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://b") as client:

        async def hold() -> None:
            statuses.append((await client.get("/slow")).status_code)

        async with anyio.create_task_group() as group:
            group.start_soon(hold)
            group.start_soon(hold)
            await entered.acquire()
            await entered.acquire()
            refused = await client.get("/fast")
            assert (await client.get("/diagnostic/status/heartbeat")).status_code == 200
            release.set()
        assert refused.status_code == 429
        assert refused.headers["retry-after"] == "1"
        assert "limit" in refused.json()["error"]
        assert statuses == [200, 200]
        assert (await client.get("/fast")).status_code == 200


@pytest.mark.parametrize("raw", ["0", "-3", "lots"])
def test_bad_limit_setting_is_refused(raw: str) -> None:
    """ACCORD_BROKER_MAX_IN_FLIGHT must be a positive integer."""
    with pytest.raises(ConfigurationError, match="positive integer"):
        BrokerSettings.from_env({"ACCORD_BROKER_MAX_IN_FLIGHT": raw})
