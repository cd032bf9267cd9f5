"""Texts the app itself says (not the Rasa engine), in every supported language."""

from __future__ import annotations

ENGINE_UNAVAILABLE = {
    "fr": (
        "Désolé, je ne peux pas vous répondre pour le moment. Votre message est bien "
        "enregistré : une personne de notre équipe revient vers vous très vite."
    ),
    "en": (
        "Sorry, I can't answer right now. Your message is saved and a person from our "
        "team will follow up with you shortly."
    ),
}


def engine_unavailable(language: str) -> str:
    return ENGINE_UNAVAILABLE.get(language, ENGINE_UNAVAILABLE["en"])
