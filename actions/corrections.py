"""Corrections: the fact a message puts in place of one held or just given ("oops, 300 not
30", "150 not 120", "dollars btw", "non attendez, plutôt 12000")."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from datetime import date
from typing import Any

from rasa_sdk import Tracker

from actions.profile import DECLINED, SKIPPED
from nlu.extract import Facts
from nlu.extract.budget import Budget, currency_named, period_named
from nlu.extract.take_backs import (
    CORRECTABLE,
    FACT_OF_SLOT,
    corrected_number,
    correction_within,
)


def corrected_budget(text: str, held: dict[str, Any] | None) -> Budget | None:
    """The budget a bare correction ("15k pas 10k"), a currency or a period named on its
    own ("dollars btw", "c'est annuel") puts in place of the one held."""
    if not isinstance(held, dict) or not isinstance(held.get("max"), int | float):
        return None
    low = float(held.get("min") or held["max"])
    if (currency := currency_named(text)) is not None:  # "dollars btw": the same amounts
        return Budget(min=low, max=float(held["max"]), currency=currency, period=held.get("period"))
    period = period_named(text)  # "c'est annuel", "thats per year not per month"
    if period is not None and period != held.get("period"):
        return Budget(min=low, max=float(held["max"]), currency=held.get("currency"), period=period)
    fixed = corrected_number(text, float(held["max"]))
    if fixed is None:
        return None
    return Budget(min=fixed, max=fixed, currency=held.get("currency"), period=held.get("period"))


def known_size(tracker: Tracker, slot: str = "company_size") -> int | None:
    """The company size (or `slot`'s count) the conversation holds, for corrections ("300
    not 30")."""
    value = tracker.get_slot(slot)
    return value if isinstance(value, int) and not isinstance(value, bool) else None


def retaken(facts: Facts, taken_back: dict[str, Any], held: dict[str, Any] | None) -> Facts:
    """The facts with the one taken back in place; a budget keeps the currency and period
    of the one it corrects when it names none ("plutôt 12000" after "8000 par an")."""
    new = taken_back.get("budget")
    if isinstance(new, Budget) and isinstance(held, dict):
        currency, period = new.currency or held.get("currency"), new.period or held.get("period")
        taken_back = {"budget": replace(new, currency=currency, period=period)}
    return replace(facts, **taken_back)


NOT_GIVEN = (None, DECLINED, SKIPPED)


def gave(facts: Facts) -> frozenset[str]:
    """The correctable facts a message gave."""
    return frozenset(f for f in CORRECTABLE if getattr(facts, FACT_OF_SLOT.get(f, f)) is not None)


def profile_budget(facts: Facts) -> dict[str, Any] | None:
    """The message's budget as the slots hold one (its currency and period)."""
    b = facts.budget
    return {"currency": b.currency, "period": b.period} if b else None


# How many earlier messages a take-back may reach back to: "budjet 5000", "pour la
# rentrée", then "oups en fait plutôt 6000" corrects the budget, not the timeline.
TAKE_BACK_REACH = 2


def given_recently(tracker: Tracker, reach: int = TAKE_BACK_REACH) -> tuple[frozenset[str], ...]:
    """The facts each of the last `reach` messages gave (the slots set after it), the
    latest first: a take-back ("non attendez, plutôt 12000") corrects the latest it fits."""
    # Only the slots a message changed: the form sets every slot it holds again each turn
    # ("ah et c'est pour 15 utilisateurs" had "given" the size, so "pardon 25 utilisateurs
    # pas 15" corrected the size).
    windows: list[set[str]] = []  # the slots changed after each message, in order
    values: dict[str, Any] = {}
    for event in tracker.events:
        if event.get("event") == "user":
            windows.append(set())
        elif event.get("event") == "slot" and event.get("name") in CORRECTABLE:
            name, value = str(event["name"]), event.get("value")
            if windows and value not in NOT_GIVEN and values.get(name) != value:
                windows[-1].add(name)
            values[name] = value
    earlier = windows[:-1]  # the latest message is the one being read
    return tuple(frozenset(g) for g in reversed(earlier[-reach:])) if reach else ()


def corrected(
    facts: Facts,
    text: str,
    *,
    size: int | None,
    budget: dict[str, Any] | None,
    today: date,
    seats: int | None = None,
) -> Facts:
    """The message's facts with its own corrections applied: of the size, seats or budget
    held ("oops, 300 not 30", "25 utilisateurs pas 15", "150 not 120": the period stays),
    or of a value it gave itself ("budget maybe 15-20k a year, make that 25k tops")."""
    sizes = [n for n in (size, facts.company_size) if n is not None]  # held, or said now
    users = [n for n in (seats, facts.seats) if n is not None]
    if (fixed := next(_corrections_of(text, users, seats=True), None)) is not None:
        facts = replace(facts, seats=round(fixed))  # "pardon 25 utilisateurs pas 15"
    elif (fixed := next(_corrections_of(text, sizes), None)) is not None:
        facts = replace(facts, company_size=round(fixed))  # "we're 40, sorry 14 not 40"
    elif facts.budget is None and (fixed_budget := corrected_budget(text, budget)) is not None:
        facts = replace(facts, budget=fixed_budget)
    if (within := correction_within(text, gave(facts), today=today)) is not None:
        facts = retaken(facts, within, profile_budget(facts))
    return in_the_conversations_currency(facts, budget)


def _corrections_of(text: str, values: list[int], *, seats: bool = False) -> Iterator[float]:
    """What `text` puts in place of each of `values` ("14 not 40"), where it corrects one."""
    return (
        fixed
        for v in values
        if (fixed := corrected_number(text, float(v), seats=seats)) is not None
    )


def in_the_conversations_currency(facts: Facts, held: dict[str, Any] | None) -> Facts:
    """A budget without a currency is in the one the conversation's budget named ("500
    usd/month", then "could go to 800/mo": dollars), not the default."""
    new = facts.budget
    if new is None or new.currency or not isinstance(held, dict) or not held.get("currency"):
        return facts
    return replace(facts, budget=replace(new, currency=str(held["currency"])))
