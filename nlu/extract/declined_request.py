"""A demo or a quote taken back: "no i dont need a quote, just the price", "actually I don't
want a demo", "pas besoin de devis finalement", "oubliez la démo". The classifier reads the
words "quote" and "demo" and may take these for the request itself: a negation tied to the
thing asked (at most a few fillers between, no sentence break) is what tells them apart, so
"I'd like a demo, but not a sales call" and "No, I'd like a demo" still ask."""

from __future__ import annotations

import re
from typing import Literal

Signal = Literal["demo_request", "quote_request"]
_NEGATION = (
    r"no|no need for|don'?t (?:really )?(?:need|want)|dont (?:really )?(?:need|want)|"
    r"do not (?:need|want)|(?:we|i) won'?t need|never ?mind|forget(?: about)?|cancel|skip|"
    r"scrap|not interested in|not sure we need|"
    r"pas(?: vraiment)?(?: besoin)?(?: de| d'| d’)|plus besoin(?: de| d'| d’)|"
    r"(?:ne|n') ?(?:veux|voulons|veut|ai|avons|a) pas(?: besoin)?(?: de| d'| d’)|"
    r"oubliez|oublie|oublions|annulez|annule|laissez tomber|laisse tomber|pas la peine pour"
)
_FILLER = (
    r"(?:(?:a|an|the|any|that|this|your|une?|la|le|les|l'|l’|du|de|d'|d’|votre|cette|ce|"
    r"actually|really|anymore|after all|finalement|en fait|vraiment|pour l'instant)\s*)*"
)
_DEMO = r"d[ée]mos?|presentation|pr[ée]sentation"
_QUOTE = r"quotes?|qoutes?|devis|devi|proposals?|proposition(?: commerciale)?"
DECLINED = re.compile(
    rf"\b(?:{_NEGATION})\s*{_FILLER}(?:(?P<demo>{_DEMO})|(?P<quote>{_QUOTE}))\b", re.IGNORECASE
)


# The thing named first, then taken back: "i booked a demo yesterday but cancel it".
DECLINED_AFTER = re.compile(
    rf"\b(?:(?P<demo>{_DEMO})|(?P<quote>{_QUOTE}))\b[^.?!]{{0,60}}?\b(?:cancel|annulez|annule|"
    r"forget|oubliez|oublie)[\s-]+(?:it|that|la|le|l[àa])\b",
    re.IGNORECASE,
)


def declined_request(text: str) -> Signal | None:
    """The request the message takes back, or None."""
    match = DECLINED.search(text) or DECLINED_AFTER.search(text)
    if match is None:
        return None
    return "demo_request" if match.group("demo") else "quote_request"


# Asking again after all: "finalement si, je veux bien le devis", "on second thought, I do
# want a demo" (the classifier reads the words of a withdrawal in them).
_AGAIN = re.compile(
    r"\b(?:si|yes|yeah|yep|oui|ok|je veux bien|on veut bien|i do want|we do want|i'?d like|"
    r"we'?d like|j'aimerais|je voudrais|envoyez|send|let'?s|go for|on second thought|"
    r"after all|changed my mind|chang[ée] d'avis)\b",
    re.IGNORECASE,
)
_REFUSING = re.compile(
    r"\b(?:no|not|don'?t|dont|never|forget|cancel|skip|wait|pas|plus|jamais|oubli\w*|annul\w*|"
    r"laiss\w* tomber|attendre)\b",
    re.IGNORECASE,
)
_NAMED = re.compile(rf"\b(?:(?P<demo>{_DEMO})|(?P<quote>{_QUOTE}))\b", re.IGNORECASE)


def renewed_request(text: str) -> Signal | None:
    """The request the message asks for again after taking it back, or None."""
    named = _NAMED.search(text)
    if named is None or not _AGAIN.search(text) or _REFUSING.search(text):
        return None
    return "demo_request" if named.group("demo") else "quote_request"
