"""What one message says once read in the conversation's context (`Reading`), and the two
readings that depend on what the conversation holds: a number given in a request to be
called, and "yes" to the company question that offered the business address's domain."""

from __future__ import annotations

from dataclasses import dataclass, replace

from rasa_sdk import Tracker

from actions.consent import call_request_wording
from nlu.extract import Facts
from nlu.extract.email import business_domain

# "call me at +33 6 12 34 56 78": a number given with these asks to be called on it.
CALL_REQUESTS = frozenset({"request_human", "request_demo"})


@dataclass(frozen=True)
class Reading:
    """What one message says: its facts and, as the reply to the question a form asked,
    a declined question or a consent."""

    facts: Facts
    declined: tuple[str, ...] = ()
    consent: bool | None = None
    consent_wording: str | None = None  # when the consent is the question's own wording
    corrected: bool = False  # it took back a fact just given: no answer, no miss, no refusal


def call_request(
    facts: Facts, text: str, language: str, intent: str | None, held_slots: frozenset[str]
) -> Reading | None:
    """A number given in a request to be called: the request is the basis for keeping it
    (an address held is not covered by it, and gets the consent question as before)."""
    if intent in CALL_REQUESTS and facts.phone and not facts.email and "email" not in held_slots:
        return Reading(facts, consent=True, consent_wording=call_request_wording(language, text))
    return None


def company_from_domain(
    tracker: Tracker, reading: Reading, requested: str | None, intent: str | None
) -> Reading:
    """ "Yes" to "Which company are you with? Is it kestrelfreight.com?": the business
    address's domain is the company (actions/questions.py offers it)."""
    domain = business_domain(tracker.get_slot("email"))
    if requested != "company" or intent != "affirm" or reading.facts.company or not domain:
        return reading
    return replace(reading, facts=replace(reading.facts, company=domain))
