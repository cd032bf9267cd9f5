"""Taking back the permission to be contacted, after the address was kept: in so many
words ("please don't contact me", "ne me contactez pas") or a plain no right after."""

from __future__ import annotations

import re
from dataclasses import replace

from rasa_sdk import Tracker

from actions.profile import FactUpdate

# Taking back the permission to be contacted, after the address was kept.
WITHDRAWAL = re.compile(
    r"\b(?:(?:don'?t|do not|please don'?t|never) (?:contact|email|e-mail|call|write to) me|"
    r"(?:delete|remove|forget|erase) (?:all )?(?:of )?my (?:email|e-mail|address|number|details|"
    # not "will you delete my data after the trial?": a question about the product
    r"data|personal data)(?! after| when| if| once| at the end)|"
    r"i (?:don'?t|do not) want to be contacted|no need to (?:contact|call|email) me|"
    r"(?:don'?t|do not) want (?:anyone|anybody|you|someone|sales) to (?:reach out|contact|call|"
    r"email)|(?:delete|remove|erase) my contact details|"
    r"ne (?:souhaite|veux) pas (?:être|etre) d[ée]march[ée]e?|ne m'envoyez rien|"
    r"(?:supprimez|supprimer|effacez|effacer) mes (?:coordonn[ée]es|donn[ée]es)|"
    r"(?:pas|plus) (?:besoin|la peine) de me (?:contacter|recontacter|rappeler|appeler)|"
    r"(?:stop|quit) (?:contacting|calling|emailing|e-mailing) me|"
    r"arr[êe]t(?:ez|e) de me (?:contacter|recontacter|rappeler|appeler|[ée]crire)|"
    r"(?:merci de|veuillez) ne pas me (?:contacter|recontacter|rappeler|appeler)|"
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
REFUSED_WORDING = {  # nothing was kept: the refusal is recorded all the same
    "en": "The prospect asked not to be contacted (in the conversation).",
    "fr": "Le prospect a demandé à ne pas être contacté (dans la conversation).",
}


def withdraws_contact(tracker: Tracker, text: str, intent: str | None) -> bool:
    """The prospect takes back their agreement to be contacted: in so many words, or with a
    plain no right after their address was kept."""
    if tracker.get_slot("contact_consent") is not True:
        return False
    if refuses_contact(text):
        return True
    return intent == "deny" and last_bot_action(tracker) == "action_qualification_done"


def last_bot_action(tracker: Tracker) -> str | None:
    """The last thing the bot did before this message (not listening, not reading it)."""
    for event in reversed(tracker.events):
        name = event.get("name")
        if event.get("event") == "action" and name not in INTERNAL_ACTIONS:
            return str(name)
    return None


# The slot that tells the reply to a refusal to be contacted what became of the address.
REFUSED = "contact_refused"
DELETED = "deleted"  # the address (or number) kept so far is deleted
NOTHING_KEPT = "nothing_kept"  # "please don't contact me" with nothing kept to delete


# "dont call me, email is better", "plutôt par mail", "call me instead": another way to be
# contacted, not a refusal. The same phrasings for each channel.
_MAIL = r"(?:e-?mail|mail|courriel)"
_CALL = r"(?:phone|t[ée]l[ée]phone|tel|sms|text|whatsapp|call|appel)"


def _rather(channel: str) -> re.Pattern[str]:
    """The ways of saying `channel` (a pattern of its words) is the one preferred."""
    return re.compile(
        rf"\b{channel}\w*\s+(?:is |c'est |would be |serait )?"
        r"(?:better|mieux|pr[ée]f[ée]rable)\b|"
        rf"\b(?:by |par )?{channel}\w*\s+(?:me\s+|us\s+|moi\s+)?(?:instead|plut[ôo]t)\b|"
        rf"\bplut[ôo]t (?:par )?{channel}|"
        rf"\b(?:prefer|pr[ée]f[èe]re)\w*\s+(?:by |par |le |un |an |a )?{channel}|"
        rf"\b(?:only|uniquement|seulement) (?:by|par) {channel}",
        re.IGNORECASE,
    )


_RATHER = {"email": _rather(_MAIL), "phone": _rather(_CALL)}


def preferred_channel(text: str) -> str | None:
    """ "email me instead": "email"; "call me instead": "phone"; None when none is named."""
    return next((channel for channel, said in _RATHER.items() if said.search(text)), None)


def prefers_another_way(text: str) -> bool:
    """ "dont call me, email is better", "plutôt par mail": how to be contacted."""
    return preferred_channel(text) is not None


# The address refused, another way asked for: "pas de mail, appelez moi plutôt au 06…",
# "no email please, call me on…".
_NO_EMAIL = re.compile(
    r"\b(?:pas (?:de |par )?(?:e-?mails?|mails?|courriels?)|no (?:e-?mails?|mails?)|"
    r"not (?:by |via )?(?:e-?mail|mail)|(?:don'?t|do not|dont) (?:e-?mail|write to) me|"
    r"ne m'?(?:e-?mail|[ée]cri)(?:vez|s)? pas|sans (?:e-?)?mail)\b",
    re.IGNORECASE,
)


def refuses_email(text: str) -> bool:
    """The prospect does not want to be written to ("en fait non, pas de mail")."""
    return _NO_EMAIL.search(text) is not None


# Not to be called: "don't call me", "ne m'appelez pas"; not "no calls before 2pm", "ne
# m'appelez pas avant 14h" (when, not whether).
_NO_CALLS = re.compile(
    r"(?:\b(?:don'?t|do not|dont|please don'?t) (?:call|phone|ring|text) me\b|"
    r"\bne m['’ ]?(?:appel|t[ée]l[ée]phon)\w* pas\b|\bpas (?:d'appels?|de coup de fil)\b|"
    r"\bno (?:calls?|phone calls?)\b)"
    r"(?!\s+(?:before|after|until|till|between|in the|on|at|avant|apr[èe]s|entre|le|en|à|a)\b)",
    re.IGNORECASE,
)


def sets_phone_aside(text: str) -> bool:
    """The prospect would rather be written to than called ("email me instead"); not when
    they refuse email ("pas de mail, plutôt un appel")."""
    written = preferred_channel(text) == "email" or _NO_CALLS.search(text) is not None
    return written and not refuses_email(text)


def refuses_contact(text: str) -> bool:
    """The prospect asks not to be contacted ("please dont contact me", "ne me contactez
    pas"): never a request for a person, whatever the classifier makes of "contact me".
    Asking for another way ("dont call me, email is better: leo@…") refuses nothing."""
    return WITHDRAWAL.search(text) is not None and not prefers_another_way(text)


def contact_refused(tracker: Tracker, text: str, intent: str | None) -> str | None:
    """This message's refusal to be contacted, for the reply (`REFUSED`), or None."""
    if withdraws_contact(tracker, text, intent):
        return DELETED
    return NOTHING_KEPT if refuses_contact(text) else None


def withdrawal(language: str) -> FactUpdate:
    """The address and number are no longer kept; the refusal is recorded like a consent."""
    return FactUpdate(
        consent=False,
        consent_wording=WITHDRAWN.get(language, WITHDRAWN["en"]),
        language=language,
        withdraw_contact=True,
        refused_contact=True,
    )


def refusal(update: FactUpdate, language: str) -> FactUpdate:
    """`update` with a refusal to be contacted while nothing was kept in this conversation:
    recorded like a consent refused, any address or number the lead kept from before is
    removed, and the rep who has the lead is told."""
    wording = REFUSED_WORDING.get(language, REFUSED_WORDING["en"])
    return replace(
        update, consent=False, consent_wording=wording, refused_contact=True, withdraw_contact=True
    )


def refusal_reply(tracker: Tracker) -> str | None:
    """The reply to this message's refusal to be contacted (set by action_extract_facts),
    which says what became of the address; None when it refuses nothing."""
    return {DELETED: "utter_contact_deleted", NOTHING_KEPT: "utter_contact_refused"}.get(
        str(tracker.get_slot(REFUSED))
    )
