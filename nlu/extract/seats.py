"""Seats: how many users a prospect wants to equip ("a quote for 25 seats", "40 user
licences", "combien pour 30 postes ?", "pour une quarantaine d'utilisateurs"). A quote is
priced per user (the library's pricing page): the team needs this number, and it is not the
company's headcount (a 200-person company may want 15 seats).

Users count only when the wording asks for them ("for 30 users", "pour 40 utilisateurs"):
"our app has 5,000 users" is the size of their own audience. Hard negatives: contacts and
accounts (plan limits and CRM records), job openings ("3 postes ouverts").
"""

from __future__ import annotations

import re

from nlu.extract.numbers import COUNT, parse_count

# Not the integer part of a decimal or an amount ("2,5 k€", "12.50€", "99.9%").
_WHOLE = r"(?![.,]?\d|\s*(?:k\b|K\b|€|\$|£|%))"
_NUM = rf"(?P<num>{COUNT}){_WHOLE}"
_SEAT = (
    r"(?:user\s+)?(?:seats?|licen[cs]es?|licen[cs]ias?|si[èe]ges?|postes?(?!\s+(?:ouverts?|"
    r"[àa]\s+pourvoir|vacants?))|user\s+accounts?|comptes?\s+utilisateurs?)"
)
_USER = r"(?:users?|utilisat(?:eur|rice)s?|util)"
# "for 30 users", "pour 40 utilisateurs", "with about 12 users", "une équipe de 8 users"
_FOR = (
    r"(?:for|pour|pr|with|avec|de|d'|need|needs|want|besoin de|il nous faut|aurait|would be|"
    r"we(?:'d| would| will)? be|we are|we're|on (?:serait|sera|est)|nous (?:serions|serons|sommes)"
    r"|^\s*)"  # "50 users", said alone (after a quote request)
)
SEATS = re.compile(
    rf"(?<![\w$€£]){_NUM}(?:\s+(?:de|d'|x))?\s*{_SEAT}\b"
    rf"|(?:\b|^){_FOR}\s*(?:about\s+|environ\s+|~\s*)?(?:une?\s+)?{_NUM.replace('num', 'unum')}"
    rf"(?:\s+(?:de|d'|d(?=\s)))?\s*{_USER}\b",
    re.IGNORECASE,
)
# People in a price question are the users it is priced for: "what does it cost for like 40
# people", "c'est combien pour une quinzaine de personnes ?", "how much for a team of 40".
_PRICE = (
    r"(?:cost|costs|price|pricing|how much|quote|combien|prix|tarifs?|co[uû]te(?:rait)?|devis|"
    r"chiffrage|chiffrer|estimation)"
)
PRICED_PEOPLE = re.compile(
    rf"\b{_PRICE}\b.{{0,40}}?\b(?:for|pour|pr)\s+(?:like\s+|about\s+|around\s+|environ\s+|~\s*)?"
    rf"(?:(?:a|an|une?|our|notre|my|mon|ma)\s+)?(?:(?:team|[ée]quipe)\s+(?:of|de)\s+)?"
    rf"(?!20[2-4]\d\b){_NUM}"
    # the people named, or nothing after the number ("for 12?"; not "for 3 months")
    rf"(?:(?:\s+(?:de|d'|d(?=\s)))?\s*(?:people|persons?|ppl|personnes|users?|utilisateurs?|"
    rf"commerciaux|commerciales|vendeurs|reps|salespeople|agents|collaborateurs|employees)\b"
    rf"|\s*(?=[?.!,;]|$))",
    re.IGNORECASE,
)
MAX_SEATS = 100_000


def _value(token: str) -> int | None:
    value = parse_count(token)
    return int(value) if value == int(value) else None


def extract_seats(text: str) -> int | None:
    """The number of seats asked for, or None."""
    for match in SEATS.finditer(text):
        value = _value(match.group("num") or match.group("unum"))
        if value is not None and 0 < value <= MAX_SEATS:
            return value
    return priced_people(text)


def priced_people(text: str) -> int | None:
    """The people a price question is asked for ("how much for like 40 people"), or None:
    they are the seats, not the company's headcount."""
    match = PRICED_PEOPLE.search(text)
    value = _value(match.group("num")) if match else None
    return value if value is not None and 0 < value <= MAX_SEATS else None
