"""The sections a question names beside the one that answers it: "do u integrate with
hubspot and salesforce?" is answered by the "HubSpot and Pipedrive" section, and the
"Salesforce" section of the same document is said too (before, Salesforce looked
unsupported). Only a section whose heading holds a word of the question that the answering
section lacks: a heading says what a section is about."""

from __future__ import annotations

import re

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


# A question about a page's whole subject ("what integrations do you have?", "quelles
# intégrations proposez-vous ?"): its words are the page's title's and not the answering
# section's heading. The section answers; the page's other headings say what else it holds.
MIN_SECTIONS = 3
ALSO_ON_THE_PAGE = {
    "en": "Also on this page: {headings}.",
    "fr": "Aussi sur cette page : {headings}.",
}


# A question asking where, when, who, how long or how much asks one thing, whatever words
# of the title it uses: "vous êtes hébergés où ?" is the hosting section's alone.
NARROW = re.compile(
    r"\b(?:where|when|who|whom|why|how (?:long|much|many|often|soon|fast)|où|ou(?=\s*\?|\s*$)|"
    r"quand|qui|pourquoi|combien|d[ée]lai)\b",
    re.IGNORECASE,
)


def other_headings(document: Document, answering: Passage, question: str) -> list[str]:
    """The other sections' headings of `document` when `question` asks about its whole
    subject (every word of it in the title, none in the answering section's heading, and
    no word asking one thing: where, when, who...)."""
    asked = set(terms(question))
    headings = list(dict.fromkeys(p.heading for p in document.passages if p.heading))
    if (
        not asked
        or NARROW.search(question)
        or len(headings) < MIN_SECTIONS
        or not asked <= set(terms(document.title))
        or asked & set(terms(answering.heading))
    ):
        return []  # a long section's passages share one heading: named once
    return [h for h in headings if h not in (answering.heading, document.title)]


def also_on_the_page(document: Document, answering: Passage, question: str, language: str) -> str:
    """The line that names them, in the asker's language ("" when the question is narrower)."""
    headings = other_headings(document, answering, question)
    if not headings:
        return ""
    text = ALSO_ON_THE_PAGE.get(language, ALSO_ON_THE_PAGE["en"])
    return text.format(headings="; ".join(headings))
