"""Messages that ask two things at once ("do you integrate with salesforce and pipedrive?
also whats your gdpr situation", "vous êtes certifiés ISO 27001 ? et vous signez un DPA
?"): each question is searched on its own, so that neither half is lost to the other's
words."""

from __future__ import annotations

import re

MIN_WORDS = 3  # "and GDPR?" alone is too short to search on its own
MAX_QUESTIONS = 3
# A question mark ends one question; "also", "and also", "btw", "aussi", "et aussi",
# "autre question" open the next, after a comma or a full stop.
_BOUNDARY = re.compile(
    r"(?<=\?)\s+|[.,;]\s*(?=(?:and also|also|plus|btw|by the way|another question|"
    r"et aussi|aussi|autre question|sinon|et sinon|au fait)\b)|"
    # ", and how long…?", ", et combien…?": a second question after the first's comma
    r",\s*(?=(?:and|et|but|mais)\s+(?:how|what|where|when|which|why|who|do|does|is|are|"
    r"can|could|comment|quel|quelle|quels|quelles|combien|est-ce|où|ou|pourquoi|quand|"
    r"qui|vous|y a)\b)|"
    # "… how your scoring works and whether it supports french?", "c combien et vous etes
    # hebergés où ?": a second question opened without a comma
    r"\s+(?=(?:and|et)\s+(?:whether|if|do you|are you|can you|est-ce|vous (?:êtes|etes|avez|"
    r"faites|proposez|g[ée]rez))\b)",
    re.IGNORECASE,
)
# A price asked in two words ("c combien", "how much") stands alone.
_PRICE = re.compile(r"\b(?:combien|how much|prix|price|pricing|tarifs?|cost)\b", re.IGNORECASE)
_WORD = re.compile(r"[\w']+")
_AND = re.compile(r"(?:and|et)\b", re.IGNORECASE)


def questions_in(text: str) -> list[str]:
    """The questions of a message, in order, when it asks more than one; otherwise the
    message alone."""
    parts = [p.strip() for p in _BOUNDARY.split(text.strip()) if p and p.strip()]
    following = [*parts[1:], ""]
    asked = [
        p
        for p, after in zip(parts, following, strict=True)
        # "c combien et vous …": a price asked in two words, before a second question
        if len(_WORD.findall(p)) >= MIN_WORDS or (_PRICE.search(p) and _AND.match(after))
    ]
    if len(asked) < 2 or len(asked) != len(parts):
        return [text]  # one question, or a part too short to stand alone ("and GDPR?")
    return asked[:MAX_QUESTIONS]
