"""Handoffs to sales reps and the outgoing notifications waiting in the outbox."""

from __future__ import annotations

from typing import Literal

from pydantic import Field

from bot.api.schemas.base import IsoTime, Out


class HandoffOut(Out):
    id: int
    reason: str
    status: Literal["open", "claimed", "returned", "withdrawn"]
    created_at: IsoTime
    slack_ts: str | None = Field(description="the Slack card's message, once posted")
    claimed_by: str | None
    claimed_by_name: str | None
    claimed_at: IsoTime | None
    time_to_claim_seconds: float | None
    verdict: Literal["yes", "maybe", "no"] | None
    verdict_by: str | None
    verdict_at: IsoTime | None


class LeadRef(Out):
    lead_id: int


class HandoffRow(HandoffOut, LeadRef):
    """A handoff with its lead (pydantic puts the last base's fields first: lead_id)."""


class OutboxOut(Out):
    id: int
    kind: str = Field(examples=["slack.card", "telegram.send"])
    status: Literal["pending", "sent"]
    attempts: int
    next_attempt_at: IsoTime
    last_error: str | None
    created_at: IsoTime
    sent_at: IsoTime | None
