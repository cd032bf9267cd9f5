"""What a number of users costs on each plan, worked out from the library's own pricing text
("**Growth** costs €99 per user per month" → for 25 users, €2,475 per month). Only prices
stated per user are used; a plan priced on a quote is left to the rep. Pure: no I/O."""

from __future__ import annotations

import re
from dataclasses import dataclass

_AMOUNT = r"\d{1,3}(?:[  ,.]\d{3})*(?:[.,]\d{1,2})?"
PLAN_PRICE = re.compile(
    r"(?:\*\*|__)?(?P<plan>[A-Z][\w-]{1,30})(?:\*\*|__)?(?:\s+(?:plan|tier|offer|offre|formule))?"
    r"\s+(?:costs|is|coûte|coute|est à)\s+"
    rf"(?:(?P<cur1>[€$£])\s?(?P<a1>{_AMOUNT})|(?P<a2>{_AMOUNT})\s?(?P<cur2>[€$£]))\s+"
    r"(?:per|a|par)\s+(?:user|seat|utilisateur|siège|poste)"
    r"(?:\s+(?:per|a|et par|par)\s+(?P<period>month|year|mois|an))?",
)
_BOLD = re.compile(r"(?:\*\*|__)([A-Z][\w-]{1,30})(?:\*\*|__)")  # the page's plan names
PERIODS = {"month": "month", "mois": "month", "year": "year", "an": "year"}
SAID = {
    "en": {
        "intro": "For {seats} users, at list prices: {plans}.",
        "plan": "{plan} {total} per {period}",
        "month": "month",
        "year": "year",
        "and": ", ",
    },
    "fr": {
        "intro": "Pour {seats} utilisateurs, au prix catalogue : {plans}.",
        "plan": "{plan} {total} par {period}",
        "month": "mois",
        "year": "an",
        "and": ", ",
    },
}


@dataclass(frozen=True)
class PlanPrice:
    plan: str
    amount: float
    currency: str
    period: str  # month | year


def _number(text: str) -> float:
    digits = re.sub(r"[  ]", "", text)
    if re.search(r"[.,]\d{1,2}$", digits):  # "12,50", "12.50": decimals
        return float(re.sub(r"[.,]", "", digits[:-3]) + "." + digits[-2:].lstrip(".,"))
    return float(re.sub(r"[.,]", "", digits))


def plan_prices(text: str) -> list[PlanPrice]:
    """The per-user prices `text` states, in its order."""
    found = []
    for m in PLAN_PRICE.finditer(text):
        amount = _number(m.group("a1") or m.group("a2"))
        period = PERIODS.get((m.group("period") or "month").lower(), "month")
        found.append(PlanPrice(m.group("plan"), amount, m.group("cur1") or m.group("cur2"), period))
    return found


def _money(amount: float, currency: str, language: str) -> str:
    whole = f"{amount:,.0f}" if amount == int(amount) else f"{amount:,.2f}"
    if language == "fr":
        return whole.replace(",", " ").replace(".", ",") + f" {currency}"
    return f"{currency}{whole}"


def seat_prices(text: str, seats: int, language: str, asked: str = "") -> str | None:
    """What `seats` users cost on each plan `text` prices per user (the plans `asked` names,
    when it names some), in `language`; None when `text` states no per-user price."""
    prices = plan_prices(text)
    named = [p for p in prices if re.search(rf"\b{re.escape(p.plan)}\b", asked, re.IGNORECASE)]
    priced = {p.plan.lower() for p in prices}
    if not named and any(  # "a quote for 120 seats enterprise": a plan priced otherwise
        re.search(rf"\b{re.escape(plan)}\b", asked, re.IGNORECASE)
        for plan in set(_BOLD.findall(text)) - priced
    ):
        return None
    if not (prices := named or prices) or seats <= 0:
        return None
    said = SAID.get(language, SAID["en"])
    plans = said["and"].join(
        said["plan"].format(
            plan=p.plan,
            total=_money(p.amount * seats, p.currency, language),
            period=said[p.period],
        )
        for p in prices
    )
    return said["intro"].format(seats=seats, plans=plans)
