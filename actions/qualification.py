"""The qualification form's own actions: the consent question, "why do you ask?", and
what the bot says once it knows enough."""

from __future__ import annotations

from typing import Any

from rasa_sdk import Action, FormValidationAction, Tracker
from rasa_sdk.events import ActionExecutionRejected, EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.confirm import CHECK, PENDING
from actions.consent import BUTTONS, DECLINE_BUTTON, consent_wording, email_question
from actions.fact_update import held
from actions.facts import FORM, STOPPED
from actions.handoff import offer_slots
from actions.ports import LeadFacts, MeetingDesk
from actions.profile import NOT_A_BUYER, NOT_A_BUYER_REPLY, QUALIFICATION_SLOTS
from actions.promises import replies
from actions.questions import ASKED, before_question
from nlu.extract.answers import topic_named


class ActionAskContactConsent(Action):
    """Asks once for consent to keep the email the prospect gave (the form's question)."""

    def name(self) -> str:
        return "action_ask_contact_consent"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[EventType]:
        language = tracker.get_slot("language") or "en"
        dispatcher.utter_message(
            text=consent_wording(
                language, email=held(tracker, "email"), phone=held(tracker, "phone")
            ),
            buttons=[{"title": t, "payload": p} for t, p in BUTTONS.get(language, BUTTONS["en"])],
        )
        return []


class ActionAskEmail(Action):
    """The form's email question, worded in actions/consent.py: the wording an address
    given in answer is recorded with."""

    def name(self) -> str:
        return "action_ask_email"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[EventType]:
        language = tracker.get_slot("language") or "en"
        events = before_question(dispatcher, tracker)
        asked = dict(tracker.get_slot(ASKED) or {})
        times = int(asked.get("email", 0))
        title, payload = DECLINE_BUTTON.get(language, DECLINE_BUTTON["en"])
        dispatcher.utter_message(
            text=email_question(language, times), buttons=[{"title": title, "payload": payload}]
        )
        return [*events, SlotSet(ASKED, asked | {"email": times + 1})]


# Intents the form steps aside for even when the message also gave facts ("je veux une
# démo, au fait on est 14"): their rules (bot/data/rules/) hand the lead to sales, or end
# the conversation. Without this the facts count as the form's answer and the form goes on.
STEP_ASIDE = frozenset(
    {"request_human", "request_demo", "request_quote", "withdraw_request", "goodbye"}
)


# What runs between a message and the form's validation of it.
_BEFORE_THE_FORM = frozenset({"action_listen", "action_extract_slots", FORM})


def _unanswered(tracker: Tracker) -> bool:
    """Nothing has acted on the latest message yet (the form steps aside once; back from
    the intent's action, it goes on)."""
    for event in reversed(tracker.events):
        if event.get("event") == "user":
            return True
        if event.get("event") == "action" and event.get("name") not in _BEFORE_THE_FORM:
            return False
    return True


class ValidateQualificationForm(FormValidationAction):
    """The form's order, with three exceptions: someone who said they will never buy is
    asked nothing more (only consent for an address they gave); a doubtful value is
    confirmed first (`fact_check`, actions/confirm.py); and an address the prospect
    volunteered before being asked is confirmed at once (the short consent question), so
    a prospect who leaves right after does not take their address with them unasked."""

    def name(self) -> str:
        return "validate_qualification_form"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[EventType]:
        events = await super().run(dispatcher, tracker, domain)
        intent = ((tracker.latest_message or {}).get("intent") or {}).get("name")
        if intent in STEP_ASIDE and tracker.get_slot("requested_slot") and _unanswered(tracker):
            # The facts stay set; the form is rejected, so the intent's rule runs.
            events.append(ActionExecutionRejected(FORM))
        return events

    async def required_slots(
        self,
        domain_slots: list[str],
        dispatcher: CollectingDispatcher,
        tracker: Tracker,
        domain: dict[str, Any],
    ) -> list[str]:
        slots = [s for s in domain_slots if s != CHECK]
        volunteered = held(tracker, "email") or held(tracker, "phone")
        if tracker.get_slot("disqualified") or tracker.get_slot(STOPPED):  # no more questions
            slots = ["contact_consent"] if volunteered else []
        if volunteered and tracker.get_slot("contact_consent") is None:
            slots = ["contact_consent", *(s for s in slots if s != "contact_consent")]
        if tracker.get_slot(PENDING):  # a doubtful value: confirmed before anything else
            slots = [CHECK, *slots]
        return slots


class ActionExplainQuestion(Action):
    """ "Why do you ask?": the reason for the question the form is waiting on."""

    def name(self) -> str:
        return "action_explain_question"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[EventType]:
        slot = tracker.get_slot("requested_slot") if tracker.active_loop_name == FORM else None
        said = str((tracker.latest_message or {}).get("text") or "")
        slot = topic_named(said) or slot  # "why do you want my email?" while another waits
        if slot in QUALIFICATION_SLOTS or slot == CHECK:
            dispatcher.utter_message(response=f"utter_why_{slot}")
        elif next(replies(tracker), "").startswith("utter_human_handoff_number"):
            dispatcher.utter_message(response="utter_why_phone")  # "which number?" "why?"
        else:
            dispatcher.utter_message(response="utter_why_general")
        return []


class ActionQualificationDone(Action):
    """Thanks the prospect; tells them a person will follow up when the lead is hot, and
    offers free slots for a demo when meetings are set up."""

    def __init__(self, leads: LeadFacts | None = None, meetings: MeetingDesk | None = None):
        self._leads = leads
        self._meetings = meetings

    def name(self) -> str:
        return "action_qualification_done"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[EventType]:
        lead_id = ((tracker.latest_message or {}).get("metadata") or {}).get("lead_id")
        status = None
        if self._leads is not None and isinstance(lead_id, int):
            status = await self._leads.status(lead_id)
        noted = before_question(dispatcher, tracker)  # "Noted: 60 people, not 45."
        if tracker.get_slot("qualified"):  # said once already: a short acknowledgement
            if not noted:
                dispatcher.utter_message(response="utter_noted")
        elif tracker.get_slot(STOPPED):  # "stop asking me questions"
            dispatcher.utter_message(response="utter_questions_stopped")
        elif reason := tracker.get_slot("disqualified"):
            dispatcher.utter_message(response=NOT_A_BUYER_REPLY.get(reason, NOT_A_BUYER))
        elif status is not None and status.sdr_ready and status.stage != "sdr_ready":
            # A match, but anonymous (no address, on the website): not handed over, so no
            # one is promised; a person can join this chat if they ask.
            dispatcher.utter_message(response="utter_qualified_match_anonymous")
        elif status is not None and status.sdr_ready:
            dispatcher.utter_message(response="utter_qualified_sdr_ready")
            if isinstance(lead_id, int) and (
                offer := await offer_slots(self._meetings, lead_id, tracker)
            ):
                dispatcher.utter_message(text=offer)
        else:
            dispatcher.utter_message(response="utter_qualified_thanks")
        return [*noted, SlotSet("qualified", True)]
