"""The website visitor behind a request, proven by the token the server issued them
(`X-Visitor-Token`); see bot/access/visitor_auth.py."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, HTTPException, Request, status

from bot.access.visitor_auth import VisitorAuth
from bot.services import services_of

TOKEN_HEADER = "X-Visitor-Token"
HOW_TO = (
    "POST /api/chat/session gives a visitor id and its token; send the token in the "
    f"{TOKEN_HEADER} header (on the socket: the first frame, "
    '{"type": "auth", "token": ...})'
)
MISSING = f"a visitor token is required: {HOW_TO}"
INVALID = f"the visitor token is not valid (forged, altered, or from another server key): {HOW_TO}"


def visitor_auth(request: Request) -> VisitorAuth:
    auth: VisitorAuth = services_of(request.app.state).visitor_auth
    return auth


def token_visitor(request: Request) -> str | None:
    """The visitor the request's token names; None when there is no token; 401 for a bad one."""
    token = request.headers.get(TOKEN_HEADER)
    if token is None:
        return None
    visitor = visitor_auth(request).tokens.visitor_of(token.strip())
    if visitor is None:
        raise unauthorized(INVALID)
    return visitor


def require_visitor(request: Request) -> str:
    visitor = token_visitor(request)
    if visitor is None:
        raise unauthorized(MISSING)
    return visitor


def unauthorized(detail: str) -> HTTPException:
    return HTTPException(
        status.HTTP_401_UNAUTHORIZED, detail=detail, headers={"WWW-Authenticate": "VisitorToken"}
    )


VisitorDep = Annotated[str, Depends(require_visitor)]
