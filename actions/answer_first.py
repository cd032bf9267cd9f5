"""A question the classifier took for facts ("Are you ISO 27001 or SOC 2 certified?" as
`inform`) starts the qualification form; so does a message that gives facts and asks ("VP
Sales at Northwind, 2000 employees. Do you support SSO?"). Before the form's question, the
library's answer to what it asks (nlu/extract/questions.py), when the library has a
confident one: the facts are stored, and the question is not dropped."""

from __future__ import annotations

import asyncio
import re
from datetime import date
from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType
from rasa_sdk.executor import CollectingDispatcher

from actions.facts import message_language
from actions.turn import before_this_turn, set_this_turn
from nlu.content.reading_list import asks_for_documents
from nlu.content.search import ContentSearch
from nlu.extract.answers import asks_question
from nlu.extract.questions import asks_beside_facts, question_part

# Intents that start the form: the ones a question can be mistaken for.
STARTERS = frozenset({"inform", "state_need"})
# A question with facts ("Head of RevOps at Kestrel. is there SSO?" as `ask_content`): the
# facts fill the form, which goes on; the question is answered here, or said unanswered.
QUESTIONS = frozenset({"ask_content"})
# Actions that already answered the message.
ANSWERING = frozenset(
    {
        "action_answer_content",
        "action_acknowledge",
        "action_resume_question",
        "action_default_fallback",  # in the form, it answers, then the form asks again
    }
)


def unanswered_question(tracker: Tracker) -> bool:
    """The latest message asks a question, was classified as facts (it may have given
    some), and nothing has answered it yet."""
    message = tracker.latest_message or {}
    intent = (message.get("intent") or {}).get("name")
    text = str(message.get("text") or "")
    # "vous pouvez m envoyer une doc ? claire.b@…": whatever the classifier makes of it
    documents = asks_for_documents(text)
    if not documents and (intent not in STARTERS | QUESTIONS or not asks_question(text)):
        return False
    for event in reversed(tracker.events):
        if event.get("event") == "user":
            return True
        if event.get("event") == "action" and event.get("name") in ANSWERING:
            return False
    return True


# Who a question is about: the prospect's side ("when would we need it?") or ours.
_THEIR_SIDE = re.compile(r"\b(?:we|i|our|my|us|on|nous|je|j|notre|nos|ma|mon|mes)\b", re.I)
_OUR_SIDE = re.compile(
    r"\b(?:you|your|yours|u|ur|vous|votre|vos|tu|ton|ta|tes|orbitly)\b", re.IGNORECASE
)
_ASKING = re.compile(r"[^.?!]*\?")


def echoes_our_question(tracker: Tracker, text: str) -> bool:
    """ "when would we need it? hmm end of next quarter": the prospect asks our question
    of themselves, about their side, and the message answers it. No library search is
    owed, nor "I have no reliable answer"."""
    asked = [m.group(0) for m in _ASKING.finditer(text)]
    if not asked or not all(_THEIR_SIDE.search(q) and not _OUR_SIDE.search(q) for q in asked):
        return False
    pending = before_this_turn(tracker, "requested_slot")  # the question the message met
    return pending is not None and set_this_turn(tracker, pending) is not None


class AnswerFirst(Action):
    """A question of the form (`inner`), preceded by the answer to a question mistaken for
    facts; the same name, so the form calls it as before."""

    def __init__(self, inner: Action, content: ContentSearch | None, answer: Action) -> None:
        self._inner = inner
        self._content = content
        self._answer = answer

    def name(self) -> str:
        return self._inner.name()

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[EventType]:
        events: list[EventType] = []
        content = self._content
        if content is not None and unanswered_question(tracker):
            text = str((tracker.latest_message or {}).get("text") or "")
            question = question_part(text, today=date.today())
            found = await asyncio.to_thread(
                content.ask, question, language=message_language(tracker)
            )
            intent = ((tracker.latest_message or {}).get("intent") or {}).get("name")
            # A question sentence beside facts ("on perd des leads. vous etes hébergés en
            # france ?") is a question whatever the classifier says: answered, or said
            # unanswered with the closest document.
            beside = asks_beside_facts(text)
            documents = asks_for_documents(text)  # "vous avez une plaquette ?"
            asks_us = (intent in QUESTIONS or beside) and not echoes_our_question(tracker, text)
            if (found.answered and found.document is not None) or asks_us or documents:
                answered = await self._answer.run(dispatcher, tracker, domain)
                # Back to the form is where this already is: the question comes next.
                events += [e for e in answered if e.get("event") != "followup"]
        return [*events, *await self._inner.run(dispatcher, tracker, domain)]
