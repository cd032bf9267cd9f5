"""Corrections and take-backs: "300 not 30", "25 utilisateurs pas 15", "non attendez,
plutôt 12000", "je veux dire directeur commercial": the value a message puts in place of
one just given, read as the answer to that value's question (`answer_for`)."""

from __future__ import annotations

import math
import re
from datetime import date
from typing import Any

from nlu.extract.answers import answer_for
from nlu.extract.numbers import COUNT, NUMBER, parse_count

# What a corrected count is of: "25 utilisateurs pas 15" corrects the seats, "300 people
# not 30" the size.
SEAT_UNIT = (
    r"(?:users?|utilisateurs?|seats?|si[èe]ges?|licen[cs]es?|postes?|comptes?|accounts?|"
    r"logins?|reps?|commerciaux)"
)
PEOPLE_UNIT = (
    r"(?:people|persons?|personnes?|pers|ppl|employees|emps|staff|salari[ée]s|sallari[ée]s|"
    r"employ[ée]s|collaborateurs|collabs?)"
)
_CORRECTION = re.compile(
    rf"(?P<new>{NUMBER})\s*(?P<newk>k\b)?"
    rf"(?:\s*(?P<unit>{SEAT_UNIT}|{PEOPLE_UNIT})\b)?"
    r"(?:\s*(?:per|a|an|/|par)\s*(?:month|year|mois|an|année)\b)?"
    rf"\s*,?\s*(?:not|pas|instead of|au lieu de|rather than|"
    rf"plutôt que|plutot que)\s+(?P<old>{NUMBER})\s*(?P<oldk>k\b)?",
    re.IGNORECASE,
)


# The value taken back first: "pas une quinzaine, plutôt une vingtaine", "not 15, more like
# 20", "not a dozen but 20 people".
_ARTICLE = r"(?:(?:une?|a|an|like|about|environ)\s+)?"
_NOT_OLD_BUT_NEW = re.compile(
    rf"\b(?:pas|not)\s+{_ARTICLE}(?P<old>{COUNT})\s*(?P<oldk>k\b)?"
    rf"(?:\s*(?:{SEAT_UNIT}|{PEOPLE_UNIT})\b)?\s*[,;]?\s*"
    rf"(?:plut[ôo]t|rather|more like|mais|but|instead)\s+{_ARTICLE}"
    rf"(?P<new>{COUNT})\s*(?P<newk>k\b)?"
    rf"(?:\s*(?P<unit>{SEAT_UNIT}|{PEOPLE_UNIT})\b)?",
    re.IGNORECASE,
)


def _correction_match(text: str) -> re.Match[str] | None:
    return _CORRECTION.search(text) or _NOT_OLD_BUT_NEW.search(text)


def corrected_number(text: str, current: float, *, seats: bool = False) -> float | None:
    """The value `text` puts in place of `current` ("300 not 30": 300 when current is 30),
    or None when it corrects something else. A bare "150 not 120" corrects 120,000 too.
    `seats`: `current` counts users, corrected only by a count of users ("25 utilisateurs
    pas 15"), which corrects nothing else."""
    m = _correction_match(text)
    if m is None:
        return None
    of_seats = bool(m.group("unit")) and re.fullmatch(SEAT_UNIT, m.group("unit"), re.I)
    if seats != bool(of_seats):
        return None
    new, old = parse_count(m.group("new")), parse_count(m.group("old"))
    new *= 1000 if m.group("newk") else 1
    old *= 1000 if m.group("oldk") else 1
    for scale in (1, 1000):
        if abs(old * scale - current) < 0.5:
            return new * scale
    return None


def is_correction(text: str) -> bool:
    """ "3k not 2k": a correction, not a refusal, however much it sounds like a "no"."""
    return _correction_match(text) is not None


# Words that take back what was just said: "non attendez, plutôt 12000", "sorry I meant
# 300", "make that 12k", "en fait 6 mois". A "no" or an "euh" alone is not one.
_TAKE_BACK = (
    r"oops|oups|wait|hold on|attends|attendez|pardon|sorry|d[ée]sol[ée]|en fait|actually|"
    r"i mean|i meant|je veux dire|je voulais dire|make (?:that|it)|rather|plut[ôo]t|"
    r"correction|my bad|scratch that|je me suis tromp[ée]e?|i was wrong|erreur"
)
_CORRECTION_LEAD = re.compile(
    rf"^\W*(?:(?:non|nan|no|nope|euh|hmm|ah|oh|ok|enfin|{_TAKE_BACK})\b[\s,.!:;-]*)+", re.I
)
# ... or a short value closed by one: "nan 85 en fait", "no, 85 actually".
_TRAILING_TAKE_BACK = re.compile(
    r"^\W*(?:(?:non|nan|no|nope|euh|ah|oh)\b[\s,.!:;-]*)?(?P<rest>[^,.!?]{1,30}?)[\s,]*"
    r"\b(?:en fait|actually|plut[ôo]t|rather|i mean)\W*$",
    re.IGNORECASE,
)
_TAKES_BACK = re.compile(rf"\b(?:{_TAKE_BACK})\b", re.IGNORECASE)
# The facts a bare value can correct, and the question that reads each.
CORRECTABLE = {
    "budget": "budget",
    "company_size": "company_size",
    "timeline": "timeline",
    "job_title": "job_title",  # "je veux dire directeur commercial pardon"
}
# The Facts field of each correctable slot.
FACT_OF_SLOT = {"job_title": "job"}
MAX_TAKE_BACK_WORDS = 5  # "45 if you count interns", "25k tops"
# ... or a value early in a short sentence: "en fait on est 35 avec les apprentis".
MAX_WORDS_TO_VALUE, MAX_TAKE_BACK_SENTENCE = 4, 10


