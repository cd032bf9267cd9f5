"""How the notes in a handoff card's thread read in Slack: mentions, emoji and mrkdwn.

The handoff layer queues what happened (`note` and its facts, bot/handoffs/service.py); a
prospect's relayed message is queued by its id and read here, escaped, when it is sent.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from channels.slack.card import escape

SIGNALS = {"demo_request": "asked for a demo", "quote_request": "asked for a quote"}
WITHDRAWN = {
    "demo_request_withdrawn": "no longer wants a demo",
    "quote_request_withdrawn": "no longer wants a quote",
    "requested_withdrawn": "no longer need to talk to someone",
}


def mention(user_id: str) -> str:
    return f"<@{escape(user_id)}>"


def note_text(payload: dict[str, Any]) -> str:
    """The text of a `slack.thread` note. Rows queued before notes were queued by kind carry
    their `text` already rendered."""
    note = payload.get("note")
    if note == "claimed":
        who = mention(str(payload["user_id"]))
        return f"{who} claimed this lead. Replies in this thread go to the prospect."
    if note == "returned":
        return f"{mention(str(payload['user_id']))} handed the conversation back to the bot."
    if note == "reminder":
        return f":alarm_clock: Nobody has claimed this lead for {payload['minutes']} minutes."
    if note == "escalation":
        owner = payload.get("owner")
        who = mention(str(owner)) if owner else "Nobody"
        return (
            f":rotating_light: No verdict after {payload['hours']} hours. {who} — Yes, Maybe "
            "or No? Speed matters: leads go cold."
        )
    if note == "contact_refused":
        return (
            ":no_entry_sign: The prospect asked not to be contacted: their address and number "
            "are deleted, and an unclaimed lead is withdrawn. Reply in this thread only while "
            "they are in the chat."
        )
    if note == "signal" and (taken_back := WITHDRAWN.get(str(payload.get("signal")))):
        return f":information_source: The prospect said they {taken_back} (the lead stays yours)."
    if note == "signal":
        what = SIGNALS.get(str(payload.get("signal")), "sent a buying signal")
        return f":calendar: The prospect {what}: please follow up in this thread."
    if str(note).startswith("meeting_"):
        return meeting_text(payload)
    if note is not None:
        raise ValueError(f"unknown handoff note {note!r}")
    return str(payload.get("text") or "")


def when(iso: str, zone: str) -> str:
    """A meeting's start: in each reader's own zone (Slack's date formatting), with the
    time in `zone` as the fallback text."""
    start = datetime.fromisoformat(iso)
    try:
        local = start.astimezone(ZoneInfo(zone))
    except (ZoneInfoNotFoundError, ValueError):
        local, zone = start, "UTC"
    fallback = f"{local:%a %d %b %Y %H:%M} {zone}"
    return f"<!date^{int(start.timestamp())}^{{date_short_pretty}} {{time}}|{fallback}>"


def meeting_text(payload: dict[str, Any]) -> str:
    """A meeting booked, pending (a person books it), cancelled, or not offered."""
    note = payload["note"]
    if note == "meeting_unavailable":
        link = payload.get("booking_link")
        offer = (
            f"they were given the booking link {escape(str(link))}"
            if link
            else ("they were promised that someone will get back to them")
        )
        return (
            f":warning: The prospect asked for a demo, but {escape(str(payload['rep']))}'s "
            f"calendar could not be read ({escape(str(payload['reason']))}): {offer}. "
            "Please follow up in this thread."
        )
    meeting = payload["meeting"]
    start = when(meeting["start"], meeting["rep_time_zone"])
    theirs = when(meeting["start"], meeting["prospect_time_zone"])
    what = (
        f"with {escape(meeting['rep']['name'])} on {start} "
        f"(the prospect's zone: {escape(meeting['prospect_time_zone'])}, {theirs}), "
        f"attendee {escape(meeting['attendee_email'])}"
    )
    if note == "meeting_booked":
        return f":calendar: Demo booked {what}. The event is in the calendar."
    if note == "meeting_pending":
        return (
            f":warning: Demo requested {what}, but the calendar could not take it "
            f"({escape(str(payload.get('reason') or ''))}). The prospect was told someone "
            "will confirm: please book it by hand and reply in this thread."
        )
    if note == "meeting_cancelled":
        done = "" if payload.get("removed") else " Please delete the event from the calendar."
        return f":x: The prospect cancelled the demo {what}.{done}"
    raise ValueError(f"unknown handoff note {note!r}")


def prospect_text(text: str) -> str:
    """A prospect's message relayed to the rep: their words are never markup."""
    return f":speech_balloon: *Prospect:* {escape(text)}"
