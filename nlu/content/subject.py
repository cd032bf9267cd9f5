"""Whether a question taken for one about the product as a whole ("what does your product
do?", answered by the library's overview) names a subject of its own, that another page
answers: "c'est quoi votre politique rgpd ?" (classified as about the product at 0.57)."""

from __future__ import annotations

from nlu.content.analysis import terms
from nlu.content.search import OVERVIEW_TOPIC, Answer

# The confidence the other page answers with: "c'est quoi votre politique rgpd ?" is the GDPR
# section's (1.0); "what do you do" (0.22), "présentez moi votre solution" (0.43) find none.
SUBJECT_CONFIDENCE = 0.9

# Words that name the product itself, whichever page's title holds them ("CRM and tool
# integrations"): "what is your tool?" names no subject.
_THE_PRODUCT = frozenset(
    terms(
        "tool tools product products solution solutions platform software app outil outils "
        "produit produits plateforme logiciel application offer offre"
    )
)


def names_a_subject(answer: Answer, question: str) -> bool:
    """A question taken for one about the product as a whole names a subject of its own:
    another document than the overview answers it, with confidence, and the question
    names that document's subject (a word of its title or topics, not the product's):
    "c'est quoi votre politique rgpd ?" does, "what is your solution?" does not."""
    doc = answer.document
    if not answer.answered or doc is None or OVERVIEW_TOPIC in doc.topics:
        return False
    subject = set(terms(" ".join([doc.title, *doc.topics]))) - _THE_PRODUCT
    return answer.confidence >= SUBJECT_CONFIDENCE and bool(set(terms(question)) & subject)
