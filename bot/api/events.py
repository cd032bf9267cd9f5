"""`POST /api/events`: behavioural signals that feed the pain score.

A website visitor's events come with their `sender` (the visitor id the widget keeps);
events for a known `lead_id`, and batches (imports), need the admin token.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta

from fastapi import APIRouter, HTTPException, Request, status
from pydantic import BaseModel, Field, field_validator, model_validator
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from bot.api.deps import AdminDep, ScorerDep, SessionDep, SettingsDep, is_admin
from bot.api.guard import GuardDep, client_ip
from bot.api.limits import Metadata, StorableStr
from bot.db.models import Lead, LeadEvent, utcnow
from bot.identities import identity_for
from bot.lead_scoring import LeadScorer
from bot.page_rules import PAGE_VIEW, PageRules

router = APIRouter(prefix="/api/events", tags=["events"])

EVENT_TYPE = re.compile(r"^[a-z][a-z0-9_]{0,63}$")
MAX_CLOCK_SKEW = timedelta(minutes=5)


class EventIn(BaseModel):
    lead_id: int | None = None
    sender: StorableStr | None = Field(default=None, min_length=1, max_length=255)
    type: str = Field(description="snake_case, e.g. pricing_page_view, webinar_signup")
    properties: Metadata = Field(default_factory=dict)
    occurred_at: datetime | None = Field(default=None, description="ISO 8601; default: now")
    idempotency_key: StorableStr | None = Field(default=None, min_length=1, max_length=255)

    @field_validator("type")
    @classmethod
    def _type_is_snake_case(cls, value: str) -> str:
        if not EVENT_TYPE.match(value):
            raise ValueError("type must be snake_case letters, digits and _ (at most 64)")
        return value

    @field_validator("occurred_at")
    @classmethod
    def _not_in_the_future(cls, value: datetime | None) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            value = value.replace(tzinfo=UTC)
        if value > datetime.now(UTC) + MAX_CLOCK_SKEW:
            raise ValueError("occurred_at is in the future")
        return value

    @model_validator(mode="after")
    def _one_target(self) -> EventIn:
        if (self.lead_id is None) == (self.sender is None):
            raise ValueError("give exactly one of lead_id or sender")
        return self


class EventBatch(BaseModel):
    events: list[EventIn] = Field(min_length=1)


class EventOut(BaseModel):
    id: int
    lead_id: int
    type: str
    duplicate: bool
    scored: bool
    score: float
    stage: str


def classify_page_view(event: EventIn, rules: PageRules) -> EventIn:
    """A `page_view` of a page that means something (pricing, docs) counts as that page's
    event (see PAGE_RULES); the scoring rules decide what it is worth."""
    path = event.properties.get("path")
    if event.type != PAGE_VIEW or not isinstance(path, str):
        return event
    return event.model_copy(update={"type": rules.classify(path)})


async def record_event(
    session: AsyncSession, scorer: LeadScorer, event: EventIn, *, source: str = "api"
) -> tuple[LeadEvent, Lead, bool]:
    """Store one event (a no-op for a known idempotency key) and rescore its lead."""
    if event.idempotency_key:
        existing = await session.scalar(
            select(LeadEvent).where(LeadEvent.idempotency_key == event.idempotency_key)
        )
        if existing is not None:
            lead = await session.get_one(Lead, existing.lead_id)
            return existing, lead, True
    if event.lead_id is not None:
        found = await session.get(Lead, event.lead_id)
        if found is None:
            raise HTTPException(status.HTTP_404_NOT_FOUND, f"no lead with id {event.lead_id}")
        lead = found
    else:
        assert event.sender is not None
        identity = await identity_for(session, "web", event.sender)
        lead = await session.get_one(Lead, identity.lead_id)
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
        existing = await session.scalar(
            select(LeadEvent).where(LeadEvent.idempotency_key == event.idempotency_key)
        )
        if existing is None:
            raise
        return existing, lead, True
    await scorer.rescore(session, lead, now=utcnow(), source=f"event:{event.type}")
    return stored, lead, False


def _out(scorer: LeadScorer, stored: LeadEvent, lead: Lead, duplicate: bool) -> EventOut:
    rules = scorer.rules
    return EventOut(
        id=stored.id,
        lead_id=lead.id,
        type=stored.type,
        duplicate=duplicate,
        scored=stored.type in rules.events and stored.type not in rules.trivial_events,
        score=round(lead.score_total, 2),
        stage=lead.stage,
    )


@router.post("", summary="Record one behavioural event and rescore the lead")
async def post_event(
    event: EventIn, request: Request, session: SessionDep, scorer: ScorerDep, guard: GuardDep
) -> EventOut:
    if event.lead_id is not None and not is_admin(request):
        raise HTTPException(
            status.HTTP_401_UNAUTHORIZED,
            "events by lead_id need 'Authorization: Bearer <ADMIN_TOKEN>'; "
            "website events use sender",
        )
    if not is_admin(request):  # a website visitor's browser
        guard.check_origin(request.headers, request.url)
        guard.check_rate(visitor=event.sender, ip=client_ip(request))
    event = classify_page_view(event, request.app.state.page_rules)
    async with session.begin():
        stored, lead, duplicate = await record_event(session, scorer, event)
    return _out(scorer, stored, lead, duplicate)


@router.post("/batch", summary="Import many events at once", dependencies=[AdminDep])
async def post_events(
    batch: EventBatch,
    request: Request,
    session: SessionDep,
    scorer: ScorerDep,
    settings: SettingsDep,
) -> list[EventOut]:
    if len(batch.events) > settings.max_events_per_batch:
        raise HTTPException(
            status.HTTP_413_CONTENT_TOO_LARGE,
            f"{len(batch.events)} events; the limit is {settings.max_events_per_batch} a batch",
        )
    async with session.begin():
        pages = request.app.state.page_rules
        results = [
            await record_event(session, scorer, classify_page_view(e, pages)) for e in batch.events
        ]
    return [_out(scorer, *r) for r in results]
