"""Domain errors (bot/errors.py) as HTTP answers: the one place that gives them a status.

Domain code raises `LeadNotFound` and the like without knowing it runs behind HTTP; a route
that lets one through answers with the status here and `{"detail": <the error's message>}`,
the body FastAPI gives its own HTTP errors. A route that knows better catches it itself.
"""

from __future__ import annotations

from fastapi import FastAPI, Request, status
from fastapi.responses import JSONResponse

from bot.errors import LeadNotFound, ProspectError

STATUSES: dict[type[ProspectError], int] = {
    LeadNotFound: status.HTTP_404_NOT_FOUND,
}


async def _answer(request: Request, exc: Exception) -> JSONResponse:
    code = next(code for kind, code in STATUSES.items() if isinstance(exc, kind))
    return JSONResponse({"detail": str(exc)}, status_code=code)


def install_error_statuses(app: FastAPI) -> None:
    """Answer each domain error of STATUSES with its status instead of a 500."""
    for kind in STATUSES:
        app.add_exception_handler(kind, _answer)
