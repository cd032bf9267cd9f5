"""A "no" out of the form: acknowledged. Right after the bot said a request was passed on
("a person will join you here", "I've passed your demo request"), "actually never mind",
"laissez tomber" take that request back: the rep is told in the card's thread and a handoff
nobody claimed is withdrawn (it had stayed open after "No problem")."""

from __future__ import annotations

import re
from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType
from rasa_sdk.executor import CollectingDispatcher

from actions.fact_update import may_write
from actions.handoff import withdraw
from actions.ports import LeadFacts
from actions.promises import latest_request, promised, reply_name
from actions.withdrawal import prefers_another_way, refusal_reply
from nlu.content.search import ContentSearch

# Not the replies that end on a question of their own ("Which number can they reach you
# on?", "If you leave your email…"): a "no" there answers it.
ASKS_SOMETHING = ("utter_human_handoff_number", "utter_demo_requested_email")
PERSON_WITHDRAWN = "utter_human_withdrawn"
# Giving up on the request itself, whatever came since ("en fait non laissez tomber, on a
# choisi un autre outil", "actually forget it, we went with another vendor").
_GIVES_UP = re.compile(
    r"\b(?:laisse[zr]? tomber|forget (?:it|about it)|never ?mind|nevermind|nvm|"
    r"(?:went|gone|going) with (?:another|a different|someone else)|"
    r"(?:choisi|pris|opt[ée]) (?:un autre|une autre|quelqu'un d'autre)|"
    r"not now|pas maintenant|plus besoin|no longer need|don'?t need it anymore)\b",
    re.IGNORECASE,
)


def request_just_passed_on(tracker: Tracker) -> str | None:
    """The request the bot's last reply before this message passed on, or None."""
    users = 0
    for event in reversed(tracker.events):
        users += event.get("event") == "user"
        if users != 1:  # only the bot's replies between the previous message and this one
            if users > 1:
                return None
            continue
        if event.get("event") != "bot":
            continue
        said = reply_name(event)
        if not said or said.startswith(ASKS_SOMETHING):
            return None
        return promised(said)
    return None


class ActionAcknowledgeNo(Action):
    """A "no" or "I'd rather not" out of the form: acknowledged; a refusal to be contacted
    is said back with what became of the address ("nobody will contact you, and I've
    deleted your contact details"); a request just passed on is taken back."""

    def __init__(self, leads: LeadFacts | None = None, content: ContentSearch | None = None):
        self._leads, self._content = leads, content

    def name(self) -> str:
        return "action_acknowledge_no"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[EventType]:
        if refused := refusal_reply(tracker):
            dispatcher.utter_message(response=refused)
            return []
        said = str((tracker.latest_message or {}).get("text") or "")
        if prefers_another_way(said) and latest_request(tracker) is not None:
            # "actually no, dont call, email me instead: j@…": the same request, by email
            dispatcher.utter_message(
                response="utter_human_handoff_email" if may_write(tracker) else "utter_deny_ack"
            )
            return []
        signal = request_just_passed_on(tracker)
        if signal is None and _GIVES_UP.search(said):
            signal = latest_request(tracker)  # "…, on a choisi un autre outil finalement"
        if signal in ("demo_request", "quote_request"):
            await withdraw(self._leads, self._content, dispatcher, tracker, signal)
            return []
        if signal == "requested":
            lead_id = ((tracker.latest_message or {}).get("metadata") or {}).get("lead_id")
            if self._leads is not None and isinstance(lead_id, int):
                await self._leads.withdraw_signal(lead_id, signal)
            dispatcher.utter_message(response=PERSON_WITHDRAWN)
            return []
        dispatcher.utter_message(response="utter_deny_ack")
        return []
