"""The outbox: every call to Slack or Telegram is a row written in the same transaction as
the change that causes it, then sent by `OutboxRelay` until it succeeds.

- Nothing is lost: a crash, a restart or an outage of the service only delays a row.
- Nothing is sent twice by two workers: a row is leased (`locked_until`) by one relay at a
  time with a conditional UPDATE, which works the same on SQLite and PostgreSQL.
- `dedupe_key` makes enqueuing idempotent: a repeated button click enqueues nothing new.
- A sender raises `RetryLater(seconds)` for a 429 with Retry-After; any other exception is
  retried with exponential backoff (capped), and the row stays visible in the admin API.
- A prefix registered with `max_attempts` (webhooks) gives up on a row after that many
  failed attempts: its status becomes `dead` (a dead letter), kept for a person to look at
  and send again (`revive`).
- A row erased while it was being sent (the right to be forgotten) is not recorded; what
  the send created is undone through the outbox if its sender registered an `Undo` (a
  Slack message posted about an erased lead is deleted).
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable
from contextlib import suppress
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import event, or_, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker
from sqlalchemy.orm import Session
from sqlalchemy.orm.exc import StaleDataError

from bot.db.models import OutboxMessage, utcnow
from bot.errors import NotReady, RetryLater
from bot.leads.scoring import aware

log = logging.getLogger(__name__)

Sender = Callable[[OutboxMessage], Awaitable[dict[str, Any]]]
# What to enqueue to undo a send whose row was erased meanwhile: (kind, payload, dedupe key).
Undo = Callable[[OutboxMessage, dict[str, Any]], list[tuple[str, dict[str, Any], str]]]
LEASE = timedelta(seconds=60)
DIRTY = "outbox_dirty"
MAX_BACKOFF = timedelta(minutes=10)


async def enqueue(
    session: AsyncSession,
    kind: str,
    payload: dict[str, Any],
    *,
    dedupe_key: str | None = None,
    lead_id: int | None = None,
) -> OutboxMessage | None:
    """Add a row to the caller's transaction; None if `dedupe_key` was already used."""
    if dedupe_key is not None:
        existing = await session.scalar(
            select(OutboxMessage.id).where(OutboxMessage.dedupe_key == dedupe_key)
        )
        if existing is not None:
            return None
    row = OutboxMessage(kind=kind, payload=payload, dedupe_key=dedupe_key, lead_id=lead_id)
    session.info[DIRTY] = True
    try:
        async with session.begin_nested():
            session.add(row)
            await session.flush()
    except IntegrityError:
        return None  # the same key, enqueued concurrently
    return row


async def enqueue_delivery(
    session: AsyncSession, *, channel: str, message_id: int, lead_id: int | None
) -> OutboxMessage | None:
    """Queue a stored message for delivery on its channel (`<channel>.send`), once."""
    return await enqueue(
        session,
        f"{channel}.send",
        {"message_id": message_id},
        dedupe_key=f"message-{message_id}-deliver",
        lead_id=lead_id,
    )


def wake_relay_on_commit(
    sessions: async_sessionmaker[AsyncSession], relay: OutboxRelay
) -> Callable[[], None]:
    """Wake the relay when a transaction that enqueued something commits. Returns the
    function that stops it (at shutdown).

    SQLAlchemy also fires `after_commit` when a SAVEPOINT is released (`enqueue` adds its
    row in one): that is not a commit others can see, so it is skipped. Woken there, the
    relay raced the real commit, often read before it, and the flag was spent: the row
    waited for the next poll (a p95 of one poll interval from hot lead to Slack card)."""
    session_class = sessions.kw["sync_session_class"]

    def after_commit(session: Session) -> None:
        if session.in_nested_transaction():
            return  # a savepoint released, the outer transaction still open
        if session.info.pop(DIRTY, False):
            relay.wake()

    event.listen(session_class, "after_commit", after_commit)
    return lambda: event.remove(session_class, "after_commit", after_commit)


def backoff(attempts: int, cap: timedelta = MAX_BACKOFF) -> timedelta:
    return min(cap, timedelta(seconds=2 ** min(attempts, 10)))


STOP_GRACE_SECONDS = 10.0


