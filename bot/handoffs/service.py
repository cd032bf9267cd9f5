"""Handing a lead to a sales rep, and what the rep does with it.

Every function works inside the caller's transaction and writes the Slack calls it causes
to the outbox in that same transaction (`bot.outbox`), so a state change and its
notification are committed together or not at all. A note in the card's thread is queued
as what happened (`note`: claimed, returned, reminder, escalation, and its facts); how it
reads in Slack (mentions, emoji, mrkdwn) is `channels.slack.notes`'s business: this module
knows leads, conversations and messages.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.conversations.live import mark_changed
from bot.db.models import (
    Author,
    Conversation,
    Direction,
    Handoff,
    Lead,
    Message,
    MessageStatus,
    utcnow,
)
from bot.leads.scoring import aware
from bot.outbox import enqueue, enqueue_delivery
from bot.webhooks.events import lead_event

ACTIVE = ("open", "claimed")
WITHDRAWN = "withdrawn"  # the prospect asked not to be contacted before anyone claimed it
VERDICT_STAGES = {"yes": "qualified", "maybe": "nurturing", "no": "disqualified"}


@dataclass(frozen=True)
class HandoffTimers:
    claim_reminder: timedelta = timedelta(minutes=15)
    verdict_sla: timedelta = timedelta(hours=48)


async def _latest_conversation(session: AsyncSession, lead_id: int) -> Conversation | None:
    return await session.scalar(
        select(Conversation)
        .where(Conversation.lead_id == lead_id)
        .order_by(Conversation.last_message_at.desc(), Conversation.id.desc())
        .limit(1)
    )


async def active_handoff(session: AsyncSession, lead_id: int) -> Handoff | None:
    return await session.scalar(
        select(Handoff)
        .where(Handoff.lead_id == lead_id, Handoff.status.in_(ACTIVE))
        .order_by(Handoff.id.desc())
        .limit(1)
    )


async def open_handoff(
    session: AsyncSession,
    lead: Lead,
    *,
    reason: str,
    conversation_id: int | None = None,
    now: datetime | None = None,
) -> Handoff | None:
    """Open a handoff and queue its Slack card; None when one is not due: a lead is handed
    over as SDR-ready once in its life, and never while another handoff is active."""
    if await active_handoff(session, lead.id) is not None:
        return None
    if reason == "sdr_ready":
        done = await session.scalar(
            select(Handoff.id).where(Handoff.lead_id == lead.id, Handoff.reason == "sdr_ready")
        )
        if done is not None:
            return None
    if conversation_id is None:
        conversation = await _latest_conversation(session, lead.id)
        conversation_id = conversation.id if conversation else None
    handoff = Handoff(
        lead_id=lead.id,
        conversation_id=conversation_id,
        reason=reason,
        status="open",
        created_at=now or utcnow(),
    )
    session.add(handoff)
    await session.flush()
    await _to_slack(session, handoff, "slack.card", "card")
    return handoff


async def _to_slack(
    session: AsyncSession, handoff: Handoff, kind: str, key: str, **payload: Any
) -> None:
    """Queue one Slack call about `handoff`, once per `key`."""
    await enqueue(
        session,
        kind,
        {"handoff_id": handoff.id, **payload},
        dedupe_key=f"handoff-{handoff.id}-{key}",
        lead_id=handoff.lead_id,
    )


async def _to_webhooks(session: AsyncSession, handoff: Handoff, type: str, key: str) -> None:
    """The CRM's webhooks hear of it too (if any are set), with the lead and the handoff."""
    lead = await session.get_one(Lead, handoff.lead_id)
    await lead_event(session, type, lead, key=key, extra={"handoff": handoff_view(handoff)})


async def _note(session: AsyncSession, handoff: Handoff, key: str, note: str, **facts: Any) -> None:
    await _to_slack(session, handoff, "slack.thread", key, note=note, **facts)


async def _refresh_card(session: AsyncSession, handoff: Handoff, key: str) -> None:
    await _to_slack(session, handoff, "slack.update", f"update-{key}")


async def _set_mode(session: AsyncSession, handoff: Handoff, mode: str) -> None:
    if handoff.conversation_id is None:
        return
    conversation = await session.get(Conversation, handoff.conversation_id)
    if conversation is not None:
        conversation.mode = mode


async def note_signal(session: AsyncSession, lead: Lead, signal: str) -> Handoff | None:
    """A buying signal (`demo_request`, `quote_request`) from a lead already handed over:
    the rep reads it in the card's thread. None when no handoff is active."""
    handoff = await active_handoff(session, lead.id)
    if handoff is not None:
        await _note(session, handoff, f"signal-{signal}", "signal", signal=signal)
    return handoff


async def contact_refused(session: AsyncSession, lead: Lead) -> None:
    """ "Please don't contact me" from a lead already handed over: the rep reads it in the
    card's thread, and the card is shown again without the deleted address and number. A
    handoff nobody has claimed yet is withdrawn (no reminder, no escalation); a claimed one
    stays with its rep, who may still be talking with the prospect here."""
    handoff = await active_handoff(session, lead.id)
    if handoff is not None:
        if handoff.status == "open" and handoff.claimed_by is None:
            handoff.status = WITHDRAWN
        await _note(session, handoff, "contact-refused", "contact_refused")
        await _refresh_card(session, handoff, "contact-refused")


async def contact_changed(session: AsyncSession, lead: Lead, *, phone: str, when: str) -> None:
    """A number or a call time given after the lead was handed over: the card is shown
    again with them (its Phone field), so the rep calls when the prospect asked."""
    handoff = await active_handoff(session, lead.id)
    if handoff is not None:
        digest = hashlib.sha256(f"{phone}\0{when}".encode()).hexdigest()[:16]
        await _refresh_card(session, handoff, f"contact-{digest}")


