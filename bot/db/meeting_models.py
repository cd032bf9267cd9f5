"""The meetings tables (bot/meetings/): meetings booked from the chat and the slots offered
in a conversation. Registered with the other models by `bot.db` (its `__init__` imports
this), and listed in bot/db/lead_tables.py: merged, exported and erased with the lead."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, ForeignKey, Index, String, Text, text
from sqlalchemy.orm import Mapped, mapped_column

from bot.db.models import NEVER_REUSE_IDS, Base, utcnow

# A slot is held by a meeting booked or pending (the calendar could not take it: a person
# books it); a cancelled one frees it. One index, partial on both databases.
ACTIVE_MEETING = text("status != 'cancelled'")


class Meeting(Base):
    """A meeting booked from the chat (bot/meetings/): the row is written, and the slot
    held by the partial unique index, before the event goes to the rep's calendar, so two
    app workers can never book one slot twice. `token` (secrets.token_urlsafe) grants the
    .ics download; the email and zone are the prospect's: exported and erased with the lead."""

    __tablename__ = "meetings"
    __table_args__ = (
        Index(
            "uq_meetings_active_slot",
            "rep_id",
            "starts_at",
            unique=True,
            sqlite_where=ACTIVE_MEETING,
            postgresql_where=ACTIVE_MEETING,
        ),
        NEVER_REUSE_IDS,
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    lead_id: Mapped[int] = mapped_column(ForeignKey("leads.id", ondelete="CASCADE"), index=True)
    rep_id: Mapped[str] = mapped_column(String(64))
    starts_at: Mapped[datetime] = mapped_column()  # UTC
    ends_at: Mapped[datetime] = mapped_column()  # UTC
    time_zone: Mapped[str] = mapped_column(String(64))  # the prospect's, as shown to them
    email: Mapped[str] = mapped_column(String(320))  # the attendee
    status: Mapped[str] = mapped_column(String(16), default="booked")  # booked|pending|cancelled
    caldav_uid: Mapped[str] = mapped_column(String(255), unique=True)
    token: Mapped[str] = mapped_column(String(64), unique=True)
    reason: Mapped[str | None] = mapped_column(Text)  # why pending: the calendar's failure
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    cancelled_at: Mapped[datetime | None] = mapped_column()


class MeetingOffer(Base):
    """The slots offered in a conversation and what the bot waits for (a choice, an email),
    so the prospect's next message can pick one, from whichever app worker receives it."""

    __tablename__ = "meeting_offers"
    __table_args__ = (NEVER_REUSE_IDS,)

    id: Mapped[int] = mapped_column(primary_key=True)
    conversation_id: Mapped[int] = mapped_column(
        ForeignKey("conversations.id", ondelete="CASCADE"), unique=True
    )
    rep_id: Mapped[str] = mapped_column(String(64))
    time_zone: Mapped[str] = mapped_column(String(64))
    language: Mapped[str] = mapped_column(String(8))
    slots: Mapped[list[str]] = mapped_column(JSON, default=list)  # ISO instants, UTC
    awaiting: Mapped[str] = mapped_column(String(16), default="choice")  # choice | email
    chosen: Mapped[datetime | None] = mapped_column()  # the slot picked, waiting for an email
    moving_id: Mapped[int | None] = mapped_column(
        ForeignKey("meetings.id", ondelete="SET NULL")
    )  # a reschedule: the meeting cancelled once the new one is booked
    updated_at: Mapped[datetime] = mapped_column(default=utcnow)