class OutboxRelay:
    """Sends pending rows through the sender registered for their kind's prefix
    ("slack" for "slack.card"); rows of kinds without a sender wait."""

    def __init__(
        self,
        sessions: async_sessionmaker[AsyncSession],
        *,
        poll_seconds: float = 1.0,
        batch: int = 20,
        lease: timedelta = LEASE,
        max_backoff: timedelta = MAX_BACKOFF,
    ) -> None:
        self._sessions = sessions
        self._senders: dict[str, Sender] = {}
        self._undo: dict[str, Undo] = {}
        self._max_attempts: dict[str, int] = {}
        self._poll = poll_seconds
        self._batch = batch
        self._lease_for = lease
        self._max_backoff = max_backoff
        self._wake = asyncio.Event()
        self._periodic: list[Callable[[datetime], Awaitable[None]]] = []
        self._periodic_at: datetime | None = None  # when the periodic jobs last ran
        self._held: set[int] = set()  # rows this relay has leased and not finished
        self._stopped: set[asyncio.Task[Any]] = set()  # runs asked to end after their pass

    def register(
        self,
        prefix: str,
        sender: Sender,
        *,
        undo: Undo | None = None,
        max_attempts: int | None = None,
    ) -> None:
        self._senders[prefix] = sender
        if undo is not None:
            self._undo[prefix] = undo
        if max_attempts is not None:
            self._max_attempts[prefix] = max_attempts
        self.wake()

    def every_pass(self, job: Callable[[datetime], Awaitable[None]]) -> None:
        """Run `job(now)` on every pass (reminders, escalations)."""
        self._periodic.append(job)

    def wake(self) -> None:
        """Something was enqueued: don't wait for the next poll."""
        self._wake.set()

    async def run_forever(self) -> None:
        me = asyncio.current_task()
        while me not in self._stopped:
            try:
                await self.run_once()
            except Exception:  # the relay must outlive any one failure
                log.exception("outbox relay pass failed")
            with suppress(TimeoutError):
                async with asyncio.timeout(self._poll):  # wait_for can swallow a cancel (3.11)
                    await self._wake.wait()
            self._wake.clear()

    async def stop(self, task: asyncio.Task[None], *, grace: float = STOP_GRACE_SECONDS) -> None:
        """Stop the relay running in `task` and wait for it: the flag ends the loop after
        the pass under way, which is cancelled only if it outlasts `grace`. Cancelling a
        pass in the middle of a query invalidates its SQLite connection, and aiosqlite's
        close can then wait forever for a thread SQLAlchemy has already stopped: the event
        loop never closes (seen as a hung app shutdown)."""
        self._stopped.add(task)
        self._wake.set()
        done, _ = await asyncio.wait({task}, timeout=grace)
        if not done:
            task.cancel()
            with suppress(asyncio.CancelledError):
                await task
        self._stopped.discard(task)

    async def release(self) -> None:
        """On shutdown: give back the rows this relay still holds, so another process can
        send them at once instead of waiting for the lease to expire."""
        if not self._held:
            return
        held, self._held = list(self._held), set()
        async with self._sessions() as session, session.begin():
            await session.execute(
                update(OutboxMessage).where(OutboxMessage.id.in_(held)).values(locked_until=None)
            )

    async def run_once(self, *, now: datetime | None = None) -> int:
        """One pass: the periodic jobs (at most once per poll interval: a wake-up after each
        enqueue must not rerun them), then every due row once. Returns rows sent."""
        now = now or utcnow()
        if self._periodic_at is None or now - self._periodic_at >= timedelta(seconds=self._poll):
            self._periodic_at = now
            for job in self._periodic:
                await job(now)
        if not self._senders:
            return 0
        async with self._sessions() as session:
            due = list(
                await session.scalars(
                    select(OutboxMessage.id)
                    .where(
                        OutboxMessage.status == "pending",
                        OutboxMessage.next_attempt_at <= now,
                        or_(OutboxMessage.locked_until.is_(None), OutboxMessage.locked_until < now),
                    )
                    .order_by(OutboxMessage.id)
                    .limit(self._batch)
                )
            )
        sent = 0
        for row_id in due:
            sent += await self._send_one(row_id, now)
        return sent

    async def _lease(self, row_id: int, now: datetime) -> OutboxMessage | None:
        async with self._sessions() as session, session.begin():
            result = await session.execute(
                update(OutboxMessage)
                .where(
                    OutboxMessage.id == row_id,
                    OutboxMessage.status == "pending",
                    or_(OutboxMessage.locked_until.is_(None), OutboxMessage.locked_until < now),
                )
                .values(locked_until=now + self._lease_for)
            )
            if result.rowcount != 1:  # type: ignore[attr-defined]
                return None  # another worker has it
            row = await session.get_one(OutboxMessage, row_id)
            session.expunge(row)
            self._held.add(row_id)
            return row

    async def _send_one(self, row_id: int, now: datetime) -> int:
        row = await self._lease(row_id, now)
        if row is None:
            return 0
        sender = self._senders.get(row.kind.split(".", 1)[0])
        if sender is None:
            await self._finish(row_id, unlock_only=True)
            return 0
        try:
            result = await sender(row)
        except asyncio.CancelledError:
            # Shutting down mid-send: release the row at once rather than leaving it
            # leased for a minute (a hard crash still leaves the lease to expire).
            await asyncio.shield(self._finish(row_id, unlock_only=True))
            raise
        except NotReady as exc:
            await self._finish(
                row_id,
                retry_at=utcnow() + timedelta(seconds=exc.seconds),
                error=str(exc),
                count=False,
            )
            return 0
        except RetryLater as exc:
            log.warning("outbox %s %s: retry in %.0f s (%s)", row.id, row.kind, exc.seconds, exc)
            await self._finish(
                row_id,
                retry_at=utcnow() + timedelta(seconds=exc.seconds),
                error=str(exc),
                give_up=self._last_attempt(row),
            )
            return 0
        except Exception as exc:
            wait = backoff(row.attempts + 1, self._max_backoff)
            log.warning(
                "outbox %s %s failed (attempt %s), retry in %s: %r",
                row.id,
                row.kind,
                row.attempts + 1,
                wait,
                exc,
            )
            await self._finish(
                row_id, retry_at=utcnow() + wait, error=repr(exc), give_up=self._last_attempt(row)
            )
            return 0
        if not await self._finish(row_id, result=result):
            await self._undo_erased(row, result)
        return 1

    def _last_attempt(self, row: OutboxMessage) -> bool:
        """The attempt that just failed was the last its prefix allows."""
        limit = self._max_attempts.get(row.kind.split(".", 1)[0])
        return limit is not None and row.attempts + 1 >= limit

    async def _finish(
        self,
        row_id: int,
        *,
        result: dict[str, Any] | None = None,
        retry_at: datetime | None = None,
        error: str | None = None,
        count: bool = True,
        unlock_only: bool = False,
        give_up: bool = False,
    ) -> bool:
        """Record the outcome; False if the row is gone (erased while it was sent)."""
        try:
            async with self._sessions() as session, session.begin():
                # Locked (PostgreSQL): an erasure deleting the row waits for this record and
                # reads the result, or has deleted it and this finds nothing.
                row = await session.get(OutboxMessage, row_id, with_for_update=True)
                if row is not None:
                    row.locked_until = None
                    if not unlock_only:
                        self._record(
                            row, result=result, retry_at=retry_at, error=error, count=count
                        )
                        if give_up and result is None:
                            row.status = "dead"
                            log.error("outbox %s %s is dead: %s", row.id, row.kind, error)
        except StaleDataError:  # deleted between the read and the update (SQLite)
            row = None
        # Only once that is committed: a row whose finish was interrupted stays held, and
        # `release()` frees it at shutdown.
        self._held.discard(row_id)
        return row is not None

    async def _undo_erased(self, row: OutboxMessage, result: dict[str, Any]) -> None:
        undo = self._undo.get(row.kind.split(".", 1)[0])
        actions = undo(row, result) if undo is not None else []
        log.info(
            "outbox %s %s: its lead was erased while it was sent; undoing it with %s",
            row.id,
            row.kind,
            [kind for kind, _, _ in actions],
        )
        if not actions:
            return
        async with self._sessions() as session, session.begin():
            for kind, payload, key in actions:
                await enqueue(session, kind, payload, dedupe_key=key)

    @staticmethod
    def _record(
        row: OutboxMessage,
        *,
        result: dict[str, Any] | None,
        retry_at: datetime | None,
        error: str | None,
        count: bool,
    ) -> None:
        if count:
            row.attempts += 1
        if result is not None:
            row.status = "sent"
            row.result = result
            row.sent_at = utcnow()
            row.last_error = None
        else:
            row.next_attempt_at = retry_at or utcnow()
            row.last_error = (error or "")[:2000]


async def revive(session: AsyncSession, row_id: int, *, prefix: str) -> OutboxMessage | None:
    """Send a dead row of `prefix` again, as new (its attempts start over); None if there is
    no dead row of that prefix with this id."""
    row = await session.get(OutboxMessage, row_id, with_for_update=True)
    if row is None or row.status != "dead" or not row.kind.startswith(f"{prefix}."):
        return None
    row.status, row.attempts, row.next_attempt_at = "pending", 0, utcnow()
    row.locked_until = None
    session.info[DIRTY] = True
    return row


def outbox_view(row: OutboxMessage) -> dict[str, Any]:
    return {
        "id": row.id,
        "kind": row.kind,
        "status": row.status,
        "attempts": row.attempts,
        "next_attempt_at": aware(row.next_attempt_at).isoformat(),
        "last_error": row.last_error,
        "created_at": aware(row.created_at).isoformat(),
        "sent_at": aware(row.sent_at).isoformat() if row.sent_at else None,
    }
