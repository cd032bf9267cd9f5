"""`action_deliver_gated_content`: after the gated-content form, the piece's link and the
behavioural event (a whitepaper downloaded, a webinar signed up for), or a polite no when
there is no address to write to."""

from __future__ import annotations

from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.content import text
from actions.fact_update import may_write
from actions.facts import lead_id_of, message_language
from actions.ports import LeadFacts
from nlu.content.search import ContentSearch

GATED_EVENTS = {"whitepaper": "whitepaper_download", "webinar": "webinar_signup"}


class ActionDeliverGatedContent(Action):
    """After the gated-content form: the link and the behavioural event, or a polite no."""

    def __init__(self, content: ContentSearch | None, leads: LeadFacts | None = None) -> None:
        self._content = content
        self._leads = leads

    def name(self) -> str:
        return "action_deliver_gated_content"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[EventType]:
        language = message_language(tracker)
        doc_id = tracker.get_slot("pending_content")
        doc = self._content.documents.get(str(doc_id)) if self._content and doc_id else None
        if doc is None:
            dispatcher.utter_message(response="utter_deny_ack")
            return [SlotSet("pending_content", None)]
        if may_write(tracker):
            lead_id = lead_id_of(tracker)
            event = GATED_EVENTS.get(doc.type)
            if self._leads is not None and lead_id is not None and event:
                await self._leads.record_event(
                    lead_id,
                    event,
                    {"content_id": doc.id, "title": doc.title},
                    idempotency_key=f"lead-{lead_id}-{event}-{doc.id}",
                )
            dispatcher.utter_message(text=text("delivered", language, title=doc.title, url=doc.url))
        else:
            dispatcher.utter_message(text=text("not_delivered", language, title=doc.title))
        return [SlotSet("pending_content", None)]
