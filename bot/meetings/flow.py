"""Meetings in the conversation: slots offered, a reply read, a meeting booked, moved or
cancelled (docs/meetings.md).

`MeetingDesk.offer` is what the actions call (actions.ports.MeetingDesk) on a demo request
or a qualification that ends SDR-ready; the offer is stored (`meeting_offers`) so the
prospect's next message, whichever app worker takes it, is read by `MeetingDesk.reply`
before the engine (`MeetingAwareEngine`): a choice books, "none of these, Thursday?"
proposes again, "cancel my demo" cancels. Anything else goes to the engine as usual.
The reading itself is pure (bot/meetings/dialogue.py); this module does the I/O.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import delete, select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.db.meeting_models import Meeting, MeetingOffer
from bot.db.models import Direction, Lead, Message
from bot.errors import CalendarUnavailable, SlotTaken
from bot.leads.scoring import aware
from bot.meetings import notify
from bot.meetings.booking import ACTIVE, Booker, BookingRequest
from bot.meetings.config import Rep
from bot.meetings.dialogue import (
    Later,
    Pick,
    Stop,
    asks_to_cancel,
    asks_to_move,
    find_email,
    fold,
    read_reply,
    when_asked,
    zone_named,
)
from bot.meetings.texts import fallback, say, slot_label, slot_list

OFFER_TTL = timedelta(hours=2)  # an offer older than this is forgotten
LANGUAGE_ZONES = {"fr": "Europe/Paris"}  # a guess when the browser gave no zone
SENDER_PREFIX = "conversation-"


def conversation_of(sender_id: str) -> int | None:
    tail = sender_id.removeprefix(SENDER_PREFIX)
    return int(tail) if sender_id.startswith(SENDER_PREFIX) and tail.isdigit() else None


class MeetingDesk:
    def __init__(
        self,
        booker: Booker,
        sessions: async_sessionmaker[AsyncSession],
        *,
        link_base: str,
        clock: Callable[[], datetime] = lambda: datetime.now(UTC),
    ) -> None:
        self.booker = booker
        self.sessions = sessions
        self.link_base = link_base.rstrip("/")
        self.clock = clock

    @property
    def rep(self) -> Rep:
        return self.booker.config.reps[0]  # one rep takes the demos (docs/meetings.md)

    def ics_link(self, meeting: Meeting) -> str:
        return f"{self.link_base}/meetings/{meeting.token}.ics"

    async def offer(self, lead_id: int, sender_id: str, language: str) -> str | None:
        """Three free slots to offer the prospect, in their zone (the text to say), or None
        when the conversation is unknown."""
        conversation_id = conversation_of(sender_id)
        if conversation_id is None:
            return None
        zone = await self._zone(conversation_id, language)
        return await self._propose(conversation_id, lead_id, zone, language, None, "offer")

    async def reply(
        self, conversation_id: int, lead_id: int, text: str, language: str
    ) -> str | None:
        """The answer to a message about the offered slots or a booked meeting; None when
        the message is about something else (the engine answers it)."""
        now = self.clock()
        async with self.sessions() as session:
            offer = await session.scalar(
                select(MeetingOffer).where(MeetingOffer.conversation_id == conversation_id)
            )
        if offer is not None and aware(offer.updated_at) > now - OFFER_TTL:
            return await self._answer(offer, lead_id, text, language, now)
        async with self.sessions() as session:
            meeting = await session.scalar(
                select(Meeting)
                .where(Meeting.lead_id == lead_id, Meeting.status.in_(ACTIVE))
                .where(Meeting.starts_at > now.astimezone(UTC))  # SQLite keeps no zone
                .order_by(Meeting.starts_at)
                .limit(1)
            )
        if meeting is None:
            return None
        zone = ZoneInfo(meeting.time_zone)
        if asks_to_cancel(text):
            await self.booker.cancel(meeting.id, now=now)
            slot = slot_label(aware(meeting.starts_at).astimezone(zone), language)
            return say("cancelled", language, slot=slot, zone=zone.key)
        if (when := asks_to_move(text, now.astimezone(zone))) is not None:
            named = when_asked(fold(text), now.astimezone(zone)) is not None
            return await self._propose(
                conversation_id, lead_id, zone, language, when, "offer_again", meeting.id,
                named=named,
            )  # fmt: skip
        return None

    async def _answer(
        self, offer: MeetingOffer, lead_id: int, text: str, language: str, now: datetime
    ) -> str | None:
        zone = zone_named(offer.time_zone) or ZoneInfo("UTC")
        if offer.awaiting == "email" and offer.chosen is not None:
            if email := find_email(text):
                return await self._book(offer, lead_id, aware(offer.chosen), email, language)
            if isinstance(read_reply(text, [], now.astimezone(zone)), Stop):
                return await self._stop(offer, text, language, now)
            return say("email_again", language)
        offered = [datetime.fromisoformat(s).astimezone(zone) for s in offer.slots]
        decision = read_reply(text, offered, now.astimezone(zone))
        if isinstance(decision, Stop):
            return await self._stop(offer, text, language, now)
        if isinstance(decision, Later):
            named = when_asked(fold(text), now.astimezone(zone)) is not None
            return await self._propose(
                offer.conversation_id, lead_id, zone, language, decision.not_before,
                "offer_again", offer.moving_id, named=named,
            )  # fmt: skip
        if isinstance(decision, Pick):
            email = find_email(text) or await self._known_email(lead_id)
            if email:
                return await self._book(offer, lead_id, decision.start, email, language)
            async with self.sessions() as session, session.begin():
                row = await session.get_one(MeetingOffer, offer.id)
                row.awaiting, row.chosen = "email", decision.start.astimezone(UTC)
                row.updated_at = now.astimezone(UTC)
            label = slot_label(decision.start, language)
            return say("ask_email", language, slot=label, zone=zone.key)
        return None

    async def _book(
        self, offer: MeetingOffer, lead_id: int, start: datetime, email: str, language: str
    ) -> str:
        now = self.clock()
        zone = zone_named(offer.time_zone) or ZoneInfo("UTC")
        request = BookingRequest(offer.rep_id, start, lead_id, email, zone.key)
        try:
            meeting = await self.booker.book(request, now=now)
        except SlotTaken:
            return await self._propose(
                offer.conversation_id, lead_id, zone, language, None, "taken", offer.moving_id
            )
        await self._forget(offer.conversation_id)
        rep = self.booker.rep(offer.rep_id)
        slot = slot_label(aware(meeting.starts_at).astimezone(zone), language)
        if meeting.status == "pending":
            back = fallback(language, rep.booking_link)
            return say("pending", language, slot=slot, zone=zone.key, rep=rep.name, fallback=back)
        text = say("booked", language, rep=rep.name, slot=slot, zone=zone.key, email=email,
                   link=self.ics_link(meeting))  # fmt: skip
        if offer.moving_id is not None and (
            old := await self.booker.cancel(offer.moving_id, now=now)
        ):
            text += say(
                "moved", language, old=slot_label(aware(old.starts_at).astimezone(zone), language)
            )
        return text

    async def _propose(
        self,
        conversation_id: int,
        lead_id: int,
        zone: ZoneInfo,
        language: str,
        not_before: datetime | None,
        key: str,
        moving_id: int | None = None,
        *,
        named: bool = False,
    ) -> str:
        """`named`: the prospect named the day or time `not_before` comes from."""
        rep, now = self.rep, self.clock()
        try:
            slots = await self.booker.slots(rep.id, now=now, show_in=zone, not_before=not_before)
        except CalendarUnavailable as exc:
            await self._give_up(conversation_id, lead_id, rep, str(exc))
            return say(
                "unavailable", language, rep=rep.name, fallback=fallback(language, rep.booking_link)
            )
        if not slots:
            await self._give_up(conversation_id, lead_id, rep, "no free slot")
            days = rep.availability.horizon_days
            return say(
                "none_free", language, days=days, fallback=fallback(language, rep.booking_link)
            )
        await self._remember(conversation_id, rep, zone, language, slots, moving_id)
        if named and not_before is not None and slots[0].date() != not_before.date():
            key = "offer_next"  # "Thursday afternoon?" and Thursday is full: say so
        minutes = rep.availability.meeting_minutes
        listed = slot_list(slots, language)
        return say(key, language, minutes=minutes, rep=rep.name, zone=zone.key, slots=listed)

    async def _remember(
        self, conversation_id: int, rep: Rep, zone: ZoneInfo, language: str,
        slots: list[datetime], moving_id: int | None,
    ) -> None:  # fmt: skip
        values: dict[str, Any] = {
            "rep_id": rep.id,
            "time_zone": zone.key,
            "language": language,
            "slots": [s.astimezone(UTC).isoformat() for s in slots],
            "awaiting": "choice",
            "chosen": None,
            "moving_id": moving_id,
            "updated_at": self.clock().astimezone(UTC),  # SQLite keeps no zone
        }
        async with self.sessions() as session, session.begin():
            row = await session.scalar(
                select(MeetingOffer).where(MeetingOffer.conversation_id == conversation_id)
            )
            if row is None:
                session.add(MeetingOffer(conversation_id=conversation_id, **values))
            else:
                for key, value in values.items():
                    setattr(row, key, value)

    async def _forget(self, conversation_id: int) -> None:
        async with self.sessions() as session, session.begin():
            await session.execute(
                delete(MeetingOffer).where(MeetingOffer.conversation_id == conversation_id)
            )

    async def _give_up(self, conversation_id: int, lead_id: int, rep: Rep, reason: str) -> None:
        """No slot to offer: the offer is dropped and the Slack thread asks a person."""
        await self._forget(conversation_id)
        async with self.sessions() as session, session.begin():
            await notify.offer_failed(session, lead_id, rep, reason)

    async def _stop(self, offer: MeetingOffer, text: str, language: str, now: datetime) -> str:
        """No new slot after all; "cancel the meeting" while moving one cancels that one."""
        await self._forget(offer.conversation_id)
        moving = offer.moving_id is not None and asks_to_cancel(text)
        if moving and (old := await self.booker.cancel(offer.moving_id or 0, now=now)):
            zone = zone_named(old.time_zone) or ZoneInfo("UTC")
            slot = slot_label(aware(old.starts_at).astimezone(zone), language)
            return say("cancelled", language, slot=slot, zone=zone.key)
        return say("stopped", language)

    async def _known_email(self, lead_id: int) -> str | None:
        """The lead's email, else the one given for its last meeting."""
        async with self.sessions() as session:
            email = await session.scalar(select(Lead.email).where(Lead.id == lead_id))
            return email or await session.scalar(
                select(Meeting.email)
                .where(Meeting.lead_id == lead_id)
                .order_by(Meeting.id.desc())
                .limit(1)
            )

    async def _zone(self, conversation_id: int, language: str) -> ZoneInfo:
        """The browser's zone (the widget sends it with each message), else one guessed from
        the language, else the rep's."""
        async with self.sessions() as session:
            data = await session.scalar(
                select(Message.data)
                .where(Message.conversation_id == conversation_id)
                .where(Message.direction == Direction.INBOUND)
                .order_by(Message.id.desc())
                .limit(1)
            )
        metadata = (data or {}).get("metadata") or {}
        browser = zone_named(metadata.get("time_zone")) if isinstance(metadata, dict) else None
        guessed = zone_named(LANGUAGE_ZONES.get(language))
        return browser or guessed or self.rep.availability.time_zone
