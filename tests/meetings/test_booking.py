"""Booking against a real CalDAV server (Radicale) and a real database: the event is written
with the attendee, one winner per slot among concurrent requests (threads, each with its own
connection, on SQLite and PostgreSQL), a CalDAV outage kept as a pending meeting."""

from __future__ import annotations

import asyncio
import threading
from datetime import datetime, timedelta
from typing import Any

import icalendar
import pytest
from sqlalchemy import func, select

from bot.db.meeting_models import Meeting
from bot.db.models import Lead, OutboxMessage
from bot.db.session import create_engine, create_sessionmaker
from bot.errors import CalendarUnavailable, SlotTaken
from bot.meetings.booking import Booker, BookingRequest
from bot.meetings.calendar import CalDAVCalendar, busy_from_ical
from tests.meetings.conftest import PARIS, config_on, rep_on, unreachable_url

NOW = datetime(2026, 12, 7, 8, tzinfo=PARIS)  # a Monday
NINE = datetime(2026, 12, 7, 9, tzinfo=PARIS)


async def _lead(sessions: Any, email: str = "pat@prospect.example") -> int:
    async with sessions() as session, session.begin():
        lead = Lead(email=email, language="en")
        session.add(lead)
        await session.flush()
        return int(lead.id)


def _request(
    lead_id: int, start: datetime = NINE, email: str = "pat@prospect.example"
) -> BookingRequest:
    return BookingRequest("alice", start, lead_id, email, "Europe/Paris", name="Pat")


async def test_booking_writes_the_event_with_the_attendee(
    sqlite_url: str, calendar_url: str
) -> None:
    engine = create_engine(sqlite_url)
    sessions = create_sessionmaker(engine)
    booker = Booker(config=config_on(calendar_url), sessions=sessions)
    lead_id = await _lead(sessions)
    meeting = await booker.book(_request(lead_id), now=NOW)
    assert meeting.status == "booked" and len(meeting.token) >= 32
    stored = CalDAVCalendar.for_rep(rep_on(calendar_url)).event(meeting.caldav_uid)
    event = stored.walk("VEVENT")[0]
    assert str(event["ATTENDEE"]) == "mailto:pat@prospect.example"
    assert str(event["ORGANIZER"]) == "mailto:alice@orbitly.example"
    assert event.decoded("DTSTART") == NINE
    invitation = icalendar.Calendar.from_ical(booker.invitation(meeting, name="Pat"))
    assert str(invitation["METHOD"]) == "REQUEST"
    assert str(invitation.walk("VEVENT")[0]["UID"]) == meeting.caldav_uid
    # The slot and its buffer are gone from what is offered next.
    later = await booker.slots("alice", now=NOW, count=1, show_in=PARIS)
    assert later == [datetime(2026, 12, 7, 10, tzinfo=PARIS)]
    await engine.dispose()


async def test_an_event_added_by_hand_since_the_offer_wins(
    sqlite_url: str, calendar_url: str
) -> None:
    engine = create_engine(sqlite_url)
    sessions = create_sessionmaker(engine)
    booker = Booker(config=config_on(calendar_url), sessions=sessions)
    other = Booker(config=config_on(calendar_url), sessions=sessions)
    lead_id = await _lead(sessions)
    first = await other.book(_request(lead_id, NINE + timedelta(hours=1)), now=NOW)
    async with sessions() as session, session.begin():  # forgotten here: only the calendar has it
        (await session.get_one(Meeting, first.id)).status = "cancelled"
    with pytest.raises(SlotTaken):
        await booker.book(_request(lead_id, NINE + timedelta(minutes=90)), now=NOW)
    async with sessions() as session:
        statuses = (await session.scalars(select(Meeting.status).order_by(Meeting.id))).all()
    assert statuses == ["cancelled", "cancelled"]  # the refused one frees its row
    await engine.dispose()


def _book_in_thread(url: str, calendar_url: str, lead_id: int, barrier: threading.Barrier) -> str:
    async def attempt() -> str:
        engine = create_engine(url)  # its own pool and connection, like another worker
        booker = Booker(config=config_on(calendar_url), sessions=create_sessionmaker(engine))
        try:
            barrier.wait()
            await booker.book(_request(lead_id), now=NOW)
            return "booked"
        except SlotTaken:
            return "taken"
        finally:
            await engine.dispose()

    return asyncio.run(attempt())


