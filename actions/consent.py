"""What a prospect agrees to when a contact detail is kept (GDPR), worded once here: the
exact wording shown is what gets recorded with the answer.

- The email question states its purpose and links the privacy notice: an address given in
  answer to it is kept on that basis (the prospect asked to be contacted about their project).
- An address volunteered elsewhere gets the short consent question before it is kept.
"""

from __future__ import annotations

from typing import Any

from nlu.extract.call_time import asks_for_a_call

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
PRIVACY_NOTICE = "https://orbitly.example/privacy"
EMAIL_QUESTION = {  # reworded when it comes back; each wording states the same purpose
    "fr": (
        "À quelle adresse e-mail notre équipe peut-elle vous écrire au sujet de votre "
        "projet ? Elle ne servira qu'à cela, et vous pouvez demander sa suppression à tout "
        f"moment (confidentialité : {PRIVACY_NOTICE}).",
        "Pour que notre équipe vous écrive au sujet de votre projet, quelle est votre adresse "
        "e-mail ? Elle ne servira qu'à cela, et vous pouvez demander sa suppression à tout "
        f"moment (confidentialité : {PRIVACY_NOTICE}).",
    ),
    "en": (
        "Which email address can our team write to about your project? It is used for "
        "nothing else, and you can ask us to delete it at any time (privacy notice: "
        f"{PRIVACY_NOTICE}).",
        "So our team can write to you about your project, what's your email address? It is "
        "used for nothing else, and you can ask us to delete it at any time (privacy notice: "
        f"{PRIVACY_NOTICE}).",
    ),
}
DECLINE_BUTTON = {
    "fr": ("Je préfère ne pas répondre", "/decline_to_answer"),
    "en": ("I'd rather not say", "/decline_to_answer"),
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


def email_question(language: str | None, times: int = 0) -> str:
    """The question asking for the email, with its purpose and the privacy notice, as
    worded the `times`-th time it is asked (0 for the first)."""
    wordings = EMAIL_QUESTION[language if language in EMAIL_QUESTION else "en"]
    return wordings[times % len(wordings)]


# A prospect who asks to be called and gives their number asks to be contacted on it: that
# request is the basis recorded with the number (their own words, quoted).
CALL_REQUEST = {
    "fr": "Le prospect a demandé à être rappelé à ce numéro : « {words} »",
    "en": "The prospect asked to be called on this number: “{words}”",
}


CONTACT_REQUEST = {
    "fr": "Le prospect a demandé à être contacté à cette adresse : « {words} »",
    "en": "The prospect asked to be contacted at this address: “{words}”",
}


def call_request_wording(language: str | None, words: str, *, email: bool = False) -> str:
    """The basis recorded with a number given in a request to be called, or with an address
    given in a request to be contacted ("you can contact me at sam@vectorhr.com")."""
    wordings = CONTACT_REQUEST if email else CALL_REQUEST
    return wordings.get(language or "en", wordings["en"]).format(words=words.strip())


def asked_to_be_called(events: list[dict[str, Any]]) -> bool:
    """The prospect's message before the latest asked to be called: a number they give
    now ("au 06 12 34 56 78, plutôt l'après-midi") is the one to call."""
    said = [e for e in reversed(events) if e.get("event") == "user"][1:2]
    if not said:
        return False
    intent = ((said[0].get("parse_data") or {}).get("intent") or {}).get("name")
    return intent == "request_human" and asks_for_a_call(str(said[0].get("text") or ""))
