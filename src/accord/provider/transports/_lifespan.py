"""The ASGI lifespan protocol in-process: startup before the first request, shutdown at the end.

Servers such as uvicorn run an application's lifespan (FastAPI ``lifespan=``/``on_startup``,
Starlette ``lifespan``) before serving; an application verified in-process needs the same, or its
database pools and caches are never created. As the ASGI lifespan specification says:

- the server sends ``lifespan.startup`` and waits for ``lifespan.startup.complete`` (or
  ``.failed``) before serving, and ``lifespan.shutdown`` at the end;
- "If an exception is raised when calling the application callable with a lifespan.startup
  message or a scope with type lifespan, the server must continue but not send any lifespan
  events": such applications simply do not support lifespan;
- the ``state`` dict of the lifespan scope is copied into each request's scope.
"""

from __future__ import annotations

import asyncio
import contextlib
from typing import Any

from accord.errors import ProviderError


class Lifespan:
    """Runs one application's lifespan on the caller's event loop.

    Args:
        app: the ASGI application.
        state: the lifespan state, shared (copied) with every request scope.
    """

    def __init__(self, app: Any, state: dict[str, Any]) -> None:
        self.app = app
        self.state = state
        self.supported = True
        self._inbox: asyncio.Queue[dict[str, Any]] | None = None
        self._outbox: asyncio.Queue[dict[str, Any] | None] | None = None
        self._task: asyncio.Task[None] | None = None

    async def _run(self) -> None:
        assert self._inbox is not None and self._outbox is not None
        scope = {"type": "lifespan", "asgi": {"version": "3.0", "spec_version": "2.0"}, "state": self.state}
        try:
            await self.app(scope, self._inbox.get, self._outbox.put)
        except Exception:  # the application does not support lifespan (see the module docstring)
            self.supported = False
        finally:
            self._outbox.put_nowait(None)

    async def startup(self) -> None:
        """Send ``lifespan.startup`` and wait for the answer.

        Raises:
            ProviderError: the application reported ``lifespan.startup.failed``.
        """
        self._inbox, self._outbox = asyncio.Queue(), asyncio.Queue()
        self._task = asyncio.ensure_future(self._run())
        await self._inbox.put({"type": "lifespan.startup"})
        answer = await self._outbox.get()
        if answer is None:
            self.supported = False
            return
        if answer.get("type") == "lifespan.startup.failed":
            # Starlette sends the whole traceback: its last line names the exception
            lines = str(answer.get("message") or "").strip().splitlines()
            raise ProviderError(
                f"the application's startup failed: {lines[-1] if lines else 'no message'}",
                hint="fix the application's lifespan/startup code; no interaction was replayed",
                fatal=True,
                detail=answer.get("message"),
            )

    async def shutdown(self) -> None:
        """Send ``lifespan.shutdown`` and wait for the application to finish (when it supports lifespan)."""
        if self._task is None or self._inbox is None or self._outbox is None:
            return
        if self.supported and not self._task.done():
            await self._inbox.put({"type": "lifespan.shutdown"})
            await self._outbox.get()
        self._task.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await self._task
        self._task = None


__all__ = ["Lifespan"]
