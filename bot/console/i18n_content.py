"""The console's texts for the analytics page's content section, in English and French
(merged into bot/console/i18n.py's TEXTS)."""

CONTENT_TEXTS: dict[str, dict[str, str]] = {
    "en": {
        "content_questions": "Content: the questions asked",
        "content_note": "The questions the assistant looked up in the content library, by "
        "when they were asked (channel and language: the conversation's).",
        "asked": "Asked",
        "answered": "Answered",
        "unanswered": "Not answered",
        "most_asked": "Most asked",
        "question": "Question",
        "best_confidence": "Best confidence",
        "top_document": "Top document",
        "closest_document": "Closest document",
        "write_next": "Not answered: what to write next",
        "write_next_note": "Questions the library had no reliable answer to, most asked first.",
        "by_document": "By document (the first source found)",
        "document": "Document",
    },
    "fr": {
        "content_questions": "Contenu : les questions posées",
        "content_note": "Les questions que l'assistant a cherchées dans la documentation, selon "
        "leur date (canal et langue : ceux de la conversation).",
        "asked": "Posées",
        "answered": "Répondues",
        "unanswered": "Sans réponse",
        "most_asked": "Les plus posées",
        "question": "Question",
        "best_confidence": "Meilleure confiance",
        "top_document": "Premier document",
        "closest_document": "Document le plus proche",
        "write_next": "Sans réponse : quoi écrire ensuite",
        "write_next_note": "Les questions sans réponse fiable dans la documentation, les plus "
        "posées d'abord.",
        "by_document": "Par document (la première source trouvée)",
        "document": "Document",
    },
}
