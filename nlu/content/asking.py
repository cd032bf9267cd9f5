"""Which part of a message asks: the question without a preamble before it ("Before I
answer anything: do you integrate with Salesforce?") or the context said around it ("where
is data hosted? we are a clinic"). Both are searched as well as the whole message
(`nlu.content.search.answer_question`)."""

from __future__ import annotations

import re

from nlu.question_words import QUESTION_START

WORD = re.compile(r"[\w']+")
SENTENCE_END = re.compile(r"(?<=[.!?:;])\s+")
# A short preamble before a spaced dash: "quick q - do you do SSO?" (not "do you integrate
# with Salesforce - and is it two-way?", whose subject is before the dash).
DASH_PREAMBLE = re.compile(r"^\s*(?:\S+\s+){0,2}\S+\s+[-–—]\s+(?=\S)")


def asked_part(text: str) -> str:
    """The message from its first sentence that asks, without what comes before ("Before I
    answer anything: do you integrate with Salesforce?"): a preamble's words would count
    against the passage that answers (the confidence is the share of the question's words
    found in it). What follows the question stays ("how much? for 10 users")."""
    sentences = [p for p in SENTENCE_END.split(text.strip()) if p.strip()]
    first = next((i for i, p in enumerate(sentences) if "?" in p), 0)
    asked = " ".join(sentences[first:]) if first else text
    return DASH_PREAMBLE.sub("", asked) if "?" in asked else asked


MIN_QUESTION_WORDS = 3
# A clause that asks, after a comma: "im a student writing a thesis, can u tell me how…?"
ASKING_CLAUSE = re.compile(
    r",\s*(?=(?:can|could|do|does|is|are|how|what|whats|where|when|which|who|why|will|would|"
    r"est-ce|est ce|c'est|c est|comment|combien|pourquoi|où|quand|quel|quelle|quels|"
    r"quelles|vous|pouvez|avez|faites|y a|just curious|curious|i was wondering|wondering|"
    r"je me demandais|tell me|give me|dites[- ]moi|donnez[- ]moi|dis[- ]moi|donne[- ]moi)\b)",
    re.IGNORECASE,
)


# Words that point back to the clause before. French "le", "la", "les" only after a
# subject or a verb that takes them ("vous le faites ?", "on peut la connecter ?"):
# elsewhere they are articles ("j'ai pas le temps, donnez moi juste le prix").
_POINTS_BACK = re.compile(
    r"\b(?:it|that|this|them|those|ça|ca|cela|y|en)\b|"
    r"\b(?:je|j|tu|il|elle|on|nous|vous|ils|elles|ne|n|peux|peut|pouvez|pouvons)\s+(?:le|la|les)\b",
    re.I,
)


def question_alone(text: str) -> str:
    """The first sentence that asks, without what comes after it ("where is data hosted? we
    are a clinic, GDPR matters a lot") or a clause before it that only says who asks ("im a
    student writing a thesis, can u tell me how ur lead scoring works?"): the prospect's
    context would count against the passage that answers."""
    sentences = [p for p in SENTENCE_END.split(text.strip()) if p.strip()]
    # without a question mark, the message asks as a whole ("I work at HubSpot, just
    # curious about your pricing")
    asking = next((p for p in sentences if "?" in p), text.strip())
    clauses = list(ASKING_CLAUSE.finditer(asking))
    alone = asking[clauses[-1].end() :] if clauses else asking
    before = asking[: len(asking) - len(alone)]
    if clauses and (_POINTS_BACK.search(alone) or QUESTION_START.match(before)):
        # "we use Pipedrive, do you integrate with it?": the subject is before; "what does
        # it cost for 10 users, is there a discount…?": two questions, both count
        alone = asking
    # "budget? like 200 a month": a topic echoed back with its answer asks nothing
    return alone if len(WORD.findall(alone)) >= MIN_QUESTION_WORDS else text


# A question that compares ("difference between Starter and Growth?", "Starter vs Growth",
# "quelle différence entre Starter et Growth ?"): what describes each thing answers it, not
# a short line that only names both.
COMPARING = re.compile(
    r"\b(?:differences?|différences?|difference|compare[ds]?|comparing|comparison|comparer|"
    r"comparaison|vs\.?|versus)\b",
    re.IGNORECASE,
)
