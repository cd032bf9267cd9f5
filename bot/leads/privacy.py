"""GDPR: what we hold about a lead (export), erasing it (the right to be forgotten), and the
retention of anonymous visitors.

A lead is a person: the leads merged into it are erased and exported with it. Erasing
removes the lead, its identities, conversations and messages, behavioural events, score
history, consents, handoffs, the outbox rows that name it, and the engine's tracker events
of its conversations (the tables a lead owns are listed once, in bot/db/lead_tables.py).
Every message the app posted in Slack about it (the handoff card and the app's replies in
its thread: notes, reminders, the prospect's relayed words) is deleted from Slack too,
through the outbox (`slack.delete`, so an outage only delays it), replies first and the card
last. On SQLite the deleted rows are overwritten on disk
(`secure_delete`) and the write-ahead logs emptied (`forget_old_copies`).
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import delete, exists, select
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession

from bot.db.lead_tables import LEAD_TABLES, LeadTable, Owner, erasure_order
from bot.db.models import Conversation, Handoff, Identity, Lead, OutboxMessage
from bot.db.session import truncate_wal
from bot.engine.trackers import EngineTrackers
from bot.outbox import enqueue
from bot.webhooks.events import lead_erased

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Erased:
    lead_ids: list[int]
    rows: dict[str, int]
    tracker_events: int


async def person_lead_ids(session: AsyncSession, lead_id: int) -> list[int]:
    """The lead and every lead merged into it (directly or through others)."""
    ids = [lead_id]
    frontier = [lead_id]
    while frontier:
        merged = list(
            await session.scalars(select(Lead.id).where(Lead.merged_into_id.in_(frontier)))
        )
        frontier = [i for i in merged if i not in ids]
        ids += frontier
    return ids


def _row(obj: Any, *, skip: tuple[str, ...] = ()) -> dict[str, Any]:
    out = {}
    for column in obj.__table__.columns:
        if column.key in skip:
            continue
        value = getattr(obj, column.key)
        out[column.key] = value.isoformat() if isinstance(value, datetime) else value
    return out


def _owned_by(table: LeadTable, lead_ids: list[int], conversation_ids: list[int]) -> Any:
    """The condition selecting the rows of `table` the person owns."""
    owners = lead_ids if table.owner is Owner.LEAD else conversation_ids
    return table.owner_column.in_(owners)


async def _conversations(session: AsyncSession, lead_ids: list[int]) -> list[Conversation]:
    return list(
        await session.scalars(
            select(Conversation).where(Conversation.lead_id.in_(lead_ids)).order_by(Conversation.id)
        )
    )


async def export_lead(
    session: AsyncSession, lead_id: int, trackers: EngineTrackers
) -> dict[str, Any] | None:
    """Everything held about the person behind `lead_id`, as JSON-ready data: the lead, the
    leads merged into it, and every table of the registry (bot/db/lead_tables.py)."""
    lead = await session.get(Lead, lead_id)
    if lead is None:
        return None
    ids = await person_lead_ids(session, lead_id)

    async def rows(model: Any, where: Any) -> list[dict[str, Any]]:
        found = await session.scalars(select(model).where(where).order_by(model.id))
        return [_row(r) for r in found]

    conversations = await _conversations(session, ids)
    conversation_ids = [c.id for c in conversations]
    export: dict[str, Any] = {
        "lead": _row(lead),
        "merged_leads": await rows(Lead, Lead.id.in_(ids[1:])),
    }
    for table in LEAD_TABLES:
        export[table.key] = await rows(table.model, _owned_by(table, ids, conversation_ids))
    export["engine_tracker_events"] = await trackers.events(
        [c.engine_sender_id for c in conversations]
    )
    return export


async def erase_lead(
    session: AsyncSession, lead_id: int, trackers: EngineTrackers
) -> Erased | None:
    """Erase the person behind `lead_id` in the caller's transaction; the engine's tracker
    events go first (a failure there leaves our rows, so the request can be retried). Every
    table of the registry (bot/db/lead_tables.py) is emptied of the person's rows."""
    if await session.get(Lead, lead_id) is None:
        return None
    ids = await person_lead_ids(session, lead_id)
    conversations = await _conversations(session, ids)
    conversation_ids = [c.id for c in conversations]
    tracker_events = await trackers.delete([c.engine_sender_id for c in conversations])
    counts: dict[str, int] = {}
    for table in erasure_order():
        if table.model is OutboxMessage:
            counts[table.key] = await _erase_outbox(session, ids)
            continue
        where = _owned_by(table, ids, conversation_ids)
        result = await session.execute(
            delete(table.model).where(where).execution_options(synchronize_session=False)
        )
        counts[table.key] = int(result.rowcount or 0)  # type: ignore[attr-defined]
    # Tombstones first (they point at the survivor), then the lead itself.
    result = await session.execute(
        delete(Lead)
        .where(Lead.id.in_(sorted(ids, reverse=True)))
        .execution_options(synchronize_session=False)
    )
    counts["leads"] = int(result.rowcount or 0)  # type: ignore[attr-defined]
    await lead_erased(session, lead_id, ids[1:])  # the CRM's webhooks: the ids, nothing else
    session.expunge_all()
    log.info("erased lead %s (%s leads, %s tracker events)", lead_id, len(ids), tracker_events)
    return Erased(lead_ids=ids, rows=counts, tracker_events=tracker_events)


