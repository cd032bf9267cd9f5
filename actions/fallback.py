"""`action_default_fallback`: what the bot says when no rule or story knows what comes next.

Rasa's own fallback says "Could you rephrase your question?" to everything, a statement
too ("we have maybe 300 a month for this"). Ours asks to rephrase *the question* only when
the message asks one; otherwise it asks to say it another way (`utter_please_rephrase`).
A question the library answers is answered instead ("how much is it?" in the middle of the
qualification, when no rule expected a question there). Like Rasa's, it then forgets the
message, so the conversation goes on as before it. In the qualification form, a question
the form could not file is answered (or said unanswered) and the form asks its question
again; it is not forgotten, and it is no miss of the question asked.
"""

from __future__ import annotations

import asyncio
import re
from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType, FollowupAction, SlotSet, UserUtteranceReverted
from rasa_sdk.executor import CollectingDispatcher

from actions.facts import FORM, MISSES, message_language
from actions.profile import SKIPPED
from actions.turn import before_this_turn, set_this_turn
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
        if asked and tracker.active_loop_name == FORM and self._answer is not None:
            # "ok et vous gérez les leads qui viennent de seloger ?" read as a need the form
            # could not file: answered, or said unanswered, then the question comes back;
            # a question of their own is no miss of ours.
            answered = await self._answer.run(dispatcher, tracker, domain)
            kept = [e for e in answered if e.get("event") != "followup"]
            kept.append(SlotSet(MISSES, before_this_turn(tracker, MISSES)))
            requested = tracker.get_slot("requested_slot")
            if requested and set_this_turn(tracker, requested) == SKIPPED:
                kept.append(SlotSet(requested, None))  # skipped for this "miss": not skipped
            return [*kept, FollowupAction(FORM)]
        if asked and self._content is not None and self._answer is not None:
            found = await asyncio.to_thread(
                self._content.ask, text, language=message_language(tracker)
            )
            if found.answered and found.document is not None:
                await self._answer.run(dispatcher, tracker, domain)
                return [UserUtteranceReverted()]
        dispatcher.utter_message(response="utter_default" if asked else "utter_please_rephrase")
        return [UserUtteranceReverted()]
