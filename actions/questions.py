"""The form's questions, each in a few wordings per language: a question that comes back
(after "why do you ask?", a digression, a reply that did not answer it) is reworded,
never repeated word for word. The wording is chosen from the number of times the question
was asked in this conversation (the `questions_asked` slot), so it is deterministic.

Also the confirmation question for a doubtful value (actions/confirm.py).
"""

from __future__ import annotations

from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.confirm import CHECK, PENDING
from actions.consent import DECLINE_BUTTON
from actions.noted import NOTED, acknowledgement, shown
from actions.profile import DECLINED, DEFAULT_CURRENCY, SKIPPED
from actions.turn import ran_this_turn, set_this_turn
from actions.withdrawal import REFUSED, refusal_reply
from nlu.extract.email import business_domain
from nlu.extract.questions import asks_leave_to_ask

ASKED = "questions_asked"  # {question: times asked}
# Intents that are not an answer to the question asked: the form steps aside for them.
DIGRESSIONS = frozenset(
    {
        "ask_why",
        "bot_capabilities",
        "bot_challenge",
        "request_human",
        "request_demo",
        "request_quote",
        "out_of_scope",
        "goodbye",
        "thank",
        "ask_content",
        "ask_product",
    }
)
# A question the prospect steps around (asking their own instead) comes back after their
# question is answered until it was asked this many times; then it waits, unasked, for a
# fact or a reply that is not a digression ("why do you ask?" still gets it back).
MAX_RETURNS = 2
# Whatever came between (corrections, other facts, "why do you ask?"), a question is asked
# at most this many times: a reply that does not answer the last one skips it (facts.py).
MAX_ASKS = 3

QUESTIONS: dict[str, dict[str, tuple[str, ...]]] = {
    "need": {
        "en": (
            "To point you in the right direction: what problem would you like Orbitly to solve?",
            "Back to you: what would you most like to fix or improve with Orbitly?",
            "So I can really help: what challenge brings you to Orbitly?",
        ),
        "fr": (
            "Pour bien vous orienter : quel problème aimeriez-vous résoudre avec Orbitly ?",
            "Pour revenir à vous : qu'aimeriez-vous améliorer en priorité avec Orbitly ?",
            "Pour bien vous aider : quel défi vous amène vers Orbitly ?",
        ),
    },
    "job_title": {
        "en": (
            "What's your role?",
            "And what's your position in the company?",
            "What do you do there? Your job title is enough.",
        ),
        "fr": (
            "Quel est votre poste ?",
            "Et quelle fonction occupez-vous dans l'entreprise ?",
            "Que faites-vous dans l'entreprise ? L'intitulé de votre poste suffit.",
        ),
    },
    "company": {
        "en": (
            "Which company are you with?",
            "What's the name of your company?",
            "And the company you work for is...?",
        ),
        "fr": (
            "Dans quelle entreprise travaillez-vous ?",
            "Quel est le nom de votre entreprise ?",
            "Et votre société, c'est laquelle ?",
        ),
    },
    "company_size": {
        "en": (
            "Roughly how many people work at your company?",
            "About how many employees does your company have?",
            "How big is the company, in number of people? An estimate is fine.",
        ),
        "fr": (
            "Combien de personnes travaillent dans votre entreprise, environ ?",
            "Votre entreprise compte combien de salariés, à peu près ?",
            "Quelle est la taille de l'entreprise, en nombre de personnes ? Une estimation suffit.",
        ),
    },
    "timeline": {
        "en": (
            "When would you need a solution in place?",
            "By when would you like this up and running?",
            "What's your timeline: when should it be live?",
        ),
        "fr": (
            "Pour quand auriez-vous besoin d'une solution ?",
            "À quelle échéance aimeriez-vous que ce soit en place ?",
            "Quel est votre calendrier : pour quand faudrait-il que ce soit en place ?",
        ),
    },
    "budget": {
        "en": (
            "Do you have a budget in mind for this project?",
            "What budget are you planning for this, roughly? A range is fine.",
            "Is there a budget set aside for it? An order of magnitude is enough.",
        ),
        "fr": (
            "Avez-vous un budget en tête pour ce projet ?",
            "Quel budget prévoyez-vous pour cela, à peu près ? Une fourchette suffit.",
            "Un budget est-il prévu pour ce projet ? Un ordre de grandeur suffit.",
        ),
    },
}

