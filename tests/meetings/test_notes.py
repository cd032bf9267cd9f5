"""How meeting notes read in the Slack thread: times in each reader's zone with a fallback,
the prospect's zone named, and the prospect's words (their email) never markup."""

from __future__ import annotations

from channels.slack.notes import note_text

MEETING = {
    "start": "2026-12-08T09:00:00+00:00",
    "end": "2026-12-08T09:30:00+00:00",
    "prospect_time_zone": "America/New_York",
    "attendee_email": "<!channel>@acme.example",
    "rep": {"id": "alice", "name": "Alice Martin", "email": "alice@orbitly.example"},
    "rep_time_zone": "Europe/Paris",
}


def test_a_booked_meeting_note() -> None:
    text = note_text({"note": "meeting_booked", "meeting": MEETING})
    assert text.startswith(":calendar: Demo booked with Alice Martin on <!date^1796720400^")
    assert "|Tue 08 Dec 2026 10:00 Europe/Paris>" in text
    assert "|Tue 08 Dec 2026 04:00 America/New_York>" in text
    assert "&lt;!channel&gt;@acme.example" in text and "<!channel>" not in text


def test_pending_cancelled_and_unavailable_notes() -> None:
    pending = note_text({"note": "meeting_pending", "meeting": MEETING, "reason": "<down>"})
    assert "please book it by hand" in pending and "&lt;down&gt;" in pending
    cancelled = note_text({"note": "meeting_cancelled", "meeting": MEETING, "removed": False})
    assert cancelled.startswith(":x: The prospect cancelled") and "delete the event" in cancelled
    unavailable = note_text(
        {"note": "meeting_unavailable", "reason": "ConnectionError", "rep": "Alice Martin",
         "booking_link": None}
    )  # fmt: skip
    assert "promised that someone will get back to them" in unavailable
