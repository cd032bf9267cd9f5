"""The content questions of `prospect demo-data`'s prospects: drawn from a small bank of the
questions Orbitly's library answers (with the document and a confidence like the search's)
and of those it does not, popular ones more often. Each story draws from a generator of its
own, so adding the questions changed none of the stories, scores or verdicts."""

from __future__ import annotations

import random
from datetime import timedelta
from typing import Any

from bot.console.demo_people import Story
from bot.leads.questions import normalised

# (question, the top document, answered, confidence), the most asked first
BANK: dict[str, list[tuple[str, str | None, bool, float]]] = {
    "en": [
        ("How much does Orbitly cost?", "en/pricing", True, 0.82),
        ("Do you integrate with Salesforce?", "en/integrations", True, 0.79),
        ("Is there a free trial?", "en/pricing", True, 0.74),
        ("Do you have a mobile app?", "en/faq", False, 0.31),
        ("Where is my data hosted?", "en/security", True, 0.77),
        ("Does it work with HubSpot?", "en/integrations", True, 0.71),
        ("Do you support WhatsApp?", "en/integrations", False, 0.34),
        ("How long does onboarding take?", "en/onboarding", True, 0.69),
        ("Can I white-label the chat widget?", "en/faq", False, 0.22),
        ("How do you score leads?", "en/guide-lead-scoring", True, 0.66),
        ("Is there an on-premise version?", "en/security", False, 0.28),
        ("Do you have a partner program?", None, False, 0.12),
    ],
    "fr": [
        ("Combien coûte Orbitly ?", "fr/tarifs", True, 0.80),
        ("Êtes-vous conformes au RGPD ?", "fr/securite-rgpd", True, 0.83),
        ("Avez-vous une application mobile ?", "fr/faq", False, 0.30),
        ("Y a-t-il un essai gratuit ?", "fr/tarifs", True, 0.72),
        ("Où sont hébergées mes données ?", "fr/securite-rgpd", True, 0.78),
        ("Est-ce compatible avec Pipedrive ?", "en/integrations", False, 0.36),
        ("Comment relancer mes leads ?", "fr/guide-lead-nurturing", True, 0.64),
        ("Peut-on personnaliser les couleurs du widget ?", "fr/faq", False, 0.27),
        ("Avez-vous un programme partenaires ?", None, False, 0.10),
    ],
}
P_ASKS = 0.45  # share of the prospects who ask the library something


def questions_of(story: Story, lead_id: int, conversation_id: int) -> list[dict[str, Any]]:
    """The `content_questions` rows of one story: none, one or two questions."""
    rng = random.Random(story.index * 1_000_003 + int(story.started.timestamp()))
    if rng.random() >= P_ASKS:
        return []
    bank = BANK[story.language]
    weights = [1 / (rank + 1) for rank in range(len(bank))]
    asked = rng.choices(bank, weights, k=1 if rng.random() < 0.7 else 2)
    return [
        {
            "lead_id": lead_id,
            "conversation_id": conversation_id,
            "channel": story.channel,
            "language": story.language,
            "question": text,
            "normalised": normalised(text),
            "answered": answered,
            "confidence": confidence,
            "document_id": document,
            "asked_at": story.started + timedelta(seconds=rng.randint(20, 600)),
        }
        for text, document, answered, confidence in asked
    ]
