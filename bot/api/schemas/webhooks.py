"""Outbound webhooks that gave up (dead letters)."""

from __future__ import annotations

from typing import Literal

from pydantic import Field

from bot.api.schemas.base import IsoTime, Out


class DeadWebhookOut(Out):
    id: int = Field(description="the outbox row; POST /api/webhooks/dead/{id}/retry sends it again")
    event_id: str | None = Field(description="the event's id, the same on every attempt")
    type: str | None = Field(examples=["lead.sdr_ready"])
    url: str | None
    lead_id: int | None
    status: Literal["dead", "pending"] = Field(description="pending once sent again")
    attempts: int
    last_error: str | None
    created_at: IsoTime
    next_attempt_at: IsoTime
