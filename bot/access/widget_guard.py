"""What stands between the open internet and the widget's endpoints: an origin allowlist and
rate limits per visitor, per IP address, and on new visitor sessions per IP address.

It raises domain errors (`OriginNotAllowed`, `RateLimited`); bot/api/errors.py answers them
with 403 and 429 + Retry-After, the widget's socket with an error frame.
"""

from __future__ import annotations

from collections.abc import Mapping

from starlette.datastructures import URL

from bot.access.rate_limit import RateLimiter
from bot.errors import OriginNotAllowed, RateLimited
from bot.settings import Settings


def own_origin(url: URL) -> str:
    scheme = {"ws": "http", "wss": "https"}.get(url.scheme, url.scheme)
    return f"{scheme}://{url.netloc}".lower()


class WidgetGuard:
    """The origin allowlist and the rate limits, per process."""

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
            raise OriginNotAllowed(
                "this site is not allowed to use the assistant (ALLOWED_ORIGINS)"
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
