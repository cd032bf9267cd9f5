"""`action_extract_facts`: the custom slot mapping the engine runs after every message.

It keeps the `language` slot in step, reads the message's facts (context-aware while the
qualification form waits for an answer), stores them on the lead through the app's
`LeadFacts`, and sets the slots they fill. One action, one round trip per message.
"""

from __future__ import annotations

import asyncio
import logging
from dataclasses import replace
from datetime import date
from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.confirm import CHECK, PENDING, Check, check_facts
from actions.consent import (
    asked_to_be_called,
)
from actions.corrections import corrected, given_recently, known_size, retaken
from actions.fact_update import BUDGET_HELD, fact_update, held, reply_slots
from actions.need_reading import added_need, need_read
from actions.noted import CALL, CALL_AT, NOTED, changed_fact, volunteered
from actions.noted import FIELDS as NOTABLE
from actions.noted import VOLUNTEERED_FIELDS as VOLUNTEERABLE
from actions.ports import LeadFacts
from actions.profile import (
    COMPETITORS,
    NOT_NEEDED,
    QUALIFICATION_SLOTS,
    SKIPPED,
    FactUpdate,
    facts_to_profile,
)
from actions.questions import ASKED, DIGRESSIONS, MAX_ASKS
from actions.reading import (
    BARE_NAME_INTENTS,
    QUALIFICATION_FORM,
    Reading,
    as_the_answer,
    asks_to_be_contacted,
    call_request,
    company_from_domain,
)
from actions.turn import pending_this_turn, set_this_turn
from actions.withdrawal import (
    DELETED,
    REFUSED,
    contact_refused,
    refusal,
    refuses_email,
    withdrawal,
)
from nlu.extract import Facts, extract_facts
from nlu.extract.answers import bare_company, statement_part
from nlu.extract.noise import is_noise, without_formatting
from nlu.extract.problem import own_deadline
from nlu.extract.questions import asks_to_stop_questions
from nlu.extract.take_backs import correction
from nlu.extract.undecided import not_decided_yet, undecided
from nlu.language import SUPPORTED, resolve_language

log = logging.getLogger(__name__)

FORM = QUALIFICATION_FORM
GATED_FORM = "gated_content_form"  # asks the email a gated piece is sent to
FORMS = frozenset({FORM, GATED_FORM})
# A date in these is when to meet, not when they need a solution.
NOT_A_DEADLINE = frozenset({"request_demo", "request_human"})  # "a call next week?"
# A question the prospect twice answers with something else is not asked a third time.
MISSES = "question_misses"
MAX_MISSES = 2
# Intents that start the form: a doubtful value in them is confirmed before it is stored.
FORM_STARTERS = frozenset({"inform", "state_need"})
# "stop asking me questions": the qualification questions end (actions/qualification.py).
STOPPED = "questions_stopped"
# Button payloads ("/affirm") that answer a question.
BUTTON_ANSWERS = frozenset({"affirm", "deny", "decline_to_answer"})


def message_language(tracker: Tracker) -> str:
    """The app resolves the language and sends it in the metadata; without it (rasa shell,
    story tests) it is resolved from the text."""
    message = tracker.latest_message or {}
    metadata = message.get("metadata") or {}
    language = metadata.get("language")
    if language in SUPPORTED:
        return str(language)
    return resolve_language(
        message.get("text") or "",
        current=tracker.get_slot("language"),
        hint=metadata.get("language_hint"),
    )


def confidence_of(message: dict[str, Any], intent: str) -> float:
    """The classifier's confidence in `intent` for the message (its ranking)."""
    ranking = message.get("intent_ranking") or []
    return max(
        (float(r.get("confidence") or 0) for r in ranking if r.get("name") == intent), default=0
    )


def lead_id_of(tracker: Tracker) -> int | None:
    """The lead the app names in the message's metadata, if any."""
    lead_id = ((tracker.latest_message or {}).get("metadata") or {}).get("lead_id")
    return lead_id if isinstance(lead_id, int) else None


