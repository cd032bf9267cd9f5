"""What the Telegram channel says by itself (no engine), and how long texts are split."""

from __future__ import annotations

MAX_TEXT = 4096  # Telegram's limit for one message

TEXTS: dict[str, dict[str, str]] = {
    "unsupported": {
        "en": "Thanks! I can only read text for now: could you tell me in words?",
        "fr": "Merci ! Je ne sais lire que du texte pour l'instant : pouvez-vous me l'écrire ?",
    },
    "edited": {
        "en": "I saw you edited a message. I can't follow edits: please send what changed "
        "as a new message.",
        "fr": "J'ai vu que vous avez modifié un message. Je ne peux pas suivre les "
        "modifications : envoyez plutôt ce qui a changé dans un nouveau message.",
    },
    "stopped": {
        "en": "Done: we won't send you messages unless you write to us. Send /start to "
        "change your mind.",
        "fr": "C'est noté : nous ne vous écrirons plus, sauf si vous nous écrivez. Envoyez "
        "/start pour changer d'avis.",
    },
    "language_ask": {"en": "Which language do you prefer?", "fr": "Quelle langue préférez-vous ?"},
    "language_set": {
        "en": "All right, let's continue in English.",
        "fr": "Très bien, continuons en français.",
    },
    "contact_ask": {
        "en": "Tap the button below to share your phone number with Orbitly's team. We will "
        "use it only to call you about your request.",
        "fr": "Appuyez sur le bouton ci-dessous pour partager votre numéro avec l'équipe "
        "d'Orbitly. Nous ne l'utiliserons que pour vous rappeler au sujet de votre demande.",
    },
    "contact_button": {"en": "Share my phone number", "fr": "Partager mon numéro"},
    "contact_thanks": {
        "en": "Thank you, we have your number. Someone from the team can call you.",
        "fr": "Merci, nous avons votre numéro. Quelqu'un de l'équipe pourra vous appeler.",
    },
    "contact_not_yours": {
        "en": "Please share your own number with the button, not someone else's contact.",
        "fr": "Merci de partager votre propre numéro avec le bouton, pas le contact de "
        "quelqu'un d'autre.",
    },
    "stale_button": {
        "en": "That button has expired; please type your answer.",
        "fr": "Ce bouton n'est plus valable ; écrivez plutôt votre réponse.",
    },
}

COMMANDS = {
    "en": [
        ("start", "Start or resume the conversation"),
        ("help", "What I can do"),
        ("language", "Choose English or French"),
        ("contact", "Share your phone number"),
        ("stop", "No more messages from us"),
    ],
    "fr": [
        ("start", "Commencer ou reprendre la discussion"),
        ("help", "Ce que je sais faire"),
        ("language", "Choisir le français ou l'anglais"),
        ("contact", "Partager votre numéro"),
        ("stop", "Ne plus recevoir nos messages"),
    ],
}


def text(key: str, language: str | None) -> str:
    variants = TEXTS[key]
    return variants.get(language or "en", variants["en"])


def telegram_language(code: str | None) -> str | None:
    """Telegram's `language_code` (an IETF tag) as one of ours, if it is one."""
    base = (code or "").split("-")[0].lower()
    return base if base in {"fr", "en"} else None


def split_text(body: str, limit: int = MAX_TEXT) -> list[str]:
    """Pieces of at most `limit` characters, cut at a paragraph, a line, a sentence or a
    space when one is near enough; joined back with the separators they were cut at, they
    give `body` again."""
    if len(body) <= limit:
        return [body]
    pieces = []
    rest = body
    while len(rest) > limit:
        window = rest[:limit]
        cut = -1
        for separator in ("\n\n", "\n", ". ", " "):
            at = window.rfind(separator)
            if at >= limit // 2:
                cut = at + len(separator)
                break
        if cut <= 0:
            cut = limit  # one long word: cut it
        pieces.append(rest[:cut])
        rest = rest[cut:]
    if rest:
        pieces.append(rest)
    return pieces
