"""What the bot promised in a conversation: a request passed on to a person ("a person will
join you here", "I've passed your demo request"), unless taken back since ("please don't
contact me", "actually never mind"). Read from the bot's replies, latest first."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from rasa_sdk import Tracker

# The replies that passed a request on (their _email, _call... forms too), and the request.
PROMISED = {
    "utter_human_handoff": "requested",
    "utter_demo_requested": "demo_request",
    "utter_quote_requested": "quote_request",
}
# ...and the ones that took it back: nobody is to contact them.
TAKEN_BACK = ("utter_contact_deleted", "utter_contact_refused")


def reply_name(event: dict[str, Any]) -> str:
    """The response a bot event uttered ("" for other events and plain texts)."""
    if event.get("event") != "bot":
        return ""
    return str((event.get("metadata") or {}).get("utter_action") or "")


def replies(tracker: Tracker) -> Iterator[str]:
    """The bot's named replies, latest first."""
    return (said for event in reversed(tracker.events) if (said := reply_name(event)))


def taken_back(said: str) -> bool:
    return said.startswith(TAKEN_BACK) or said.endswith("_withdrawn")


def promised(said: str) -> str | None:
    """The request a reply passed on, or None."""
    return next((signal for reply, signal in PROMISED.items() if said.startswith(reply)), None)


def latest_request(tracker: Tracker) -> str | None:
    """The request the latest promise passed on, unless taken back since."""
    for said in replies(tracker):
        if taken_back(said):
            return None
        if signal := promised(said):
            return signal
    return None
