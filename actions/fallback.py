"""`action_default_fallback`: what the bot says when no rule or story knows what comes next.

Rasa's own fallback says "Could you rephrase your question?" to everything, a statement
too ("we have maybe 300 a month for this"). Ours asks to rephrase *the question* only when
the message asks one; otherwise it asks to say it another way (`utter_please_rephrase`).
Like Rasa's, it then forgets the message, so the conversation goes on as before it.
"""

from __future__ import annotations

import re
from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType, UserUtteranceReverted
from rasa_sdk.executor import CollectingDispatcher

FALLBACK = "action_default_fallback"
_QUESTION_START = re.compile(
    r"^\W*(?:how|what|whats|what's|where|when|why|which|who|whom|can|could|do|does|did|is|"
    r"are|will|would|should|shall|combien|comment|pourquoi|où|quand|quel|quelle|"
    r"quels|quelles|qui|quoi|est-ce|peut-on|pouvez-vous|avez-vous|faites-vous)\b",
    re.IGNORECASE,
)


def is_question(text: str) -> bool:
    """The message asks something: a question mark, or a question word opening it."""
    return "?" in text or _QUESTION_START.match(text) is not None


class ActionDefaultFallback(Action):
    def name(self) -> str:
        return FALLBACK

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[EventType]:
        text = str((tracker.latest_message or {}).get("text") or "")
        asked = is_question(text)
        dispatcher.utter_message(response="utter_default" if asked else "utter_please_rephrase")
        return [UserUtteranceReverted()]
