"""Answering content questions from the library, offering the next piece, and handing over
gated pieces (whitepaper, webinar) in exchange for an email given with consent."""

from __future__ import annotations

import asyncio
from datetime import date
from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType, FollowupAction, SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.asked import log_question
from actions.fact_update import may_write
from actions.facts import FORM, GATED_FORM, carried_facts, lead_id_of, message_language
from actions.greeting import awaits_a_person
from actions.offers import next_offer
from actions.ports import LeadFacts
from actions.profile import NOT_A_BUYER_REPLY
from actions.questions import ASK_AWAY
from actions.turn import set_this_turn
from actions.withdrawal import refusal_reply
from nlu.content.library import Document
from nlu.content.reading_list import asks_for_documents, reading_list
from nlu.content.search import Answer, ContentSearch, plain
from nlu.content.subject import names_a_subject
from nlu.extract.answers import asks_question, asks_something
from nlu.extract.questions import (
    asks_beside_facts,
    asks_leave_to_ask,
    asks_to_stop_questions,
    asks_to_switch_language,
    question_part,
    without_stop_request,
)

TEXTS = {
    "source": {"fr": "Source : {title} — {url}", "en": "Source: {title} — {url}"},
    "unanswered": {
        "fr": "Je n'ai pas de réponse fiable à cela dans notre documentation, et je préfère "
        "ne pas inventer. Voulez-vous en parler avec une personne de l'équipe, ou reformuler ?",
        "en": "I don't have a reliable answer to that in our documentation, and I'd rather "
        "not make one up. Would you like to talk to a person from our team, or rephrase?",
    },
    # a person was promised already (actions/greeting.py): not offered a second time
    "unanswered_waiting": {
        "fr": "Je n'ai pas de réponse fiable à cela dans notre documentation, et je préfère "
        "ne pas inventer. La personne de notre équipe qui a votre demande pourra vous répondre "
        "ici.",
        "en": "I don't have a reliable answer to that in our documentation, and I'd rather "
        "not make one up. The person from our team who has your request can answer it here.",
    },
    "ask_away": ASK_AWAY,
    "documents": {
        "fr": "Voici nos documents, à lire ou à partager :\n{items}",
        "en": "Here are our documents, to read or share:\n{items}",
    },
    "language_switched": {
        "fr": "Bien sûr, continuons en français.",
        "en": "Of course, let's continue in English.",
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
PRODUCT = "ask_product"  # "what does your product do?": the library's overview answers
ACKNOWLEDGE = "action_acknowledge"
RESUME = "action_resume_question"
THANK = "action_thank"
# What each name says to a bare yes / thanks (a message that asks a question is answered).
ACK_RESPONSES = {ACKNOWLEDGE: "utter_affirm_ack", THANK: "utter_you_are_welcome", RESUME: None}
MIDDLE_BAND = 0.6  # share of the threshold above which the closest document is worth naming
# "tell me a joke", "quel temps fait-il à Paris ?" (out_of_scope at 0.96-1.0) are answered as
# out of scope without a search: "Paris" is a word of the library. "can we kick the tyres
# first?" (out_of_scope at 0.40) is a question the library may answer.
SURE_OUT_OF_SCOPE = 0.7


def text(key: str, language: str, **values: str) -> str:
    return TEXTS[key].get(language, TEXTS[key]["en"]).format(**values)


def buttons(key: str, language: str) -> list[dict[str, str]]:
    pairs = BUTTONS[key].get(language, BUTTONS[key]["en"])
    return [{"title": title, "payload": payload} for title, payload in pairs]


def offer_gated(
    dispatcher: CollectingDispatcher, tracker: Tracker, language: str, doc: Document
) -> None:
    """Offer a gated piece; don't ask for an email the prospect already gave with consent."""
    key = "offer_gated_known" if may_write(tracker) else "offer_gated"
    dispatcher.utter_message(
        text=text(key, language, title=doc.title), buttons=buttons("offer_gated", language)
    )


GATED_PAYLOAD = "/request_gated_content"


def offered_just_now(tracker: Tracker) -> bool:
    """The bot's last message offered a gated piece (its button), still pending."""
    if not tracker.get_slot("pending_content"):
        return False
    said = next((e for e in reversed(tracker.events) if e.get("event") == "bot"), None)
    buttons_shown = ((said or {}).get("data") or {}).get("buttons") or []
    return any(b.get("payload") == GATED_PAYLOAD for b in buttons_shown)


def utter_unanswered(
    dispatcher: CollectingDispatcher, language: str, *, waiting: bool = False
) -> None:
    """Say the library has no reliable answer, and offer a person (`waiting`: one was
    promised already, and will answer)."""
    if waiting:
        dispatcher.utter_message(text=text("unanswered_waiting", language))
        return
    dispatcher.utter_message(
        text=text("unanswered", language), buttons=buttons("unanswered", language)
    )


def send_reading_list(
    dispatcher: CollectingDispatcher, content: ContentSearch, language: str
) -> None:
    """The library's overview, prices and a case study, as links ("envoyez-moi une doc")."""
    docs = reading_list(content.documents.values(), language)
    items = "\n".join(f"• {d.title} — {d.url}" for d in docs)
    if items:
        dispatcher.utter_message(text=text("documents", language, items=items))
    else:
        utter_unanswered(dispatcher, language)


def replied_without_search(
    dispatcher: CollectingDispatcher, tracker: Tracker, said: str, question: str, language: str
) -> bool:
    """A message that asks nothing of the library, replied to: out of scope for sure, leave
    to ask, a request to stop the questions or to switch language. False otherwise."""
    intent = (tracker.latest_message or {}).get("intent") or {}
    if intent.get("name") == "out_of_scope" and (intent.get("confidence") or 0.0) >= (
        SURE_OUT_OF_SCOPE
    ):
        dispatcher.utter_message(response="utter_out_of_scope")
    elif asks_leave_to_ask(said):  # "can I ask a few questions?": no question yet
        dispatcher.utter_message(text=text("ask_away", language))
    elif asks_to_stop_questions(said) and not question.strip(" ?!.,"):  # nothing else asked
        if tracker.active_loop_name != FORM:  # the form says it as it ends
            dispatcher.utter_message(response="utter_questions_stopped")
    elif asks_to_switch_language(said):  # "sorry, can we switch to English?"
        dispatcher.utter_message(text=text("language_switched", language))
    else:
        return False
    return True


class ActionAnswerContent(Action):
    """Answer from the library with its source, then offer at most one piece to read next;
    a gated piece answers with its summary and is offered in exchange for an email."""

    def __init__(self, content: ContentSearch | None, leads: LeadFacts | None = None) -> None:
        self._content = content
        self._leads = leads

    def name(self) -> str:
        return "action_answer_content"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[EventType]:
        language = message_language(tracker)
        said = str((tracker.latest_message or {}).get("text") or "")
        # without the facts around it, nor "stop asking me questions"
        question = question_part(without_stop_request(said), today=date.today())
        intent = ((tracker.latest_message or {}).get("intent") or {}).get("name")
        # "liam@uni.edu": a fact, not a question; "our sales team ignores half the MQLs.
        # do you integrate with hubspot?": facts, then a question answered before the form
        to_form = intent == "nlu_fallback" and carried_facts(tracker)
        if asks_for_documents(said) and self._content is not None:  # "envoyez-moi une doc"
            send_reading_list(dispatcher, self._content, language)
            return [FollowupAction(FORM)] if to_form else []
        if to_form and not asks_beside_facts(said):
            return [FollowupAction(FORM)]
        if replied_without_search(dispatcher, tracker, said, question, language):
            return []
        if self._content is None:
            utter_unanswered(dispatcher, language)
            return []
        overview = self._content.overview(language) if intent == PRODUCT else None
        # one answer per question when it asks several (nlu/content/several.py)
        answers = await asyncio.to_thread(self._content.ask_each, question, language=language)
        answer, others = answers[0], answers[1:]
        if overview is not None and not names_a_subject(answer, question):
            answer, others = overview, []
        await log_question(self._leads, tracker, question, language, answer)  # analytics
        if to_form and (not answer.answered or answer.document is None):
            return [FollowupAction(FORM)]  # the facts are what it surely said
        if not answer.answered or answer.document is None:
            in_form = tracker.active_loop_name in (None, FORM)  # not the gated-content form
            facts_or_form = carried_facts(tracker) or tracker.active_loop_name == FORM
            if in_form and facts_or_form and not asks_something(said):
                # "no budget set yet", "budget? like 200/mo"; "prix c'est pas un souci" while
                # the form waits: a statement, not a question the library failed
                return [FollowupAction(FORM)]
            self._not_answered(dispatcher, tracker, language, answer, self._content.threshold)
            return []
        doc = answer.document
        offered = list(tracker.get_slot("offered_content") or [])
        if doc.gated:
            return self._summarise_gated(dispatcher, tracker, language, doc, offered)
        for each in (answer, *(o for o in others if o.document and not o.document.gated)):
            cited = each.document or doc
            source = text("source", language, title=cited.title, url=cited.url)
            dispatcher.utter_message(text=f"{each.answer}\n\n{source}")
        if (reason := set_this_turn(tracker, "disqualified")) in ("job_seeker", "customer"):
            # "im an existing customer, how do i add a user?": answered, then who helps them
            dispatcher.utter_message(response=NOT_A_BUYER_REPLY[reason])
            return [FollowupAction(FORM)] if to_form else []
        events = await self._offer_next(dispatcher, tracker, language, self._content, doc, offered)
        return [*events, FollowupAction(FORM)] if to_form else events

    @staticmethod
    def _not_answered(
        dispatcher: CollectingDispatcher,
        tracker: Tracker,
        language: str,
        answer: Answer,
        threshold: float,
    ) -> None:
        """No answer: ask to rephrase a message not understood either; otherwise say so,
        offer a person, and name the closest document when it comes near the threshold."""
        intent = ((tracker.latest_message or {}).get("intent") or {}).get("name")
        if refused := refusal_reply(tracker):  # "can you delete my data please?"
            dispatcher.utter_message(response=refused)
            return
        reason = set_this_turn(tracker, "disqualified")
        if reason in ("job_seeker", "customer"):  # "are you hiring?", "our sync is broken"
            dispatcher.utter_message(response=NOT_A_BUYER_REPLY[reason])
            return
        if intent == "nlu_fallback":  # not understood, and not in the library either
            dispatcher.utter_message(response="utter_please_rephrase")
            return
        if intent == "out_of_scope":  # "tell me a joke"; "can we kick the tyres first?" is ours
            dispatcher.utter_message(response="utter_out_of_scope")
            return
        utter_unanswered(dispatcher, language, waiting=awaits_a_person(tracker))
        if answer.sources and answer.confidence >= MIDDLE_BAND * threshold:
            s = answer.sources[0]
            dispatcher.utter_message(text=text("closest", language, title=s.title, url=s.url))

    @staticmethod
    def _summarise_gated(
        dispatcher: CollectingDispatcher,
        tracker: Tracker,
        language: str,
        doc: Document,
        offered: list[str],
    ) -> list[EventType]:
        """A gated piece is not given away in an answer: its summary, then the offer (once)."""
        summary = plain(doc.passages[0].text) if doc.passages else doc.title
        dispatcher.utter_message(text=summary)
        if doc.id in offered:
            return []
        offer_gated(dispatcher, tracker, language, doc)
        return [
            SlotSet("offered_content", [*offered, doc.id]),
            SlotSet("pending_content", doc.id),
        ]

    async def _offer_next(
        self,
        dispatcher: CollectingDispatcher,
        tracker: Tracker,
        language: str,
        content: ContentSearch,
        doc: Document,
        offered: list[str],
    ) -> list[EventType]:
        """Offer the next-best piece after `doc`, if any fits: a link, or a gated offer."""
        stage = await self._lead_stage(tracker)
        offer = next_offer(
            content.documents.values(),
            lead_stage=stage,
            topics=doc.topics,
            language=language,
            exclude=[*offered, doc.id],
        )
        if offer is None:
            return []
        events: list[EventType] = [SlotSet("offered_content", [*offered, offer.id])]
        if offer.gated:
            offer_gated(dispatcher, tracker, language, offer)
            events.append(SlotSet("pending_content", offer.id))
        else:
            dispatcher.utter_message(text=text("offer", language, title=offer.title, url=offer.url))
        return events

    async def _lead_stage(self, tracker: Tracker) -> str | None:
        """The conversation's lead's scoring stage; None without a lead store or a lead."""
        lead_id = lead_id_of(tracker)
        if self._leads is None or lead_id is None:
            return None
        status = await self._leads.status(lead_id)
        return status.stage if status else None


class ActionAcknowledge(ActionAnswerContent):
    """A message classified as a yes or an ok that asks a question ("ok et ça coûte cmb ?")
    is answered as the question it is; a bare one is acknowledged: outside a form with
    `utter_affirm_ack` (`action_acknowledge`), in the qualification form with nothing, the
    form then asking its question again, reworded (`action_resume_question`; a yes that
    answers, to the consent or a confirmation, has already been read by
    action_extract_facts). A thanks that asks ("merci ! et vous gérez le RGPD ?") is
    answered the same way (`action_thank`), a bare one with `utter_you_are_welcome`."""

    def __init__(
        self, name: str, content: ContentSearch | None, leads: LeadFacts | None = None
    ) -> None:
        super().__init__(content, leads)
        self._name = name

    def name(self) -> str:
        return self._name

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[EventType]:
        if asks_question(str((tracker.latest_message or {}).get("text") or "")):
            return await super().run(dispatcher, tracker, domain)
        if self._name == ACKNOWLEDGE and offered_just_now(tracker):
            return [FollowupAction(GATED_FORM)]  # "yes please" typed, as the button says
        if response := ACK_RESPONSES.get(self._name):
            dispatcher.utter_message(response=response)
        return []
