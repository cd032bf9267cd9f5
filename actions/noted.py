"""A fact the prospect changed ("actually make that 60 people", "plutôt 12k", "more like
September"), said back in one short line before the next question, so they see it was
understood: without it the bot asked its pending question again as if they had not spoken."""

from __future__ import annotations

import re
from typing import Any

from actions.fact_update import BUDGET_HELD
from actions.profile import DECLINED, DEFAULT_CURRENCY, SKIPPED

NOTED = "fact_noted"  # {"field", "value", "previous"}: said before the next question, once
FIELDS = ("company_size", "seats", "budget", "timeline", "job_title")
CALL = "phone_to_call"
CALL_AT = "phone_to_call_at"  # with when to call ("thursday afternoon"): {"when": ...}

TEXTS = {
    "company_size": {
        "en": "Noted: {value} people, not {previous}.",
        "fr": "C'est noté : {value} personnes, et non {previous}.",
    },
    "seats": {
        "en": "Noted: {value} users, not {previous}.",
        "fr": "C'est noté : {value} utilisateurs, et non {previous}.",
    },
    "budget": {
        "en": "Noted: a budget of {value}, not {previous}.",
        "fr": "C'est noté : un budget de {value}, et non {previous}.",
    },
    "timeline": {
        "en": "Noted: {value} (not {previous}).",
        "fr": "C'est noté : {value} (et non {previous}).",
    },
    "job_title": {  # "sorry, im actually the cto, not ceo"
        "en": "Noted: {value}, not {previous}.",
        "fr": "C'est noté : {value}, et non {previous}.",
    },
    # A number given right after asking to be called (actions/consent.py).
    CALL: {
        "en": "Noted: a person from our team will call you on {value}.",
        "fr": "C'est noté : une personne de notre équipe va vous appeler au {value}.",
    },
    CALL_AT: {
        "en": "Noted: I've asked our team to call you on {value}, {when}.",
        "fr": "C'est noté : j'ai demandé à notre équipe de vous appeler au {value}, {when}.",
    },
}


# Facts given beyond the question asked ("we are Brightwave Consulting, 35 consultants" when
# asked for the problem): said back in one line, so the prospect sees they were understood
# and the questions that follow skip them.
VOLUNTEERED = "volunteered"
VOLUNTEERED_FIELDS = ("job_title", "company", "company_size", "seats", "timeline", "budget")
_PARTS = {
    "company_size": {"en": "{value} people", "fr": "{value} personnes"},
    "seats": {"en": "{value} users", "fr": "{value} utilisateurs"},
    "budget": {"en": "a budget of {value}{period}", "fr": "un budget de {value}{period}"},
    "default_currency": {  # a budget given without one
        "en": "a budget of {value} {currency}{period} (tell me if it's another currency)",
        "fr": "un budget de {value} {currency}{period} (dites-moi s'il s'agit d'une autre devise)",
    },
    "email": {"en": "we'll write to you at {value}", "fr": "nous vous écrirons à {value}"},
}
PERIODS = {
    "month": {"en": " per month", "fr": " par mois"},
    "year": {"en": " per year", "fr": " par an"},
}
TEXTS_VOLUNTEERED = {"en": "Noted: {value}.", "fr": "C'est noté : {value}."}
# Not decided yet, said beyond the question asked ("pas de budget fixe, on verra selon le
# prix" when asked for the company): not asked later, and said back so it shows.
UNDECIDED = "undecided"
_UNDECIDED_PARTS = {
    "budget": {"en": "no budget set yet", "fr": "pas encore de budget fixé"},
    "timeline": {"en": "no date set yet", "fr": "pas encore d'échéance fixée"},
}


def _empty(value: Any) -> bool:
    return value in (None, "", DECLINED, SKIPPED)


