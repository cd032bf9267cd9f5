"""What `POST /api/events` and `POST /api/events/batch` answer."""

from __future__ import annotations

from pydantic import Field

from bot.api.schemas.base import Out
from bot.api.schemas.leads import LeadStage


class VisitorEventOut(Out):
    """What a visitor's browser learns: the event was recorded, as which type."""

    type: str
    duplicate: bool


class EventOut(Out):
    id: int
    lead_id: int
    type: str = Field(description="as recorded (a page view is classified by page rules)")
    duplicate: bool = Field(description="its idempotency key was seen before: not counted again")
    scored: bool = Field(description="the scoring rules give this type points")
    score: float
    stage: LeadStage
