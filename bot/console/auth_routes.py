"""Signing in and out of the console."""

from __future__ import annotations

import math
from datetime import timedelta

from fastapi import APIRouter
from fastapi.responses import Response

from bot.console.accounts import (
    SignInRefused,
    close_session,
    normalise_email,
    open_session,
    sign_in,
)
from bot.console.cookies import SESSION_COOKIE
from bot.console.web import FormDep, Reader, ReaderDep
from bot.db.models import utcnow

router = APIRouter(prefix="/console", include_in_schema=False)
HOME = "/console/leads"


def safe_next(target: str | None) -> str:
    """Where to go after signing in: a console page of ours, never another site."""
    if target and target.startswith("/console/") and not any(c in target for c in "\\\r\n"):
        return target
    return HOME


@router.get("")
@router.get("/")
async def home(reader: ReaderDep) -> Response:
    return reader.redirect(HOME if reader.user else "/console/sign-in")


@router.get("/sign-in")
async def sign_in_page(reader: ReaderDep, next: str | None = None) -> Response:
    if reader.user is not None:
        return reader.redirect(safe_next(next))
    return reader.render("sign_in.html", next=safe_next(next), refused=False, email="")


def _refused(reader: Reader, form: dict[str, str], email: str, status: int = 401) -> Response:
    return reader.render(
        "sign_in.html",
        status_code=status,
        next=safe_next(form.get("next")),
        refused=True,
        email=email,
    )


@router.post("/sign-in")
async def sign_in_form(reader: ReaderDep, form: FormDep) -> Response:
    settings = reader.services.settings
    now = utcnow()
    email = form.get("email", "")[:320]
    lasts = timedelta(hours=settings.console_session_hours)
    client = reader.request.client
    guard, ip = reader.services.sign_in_guard, client.host if client else None
    if wait := guard.wait(ip=ip, email=normalise_email(email)):
        response = _refused(reader, form, email, 429)  # the same page, whoever the account
        response.headers["Retry-After"] = str(math.ceil(wait))
        return response
    async with reader.services.sessions() as session:
        try:
            user = await sign_in(
                session,
                email=email,
                password=form.get("password", "")[:1024],
                now=now,
                lockout=reader.lockout,
            )
        except SignInRefused:
            await session.commit()
            return _refused(reader, form, email)
        token = await open_session(session, user, now=now, lasts=lasts)
        await session.commit()
    guard.succeeded(ip=ip, email=normalise_email(email))
    response = reader.redirect(safe_next(form.get("next")))
    # The session cookie lasts as long as the session (the generic one-year age is for
    # the language and CSRF cookies).
    reader.set_cookie(
        response, SESSION_COOKIE, reader.signer.sign(token), int(lasts.total_seconds())
    )
    return response


@router.post("/sign-out")
async def sign_out(reader: ReaderDep, form: FormDep) -> Response:
    if reader.session_token:
        async with reader.services.sessions() as session, session.begin():
            await close_session(session, reader.session_token)
    response = reader.redirect("/console/sign-in")
    response.delete_cookie(SESSION_COOKIE, path="/console")
    return response
