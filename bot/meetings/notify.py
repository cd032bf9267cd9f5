"""What a meeting tells the team, in the transaction of the change: a note in the lead's
Slack handoff thread (booked, pending: a person must book it, cancelled) and the webhook
`meeting.booked`, both through the outbox. A lead with no active handoff gets one (reason
`demo_request`), so the note has a thread and the promise made to the prospect is kept."""

from __future__ import annotations

from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from bot.db.meeting_models import Meeting
from bot.db.models import Handoff, Lead
from bot.handoffs.service import active_handoff, open_handoff
from bot.leads.scoring import aware
from bot.meetings.config import Rep
from bot.outbox import enqueue
from bot.webhooks.events import lead_event


def meeting_view(meeting: Meeting, rep: Rep) -> dict[str, Any]:
    """The meeting as the webhook and the Slack note carry it."""
    return {
        "id": meeting.id,
        "status": meeting.status,
        "start": aware(meeting.starts_at).isoformat(),
        "end": aware(meeting.ends_at).isoformat(),
        "prospect_time_zone": meeting.time_zone,
        "attendee_email": meeting.email,
        "rep": {"id": rep.id, "name": rep.name, "email": rep.email},
        "rep_time_zone": rep.availability.time_zone.key,
        "caldav_uid": meeting.caldav_uid,
    }


async def _thread(session: AsyncSession, lead: Lead) -> Handoff | None:
    return await active_handoff(session, lead.id) or await open_handoff(
        session, lead, reason="demo_request"
    )


async def _note(session: AsyncSession, meeting: Meeting, rep: Rep, note: str, **facts: Any) -> None:
    lead = await session.get_one(Lead, meeting.lead_id)
    handoff = await _thread(session, lead)
    if handoff is None:  # an SDR-ready lead's one handoff is over: nothing to note in
        return
    await enqueue(
        session,
        "slack.thread",
        {"handoff_id": handoff.id, "note": note, "meeting": meeting_view(meeting, rep), **facts},
        dedupe_key=f"handoff-{handoff.id}-meeting-{meeting.id}-{note}",
        lead_id=lead.id,
    )


async def meeting_written(session: AsyncSession, meeting: Meeting, rep: Rep) -> None:
    """Booked: the thread shows it and `meeting.booked` goes out; pending: the thread asks a
    person to book it (the calendar failed) and `reason` says why."""
    if meeting.status == "booked":
        await _note(session, meeting, rep, "meeting_booked")
        lead = await session.get_one(Lead, meeting.lead_id)
        await lead_event(
            session,
            "meeting.booked",
            lead,
            key=f"meeting.booked-{meeting.id}",
            extra={"meeting": meeting_view(meeting, rep)},
        )
    elif meeting.status == "pending":
        await _note(session, meeting, rep, "meeting_pending", reason=meeting.reason or "")


async def meeting_cancelled(
    session: AsyncSession, meeting: Meeting, rep: Rep, *, removed: bool
) -> None:
    await _note(session, meeting, rep, "meeting_cancelled", removed=removed)


async def offer_failed(session: AsyncSession, lead_id: int, rep: Rep, reason: str) -> None:
    """No slot could be offered (the calendar is down): a person follows up."""
    lead = await session.get_one(Lead, lead_id)
    handoff = await _thread(session, lead)
    if handoff is not None:
        await enqueue(
            session,
            "slack.thread",
            {"handoff_id": handoff.id, "note": "meeting_unavailable", "reason": reason,
             "rep": rep.name, "booking_link": rep.booking_link},
            lead_id=lead.id,
        )  # fmt: skip
