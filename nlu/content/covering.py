"""The sections a question names beside the one that answers it: "do u integrate with
hubspot and salesforce?" is answered by the "HubSpot and Pipedrive" section, and the
"Salesforce" section of the same document is said too (before, Salesforce looked
unsupported). Only a section whose heading holds a word of the question that the answering
section lacks: a heading says what a section is about."""

from __future__ import annotations

from nlu.content.analysis import terms
from nlu.content.library import Document, Passage

MAX_MORE = 1  # one more section at most: an answer, not the whole document


def named_sections(document: Document, answering: Passage, question: str) -> list[Passage]:
    """Other sections of `document` whose heading names what `question` asks and the
    answering section does not say."""
    missing = set(terms(question)) - set(terms(f"{answering.heading} {answering.text}"))
    if not missing:
        return []
    named = [
        p
        for p in document.passages
        if p is not answering and p.heading != answering.heading and missing & set(terms(p.heading))
    ]
    return named[:MAX_MORE]
