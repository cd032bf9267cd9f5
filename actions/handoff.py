"""`action_request_human`: the prospect asks for a person; the lead is handed to sales."""

from __future__ import annotations

from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType
from rasa_sdk.executor import CollectingDispatcher

from actions.ports import LeadFacts


class ActionRequestHuman(Action):
    def __init__(self, leads: LeadFacts | None = None) -> None:
        self._leads = leads

    def name(self) -> str:
        return "action_request_human"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[EventType]:
        lead_id = ((tracker.latest_message or {}).get("metadata") or {}).get("lead_id")
        if self._leads is not None and isinstance(lead_id, int):
            await self._leads.request_handoff(lead_id)
        dispatcher.utter_message(response="utter_human_handoff")
        return []
