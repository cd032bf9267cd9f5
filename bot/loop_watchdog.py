"""A served app worker whose event loop stops turning ends itself, to be restarted.

`prospect run` restarts the app when its health check stops answering, but with several
workers one stuck worker hides behind the others that still answer, while the requests and
sockets it holds wait forever. Each worker therefore watches its own loop from a thread: the
loop notes the time every second; when that note is older than WATCHDOG_SECONDS, the thread
logs it and exits the process (uvicorn's parent restarts a dead worker; with one worker,
`prospect run` restarts the app).
"""

from __future__ import annotations

import asyncio
import logging
import os
import threading
import time
from collections.abc import Callable

log = logging.getLogger(__name__)
EXIT_STUCK = 70  # EX_SOFTWARE


def _exit() -> None:
    logging.shutdown()
    os._exit(EXIT_STUCK)


class LoopWatchdog:
    def __init__(self, limit: float, *, on_stuck: Callable[[], None] = _exit) -> None:
        self.limit = limit
        self._on_stuck = on_stuck
        self._beat = time.monotonic()
        self._stopped = threading.Event()
        self._handle: asyncio.TimerHandle | None = None

    @property
    def tick(self) -> float:
        return max(0.05, min(1.0, self.limit / 4))

    def start(self) -> None:
        """Start watching the running loop (call from it)."""
        if self.limit <= 0:
            return
        loop = asyncio.get_running_loop()
        self._beat = time.monotonic()

        def beat() -> None:
            self._beat = time.monotonic()
            self._handle = loop.call_later(self.tick, beat)

        beat()
        threading.Thread(target=self._watch, name="loop-watchdog", daemon=True).start()

    def stop(self) -> None:
        self._stopped.set()
        if self._handle is not None:
            self._handle.cancel()

    def _watch(self) -> None:
        while not self._stopped.wait(self.tick):
            stuck = time.monotonic() - self._beat
            if stuck > self.limit:
                log.critical(
                    "the event loop of worker %d has not run for %.0f s "
                    "(WATCHDOG_SECONDS=%g): exiting to be restarted",
                    os.getpid(),
                    stuck,
                    self.limit,
                )
                self._stopped.set()
                self._on_stuck()
