"""`action_default_fallback`: what the bot says when no rule or story knows what comes next.

Rasa's own fallback says "Could you rephrase your question?" to everything, a statement
too ("we have maybe 300 a month for this"). Ours asks to rephrase *the question* only when
the message asks one; otherwise it asks to say it another way (`utter_please_rephrase`).
A question the library answers is answered instead ("how much is it?" in the middle of the
qualification, when no rule expected a question there). Like Rasa's, it then forgets the
message, so the conversation goes on as before it.
"""

from __future__ import annotations

import asyncio
import re
from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType, UserUtteranceReverted
from rasa_sdk.executor import CollectingDispatcher

from actions.facts import message_language
from nlu.content.search import ContentSearch
from nlu.question_words import QUESTION_START

FALLBACK = "action_default_fallback"


_SENTENCE_BREAK = re.compile(r"[.!;\n]+")


def is_question(text: str) -> bool:
    """The message asks something: a question mark, or a question word opening one of its
    sentences ("hmm ok. is the data stored in the eu")."""
    return "?" in text or any(QUESTION_START.match(s) for s in _SENTENCE_BREAK.split(text))


class ActionDefaultFallback(Action):
    """`answer`: the action that answers from the library (`action_answer_content`)."""

    def __init__(self, content: ContentSearch | None = None, answer: Action | None = None) -> None:
        self._content = content
        self._answer = answer

    def name(self) -> str:
        return FALLBACK

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[EventType]:
        text = str((tracker.latest_message or {}).get("text") or "")
        asked = is_question(text)
        if asked and self._content is not None and self._answer is not None:
            found = await asyncio.to_thread(
                self._content.ask, text, language=message_language(tracker)
            )
            if found.answered and found.document is not None:
                await self._answer.run(dispatcher, tracker, domain)
                return [UserUtteranceReverted()]
        dispatcher.utter_message(response="utter_default" if asked else "utter_please_rephrase")
        return [UserUtteranceReverted()]
