"""Taking back the permission to be contacted, after the address was kept: in so many
words ("please don't contact me", "ne me contactez pas") or a plain no right after."""

from __future__ import annotations

import re

from rasa_sdk import Tracker

from actions.profile import FactUpdate

# Taking back the permission to be contacted, after the address was kept.
WITHDRAWAL = re.compile(
    r"\b(?:(?:don'?t|do not|please don'?t|never) (?:contact|email|e-mail|call|write to) me|"
    r"(?:delete|remove|forget) my (?:email|e-mail|address|number|details)|"
    r"i (?:don'?t|do not) want to be contacted|"
    r"ne me (?:contactez|recontactez|rappelez|écrivez|ecrivez) pas|"
    r"(?:supprimez|effacez|oubliez) mon (?:adresse|e-mail|email|mail|numéro|numero)|"
    r"je ne (?:veux|souhaite) pas être (?:contacté|contactée|recontacté|recontactée))",
    re.IGNORECASE,
)
INTERNAL_ACTIONS = frozenset({"action_listen", "action_extract_slots", "action_extract_facts"})
WITHDRAWN = {
    "en": "The prospect withdrew their agreement to be contacted (in the conversation).",
    "fr": "Le prospect a retiré son accord pour être recontacté (dans la conversation).",
}


def withdraws_contact(tracker: Tracker, text: str, intent: str | None) -> bool:
    """The prospect takes back their agreement to be contacted: in so many words, or with a
    plain no right after their address was kept."""
    if tracker.get_slot("contact_consent") is not True:
        return False
    if WITHDRAWAL.search(text):
        return True
    return intent == "deny" and last_bot_action(tracker) == "action_qualification_done"


def last_bot_action(tracker: Tracker) -> str | None:
    """The last thing the bot did before this message (not listening, not reading it)."""
    for event in reversed(tracker.events):
        name = event.get("name")
        if event.get("event") == "action" and name not in INTERNAL_ACTIONS:
            return str(name)
    return None


def withdrawal(language: str) -> FactUpdate:
    """The address and number are no longer kept; the refusal is recorded like a consent."""
    return FactUpdate(
        consent=False,
        consent_wording=WITHDRAWN.get(language, WITHDRAWN["en"]),
        language=language,
        withdraw_contact=True,
    )
