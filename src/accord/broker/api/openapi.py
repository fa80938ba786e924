"""``GET /openapi.json``: an OpenAPI 3.1 description of the broker, generated from its routes.

Every mounted route contributes its path (Starlette's ``{name}`` parameters become OpenAPI path
parameters), its methods, the first line of its endpoint's docstring as the summary, a JSON request
body for writes, and the responses the service gives: the HAL+JSON resource, and the JSON error body
(``{error, hint, errors}``) for 400, 401, 403, 404, 409 and 413.
"""

from __future__ import annotations

import re
from typing import Any

from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import BaseRoute, Route

_PARAM = re.compile(r"{([^}:]+)(:[^}]+)?}")
_ERROR = {
    "type": "object",
    "properties": {
        "error": {"type": "string"},
        "hint": {"type": "string"},
        "errors": {"type": "object", "additionalProperties": {"type": "array", "items": {"type": "string"}}},
    },
}
_WRITE_METHODS = {"POST", "PUT", "PATCH"}
_STRING = {"type": "string", "minLength": 1, "maxLength": 255}
_BOOL = {"type": "boolean"}
_CONTRACT = {
    "type": "object",
    "required": ["providerName", "content"],
    "additionalProperties": False,
    "properties": {
        "consumerName": _STRING,
        "providerName": _STRING,
        "specification": {"enum": ["pact"]},
        "contentType": {"enum": ["application/json"]},
        "content": {
            "type": "string",
            "contentEncoding": "base64",
            "description": "the pact file's JSON, base64",
        },
        "onConflict": {"enum": ["merge", "overwrite"]},
    },
}
# Request bodies the service validates, by (path, method); other writes take an optional JSON object.
_BODIES: dict[tuple[str, str], dict[str, Any]] = {
    ("/contracts/publish", "POST"): {
        "type": "object",
        "required": ["pacticipantName", "pacticipantVersionNumber", "contracts"],
        "additionalProperties": False,
        "properties": {
            "pacticipantName": _STRING,
            "pacticipantVersionNumber": _STRING,
            "branch": _STRING,
            "tags": {"type": "array", "items": _STRING},
            "buildUrl": {"type": "string"},
            "contracts": {"type": "array", "items": _CONTRACT},
        },
    },
    ("/environments", "POST"): {
        "type": "object",
        "required": ["name"],
        "additionalProperties": False,
        "properties": {
            "name": _STRING,
            "displayName": {"type": "string"},
            "production": _BOOL,
            "contacts": {"type": "array"},
        },
    },
    ("/pacticipants", "POST"): {
        "type": "object",
        "required": ["name"],
        "additionalProperties": False,
        "properties": {
            "name": _STRING,
            "displayName": {"type": "string"},
            "mainBranch": _STRING,
            "repositoryUrl": {"type": "string"},
        },
    },
}
_VERIFICATION = {
    "type": "object",
    "required": ["success", "providerApplicationVersion"],
    "additionalProperties": False,
    "properties": {
        "success": _BOOL,
        "providerApplicationVersion": _STRING,
        "buildUrl": {"type": "string"},
        "testResults": {"type": ["array", "object", "null"]},
        "verifiedBy": {"type": "object"},
    },
}


def _summary(route: Route) -> str:
    doc = (route.endpoint.__doc__ or "").strip().splitlines()
    return doc[0].strip() if doc else route.path


def _operation(route: Route, method: str) -> dict[str, Any]:
    names = [m.group(1) for m in _PARAM.finditer(route.path)]
    error = {
        "description": "error",
        "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}},
    }
    operation: dict[str, Any] = {
        "summary": _summary(route),
        "operationId": f"{method.lower()}_{route.endpoint.__name__}_{abs(hash(route.path)) % 10**6}",
        "parameters": [
            {"name": n, "in": "path", "required": True, "schema": {"type": "string"}} for n in names
        ],
        "responses": {
            "200": {
                "description": "the resource",
                "content": {"application/hal+json": {"schema": {"type": "object"}}},
            },
            "400": error,
            "401": error,
            "403": error,
            "404": error,
        },
    }
    if method in _WRITE_METHODS:
        schema = _BODIES.get((route.path, method))
        if schema is None and route.path.endswith("/verification-results"):
            schema = _VERIFICATION
        operation["requestBody"] = {
            "required": schema is not None,
            "content": {"application/json": {"schema": schema or {"type": "object"}}},
        }
        operation["responses"].update(
            {"201": operation["responses"]["200"], "409": error, "413": error, "415": error}
        )
    if method == "DELETE":
        operation["responses"]["204"] = {"description": "deleted"}
    return operation


def openapi_document(routes: list[BaseRoute], version: str) -> dict[str, Any]:
    """The OpenAPI 3.1 document for these routes."""
    paths: dict[str, dict[str, Any]] = {}
    for route in routes:
        if not isinstance(route, Route) or route.path == "/openapi.json":
            continue
        path = _PARAM.sub(lambda m: "{" + m.group(1) + "}", route.path)
        for method in sorted((route.methods or set()) - {"HEAD"}):
            paths.setdefault(path, {})[method.lower()] = _operation(route, method)
    return {
        "openapi": "3.1.0",
        "info": {
            "title": "Accord broker",
            "version": version,
            "description": "A Pact Broker-compatible HAL+JSON API for contracts, verifications and "
            "deployments.",
        },
        "paths": paths,
        "components": {
            "schemas": {"Error": _ERROR},
            "securitySchemes": {
                "bearer": {"type": "http", "scheme": "bearer"},
                "basic": {"type": "http", "scheme": "basic"},
            },
        },
        "security": [{}, {"bearer": []}, {"basic": []}],
    }


async def openapi(request: Request) -> Response:
    """``GET /openapi.json``."""
    from accord import __version__  # noqa: PLC0415 - avoid importing the package root at module load

    return JSONResponse(openapi_document(list(request.app.routes), __version__))


def routes() -> list[BaseRoute]:
    """The OpenAPI route."""
    return [Route("/openapi.json", openapi, methods=["GET"])]


__all__ = ["openapi_document", "routes"]
