"""A request for documentation ("vous pouvez m'envoyer une doc ?", "do you have a brochure I
can share with my boss?"): the library's pages that present the product, its prices and a
customer's story, as links in the chat. No question to search: the words ask for the
documents, not about a subject (a search found nothing above the threshold)."""

from __future__ import annotations

import re
from collections.abc import Iterable

from nlu.content.library import Document

_KINDS = (
    r"(?:docs?|documentation|documents?|brochures?|plaquettes?|decks?|one[- ]pagers?|"
    r"fiches? produits?|infos?|information|material|pr[ée]sentation)"
)
_DET = (
    r"(?:an? |the |some |any |more |une |un |des |de la |la |le |les |votre |vos |your |"
    r"plus d'|plus de )?"
)
# Documentation about a subject is a question to search: "do you have docs on the API?",
# "send us information about GDPR", "il existe une documentation API ?".
_NO_SUBJECT = r"(?!\s*(?:for|on|about|regarding|of|sur|concernant|de|du|des|d'|pour|api)\b)"
ASKS_FOR_DOCUMENTS = re.compile(
    # sent to them: "send me a doc", "envoyez-moi des infos", "vous pouvez m'envoyer de la
    # doc", "can you send over a deck?" ("how do I send documents to my leads?" is not)
    r"(?:\b(?:send|share|forward|mail|e-?mail|envoy\w*|transmett\w*|partag\w*)[\s-]+"
    r"(?:me|us|moi|nous)\s+|\bsend\s+over\s+|"
    r"\b(?:m'|m |me |nous )(?:envoy|transmett|partag|fai\w* parvenir)\w*\s+)"
    rf"(?:over\s+)?{_DET}{_KINDS}\b{_NO_SUBJECT}|"
    # had: "vous avez une plaquette ?", "can I get a brochure?", "any docs I can share?"
    r"\b(?:get|have|got|avoir|recevoir|obtenir|avez|auriez|aurais|existe|is there|"
    rf"are there|there'?s|y a[- ]t[- ]il|any)\s+{_DET}"
    rf"(?:brochures?|plaquettes?|decks?|one[- ]pagers?|documentation|docs|fiches? produits?)\b"
    rf"{_NO_SUBJECT}",
    re.IGNORECASE,
)
# Not wanted, or had already: "please don't send me any brochures", "pas besoin de
# m'envoyer une plaquette", "I already have your brochure".
_NOT_WANTED = re.compile(
    r"\b(?:don'?t|do not|dont|no need|never|pas besoin|already|d[ée]j[àa])\b|"
    r"\bne\s+(?:me\s+|m['’ ]?|nous\s+)?\w+\s+pas\b",
    re.IGNORECASE,
)
MAX_DOCUMENTS = 3


def asks_for_documents(text: str) -> bool:
    return ASKS_FOR_DOCUMENTS.search(text) is not None and not _NOT_WANTED.search(text)


def reading_list(documents: Iterable[Document], language: str | None) -> list[Document]:
    """The overview, the prices and one case study, in `language` where the library has
    them (else in the other language), gated pieces left out (they are offered, not sent)."""
    public = [d for d in documents if not d.gated]
    kinds = (
        lambda d: "overview" in d.topics,
        lambda d: d.type == "pricing",
        lambda d: d.type == "case_study",
    )
    chosen: list[Document] = []
    for kind in kinds:
        found = sorted((d for d in public if kind(d)), key=lambda d: (d.language != language, d.id))
        if found and found[0] not in chosen:
            chosen.append(found[0])
    return chosen[:MAX_DOCUMENTS]
