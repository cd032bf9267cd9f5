"""A greeting: the bot's welcome, or, after the prospect was told a person will reply here,
that the person is coming ("hello? anyone there?" had the welcome and its "Talk to a
person" button again)."""

from __future__ import annotations

from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType
from rasa_sdk.executor import CollectingDispatcher

# The replies that told the prospect a person will follow up (their _email, _call... forms).
PASSED_ON = ("utter_human_handoff", "utter_demo_requested", "utter_quote_requested")
# ...and the ones that took that back: nobody is to contact them.
TAKEN_BACK = ("utter_contact_deleted", "utter_contact_refused")


def awaits_a_person(tracker: Tracker) -> bool:
    """A person was promised in this conversation, and the prospect did not refuse since."""
    for event in reversed(tracker.events):
        if event.get("event") != "bot":
            continue
        said = str((event.get("metadata") or {}).get("utter_action") or "")
        if said.startswith(TAKEN_BACK) or said.endswith("_withdrawn"):
            return False  # "please don't contact me", "actually never mind"
        if said.startswith(PASSED_ON):
            return True
    return False


class ActionGreet(Action):
    def name(self) -> str:
        return "action_greet"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[EventType]:
        waiting = awaits_a_person(tracker)
        dispatcher.utter_message(response="utter_person_coming" if waiting else "utter_greet")
        return []