async def claim(
    session: AsyncSession, handoff: Handoff, *, user_id: str, user_name: str, now: datetime
) -> bool:
    """The rep takes the lead: the conversation switches to them. Repeats are no-ops."""
    if handoff.claimed_by is not None or handoff.status not in ACTIVE:
        return False
    handoff.claimed_by, handoff.claimed_by_name, handoff.claimed_at = user_id, user_name, now
    handoff.status = "claimed"
    await _set_mode(session, handoff, "human")
    await _refresh_card(session, handoff, f"claim-{user_id}")
    await _note(session, handoff, f"claimed-{user_id}", "claimed", user_id=user_id)
    await _to_webhooks(session, handoff, "handoff.claimed", f"handoff.claimed-{handoff.id}")
    return True


async def set_verdict(
    session: AsyncSession, handoff: Handoff, verdict: str, *, user_id: str, now: datetime
) -> bool:
    """Yes → qualified, Maybe → back to nurturing, No → disqualified (still scored)."""
    if verdict not in VERDICT_STAGES:
        raise ValueError(f"unknown verdict {verdict!r}")
    if handoff.verdict == verdict:
        return False
    # Concurrent double clicks see the same previous verdict, hence one card refresh;
    # a later change of mind has another previous verdict, hence its own refresh.
    previous = aware(handoff.verdict_at).isoformat() if handoff.verdict_at else "none"
    handoff.verdict, handoff.verdict_by, handoff.verdict_at = verdict, user_id, now
    lead = await session.get_one(Lead, handoff.lead_id)
    lead.stage = VERDICT_STAGES[verdict]
    await _refresh_card(session, handoff, f"verdict-{verdict}-after-{previous}")
    key = f"handoff.verdict-{handoff.id}-{verdict}-after-{previous}"
    await _to_webhooks(session, handoff, "handoff.verdict", key)
    return True


async def return_to_bot(
    session: AsyncSession, handoff: Handoff, *, user_id: str, now: datetime
) -> bool:
    """The rep hands the conversation back; the bot resumes where it was."""
    if handoff.status == "returned":
        return False
    handoff.status, handoff.returned_at = "returned", now
    await _set_mode(session, handoff, "bot")
    await _refresh_card(session, handoff, "returned")
    await _note(session, handoff, "returned", "returned", user_id=user_id)
    return True


async def rep_message(
    session: AsyncSession,
    handoff: Handoff,
    *,
    user_id: str,
    user_name: str,
    text: str,
    now: datetime,
) -> Message | None:
    """A rep's reply in the card's thread: stored as theirs and delivered to the prospect.
    Replying takes the conversation over (claims it if nobody has)."""
    if handoff.conversation_id is None:
        return None
    if handoff.claimed_by is None:
        await claim(session, handoff, user_id=user_id, user_name=user_name, now=now)
    elif handoff.status == "returned":
        handoff.status = "claimed"
        await _set_mode(session, handoff, "human")
    conversation = await session.get_one(Conversation, handoff.conversation_id)
    message = Message(
        conversation_id=conversation.id,
        direction=Direction.OUTBOUND,
        author=Author.REP,
        author_name=user_name,
        text=text,
        data={"slack_user": user_id},
        language=conversation.language,
        status=MessageStatus.SENT,
        created_at=now,
    )
    session.add(message)
    conversation.last_message_at = now
    await session.flush()
    mark_changed(session, conversation.id)
    if conversation.channel != "web":  # the web widget reads the conversation itself
        await enqueue_delivery(
            session, channel=conversation.channel, message_id=message.id, lead_id=handoff.lead_id
        )
    return message


async def relay_prospect_message(
    session: AsyncSession, conversation: Conversation, message: Message
) -> bool:
    """During a takeover, the prospect's message goes to the rep's thread, not to the bot."""
    handoff = await active_handoff(session, conversation.lead_id)
    if handoff is None:
        return False
    await enqueue(
        session,
        "slack.thread",
        {"handoff_id": handoff.id, "message_id": message.id},
        dedupe_key=f"message-{message.id}-thread",
        lead_id=handoff.lead_id,
    )
    return True


async def check_timers(session: AsyncSession, timers: HandoffTimers, now: datetime) -> None:
    """Remind the channel of unclaimed leads; escalate verdicts past their SLA."""
    active = list(await session.scalars(select(Handoff).where(Handoff.status.in_(ACTIVE))))
    for h in active:
        age = now - aware(h.created_at)
        if h.claimed_by is None and h.reminded_at is None and age >= timers.claim_reminder:
            h.reminded_at = now
            minutes = int(timers.claim_reminder.total_seconds() // 60)
            await _note(session, h, "reminder", "reminder", minutes=minutes)
        if h.verdict is None and h.escalated_at is None and age >= timers.verdict_sla:
            h.escalated_at = now
            hours = int(timers.verdict_sla.total_seconds() // 3600)
            await _note(session, h, "escalation", "escalation", hours=hours, owner=h.claimed_by)


def handoff_view(h: Handoff) -> dict[str, Any]:
    claimed = aware(h.claimed_at) if h.claimed_at else None
    return {
        "id": h.id,
        "reason": h.reason,
        "status": h.status,
        "created_at": aware(h.created_at).isoformat(),
        "slack_ts": h.slack_ts,
        "claimed_by": h.claimed_by,
        "claimed_by_name": h.claimed_by_name,
        "claimed_at": claimed.isoformat() if claimed else None,
        "time_to_claim_seconds": (
            round((claimed - aware(h.created_at)).total_seconds(), 1) if claimed else None
        ),
        "verdict": h.verdict,
        "verdict_by": h.verdict_by,
        "verdict_at": aware(h.verdict_at).isoformat() if h.verdict_at else None,
    }