def volunteered(
    held: dict[str, Any],
    new: dict[str, Any],
    requested: str | None,
    undecided: tuple[str, ...] = (),
) -> dict[str, Any] | None:
    """The facts the message gave for fields not held yet, when any is not the one the
    pending question asked, as {"field": VOLUNTEERED, "value": [[field, value], ...]}, with
    "currency_noted" when a budget without a currency is said in the default one. What it
    says is not decided yet (`undecided`) is one of them, as [UNDECIDED, topic]."""
    given = [
        [field, new[field]]
        for field in VOLUNTEERED_FIELDS
        if _empty(held.get(field)) and not _empty(new.get(field))
    ]
    period = (new.get(BUDGET_HELD) or {}).get("period")
    given = [[f, v, period] if f == "budget" and period in PERIODS else [f, v] for f, v in given]
    if _empty(held.get("email")) and not _empty(new.get("email")) and new.get("contact_consent"):
        given.append(["email", new["email"]])  # kept: "email me instead: jo@…"
    given += [[UNDECIDED, t] for t in undecided if t in _UNDECIDED_PARTS and t != requested]
    if not given or [field for field, *_ in given] == [requested]:
        return None
    # A budget without a currency is said in the default one, once (actions/questions.py).
    bare = any(f == "budget" and not _CURRENCY.search(str(v)) for f, v, *_ in given)
    return {"field": VOLUNTEERED, "value": given} | ({"currency_noted": True} if bare else {})


def volunteered_line(noted: dict[str, Any], language: str) -> str:
    lang = language if language in TEXTS_VOLUNTEERED else "en"
    parts = []
    for field, value, *period in noted.get("value") or []:
        if field == "budget" and not _CURRENCY.search(str(value)):
            field = "default_currency"
        if field == UNDECIDED:
            parts.append(_UNDECIDED_PARTS[value][lang])
            continue
        said_per = PERIODS[period[0]][lang] if period and period[0] in PERIODS else ""
        parts.append(
            _PARTS[field][lang].format(
                value=shown(value, lang), currency=DEFAULT_CURRENCY, period=said_per
            )
            if field in _PARTS
            else str(value)
        )
    return TEXTS_VOLUNTEERED[lang].format(value=", ".join(parts))


def changed_fact(held: dict[str, Any], new: dict[str, Any]) -> dict[str, Any] | None:
    """The first of FIELDS whose value the message replaced (it held one, declined and
    skipped questions aside), as {"field", "value", "previous"}; None when none changed."""
    for field in FIELDS:
        before, after = held.get(field), new.get(field)
        if before in (None, "", DECLINED, SKIPPED) or after in (None, "") or before == after:
            continue
        return {"field": field, "value": after, "previous": before}
    return None


def shown(value: Any, language: str) -> str:
    """A number rounded and grouped as the language writes it (1,200 / 1 200), else the
    value as text."""
    if isinstance(value, int | float) and not isinstance(value, bool):
        text = f"{round(value):,}"
        return text.replace(",", "\u202f") if language == "fr" else text
    if language == "fr":  # a budget slot's text: "6,000 EUR" -> "6 000 EUR"
        return _THOUSANDS.sub("\u202f", str(value))
    return str(value)


_THOUSANDS = re.compile(r"(?<=\d),(?=\d{3}(?!\d))")
_CURRENCY = re.compile(r"\b[A-Z]{3}\b")


def acknowledgement(noted: dict[str, Any], language: str | None) -> str | None:
    """The line that says the change back, in the prospect's language."""
    if noted.get("field") == VOLUNTEERED:
        return volunteered_line(noted, language or "en")
    texts = TEXTS.get(str(noted.get("field")))
    if texts is None:
        return None
    lang = language if language in texts else "en"
    previous = noted.get("previous")
    value = str(noted.get("value"))
    if (
        noted.get("field") == "budget"  # not "CTO, not ceo"
        and isinstance(previous, str)
        and _CURRENCY.search(value)
        and not _CURRENCY.search(previous)
    ):
        previous = f"{previous} {DEFAULT_CURRENCY}"  # "2,000 GBP, not 2,000 EUR" (as noted)
    return texts[lang].format(
        value=shown(noted.get("value"), lang),
        previous=shown(previous, lang),
        when=noted.get("when") or "",
    )
