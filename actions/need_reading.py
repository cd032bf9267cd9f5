"""Which problem a message states, if any: the need is what the engine's classifier says the
prospect states as their problem (state_need, or facts about them: inform). A need-like
phrase in a quote request or a question ("je voudrais un devis", "I want to know…") is not
their need; a problem in a sentence of its own beside a request is ("Our inbound leads sit
untouched for days in the CRM. Could we book a demo?")."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

from actions.withdrawal import prefers_another_way, refuses_contact
from nlu.extract import Facts
from nlu.extract.answers import answer_for
from nlu.extract.need import Need, extract_need
from nlu.extract.problem import problem_sentence, without_requests

NEED_INTENTS = frozenset({"state_need", "inform", "nlu_fallback"})
# Requests whose message may state the problem in a sentence of its own.
REQUESTS = frozenset({"request_demo", "request_quote", "request_human"})
NEED_RUNNER_UP = 0.3  # state_need's confidence, second to inform, for a sentence of facts


def _problem_in(text: str) -> Need | None:
    problem = problem_sentence(text, today=date.today())
    found = answer_for("need", problem, today=date.today()) if problem else None
    return (found or {}).get("need")


def need_read(
    facts: Facts, text: str, intent: str | None, need_confidence: float, *, ignore: bool
) -> Facts:
    """`facts` with the need the message states (`ignore`: the need is held already, or
    the message is noise: only the extractor's own reading is filtered); not how to reach
    them ("actually dont call me, email is better: leo@…")."""
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
