"""`POST /api/events`: behavioural signals that feed the pain score.

A website visitor's browser reports page views with its visitor token (`X-Visitor-Token`):
they count for that visitor's lead only, page rules decide what they are worth, and the
answer says nothing about the lead. Other event types, events by `lead_id` or by `sender`,
and batches (imports) come from the team's systems with the admin token.
"""

from __future__ import annotations

import hashlib
import re
from datetime import UTC, datetime, timedelta

from fastapi import APIRouter, HTTPException, Request, status
from fastapi.exceptions import RequestValidationError
from pydantic import BaseModel, Field, field_validator, model_validator
from sqlalchemy.ext.asyncio import AsyncSession

from bot.api.deps import AdminDep, ScorerDep, SessionDep, SettingsDep, is_admin
from bot.api.guard import GuardDep, client_ip
from bot.api.limits import Metadata, StorableStr
from bot.api.schemas.events import EventOut, VisitorEventOut
from bot.api.visitor import require_visitor
from bot.db.models import MAX_ROW_ID, Lead, LeadEvent
from bot.leads import events as lead_events
from bot.leads.events import NewEvent
from bot.leads.page_rules import PAGE_VIEW, PageRules
from bot.leads.scoring import LeadScorer
from bot.services import services_of

router = APIRouter(prefix="/api/events", tags=["events"])

EVENT_TYPE = re.compile(r"^[a-z][a-z0-9_]{0,63}$")
MAX_CLOCK_SKEW = timedelta(minutes=5)


class EventIn(BaseModel):
    lead_id: int | None = Field(default=None, ge=1, le=MAX_ROW_ID)
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
        if self.lead_id is not None and self.sender is not None:
            raise ValueError("give exactly one of lead_id or sender")
        return self

    def check_target(self) -> None:
        """The team's events name their lead (a visitor's token names theirs)."""
        if self.lead_id is None and self.sender is None:
            raise RequestValidationError(
                [
                    {
                        "type": "value_error",
                        "loc": ("body",),
                        "input": None,
                        "msg": "give exactly one of lead_id or sender",
                    }
                ]
            )


class EventBatch(BaseModel):
    events: list[EventIn] = Field(min_length=1)


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
    """Store one checked event (bot/leads/events.py); an unknown lead is a 404
    (bot/api/errors.py)."""
    new = NewEvent(
        type=event.type,
        lead_id=event.lead_id,
        sender=event.sender,
        properties=event.properties,
        occurred_at=event.occurred_at,
        idempotency_key=event.idempotency_key,
    )
    return await lead_events.record_event(session, scorer, new, source=source)


def _out(scorer: LeadScorer, stored: LeadEvent, lead: Lead, duplicate: bool) -> EventOut:
    rules = scorer.rules
    return EventOut.model_validate(
        {
            "id": stored.id,
            "lead_id": lead.id,
            "type": stored.type,
            "duplicate": duplicate,
            "scored": stored.type in rules.events and stored.type not in rules.trivial_events,
            "score": round(lead.score_total, 2),
            "stage": lead.stage,
        }
    )


def visitor_key(visitor: str, key: str | None) -> str | None:
    """A visitor's idempotency key, kept apart from every other visitor's and the team's:
    a key a browser used first never swallows someone else's event."""
    if key is None:
        return None
    return "web:" + hashlib.sha256(f"{visitor}\x00{key}".encode()).hexdigest()


@router.post("", summary="Record one behavioural event and rescore the lead")
async def post_event(
    event: EventIn, request: Request, session: SessionDep, scorer: ScorerDep, guard: GuardDep
) -> EventOut | VisitorEventOut:
    if is_admin(request):
        event.check_target()
        event = classify_page_view(event, services_of(request.app.state).page_rules)
        async with session.begin():
            stored, lead, duplicate = await record_event(session, scorer, event)
        return _out(scorer, stored, lead, duplicate)
    # A website visitor's browser: their own lead, page views only.
    guard.check_origin(request.headers, request.url)
    visitor = require_visitor(request)
    if event.lead_id is not None or (event.sender is not None and event.sender != visitor):
        raise HTTPException(
            status.HTTP_403_FORBIDDEN,
            "a visitor's events count for their own lead only (the token's visitor); "
            "events by lead_id or for another visitor need 'Authorization: Bearer "
            "<ADMIN_TOKEN>'",
        )
    if event.type != PAGE_VIEW:
        raise HTTPException(
            status.HTTP_403_FORBIDDEN,
            "a browser reports page_view events (page rules decide what they are worth); "
            "other types come from your backend with 'Authorization: Bearer <ADMIN_TOKEN>'",
        )
    guard.check_rate(visitor=visitor, ip=client_ip(request))
    event = classify_page_view(event, services_of(request.app.state).page_rules).model_copy(
        update={"sender": visitor, "idempotency_key": visitor_key(visitor, event.idempotency_key)}
    )
    async with session.begin():
        stored, _, duplicate = await record_event(session, scorer, event, source="widget")
    return VisitorEventOut(type=stored.type, duplicate=duplicate)


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
    for event in batch.events:
        event.check_target()
    async with session.begin():
        pages = services_of(request.app.state).page_rules
        results = [
            await record_event(session, scorer, classify_page_view(e, pages)) for e in batch.events
        ]
    return [_out(scorer, *r) for r in results]
