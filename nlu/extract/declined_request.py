"""A demo or a quote taken back: "no i dont need a quote, just the price", "actually I don't
want a demo", "pas besoin de devis finalement", "oubliez la démo". The classifier reads the
words "quote" and "demo" and may take these for the request itself: the negation before
the thing asked is what tells them apart."""

from __future__ import annotations

import re
from typing import Literal

Signal = Literal["demo_request", "quote_request"]
_NEGATION = (
    r"no|not|don'?t|dont|do not|doesn'?t|won'?t|never|forget|cancel|skip|without|"
    r"pas|plus|jamais|sans|oubliez|oublie|oublions|annulez|annule|laissez tomber|laisse tomber"
)
_DEMO = r"d[ée]mos?|meetings?|calls?|rdv|rendez-vous|pr[ée]sentation"
_QUOTE = r"quotes?|qoutes?|devis|devi|proposals?|proposition(?: commerciale)?|offres?|offers?"
# the negation, then at most four words, then the thing: "I don't really need a quote"
_GAP = r"(?:\W+\w+){0,4}?\W+"
DECLINED = re.compile(
    rf"\b(?:{_NEGATION})\b{_GAP}(?:(?P<demo>{_DEMO})|(?P<quote>{_QUOTE}))\b", re.IGNORECASE
)
# "no, a quote would be great", "can't wait for the demo": the thing is wanted after all
_WANTED = re.compile(r"\b(?:would be great|please|svp|s'il vous pla[iî]t|can'?t wait)\b", re.I)


# "no problem, send the quote", "pas de souci pour la démo": no negation of the request
_NO_PROBLEM = re.compile(
    r"\b(?:no (?:problem|worries|rush)|not a problem|pas de (?:souci|soucis|probl[èe]me)|"
    r"sans (?:souci|probl[èe]me)|pas (?:mal|encore vu))\b",
    re.IGNORECASE,
)


def declined_request(text: str) -> Signal | None:
    """The request the message takes back, or None."""
    match = DECLINED.search(_NO_PROBLEM.sub(" ", text))
    if match is None or _WANTED.search(text):
        return None
    return "demo_request" if match.group("demo") else "quote_request"
