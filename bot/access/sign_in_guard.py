"""The console's sign-in throttles, in front of the password check (bot/console/accounts.py):

- per address: CONSOLE_SIGN_IN_PER_MINUTE attempts a minute, whatever the accounts;
- per (address, account): CONSOLE_LOCKOUT_FAILURES attempts, then one more every
  CONSOLE_LOCKOUT_MINUTES / CONSOLE_LOCKOUT_FAILURES; a success gives them all back.

So a stranger guessing at an account locks only themselves out of it, not its owner. The
account-wide lock-out (in the database, CONSOLE_ACCOUNT_LOCKOUT_FAILURES) is for a guessing
campaign from many addresses. In-process, like the widget's limits: each worker counts for
itself. The keys hold the normalised email whether or not an account has it, so a refusal
says nothing about which addresses exist.
"""

from __future__ import annotations

from bot.access.rate_limit import RateLimiter
from bot.settings import Settings


class SignInGuard:
    def __init__(self, settings: Settings) -> None:
        per_minute = settings.console_sign_in_per_minute
        self._ips = RateLimiter(per_minute, max(1, round(per_minute)))
        failures = settings.console_lockout_failures
        self._pairs = RateLimiter(failures / settings.console_lockout_minutes, failures)

    @staticmethod
    def _pair(ip: str | None, email: str) -> str:
        return f"sign-in:{ip or '-'}:{email}"

    def wait(self, *, ip: str | None, email: str) -> float:
        """Takes one attempt: 0 when it may go on, else the seconds to wait."""
        if wait := self._ips.hit(f"sign-in-ip:{ip or '-'}"):
            return wait
        return self._pairs.hit(self._pair(ip, email))

    def succeeded(self, *, ip: str | None, email: str) -> None:
        self._pairs.forget(self._pair(ip, email))