# The confirmation question, by the doubt's reason: {value} and {previous} are filled in.
CONFIRMATIONS: dict[str, dict[str, tuple[str, ...]]] = {
    "amount": {
        "en": (
            "Just to be sure I note it right: {value} people work at your company? Or was "
            "that an amount?",
            "Sorry to insist: is {value} the number of people at your company?",
        ),
        "fr": (
            "Pour être sûr de bien noter : votre entreprise compte {value} personnes ? Ou "
            "était-ce un montant ?",
            "Pardon d'insister : {value}, c'est bien le nombre de personnes dans votre "
            "entreprise ?",
        ),
    },
    "implausible": {
        "en": (
            "Just to be sure I note it right: {value} people work at your company?",
            "Sorry to insist: is it really {value} people at your company?",
        ),
        "fr": (
            "Pour être sûr de bien noter : votre entreprise compte {value} personnes ?",
            "Pardon d'insister : c'est bien {value} personnes dans votre entreprise ?",
        ),
    },
    "conflict": {
        "en": (
            "Earlier I noted {previous} people; should I change it to {value}?",
            "Sorry to insist: {previous} or {value} people at your company?",
        ),
        "fr": (
            "Plus tôt, j'avais noté {previous} personnes ; je corrige en {value} ?",
            "Pardon d'insister : {previous} ou {value} personnes dans votre entreprise ?",
        ),
    },
    "thousands": {
        "en": (
            "Just to be sure: a budget of {value}?",
            "Sorry to insist: is your budget about {value}?",
        ),
        "fr": (
            "Pour être sûr : un budget de {value} ?",
            "Pardon d'insister : votre budget est bien d'environ {value} ?",
        ),
    },
    "far": {
        "en": (
            "Just to be sure: you'd need it in about {value} months, not sooner?",
            "Sorry to insist: is your timeline really about {value} months away?",
        ),
        "fr": (
            "Pour être sûr : ce serait dans {value} mois environ, pas avant ?",
            "Pardon d'insister : votre échéance est bien dans {value} mois environ ?",
        ),
    },
}
# A budget given without a currency is noted in the default one, and the prospect is told.
CURRENCY_NOTE = {
    "en": "Noted, in {name} (tell me if it's another currency).",
    "fr": "C'est noté, en {name} (dites-moi s'il s'agit d'une autre devise).",
}
CURRENCY_NAMES = {
    "en": {"EUR": "euros", "USD": "US dollars", "GBP": "pounds", "CHF": "Swiss francs"},
    "fr": {"EUR": "euros", "USD": "dollars", "GBP": "livres", "CHF": "francs suisses"},
}
# The company question when a business address is held: its domain is offered ("yes" keeps
# the domain as the company; actions/facts.py).
COMPANY_FROM_DOMAIN = {
    "en": "Which company are you with? Is it {domain}?",
    "fr": "Dans quelle entreprise travaillez-vous ? Est-ce {domain} ?",
}
YES_DOMAIN = {"en": "Yes, {domain}", "fr": "Oui, {domain}"}
YES_NO = {
    "en": [("Yes", "/affirm"), ("No", "/deny")],
    "fr": [("Oui", "/affirm"), ("Non", "/deny")],
}


def wording(variants: dict[str, tuple[str, ...]], language: str | None, times: int) -> str:
    """The wording for the `times`-th asking (0 for the first), in `language`."""
    texts = variants.get(language or "en", variants["en"])
    return texts[times % len(texts)]


def confirmation(pending: dict[str, Any], language: str | None, times: int) -> str:
    """The one short question that confirms the value held (`pending`)."""
    lang = language if language in ("fr", "en") else "en"
    variants = CONFIRMATIONS.get(str(pending.get("reason")), CONFIRMATIONS["implausible"])
    return wording(variants, lang, times).format(
        value=shown(float(pending.get("value", 0)), lang),
        previous=shown(float(pending.get("previous") or 0), lang),
    )


def currency_note(language: str | None, currency: str) -> str:
    """Said when a budget without a currency is noted in the default one."""
    lang = language if language in CURRENCY_NOTE else "en"
    return CURRENCY_NOTE[lang].format(name=CURRENCY_NAMES[lang].get(currency, currency))


def note_currency(dispatcher: CollectingDispatcher, tracker: Tracker) -> list[EventType]:
    """Before the next question: a budget given without a currency is said to be noted in
    the default one, once (an implicit confirmation; "dollars btw" puts it right)."""
    held = tracker.get_slot("budget_held")
    asked = dict(tracker.get_slot(ASKED) or {})
    if not isinstance(held, dict) or held.get("currency") or asked.get("currency_note"):
        return []
    dispatcher.utter_message(text=currency_note(tracker.get_slot("language"), DEFAULT_CURRENCY))
    tracker.slots[ASKED] = asked | {"currency_note": 1}  # seen by the caller's own update
    return [SlotSet(ASKED, tracker.slots[ASKED])]


