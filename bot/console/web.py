"""The console's plumbing: who is reading (session, role, language), the CSRF check, the
templates, and mounting it all on the app (`install_console`)."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from datetime import timedelta
from pathlib import Path
from typing import Annotated, Any
from urllib.parse import parse_qs, quote

from fastapi import Depends, FastAPI, Request
from fastapi.responses import FileResponse, HTMLResponse, RedirectResponse, Response
from fastapi.staticfiles import StaticFiles
from jinja2 import Environment, FileSystemLoader, select_autoescape

from bot.console.accounts import Lockout, session_user
from bot.console.cookies import CSRF_COOKIE, LANGUAGE_COOKIE, SESSION_COOKIE, Signer, new_nonce
from bot.console.i18n import pick_language, translator
from bot.console.roles import Permission, may
from bot.db.models import User, utcnow
from bot.errors import ProspectError
from bot.services import Services, services_of

HERE = Path(__file__).resolve().parent
CHART_JS = HERE / "assets" / "node_modules" / "chart.js" / "dist" / "chart.umd.min.js"
ONE_YEAR = 365 * 24 * 3600
SECURITY_HEADERS = {
    # Scripts and styles come only from the app: no inline script can run, even if some
    # prospect's text escaped the templates' escaping.
    "Content-Security-Policy": "default-src 'self'; script-src 'self'; style-src 'self'; "
    "img-src 'self' data:; connect-src 'self'; frame-ancestors 'none'; form-action 'self'; "
    "base-uri 'none'",
    "Referrer-Policy": "same-origin",
    "X-Content-Type-Options": "nosniff",
    "Cache-Control": "no-store",
}
templates = Environment(
    loader=FileSystemLoader(HERE / "templates"),
    autoescape=select_autoescape(default=True, default_for_string=True),
    trim_blocks=True,
    lstrip_blocks=True,
)


class NotSignedIn(ProspectError):
    """A console page asked without a live session: the sign-in page answers."""


class Forbidden(ProspectError):
    """The reader's role does not allow this (HTTP 403)."""


@dataclass
class Reader:
    """Who is reading a console page, in which language, with which CSRF token."""

    request: Request
    services: Services
    signer: Signer
    language: str
    nonce: str
    new_nonce: bool
    session_token: str | None
    user: User | None
    cookies: dict[str, str] = field(default_factory=dict)

    @property
    def t(self) -> dict[str, str]:
        return translator(self.language)

    @property
    def csrf(self) -> str:
        return self.signer.csrf_token(self.nonce, self.session_token)

    @property
    def secure(self) -> bool:
        """Cookies with the Secure flag: over https, or always (CONSOLE_COOKIE_SECURE)."""
        settings = self.services.settings
        return settings.console_cookies_always_secure or self.request.url.scheme == "https"

    @property
    def lockout(self) -> Lockout:
        s = self.services.settings
        window = timedelta(minutes=s.console_lockout_minutes)
        return Lockout(s.console_account_lockout_failures, window)

    def may(self, permission: Permission) -> bool:
        return self.user is not None and may(self.user.role, permission)

    def finish(self, response: Response) -> Response:
        """Set the cookies this request decided on, and the console's security headers."""
        if self.new_nonce:
            self.set_cookie(response, CSRF_COOKIE, self.signer.sign(self.nonce))
        for name, value in self.cookies.items():
            self.set_cookie(response, name, value)
        response.headers.update(SECURITY_HEADERS)
        return response

    def set_cookie(
        self, response: Response, name: str, value: str, max_age: int = ONE_YEAR
    ) -> None:
        response.set_cookie(
            name,
            value,
            max_age=max_age,
            path="/console",
            httponly=True,
            samesite="lax",
            secure=self.secure,
        )

    def render(self, template: str, status_code: int = 200, **values: Any) -> Response:
        html = templates.get_template(template).render(reader=self, t=self.t, **values)
        return self.finish(HTMLResponse(html, status_code=status_code))

    def redirect(self, url: str) -> Response:
        return self.finish(RedirectResponse(url, status_code=303))