def facts_of(text: str, language: str, call_asked: bool) -> Facts:
    """Every fact of `text`, read in `language` (`call_asked`: the message before asked to
    be called, so a time said now is when to call)."""
    return extract_facts(
        text,
        today=date.today(),
        language=language,  # type: ignore[arg-type]
        call_asked=call_asked,
        competitors=COMPETITORS,
    )


async def read_message(
    text: str,
    language: str,
    *,
    requested: str | None,
    intent: str | None,
    form: str | None = None,
    size: int | None = None,
    seats: int | None = None,
    budget: dict[str, Any] | None = None,
    held_slots: frozenset[str] = frozenset(),
    email_asked: int = 0,
    given: tuple[frozenset[str], ...] = (),
    call_asked: bool = False,
    company_asked: bool = False,
    need_confidence: float = 0.0,
) -> Reading:
    """The message's facts, read in context while a form waits for `requested`: a yes or
    no to the consent question, a decline, or a bare value answering the question."""
    # CPU-bound: in a thread, so the app's event loop answers other requests meanwhile.
    facts = await asyncio.to_thread(facts_of, text, language, call_asked)
    # markup, mashing: nothing of it is a fact, whatever the intent ("" is a button's answer)
    noise = bool(text) and is_noise(text)
    facts = need_read(facts, text, intent, need_confidence, ignore=noise, held="need" in held_slots)
    facts = corrected(facts, text, size=size, seats=seats, budget=budget, today=date.today())
    if intent in NOT_A_DEADLINE and facts.timeline and not own_deadline(text, facts.timeline.text):
        facts = replace(facts, timeline=None)  # "a demo next week?": not their deadline
    held = {"company_size": float(size or 0), "budget": float((budget or {}).get("max") or 0)}
    for recent in given:  # the latest message's facts first
        if (taken_back := correction(text, recent, today=date.today(), held=held)) is not None:
            return Reading(retaken(facts, taken_back, budget), corrected=True)
    if (call := call_request(facts, text, language, intent, held_slots)) is not None:
        return call
    if (
        facts.is_empty
        and requested not in ("contact_consent", CHECK)  # "oui ok, pas encore de budget"
        and (statement := statement_part(text)).strip()
        and (topic := undecided(statement, held=held_slots))
    ):
        # "no budget set yet": not to ask again; "i wont give my email": refused
        if not_decided_yet(statement):
            return Reading(facts, undecided=(topic,))
        return Reading(facts, declined=(topic,))
    unasked = company_asked and "company" not in held_slots and intent in BARE_NAME_INTENTS
    if not requested and unasked and facts.is_empty and not noise:
        # The company asked before a request for a person ended the form: "Immo Gaudin".
        return Reading(replace(facts, company=bare_company(text, today=date.today())))
    if requested == "contact_consent" and asks_to_be_contacted(text):
        # "yes you can email me", read as "contact me"; "non, pas de mail, appelez moi"
        return Reading(facts, consent=True, email_refused=not facts.email and refuses_email(text))
    if requested == "contact_consent" and facts.email and intent != "affirm":
        return Reading(facts)  # "no, use lucas@northbrew.com instead": asked for that one
    if not requested or intent in DIGRESSIONS:
        return Reading(facts)
    return await as_the_answer(
        facts, text, language, requested, intent, form, held_slots, email_asked, noise
    )


FACT_SLOTS = frozenset(
    {"need", "job_title", "company", "company_size", "timeline", "budget", "email", "phone"}
    | {"seats", "disqualified"}
)


def carried_facts(tracker: Tracker) -> bool:
    """The latest message, not understood as an intent, filled a qualification slot (a bare
    address, a name): the form takes it from there rather than "please rephrase"."""
    return any(set_this_turn(tracker, slot) not in (None, SKIPPED) for slot in FACT_SLOTS)


