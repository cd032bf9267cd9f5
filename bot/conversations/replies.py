"""Texts the app itself says (not the Rasa engine), in every supported language."""

from __future__ import annotations

# The engine could not answer: the message is kept and replayed to it when it is back
# (bot/conversations/backlog.py). Promise only that; a person is promised once a handoff is open.
ENGINE_UNAVAILABLE = {
    "fr": (
        "Désolé, je ne peux pas vous répondre pour le moment. Votre message est bien "
        "enregistré : je vous réponds ici dès que possible."
    ),
    "en": (
        "Sorry, I can't answer right now. Your message is saved and I'll reply here as soon "
        "as I can."
    ),
}

# The engine stayed unavailable longer than ENGINE_BACKLOG_HANDOFF_MINUTES: a handoff to a
# sales rep is open (Slack card), so now a person can be promised.
ENGINE_HANDED_OVER = {
    "fr": (
        "Je ne peux toujours pas vous répondre, alors j'ai transmis vos messages à une "
        "personne de notre équipe, qui reviendra vers vous ici."
    ),
    "en": (
        "I still can't answer, so I've passed your messages to a person from our team, who "
        "will follow up with you here."
    ),
}


def engine_unavailable(language: str) -> str:
    return ENGINE_UNAVAILABLE.get(language, ENGINE_UNAVAILABLE["en"])


def engine_handed_over(language: str) -> str:
    return ENGINE_HANDED_OVER.get(language, ENGINE_HANDED_OVER["en"])