def before_question(dispatcher: CollectingDispatcher, tracker: Tracker) -> list[EventType]:
    """What is said before the form's next question: a refusal to be contacted, said back
    with what became of the address; a fact the last message changed, said back ("Noted: 60
    people, not 45."); and a budget noted in the default currency."""
    events: list[EventType] = []
    language = tracker.get_slot("language") or "en"
    if refused := refusal_reply(tracker):  # "actually please don't email me, delete it"
        dispatcher.utter_message(response=refused)
        events.append(SlotSet(REFUSED, None))
    if (noted := tracker.get_slot(NOTED)) and (line := acknowledgement(noted, language)):
        dispatcher.utter_message(text=line)
        events.append(SlotSet(NOTED, None))
        if noted.get("currency_noted"):  # "a budget of 50,000 EUR (tell me if…)": said
            asked = dict(tracker.get_slot(ASKED) or {}) | {"currency_note": 1}
            tracker.slots[ASKED] = asked  # seen by the caller's own update
            events.append(SlotSet(ASKED, asked))
    return events + note_currency(dispatcher, tracker)


# Before the question that follows a stated problem, when nothing else was said back.
THANKS = {"en": "Thanks!", "fr": "Merci !"}

# Leave to ask a question, given (here or by the content action, actions/content.py).
ASK_AWAY = {
    "fr": "Bien sûr, je vous écoute : quelle est votre question ?",
    "en": "Of course, go ahead: what would you like to know?",
}


def digressed(tracker: Tracker) -> bool:
    """The latest message stepped around the question: a question of their own, thanks..."""
    intent = ((tracker.latest_message or {}).get("intent") or {}).get("name")
    return (intent in DIGRESSIONS and intent != "ask_why") or ran_this_turn(
        tracker, "action_answer_content"
    )


class ActionAskQuestion(Action):
    """`action_ask_<slot>`: the form's question for one slot, reworded each time it comes
    back, with the "I'd rather not say" button (the need question has none)."""

    def __init__(self, slot: str) -> None:
        self.slot = slot

    def name(self) -> str:
        return f"action_ask_{self.slot}"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[EventType]:
        language = tracker.get_slot("language") or "en"
        events = before_question(dispatcher, tracker)
        if asks_leave_to_ask(str((tracker.latest_message or {}).get("text") or "")):
            # "j'ai une petite question": their question first, the form's after it.
            if not ran_this_turn(tracker, "action_answer_content"):  # it said so
                dispatcher.utter_message(text=ASK_AWAY.get(language, ASK_AWAY["en"]))
            return events
        asked = dict(tracker.get_slot(ASKED) or {})
        times = int(asked.get(self.slot, 0))
        if times >= MAX_ASKS or (times >= MAX_RETURNS and digressed(tracker)):
            return events  # asked enough: their question answered, nothing more
        text, buttons = self.text(tracker, language, times), self.buttons(language)
        stated = set_this_turn(tracker, "need") not in (None, SKIPPED, DECLINED)  # not moved on
        if not events and stated and self.slot != "need":
            text = f"{THANKS.get(language, THANKS['en'])} {text}"  # their problem, heard
        site = business_domain(tracker.get_slot("email")) if times == 0 else None
        if self.slot == "company" and site:
            lang = language if language in COMPANY_FROM_DOMAIN else "en"
            text = COMPANY_FROM_DOMAIN[lang].format(domain=site)
            yes = {"title": YES_DOMAIN[lang].format(domain=site), "payload": "/affirm"}
            buttons = [yes, *buttons]
        dispatcher.utter_message(text=text, buttons=buttons)
        asked[self.slot] = times + 1
        return [*events, SlotSet(ASKED, asked)]

    def text(self, tracker: Tracker, language: str, times: int) -> str:
        return wording(QUESTIONS[self.slot], language, times)

    def buttons(self, language: str) -> list[dict[str, str]]:
        if self.slot == "need":
            return []
        title, payload = DECLINE_BUTTON.get(language, DECLINE_BUTTON["en"])
        return [{"title": title, "payload": payload}]


class ActionAskFactCheck(ActionAskQuestion):
    """The confirmation question for the value held in `pending_fact`."""

    def __init__(self) -> None:
        super().__init__(CHECK)

    def text(self, tracker: Tracker, language: str, times: int) -> str:
        return confirmation(dict(tracker.get_slot(PENDING) or {}), language, times)

    def buttons(self, language: str) -> list[dict[str, str]]:
        return [{"title": t, "payload": p} for t, p in YES_NO.get(language, YES_NO["en"])]


def question_actions() -> list[Action]:
    """One asking action per form question, and the confirmation question."""
    return [*(ActionAskQuestion(slot) for slot in QUESTIONS), ActionAskFactCheck()]
