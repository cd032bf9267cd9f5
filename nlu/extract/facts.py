"""Every fact one message carries, in one pass: the engine-free core of `prospect extract`
and `POST /api/nlu/extract`."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any, Literal

from nlu.extract.accents import with_apostrophes
from nlu.extract.budget import Budget, extract_budget
from nlu.extract.call_time import read_call_time
from nlu.extract.company import extract_company
from nlu.extract.company_size import extract_company_size
from nlu.extract.disqualifier import Disqualifier, extract_disqualifier, named_competitor
from nlu.extract.email import EmailFact, extract_email
from nlu.extract.job_title import JobTitle, extract_job_title
from nlu.extract.need import Need, extract_need
from nlu.extract.noise import is_noise, without_formatting
from nlu.extract.phone import extract_phone
from nlu.extract.seats import PRICED_PEOPLE, extract_seats
from nlu.extract.timeline import Timeline, extract_timeline
from nlu.language import SUPPORTED, detect
from nlu.ner import OrgFinder

LanguageChoice = Literal["fr", "en", "auto"]


@dataclass(frozen=True)
class Facts:
    language: str | None
    budget: Budget | None = None
    timeline: Timeline | None = None
    company_size: int | None = None
    seats: int | None = None  # users to equip ("a quote for 25 seats"), not the headcount
    job: JobTitle | None = None
    company: str | None = None
    email: EmailFact | None = None
    need: Need | None = None
    phone: str | None = None  # held until consent; not part of the documented output
    call_time: str | None = None  # when to call, as said ("thursday afternoon")
    # A student, competitor, investor or job seeker saying so: never a buyer (not output).
    disqualifier: Disqualifier | None = None

    def as_dict(self) -> dict[str, Any]:
        """The documented JSON shape: every key present, null when absent."""
        return {
            "language": self.language,
            "budget": (
                {
                    "min": self.budget.min,
                    "max": self.budget.max,
                    "currency": self.budget.currency,
                    "period": self.budget.period,
                }
                if self.budget
                else None
            ),
            "timeline": (
                {"months": self.timeline.months, "text": self.timeline.text}
                if self.timeline
                else None
            ),
            "company_size": self.company_size,
            "seats": self.seats,
            "job_title": self.job.title if self.job else None,
            "role": self.job.role if self.job else None,
            "company": self.company,
            "email": self.email.address if self.email else None,
            "email_kind": self.email.kind if self.email else None,
            "need": (
                {"text": self.need.text, "use_case": self.need.use_case} if self.need else None
            ),
            "call_time": self.call_time,
        }

    @property
    def is_empty(self) -> bool:
        return all(
            v is None
            for v in (
                self.budget,
                self.timeline,
                self.company_size,
                self.seats,
                self.job,
                self.company,
                self.email,
                self.need,
                self.phone,
                self.call_time,
                self.disqualifier,
            )
        )


def headcount(text: str) -> int | None:
    """The company's size, not the people a price is asked for ("what does it cost for like
    40 people": seats; "we're a team of 15, how much for 15 users?": 15 and 15)."""
    return extract_company_size(PRICED_PEOPLE.sub(" ", text))


def extract_facts(
    text: str,
    *,
    today: date,
    language: LanguageChoice = "auto",
    fr_orgs: OrgFinder | None = None,
    call_asked: bool = False,
    competitors: Sequence[str] = (),
) -> Facts:
    """Extract every fact from `text`. `language` "auto" detects it (None when the text
    carries no evidence); `fr_orgs` adds a statistical model's ORG entities for French;
    `call_asked`: the message before asked to be called (a time said now is when to call);
    `competitors`: the operator's competitors (`COMPETITORS`): working for one disqualifies."""
    text = without_formatting(text)  # "<b>we</b> need…" reads as the words
    lang = language if language in SUPPORTED else detect(text).language
    if is_noise(text):  # markup, keyboard mashing: nothing to learn, nothing to store
        return Facts(language=lang)
    if lang == "fr":
        text = with_apostrophes(text)  # "la societe s appelle Meca", "c est mon boss qui…"
    orgs = fr_orgs(text) if fr_orgs is not None and lang == "fr" else []
    # When to call is no deadline ("call me next week, we need it live by March") and no
    # company ("call me at 4pm").
    call_time, without_when = read_call_time(text, asked=call_asked)
    company = extract_company(without_when, orgs)  # same length: the spans hold
    rival = named_competitor(text, competitors)
    if rival is None and company and company.casefold() in {c.casefold() for c in competitors}:
        rival = company  # "Marketo" in reply to the company question
    return Facts(
        language=lang,
        budget=extract_budget(text),
        timeline=extract_timeline(without_when, today=today),
        company_size=headcount(text),
        seats=extract_seats(text),
        job=extract_job_title(text),
        company=rival or company,
        email=extract_email(text),
        need=extract_need(text),
        phone=extract_phone(text),
        call_time=call_time,
        disqualifier=extract_disqualifier(text) or ("competitor" if rival else None),
    )