def missed_question(
    tracker: Tracker,
    requested: str | None,
    intent: str | None,
    answered: dict[str, Any],
    *,
    counts: bool = True,
) -> dict[str, Any]:
    """A reply that leaves the question asked unanswered, and is no digression (those are
    answered, then the question comes back) nor a correction (`counts` False), counts as a
    miss; at MAX_MISSES the question is SKIPPED and the form moves on. A question asked
    MAX_ASKS times is skipped after any reply that does not answer it."""
    if not requested or requested in answered or CHECK in answered:
        return {}
    if intent in DIGRESSIONS:
        return {}  # answered; the question waits (actions/questions.py)
    asked_out = int((tracker.get_slot(ASKED) or {}).get(requested, 0)) >= MAX_ASKS
    if not asked_out and not counts:
        return {}
    misses = dict(tracker.get_slot(MISSES) or {})
    misses[requested] = int(misses.get(requested, 0)) + 1
    if misses[requested] < MAX_MISSES and not asked_out:
        return {MISSES: misses}
    skipped: dict[str, Any] = {MISSES: misses, requested: SKIPPED}
    if requested == CHECK:
        skipped[PENDING] = None  # never confirmed: the doubtful value is dropped
    if requested == "email" and not held(tracker, "phone"):
        skipped["contact_consent"] = NOT_NEEDED  # no address: nothing to agree to
    return skipped


def not_a_buyers(tracker: Tracker, facts: Facts) -> Facts:
    """Someone who will never buy (a student, an investor...) has no buying need, timeline
    or budget: "my thesis is due in June", "are you raising next year?" are not deadlines."""
    reason = tracker.get_slot("disqualified") or facts.disqualifier
    if not reason:
        return facts
    job = None if reason == "job_seeker" else facts.job  # the job they want is not theirs
    return replace(facts, timeline=None, budget=None, need=None, job=job)


def check_slots(tracker: Tracker, check: Check) -> dict[str, Any]:
    """The slots holding a doubt; a new doubt's question is asked (and missed) afresh."""
    slots = dict(check.slots)
    if slots.get(PENDING):
        slots[ASKED] = {**(tracker.get_slot(ASKED) or {}), CHECK: 0}
        slots[MISSES] = {**(tracker.get_slot(MISSES) or {}), CHECK: 0}
    return slots


def checked(tracker: Tracker, reading: Reading, text: str, intent: str | None) -> Check:
    """The reading with its doubtful value held back, or the pending one resolved."""
    active = tracker.active_loop_name
    return check_facts(
        reading.facts,
        text=text,
        intent=intent,
        requested=tracker.get_slot("requested_slot") if active == FORM else None,
        pending=tracker.get_slot(PENDING),
        held_size=known_size(tracker),
        may_ask=active == FORM or (active is None and intent in FORM_STARTERS),
        today=date.today(),
    )


def changed_slots(tracker: Tracker, values: dict[str, Any]) -> list[EventType]:
    """A SlotSet for each value the tracker does not hold yet."""
    return [SlotSet(k, v) for k, v in values.items() if tracker.get_slot(k) != v]


def call_noted(tracker: Tracker, slots: dict[str, Any], phone: str | None) -> dict[str, Any]:
    """What to say back of a number given to be called on (and when, if said)."""
    when = slots.get("call_when") or tracker.get_slot("call_when")
    noted = {"field": CALL_AT if when else CALL, "value": phone}
    return noted | ({"when": when} if when else {})


# Requests whose reply names the users they are for (actions/handoff.py).
SAYS_ITS_USERS = frozenset({"request_quote", "request_demo"})


def intent_of(tracker: Tracker) -> str | None:
    return ((tracker.latest_message or {}).get("intent") or {}).get("name")


def said_back(
    tracker: Tracker,
    reading: Reading,
    slots: dict[str, Any],
    requested: str | None,
    *,
    called: bool,
) -> tuple[dict[str, Any] | None, bool]:
    """What to say back before the next question (a changed fact, the number to be called
    on, or facts given beyond the question asked), and whether the reply counts as an
    answer or a miss of the question asked (a correction is neither)."""
    noted = changed_fact({f: tracker.get_slot(f) for f in NOTABLE}, slots)
    if noted is None and called:  # "a person will call you on…"
        noted = call_noted(tracker, slots, reading.facts.phone)
    counts = not reading.corrected and noted is None  # "plutôt 60" answers nothing
    if counts and not slots.get("disqualified"):  # "CTO at Acme, 200 people" to the role
        held_now = {f: tracker.get_slot(f) for f in (*VOLUNTEERABLE, "email")}
        if intent_of(tracker) in SAYS_ITS_USERS:  # "I've passed your quote request for 20 users"
            held_now["seats"] = slots.get("seats")
        noted = volunteered(held_now, slots, requested, reading.undecided)
    # The form reads the message again when it starts: what the first reading noted stays.
    return noted or pending_this_turn(tracker, NOTED), counts


