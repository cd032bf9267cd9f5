"""Answering content questions from the library, offering the next piece, and handing over
gated pieces (whitepaper, webinar) in exchange for an email given with consent."""

from __future__ import annotations

import asyncio
from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.facts import held, message_language
from actions.offers import next_offer
from actions.ports import LeadFacts
from nlu.content.library import Document
from nlu.content.search import ContentSearch

GATED_EVENTS = {"whitepaper": "whitepaper_download", "webinar": "webinar_signup"}
TEXTS = {
    "source": {"fr": "Source : {title} — {url}", "en": "Source: {title} — {url}"},
    "unanswered": {
        "fr": "Je n'ai pas de réponse fiable à cela dans notre documentation, et je préfère "
        "ne pas inventer. Voulez-vous en parler avec une personne de l'équipe, ou reformuler ?",
        "en": "I don't have a reliable answer to that in our documentation, and I'd rather "
        "not make one up. Would you like to talk to a person from our team, or rephrase?",
    },
    "closest": {
        "fr": "Le document le plus proche que j'ai trouvé : {title} — {url}",
        "en": "The closest document I found: {title} — {url}",
    },
    "offer": {
        "fr": "Pour aller plus loin : {title} — {url}",
        "en": "You may also like: {title} — {url}",
    },
    "offer_gated": {
        "fr": "Pour aller plus loin, je peux vous envoyer « {title} ». Le voulez-vous ? "
        "Il me faudra simplement votre adresse e-mail.",
        "en": "To go further, I can send you “{title}”. Would you like it? I'll just need "
        "your email address.",
    },
    "offer_gated_known": {
        "fr": "Pour aller plus loin, je peux vous envoyer « {title} ». Le voulez-vous ?",
        "en": "To go further, I can send you “{title}”. Would you like it?",
    },
    "delivered": {
        "fr": "C'est fait ! Voici votre accès à « {title} » : {url}",
        "en": "Done! Here is your access to “{title}”: {url}",
    },
    "not_delivered": {
        "fr": "Pas de souci. Sans adresse e-mail je ne peux pas vous envoyer « {title} », "
        "mais je reste là pour vos questions.",
        "en": "No problem. Without an email address I can't send you “{title}”, but I'm "
        "here for any question.",
    },
}
BUTTONS = {
    "unanswered": {
        "fr": [("Parler à une personne", "/request_human")],
        "en": [("Talk to a person", "/request_human")],
    },
    "offer_gated": {
        "fr": [("Oui, volontiers", "/request_gated_content"), ("Non merci", "/deny")],
        "en": [("Yes please", "/request_gated_content"), ("No thanks", "/deny")],
    },
}
MIDDLE_BAND = 0.6  # share of the threshold above which the closest document is worth naming


def text(key: str, language: str, **values: str) -> str:
    return TEXTS[key].get(language, TEXTS[key]["en"]).format(**values)


def buttons(key: str, language: str) -> list[dict[str, str]]:
    pairs = BUTTONS[key].get(language, BUTTONS[key]["en"])
    return [{"title": title, "payload": payload} for title, payload in pairs]


def offer_gated(
    dispatcher: CollectingDispatcher, tracker: Tracker, language: str, doc: Document
) -> None:
    """Offer a gated piece; don't ask for an email the prospect already gave with consent."""
    known = tracker.get_slot("contact_consent") is True and held(tracker, "email")
    key = "offer_gated_known" if known else "offer_gated"
    dispatcher.utter_message(
        text=text(key, language, title=doc.title), buttons=buttons("offer_gated", language)
    )


def lead_id_of(tracker: Tracker) -> int | None:
    lead_id = ((tracker.latest_message or {}).get("metadata") or {}).get("lead_id")
    return lead_id if isinstance(lead_id, int) else None


class ActionAnswerContent(Action):
    def __init__(self, content: ContentSearch | None, leads: LeadFacts | None = None) -> None:
        self._content = content
        self._leads = leads

    def name(self) -> str:
        return "action_answer_content"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[EventType]:
        language = message_language(tracker)
        question = str((tracker.latest_message or {}).get("text") or "")
        if self._content is None:
            dispatcher.utter_message(
                text=text("unanswered", language), buttons=buttons("unanswered", language)
            )
            return []
        answer = await asyncio.to_thread(self._content.ask, question, language=language)
        intent = ((tracker.latest_message or {}).get("intent") or {}).get("name")
        if not answer.answered or answer.document is None:
            if intent == "nlu_fallback":  # not understood, and not in the library either
                dispatcher.utter_message(response="utter_please_rephrase")
                return []
            dispatcher.utter_message(
                text=text("unanswered", language), buttons=buttons("unanswered", language)
            )
            if answer.sources and answer.confidence >= MIDDLE_BAND * self._content.threshold:
                s = answer.sources[0]
                dispatcher.utter_message(text=text("closest", language, title=s.title, url=s.url))
            return []
        doc = answer.document
        offered = list(tracker.get_slot("offered_content") or [])
        events: list[EventType] = []
        if doc.gated:
            # A gated piece is not given away in an answer: its summary, then the offer.
            summary = doc.passages[0].text if doc.passages else doc.title
            dispatcher.utter_message(text=summary)
            if doc.id not in offered:
                offer_gated(dispatcher, tracker, language, doc)
                return [
                    SlotSet("offered_content", [*offered, doc.id]),
                    SlotSet("pending_content", doc.id),
                ]
            return []
        dispatcher.utter_message(
            text=f"{answer.answer}\n\n{text('source', language, title=doc.title, url=doc.url)}"
        )
        stage = None
        lead_id = lead_id_of(tracker)
        if self._leads is not None and lead_id is not None:
            status = await self._leads.status(lead_id)
            stage = status.stage if status else None
        offer = next_offer(
            self._content.documents.values(),
            lead_stage=stage,
            topics=doc.topics,
            language=language,
            exclude=[*offered, doc.id],
        )
        if offer is not None:
            offered.append(offer.id)
            events.append(SlotSet("offered_content", offered))
            if offer.gated:
                offer_gated(dispatcher, tracker, language, offer)
                events.append(SlotSet("pending_content", offer.id))
            else:
                dispatcher.utter_message(
                    text=text("offer", language, title=offer.title, url=offer.url)
                )
        return events


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
        if tracker.get_slot("contact_consent") is True and held(tracker, "email"):
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
