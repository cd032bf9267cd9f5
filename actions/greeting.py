"""A greeting: the bot's welcome, or, after the prospect was told a person will reply here,
that the person is coming ("hello? anyone there?" had the welcome and its "Talk to a
person" button again)."""

from __future__ import annotations

from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType
from rasa_sdk.executor import CollectingDispatcher

from actions.profile import NOT_A_BUYER_REPLY
from actions.promises import latest_request
from actions.turn import set_this_turn


def awaits_a_person(tracker: Tracker) -> bool:
    """A person was promised in this conversation, and the prospect did not refuse since."""
    return latest_request(tracker) is not None


class ActionGreet(Action):
    def name(self) -> str:
        return "action_greet"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[EventType]:
        if (reason := set_this_turn(tracker, "disqualified")) in NOT_A_BUYER_REPLY:
            # "bonjour je cherche un emploi chez vous, vous recrutez ?": not only a hello
            dispatcher.utter_message(response=NOT_A_BUYER_REPLY[reason])
            return []
        waiting = awaits_a_person(tracker)
        dispatcher.utter_message(response="utter_person_coming" if waiting else "utter_greet")
        return []