def test_concurrent_requests_for_one_slot_have_one_winner(
    database_url: str, calendar_url: str
) -> None:
    async def setup() -> int:
        engine = create_engine(database_url)
        lead_id = await _lead(create_sessionmaker(engine))
        await engine.dispose()
        return lead_id

    lead_id = asyncio.run(setup())
    barrier = threading.Barrier(6)
    results: list[str] = []
    threads = [
        threading.Thread(
            target=lambda: results.append(
                _book_in_thread(database_url, calendar_url, lead_id, barrier)
            )
        )
        for _ in range(6)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(results) == ["booked"] + ["taken"] * 5

    async def stored() -> int:
        engine = create_engine(database_url)
        async with create_sessionmaker(engine)() as session:
            count = await session.scalar(
                select(func.count()).select_from(Meeting).where(Meeting.status != "cancelled")
            )
        await engine.dispose()
        return int(count or 0)

    assert asyncio.run(stored()) == 1
    busy = CalDAVCalendar.for_rep(rep_on(calendar_url)).busy(NOW, NOW + timedelta(hours=4))
    assert len(busy) == 1  # one event in the calendar


async def test_an_overlapping_slot_is_refused_and_a_cancelled_one_is_free_again(
    sqlite_url: str, calendar_url: str
) -> None:
    engine = create_engine(sqlite_url)
    sessions = create_sessionmaker(engine)
    booker = Booker(config=config_on(calendar_url), sessions=sessions)
    lead_id = await _lead(sessions)
    meeting = await booker.book(_request(lead_id), now=NOW)
    with pytest.raises(SlotTaken):  # 09:30 is within the 10-minute buffer of 09:00-09:30
        await booker.book(_request(lead_id, NINE + timedelta(minutes=30)), now=NOW)
    cancelled = await booker.cancel(meeting.id, now=NOW)
    assert cancelled is not None and cancelled.status == "cancelled"
    calendar = CalDAVCalendar.for_rep(rep_on(calendar_url))
    assert calendar.busy(NOW, NOW + timedelta(hours=4)) == []  # the event is deleted
    again = await booker.book(_request(lead_id, email="sam@prospect.example"), now=NOW)
    assert again.status == "booked"
    await engine.dispose()


async def test_a_calendar_outage_keeps_a_pending_meeting_and_tells_the_thread(
    sqlite_url: str,
) -> None:
    engine = create_engine(sqlite_url)
    sessions = create_sessionmaker(engine)
    booker = Booker(config=config_on(unreachable_url()), sessions=sessions)
    lead_id = await _lead(sessions)
    with pytest.raises(CalendarUnavailable) as error:
        await booker.slots("alice", now=NOW)
    assert error.value.booking_link == "https://cal.example.com/alice"
    meeting = await booker.book(_request(lead_id), now=NOW)
    assert meeting.status == "pending" and "ConnectionError" in str(meeting.reason)
    async with sessions() as session:
        rows = (await session.scalars(select(OutboxMessage).order_by(OutboxMessage.id))).all()
        kept = await session.get_one(Meeting, meeting.id)
    assert kept.email == "pat@prospect.example" and kept.starts_at is not None
    notes = [r.payload for r in rows if r.kind == "slack.thread"]
    assert [n["note"] for n in notes] == ["meeting_pending"]
    assert rows[0].kind == "slack.card"  # a handoff opened for the note
    with pytest.raises(SlotTaken):  # the pending request still holds its slot
        await booker.book(_request(lead_id, email="other@prospect.example"), now=NOW)
    await engine.dispose()


async def test_past_and_out_of_hours_slots_are_refused(sqlite_url: str) -> None:
    engine = create_engine(sqlite_url)
    sessions = create_sessionmaker(engine)
    booker = Booker(config=config_on(unreachable_url()), sessions=sessions)
    lead_id = await _lead(sessions)
    with pytest.raises(SlotTaken, match="passed"):
        await booker.book(_request(lead_id), now=NINE + timedelta(hours=1))
    with pytest.raises(SlotTaken, match="working hours"):
        await booker.book(_request(lead_id, NINE + timedelta(hours=4)), now=NOW)
    await engine.dispose()


def test_free_and_cancelled_events_are_not_busy() -> None:
    event = icalendar.Event()
    event.add("dtstart", NINE)
    event.add("dtend", datetime(2026, 12, 7, 10, tzinfo=PARIS))
    transparent = event.copy()
    transparent.add("transp", "TRANSPARENT")
    cancelled = event.copy()
    cancelled.add("status", "CANCELLED")
    all_day = icalendar.Event()
    all_day.add("dtstart", NINE.date())
    busy = list(busy_from_ical([event, transparent, cancelled, all_day], PARIS))
    assert [(b.start.astimezone(PARIS).hour, b.end.astimezone(PARIS).hour) for b in busy] == [
        (9, 10),
        (0, 0),
    ]


async def test_a_recurring_event_in_the_calendar_blocks_each_occurrence(
    sqlite_url: str, calendar_url: str
) -> None:
    weekly = icalendar.Calendar()
    weekly.add("prodid", "-//test//EN")
    weekly.add("version", "2.0")
    standup = icalendar.Event()
    standup.add("uid", "weekly-standup@test")
    standup.add("dtstamp", NOW)
    standup.add("dtstart", NINE - timedelta(days=14))  # began two weeks ago, every Monday
    standup.add("dtend", NINE - timedelta(days=14) + timedelta(hours=1))
    standup.add("rrule", {"freq": "weekly"})
    standup.add("summary", "Stand-up")
    weekly.add_component(standup)
    CalDAVCalendar.for_rep(rep_on(calendar_url)).add(weekly.to_ical().decode())
    engine = create_engine(sqlite_url)
    booker = Booker(config=config_on(calendar_url), sessions=create_sessionmaker(engine))
    slots = await booker.slots("alice", now=NOW, count=1, show_in=PARIS)
    assert slots == [datetime(2026, 12, 7, 10, 30, tzinfo=PARIS)]  # 10:00 + the buffer
    await engine.dispose()
