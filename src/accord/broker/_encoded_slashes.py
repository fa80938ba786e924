"""Names holding "/" in one path segment: the branch ``feature/price`` sent as ``feature%2Fprice``.

The Pact Broker takes branch and tag names as git writes them (``feature/price``), and its links carry
such a name as one percent-encoded segment; the Rust verifier expands the ``pb:branch-version`` and
``pb:version-tag`` templates the same way. The ASGI server decodes the path before routing, so the
``%2F`` would split the segment and no route would match. `EncodedSlashMiddleware` rebuilds the decoded
path from ``raw_path`` keeping an encoded slash as `SLASH` (a private-use character, so the segment stays
one), and `keep_encoded_slashes` gives the routes' string parameters a convertor that turns `SLASH` back
into "/". Whether a "/" is acceptable in a given name is then the API's call (`check_name`).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any
from urllib.parse import unquote

from starlette.convertors import Convertor, StringConvertor
from starlette.routing import BaseRoute, Mount, Route
from starlette.types import ASGIApp, Receive, Scope, Send

SLASH = "\ue000"


class EncodedSlashMiddleware:
    """Keeps ``%2F`` inside a path segment from becoming a segment separator (see the module)."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        raw = scope.get("raw_path") if scope["type"] == "http" else None
        if raw and b"%2f" in raw.lower():
            raw_path = raw.decode("ascii", "replace").split("?", 1)[0]
            plain = unquote(raw_path)
            path: str = scope["path"]
            if path.endswith(plain):  # the server decoded it the usual way (after any root_path)
                kept = "/".join(unquote(part).replace("/", SLASH) for part in raw_path.split("/"))
                scope = {**scope, "path": path[: len(path) - len(plain)] + kept}
        await self.app(scope, receive, send)


class _SegmentConvertor(StringConvertor):
    """A string path parameter in which an encoded slash (`SLASH`) is a "/" again."""

    def convert(self, value: str) -> str:
        return value.replace(SLASH, "/")


def keep_encoded_slashes(routes: Sequence[BaseRoute]) -> list[BaseRoute]:
    """The routes, their string path parameters converted by `_SegmentConvertor`."""
    segment = _SegmentConvertor()
    for route in routes:
        if isinstance(route, (Route, Mount)):
            convertors: dict[str, Convertor[Any]] = route.param_convertors
            for name, convertor in convertors.items():
                if type(convertor) is StringConvertor:
                    convertors[name] = segment
        if isinstance(route, Mount):
            keep_encoded_slashes(route.routes)
    return list(routes)


__all__ = ["SLASH", "EncodedSlashMiddleware", "keep_encoded_slashes"]
