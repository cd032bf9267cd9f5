"""A request for documentation ("vous pouvez m'envoyer une doc ?", "do you have a brochure I
can share with my boss?"): the library's pages that present the product, its prices and a
customer's story, as links in the chat. No question to search: the words ask for the
documents, not about a subject (a search found nothing above the threshold)."""

from __future__ import annotations

import re
from collections.abc import Iterable

from nlu.content.library import Document

_DOCUMENTS = (
    r"(?:docs?|documentation|documents?|brochures?|plaquettes?|decks?|one[- ]pager|pdfs?|"
    r"(?:some |more |des |plus d'|plus de |de la |la |votre |your |any )?(?:infos?|information)|"
    r"material|supports?|fiches? produit|pr[ée]sentation|presentation)"
)
ASKS_FOR_DOCUMENTS = re.compile(
    # "send me a doc", "envoyez-moi des infos", "vous pouvez m'envoyer de la doc": sent to
    # them ("how do I send documents to my leads?" asks about the product)
    rf"(?:\b(?:send|share|forward|mail|e-?mail|envoy\w*|transmett\w*|partag\w*)[\s-]+"
    rf"(?:me|us|moi|nous)\s+|\b(?:m'|m |me |nous )(?:envoy|transmett|partag|fai\w* parvenir)\w*"
    rf"\s+)(?:over\s+)?(?:an? |the |some |une |un |des |de la |la |le |les |votre |vos |your |"
    rf"any )?{_DOCUMENTS}\b|"
    # "vous avez une plaquette ?", "do you have a brochure?", "any docs I can share?"
    rf"\b(?:have|got|avez|auriez|aurais|as|existe)\b[^.?!]{{0,20}}\b"
    rf"(?:brochures?|plaquettes?|decks?|one[- ]pager|pdfs?|documentation|fiches? produit)\b",
    re.IGNORECASE,
)
MAX_DOCUMENTS = 3


def asks_for_documents(text: str) -> bool:
    return ASKS_FOR_DOCUMENTS.search(text) is not None


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
