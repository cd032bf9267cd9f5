"""A greeting: the bot's welcome, or, after the prospect was told a person will reply here,
that the person is coming ("hello? anyone there?" had the welcome and its "Talk to a
person" button again). A greeting that asks something ("bonjour, vous avez une plaquette
?") is answered as the question it is."""

from __future__ import annotations

import re
from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType
from rasa_sdk.executor import CollectingDispatcher

from actions.profile import NOT_A_BUYER_REPLY
from actions.promises import latest_request
from actions.turn import set_this_turn
from nlu.content.reading_list import asks_for_documents
from nlu.extract.answers import asks_question

# The greeting words a message opens with: what follows them may ask something.
_GREETING = re.compile(
    r"^\W*(?:(?:bonjour|bonsoir|salut|hello|hi|hey|coucou|bjr|slt|yo|hiya|good (?:morning|"
    r"afternoon|evening)|dear \w+|madame|monsieur|all|there|team|tout le monde)\b[\s,!?.:;-]*)+",
    re.IGNORECASE,
)
MIN_ASKING_WORDS = 3
# Asking whether anyone is there, or how the bot is: a greeting still, not a question for
# the library.
_SMALL_TALK = re.compile(
    r"\b(?:anyone|anybody|someone|somebody|quelqu['’ ]?\s?un|y a du monde|you there|"
    r"how are (?:you|u|things)|how'?s (?:it going|your day|life)|how is (?:everyone|your day)|"
    r"how (?:you|u) doing|what'?s (?:up|new|going on)|wh?at'?s? up|sup|"
    r"who (?:am i|is this|'?s this|are (?:you|u))|(?:talking|speaking) (?:to|with)|"
    r"[çc]a va|comment (?:allez|vas|ça|ca)|(?:vous allez|tu vas) bien|quoi de (?:neuf|beau)|"
    r"(?:à|a) qui je parle|qui est l[àa]|qui (?:êtes|etes)[- ]vous|se parler|"
    r"(?:rappeler|appeler|call me|ring me))\b",
    re.IGNORECASE,
)


def asks_beyond_greeting(text: str) -> bool:
    """Something is asked after the greeting words ("hi, do you do SSO?")."""
    rest = _GREETING.sub("", text)
    if rest == text or len(re.findall(r"\w+", rest)) < MIN_ASKING_WORDS:
        return False
    if _SMALL_TALK.search(rest):
        return False
    return asks_question(rest) or asks_for_documents(rest)


def awaits_a_person(tracker: Tracker) -> bool:
    """A person was promised in this conversation, and the prospect did not refuse since."""
    return latest_request(tracker) is not None


class ActionGreet(Action):
    """`answer`: the action that answers from the library (`action_answer_content`)."""

    def __init__(self, answer: Action | None = None) -> None:
        self._answer = answer

    def name(self) -> str:
        return "action_greet"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[EventType]:
        if (reason := set_this_turn(tracker, "disqualified")) in NOT_A_BUYER_REPLY:
            # "bonjour je cherche un emploi chez vous, vous recrutez ?": not only a hello
            dispatcher.utter_message(response=NOT_A_BUYER_REPLY[reason])
            return []
        said = str((tracker.latest_message or {}).get("text") or "")
        if self._answer is not None and asks_beyond_greeting(said):
            return list(await self._answer.run(dispatcher, tracker, domain))
        waiting = awaits_a_person(tracker)
        dispatcher.utter_message(response="utter_person_coming" if waiting else "utter_greet")
        return []
