"""How the notes in a handoff card's thread read in Slack: mentions, emoji and mrkdwn.

The handoff layer queues what happened (`note` and its facts, bot/handoffs/service.py); a
prospect's relayed message is queued by its id and read here, escaped, when it is sent.
"""

from __future__ import annotations

from typing import Any

from channels.slack.card import escape

SIGNALS = {"demo_request": "asked for a demo", "quote_request": "asked for a quote"}


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
    if note == "signal":
        what = SIGNALS.get(str(payload.get("signal")), "sent a buying signal")
        return f":calendar: The prospect {what}: please follow up in this thread."
    if note is not None:
        raise ValueError(f"unknown handoff note {note!r}")
    return str(payload.get("text") or "")


def prospect_text(text: str) -> str:
    """A prospect's message relayed to the rep: their words are never markup."""
    return f":speech_balloon: *Prospect:* {escape(text)}"
