"""One person, one lead: merging two leads that turn out to be the same person.

An anonymous web visitor who gives an email already known (from another browser, from
Telegram) is merged into that lead; so is a Telegram chat opened through a web visitor's deep
link. Everything the absorbed lead had (identities, conversations, events, consents,
handoffs, outbox rows, score history: every table of bot/db/lead_tables.py with a `lead_id`;
messages follow their conversation) moves to the survivor, whose profile takes the absorbed
lead's newer facts (only the missing ones, never `disqualified`, when the merge rests on a
typed email: `unproven_facts`); the absorbed row keeps only `merged_into_id`, so ids already
handed out (to the engine's tracker, to a CRM) still resolve.
"""

from __future__ import annotations

import logging
from datetime import datetime
from typing import Any

from sqlalchemy import func, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from bot.db.lead_tables import owned_by_lead
from bot.db.models import Lead
from bot.leads.scoring import LeadScorer

log = logging.getLogger(__name__)

MAX_HOPS = 16


async def resolve_lead(session: AsyncSession, lead_id: int) -> Lead | None:
    """The lead behind `lead_id`, following merges."""
    lead = await session.get(Lead, lead_id)
    hops = 0
    while lead is not None and lead.merged_into_id is not None and hops < MAX_HOPS:
        lead = await session.get(Lead, lead.merged_into_id)
        hops += 1
    return lead


async def lead_with_email(session: AsyncSession, email: str, *, besides: int) -> Lead | None:
    """The oldest other live lead with this email (compared case-insensitively)."""
    lead: Lead | None = await session.scalar(
        select(Lead)
        .where(
            func.lower(Lead.email) == email.lower(),
            Lead.id != besides,
            Lead.merged_into_id.is_(None),
        )
        .order_by(Lead.id)
        .limit(1)
    )
    return lead


# Said by whoever typed a known address, so not to be believed about the lead on file.
NOT_CARRIED_UNPROVEN = frozenset({"disqualified", "declined", "undecided"})


def unproven_facts(known: dict[str, Any], claimed: dict[str, Any]) -> dict[str, Any]:
    """`known` completed by `claimed` from a conversation that only typed the lead's email:
    anyone can type an address, so it fills gaps, never overwrites a fact on file, and never
    disqualifies the lead (a stranger saying "I'm a student" with a customer's address would
    take that customer from sales for good)."""
    gaps = {k: v for k, v in claimed.items() if k not in known and k not in NOT_CARRIED_UNPROVEN}
    return {**known, **gaps}


def merged_profile(
    older: dict[str, Any], newer: dict[str, Any], *, proven: bool = True
) -> dict[str, Any]:
    """Newer statements win; questions declined in either stay declined. Unless the merge is
    not `proven` (the same email typed: `unproven_facts`)."""
    if not proven:
        return unproven_facts(older, newer)
    profile = {**older, **newer}
    for key in ("declined", "undecided"):
        either = set(older.get(key, []) or []) | set(newer.get(key, []) or [])
        if either:
            profile[key] = sorted(either)
    return profile


async def merge_leads(
    session: AsyncSession,
    *,
    survivor: Lead,
    absorbed: Lead,
    scorer: LeadScorer,
    now: datetime,
    reason: str,
    proven: bool = True,
) -> Lead:
    """Move everything of `absorbed` to `survivor` (same transaction) and rescore it.
    `proven=False` (an email typed, not a link followed): `unproven_facts`."""
    if survivor.id == absorbed.id:
        return survivor
    for table in owned_by_lead():  # the registry: bot/db/lead_tables.py
        await session.execute(
            update(table.model).where(table.owner_column == absorbed.id).values(lead_id=survivor.id)
        )
    # Earlier merges into the absorbed lead now point at the survivor.
    await session.execute(
        update(Lead).where(Lead.merged_into_id == absorbed.id).values(merged_into_id=survivor.id)
    )
    survivor.profile = merged_profile(survivor.profile or {}, absorbed.profile or {}, proven=proven)
    survivor.email = survivor.email or absorbed.email
    survivor.language = absorbed.language or survivor.language
    if absorbed.created_at < survivor.created_at:
        survivor.created_at = absorbed.created_at
    absorbed.merged_into_id = survivor.id
    absorbed.email = None
    absorbed.profile = {"merged_into": survivor.id, "reason": reason}
    absorbed.score_fit = absorbed.score_pain = absorbed.score_total = 0.0
    absorbed.updated_at = survivor.updated_at = now
    await session.flush()
    session.expire(survivor, ["identities", "conversations", "events", "score_changes"])
    await scorer.rescore(session, survivor, now=now, source=f"merge:{reason}")
    log.info("lead %s merged into lead %s (%s)", absorbed.id, survivor.id, reason)
    return survivor


BY_EMAIL = "same_email"


async def merged_by_email(session: AsyncSession, lead_id: int) -> bool:
    """`lead_id` was merged into another lead because it typed that lead's email."""
    lead = await session.get(Lead, lead_id)
    return lead is not None and (lead.profile or {}).get("reason") == BY_EMAIL
