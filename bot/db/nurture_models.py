"""The nurturing tables (bot/nurture/): a lead's enrolments in scenarios, each step sent, and
the opt-outs. Registered with the other models by `bot.db` (its `__init__` imports this), and
listed in bot/db/lead_tables.py: merged, exported and erased with the lead."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from bot.db.models import NEVER_REUSE_IDS, Base, utcnow


class NurtureEnrolment(Base):
    """A lead in a scenario: the next step to run (`step`, an index into the scenario's
    steps) and when (`due_at`, UTC). The scheduler claims a due row by advancing `step`
    with a conditional UPDATE in the transaction that stores the message, so a step is sent
    once whatever the workers and restarts."""

    __tablename__ = "nurture_enrolments"
    __table_args__ = NEVER_REUSE_IDS

    id: Mapped[int] = mapped_column(primary_key=True)
    lead_id: Mapped[int] = mapped_column(ForeignKey("leads.id", ondelete="CASCADE"), index=True)
    scenario: Mapped[str] = mapped_column(String(64))
    # "<scenario>:<lead id at enrolment>": a lead enters a scenario once (kept through a merge).
    key: Mapped[str] = mapped_column(String(128), unique=True)
    trigger: Mapped[str] = mapped_column(String(255))  # what enrolled it, for people to read
    step: Mapped[int] = mapped_column(default=0)
    due_at: Mapped[datetime] = mapped_column(index=True)
    status: Mapped[str] = mapped_column(String(16), default="active", index=True)
    stop_reason: Mapped[str | None] = mapped_column(String(32))  # replied, opted_out, ...
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)


class NurtureSend(Base):
    """One step sent to a lead: the channel, the message stored, the stage the lead was at
    (the stats count leads who moved higher), and until when a reply counts for it (the next
    step's send)."""

    __tablename__ = "nurture_sends"
    __table_args__ = (UniqueConstraint("enrolment_id", "step"), NEVER_REUSE_IDS)

    id: Mapped[int] = mapped_column(primary_key=True)
    enrolment_id: Mapped[int] = mapped_column(
        ForeignKey("nurture_enrolments.id", ondelete="CASCADE"), index=True
    )
    lead_id: Mapped[int] = mapped_column(ForeignKey("leads.id", ondelete="CASCADE"), index=True)
    scenario: Mapped[str] = mapped_column(String(64))
    step: Mapped[int] = mapped_column()
    kind: Mapped[str] = mapped_column(String(16))  # message | content | question
    channel: Mapped[str] = mapped_column(String(32))  # telegram | web
    message_id: Mapped[int | None] = mapped_column()
    stage_before: Mapped[str] = mapped_column(String(32))
    sent_at: Mapped[datetime] = mapped_column(default=utcnow)
    until: Mapped[datetime | None] = mapped_column()


class NurtureOptOut(Base):
    """A prospect asked for no more messages: when, in their words, on which channel. Honoured
    on every channel of the lead."""

    __tablename__ = "nurture_opt_outs"
    __table_args__ = NEVER_REUSE_IDS

    id: Mapped[int] = mapped_column(primary_key=True)
    lead_id: Mapped[int] = mapped_column(ForeignKey("leads.id", ondelete="CASCADE"), index=True)
    at: Mapped[datetime] = mapped_column(default=utcnow)
    wording: Mapped[str] = mapped_column(Text)
    channel: Mapped[str] = mapped_column(String(32))
