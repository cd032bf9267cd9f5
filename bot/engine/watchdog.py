"""Liveness of a supervised child: a process that never exits but stops answering (an event
loop held by CPU-bound work, a deadlock, a stopped process) is as dead as a crashed one.

`prospect run` asks each child's health URL every few seconds; a child that has not answered
for `limit` seconds (WATCHDOG_SECONDS) is killed and restarted. A child that is starting has
`grace` seconds (loading a model takes a while) before its first answer is due.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field

import httpx


@dataclass
class Liveness:
    name: str
    url: str
    limit: float
    grace: float
    started: float = field(default_factory=time.monotonic)
    answered: float | None = None
    _next_check: float = 0.0

    @property
    def interval(self) -> float:
        """Seconds between two checks: several checks fit in the limit."""
        return max(0.5, min(5.0, self.limit / 4))

    def restarted(self, now: float) -> None:
        self.started, self.answered, self._next_check = now, None, 0.0

    def silent_for(self, now: float) -> float:
        return now - (self.answered if self.answered is not None else self.started)

    def overdue(self, now: float) -> bool:
        """Whether the child has been silent too long (checking its health when due)."""
        if self.limit <= 0:
            return False
        if now >= self._next_check:
            self._next_check = now + self.interval
            if answers(self.url, timeout=min(5.0, max(1.0, self.limit / 2))):
                self.answered = time.monotonic()
                return False
        if self.answered is None:
            return now - self.started > max(self.grace, self.limit)
        return now - self.answered > self.limit


def answers(url: str, *, timeout: float) -> bool:
    try:
        return httpx.get(url, timeout=timeout).status_code == 200
    except httpx.HTTPError:
        return False
