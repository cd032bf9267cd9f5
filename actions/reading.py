"""What one message says once read in the conversation's context (`Reading`): as the reply
to the question a form asked (`as_the_answer`), as a number given in a request to be called,
or as "yes" to the company question that offered the business address's domain."""

from __future__ import annotations

import asyncio
import re
from dataclasses import dataclass, replace
from datetime import date

from rasa_sdk import Tracker

from actions.confirm import CHECK
from actions.consent import call_request_wording, email_question
from actions.withdrawal import (
    prefers_another_way,
    refuses_contact,
    refuses_email,
    sets_phone_aside,
)
from nlu.extract import Facts
from nlu.extract.answers import answer_for, asks_question, bare_company, topic_named
from nlu.extract.call_time import asks_a_call
from nlu.extract.email import business_domain
from nlu.extract.take_backs import is_correction
from nlu.extract.undecided import not_decided_yet

QUALIFICATION_FORM = "qualification_form"
# Intents a bare company name is classified as ("Fernhill Analytics").
BARE_NAME_INTENTS = frozenset({"inform", "nlu_fallback", "state_need"})
# "call me at +33 6 12 34 56 78": a number given with these asks to be called on it.
CALL_REQUESTS = frozenset({"request_human", "request_demo"})
# "I'd like a demo, jo@rivage-comm.fr": an address given with these asks to be written to.
WRITE_REQUESTS = CALL_REQUESTS | {"request_quote"}
# "sure, priya@acmetools.com, ok to contact me", "vous pouvez me contacter à …": the
# prospect asks to be contacted, whatever the intent.
_CONTACT_ME = re.compile(
    r"\b(?:ok(?:ay)?|fine|happy|feel free|you can|you may|please|pls)\s+(?:to\s+)?"
    r"(?:contact|e-?mail|reach|write to|get back to)\s*(?:me|us)\b|"
    r"\b(?:vous pouvez|tu peux|n'h[ée]sitez pas [àa]|merci de|d'accord pour)\s+(?:me|nous)\s+"
    r"(?:contacter|[ée]crire|recontacter)\b",
    re.IGNORECASE,
)
# A question that asks to be written to: "can you just email me some info?", "pourriez-vous
# m'envoyer des infos par mail ?".
_EMAIL_ME = re.compile(
    r"\b(?:can|could|would|will) (?:you|someone|somebody) (?:just |please )?"
    r"(?:e-?mail|write to|contact|reach) me\b|"
    r"\b(?:pouvez|pourriez|peux|pourrais)-(?:vous|tu) (?:m'|m’|me |m )"
    r"(?:envoyer|[ée]crire|contacter)"
    r"\b[^?]*\b(?:mail|e-mail|email|courriel)",
    re.IGNORECASE,
)
# Asked to be called in so many words, whatever the intent: "pls call me at 06… about
# pricing" (not "mon téléphone : 06…", "06… is the switchboard of our call center").
_NOT = re.compile(r"\b(?:don'?t|do not|not|never|no longer|stop|ne pas|pas me|jamais)\b", re.I)
# ...and not when it says the opposite: "it is not ok to contact me", "plus besoin de me
# contacter", "qui va me contacter ?".
_DONT = re.compile(
    r"\?|\b(?:don'?t|do not|not|never|no longer|stop|arr[êe]t\w*|plus besoin|inutile|"
    r"ne pas|pas me|pas nous|jamais)\b",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class Reading:
    """What one message says: its facts and, as the reply to the question a form asked,
    a declined question or a consent."""

    facts: Facts
    declined: tuple[str, ...] = ()
    undecided: tuple[str, ...] = ()  # "no budget set yet": not a refusal, not asked again
    consent: bool | None = None
    consent_wording: str | None = None  # when the consent is the question's own wording
    corrected: bool = False  # it took back a fact just given: no answer, no miss, no refusal
    email_refused: bool = False  # "pas de mail, appelez moi plutôt": the address held goes
    phone_refused: bool = False  # "actually email me instead, sam@…": the number held goes


def call_request(
    facts: Facts, text: str, language: str, intent: str | None, held_slots: frozenset[str]
) -> Reading | None:
    """A number given in a request to be called, or an address in a request to be contacted
    ("you can contact me at sam@vectorhr.com") or for a demo, a quote or a person ("I'd
    like a demo, jo@rivage-comm.fr"): the request is the basis for keeping it (an address
    held is not covered by it, and gets the consent question as before)."""
    if "email" in held_slots:
        return None
    call = intent in CALL_REQUESTS or asks_a_call(text)  # "call me at … about pricing"
    if call and facts.phone and not facts.email and not refuses_contact(text):
        wording = call_request_wording(language, text)
        return Reading(
            facts, consent=True, consent_wording=wording, email_refused=refuses_email(text)
        )
    asked = intent in WRITE_REQUESTS and not refuses_contact(text)  # "a demo please, jo@x.fr"
    if facts.email and (asked or (not facts.phone and asks_to_be_contacted(text))):
        wording = call_request_wording(language, text, email=True)
        # A number given earlier set aside ("email me instead"), never one given with it.
        aside = not facts.phone and sets_phone_aside(text)
        return Reading(facts, consent=True, consent_wording=wording, phone_refused=aside)
    return None


def asks_to_be_contacted(text: str) -> bool:
    """ "you can contact me at …", "vous pouvez me contacter à …", "can you email me?", and
    no "not"."""
    if _EMAIL_ME.search(text):
        return not _NOT.search(text)
    if prefers_another_way(text):  # "dont call me, email is better: leo@vantapoint.io"
        return True
    if refuses_email(text) and asks_a_call(text):  # "not by email, call me at 06…"
        return True
    return bool(_CONTACT_ME.search(text)) and not _DONT.search(text)


def company_from_domain(
    tracker: Tracker, reading: Reading, requested: str | None, intent: str | None
) -> Reading:
    """ "Yes" to "Which company are you with? Is it kestrelfreight.com?": the business
    address's domain is the company (actions/questions.py offers it, the first time only);
    a bare "no" is not a refusal to say, the question comes back without the domain."""
    domain = business_domain(tracker.get_slot("email"))
    if requested != "company" or not domain or reading.facts.company:
        return reading
    if intent == "affirm":
        return replace(reading, facts=replace(reading.facts, company=domain))
    if reading.declined == ("company",) and intent == "deny":
        return replace(reading, declined=())  # "no": not that one; asked again, plainly
    return reading


async def as_the_answer(
    facts: Facts,
    text: str,
    language: str,
    requested: str,
    intent: str | None,
    form: str | None,
    held_slots: frozenset[str],
    email_asked: int,
    noise: bool,
) -> Reading:
    """The message read as the reply to the question `requested`: a yes or no to the
    consent question, a decline, the address the email question asked for, or a bare value
    answering the question."""
    if requested == "contact_consent" and intent in ("affirm", "deny") and not asks_question(text):
        return Reading(facts, consent=intent == "affirm")
    declines = intent in ("decline_to_answer", "deny") and requested != CHECK  # "no", "rather not"
    if (
        declines
        and requested == "company"
        and (named := answer_for("company", text, today=date.today()))
    ):
        return Reading(replace(facts, **named))  # "no, Acme Logistics": a name all the same
    if declines and not noise and not is_correction(text) and facts.is_empty:
        # "budget? no idea", not "no, CEO"; markup is nobody's refusal
        topic = topic_named(text, held=held_slots) or requested
        if not_decided_yet(text):  # "not decided yet", "pas encore decide": not a refusal
            return Reading(facts, undecided=(topic,))
        return Reading(facts, declined=(topic,))
    if requested == "email" and form == QUALIFICATION_FORM and facts.email is not None:
        # Given in answer to the email question, which states its purpose: that is the basis.
        wording = email_question(language, max(0, email_asked - 1))  # the one shown last
        return Reading(facts, consent=True, consent_wording=wording)
    if requested == "need" and intent != "state_need":
        return Reading(facts)  # only the classifier says a reply states a problem
    if facts.is_empty and not noise:
        # A reply read as the answer to the question asked ("200", "Acme") only
        # when it says nothing else: "actually we're 400" while the need question
        # waits is a correction, and "bob1987@gmail.com" is not a headcount.
        answer = await asyncio.to_thread(answer_for, requested, text, today=date.today())
        if answer:
            return Reading(replace(facts, **answer))
        if "company" not in held_slots and intent in BARE_NAME_INTENTS:
            # A company's name alone while another question waits fills the company.
            return Reading(replace(facts, company=bare_company(text, today=date.today())))
    return Reading(facts)
