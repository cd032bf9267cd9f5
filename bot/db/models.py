"""The app's tables: Lead, Identity, Conversation, Message."""

from __future__ import annotations

import enum
from datetime import UTC, date, datetime
from typing import Any

from sqlalchemy import (
    JSON,
    Date,
    DateTime,
    Float,
    ForeignKey,
    Index,
    MetaData,
    String,
    Text,
    UniqueConstraint,
    false,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship

# Every id column is INTEGER: 32-bit on PostgreSQL, the smaller of the two databases. An
# id outside 1..MAX_ROW_ID names no row; where one comes from outside (a URL, a button, a
# command) it is refused before it reaches the database, where it would overflow.
MAX_ROW_ID = 2**31 - 1


def row_id(text: str) -> int | None:
    """`text` as a row id, or None when it is not one (not digits, 0, or too large)."""
    text = text.strip()
    if not (text.isascii() and text.isdigit()) or len(text) > len(str(MAX_ROW_ID)):
        return None
    value = int(text)
    return value if 1 <= value <= MAX_ROW_ID else None


def utcnow() -> datetime:
    return datetime.now(UTC)


NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING)
    type_annotation_map = {dict[str, Any]: JSON, datetime: DateTime(timezone=True)}


# Ids are never reused, so a link, a Slack button, an engine sender id (`conversation-<id>`)
# or a CRM record naming an erased row never points at someone else's (issue 13): SQLite
# without AUTOINCREMENT hands the highest deleted id out again; PostgreSQL's sequences
# never go back. Every table with an integer id is declared with it.
NEVER_REUSE_IDS = {"sqlite_autoincrement": True}


class Direction(enum.StrEnum):
    INBOUND = "inbound"
    OUTBOUND = "outbound"


class Author(enum.StrEnum):
    PROSPECT = "prospect"
    BOT = "bot"
    SYSTEM = "system"
    REP = "rep"


class MessageStatus(enum.StrEnum):
    RECEIVED = "received"  # stored, not yet answered
    ANSWERED = "answered"  # the engine answered
    ENGINE_UNAVAILABLE = "engine_unavailable"  # a person must follow up
    SENT = "sent"  # outbound, delivered to the caller
    RELAYED = "relayed"  # inbound during a takeover: passed to the rep, not the bot
    UNSUPPORTED = "unsupported"  # inbound the assistant can't read (photo, sticker, voice)
    COMMAND = "command"  # inbound a channel answered itself (/stop, /language)


# The console's analytics read a period's leads from this index alone, not from the rows.
LEAD_ANALYTICS = ("created_at", "merged_into_id", "stage", "score_total", "language", "email")


class Lead(Base):
    __tablename__ = "leads"
    __table_args__ = (Index("ix_leads_analytics", *LEAD_ANALYTICS), NEVER_REUSE_IDS)

    id: Mapped[int] = mapped_column(primary_key=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow, index=True)  # the console
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)
    language: Mapped[str | None] = mapped_column(String(8))
    stage: Mapped[str] = mapped_column(String(32), default="visitor")
    email: Mapped[str | None] = mapped_column(String(320), index=True)
    merged_into_id: Mapped[int | None] = mapped_column(
        ForeignKey("leads.id", ondelete="SET NULL", name="fk_leads_merged_into")
    )  # set when this lead turned out to be the same person as another (bot/leads/merge.py)
    profile: Mapped[dict[str, Any]] = mapped_column(default=dict)
    score_fit: Mapped[float] = mapped_column(Float, default=0.0)
    score_pain: Mapped[float] = mapped_column(Float, default=0.0)
    score_total: Mapped[float] = mapped_column(Float, default=0.0, index=True)
    scored_at: Mapped[datetime | None] = mapped_column()

    identities: Mapped[list[Identity]] = relationship(back_populates="lead")
    conversations: Mapped[list[Conversation]] = relationship(
        back_populates="lead", order_by="Conversation.id"
    )
    events: Mapped[list[LeadEvent]] = relationship(
        back_populates="lead", order_by="LeadEvent.occurred_at"
    )
    score_changes: Mapped[list[ScoreChange]] = relationship(
        back_populates="lead", order_by="ScoreChange.id"
    )
    consents: Mapped[list[Consent]] = relationship(back_populates="lead", order_by="Consent.id")


