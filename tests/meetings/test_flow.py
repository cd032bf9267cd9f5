"""The meeting desk in a conversation, against Radicale and a real database: slots offered in
the prospect's zone, a choice booked (an email asked when the lead has none), another time
proposed again, cancel and move, and a calendar outage answered honestly and kept."""

from __future__ import annotations

from collections.abc import AsyncIterator
from dataclasses import dataclass
from datetime import datetime, timedelta

import pytest
from sqlalchemy import select

from bot.db.meeting_models import Meeting, MeetingOffer
from bot.db.models import Conversation, Identity, Lead, Message, OutboxMessage
from bot.db.session import create_engine, create_sessionmaker
from bot.meetings.booking import Booker
from bot.meetings.calendar import CalDAVCalendar
from bot.meetings.flow import MeetingDesk
from tests.meetings.conftest import PARIS, config_on, rep_on, unreachable_url

NOW = datetime(2026, 12, 7, 8, tzinfo=PARIS)  # Monday 08:00 in Paris


@dataclass
class Chat:
    desk: MeetingDesk
    sessions: object
    conversation_id: int
    lead_id: int

    @property
    def sender(self) -> str:
        return f"conversation-{self.conversation_id}"

    async def say(self, text: str, language: str = "en") -> str | None:
        return await self.desk.reply(self.conversation_id, self.lead_id, text, language)

    async def meetings(self) -> list[Meeting]:
        async with self.sessions() as session:  # type: ignore[operator]
            return list((await session.scalars(select(Meeting).order_by(Meeting.id))).all())

    async def outbox(self) -> list[OutboxMessage]:
        async with self.sessions() as session:  # type: ignore[operator]
            rows = await session.scalars(select(OutboxMessage).order_by(OutboxMessage.id))
            return list(rows.all())


async def _chat(
    url: str,
    calendar: str,
    *,
    email: str | None,
    zone: str | None,
    link: str | None = "https://cal.example.com/alice",
) -> tuple[Chat, object]:
    engine = create_engine(url)
    sessions = create_sessionmaker(engine)
    async with sessions() as session, session.begin():
        lead = Lead(email=email, language="en")
        session.add(lead)
        await session.flush()
        identity = Identity(channel="web", external_id=f"v{lead.id}", lead_id=lead.id)
        session.add(identity)
        await session.flush()
        conversation = Conversation(lead_id=lead.id, identity_id=identity.id, channel="web")
        session.add(conversation)
        await session.flush()
        metadata = {"metadata": {"time_zone": zone}} if zone else {}
        session.add(
            Message(conversation_id=conversation.id, direction="inbound", author="prospect",
                    text="can I book a demo?", data=metadata, status="answered")
        )  # fmt: skip
        ids = conversation.id, lead.id
    booker = Booker(config=config_on(calendar, link), sessions=sessions)
    desk = MeetingDesk(booker, sessions, link_base="https://bot.example", clock=lambda: NOW)
    return Chat(desk, sessions, *ids), engine


@pytest.fixture
async def engine_closer() -> AsyncIterator[list[object]]:
    engines: list[object] = []
    yield engines
    for engine in engines:
        await engine.dispose()  # type: ignore[attr-defined]


async def test_offer_in_the_browser_zone_pick_ask_email_book(
    sqlite_url: str, calendar_url: str, engine_closer: list[object]
) -> None:
    chat, engine = await _chat(sqlite_url, calendar_url, email=None, zone="America/New_York")
    engine_closer.append(engine)
    offer = await chat.desk.offer(chat.lead_id, chat.sender, "en")
    # Shown in the prospect's zone, and the zone named; Paris's mornings are New York's
    # night (03:00): the afternoon comes first, 14:00 in Paris is 08:00 in New York.
    assert offer is not None and "(times in America/New_York)" in offer
    assert "1. Monday 7 December, 08:00" in offer
    assert await chat.say("how much is it?") is None  # the engine answers that
    asked = await chat.say("the second one")
    assert asked == (
        "Monday 7 December, 08:30 (America/New_York) it is. Which email address should I send "
        "the invitation to?"
    )
    assert await chat.say("hmm") is not None and not await chat.meetings()
    booked = await chat.say("sure, pat@acme.example")
    [meeting] = await chat.meetings()
    assert meeting.status == "booked" and meeting.email == "pat@acme.example"
    assert meeting.time_zone == "America/New_York"
    assert booked is not None and booked.startswith("Done! Your demo with Alice Martin is booked")
    assert f"https://bot.example/meetings/{meeting.token}.ics" in booked
    event = CalDAVCalendar.for_rep(rep_on(calendar_url)).event(meeting.caldav_uid)
    assert str(event.walk("VEVENT")[0]["ATTENDEE"]) == "mailto:pat@acme.example"
    kinds = [(r.kind, r.payload.get("note")) for r in await chat.outbox()]
    assert ("slack.thread", "meeting_booked") in kinds
    async with chat.sessions() as session:  # type: ignore[operator]
        assert await session.scalar(select(MeetingOffer)) is None  # the offer is done


async def test_a_time_asked_for_that_is_not_free_is_said_to_be_taken(
    sqlite_url: str, calendar_url: str, engine_closer: list[object]
) -> None:
    """Thursday afternoon in New York is the rep's Paris evening: nothing then, and the bot
    says so before the next free times (it said "Here is what is free from then")."""
    chat, engine = await _chat(sqlite_url, calendar_url, email=None, zone="America/New_York")
    engine_closer.append(engine)
    await chat.desk.offer(chat.lead_id, chat.sender, "en")
    again = await chat.say("none of those work, maybe thursday afternoon?")
    assert again is not None and again.startswith("Nothing is free then, sorry."), again
    assert "1. Friday" in again or "1. Monday 14 December" in again


