"""The shape of an action call the engine sends to /webhook, checked before any action runs.

rasa-sdk reads `tracker`, `latest_message`, its `metadata` and `slots` as objects and
`next_action` as a string; anything else raised deep inside it (a 500). Here it is a clear
400 naming the field. The message text is cut to MAX_MESSAGE_CHARS, as the chat routes
cut it, so no action extracts from more than a message can hold.
"""

from __future__ import annotations

import logging
from typing import Any

from bot.errors import BadActionCall

log = logging.getLogger(__name__)


def _object(value: Any, where: str, *, required: bool = False) -> dict[str, Any]:
    if value is None and not required:
        return {}
    if not isinstance(value, dict):
        raise BadActionCall(f"{where} must be an object")
    return value


def checked_action_call(call: Any, *, max_text_chars: int) -> dict[str, Any]:
    """`call` if it has the shape of an action call (its text cut to `max_text_chars`);
    raises BadActionCall otherwise."""
    call = _object(call, "the action call", required=True)
    if not isinstance(call.get("next_action"), str) or not call["next_action"]:
        raise BadActionCall("next_action must be the name of an action (a string)")
    _object(call.get("domain"), "domain")
    tracker = _object(call.get("tracker"), "tracker", required=True)
    if not isinstance(tracker.get("sender_id"), str):
        raise BadActionCall("tracker.sender_id must be a string")
    _object(tracker.get("slots"), "tracker.slots")
    _object(tracker.get("active_loop"), "tracker.active_loop")
    if not isinstance(tracker.get("events", []), list):
        raise BadActionCall("tracker.events must be a list")
    message = _object(tracker.get("latest_message"), "tracker.latest_message")
    _object(message.get("metadata"), "tracker.latest_message.metadata")
    _object(message.get("intent"), "tracker.latest_message.intent")
    text = message.get("text")
    if text is not None and not isinstance(text, str):
        raise BadActionCall("tracker.latest_message.text must be a string")
    if text and len(text) > max_text_chars:
        log.warning(
            "action call with a %d-character message: read up to %d characters",
            len(text),
            max_text_chars,
        )
        message["text"] = text[:max_text_chars]
    return call
