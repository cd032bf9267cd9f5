"""Which problem a message states, if any: the need is what the engine's classifier says the
prospect states as their problem (state_need, or facts about them: inform). A need-like
phrase in a quote request or a question ("je voudrais un devis", "I want to know…") is not
their need; a problem in a sentence of its own beside a request is ("Our inbound leads sit
untouched for days in the CRM. Could we book a demo?")."""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import date

from actions.profile import DECLINED, SKIPPED
from actions.withdrawal import prefers_another_way, refuses_contact
from nlu.extract import Facts
from nlu.extract.answers import answer_for
from nlu.extract.need import MAX_NEED_CHARS, MIN_PROBLEM_WORDS, Need, extract_need
from nlu.extract.problem import problem_sentence, without_requests
from nlu.extract.use_cases import use_case_of

NEED_INTENTS = frozenset({"state_need", "inform", "nlu_fallback"})
# Requests whose message may state the problem in a sentence of its own.
REQUESTS = frozenset({"request_demo", "request_quote", "request_human"})
NEED_RUNNER_UP = 0.3  # state_need's confidence, second to inform, for a sentence of facts
RESTATED_NEED = 0.8  # state_need's confidence for another problem after one is held
_PROSE_WORD = re.compile(r"\b[^\W\d_]{2,}\b")
_CODE = re.compile(r"[;{}=*|`]|--")


def is_prose(text: str) -> bool:
    """Words people write a problem in, not code ("SELECT * FROM users", "'; DROP …")."""
    return len(_PROSE_WORD.findall(text)) >= MIN_PROBLEM_WORDS and not _CODE.search(text)


# A problem that takes the one held back replaces it: "actually our real problem is…", "no
# that's wrong, the problem is…", "en fait notre vrai problème c'est…", "sorry I meant…".
_TAKES_BACK = re.compile(
    r"\b(?:actually|in fact|en fait|en vrai|real (?:problem|issue)|vrai (?:probl[eè]me|souci)|"
    r"(?:that'?s|c'?est) (?:wrong|faux)|i meant|je voulais dire|plut[ôo]t|rather|not the|"
    r"pas (?:le|la|ça|ca)|instead|correction)\b",
    re.IGNORECASE,
)
_WORD = re.compile(r"[^\W\d_]{3,}")
SAID_BEFORE = 0.6  # share of a new problem's words already in the held one: a repeat


def added_need(held: object, facts: Facts, text: str) -> Facts:
    """`facts` whose need is added to the one held ("looking at options for our sales
    team; leads from our website sit in a shared inbox for days"): a later problem says
    more, it does not take back the first, unless `text` says it does ("actually our real
    problem is…": the new one replaces it). A repeat ("like I said, leads sit in a shared
    inbox") adds nothing; code or markup is never added; what would not fit replaces."""
    new = facts.need
    if new is None or not isinstance(held, str) or held in (DECLINED, SKIPPED, ""):
        return facts
    if _TAKES_BACK.search(text) or held.lower() in new.text.lower():
        return facts  # replaced, or the held need said again with more
    words = {w.lower() for w in _WORD.findall(new.text)}
    known = {w.lower() for w in _WORD.findall(held)}
    if not words or len(words & known) >= SAID_BEFORE * len(words) or not is_prose(new.text):
        return replace(facts, need=None)  # said before: the held need stays as it is
    text_added = f"{held}; {new.text}"
    if len(text_added) > MAX_NEED_CHARS:
        return facts  # no room: the latest problem, whole, rather than a cut one
    return replace(facts, need=Need(text=text_added, use_case=use_case_of(text_added)))


def _problem_in(text: str) -> Need | None:
    problem = problem_sentence(text, today=date.today())
    found = answer_for("need", problem, today=date.today()) if problem else None
    return (found or {}).get("need")


def need_read(
    facts: Facts,
    text: str,
    intent: str | None,
    need_confidence: float,
    *,
    ignore: bool,
    held: bool = False,
) -> Facts:
    """`facts` with the need the message states (`ignore`: the message is noise, only the
    extractor's own reading is filtered; `held`: a need is held already, so only a problem
    said as one, with confidence, is read); not how to reach them ("actually dont call me,
    email is better: leo@…")."""
    if held and not ignore:
        if intent == "state_need" and need_confidence >= RESTATED_NEED:
            # "looking at options for our sales team" held, then "leads from our website
            # sit in a shared inbox for days": the problem, added (actions/facts.py)
            found = (answer_for("need", text, today=date.today()) or {}).get("need")
            if found is not None and is_prose(found.text):  # not "'; DROP TABLE leads; --"
                facts = replace(facts, need=facts.need or found)
        ignore = True
    read = _need_read(facts, text, intent, need_confidence, ignore=ignore)
    if read.need and (prefers_another_way(text) or refuses_contact(text)):
        return replace(read, need=None)
    return read


def _need_read(
    facts: Facts, text: str, intent: str | None, need_confidence: float, *, ignore: bool
) -> Facts:
    if ignore:
        return facts if intent in NEED_INTENTS else replace(facts, need=None)
    if intent in REQUESTS:  # not "I want a demo": a problem said beside the request
        need = _problem_in(text)
        if need is None and (rest := without_requests(text)):
            need = extract_need(rest)  # "I'd like a demo. We're losing leads and need it…"
        return replace(facts, need=need)
    if facts.need is not None:
        return facts if intent in NEED_INTENTS else replace(facts, need=None)
    # The classifier says it states their problem, in words the need cues lack; or, second
    # to "inform" in a message of facts, that one of its sentences does ("Im CEO of Lumen,
    # 150 ppl. leads from our site go cold before anyone answers").
    if intent == "state_need":
        return replace(facts, need=(answer_for("need", text, today=date.today()) or {}).get("need"))
    if intent == "inform" and need_confidence >= NEED_RUNNER_UP:
        return replace(facts, need=_problem_in(text))
    return facts
