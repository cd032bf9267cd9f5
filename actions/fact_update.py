"""What one message's reading stores on the lead (its contact details only with consent)
and the slots it fills."""

from __future__ import annotations

from typing import Any

from rasa_sdk import Tracker

from actions.consent import consent_wording
from actions.profile import DECLINED, NOT_NEEDED, SKIPPED, FactUpdate, profile_to_slots
from actions.reading import Reading
from nlu.extract.email import email_kind

BUDGET_HELD = "budget_held"  # the budget's amounts and period, for corrections


def held(tracker: Tracker, slot: str) -> str | None:
    """A contact detail the conversation holds (not a declined question)."""
    value = tracker.get_slot(slot)
    return str(value) if value and value not in (DECLINED, SKIPPED) else None


def may_write(tracker: Tracker) -> bool:
    """The conversation holds an address the prospect agreed to be written to at."""
    return tracker.get_slot("contact_consent") is True and held(tracker, "email") is not None


def fact_update(
    tracker: Tracker, reading: Reading, profile: dict[str, Any], language: str
) -> FactUpdate:
    """What to store on the lead. Contact details are held in the conversation until the
    prospect agrees, then stored (those just given, or those held so far)."""
    facts, consent = reading.facts, reading.consent
    held_email = facts.email.address if facts.email else held(tracker, "email")
    held_email = None if reading.email_refused else held_email
    held_phone = None if reading.phone_refused else facts.phone or held(tracker, "phone")
    may_store = consent is True or tracker.get_slot("contact_consent") is True
    store_email = held_email if may_store else None
    return FactUpdate(
        profile=profile,
        declined=reading.declined,
        undecided=reading.undecided,
        email=store_email,
        email_kind=email_kind(store_email) if store_email else None,
        phone=held_phone if may_store else None,
        consent=consent,
        consent_wording=(
            reading.consent_wording
            or consent_wording(
                language,
                email=None if reading.email_refused else held(tracker, "email"),
                phone=None if reading.phone_refused else held(tracker, "phone"),
            )
            if consent is not None
            else None
        ),
        language=language,
        withdraw_phone=reading.phone_refused,
    )


def reply_slots(tracker: Tracker, reading: Reading, profile: dict[str, Any]) -> dict[str, Any]:
    """Every slot the message fills, declined questions and consent included."""
    facts = reading.facts
    slots = profile_to_slots(profile, facts.email.address if facts.email else None)
    if "budget" in profile:
        slots[BUDGET_HELD] = profile["budget"]  # its amounts and period, for corrections
    for slot in reading.declined + reading.undecided:
        slots[slot] = DECLINED  # the form does not ask either again
    if facts.phone:
        slots["phone"] = facts.phone
    if reading.email_refused:
        slots["email"] = None  # held for the consent question, now refused
    if reading.phone_refused:
        slots["phone"] = slots["call_when"] = None  # "email me instead": not kept
    if reading.consent is not None:
        slots["contact_consent"] = reading.consent
    elif slots.get("email") == DECLINED and not (facts.phone or held(tracker, "phone")):
        slots["contact_consent"] = NOT_NEEDED  # nothing to keep, nothing to ask
    return slots
