"""The events since the prospect's latest message: what this turn has done so far."""

from __future__ import annotations

from typing import Any

from rasa_sdk import Tracker


def this_turn(tracker: Tracker) -> list[dict[str, Any]]:
    """The events after the latest user message, newest first (all of them without one)."""
    events: list[dict[str, Any]] = []
    for event in reversed(tracker.events):
        if event.get("event") == "user":
            break
        events.append(event)
    return events


def set_this_turn(tracker: Tracker, slot: str) -> Any:
    """The value this turn gave `slot` (the newest, not empty), or None."""
    return next(
        (
            e["value"]
            for e in this_turn(tracker)
            if e.get("event") == "slot" and e.get("name") == slot and e.get("value")
        ),
        None,
    )


def ran_this_turn(tracker: Tracker, action: str) -> bool:
    """`action` already ran after the latest user message."""
    return any(e.get("event") == "action" and e.get("name") == action for e in this_turn(tracker))


def pending_this_turn(tracker: Tracker, slot: str) -> Any:
    """The latest value this turn gave `slot`, None when it gave none or its latest was
    None (said, then cleared)."""
    return next(
        (
            e["value"]
            for e in this_turn(tracker)
            if e.get("event") == "slot" and e.get("name") == slot
        ),
        None,
    )


def before_this_turn(tracker: Tracker, slot: str) -> Any:
    """The value `slot` had when the latest user message came (its latest setting before
    it), or None."""
    seen_user = False
    for event in reversed(tracker.events):
        if event.get("event") == "user":
            seen_user = True
        elif seen_user and event.get("event") == "slot" and event.get("name") == slot:
            return event.get("value")
    return None
