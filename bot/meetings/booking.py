"""Booking a slot in a rep's calendar: one winner per slot across every app worker, an .ics
invitation, and a CalDAV outage kept as a pending meeting rather than lost.

- The meeting row is written first (status `pending`, "being written to the calendar") and
  committed: the partial unique index `uq_meetings_active_slot` lets one active meeting per
  (rep, start) exist, whichever worker or thread asks. A meeting overlapping another of the
  rep's (a different start within the length and buffer) is refused too: on PostgreSQL
  under a transaction-scoped advisory lock per rep, on SQLite under its single writer.
- Then the calendar is read again (an event the rep added by hand since the offer) and the
  event written; the row becomes `booked`, or `cancelled` when the calendar is busy there
  (`SlotTaken`), or stays `pending` with the failure as its reason when the calendar could
  not be reached: a person books it (the Slack thread is told, bot/meetings/notify.py).
- caldav is synchronous: its calls run in a thread.
"""

from __future__ import annotations

import asyncio
import secrets
import uuid
import zlib
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import icalendar
from sqlalchemy import select, text
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.db.meeting_models import Meeting
from bot.db.models import utcnow
from bot.errors import CalendarUnavailable, SlotTaken
from bot.leads.scoring import aware
from bot.meetings import notify
from bot.meetings.calendar import CalDAVCalendar, RepCalendar
from bot.meetings.config import MeetingsConfig, Rep
from bot.meetings.slots import Interval, free_slots, is_free, slot_at

PRODID = "-//prospect-assistant//meetings//EN"
WRITING = "being written to the calendar"
ACTIVE = ("booked", "pending")


@dataclass(frozen=True)
class BookingRequest:
    rep_id: str
    start: datetime  # aware
    lead_id: int
    email: str
    time_zone: str  # the prospect's, as the slot was shown to them
    name: str = ""
    summary: str = "Demo"


class Booker:
    def __init__(
        self,
        *,
        config: MeetingsConfig,
        sessions: async_sessionmaker[AsyncSession],
        calendar_for: Callable[[Rep], RepCalendar] = CalDAVCalendar.for_rep,
    ) -> None:
        self.config = config
        self.sessions = sessions
        self.calendar_for = calendar_for

    def rep(self, rep_id: str) -> Rep:
        rep = self.config.rep(rep_id)
        if rep is None:
            raise LookupError(f"no rep {rep_id!r} in the meetings file")
        return rep

    async def slots(
        self,
        rep_id: str,
        *,
        now: datetime,
        count: int = 3,
        show_in: ZoneInfo | None = None,
        not_before: datetime | None = None,
    ) -> list[datetime]:
        """The rep's next free slots: their calendar's busy times and the meetings held here.

        Raises:
            LookupError: no such rep.
            CalendarUnavailable: the calendar could not be read.
        """
        rep = self.rep(rep_id)
        rules = rep.availability
        until = now + timedelta(days=rules.horizon_days + 1)
        busy = await asyncio.to_thread(self.calendar_for(rep).busy, now - timedelta(days=1), until)
        busy += await self._held(rep.id, now)
        return free_slots(rules, busy, now=now, count=count, show_in=show_in, not_before=not_before)

    async def book(self, request: BookingRequest, *, now: datetime) -> Meeting:
        """The meeting, `booked` (in the calendar) or `pending` (the calendar failed).

        Raises:
            LookupError: no such rep.
            SlotTaken: the slot has passed, is outside working hours or is no longer free.
        """
        rep = self.rep(request.rep_id)
        slot = slot_at(rep.availability, request.start.astimezone(UTC))
        if slot.start < now:
            raise SlotTaken("this slot has passed")
        if not is_free(rep.availability, [], slot):
            raise SlotTaken("this slot is outside working hours")
        meeting = await self._claim(rep, slot, request)
        try:
            await asyncio.to_thread(self._write, rep, meeting, request.name, now)
        except SlotTaken:
            await self._finish(meeting.id, "cancelled", "busy in the calendar", now)
            raise
        except CalendarUnavailable as exc:
            return await self._finish(meeting.id, "pending", str(exc), now)
        return await self._finish(meeting.id, "booked", None, now)

    async def cancel(self, meeting_id: int, *, now: datetime) -> Meeting | None:
        """Cancel an active meeting: the slot is free at once; the calendar's event is
        deleted (if the calendar is down, the Slack note says to delete it by hand)."""
        async with self.sessions() as session, session.begin():
            meeting = await session.get(Meeting, meeting_id, with_for_update=True)
            if meeting is None or meeting.status not in ACTIVE:
                return None
            rep = self.rep(meeting.rep_id)
            try:
                if meeting.status == "booked":
                    calendar = self.calendar_for(rep)
                    await asyncio.to_thread(calendar.remove, meeting.caldav_uid)
                removed = True
            except CalendarUnavailable:
                removed = False
            meeting.status, meeting.cancelled_at = "cancelled", now.astimezone(UTC)
            await notify.meeting_cancelled(session, meeting, rep, removed=removed)
            return meeting

    def invitation(self, meeting: Meeting, *, name: str = "") -> str:
        """The iCalendar invitation (METHOD:REQUEST) the prospect downloads."""
        rep = self.rep(meeting.rep_id)
        slot = Interval(aware(meeting.starts_at), aware(meeting.ends_at))
        return event_ical(rep, meeting, slot, aware(meeting.created_at), name, method="REQUEST")

    async def _held(self, rep_id: str, now: datetime) -> list[Interval]:
        async with self.sessions() as session:
            rows = await session.execute(
                select(Meeting.starts_at, Meeting.ends_at).where(
                    Meeting.rep_id == rep_id,
                    Meeting.status.in_(ACTIVE),
                    Meeting.ends_at > (now - timedelta(days=1)).astimezone(UTC),
                )
            )
            return [Interval(aware(start), aware(end)) for start, end in rows]

    async def _claim(self, rep: Rep, slot: Interval, request: BookingRequest) -> Meeting:
        """The meeting row, committed, holding the slot; `SlotTaken` if another holds it."""
        pad = timedelta(minutes=rep.availability.buffer_minutes)
        try:
            async with self.sessions() as session, session.begin():
                if session.get_bind().dialect.name == "postgresql":
                    key = zlib.crc32(f"meetings:{rep.id}".encode())
                    await session.execute(text("SELECT pg_advisory_xact_lock(:k)"), {"k": key})
                meeting = new_meeting(rep, slot, request)
                session.add(meeting)
                await session.flush()  # the unique index answers here
                overlapping = await session.scalar(
                    select(Meeting.id).where(
                        Meeting.rep_id == rep.id,
                        Meeting.status.in_(ACTIVE),
                        Meeting.id != meeting.id,
                        Meeting.starts_at < slot.end + pad,
                        Meeting.ends_at > slot.start - pad,
                    )
                )
                if overlapping is not None:
                    raise SlotTaken("another meeting overlaps this slot")
        except IntegrityError as exc:
            raise SlotTaken("this slot is no longer free") from exc
        return meeting

    def _write(self, rep: Rep, meeting: Meeting, name: str, now: datetime) -> None:
        calendar = self.calendar_for(rep)
        slot = Interval(aware(meeting.starts_at), aware(meeting.ends_at))
        margin = timedelta(minutes=rep.availability.buffer_minutes + 1)
        busy = calendar.busy(slot.start - margin - timedelta(days=1), slot.end + margin)
        if not is_free(rep.availability, busy, slot):
            raise SlotTaken("this slot is no longer free")
        calendar.add(event_ical(rep, meeting, slot, now, name, method=None))

    async def _finish(
        self, meeting_id: int, status: str, reason: str | None, now: datetime
    ) -> Meeting:
        async with self.sessions() as session, session.begin():
            meeting = await session.get_one(Meeting, meeting_id)
            meeting.status, meeting.reason = status, reason
            if status == "cancelled":
                meeting.cancelled_at = now.astimezone(UTC)  # SQLite keeps no zone
            else:
                await notify.meeting_written(session, meeting, self.rep(meeting.rep_id))
            return meeting


