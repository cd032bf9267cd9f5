"""Behavioural events (a page view, a webinar signup, a whitepaper download): storing one on
its lead, once per idempotency key, and rescoring the lead.

Both doors use it: `POST /api/events` (bot/api/events.py, which checks and shapes the
request) and the conversation's actions (bot/leads/facts.py). An unknown lead is a
`LeadNotFound` (bot/errors.py); the HTTP layer decides what status that is.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from bot.db.models import Lead, LeadEvent, utcnow
from bot.errors import LeadNotFound
from bot.leads.identities import identity_for
from bot.leads.scoring import LeadScorer


@dataclass(frozen=True)
class NewEvent:
    """An event to record, for the lead `lead_id` or the web visitor `sender` (one of them)."""

    type: str
    lead_id: int | None = None
    sender: str | None = None
    properties: dict[str, Any] = field(default_factory=dict)
    occurred_at: datetime | None = None  # default: now
    idempotency_key: str | None = None


async def _same_key(session: AsyncSession, key: str | None) -> LeadEvent | None:
    if not key:
        return None
    event: LeadEvent | None = await session.scalar(
        select(LeadEvent).where(LeadEvent.idempotency_key == key)
    )
    return event


async def _target(session: AsyncSession, event: NewEvent) -> Lead:
    if event.lead_id is not None:
        found = await session.get(Lead, event.lead_id)
        if found is None:
            raise LeadNotFound(event.lead_id)
        return found
    if event.sender is None:
        raise ValueError("an event names its lead (lead_id) or its web visitor (sender)")
    identity = await identity_for(session, "web", event.sender)
    return await session.get_one(Lead, identity.lead_id)


async def record_event(
    session: AsyncSession, scorer: LeadScorer, event: NewEvent, *, source: str = "api"
) -> tuple[LeadEvent, Lead, bool]:
    """Store one event and rescore its lead: (the stored event, its lead, duplicate). A
    known idempotency key records nothing and answers the first event with that key."""
    existing = await _same_key(session, event.idempotency_key)
    if existing is not None:
        return existing, await session.get_one(Lead, existing.lead_id), True
    lead = await _target(session, event)
    stored = LeadEvent(
        lead_id=lead.id,
        type=event.type,
        properties=event.properties,
        occurred_at=event.occurred_at or utcnow(),
        idempotency_key=event.idempotency_key,
        source=source,
    )
    try:
        async with session.begin_nested():
            session.add(stored)
            await session.flush()
    except IntegrityError:
        # The same key arrived concurrently: the first one wins.
        existing = await _same_key(session, event.idempotency_key)
        if existing is None:
            raise
        return existing, lead, True
    await scorer.rescore(session, lead, now=utcnow(), source=f"event:{event.type}")
    return stored, lead, False
