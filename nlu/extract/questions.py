"""The part of a message that asks: "VP Sales at Northwind Logistics GmbH, 2000 employees.
Do you support SSO / SAML?" asks "Do you support SSO / SAML?". The sentences that only state
facts about the prospect (their size, budget, title, company, deadline, email, phone, need) are
left out of what the library is searched with; the others stay, as they may carry what the
question is about ("We use HubSpot. Do you integrate with it?")."""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import date

from nlu.extract.answers import asks_question
from nlu.extract.facts import extract_facts
from nlu.language import PLEASE, requested_language

_SENTENCE = re.compile(r"[^.!?\n]+[.!?]*")


def _states_facts(sentence: str, today: date) -> bool:
    """The sentence tells something about the prospect the extractor knows, their need
    included ("we use HubSpot", no fact, is context for the question after it)."""
    facts = extract_facts(sentence, today=today)
    return not replace(facts, disqualifier=None).is_empty  # "I'm a student" is not counted


def _sentences(text: str) -> list[str]:
    return [m.group(0).strip() for m in _SENTENCE.finditer(text) if m.group(0).strip()]


def question_part(text: str, *, today: date) -> str:
    """`text` without the sentences that only state facts about the prospect; the whole
    text when it asks nothing, or when every sentence of it asks."""
    sentences = _sentences(text)
    if len(sentences) < 2 or not asks_question(text):
        return text.strip()
    kept = [s for s in sentences if asks_question(s) or not _states_facts(s, today)]
    return " ".join(kept) if kept else text.strip()


def asks_beside_facts(text: str) -> bool:
    """A sentence of `text` asks ("...?") and another does not: a question put beside what
    the prospect tells ("on perd des leads. vous etes hébergés en france ?")."""
    asking = [s.endswith("?") and asks_question(s) for s in _sentences(text)]
    return any(asking) and not all(asking)


# "can I ask you a few questions?", "j'ai une petite question", "puis-je vous poser une
# question ?": asking leave to ask, with no question yet.
_LEAVE_TO_ASK = re.compile(
    r"\b(?:(?:can|could|may) i ask (?:you )?(?:something|smth)\b|"
    r"(?:can|could|may) i (?:ask|have) (?:you )?(?:a |some |a few |few |one |two |"
    r"a couple of |a quick |quick )?(?:quick |small )?q(?:uestion)?s?\b|"
    r"i (?:have|'ve got|got) (?:a |some |a few |one |a quick )?(?:quick |small )?questions?\b|"
    r"quick q(?:uestion)?\b|"
    r"(?:puis-je|je peux|est-ce que je peux|pourrais-je|je pourrais) vous poser (?:une |des |"
    r"quelques )?(?:petites? )?questions?|j'ai (?:une |des |quelques )?(?:petites? )?questions?)",
    re.IGNORECASE,
)


def asks_to_switch_language(text: str) -> bool:
    """`text` asks to go on in English or in French (the reply is in that language
    already: `requested_language`, nlu/language.py)."""
    return requested_language(text) is not None


def asks_leave_to_ask(text: str) -> bool:
    """`text` asks leave to ask questions and asks none yet: "hey! im a student writing my
    thesis on lead scoring, can i ask a few questions?" (not "quick q - do you do SSO?")."""
    match = _LEAVE_TO_ASK.search(text)
    return match is not None and len(text[match.end() :].strip(" ?!.,:-")) < 3


# "stop asking me questions, I just want the prices", "arrête de me poser des questions": the
# qualification questions end (actions/qualification.py); what else it asks is answered.
_PLEASE = rf"(?:,?\s*{PLEASE})"
# Asked, not said of themselves: "our support team handles too many questions", "je n'ai pas
# de questions" stop nothing.
_STOP_QUESTIONS = re.compile(
    r"\b(?:stop|quit) (?:asking|with) (?:me )?(?:all )?(?:these |those |the |your |so many )?"
    r"(?:questions|qs)\b|\benough (?:with |of )?(?:the |these |your )?questions\b|"
    rf"(?:^|[.!?,]\s*)(?:no more|plus de|pas de) questions{_PLEASE}|"
    r"\barr[êe]te(?:z|r)? (?:de (?:me |nous )?poser|avec) (?:des |vos |tes |ces |toutes ces |les )?"
    r"questions\b",
    re.IGNORECASE,
)


def asks_to_stop_questions(text: str) -> bool:
    """`text` asks the bot to stop asking questions."""
    return _STOP_QUESTIONS.search(text) is not None


def without_stop_request(text: str) -> str:
    """`text` without its clause asking to stop the questions: "arrête de me poser des
    questions stp, je veux juste les prix" is searched as "je veux juste les prix"."""
    match = _STOP_QUESTIONS.search(text)
    if match is None:
        return text
    rest = text[match.end() :]
    rest = re.sub(r"^\W*(?:(?:please|pls|stp|svp|s'il vous pla[îi]t)\b\W*)?", "", rest, flags=re.I)
    before = text[: match.start()].strip(" ,.;!-")
    return f"{before} {rest}".strip() if before else rest