def new_meeting(rep: Rep, slot: Interval, request: BookingRequest) -> Meeting:
    return Meeting(
        lead_id=request.lead_id,
        rep_id=rep.id,
        starts_at=slot.start.astimezone(UTC),
        ends_at=slot.end.astimezone(UTC),
        time_zone=request.time_zone,
        email=request.email,
        status="pending",
        reason=WRITING,
        caldav_uid=f"{uuid.uuid4()}@prospect-assistant",
        token=secrets.token_urlsafe(24),
        created_at=utcnow(),
    )


def event_ical(
    rep: Rep, meeting: Meeting, slot: Interval, now: datetime, name: str, *, method: str | None
) -> str:
    """A VCALENDAR with the meeting: the rep organises, the prospect is the attendee.
    `method="REQUEST"` makes it an invitation; the calendar's copy has no METHOD."""
    calendar = icalendar.Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    if method:
        calendar.add("method", method)
    event = icalendar.Event()
    event.add("uid", meeting.caldav_uid)
    event.add("dtstamp", now.astimezone(UTC))
    event.add("dtstart", slot.start.astimezone(UTC))
    event.add("dtend", slot.end.astimezone(UTC))
    event.add("summary", f"Demo: {name or meeting.email}")
    event.add("status", "CONFIRMED")
    organizer = icalendar.vCalAddress(f"mailto:{rep.email}")
    organizer.params["cn"] = icalendar.vText(rep.name)
    event.add("organizer", organizer)
    attendee = icalendar.vCalAddress(f"mailto:{meeting.email}")
    if name:
        attendee.params["cn"] = icalendar.vText(name)
    attendee.params["role"] = icalendar.vText("REQ-PARTICIPANT")
    attendee.params["partstat"] = icalendar.vText("NEEDS-ACTION")
    attendee.params["rsvp"] = icalendar.vText("TRUE")
    event.add("attendee", attendee)
    calendar.add_component(event)
    return calendar.to_ical().decode("utf-8")
