"""Confirm instead of guessing: a doubtful value is held, not stored, until the prospect
confirms it in one short question (the form's `fact_check` slot, asked first).

Doubtful:
- a headcount given bare (no "people", "employees"...) that looks like an amount ("20k",
  "€20,000") or is above `COMPANY_SIZE_CONFIRM_ABOVE` (default 5,000); "we're 12,000
  employees" is not doubted;
- a headcount far from the one held (80 earlier, then 800: a factor of
  `SIZE_CONFLICT_RATIO`, default 3) without a correction cue ("oops, 300 not 30",
  "actually we're 400" are corrections and replace it at once);
- a timeline further than `TIMELINE_CONFIRM_MONTHS` (default 24);
- a bare small number in reply to the budget question ("ok 50": 50,000?).

The reply: a yes stores the value held; "no, 200" (or any value for the same field) stores
that one; a plain no drops it (a conflicting size keeps the earlier one). A reply that is
none of those leaves the question pending; asked twice without an answer, it is dropped.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, field, replace
from datetime import date
from typing import Any

from nlu.extract import Facts
from nlu.extract.answers import answer_for
from nlu.extract.budget import Budget
from nlu.extract.company_size import extract_company_size
from nlu.extract.timeline import Timeline

PENDING = "pending_fact"  # {"field", "value", "previous", "reason", ...}: the doubt held
CHECK = "fact_check"  # the form's slot for the confirmation question


def _setting(name: str, default: float) -> float:
    try:
        return float(os.environ.get(name, default))
    except ValueError:
        return default


SIZE_CONFIRM_ABOVE = _setting("COMPANY_SIZE_CONFIRM_ABOVE", 5000)
SIZE_CONFLICT_RATIO = _setting("SIZE_CONFLICT_RATIO", 3)
TIMELINE_CONFIRM_MONTHS = _setting("TIMELINE_CONFIRM_MONTHS", 24)

_AMOUNT_SHAPED = re.compile(
    r"\d\s*k\b|\d\s*k€|[€$£]|\b(?:eur|euros?|usd|dollars?|chf|gbp|budget|budjet)\b", re.I
)
_CORRECTION_CUE = re.compile(
    r"\b(?:actually|in fact|sorry|oops|i mean|correction|my bad|wait|typo|not \d|"
    r"en fait|pardon|oups|désolée?|desolee?|plutôt|plutot|je veux dire|erreur|pas \d|"
    r"instead|au lieu)\b",
    re.I,
)
_YES = re.compile(
    r"^\W*(?:yes|yep|yeah|yup|ya|sure|correct|right|exactly|indeed|true|confirmed?|"
    r"that'?s (?:right|correct|it)|ok(?:ay)?|oui|ouais|ouep|exact(?:ement)?|"
    r"c'?est (?:ça|ca|bien ça|bien ca|exact|correct|juste)|tout à fait|tout a fait|"
    r"absolument|bien sûr|bien sur|d'?accord|d'?acc|voilà|voila|affirmatif|si)\b",
    re.I,
)
_NO = re.compile(
    r"^\W*(?:no|nope|nah|not really|wrong|not quite|non|nan|pas du tout|pas vraiment|"
    r"mais non|faux|pas exactement)\b",
    re.I,
)

_OPENER = re.compile(
    r"^(?:\W*(?:no|nope|nah|non|yes|oui|sorry|pardon|désolée?|oops|oups|actually|en fait|"
    r"i mean|je veux dire|hm+|euh)\b)+\W*",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class Check:
    """The facts to store once doubts are set aside, and the slots that hold the doubt."""

    facts: Facts
    slots: dict[str, Any] = field(default_factory=dict)


def _size_doubt(size: int, text: str, held: int | None) -> dict[str, Any] | None:
    if extract_company_size(text) is None:  # a bare number, read as the size asked for
        if _AMOUNT_SHAPED.search(text):
            return {"field": "company_size", "value": size, "reason": "amount"}
        if size > SIZE_CONFIRM_ABOVE:
            return {"field": "company_size", "value": size, "reason": "implausible"}
    far_apart = bool(held) and max(size, held or 1) >= SIZE_CONFLICT_RATIO * min(size, held or 1)
    if far_apart and size != held and not _CORRECTION_CUE.search(text):
        return {"field": "company_size", "value": size, "previous": held, "reason": "conflict"}
    return None


def doubt(facts: Facts, text: str, *, held_size: int | None) -> dict[str, Any] | None:
    """The one value of `facts` to confirm before storing it, or None."""
    if facts.company_size is not None and facts.company_size > 1:
        found = _size_doubt(facts.company_size, text, held_size)
        if found:
            return found
    if facts.timeline is not None and facts.timeline.months > TIMELINE_CONFIRM_MONTHS:
        return {
            "field": "timeline",
            "value": facts.timeline.months,
            "text": facts.timeline.text,
            "reason": "far",
        }
    return None


_SMALL_NUMBER = re.compile(
    r"^\W*(?:(?:ok|okay|about|around|maybe|approx\.?|environ|autour de|genre|~|euh)\s*)*"
    r"(?P<n>\d{1,3})\W*$",
    re.IGNORECASE,
)


def _bare_small_budget(text: str) -> dict[str, Any] | None:
    """ "ok 50" to the budget question: 50 thousand, most likely, but asked, not guessed."""
    m = _SMALL_NUMBER.match(text)
    if m is None or int(m.group("n")) == 0:
        return None
    return {"field": "budget", "value": int(m.group("n")) * 1000, "reason": "thousands"}


def _without(facts: Facts, pending: dict[str, Any]) -> Facts:
    return replace(facts, **{pending["field"]: None})


def _with(facts: Facts, pending: dict[str, Any], value: Any) -> Facts:
    if pending["field"] == "budget":
        if not isinstance(value, Budget):
            value = Budget(min=float(value), max=float(value), currency=None, period=None)
        return replace(facts, budget=value)
    if pending["field"] == "timeline":
        if not isinstance(value, Timeline):
            value = Timeline(months=float(value), text=str(pending.get("text") or ""))
        return replace(facts, timeline=value)
    return replace(facts, company_size=int(value))


def _value_in(pending: dict[str, Any], facts: Facts, text: str, today: date) -> Any:
    """A value for the doubted field in the reply ("no, 200"), or None."""
    name = pending["field"]
    value = getattr(facts, name)
    if value is None and facts.is_empty:  # a bare "200", not "sam@acme.io"
        rest = _OPENER.sub("", text)  # "no, sorry, 3 months": the value after the no
        answer = answer_for(name, rest, today=today) or {}
        value = answer.get(name)
    return value


def resolve(
    pending: dict[str, Any], facts: Facts, *, text: str, intent: str | None, today: date
) -> tuple[str, Facts] | None:
    """The reply to the confirmation question: ("confirmed" | "corrected" | "rejected",
    the facts to store), or None when it is no answer."""
    value = _value_in(pending, facts, text, today)
    current = value.months if isinstance(value, Timeline) else value
    current = value.max if isinstance(value, Budget) else current
    if value is not None and current != pending["value"]:
        return "corrected", _with(facts, pending, value)
    if _NO.search(text) or (intent == "deny" and not _YES.search(text)):
        return "rejected", _without(facts, pending)
    if value is not None or _YES.search(text) or intent == "affirm":
        return "confirmed", _with(facts, pending, pending["value"])
    return None


def check_facts(
    facts: Facts,
    *,
    text: str,
    intent: str | None,
    requested: str | None,
    pending: dict[str, Any] | None,
    held_size: int | None,
    may_ask: bool,
    today: date,
) -> Check:
    """Resolve the confirmation pending (when this reply answers it), or hold a new doubt:
    the doubtful value is taken out of the facts to store."""
    if requested == CHECK and isinstance(pending, dict):
        outcome = resolve(pending, facts, text=text, intent=intent, today=today)
        if outcome is not None:
            return Check(outcome[1], {PENDING: None, CHECK: outcome[0]})
        return Check(_without(facts, pending))  # no other value slips in meanwhile
    if not may_ask:
        return Check(facts)
    found = doubt(facts, text, held_size=held_size)
    if found is None and requested == "budget" and facts.is_empty:
        found = _bare_small_budget(text)
    if found is None:
        return Check(facts)
    return Check(_without(facts, found), {PENDING: found, CHECK: None})
