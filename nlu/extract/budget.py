"""Budgets: "50k€", "entre 20 000 et 40 000 €", "£10k-£15k", "$2,500 per month".

A money amount is a budget when a budget cue is near ("budget", "spend", "afford",
"enveloppe", "prêts à investir"), when it stands alone with a currency, or when a rounded
amount is given per period ("20-25k a year"); it is not when
a revenue, funding or salary cue governs it (revenue is not a budget).
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass, replace
from typing import Literal

from nlu.extract.numbers import MULTIPLIER, NUMBER, apply_multiplier, parse_number

Period = Literal["month", "year", "one_off"]

CURRENCIES = {
    "€": "EUR",
    "eur": "EUR",
    "euro": "EUR",
    "euros": "EUR",
    "k€": "EUR",
    "$": "USD",
    "usd": "USD",
    "dollar": "USD",
    "dollars": "USD",
    "us$": "USD",
    "buck": "USD",  # slang for dollars ("10k bucks")
    "bucks": "USD",
    "£": "GBP",
    "gbp": "GBP",
    "pound": "GBP",
    "pounds": "GBP",
    "quid": "GBP",
    "livres": "GBP",
    "chf": "CHF",
    "francs": "CHF",
}
_CUR = r"(?:€|\$|£|EUR|USD|GBP|CHF|euros?|dollars?|bucks?|pounds?|quid|livres(?! blancs?)|francs)"
# Every optional part carries its own spaces: two `\s*` side by side would try every split
# of a run of spaces, at every position of it (cubic in the run's length).
_AMOUNT = (
    rf"(?:(?P<@pre>{_CUR})\s*)?(?P<@num>{NUMBER})"
    rf"(?:\s*(?P<@mult>k€|{MULTIPLIER}))?(?:\s*(?P<@post>{_CUR}))?"
)
AMOUNT = re.compile(_AMOUNT.replace("@", "a"), re.IGNORECASE)
RANGE = re.compile(
    r"(?:(?:between|entre|from|de)\s*)?"
    + _AMOUNT.replace("@", "a")
    + r"\s*(?:-|–|to|and|et|à)\s*"
    + _AMOUNT.replace("@", "b"),
    re.IGNORECASE,
)
BUDGET_CUES = re.compile(
    r"\b(budget|budjet|bugdet|budgeted|spend|spending|afford|invest|allocate|allocated|"
    r"set aside|price range|"
    r"enveloppe|budgété|dépenser|investir|mettre|prévu|allouer|alloué)\w*",
    re.IGNORECASE,
)
NEGATIVE_CUES = re.compile(
    r"\b(revenue|turnover|ARR|MRR|sales of|raised|funding|valuation|salary|salaries|"
    r"chiffre d'affaires|CA|levé|levée|valorisation|salaire|salaires|facturons|we bill|"
    r"costs? us|loss|perte|"
    # another vendor's price: "un devis de chez Plezi à 600 €", "a quote from Marketo for 900"
    r"devis de chez|quote from|quoted us|another vendor|autre [ée]diteur|autre prestataire|"
    # "le fournisseur concurrent nous a fait un devis à 2000 €", "ils nous proposent 900 €"
    r"(?:nous|m|nous ont|m'ont|m'a) (?:a |ont )?(?:fait|fait parvenir|envoy[ée]|propos[ée])"
    r" (?:un|une|leur|son) (?:devis|offre|proposition)|(?:nous|me) (?:proposent|propose)|"
    r"concurrents?|competitors?|fournisseur actuel|current vendor)\b",
    re.IGNORECASE,
)
MONTHLY = re.compile(
    r"\b(per month|a month|monthly|/ ?mo(?:nth)?|par mois|mensuel\w*|/ ?mois)\b"
    r"|(?<=[\s€$£\dkK])/\s?(?:mo(?:nth)?|mois)\b",  # "2k / mois", "1 500 €/mois"
    re.I,
)
YEARLY = re.compile(
    r"\b(per year|a year|per yr|a yr|yearly|annual\w*|per annum|/ ?y(?:ea)?r|par an|"
    r"par année|annuel\w*|/ ?an|"
    r"for the (?:whole |full |entire )?year|this year|pour l'année|cette année|sur l'année)\b"
    r"|(?<=[\s€$£\dkK])/\s?(?:an|y(?:ea)?r)\b",  # "50k / an environ", "5000€/an"
    re.I,
)
ONE_OFF = re.compile(r"\b(one[- ]off|one[- ]time|once|en une fois|ponctuel\w*|forfait)\b", re.I)
# "we have maybe 300 a month for this", "on peut mettre 500 par mois": an amount followed by
# its period, said by someone telling what they have for it, is a budget without the word;
# "we pay 300 a month for HubSpot", "we already have a licence at 300 a month" are not.
_PER_PERIOD = re.compile(
    r"\s*(?:per|a|an|each|every|/|par)\s*(?:month|mo|year|yr|annum|mois|an|année)\b", re.I
)
HAVE_CUES = re.compile(
    r"\b(?:we(?:'ve| have)(?: got)?|we got|we'?d have|we (?:could|can|would|'d) (?:do|put|"
    r"go|pay|manage|stretch)|for (?:this|it|that)|on a|on aurait|on (?:peut|pourrait)|"
    r"nous avons|nous pourrions|pour (?:ça|ca|cela|ce projet))\b",
    re.IGNORECASE,
)
PAID_CUES = re.compile(
    r"\b(?:pay|paying|paid|already|currently|costs?|charges?|charged|licen[cs]es?|"
    r"subscriptions?|bought|payons|payé|déjà|coûte|abonnements?)\b",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class Budget:
    min: float
    max: float
    currency: str | None
    period: Period | None


def _amount(m: re.Match[str], g: str) -> tuple[float, str | None, bool]:
    value = apply_multiplier(parse_number(m.group(f"{g}num")), _mult(m.group(f"{g}mult")))
    cur = m.group(f"{g}pre") or m.group(f"{g}post")
    if (m.group(f"{g}mult") or "").lower() == "k€":
        cur = "€"
    currency = CURRENCIES.get(cur.lower()) if cur else None
    return value, currency, bool(m.group(f"{g}mult"))


def _mult(raw: str | None) -> str | None:
    return "k" if raw and raw.lower() == "k€" else raw


# A budget per quarter or over several years is stored per year: "5-10k per quarter" is
# 20-40k a year, "40 000 euros sur 2 ans" 20 000 a year.
QUARTERLY = re.compile(
    r"\b(?:per quarter|a quarter|quarterly|par trimestre|trimestriel\w*)\b|"
    r"/\s?(?:quarter|q|trimestre)\b",
    re.I,
)
OVER_YEARS = re.compile(
    r"\b(?:sur|over|across|for)\s+(?P<years>[2-5])\s+(?:ans|années|annees|years)\b", re.I
)


_NOTHING_BUT_CURRENCY = re.compile(
    # "40 000 euros sur 2 ans": the amount's match ends inside "euros"
    r"(?:os|o|s)?\s*(?:[€$£]|eur|euros?|usd|dollars?|bucks?|gbp|chf|ht|hors taxes?)?\s*$",
    re.IGNORECASE,
)


def _yearly_scale(text: str, end: int) -> float | None:
    """What the amount ending at `end` is multiplied by to be yearly, when its period, right
    after it, is a quarter or several years ("5-10k per quarter", "40 000 € sur 2 ans";
    not "30k per year, paid quarterly", "hubspot for 2 years, budget 10k"), or None."""
    after = text[end : end + 30]
    if (quarter := QUARTERLY.search(after)) and _NOTHING_BUT_CURRENCY.match(
        after[: quarter.start()]
    ):
        return 4.0
    if (over := OVER_YEARS.search(after)) and _NOTHING_BUT_CURRENCY.match(after[: over.start()]):
        return 1 / int(over.group("years"))
    return None


def _period(text: str) -> Period | None:
    if MONTHLY.search(text):
        return "month"
    if YEARLY.search(text):
        return "year"
    if ONE_OFF.search(text):
        return "one_off"
    return None


# What they pay today, said right before the amount: "budget 20k, we pay 500 USD for
# HubSpot", "on paie déjà 300 € par mois". Not "we could pay 20k" (a budget: HAVE_CUES).
PAYING_NOW = re.compile(
    r"\b(?:we|i|on|nous)(?:'re| are| am|'m)?\s+"
    r"(?:currently |already |now |also |still |d[ée]j[àa] )?"
    r"(?:pay|paying|paid|paie|paye|payons)\b"
    r"(?:\s+(?:d[ée]j[àa]|already|currently|actuellement|aujourd'hui|today|now))?"
    r"(?:\s+(?:around|about|roughly|like|approx\.?|environ|dans les|autour de))?\s*[~≈]?\s*$",
    re.IGNORECASE,
)
# ...unless it is a ceiling, which answers the budget question: "we pay 2k/month max", "on
# paie 300 par mois grand max".
_CEILING = re.compile(
    r"[^,.;!?\d]{0,25}?\b(?:max|maximum|tops|at most|at the most|pas plus|no more)\b",
    re.IGNORECASE,
)
# The amount paid and its period ("we pay 300 monthly for hubspot", "$50 per user per
# month", "300 € HT/mois"): that period is not the budget's.
_PAID_NOW_AMOUNT = re.compile(
    PAYING_NOW.pattern.removesuffix("$")
    + _AMOUNT.replace("@", "p")
    + rf"(?:[^,.;!?\d]{{0,20}}?(?:{MONTHLY.pattern}|{YEARLY.pattern}))?",
    re.IGNORECASE,
)


def _paid_now(text: str, start: int, end: int) -> bool:
    """The amount from `start` to `end` is what they pay today, and no ceiling."""
    window = text[max(0, start - 40) : start]
    return PAYING_NOW.search(window) is not None and not _CEILING.match(text, end)


def _governed_by_negative(text: str, start: int, end: int) -> bool:
    """A revenue/funding/salary cue in the words before the amount, with no budget cue
    between them ("our ARR is $3M and we could spend $20k": the $20k is a budget), or what
    they pay today right before it ("we pay 500 USD for HubSpot")."""
    if _paid_now(text, start, end):
        return True
    window = text[max(0, start - 40) : start]
    negatives = list(NEGATIVE_CUES.finditer(window))
    if not negatives:
        return False
    return not any(c.start() > negatives[-1].end() for c in BUDGET_CUES.finditer(window))


NOT_MONEY_AFTER = re.compile(
    r"\s*(?:\+\s*)?(?:%|people|persons|employees|staff|users|customers|clients|offices|"
    r"months?|weeks?|days?|years?|personnes|salariés|employés|utilisateurs|bureaux|mois|"
    r"semaines|jours|ans|années)\b",
    re.IGNORECASE,
)


def _candidates(text: str) -> list[tuple[re.Match[str], bool]]:
    """Ranges, then single amounts outside them; each check looks at a bounded stretch of
    text, so the whole is linear in the text."""
    found = []
    range_starts: list[int] = []
    range_ends: list[int] = []
    for pattern, is_range in ((RANGE, True), (AMOUNT, False)):
        for m in pattern.finditer(text):  # in order, not overlapping each other
            if not m.group("anum"):
                continue
            # Inside a range already taken? (ranges are sorted: the one starting last before)
            i = bisect_right(range_starts, m.start()) - 1
            if not is_range and i >= 0 and m.start() < range_ends[i]:
                continue
            if is_range:  # its amounts are its own, even when it is no budget
                range_starts.append(m.start())
                range_ends.append(m.end())
            if NOT_MONEY_AFTER.match(text, m.end()) or _governed_by_negative(
                text, m.start(), m.end()
            ):
                continue  # "we pay 300-500 USD for HubSpot": neither end is a budget
            found.append((m, is_range))
    return found


def _without_paid_now(text: str) -> str:
    """`text` without what they pay today and its period ("we pay 500 USD a month for
    HubSpot"): that period is not the budget's."""
    return _PAID_NOW_AMOUNT.sub(lambda m: m[0] if _CEILING.match(text, m.end()) else " ", text)


def extract_budget(text: str) -> Budget | None:
    cue = BUDGET_CUES.search(text)
    period = _period(_without_paid_now(text))  # once: it reads the whole text
    have = period is not None and bool(HAVE_CUES.search(text)) and not PAID_CUES.search(text)
    best: tuple[float, Budget, int] | None = None
    for m, is_range in _candidates(text):
        low, cur_a, mult_a = _amount(m, "a")
        high, cur_b, mult_b = _amount(m, "b") if is_range else (low, cur_a, mult_a)
        if is_range and mult_b and not mult_a and low < high / 1000:
            low = apply_multiplier(low, _mult(m.group("bmult")))  # "10-15k"
        elif is_range and not (mult_a or mult_b) and low < 100 and high / 10 <= low * 1000 <= high:
            low *= 1000  # "entre 3 et 4000 euros": the thousands said once
        currency = cur_a or cur_b
        priced = period is not None and (mult_a or mult_b)  # "20-25k a year"
        if have and high >= 10 and _PER_PERIOD.match(text, m.end()):
            priced = True  # "we have maybe 300 a month for this"
        if currency is None and not priced and not (cue and (mult_a or mult_b or low >= 100)):
            continue  # a bare number is a budget only next to a budget cue or a period
        year_shaped = re.fullmatch(r"(19|20)\d\d", m.group("anum").strip())
        if year_shaped and not currency and not _PER_PERIOD.match(text, m.end()):
            continue  # a year ("budget for 2027"), not "budget 2000 par mois"
        # Prefer amounts with a currency, then the one closest after the budget cue.
        distance = abs(m.start() - cue.end()) if cue else 1000
        rank = (
            (0 if currency else 10_000)
            + distance
            + (0 if not cue or m.start() >= cue.start() else 500)
        )
        said_per = period
        if scale := _yearly_scale(text, m.end()):
            low, high, said_per = low * scale, high * scale, "year"
        budget = Budget(min=min(low, high), max=max(low, high), currency=currency, period=said_per)
        if best is None or rank < best[0]:
            best = (rank, budget, m.end())
    if best is None:
        return None
    near = text[best[2] : best[2] + _NAMED_NEAR]
    if best[1].currency is None and (named := _named_apart(near)):
        return replace(best[1], currency=named)  # "we have maybe 60k budget, eur"
    return best[1]


# A currency named right after the amount, apart from it: "60k budget, eur". Words that are
# something else too ("livres": books, "pour être francs") are not read there.
_NAMED_NEAR = 20  # characters after the amount
_PLAIN_CURRENCY = re.compile(
    r"(?<![\w$€£])(?:€|\$|£|eur|euros?|usd|dollars?|bucks?|gbp|pounds?|chf|"
    r"francs suisses|swiss francs)(?![\w$€£])(?!\s*\d)",
    re.IGNORECASE,
)


def _named_apart(text: str) -> str | None:
    """The one currency `text` (what follows the amount) names, not another amount's; None
    when it names none or several."""
    found = set()
    for m in _PLAIN_CURRENCY.finditer(text):
        if re.search(r"\d\s*[kKmM]?\s*$", text[max(0, m.start() - 6) : m.start()]):
            return None  # another amount's currency
        found.add(_currency_of(m.group(0)))
    return found.pop() if len(found) == 1 else None


_CURRENCY_ONLY = re.compile(
    r"(?<![\w$€£])(?:€|\$|£|eur|usd|gbp|chf|euros?|dollars?|bucks?|pounds?|quid|livres(?! blancs?)|"
    r"francs(?: suisses)?|swiss francs)(?![\w$€£])",
    re.IGNORECASE,
)


# A currency or a period named alone is a short message ("dollars btw", "c'est annuel").
MAX_NAMED_WORDS = 10


def currency_named(text: str) -> str | None:
    """The currency a message names with no amount ("dollars btw", "c'est en CHF"): the
    currency of the budget already given, or None."""
    if re.search(r"\d", text) or "?" in text or len(text.split()) > MAX_NAMED_WORDS:
        return None  # a sentence about something else names no currency of ours
    m = _CURRENCY_ONLY.search(text)
    if m is None:
        return None
    return _currency_of(m.group(0))


def _currency_of(named: str) -> str | None:
    """The code of a currency word as matched ("euros", "francs suisses", "bucks")."""
    word = named.lower().split()[0]
    return CURRENCIES.get(word, "CHF" if "franc" in word else None)


_NOT_THAT = re.compile(
    r"\b(?:not|pas|rather than|instead of|au lieu d[eu']?|plut[ôo]t que)\b", re.I
)


def period_named(text: str) -> Period | None:
    """The period a short message names with no amount ("c'est annuel", "per year not per
    month", "monthly btw"): the period of the budget already given, or None."""
    if re.search(r"\d", text) or "?" in text or len(text.split()) > MAX_NAMED_WORDS:
        return None
    before, *after = _NOT_THAT.split(text, maxsplit=1)  # "per year not per month": a year
    said = before if before.strip(" ,.!") else "".join(after).partition(",")[2]  # "pas…, par an"
    period = _period(said)
    return period if period in ("month", "year") else None
