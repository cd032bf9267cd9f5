"""Numbers as people write them: "50k", "1,5 M", "20 000", "2.5 millions", "six"."""

from __future__ import annotations

import re

WORD_NUMBERS = {
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "eleven": 11,
    "twelve": 12,
    "eighteen": 18,
    "twenty": 20,
    "un": 1,
    "une": 1,
    "deux": 2,
    "trois": 3,
    "quatre": 4,
    "cinq": 5,
    "sept": 7,
    "huit": 8,
    "neuf": 9,
    "dix": 10,
    "onze": 11,
    "douze": 12,
    "dix-huit": 18,
    "vingt": 20,
}
# "a dozen", "une cinquantaine": about that many (French collective numerals).
APPROX_NUMBERS = {
    "dozen": 12,
    "dizaine": 10,
    "douzaine": 12,
    "quinzaine": 15,
    "vingtaine": 20,
    "trentaine": 30,
    "quarantaine": 40,
    "cinquantaine": 50,
    "soixantaine": 60,
    "centaine": 100,
    # as they are typed in a chat: "une 30aine"
    **{f"{n}aine": n for n in (10, 12, 15, 20, 30, 40, 50, 60, 100)},
}
MULTIPLIERS = {
    "k": 1e3,
    "K": 1e3,
    "m": 1e6,
    "M": 1e6,
    "mn": 1e6,
    "million": 1e6,
    "millions": 1e6,
    "mio": 1e6,
    "thousand": 1e3,
    "mille": 1e3,
    "bn": 1e9,
    "billion": 1e9,
    "milliard": 1e9,
    "milliards": 1e9,
}

# 20 000 / 20,000 / 20.000 / 1,5 / 1.5 / 20000 (thin and no-break spaces too). A number is a
# whole run of digits (it neither starts nor ends inside one) with at most five groups, so a
# pattern tried at every digit of "1 234 567 890 ..." or "111...1" does not rescan the rest.
NUMBER = r"(?<!\d)(?:\d{1,3}(?:[ \u00a0\u202f.,'’]\d{3}){1,4}(?:[.,]\d+)?|\d+(?:[.,]\d+)?)(?!\d)"
MULTIPLIER = r"(?:k|K|M|mn|mio|bn|millions?|milliards?|thousand|mille|billion)\b"


def parse_number(text: str) -> float:
    """Parse a number written with any of the usual separators."""
    raw = re.sub(r"[ \u00a0\u202f'’]", "", text)  # 30'000: the Swiss thousands mark
    if re.fullmatch(r"\d{1,3}([.,])\d{3}(\1\d{3})*", raw):
        return float(re.sub(r"[.,]", "", raw))  # 20,000 or 20.000: thousands
    if re.fullmatch(r"\d{1,3}(,\d{3})+\.\d+", raw):
        return float(raw.replace(",", ""))  # 1,234.5
    if re.fullmatch(r"\d{1,3}(\.\d{3})+,\d+", raw):
        return float(raw.replace(".", "").replace(",", "."))  # 1.234,5
    return float(raw.replace(",", "."))


# A count as people write it: digits, a number word or an approximate one ("une quinzaine").
COUNT_WORDS = {**WORD_NUMBERS, **APPROX_NUMBERS}
COUNT = rf"(?:{NUMBER}|{'|'.join(sorted(COUNT_WORDS, key=len, reverse=True))})"


def parse_count(token: str) -> float:
    """A count's value: "une quinzaine" is 15, "twelve" 12, "1,200" 1200."""
    word = token.lower()
    return COUNT_WORDS[word] if word in COUNT_WORDS else parse_number(token)


def apply_multiplier(value: float, multiplier: str | None) -> float:
    if not multiplier:
        return value
    return value * MULTIPLIERS.get(multiplier, MULTIPLIERS.get(multiplier.lower(), 1))
