"""The consent question before a contact detail is kept (GDPR): its exact wording is
what gets recorded with the answer."""

from __future__ import annotations

CONTACT_CONSENT = {  # (one detail, two details)
    "fr": (
        "Avant de noter {details} : acceptez-vous qu'Orbitly la conserve pour vous "
        "recontacter au sujet de votre projet ? Elle ne sert qu'à cela, et vous pouvez "
        "demander sa suppression à tout moment.",
        "Avant de noter {details} : acceptez-vous qu'Orbitly les conserve pour vous "
        "recontacter au sujet de votre projet ? Elles ne servent qu'à cela, et vous pouvez "
        "demander leur suppression à tout moment.",
    ),
    "en": (
        "Before I note {details}: do you agree that Orbitly keeps it to contact you about "
        "your project? It is used for nothing else, and you can ask us to delete it at any "
        "time.",
        "Before I note {details}: do you agree that Orbitly keeps them to contact you about "
        "your project? They are used for nothing else, and you can ask us to delete them at "
        "any time.",
    ),
}
DETAILS = {
    "fr": {"email": "votre adresse {}", "phone": "votre numéro {}", "and": " et "},
    "en": {"email": "your address {}", "phone": "your number {}", "and": " and "},
}
BUTTONS = {
    "fr": [("Oui, j'accepte", "/affirm"), ("Non", "/deny")],
    "en": [("Yes, I agree", "/affirm"), ("No", "/deny")],
}


def consent_wording(language: str | None, *, email: str | None, phone: str | None) -> str:
    """The consent question naming the contact details held (an email, a phone or both)."""
    lang = language if language in CONTACT_CONSENT else "en"
    words = DETAILS[lang]
    held = [
        words[kind].format(value) for kind, value in (("email", email), ("phone", phone)) if value
    ]
    wording = CONTACT_CONSENT[lang][0 if len(held) == 1 else 1]
    return wording.format(details=words["and"].join(held))