def _short_take_back(rest: str) -> bool:
    """What follows the take-back word is a value, not a new subject: a few words, or a
    value within its first words and a short sentence around it."""
    words = rest.split()
    if len(words) <= MAX_TAKE_BACK_WORDS:
        return True
    first_number = next((i for i, w in enumerate(words) if any(c.isdigit() for c in w)), None)
    return (
        first_number is not None
        and first_number < MAX_WORDS_TO_VALUE
        and len(words) <= MAX_TAKE_BACK_SENTENCE
    )


# What a bare value closed by a take-back does not say: a negation, seats, a year.
_NOT_A_BARE_VALUE = re.compile(
    r"\b(?:pas|not|no|never|jamais|seats?|users?|licen[cs]es?|utilisateurs?|postes?|"
    r"si[èe]ges?|(?:19|20)\d\d)\b",
    re.IGNORECASE,
)


def _taken_back(text: str) -> str | None:
    """What a take-back puts in place: the words after its lead ("non attendez, plutôt
    12000"), or before a closing one ("nan 85 en fait"); None without a take-back."""
    lead = _CORRECTION_LEAD.match(text)
    if lead is not None and (_TAKES_BACK.search(lead.group(0)) or "enfin" in lead.group(0).lower()):
        return text[lead.end() :].strip()
    trailing = _TRAILING_TAKE_BACK.match(text)
    if trailing is None or "?" in text or _NOT_A_BARE_VALUE.search(trailing.group("rest")):
        return None  # "25 seats actually", "on est pas 85 en fait", "pas avant 2027 en fait"
    return trailing.group("rest").strip()


# A value that can only be money: "250/month", "3k€", "500 euros".
_MONEY_SHAPED = re.compile(
    r"[€$£]|\d\s*k\b|/\s*(?:mo|month|mois|an|yr|year)\b|\b(?:per|par|a)\s+(?:month|mois|year|an)\b|"
    r"\b(?:eur|usd|gbp|chf|euros?|dollars?)\b",
    re.IGNORECASE,
)


def correction(
    text: str, given: frozenset[str], *, today: date, held: dict[str, float] | None = None
) -> dict[str, Any] | None:
    """The fact a take-back puts in place of the one just given (`given`: the slots the
    previous message filled): "non attendez plutot 12000" after a budget is the budget,
    read as the answer to its question. When its value could correct more than one of them,
    the one whose `held` value it is far closer to ("plutôt 800" after 40 people and 500 a
    month: the budget); None when the message takes nothing back, or no one is closer."""
    if is_correction(text) or (rest := _taken_back(text)) is None:
        return None  # "actually sorry 150 not 120" names what it corrects: corrected_number
    if not _short_take_back(rest):
        return None  # "sorry, my colleague handed this over to me…": a sentence, not a value
    found = [
        answer
        for slot in sorted(given & CORRECTABLE.keys())
        if rest and (answer := answer_for(CORRECTABLE[slot], rest, today=today))
    ]
    if len(found) > 1 and _MONEY_SHAPED.search(rest):  # "oops, 250/month": the budget
        found = [a for a in found if "budget" in a]
    found = _closest(found, held or {})
    return found[0] if len(found) == 1 else None


CLOSER = math.log(4)  # a value 4 times nearer (as a ratio) to one fact than to the other


def _closest(found: list[dict[str, Any]], held: dict[str, float]) -> list[dict[str, Any]]:
    """The candidate whose value is much nearer its slot's held value, alone; else all."""

    def distance(answer: dict[str, Any]) -> float:
        slot, value = next(iter(answer.items()))
        number = getattr(value, "max", value)
        now = held.get(slot)
        if not isinstance(number, int | float) or not now or number <= 0 or now <= 0:
            return math.inf
        return abs(math.log(number / now))

    if len(found) < 2:
        return found
    ranked = sorted(found, key=distance)
    return ranked[:1] if distance(ranked[0]) + CLOSER < distance(ranked[1]) else found


# The last part of a message after a pause: "on est 35 dans la boite... non 53 en fait".
_LAST_PART = re.compile(r"(?:\.\.\.|…|[,;])\s*(?P<part>[^,;.…]+?)\s*[.!]*$")


def correction_within(text: str, given: frozenset[str], *, today: date) -> dict[str, Any] | None:
    """The fact a take-back later in the same message puts in place of one it gave: "budget
    maybe 15-20k a year, make that 25k tops" (`given`: the fields the message gave)."""
    found = [m for m in _TAKES_BACK.finditer(text) if m.start() > 0]
    taken = correction(text[found[-1].start() :], given, today=today) if found else None
    if taken is None and (last := _LAST_PART.search(text)) and last.start() > 0:
        taken = correction(last.group("part"), given, today=today)  # "35… non 53 en fait"
    return taken