class ActionExtractFacts(Action):
    def __init__(self, leads: LeadFacts | None = None) -> None:
        self._leads = leads

    def name(self) -> str:
        return "action_extract_facts"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[EventType]:
        message = tracker.latest_message or {}
        text = without_formatting(str(message.get("text") or ""))  # "<b>we</b> need…"
        intent = (message.get("intent") or {}).get("name")
        language = message_language(tracker)
        events = changed_slots(tracker, {"language": language})
        if not text or (text.startswith("/") and intent not in BUTTON_ANSWERS):
            return events  # a button payload carries no facts
        text = "" if text.startswith("/") else text  # "/affirm": a yes, and no words

        requested = (
            tracker.get_slot("requested_slot") if tracker.active_loop_name in FORMS else None
        )
        held_slots = frozenset(s for s in QUALIFICATION_SLOTS if held(tracker, s))
        reading = await read_message(
            text,
            language,
            requested=requested,
            intent=intent,
            form=tracker.active_loop_name,
            size=known_size(tracker),
            seats=known_size(tracker, "seats"),
            budget=tracker.get_slot(BUDGET_HELD),
            held_slots=held_slots,
            email_asked=int((tracker.get_slot(ASKED) or {}).get("email", 0)),
            given=given_recently(tracker),
            call_asked=(call_asked := asked_to_be_called(tracker.events)),
            company_asked=bool((tracker.get_slot(ASKED) or {}).get("company")),
            need_confidence=confidence_of(message, "state_need"),
        )
        call = None
        if reading.consent is None and call_asked:  # the number after "can you call me?"
            call = call_request(reading.facts, text, language, "request_human", held_slots)
        reading = call or reading
        reading = company_from_domain(tracker, reading, requested, intent)
        check = checked(tracker, reading, text, intent)
        reading = replace(reading, facts=not_a_buyers(tracker, check.facts))
        reading = replace(reading, facts=added_need(tracker.get_slot("need"), reading.facts, text))
        profile = facts_to_profile(reading.facts)
        refused = contact_refused(tracker, text, intent)  # said back: actions/withdrawal.py
        stopped = asks_to_stop_questions(text) or tracker.get_slot(STOPPED)  # no more questions
        events += changed_slots(tracker, {REFUSED: refused, STOPPED: stopped})
        reading = replace(reading, declined=(), undecided=()) if refused else reading  # not a no
        if refused == DELETED:
            await self._record(tracker, withdrawal(language))
            return [*events, SlotSet("email", None), SlotSet("contact_consent", False)]
        update = fact_update(tracker, reading, profile, language)
        await self._record(tracker, refusal(update, language) if refused else update)
        slots = reply_slots(tracker, reading, profile) | check_slots(tracker, check)
        noted, counts = said_back(tracker, reading, slots, requested, called=call is not None)
        slots[NOTED] = noted  # said back before the next question (actions/questions.py)
        slots |= missed_question(tracker, requested, intent, slots, counts=counts)
        events += changed_slots(tracker, slots)
        # Set even when unchanged: the form counts it as this reply's answer (no rejection).
        events += [SlotSet(CHECK, v) for k, v in check.slots.items() if k == CHECK and v is None]
        return events

    async def _record(self, tracker: Tracker, update: FactUpdate) -> None:
        """Store the update on the conversation's lead, when there is one and something new."""
        lead_id = lead_id_of(tracker)
        if self._leads is not None and lead_id is not None and not update.is_empty:
            await self._leads.record(lead_id, update)