class LeadEvent(Base):
    """A behavioural signal (page view, webinar signup, ...), scored by the rules."""

    __tablename__ = "lead_events"
    __table_args__ = NEVER_REUSE_IDS

    id: Mapped[int] = mapped_column(primary_key=True)
    lead_id: Mapped[int] = mapped_column(ForeignKey("leads.id", ondelete="CASCADE"), index=True)
    type: Mapped[str] = mapped_column(String(64))
    properties: Mapped[dict[str, Any]] = mapped_column(default=dict)
    occurred_at: Mapped[datetime] = mapped_column()
    received_at: Mapped[datetime] = mapped_column(default=utcnow)
    source: Mapped[str] = mapped_column(String(32), default="api")
    idempotency_key: Mapped[str | None] = mapped_column(String(255), unique=True)

    lead: Mapped[Lead] = relationship(back_populates="events")


class ScoreChange(Base):
    """One change of a lead's score: summing a signal's rows gives its current raw points."""

    __tablename__ = "score_changes"
    __table_args__ = NEVER_REUSE_IDS

    id: Mapped[int] = mapped_column(primary_key=True)
    lead_id: Mapped[int] = mapped_column(ForeignKey("leads.id", ondelete="CASCADE"), index=True)
    signal: Mapped[str] = mapped_column(String(64))
    kind: Mapped[str] = mapped_column(String(8))  # fit | pain
    points: Mapped[float] = mapped_column(Float)  # + when earned, - when corrected away
    source: Mapped[str] = mapped_column(String(64))
    at: Mapped[datetime] = mapped_column(default=utcnow)

    lead: Mapped[Lead] = relationship(back_populates="score_changes")


class Consent(Base):
    """A prospect's answer to a consent question, with the exact wording they saw."""

    __tablename__ = "consents"
    __table_args__ = NEVER_REUSE_IDS

    id: Mapped[int] = mapped_column(primary_key=True)
    lead_id: Mapped[int] = mapped_column(ForeignKey("leads.id", ondelete="CASCADE"), index=True)
    purpose: Mapped[str] = mapped_column(String(32))  # e.g. "contact"
    granted: Mapped[bool] = mapped_column()
    wording: Mapped[str] = mapped_column(Text)
    language: Mapped[str | None] = mapped_column(String(8))
    at: Mapped[datetime] = mapped_column(default=utcnow)

    lead: Mapped[Lead] = relationship(back_populates="consents")


class Handoff(Base):
    """A lead handed to a sales rep: the Slack card, who claimed it, their verdict."""

    __tablename__ = "handoffs"
    __table_args__ = NEVER_REUSE_IDS

    id: Mapped[int] = mapped_column(primary_key=True)
    lead_id: Mapped[int] = mapped_column(ForeignKey("leads.id", ondelete="CASCADE"), index=True)
    conversation_id: Mapped[int | None] = mapped_column(
        ForeignKey("conversations.id", ondelete="SET NULL")
    )
    reason: Mapped[str] = mapped_column(String(16))  # sdr_ready | requested
    # open | claimed | returned | withdrawn
    status: Mapped[str] = mapped_column(String(16), default="open")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    slack_channel: Mapped[str | None] = mapped_column(String(64))
    slack_ts: Mapped[str | None] = mapped_column(String(32))  # the card's message
    claimed_by: Mapped[str | None] = mapped_column(String(64))
    claimed_by_name: Mapped[str | None] = mapped_column(String(255))
    claimed_at: Mapped[datetime | None] = mapped_column()
    verdict: Mapped[str | None] = mapped_column(String(8))  # yes | maybe | no
    verdict_by: Mapped[str | None] = mapped_column(String(64))
    verdict_at: Mapped[datetime | None] = mapped_column()
    returned_at: Mapped[datetime | None] = mapped_column()
    reminded_at: Mapped[datetime | None] = mapped_column()
    escalated_at: Mapped[datetime | None] = mapped_column()

    lead: Mapped[Lead] = relationship()


