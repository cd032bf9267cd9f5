"""Leads as the admin API shows them: summary, detail (scores, identities, conversations,
handoffs, events, consents), the GDPR export and the erasure report."""

from __future__ import annotations

from typing import Any, Literal

from pydantic import Field

from bot.api.schemas.base import IsoTime, Number, Out
from bot.api.schemas.handoffs import HandoffOut
from bot.db.models import Author, Direction, MessageStatus
from scoring.score import Kind, Stage

# Set by scoring (visitor → lead → mql → sdr_ready) or by people: a rep's verdict, a sale
# (bot/leads/scoring.py MANUAL_STAGES).
LeadStage = Literal[Stage, "qualified", "customer", "disqualified", "nurturing"]


class LeadSummary(Out):
    id: int
    created_at: IsoTime
    updated_at: IsoTime
    language: str | None
    email: str | None
    stage: LeadStage
    sdr_ready: bool = Field(description="the score reaches the SDR-ready threshold")
    score: float = Field(description="fit + pain, rounded to 2 decimals")


class ScoredSignalOut(Out):
    signal: str
    kind: Kind
    points: Number = Field(description="as of now (behaviour decays)")
    source: str
    at: IsoTime


class ScoresOut(Out):
    fit: Number
    pain: Number
    total: Number
    breakdown: list[ScoredSignalOut]


class LeadEventOut(Out):
    type: str
    properties: dict[str, Any]
    occurred_at: IsoTime
    source: str


class ScoreChangeOut(Out):
    signal: str
    kind: Kind
    points: Number = Field(description="+ when earned, - when corrected away")
    source: str
    at: IsoTime


class ConsentOut(Out):
    purpose: str
    granted: bool
    wording: str = Field(description="the words the prospect agreed to")
    language: str | None
    at: IsoTime


class IdentityOut(Out):
    channel: str
    external_id: str


class TranscriptButton(Out):
    title: str
    payload: str


class TranscriptMessage(Out):
    id: int
    direction: Direction
    author: Author
    author_name: str | None
    text: str
    buttons: list[TranscriptButton]
    custom: dict[str, Any] | None
    language: str | None
    status: MessageStatus
    created_at: IsoTime


class ConversationOut(Out):
    id: int
    channel: str
    mode: Literal["bot", "human"] = Field(description="human: a rep has taken over")
    language: str | None
    started_at: IsoTime
    last_message_at: IsoTime
    messages: list[TranscriptMessage]


class LeadDetail(LeadSummary):
    profile: dict[str, Any]
    scores: ScoresOut
    events: list[LeadEventOut]
    handoffs: list[HandoffOut]
    score_history: list[ScoreChangeOut]
    consents: list[ConsentOut]
    identities: list[IdentityOut]
    conversations: list[ConversationOut]


Row = dict[str, Any]


class LeadExport(Out):
    """Every row held about the person, each as its table's columns (GDPR access)."""

    lead: Row
    merged_leads: list[Row] = Field(description="leads found to be the same person")
    identities: list[Row]
    conversations: list[Row]
    messages: list[Row]
    events: list[Row]
    score_history: list[Row]
    consents: list[Row]
    handoffs: list[Row]
    outcomes: list[Row] = Field(description="what sales closed: won or lost")
    content_questions: list[Row] = Field(
        description="questions looked up in the content library, in the prospect's words"
    )
    meetings: list[Row] = Field(description="meetings booked from the chat (any status)")
    meeting_offers: list[Row] = Field(description="slots offered in a conversation")
    nurture_enrolments: list[Row] = Field(description="follow-up sequences it was in")
    nurture_sends: list[Row] = Field(description="the follow-up steps sent to it")
    nurture_opt_outs: list[Row] = Field(description="when and how it asked for no more messages")
    outbox: list[Row]
    engine_tracker_events: list[Row] = Field(description="from the engine's tracker store")


class Erasure(Out):
    erased_lead_ids: list[int]
    rows: dict[str, int] = Field(description="rows deleted, by table")
    engine_tracker_events: int = Field(description="events deleted from the engine's store")
