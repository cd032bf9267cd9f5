"""When the prospect needs it, as months from a reference date.

Relative ("in 3 months", "d'ici six mois", "next week", "ASAP", "dès que possible") and
absolute ("by March", "Q1 next year", "fin du trimestre", "l'année prochaine", "by 2027").
A past year ("in 2023 we…") is not a timeline.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

from nlu.extract.numbers import NUMBER, WORD_NUMBERS, parse_number

DAYS_PER_MONTH = 30.44

MONTHS = {
    "january": 1,
    "janvier": 1,
    "jan": 1,
    "february": 2,
    "février": 2,
    "fevrier": 2,
    "feb": 2,
    "march": 3,
    "mars": 3,
    "april": 4,
    "avril": 4,
    "may": 5,
    "mai": 5,
    "june": 6,
    "juin": 6,
    "july": 7,
    "juillet": 7,
    "august": 8,
    "août": 8,
    "aout": 8,
    "september": 9,
    "septembre": 9,
    "october": 10,
    "octobre": 10,
    "november": 11,
    "novembre": 11,
    "december": 12,
    "décembre": 12,
    "decembre": 12,
}
UNITS = {
    "day": 1 / DAYS_PER_MONTH,
    "days": 1 / DAYS_PER_MONTH,
    "jour": 1 / DAYS_PER_MONTH,
    "jours": 1 / DAYS_PER_MONTH,
    "week": 7 / DAYS_PER_MONTH,
    "weeks": 7 / DAYS_PER_MONTH,
    "semaine": 7 / DAYS_PER_MONTH,
    "semaines": 7 / DAYS_PER_MONTH,
    "month": 1,
    "months": 1,
    "monts": 1,  # typos, as people type
    "mnths": 1,
    "moths": 1,
    "mths": 1,
    "mois": 1,
    "quarter": 3,
    "quarters": 3,
    "trimestre": 3,
    "trimestres": 3,
    "year": 12,
    "years": 12,
    "an": 12,
    "ans": 12,
    "année": 12,
    "années": 12,
    "annee": 12,
    "annees": 12,
}
_NUM = rf"(?P<num>{NUMBER}|{'|'.join(sorted(WORD_NUMBERS, key=len, reverse=True))}|a|an|one)"
_UNIT = rf"(?P<unit>{'|'.join(sorted(UNITS, key=len, reverse=True))})"
_MONTH = rf"(?P<month>{'|'.join(sorted(MONTHS, key=len, reverse=True))})"

ASAP = re.compile(
    r"\b(asap|as soon as possible|right away|immediately|urgent(ly)?|"
    # "we needed it yesterday", not "i booked a demo yesterday"
    r"(?:needed|need|needs|wanted|want|for) (?:it |this |that |one )?yesterday|pour hier|"
    r"^\s*yesterday\b|yesterday\s+(?:if possible|ideally|tbh|lol|haha)|"
    r"d[èe]s que possible|au plus vite|tout de suite|imm[ée]diatement|urgence|"
    r"le plus vite possible)\b",
    re.IGNORECASE,
)
RELATIVE = re.compile(
    rf"(?:\b(?:in|within|over the next|next|d'ici|d ici|dici|dans|ds|sous|d'ici à|en|between|"
    rf"entre)\s+"
    rf"(?:the\s+next\s+)?(?:(?:about|around|roughly|environ|à peu près)\s+)?"
    rf"|\btimeline\s*[:=-]?\s*|\b(?:d[ée]lai|echeance|échéance)\s*[:=-]?\s*)"
    rf"(?:(?P<low>\d{{1,2}})\s*(?:-|–|/|to|à|a|ou|or|and|et)\s*)?{_NUM}\s+{_UNIT}\b",
    re.IGNORECASE,
)
FROM_NOW = re.compile(rf"\b{_NUM}\s+{_UNIT}\s+from now\b", re.IGNORECASE)
# "début 2027", "mi-2027", "fin 2027", "early 2027", "mid-2027", "end of 2027"
PART_OF_YEAR = re.compile(
    r"\b(?P<part>début|debut|courant|mi|fin|early|mid|late|end of|the end of|beginning of)"
    r"[\s-]+(?P<year>20\d\d)\b",
    re.IGNORECASE,
)
PART_MONTH = {  # the middle of that part of the year
    "début": 1,
    "debut": 1,
    "early": 1,
    "beginning of": 1,
    "courant": 6,
    "mi": 6,
    "mid": 6,
    "fin": 12,
    "late": 12,
    "end of": 12,
    "the end of": 12,
}
# Seasons and French school-year markers: the start of the next one to come.
SEASON = re.compile(  # a cue first: "a été" is a verb, "in the spring we raised" the past
    r"\b(?:avant|d'ici|d ici|pour|dès|des|à|a(?=\s+(?:l'|l |la |le ))|by|before|for|this|cet|"
    r"cette|next|"
    r"(?:sometime|some time|ideally|hopefully|probably|maybe|perhaps) (?:in|during|over)|"
    # "on aimerait démarrer au printemps", "we want to start in the spring"
    r"(?:start|begin|launch|go live|d[ée]marrer|commencer|lancer|d[ée]ployer)\s+"
    r"(?:in|au|en|during))\s+"
    r"(?:l'|l |le |la |the )?"
    r"(?P<season>été|ete|summer|rentrée|rentree|automne|autumn|fall|hiver|winter|printemps|"
    r"spring)\b",
    re.IGNORECASE,
)
SEASON_DAY = {"rentrée": 1, "rentree": 1}  # the others start around the 21st
SEASON_MONTH = {
    "printemps": 3,
    "spring": 3,
    "été": 6,
    "ete": 6,
    "summer": 6,
    "rentrée": 9,
    "rentree": 9,
    "automne": 9,
    "autumn": 9,
    "fall": 9,
    "hiver": 12,
    "winter": 12,
}
# "pour la fin du premier trimestre", "first quarter"
ORDINAL_QUARTER = re.compile(
    r"(?P<endof>\b(?:the )?end of (?:the )?|\bfin (?:du )?)?\b(?P<ord>premier|1er|first|"
    r"deuxième|deuxieme|second|2e|troisième|troisieme|third|3e|quatrième|quatrieme|fourth|4e)"
    r"\s+(?:trimestre|quarter)\b",
    re.IGNORECASE,
)
ORDINALS = {
    "premier": 1,
    "1er": 1,
    "first": 1,
    "deuxième": 2,
    "deuxieme": 2,
    "second": 2,
    "2e": 2,
    "troisième": 3,
    "troisieme": 3,
    "third": 3,
    "3e": 3,
    "quatrième": 4,
    "quatrieme": 4,
    "fourth": 4,
    "4e": 4,
}
NEXT = re.compile(
    r"\b(?P<what>next (?P<en>week|month|quarter|year)|"
    r"(?:la |le |l')?(?P<fr>semaine|mois|trimestre|ann[ée]e|an) prochaine?)\b",
    re.IGNORECASE,
)
THIS = re.compile(
    r"\b(this (?P<en>month|quarter|year)|(?:ce |cette )(?P<fr>mois|trimestre|ann[ée]e)(?:-ci)?|"
    r"(?:end of|by the end of|fin|d'ici la fin|avant la fin) (?:of )?(?:the |du |de l'|de la )?"
    r"(?P<end>quarter|year|trimestre|ann[ée]e|month|mois))\b",
    re.IGNORECASE,
)
QUARTER = re.compile(
    r"(?P<endof>\b(?:the )?end of (?:the )?|\bfin (?:du )?)?"
    r"\b(?:Q|q|T)(?P<q>[1-4])\b(?P<rest>\s+(?:next year|l'ann[ée]e prochaine|\d{4}))?"
)
BY_MONTH = re.compile(
    rf"\b(?P<when>by|in|before|for|until|d'ici|en|avant|pour|début|debut|fin|early|late|"
    rf"end of|mi|mid|id[ée]alement|ideally|plut[ôo]t|vers|around|genre|probablement|"
    rf"probably|maybe|peut-[êe]tre|courant(?:\s+de|\s+d(?=['’]))?)[\s'’-]+"
    rf"{_MONTH}\b(?:\s+(?P<year>\d{{4}}))?",
    re.IGNORECASE,
)
# A month named beside "next year" / "l'année prochaine" ("l'année prochaine, genre mars",
# "in March next year"); English "may" and "march" are verbs too, so those two only
# after a preposition.
NAMED_MONTH = re.compile(
    rf"\b(?:(?:by|in|around|for|early|late|end of|before)\s+(?:march|may)|"
    rf"(?!(?:march|may)\b){_MONTH})\b",
    re.IGNORECASE,
)
BY_YEAR = re.compile(
    r"\b(?:by|in|for|before|d'ici|en|pour|avant)\s+(?P<year>20\d\d)\b", re.IGNORECASE
)
# "early next year", "début de l'année prochaine": that part of next year.
_PART_BEFORE = re.compile(
    r"\b(?P<part>early|mid|late|début|debut|mi|fin|courant)[\s-]+(?:de\s+|d')?$", re.IGNORECASE
)
# Christmas and the end-of-year holidays: "avant noël", "by Christmas", "avant les fêtes".
CHRISTMAS = re.compile(
    r"\b(?:(?:avant|d'ici|d ici|by|before|until)\s+(?:the\s+|les\s+)?"
    r"(?:no[ëe]l|christmas|xmas|f[êe]tes(?: de fin d'ann[ée]e)?|holidays)|pour no[ëe]l)\b",
    re.IGNORECASE,
)
# "not before september", "pas avant la rentrée": said back as meant, the start
_NEGATED = re.compile(r"\b(?:not|pas|jamais)\s+$", re.IGNORECASE)
_BEFORE = re.compile(r"(?:before|avant)\b", re.IGNORECASE)
# "EUR 40,000 budgeted for this year": the budget's period, not a deadline.
_BUDGETED = re.compile(r"\b(?:budget\w*|pr[ée]vu\w*)\s+(?:for|pour|sur)\s*$", re.IGNORECASE)


@dataclass(frozen=True)
class Timeline:
    months: float
    text: str


def _months_until(today: date, target: date) -> float:
    return max(0.0, (target - today).days / DAYS_PER_MONTH)


def _quarter_end(today: date) -> date:
    end_month = ((today.month - 1) // 3 + 1) * 3
    return date(today.year + end_month // 12, end_month % 12 + 1, 1)


def _quarter(
    q: int,
    endof: bool,
    rest: str,
    m: re.Match[str],
    today: date,
    found: Callable[[float, re.Match[str]], Timeline],
) -> Timeline | None:
    """ "Q1" (its first day), "end of Q1" / "fin du T1" (its last), "Q3 2027", "Q1 next year";
    a quarter without a year is the next one to come."""
    year = int(rest) if rest.isdigit() else today.year + (1 if rest else 0)
    if endof:  # the day after the quarter's last

        def end(y: int) -> date:
            return date(y + 1, 1, 1) if q == 4 else date(y, 3 * q + 1, 1)

        target = end(year)
        if target <= today and not rest:
            target = end(year + 1)
    else:
        target = date(year, 3 * q - 2, 1)
        if target < date(today.year, today.month, 1) and not rest:
            target = date(year + 1, 3 * q - 2, 1)
    if target.year < today.year:
        return None
    return found(_months_until(today, target), m)


def _relative_months(m: re.Match[str]) -> float:
    """Months of "in 3 months", "d'ici six mois", "in 2-3 months" (the range's middle)."""
    token = m.group("num").lower()
    n = 1.0 if token in ("a", "an", "one") else WORD_NUMBERS.get(token) or parse_number(token)
    low = m.groupdict().get("low")
    n = (float(low) + float(n)) / 2 if low and float(low) < float(n) else float(n)
    return n * UNITS[m.group("unit").lower()]


def _in_month(year: int, month: int, when: str) -> date:
    """The day meant in a month: its end for "fin mars", "end of March", "late March" (the
    first of the next), its middle for "mi-mars", its start otherwise."""
    when = "courant" if when.lower().startswith("courant") else when.lower()  # "courant d'"
    if when in ("fin", "end of", "late"):
        return date(year + 1, 1, 1) if month == 12 else date(year, month + 1, 1)
    middle = when in ("mi", "mid", "courant", "during")  # "courant avril": sometime in it
    return date(year, month, 15) if middle else date(year, month, 1)


def _next(m: re.Match[str], text: str, today: date) -> Timeline:
    """ "next week / month / quarter / year", "l'année prochaine" (its middle, or the month
    named beside it: "l'année prochaine, genre mars")."""
    unit = (m.group("en") or m.group("fr")).lower()
    said = m.group(0)
    if unit in ("week", "semaine"):
        months = 7 / DAYS_PER_MONTH
    elif unit in ("month", "mois"):
        months = 1.0
    elif unit in ("quarter", "trimestre"):
        months = _months_until(today, _quarter_end(today)) + 1.5
    elif part := _PART_BEFORE.search(text[: m.start()]):
        month = PART_MONTH[part.group("part").lower()]
        months = _months_until(today, date(today.year + 1, month, 15))
        said = text[part.start() : m.end()]
    elif named := NAMED_MONTH.search(text):
        month = MONTHS[named.group(0).split()[-1].lower()]
        said = text[min(m.start(), named.start()) : max(m.end(), named.end())]
        months = _months_until(today, date(today.year + 1, month, 1))
    else:
        months = _months_until(today, date(today.year + 1, 1, 1)) + 6  # its middle
    return Timeline(months=round(months, 1), text=said.strip())


def extract_timeline(text: str, *, today: date) -> Timeline | None:
    def found(months: float, m: re.Match[str]) -> Timeline:
        negated = _NEGATED.search(text, 0, m.start())  # "not before september": its start
        start = negated.start() if negated and _BEFORE.match(m.group(0)) else m.start()
        return Timeline(months=round(months, 1), text=text[start : m.end()].strip())

    if m := ASAP.search(text):
        return found(0.0, m)
    if m := RELATIVE.search(text) or FROM_NOW.search(text):
        return found(_relative_months(m), m)
    if m := QUARTER.search(text):
        q, rest = int(m.group("q")), (m.group("rest") or "").strip()
        return _quarter(q, bool(m.group("endof")), rest, m, today, found)
    if m := ORDINAL_QUARTER.search(text):
        q = ORDINALS[m.group("ord").lower()]
        return _quarter(q, bool(m.group("endof")), "", m, today, found)
    if m := NEXT.search(text):
        return _next(m, text, today)
    if (m := THIS.search(text)) and not _BUDGETED.search(text[: m.start()]):
        unit = (m.group("en") or m.group("fr") or m.group("end")).lower()
        if unit in ("month", "mois"):
            return found(0.5, m)
        if unit in ("quarter", "trimestre"):
            return found(_months_until(today, _quarter_end(today)), m)
        return found(_months_until(today, date(today.year + 1, 1, 1)), m)
    if m := BY_MONTH.search(text):
        month = MONTHS[m.group("month").lower()]
        year = int(m.group("year")) if m.group("year") else today.year
        if not m.group("year") and month < today.month:
            year += 1
        if year < today.year:
            return None
        return found(_months_until(today, _in_month(year, month, m.group("when"))), m)
    if m := PART_OF_YEAR.search(text):
        year = int(m.group("year"))
        target = date(year, PART_MONTH[m.group("part").lower()], 15)
        if target < today:
            return None
        return found(_months_until(today, target), m)
    if m := BY_YEAR.search(text):
        year = int(m.group("year"))
        if year <= today.year:
            return None  # "in 2023 we…": the past, or this year with no better hint
        return found(_months_until(today, date(year, 1, 1)), m)
    if (m := CHRISTMAS.search(text)) and not _NEGATED.search(text, 0, m.start()):
        target = date(today.year, 12, 24)
        return found(
            _months_until(today, target if target >= today else date(today.year + 1, 12, 24)), m
        )
    if m := SEASON.search(text):
        season = m.group("season").lower()
        month, day = SEASON_MONTH[season], SEASON_DAY.get(season, 21)
        target = date(today.year, month, day)
        if target <= today:
            target = date(today.year + 1, month, day)
        return found(_months_until(today, target), m)
    return None