class OutboxMessage(Base):
    """A call to an outside service (Slack, Telegram), written in the same transaction as the
    change that causes it and sent by the relay, with retries, until it succeeds."""

    __tablename__ = "outbox"
    __table_args__ = NEVER_REUSE_IDS

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(64))  # e.g. slack.card, slack.thread
    payload: Mapped[dict[str, Any]] = mapped_column(default=dict)
    dedupe_key: Mapped[str | None] = mapped_column(String(255), unique=True)
    lead_id: Mapped[int | None] = mapped_column(
        ForeignKey("leads.id", ondelete="CASCADE"), index=True
    )
    status: Mapped[str] = mapped_column(String(16), default="pending", index=True)
    attempts: Mapped[int] = mapped_column(default=0)
    next_attempt_at: Mapped[datetime] = mapped_column(default=utcnow)
    locked_until: Mapped[datetime | None] = mapped_column()
    last_error: Mapped[str | None] = mapped_column(Text)
    result: Mapped[dict[str, Any]] = mapped_column(default=dict)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    sent_at: Mapped[datetime | None] = mapped_column()


class ProcessedDelivery(Base):
    """Deliveries already handled (a Slack event id): retries of them are ignored."""

    __tablename__ = "processed_deliveries"

    key: Mapped[str] = mapped_column(String(255), primary_key=True)
    at: Mapped[datetime] = mapped_column(default=utcnow)


