"""What stands between the open internet and the widget's endpoints: an origin allowlist and
rate limits per visitor, per IP address, and on new visitor sessions per IP address."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Annotated

from fastapi import Depends, HTTPException, Request, status
from starlette.datastructures import URL

from bot.access.rate_limit import RateLimiter
from bot.settings import Settings


def own_origin(url: URL) -> str:
    scheme = {"ws": "http", "wss": "https"}.get(url.scheme, url.scheme)
    return f"{scheme}://{url.netloc}".lower()


class RateLimited(HTTPException):
    def __init__(self, what: str, seconds: float) -> None:
        wait = max(1, round(seconds + 0.5))
        super().__init__(
            status.HTTP_429_TOO_MANY_REQUESTS,
            detail=f"too many requests from this {what}; try again in {wait} s",
            headers={"Retry-After": str(wait)},
        )
        self.seconds = wait


class WidgetGuard:
    def __init__(self, settings: Settings) -> None:
        self._origins = settings.origins
        self._visitors = RateLimiter(
            settings.rate_limit_visitor_per_minute, settings.rate_limit_visitor_burst
        )
        self._ips = RateLimiter(settings.rate_limit_ip_per_minute, settings.rate_limit_ip_burst)
        self._sessions = RateLimiter(
            settings.rate_limit_session_per_minute, settings.rate_limit_session_burst
        )

    def origin_allowed(self, headers: Mapping[str, str], url: URL) -> bool:
        """Browsers always send Origin on cross-site requests and sockets; a request without
        one is not from a page (a server, curl) and is not the widget's concern."""
        origin = headers.get("origin")
        if origin is None:
            return True
        origin = origin.rstrip("/").lower()
        return "*" in self._origins or origin in self._origins or origin == own_origin(url)

    def check_origin(self, headers: Mapping[str, str], url: URL) -> None:
        if not self.origin_allowed(headers, url):
            raise HTTPException(
                status.HTTP_403_FORBIDDEN,
                detail="this site is not allowed to use the assistant (ALLOWED_ORIGINS)",
            )

    def check_rate(self, *, visitor: str | None, ip: str | None) -> None:
        """Raises RateLimited (429 with Retry-After) when the IP or the visitor is over."""
        if ip and (wait := self._ips.hit(f"ip:{ip}")):
            raise RateLimited("address", wait)
        if visitor and (wait := self._visitors.hit(f"visitor:{visitor}")):
            raise RateLimited("visitor", wait)

    def check_new_session(self, *, ip: str | None) -> None:
        """New visitor sessions per address: a client minting identities in bulk is slowed
        down (RateLimited) long before the per-IP request limit."""
        if ip and (wait := self._sessions.hit(f"session:{ip}")):
            raise RateLimited("address", wait)


def get_guard(request: Request) -> WidgetGuard:
    guard: WidgetGuard = request.app.state.guard
    return guard


def check_origin(request: Request, guard: Annotated[WidgetGuard, Depends(get_guard)]) -> None:
    guard.check_origin(request.headers, request.url)


GuardDep = Annotated[WidgetGuard, Depends(get_guard)]
OriginDep = Depends(check_origin)


def client_ip(request: Request) -> str | None:
    return request.client.host if request.client else None
