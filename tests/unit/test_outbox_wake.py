"""The relay is woken by the commit of a transaction that enqueued something, not by the
SAVEPOINT `enqueue` releases inside it (SQLAlchemy fires `after_commit` for both). Woken at
the savepoint, the relay raced the real commit, often read before it, and the wake-up was
spent: the row waited a whole poll interval (issue 19: hot lead to Slack card, p95 ~1 s)."""

from __future__ import annotations

import asyncio
from typing import Any

from sqlalchemy import select

from bot.db.models import OutboxMessage
from bot.db.session import create_engine, create_sessionmaker
from bot.outbox import OutboxRelay, enqueue, wake_relay_on_commit
from bot.settings import Settings


class CountingRelay(OutboxRelay):
    wakes = 0

    def wake(self) -> None:
        self.wakes += 1
        super().wake()


async def test_the_commit_wakes_the_relay_and_the_savepoint_does_not(settings: Settings) -> None:
    engine = create_engine(settings.database_url)
    sessions = create_sessionmaker(engine)
    relay = CountingRelay(sessions)
    stop = wake_relay_on_commit(sessions, relay)
    try:
        async with sessions() as session, session.begin():
            await enqueue(session, "slack.card", {"handoff_id": 1}, dedupe_key="card-1")
            assert relay.wakes == 0  # enqueue's savepoint is released, nothing is committed
            await enqueue(session, "slack.thread", {"handoff_id": 1}, dedupe_key="note-1")
            assert relay.wakes == 0
        assert relay.wakes == 1  # the commit, once
        async with sessions() as session, session.begin():
            await session.scalar(select(OutboxMessage.id).limit(1))
        assert relay.wakes == 1  # a commit that enqueued nothing does not wake it
    finally:
        stop()
        await engine.dispose()


async def test_a_commit_gets_its_row_sent_without_waiting_for_the_poll(settings: Settings) -> None:
    engine = create_engine(settings.database_url)
    sessions = create_sessionmaker(engine)
    relay = OutboxRelay(sessions, poll_seconds=3600)  # only a wake-up can send it in time
    sent = asyncio.Event()

    async def sender(row: OutboxMessage) -> dict[str, Any]:
        sent.set()
        return {"ok": True}

    relay.register("slack", sender)
    stop = wake_relay_on_commit(sessions, relay)
    task = asyncio.create_task(relay.run_forever())
    try:
        await asyncio.sleep(0.05)  # the first pass has found nothing; the relay waits
        async with sessions() as session, session.begin():
            await enqueue(session, "slack.card", {"handoff_id": 1}, dedupe_key="card-1")
        async with asyncio.timeout(10):
            await sent.wait()
    finally:
        await relay.stop(task)
        stop()
        await engine.dispose()
