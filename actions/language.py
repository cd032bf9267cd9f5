"""Keeps the `language` slot in step with the prospect's messages."""

from __future__ import annotations

from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher

from nlu.language import SUPPORTED, resolve_language


class ActionDetectLanguage(Action):
    """Custom slot mapping for `language`, run by the engine after every user message.

    The app resolves the language before calling the engine and sends it in the
    message metadata, so both sides agree; without it (rasa shell, story tests)
    the action resolves it from the text itself.
    """

    def name(self) -> str:
        return "action_detect_language"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[EventType]:
        message = tracker.latest_message or {}
        metadata = message.get("metadata") or {}
        current = tracker.get_slot("language")
        language = metadata.get("language")
        if language not in SUPPORTED:
            language = resolve_language(
                message.get("text") or "", current=current, hint=metadata.get("language_hint")
            )
        if language == current:
            return []
        return [SlotSet("language", language)]
