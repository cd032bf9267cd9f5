"""Errors as HTTP answers: the one place that gives domain errors (bot/errors.py) a status,
and that answers bad JSON, invalid requests and an unavailable database in one shape.

Domain code raises `LeadNotFound` and the like without knowing it runs behind HTTP; a route
that lets one through answers with the status here and `{"detail": <the error's message>}`,
the body FastAPI gives its own HTTP errors. A route that knows better catches it itself.
"""

from __future__ import annotations

import json
import logging
from typing import Any

from fastapi import FastAPI, Request, status
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from sqlalchemy.exc import InterfaceError, OperationalError

from bot.errors import LeadNotFound, OriginNotAllowed, ProspectError, RateLimited

log = logging.getLogger(__name__)
STATUSES: dict[type[ProspectError], int] = {
    LeadNotFound: status.HTTP_404_NOT_FOUND,
    OriginNotAllowed: status.HTTP_403_FORBIDDEN,
    RateLimited: status.HTTP_429_TOO_MANY_REQUESTS,
}


async def _answer(request: Request, exc: Exception) -> JSONResponse:
    code = next(code for kind, code in STATUSES.items() if isinstance(exc, kind))
    headers = {"Retry-After": str(exc.seconds)} if isinstance(exc, RateLimited) else None
    return JSONResponse({"detail": str(exc)}, status_code=code, headers=headers)


def _describe(error: dict[str, Any]) -> str:
    where = ".".join(str(p) for p in error.get("loc", ()) if p != "body")
    return f"{where}: {error.get('msg', 'invalid')}" if where else str(error.get("msg"))


def _is_json(raw: bytes) -> bool:
    try:
        json.loads(raw)
    except ValueError:
        return False
    return True


async def _validation_error(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, RequestValidationError)
    errors = list(exc.errors())
    raw = await request.body()
    if any(e.get("type") == "json_invalid" for e in errors) or (raw and not _is_json(raw)):
        return JSONResponse(
            {"error": "request body is not valid JSON"}, status.HTTP_400_BAD_REQUEST
        )
    return JSONResponse(
        {"error": "; ".join(_describe(e) for e in errors)},
        status.HTTP_422_UNPROCESSABLE_CONTENT,
    )


async def _database_unavailable(request: Request, exc: Exception) -> JSONResponse:
    """The database is down or restarting: a clear, retryable answer, never a 500 page.
    Whatever the request was writing is rolled back with its transaction."""
    log.warning("database unavailable for %s %s: %s", request.method, request.url.path, exc)
    return JSONResponse(
        {"error": "the service is briefly unavailable (database); please try again"},
        status.HTTP_503_SERVICE_UNAVAILABLE,
        headers={"Retry-After": "5"},
    )


async def _too_deep(request: Request, exc: Exception) -> JSONResponse:
    return JSONResponse({"error": "the JSON is nested too deeply"}, status.HTTP_400_BAD_REQUEST)


def install_error_handlers(app: FastAPI) -> None:
    """Answer each domain error of STATUSES with its status instead of a 500; bad JSON with
    a 400, an invalid request with a 422 naming the field, a lost database with a 503."""
    app.add_exception_handler(RequestValidationError, _validation_error)
    app.add_exception_handler(RecursionError, _too_deep)
    app.add_exception_handler(OperationalError, _database_unavailable)
    app.add_exception_handler(InterfaceError, _database_unavailable)
    app.add_exception_handler(ConnectionError, _database_unavailable)
    for kind in STATUSES:
        app.add_exception_handler(kind, _answer)
