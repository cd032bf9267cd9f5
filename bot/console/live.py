"""The conversations going on now: a message in the last CONSOLE_LIVE_MINUTES, with the
lead, its latest handoff and the last message. The page polls `live_json` every 5 seconds
(a short query, the same on every worker and on both databases; the widget's live hub
pushes to one visitor's socket, not to the team)."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.db.models import Conversation, Handoff, Lead, Message
from bot.leads.scoring import aware

MAX_SHOWN = 200
SNIPPET = 160


async def live_conversations(
    session: AsyncSession, *, now: datetime, window: timedelta
) -> list[dict[str, Any]]:
    rows = (
        await session.execute(
            select(Conversation, Lead)
            .join(Lead, Lead.id == Conversation.lead_id)
            .where(Conversation.last_message_at >= now - window)
            .order_by(Conversation.last_message_at.desc(), Conversation.id.desc())
            .limit(MAX_SHOWN)
        )
    ).all()
    lead_ids = [lead.id for _, lead in rows]
    handoffs: dict[int, Handoff] = {}
    for h in await session.scalars(
        select(Handoff).where(Handoff.lead_id.in_(lead_ids)).order_by(Handoff.id)
    ):
        handoffs[h.lead_id] = h  # the latest
    last: dict[int, Message] = {}
    conversation_ids = [c.id for c, _ in rows]
    for m in await session.scalars(
        select(Message)
        .where(Message.conversation_id.in_(conversation_ids))
        .where(Message.created_at >= now - window)
        .order_by(Message.id)
    ):
        last[m.conversation_id] = m
    return [_row(c, lead, handoffs.get(lead.id), last.get(c.id)) for c, lead in rows]


def _row(c: Conversation, lead: Lead, h: Handoff | None, m: Message | None) -> dict[str, Any]:
    return {
        "conversation_id": c.id,
        "lead_id": lead.id,
        "who": lead.email or (lead.profile or {}).get("company") or f"#{lead.id}",
        "channel": c.channel,
        "mode": c.mode,
        "score": round(lead.score_total, 1),
        "stage": lead.stage,
        "handoff": (h.status + (f" ({h.verdict})" if h.verdict else "")) if h else "",
        "claimed_by": (h.claimed_by_name or h.claimed_by or "") if h else "",
        "last_author": m.author if m else "",
        "last_text": (m.text[:SNIPPET] if m else ""),
        "last_at": aware(c.last_message_at).strftime("%Y-%m-%d %H:%M"),
    }