async def _erase_outbox(session: AsyncSession, ids: list[int]) -> int:
    """Delete the outbox rows naming these leads and queue the deletion of every Slack
    message the app posted about them.

    The outbox rows go first: deleting them takes the write lock (SQLite) or waits for the
    relay's lock on a row being sent (PostgreSQL), so a Slack message posted meanwhile is
    either seen here, with its ts, or found erased by the relay, which deletes it
    (`OutboxRelay.register(undo=...)`)."""
    gone = [
        (row.kind, row.payload, row.result)
        for row in await session.execute(
            delete(OutboxMessage)
            .where(OutboxMessage.lead_id.in_(ids))
            .returning(OutboxMessage.kind, OutboxMessage.payload, OutboxMessage.result)
            .execution_options(synchronize_session=False)
        )
    ]
    handoffs = list(await session.scalars(select(Handoff).where(Handoff.lead_id.in_(ids))))
    for channel, ts in slack_messages_to_delete(handoffs, gone):
        await enqueue_slack_delete(session, channel, ts)
    return len(gone)


def slack_messages_to_delete(
    handoffs: list[Handoff], outbox: Sequence[tuple[str, dict[str, Any], dict[str, Any]]]
) -> list[tuple[str, str]]:
    """(channel, ts) of every Slack message the app posted about these handoffs, from the
    handoffs' cards and the results of the erased outbox rows (kind, payload, result): the
    replies in their threads first, then the cards (a thread's parent deleted last leaves
    no tombstone when no person replied in it)."""
    channels: dict[Any, str | None] = {h.id: h.slack_channel for h in handoffs}
    replies: list[tuple[str | None, str | None]] = []
    cards: list[tuple[str | None, str | None]] = [(h.slack_channel, h.slack_ts) for h in handoffs]
    for kind, payload, result in outbox:
        channel = (result or {}).get("channel") or channels.get((payload or {}).get("handoff_id"))
        posted = (channel, (result or {}).get("ts"))
        if kind == "slack.thread":
            replies.append(posted)
        elif kind == "slack.card":
            cards.append(posted)
    return list(dict.fromkeys((str(c), str(t)) for c, t in replies + cards if c and t))


def slack_delete_row(channel: str, ts: str) -> tuple[str, dict[str, Any], str]:
    """The outbox row (kind, payload, dedupe key) that deletes a message the app posted in
    Slack, once: the row names no lead, so it outlives the erasure that queues it."""
    return "slack.delete", {"channel": channel, "ts": ts}, f"slack-delete-{channel}-{ts}"


async def enqueue_slack_delete(session: AsyncSession, channel: str, ts: str) -> None:
    kind, payload, key = slack_delete_row(channel, ts)
    await enqueue(session, kind, payload, dedupe_key=key)


async def forget_old_copies(session: AsyncSession) -> None:
    """After an erasure is committed: empty SQLite's write-ahead log, where earlier
    versions of the erased rows' pages stay readable until a checkpoint truncates it."""
    if isinstance(session.bind, AsyncEngine):
        await truncate_wal(session.bind)


async def stale_anonymous_leads(session: AsyncSession, *, idle_since: datetime) -> list[int]:
    """Leads that never identified themselves (no email, only website identities) and have
    been idle since before `idle_since`: the retention policy deletes them."""
    active = exists().where(
        Conversation.lead_id == Lead.id, Conversation.last_message_at >= idle_since
    )
    named = exists().where(Identity.lead_id == Lead.id, Identity.channel != "web")
    return list(
        await session.scalars(
            select(Lead.id).where(
                Lead.merged_into_id.is_(None),
                Lead.email.is_(None),
                Lead.updated_at < idle_since,
                ~active,
                ~named,
            )
        )
    )


async def purge_anonymous(sessions: Any, trackers: EngineTrackers, *, idle_since: datetime) -> int:
    """Apply the retention policy: erase stale anonymous leads, one transaction each."""
    async with sessions() as session:
        stale = await stale_anonymous_leads(session, idle_since=idle_since)
    for lead_id in stale:
        async with sessions() as session, session.begin():
            await erase_lead(session, lead_id, trackers)
    if stale:  # once for the whole purge: a checkpoint can wait for readers
        async with sessions() as session:
            await forget_old_copies(session)
    if stale:
        log.info("retention: erased %s anonymous leads idle since %s", len(stale), idle_since)
    return len(stale)
