"""`create_app`: the broker as a Starlette ASGI application.

The app keeps two things on ``app.state``: ``settings`` (`BrokerSettings`) and ``storage``
(`accord.broker.storage.Storage`, whose ``engine`` is a SQLAlchemy engine). Routes read and write
through ``request.app.state.storage`` only, so any number of app instances (threads, processes,
replicas) on one database behave as one broker.

Errors never escape as a 500 traceback: `ApiError` (bad input, not found, conflict) becomes its JSON
body, `AccordError` a 400/500 JSON body with its hint, unknown routes and methods JSON 404/405, and
anything unexpected a JSON 500 naming the request (and logged).
"""

from __future__ import annotations

import importlib
import logging

from starlette.applications import Starlette
from starlette.exceptions import HTTPException
from starlette.middleware import Middleware
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import BaseRoute

from accord.broker._auth import AuthMiddleware
from accord.broker._encoded_slashes import EncodedSlashMiddleware, keep_encoded_slashes
from accord.broker._limits import ConcurrencyLimitMiddleware
from accord.broker._settings import BrokerSettings
from accord.broker.api import environments, index, openapi, pact_lists, pacticipants, pacts, webhooks
from accord.broker.api._common import ApiError
from accord.broker.storage import Storage
from accord.broker.ui import routes as ui_routes
from accord.errors import AccordError, StorageError

_LOG = logging.getLogger("accord.broker")
# The domain engineer's route modules, mounted when present.
_DOMAIN_ROUTE_MODULES = ("accord.broker.api.matrix", "accord.broker.api.for_verification")


def _domain_routes() -> list[BaseRoute]:
    found: list[BaseRoute] = []
    for name in _DOMAIN_ROUTE_MODULES:
        try:
            module = importlib.import_module(name)
        except ModuleNotFoundError as error:
            if error.name != name:
                raise
            continue
        found.extend(module.routes())
    return found


def all_routes() -> list[BaseRoute]:
    """Every route of the broker, in matching order."""
    return [
        *index.routes(),
        *ui_routes(),
        *_domain_routes(),
        *pacts.routes(),
        *pact_lists.routes(),
        *pacticipants.routes(),
        *environments.routes(),
        *webhooks.routes(),
        *openapi.routes(),
    ]


async def _api_error(_request: Request, exc: Exception) -> Response:
    assert isinstance(exc, ApiError)
    return exc.response()


async def _http_error(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, HTTPException)
    if exc.status_code == 404:
        message = f"no resource at {request.url.path}"
        hint = "start from GET / and follow its links"
    elif exc.status_code == 405:
        message = f"{request.method} is not allowed on {request.url.path}"
        hint = "see /openapi.json for the methods each resource accepts"
    else:
        message, hint = str(exc.detail), None
    return ApiError(exc.status_code, message, hint).response()


async def _accord_error(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, AccordError)
    status = 503 if isinstance(exc, StorageError) else 400
    return ApiError(status, exc.message, exc.hint).response()


async def _unexpected(request: Request, exc: Exception) -> Response:
    _LOG.exception("unexpected error on %s %s", request.method, request.url.path)
    return ApiError(
        500,
        f"internal error while handling {request.method} {request.url.path}",
        "this is a bug in Accord's broker; please report it with the server log",
    ).response()


def create_app(settings: BrokerSettings | None = None, *, storage: Storage | None = None) -> Starlette:
    """The broker application.

    Args:
        settings: the broker's settings (default: from the environment).
        storage: an existing `Storage` to share (default: one opened on ``settings.database_url``).

    Raises:
        ConfigurationError: unsafe or contradictory settings (see `BrokerSettings.validate`).
    """
    settings = settings or BrokerSettings.from_env()
    settings.validate()
    storage = storage or Storage(settings.database_url)
    if settings.migrate:
        storage.migrate()
    app = Starlette(
        routes=keep_encoded_slashes(all_routes()),
        middleware=[
            Middleware(EncodedSlashMiddleware),  # feature%2Fprice stays one segment: branch feature/price
            Middleware(ConcurrencyLimitMiddleware, max_in_flight=settings.max_in_flight),
            Middleware(AuthMiddleware, settings=settings, storage=storage),
        ],
        exception_handlers={
            ApiError: _api_error,
            HTTPException: _http_error,
            AccordError: _accord_error,
            Exception: _unexpected,
        },
    )
    app.state.settings = settings
    app.state.storage = storage
    app.state.base_url = settings.base_url
    return app


def create_app_from_env() -> Starlette:
    """The app with settings from the environment only: the factory ``accord broker serve --workers N``
    hands to each uvicorn worker process (the parent has already applied the migrations)."""
    return create_app(BrokerSettings.from_env())


__all__ = ["all_routes", "create_app", "create_app_from_env"]