def signer_of(services: Services) -> Signer:
    return Signer(services.settings.derived_secret("console-cookies"))


async def reader(request: Request) -> Reader:
    services = services_of(request.app.state)
    signer = signer_of(services)
    nonce = signer.unsign(request.cookies.get(CSRF_COOKIE))
    token = signer.unsign(request.cookies.get(SESSION_COOKIE))
    user = None
    if token:
        async with services.sessions() as session:
            user = await session_user(session, token, now=utcnow())
            await services.scorer.refresh(session)  # the SDR-ready threshold in force
    asked = request.query_params.get("lang")
    language = pick_language(
        asked, request.cookies.get(LANGUAGE_COOKIE), request.headers.get("accept-language")
    )
    found = Reader(
        request=request,
        services=services,
        signer=signer,
        language=language,
        nonce=nonce or new_nonce(),
        new_nonce=nonce is None,
        session_token=token if user else None,
        user=user,
    )
    if asked == language:
        found.cookies[LANGUAGE_COOKIE] = language
    return found


ReaderDep = Annotated[Reader, Depends(reader)]


async def signed_in(found: ReaderDep) -> Reader:
    if found.user is None:
        raise NotSignedIn
    return found


SignedInDep = Annotated[Reader, Depends(signed_in)]


def allowed(permission: Permission) -> Callable[[Reader], Awaitable[Reader]]:
    async def check(found: SignedInDep) -> Reader:
        if not found.may(permission):
            raise Forbidden(permission.value)
        return found

    return check


async def checked_form(request: Request, found: ReaderDep) -> dict[str, str]:
    """A form POST's fields, after its CSRF token is checked (else 403)."""
    fields = {k: v[0] for k, v in parse_qs((await request.body()).decode(errors="replace")).items()}
    if found.new_nonce or not found.signer.csrf_ok(
        found.nonce, found.session_token, fields.get("csrf")
    ):
        raise Forbidden("csrf")
    return fields


FormDep = Annotated[dict[str, str], Depends(checked_form)]


async def _to_sign_in(request: Request, exc: Exception) -> Response:
    if request.url.path.endswith(".json"):  # a page's poll: no page to redirect
        return Response('{"detail": "sign in"}', 401, media_type="application/json")
    target = request.url.path + (f"?{request.url.query}" if request.url.query else "")
    return RedirectResponse(f"/console/sign-in?next={quote(target)}", status_code=303)


async def _forbidden(request: Request, exc: Exception) -> Response:
    found = await reader(request)
    if request.url.path.endswith(".json"):
        return found.finish(Response('{"detail": "forbidden"}', 403, media_type="application/json"))
    return found.render("forbidden.html", status_code=403, what=str(exc))


async def chart_js() -> Response:
    if not CHART_JS.is_file():  # `make install` runs npm ci (scripts/install-console-assets.sh)
        return Response("// chart.js is not installed: run make install\n", 404)
    return FileResponse(
        CHART_JS, media_type="text/javascript", headers={"Cache-Control": "max-age=86400"}
    )


def install_console(app: FastAPI) -> None:
    """Mount the console's pages, its static files and its error pages on `app`."""
    from bot.console import (
        analytics_routes,
        auth_routes,
        calibration_routes,
        conversation_routes,
        lead_routes,
    )

    routes = (auth_routes, lead_routes, conversation_routes, analytics_routes, calibration_routes)
    for module in routes:
        app.include_router(module.router)
    app.add_api_route("/console/vendor/chart.umd.min.js", chart_js, include_in_schema=False)
    app.mount("/console/static", StaticFiles(directory=HERE / "static"), name="console-static")
    app.add_exception_handler(NotSignedIn, _to_sign_in)
    app.add_exception_handler(Forbidden, _forbidden)
