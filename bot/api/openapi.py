"""The OpenAPI document: every /api operation's errors in the shape this app sends them, and
the admin token's security scheme on the operations behind it."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from fastapi import FastAPI
from fastapi.dependencies.models import Dependant
from fastapi.openapi.utils import get_openapi
from fastapi.routing import APIRoute

from bot.api.deps import require_admin

ERROR_SCHEMA = {
    "title": "Error",
    "type": "object",
    "description": "What went wrong, for a person: `error` (validation, bad JSON) or `detail`.",
    "properties": {"error": {"type": "string"}, "detail": {}},
}
ERRORS = {
    "400": "The body is not valid JSON",
    "401": "The credentials are missing or wrong (admin token, or the visitor's token)",
    "403": "The page's origin is not allowed (ALLOWED_ORIGINS)",
    "404": "Not found",
    "413": "Too large (MAX_MESSAGE_CHARS, MAX_EVENTS_PER_BATCH)",
    "422": "The request is not valid: `error` says which field and why",
    "429": "Rate limited: try again after `Retry-After` seconds",
    "503": "Briefly unavailable (the database is restarting): try again after `Retry-After`",
}


def _needs_admin(dependant: Dependant) -> bool:
    return any(d.call is require_admin or _needs_admin(d) for d in dependant.dependencies)


def admin_operations(app: FastAPI) -> set[tuple[str, str]]:
    """(path, METHOD) of every operation behind the admin token."""
    return {
        (route.path, method)
        for route in app.routes
        if isinstance(route, APIRoute) and _needs_admin(route.dependant)
        for method in route.methods or ()
    }


def document_errors(app: FastAPI) -> Callable[[], dict[str, Any]]:
    """The OpenAPI document, with the errors every /api operation can answer, in the shape
    they have (FastAPI documents a 422 body this app does not send)."""

    def openapi() -> dict[str, Any]:
        if app.openapi_schema:
            return app.openapi_schema
        schema = get_openapi(
            title=app.title, version=app.version, summary=app.summary, routes=app.routes
        )
        schema.setdefault("components", {}).setdefault("schemas", {})["Error"] = ERROR_SCHEMA
        error = {
            "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}
        }
        schema["components"]["securitySchemes"] = {
            "adminToken": {"type": "http", "scheme": "bearer", "description": "ADMIN_TOKEN"}
        }
        team_only = admin_operations(app)
        for path, operations in schema.get("paths", {}).items():
            for method, operation in operations.items():
                if (path, method.upper()) in team_only:
                    operation["security"] = [{"adminToken": []}]
            if not path.startswith("/api/"):
                continue
            for operation in operations.values():
                responses = operation.setdefault("responses", {})
                for code, description in ERRORS.items():
                    responses[code] = {"description": description, **error}
        schema["components"]["schemas"].pop("HTTPValidationError", None)
        schema["components"]["schemas"].pop("ValidationError", None)
        app.openapi_schema = schema
        return schema

    return openapi
