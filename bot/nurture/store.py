"""Nurturing's reads and writes: what the planner needs to know of a lead, the leads a
scenario's trigger finds, enrolling them, and recording an opt-out. All in the caller's
transaction."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from sqlalchemy import exists, func, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from bot.db.models import (
    Author,
    ContentQuestion,
    Conversation,
    Direction,
    Handoff,
    Identity,
    Lead,
    LeadEvent,
    Message,
    MessageStatus,
)
from bot.db.nurture_models import NurtureEnrolment, NurtureOptOut, NurtureSend
from bot.leads.scoring import aware
from bot.nurture.planner import LeadView, matches, next_step
from bot.nurture.scenarios import Scenario

# A country's zone when the lead store knows the country and not the zone (the most common).
COUNTRY_ZONES = {
    "FR": "Europe/Paris", "BE": "Europe/Brussels", "CH": "Europe/Zurich", "LU": "Europe/Luxembourg",
    "DE": "Europe/Berlin", "ES": "Europe/Madrid", "IT": "Europe/Rome", "NL": "Europe/Amsterdam",
    "GB": "Europe/London", "IE": "Europe/Dublin", "PT": "Europe/Lisbon", "CA": "America/Toronto",
    "US": "America/New_York", "MA": "Africa/Casablanca", "SN": "Africa/Dakar",
}  # fmt: skip
BATCH = 200


def zone(name: Any) -> ZoneInfo | None:
    if not isinstance(name, str) or not name or len(name) > 64:
        return None
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        return None


async def lead_zone(session: AsyncSession, lead: Lead, default: ZoneInfo) -> ZoneInfo:
    """The prospect's zone: their profile's, else the one their browser last reported with a
    message (the widget's `metadata.time_zone`) or an event (`properties.time_zone`), else
    their country's, else `default`."""
    profile = lead.profile or {}
    if found := zone(profile.get("time_zone")):
        return found
    messages = await session.scalars(
        select(Message.data)
        .where(
            Message.conversation_id == Conversation.id,
            Conversation.lead_id == lead.id,
            Message.direction == Direction.INBOUND,
        )
        .order_by(Message.id.desc())
        .limit(5)
    )
    for data in messages:
        if found := zone(((data or {}).get("metadata") or {}).get("time_zone")):
            return found
    events = await session.scalars(
        select(LeadEvent.properties)
        .where(LeadEvent.lead_id == lead.id)
        .order_by(LeadEvent.occurred_at.desc())
        .limit(20)
    )
    for properties in events:
        if found := zone((properties or {}).get("time_zone")):
            return found
    return zone(COUNTRY_ZONES.get(str(profile.get("country") or "").upper())) or default


async def opted_out(session: AsyncSession, lead_id: int) -> bool:
    """An opt-out recorded for the lead, or any of its identities opted out (/stop)."""
    return bool(
        await session.scalar(select(exists().where(NurtureOptOut.lead_id == lead_id)))
        or await session.scalar(
            select(exists().where(Identity.lead_id == lead_id, Identity.opted_out_at.is_not(None)))
        )
    )


async def replied_since(session: AsyncSession, lead_id: int, since: datetime) -> bool:
    """The prospect wrote on any channel after `since` (not counting commands)."""
    return bool(
        await session.scalar(
            select(
                exists().where(
                    Message.conversation_id == Conversation.id,
                    Conversation.lead_id == lead_id,
                    Message.direction == Direction.INBOUND,
                    Message.author == Author.PROSPECT,
                    Message.status != MessageStatus.COMMAND,
                    Message.created_at > since,
                )
            )
        )
    )


async def lead_view(
    session: AsyncSession,
    lead: Lead,
    *,
    since: datetime,
    now: datetime,
    default_zone: ZoneInfo,
    cap_window: timedelta,
    reachable: bool,
) -> LeadView:
    """What the planner needs of `lead`, for a sequence that began at `since`."""
    handoffs = (
        await session.execute(
            select(func.count(Handoff.claimed_at), func.count(Handoff.verdict)).where(
                Handoff.lead_id == lead.id
            )
        )
    ).one()
    sends = await session.scalars(
        select(NurtureSend.sent_at).where(
            NurtureSend.lead_id == lead.id, NurtureSend.sent_at > now - cap_window
        )
    )
    return LeadView(
        stage=lead.stage,
        score=lead.score_total,
        profile=dict(lead.profile or {}),
        time_zone=await lead_zone(session, lead, default_zone),
        opted_out=await opted_out(session, lead.id),
        reachable=reachable,
        replied=await replied_since(session, lead.id, since),
        claimed=handoffs[0] > 0,
        verdict=handoffs[1] > 0,
        recent_sends=tuple(aware(s) for s in sends),
    )


def _event_matches(properties: Mapping[str, Any], wanted: Mapping[str, Any]) -> bool:
    return all(properties.get(k) == v for k, v in wanted.items())


def _not_enrolled(scenario: str) -> Any:
    return ~exists().where(
        NurtureEnrolment.lead_id == Lead.id, NurtureEnrolment.scenario == scenario
    )


async def _last_prospect_message(session: AsyncSession, lead_id: int) -> datetime | None:
    found = await session.scalar(
        select(func.max(Message.created_at)).where(
            Message.conversation_id == Conversation.id,
            Conversation.lead_id == lead_id,
            Message.author == Author.PROSPECT,
        )
    )
    return aware(found) if found is not None else None


def _queries(scenario: Scenario, since: datetime) -> list[Any]:
    """The queries of the leads a trigger finds, each row (lead, what found it)."""
    trigger = scenario.trigger
    live = (Lead.merged_into_id.is_(None), _not_enrolled(scenario.name))
    if trigger.kind == "stage":
        return [
            select(Lead, Lead.stage).where(
                Lead.stage == trigger.value, Lead.updated_at >= since, *live
            )
        ]
    if trigger.kind == "question":
        return [
            select(Lead, ContentQuestion.id).where(
                ContentQuestion.lead_id == Lead.id,
                ContentQuestion.answered.is_(False),
                ContentQuestion.asked_at >= since,
                *live,
            )
        ]
    queries: list[Any] = []
    kind = trigger.value if trigger.kind == "event" else trigger.after_event
    if kind is not None:
        queries.append(
            select(Lead, LeadEvent).where(
                LeadEvent.lead_id == Lead.id,
                LeadEvent.type == kind,
                LeadEvent.received_at >= since,
                *live,
            )
        )
    if trigger.after_documents:
        queries.append(
            select(Lead, ContentQuestion.asked_at).where(
                ContentQuestion.lead_id == Lead.id,
                ContentQuestion.document_id.in_(trigger.after_documents),
                ContentQuestion.asked_at >= since,
                *live,
            )
        )
    return queries


async def triggered(
    session: AsyncSession, scenario: Scenario, *, now: datetime, lookback: timedelta
) -> list[tuple[Lead, str]]:
    """Leads the scenario's trigger finds, not yet in it, with what triggered them."""
    trigger = scenario.trigger
    rows: list[Any] = []
    for query in _queries(scenario, now - lookback):
        rows += (await session.execute(query.limit(BATCH))).all()
    found: dict[int, tuple[Lead, str]] = {}
    for lead, detail in rows:
        if lead.id in found:
            continue
        if isinstance(detail, LeadEvent):
            if not _event_matches(detail.properties or {}, trigger.properties):
                continue
            at, detail = aware(detail.occurred_at), f"event #{detail.id}"
        else:
            at = aware(detail) if isinstance(detail, datetime) else now
        if trigger.kind == "silence" and not await _quiet_since(session, lead.id, at, now, trigger):
            continue
        found[lead.id] = (lead, f"{trigger.describe()} ({detail})"[:255])
    return list(found.values())


async def _quiet_since(
    session: AsyncSession, lead_id: int, at: datetime, now: datetime, trigger: Any
) -> bool:
    last = await _last_prospect_message(session, lead_id)
    quiet_from = max(at, last) if last is not None else at
    return bool(now - quiet_from >= trigger.silence)


@dataclass(frozen=True)
class Enrolled:
    enrolment: NurtureEnrolment
    lead: Lead


async def enrol(
    session: AsyncSession, scenario: Scenario, lead: Lead, trigger: str, *, now: datetime
) -> NurtureEnrolment | None:
    """Put `lead` in `scenario` if its conditions hold; None if they don't or it already is
    (two workers enrolling at once: the unique key keeps one)."""
    view = LeadView(stage=lead.stage, score=lead.score_total, profile=dict(lead.profile or {}))
    if not matches(scenario.conditions, view):
        return None
    index, due = next_step(scenario, 0, now)
    enrolment = NurtureEnrolment(
        lead_id=lead.id,
        scenario=scenario.name,
        key=f"{scenario.name}:{lead.id}",
        trigger=trigger,
        step=index if index is not None else len(scenario.steps),
        due_at=due,
        created_at=now,
    )
    try:
        async with session.begin_nested():
            session.add(enrolment)
            await session.flush()
    except IntegrityError:
        return None
    return enrolment


async def record_opt_out(
    session: AsyncSession, *, lead_id: int, wording: str, channel: str, now: datetime
) -> None:
    """The prospect asked for no more messages: recorded, every identity of the lead opted
    out, and its sequences stopped."""
    session.add(NurtureOptOut(lead_id=lead_id, at=now, wording=wording[:2000], channel=channel))
    await session.execute(
        update(Identity)
        .where(Identity.lead_id == lead_id, Identity.opted_out_at.is_(None))
        .values(opted_out_at=now)
    )
    await session.execute(
        update(NurtureEnrolment)
        .where(NurtureEnrolment.lead_id == lead_id, NurtureEnrolment.status == "active")
        .values(status="stopped", stop_reason="opted_out", updated_at=now)
    )
