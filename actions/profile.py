"""From extracted facts to the lead's profile and to the dialogue's slots: pure functions.

The slots the qualification form asks for, in the order it asks them. A slot the
prospect declined to fill holds `DECLINED`, so the form never asks it again.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from typing import Any

from nlu.extract import Facts

QUALIFICATION_SLOTS = (
    "need",
    "job_title",
    "company",
    "company_size",
    "timeline",
    "budget",
    "email",
    "contact_consent",
)
DECLINED = "declined"
NOT_NEEDED = "not_needed"  # consent: no contact detail held, so nothing to ask
SKIPPED = "skipped"  # asked twice without an answer: the form moves on (not a refusal)
# The currency of a budget given without one ("20-25k a year"): noted, and said so.
DEFAULT_CURRENCY = os.environ.get("DEFAULT_CURRENCY", "EUR").upper()
# The operator's competitors: a prospect who works for one is no buyer ("I work at HubSpot").
# The default names the demo company's (Orbitly's); an empty value names none.
COMPETITORS = tuple(
    name.strip()
    for name in os.environ.get(
        "COMPETITORS", "HubSpot, Marketo, Pardot, Plezi, ActiveCampaign, Webmecanik"
    ).split(",")
    if name.strip()
)
# What someone who will not buy is told when the questions stop; the others are thanked.
NOT_A_BUYER_REPLY = {"job_seeker": "utter_job_seeker_thanks", "customer": "utter_customer_support"}
NOT_A_BUYER = "utter_disqualified_thanks"
COMPETITOR_KEYS = frozenset(name.casefold() for name in COMPETITORS)
MONTHS_PER_PERIOD = {"month": 12.0, "year": 1.0, "one_off": 1.0, None: 1.0}


@dataclass(frozen=True)
class FactUpdate:
    """What one message taught us about a lead, ready to store."""

    profile: dict[str, Any] = field(default_factory=dict)
    declined: tuple[str, ...] = ()
    undecided: tuple[str, ...] = ()  # not decided yet ("no deadline really"): not a refusal
    email: str | None = None
    email_kind: str | None = None
    phone: str | None = None
    consent: bool | None = None
    consent_wording: str | None = None
    language: str | None = None
    source: str = "chat"
    withdraw_contact: bool = False  # "please don't contact me": the address is not kept
    refused_contact: bool = False  # ...said, kept address or not: the rep who has it is told
    withdraw_phone: bool = False  # "email me instead": the number is not kept

    @property
    def is_empty(self) -> bool:
        return not (
            self.profile
            or self.declined
            or self.undecided
            or self.email
            or self.phone
            or self.consent is not None
            or self.withdraw_contact
            or self.withdraw_phone
            or self.refused_contact
        )


def facts_to_profile(facts: Facts) -> dict[str, Any]:
    """Profile keys (as `scoring.Profile` and the admin API use them) for the facts found."""
    out: dict[str, Any] = {}
    if facts.job is not None:
        out["role"] = facts.job.role
        if facts.job.title:
            out["job_title"] = facts.job.title
            out["seniority"] = facts.job.seniority
    if facts.company:
        out["company"] = facts.company
    if facts.company_size is not None:
        out["company_size"] = facts.company_size
    if facts.seats is not None:
        out["seats"] = facts.seats
    if facts.budget is not None:
        b = facts.budget
        out["budget"] = {"min": b.min, "max": b.max, "currency": b.currency, "period": b.period}
        out["budget_max"] = b.max * MONTHS_PER_PERIOD[b.period]  # yearly equivalent
        out["budget_currency"] = b.currency or DEFAULT_CURRENCY
    if facts.timeline is not None:
        out["timeline_months"] = facts.timeline.months
        out["timeline_text"] = facts.timeline.text
    if facts.need is not None:
        out["need"] = facts.need.text
        out["use_case"] = facts.need.use_case
    if facts.call_time is not None:
        out["call_when"] = facts.call_time  # when to call, as said (the Slack card shows it)
    if facts.company and facts.company.casefold() in COMPETITOR_KEYS:
        out["disqualified"] = "competitor"  # "Marketo" in reply to the company question
    if facts.disqualifier is not None:
        out["disqualified"] = facts.disqualifier  # never a buyer: no handoff to sales
    return out


def profile_to_slots(profile: dict[str, Any], email: str | None) -> dict[str, Any]:
    """The form's slots that these profile facts fill."""
    slots: dict[str, Any] = {}
    if "need" in profile:
        slots["need"] = profile["need"]
    if "job_title" in profile:
        slots["job_title"] = profile["job_title"]
    if "company" in profile:
        slots["company"] = profile["company"]
    if "company_size" in profile:
        slots["company_size"] = profile["company_size"]
    if "seats" in profile:
        slots["seats"] = profile["seats"]
    if "timeline_text" in profile:
        slots["timeline"] = profile["timeline_text"]
    if "call_when" in profile:
        slots["call_when"] = profile["call_when"]
    if "budget" in profile:
        b = profile["budget"]
        amount = f"{b['min']:,.0f}" if b["min"] == b["max"] else f"{b['min']:,.0f}-{b['max']:,.0f}"
        slots["budget"] = f"{amount} {b['currency'] or ''}".strip()
    if email:
        slots["email"] = email
    if "disqualified" in profile:
        slots["disqualified"] = profile["disqualified"]
    return slots