class Identity(Base):
    """One way to reach a lead: a channel and the id the channel gives them."""

    __tablename__ = "identities"
    __table_args__ = (
        UniqueConstraint("channel", "external_id"),
        Index("ix_identities_lead_channel", "lead_id", "channel"),  # the analytics' mix
        NEVER_REUSE_IDS,
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    channel: Mapped[str] = mapped_column(String(32))
    external_id: Mapped[str] = mapped_column(String(255))
    lead_id: Mapped[int] = mapped_column(ForeignKey("leads.id", ondelete="CASCADE"), index=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    unreachable_at: Mapped[datetime | None] = mapped_column()  # blocked the bot: don't retry
    opted_out_at: Mapped[datetime | None] = mapped_column()  # /stop: no proactive messages

    lead: Mapped[Lead] = relationship(back_populates="identities")


class Conversation(Base):
    __tablename__ = "conversations"
    __table_args__ = NEVER_REUSE_IDS

    id: Mapped[int] = mapped_column(primary_key=True)
    lead_id: Mapped[int] = mapped_column(ForeignKey("leads.id", ondelete="CASCADE"), index=True)
    # One conversation per identity: concurrent first messages share it (a unique index,
    # so the loser of a race gets an IntegrityError and reads the winner's).
    identity_id: Mapped[int] = mapped_column(
        ForeignKey("identities.id", ondelete="CASCADE"), index=True, unique=True
    )
    channel: Mapped[str] = mapped_column(String(32))
    mode: Mapped[str] = mapped_column(String(16), default="bot")  # "bot" | "human"
    language: Mapped[str | None] = mapped_column(String(8))
    # The prospect asked for `language` ("can we continue in French?"): it holds whatever
    # they write in, until they ask for another.
    language_asked: Mapped[bool] = mapped_column(default=False, server_default=false())
    started_at: Mapped[datetime] = mapped_column(default=utcnow)
    last_message_at: Mapped[datetime] = mapped_column(default=utcnow, index=True)  # live

    lead: Mapped[Lead] = relationship(back_populates="conversations")
    messages: Mapped[list[Message]] = relationship(
        back_populates="conversation", order_by="Message.id"
    )

    @property
    def engine_sender_id(self) -> str:
        """The sender id this conversation has in the Rasa engine's tracker store."""
        return f"conversation-{self.id}"


class Message(Base):
    __tablename__ = "messages"
    __table_args__ = (
        Index("ix_messages_conversation_created", "conversation_id", "created_at"),
        NEVER_REUSE_IDS,
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    conversation_id: Mapped[int] = mapped_column(ForeignKey("conversations.id", ondelete="CASCADE"))
    direction: Mapped[str] = mapped_column(String(16))
    author: Mapped[str] = mapped_column(String(16))
    author_name: Mapped[str | None] = mapped_column(String(255))
    text: Mapped[str] = mapped_column(Text, default="")
    data: Mapped[dict[str, Any]] = mapped_column(default=dict)
    language: Mapped[str | None] = mapped_column(String(8))
    status: Mapped[str] = mapped_column(String(32))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    conversation: Mapped[Conversation] = relationship(back_populates="messages")


class ContentQuestion(Base):
    """A question the assistant looked up in the content library, answered or not: the
    console's "most asked" and "what to write next" (bot/leads/questions.py). The question
    is the prospect's words: exported and erased with the lead."""

    __tablename__ = "content_questions"
    __table_args__ = NEVER_REUSE_IDS

    id: Mapped[int] = mapped_column(primary_key=True)
    lead_id: Mapped[int] = mapped_column(ForeignKey("leads.id", ondelete="CASCADE"), index=True)
    conversation_id: Mapped[int | None] = mapped_column(
        ForeignKey("conversations.id", ondelete="SET NULL")
    )
    channel: Mapped[str | None] = mapped_column(String(32))
    language: Mapped[str | None] = mapped_column(String(8))
    question: Mapped[str] = mapped_column(Text)
    normalised: Mapped[str] = mapped_column(String(255))  # grouped on: case, accents, marks
    answered: Mapped[bool] = mapped_column()
    confidence: Mapped[float] = mapped_column(Float)
    document_id: Mapped[str | None] = mapped_column(String(255))  # the top source, if any
    asked_at: Mapped[datetime] = mapped_column(default=utcnow, index=True)


class User(Base):
    """A person of the team who signs in to the console (bot/console/): an admin, a marketer
    or an SDR. Repeated failed sign-ins lock the account for a while."""

    __tablename__ = "users"
    __table_args__ = (NEVER_REUSE_IDS,)

    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(String(320), unique=True)
    role: Mapped[str] = mapped_column(String(16))  # admin | marketer | sdr
    password_hash: Mapped[str] = mapped_column(String(255))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    last_sign_in_at: Mapped[datetime | None] = mapped_column()
    failed_sign_ins: Mapped[int] = mapped_column(default=0)
    first_failed_at: Mapped[datetime | None] = mapped_column()
    locked_until: Mapped[datetime | None] = mapped_column()


class ConsoleSession(Base):
    """A signed-in browser: the cookie carries a random token, the table its SHA-256 only."""

    __tablename__ = "console_sessions"
    __table_args__ = (NEVER_REUSE_IDS,)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    expires_at: Mapped[datetime] = mapped_column()

    user: Mapped[User] = relationship()


class Outcome(Base):
    """What sales closed with a lead: won or lost, how much, when (`POST
    /api/leads/{id}/outcome`, `prospect outcomes import`). The score is judged against these."""

    __tablename__ = "outcomes"
    __table_args__ = (NEVER_REUSE_IDS,)

    id: Mapped[int] = mapped_column(primary_key=True)
    lead_id: Mapped[int] = mapped_column(ForeignKey("leads.id", ondelete="CASCADE"), index=True)
    outcome: Mapped[str] = mapped_column(String(8))  # won | lost
    amount: Mapped[float | None] = mapped_column(Float)
    currency: Mapped[str | None] = mapped_column(String(3))
    closed_on: Mapped[date] = mapped_column(Date)
    source: Mapped[str] = mapped_column(String(16), default="api")  # api | csv
    recorded_at: Mapped[datetime] = mapped_column(default=utcnow)


class ThresholdChange(Base):
    """An SDR-ready threshold applied or undone (the console's calibration page, `prospect
    calibrate --apply|--undo`), by whom and when. The newest row's `threshold` is the one in
    force (NULL: the configured one, SCORING_RULES or SDR_READY_THRESHOLD); an undo names the
    change it undoes, at most once (bot/calibration/threshold.py)."""

    __tablename__ = "threshold_changes"
    __table_args__ = (NEVER_REUSE_IDS,)

    id: Mapped[int] = mapped_column(primary_key=True)
    action: Mapped[str] = mapped_column(String(8))  # apply | undo
    from_value: Mapped[float] = mapped_column(Float)  # the threshold in force before
    to_value: Mapped[float] = mapped_column(Float)  # and after
    previous: Mapped[float | None] = mapped_column(Float)  # the override before (NULL: none)
    threshold: Mapped[float | None] = mapped_column(Float)  # the override after (NULL: none)
    undoes_id: Mapped[int | None] = mapped_column(ForeignKey("threshold_changes.id"), unique=True)
    changed_by: Mapped[str] = mapped_column(String(320))
    changed_at: Mapped[datetime] = mapped_column(default=utcnow)