async def test_french_none_of_these_then_thursday_afternoon(
    sqlite_url: str, calendar_url: str, engine_closer: list[object]
) -> None:
    chat, engine = await _chat(sqlite_url, calendar_url, email="lea@acme.fr", zone=None)
    engine_closer.append(engine)
    offer = await chat.desk.offer(chat.lead_id, chat.sender, "fr")
    assert offer is not None and "(heure de Europe/Paris)" in offer  # guessed from French
    assert "1. lundi 7 décembre, 09h00" in offer
    again = await chat.say("aucun ne me va, plutôt jeudi après-midi ?", "fr")
    assert again is not None and "1. jeudi 10 décembre, 14h00" in again
    booked = await chat.say("le 2", "fr")
    assert booked is not None and booked.startswith("C'est réservé !")
    assert "jeudi 10 décembre, 14h30 (Europe/Paris)" in booked and "lea@acme.fr" in booked
    # Then moved: "on peut décaler à vendredi ?" offers Friday, and the new one replaces it.
    moved = await chat.say("on peut décaler le rdv à vendredi ?", "fr")
    assert moved is not None and "1. vendredi 11 décembre, 09h00" in moved
    done = await chat.say("1", "fr")
    assert (
        done is not None and "Votre démo précédente (jeudi 10 décembre, 14h30) est annulée" in done
    )
    statuses = [(m.status, m.starts_at.hour) for m in await chat.meetings()]
    assert statuses == [("cancelled", 13), ("booked", 8)]  # UTC hours
    busy = CalDAVCalendar.for_rep(rep_on(calendar_url)).busy(NOW, NOW + timedelta(days=7))
    assert [b.start.astimezone(PARIS).day for b in busy] == [11]
    cancelled = await chat.say("annuler le rendez-vous", "fr")
    assert (
        cancelled == "Votre démo du vendredi 11 décembre, 09h00 (Europe/Paris) est annulée. "
        "Si vous souhaitez un autre moment, dites-le-moi."
    )
    assert CalDAVCalendar.for_rep(rep_on(calendar_url)).busy(NOW, NOW + timedelta(days=7)) == []


async def test_calendar_down_gives_the_link_or_a_promise_and_keeps_the_request(
    sqlite_url: str, engine_closer: list[object]
) -> None:
    chat, engine = await _chat(sqlite_url, unreachable_url(), email="pat@acme.example", zone=None)
    engine_closer.append(engine)
    offer = await chat.desk.offer(chat.lead_id, chat.sender, "en")
    assert offer == (
        "I can't reach Alice Martin's calendar right now to show you free times. You can pick "
        "a time directly here: https://cal.example.com/alice"
    )
    notes = [r.payload for r in await chat.outbox() if r.kind == "slack.thread"]
    assert [n["note"] for n in notes] == ["meeting_unavailable"]
    assert await chat.say("1") is None  # no offer is left open


async def test_calendar_failing_at_booking_keeps_a_pending_meeting(
    sqlite_url: str, calendar_url: str, engine_closer: list[object]
) -> None:
    chat, engine = await _chat(
        sqlite_url, calendar_url, email="pat@acme.example", zone=None, link=None
    )
    engine_closer.append(engine)
    assert await chat.desk.offer(chat.lead_id, chat.sender, "en") is not None
    down = Booker(config=config_on(unreachable_url(), None), sessions=chat.sessions)  # type: ignore[arg-type]
    chat.desk.booker = down  # the calendar goes down between the offer and the choice
    answer = await chat.say("1")
    assert answer is not None and answer.endswith(
        "Someone from our team will get back to you here shortly to confirm a time."
    )
    [meeting] = await chat.meetings()
    assert meeting.status == "pending" and meeting.email == "pat@acme.example"
    notes = [r.payload["note"] for r in await chat.outbox() if r.kind == "slack.thread"]
    assert notes == ["meeting_pending"]


async def test_moving_reuses_the_email_given_and_cancel_while_moving_cancels(
    sqlite_url: str, calendar_url: str, engine_closer: list[object]
) -> None:
    chat, engine = await _chat(sqlite_url, calendar_url, email=None, zone="Europe/Paris")
    engine_closer.append(engine)
    await chat.desk.offer(chat.lead_id, chat.sender, "en")
    assert (await chat.say("1") or "").endswith(
        "Which email address should I send the invitation to?"
    )
    assert (await chat.say("pat@acme.example") or "").startswith("Done!")
    assert "1. Friday 11 December, 09:00" in (
        await chat.say("can we move the demo to friday?") or ""
    )
    moved = await chat.say("the first")  # the email given before is used, not asked again
    assert moved is not None and moved.startswith("Done!") and "pat@acme.example" in moved
    assert "1. Tuesday 8 December" in (await chat.say("could we reschedule it to tomorrow?") or "")
    cancelled = await chat.say("actually, just cancel the meeting")
    assert cancelled == (
        "Your demo of Friday 11 December, 09:00 (Europe/Paris) is cancelled. If you'd like "
        "another time, just ask."
    )
    assert [m.status for m in await chat.meetings()] == ["cancelled", "cancelled"]
