"""In-process ASGI: the scope the app gets, streamed answers, failures, timeouts, one loop per run."""

from __future__ import annotations

import asyncio
from typing import Any

import pytest

from accord.errors import ProviderError
from accord.provider import Verifier
from accord.provider.transports import AsgiBridge, Request


def _bridge(app: Any) -> AsgiBridge:
    return AsgiBridge(app, lifespan=False)


def test_the_scope_follows_the_asgi_http_spec() -> None:
    """path decoded, raw_path and query_string as sent, headers lowercased with repeats, body whole."""
    seen: list[tuple[dict[str, Any], dict[str, Any]]] = []

    async def app(scope: dict[str, Any], receive: Any, send: Any) -> None:
        seen.append((scope, await receive()))
        await send(
            {"type": "http.response.start", "status": 200, "headers": [(b"X-A", b"1"), (b"X-A", b"2")]}
        )
        await send({"type": "http.response.body", "body": b"ok"})

    request = Request(
        "PUT",
        "http://localhost/caf%C3%A9/a%2Fb?q=caf%C3%A9&x=1",
        headers=[("X-Tag", "a"), ("X-Tag", "b")],
        content=b"data",
    )
    bridge = _bridge(app)
    try:
        response = bridge.handle_request(request)
    finally:
        bridge.close()
    ((scope, message),) = seen
    assert (scope["type"], scope["method"], scope["scheme"], scope["http_version"]) == (
        "http",
        "PUT",
        "http",
        "1.1",
    )
    assert scope["path"] == "/café/a/b"
    assert scope["raw_path"] == b"/caf%C3%A9/a%2Fb"
    assert scope["query_string"] == b"q=caf%C3%A9&x=1"
    assert scope["root_path"] == ""
    assert scope["headers"] == [
        (b"host", b"localhost"),
        (b"x-tag", b"a"),
        (b"x-tag", b"b"),
        (b"content-length", b"4"),
    ]
    assert scope["server"] == ("localhost", 80)
    assert message == {"type": "http.request", "body": b"data", "more_body": False}
    assert response.status_code == 200 and response.content == b"ok"
    assert response.headers.get_list("x-a") == ["1", "2"]


def test_a_streamed_body_arrives_whole_and_disconnect_waits_for_it() -> None:
    """Several body messages are joined; receive() yields http.disconnect only once the response is complete."""
    events: list[str] = []

    async def app(scope: dict[str, Any], receive: Any, send: Any) -> None:
        await receive()

        async def listen() -> None:
            message = await receive()
            events.append(message["type"])

        listener = asyncio.ensure_future(listen())
        await send({"type": "http.response.start", "status": 200, "headers": []})
        for part in (b"a", b"b", b"c"):
            await asyncio.sleep(0)
            events.append("chunk")
            await send({"type": "http.response.body", "body": part, "more_body": True})
        await send({"type": "http.response.body", "body": b"", "more_body": False})
        await listener

    bridge = _bridge(app)
    try:
        assert bridge.handle_request(Request("GET", "http://localhost/")).content == b"abc"
    finally:
        bridge.close()
    assert events == ["chunk", "chunk", "chunk", "http.disconnect"]


def test_one_event_loop_serves_the_whole_run() -> None:
    """Every request runs on the same loop (a loop per request would cost ten times the request)."""
    loops: list[asyncio.AbstractEventLoop] = []

    async def app(scope: dict[str, Any], receive: Any, send: Any) -> None:
        loops.append(asyncio.get_running_loop())
        await send({"type": "http.response.start", "status": 204, "headers": []})
        await send({"type": "http.response.body", "body": b""})

    bridge = _bridge(app)
    try:
        for _ in range(3):
            bridge.handle_request(Request("GET", "http://localhost/"))
    finally:
        bridge.close()
    assert len(loops) == 3 and len(set(map(id, loops))) == 1


async def _raising(scope: dict[str, Any], receive: Any, send: Any) -> None:
    raise LookupError("no such table: orders")


def test_an_exception_becomes_a_500_that_names_it() -> None:
    """A server answers 500; the exception is kept so the verifier can say what happened."""
    bridge = _bridge(_raising)
    try:
        response = bridge.handle_request(Request("GET", "http://localhost/orders"))
    finally:
        bridge.close()
    assert response.status_code == 500
    assert isinstance(response.extensions["app_exception"], LookupError)


def test_the_verifier_reports_the_exception_with_the_status_mismatch() -> None:
    """The interaction fails on its status and names the exception behind the 500."""
    pact = {
        "consumer": {"name": "c"},
        "provider": {"name": "p"},
        "interactions": [
            {
                "description": "orders",
                "request": {"method": "GET", "path": "/orders"},
                "response": {"status": 200},
            }
        ],
        "metadata": {"pactSpecification": {"version": "3.0.0"}},
    }
    (result,) = Verifier("p").with_app(_raising).add_source(pact).verify(report=False).interactions
    assert result.status == "failed"
    assert result.problems()[0] == (
        "the application raised LookupError on GET /orders: no such table: orders (answered 500)"
    )


def test_a_hanging_app_times_out() -> None:
    """The request timeout applies in-process too: a clear ProviderError, and the loop stays usable."""
    calls: list[int] = []

    async def app(scope: dict[str, Any], receive: Any, send: Any) -> None:
        calls.append(1)
        if len(calls) == 1:
            await asyncio.Event().wait()
        await send({"type": "http.response.start", "status": 200, "headers": []})
        await send({"type": "http.response.body", "body": b"late"})

    bridge = _bridge(app)
    request = Request("GET", "http://localhost/slow", extensions={"timeout": {"read": 0.05}})
    try:
        with pytest.raises(ProviderError, match=r"did not answer GET /slow within 0.05 s"):
            bridge.handle_request(request)
        assert bridge.handle_request(Request("GET", "http://localhost/slow")).content == b"late"
    finally:
        bridge.close()


def test_an_app_that_never_answers_is_named() -> None:
    """Returning without http.response.start is a ProviderError, not a hang or an empty 200."""

    async def app(scope: dict[str, Any], receive: Any, send: Any) -> None:
        return None

    bridge = _bridge(app)
    try:
        with pytest.raises(ProviderError, match="returned without answering GET /"):
            bridge.handle_request(Request("GET", "http://localhost/"))
    finally:
        bridge.close()


def test_starlette_streaming_response_in_process() -> None:
    """Starlette's StreamingResponse (which listens for http.disconnect while it sends) arrives whole."""
    from starlette.applications import Starlette
    from starlette.responses import StreamingResponse
    from starlette.routing import Route

    async def numbers(request: Any) -> StreamingResponse:
        async def parts() -> Any:
            for n in range(3):
                yield f"{n},".encode()

        return StreamingResponse(parts(), media_type="text/plain")

    bridge = AsgiBridge(Starlette(routes=[Route("/n", numbers)]))
    try:
        response = bridge.handle_request(Request("GET", "http://localhost/n"))
    finally:
        bridge.close()
    assert (response.status_code, response.content) == (200, b"0,1,2,")
