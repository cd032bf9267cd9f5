"""The problem said in its own sentence among facts: "hi! Im CEO of Lumen Analytics, 150 ppl,
software. leads from our site go cold before anyone answers". Used when the engine's
classifier ranks state_need second to inform (actions/facts.py)."""

from __future__ import annotations

import re
from datetime import date

from nlu.extract.budget import extract_budget
from nlu.extract.company import extract_company
from nlu.extract.company_size import extract_company_size
from nlu.extract.job_title import extract_job_title
from nlu.extract.need import (
    MIN_PROBLEM_WORDS,
    about_the_problem,
    has_need_cue,
    without_contact_details,
)
from nlu.extract.timeline import extract_timeline
from nlu.extract.use_cases import use_case_of

_SENTENCE = re.compile(r"[^.!?\n]+[.!?]?")


def problem_sentence(text: str, *, today: date) -> str:
    """The last sentence of several (or, in one, the clauses after who they are) that says
    no other fact and states a problem, with a need cue or a use case (not "Looking forward
    to hearing back"); "" when there is none."""
    sentences = [m.group(0).strip() for m in _SENTENCE.finditer(without_contact_details(text))]
    if len(sentences) < 2:
        rest = about_the_problem(text)
        sentences = [rest] if rest and rest != " ".join(text.split()) else []
    for sentence in reversed(sentences):
        if len(sentence.split()) < MIN_PROBLEM_WORDS or sentence.endswith("?"):
            continue
        if mentions_request(sentence):  # "je voudrais une démo.": a request, no problem
            continue
        if len(_CONTACT_TALK.sub(" ", sentence).split()) < MIN_PROBLEM_WORDS:
            continue  # "my email is … and my cell is …", its details out: no problem
        if _says_a_fact(sentence, today):
            continue
        if has_need_cue(sentence) or use_case_of(sentence):
            return sentence
    return ""


# Words that only introduce contact details ("my email is", "mon tel", "et mon mail").
_CONTACT_TALK = re.compile(
    r"\b(?:my|mon|ma|mes|our|notre|the|le|la)\s+(?:e-?mail|mail|courriel|cell|phone|mobile|"
    r"number|tel|t[ée]l[ée]phone|num[ée]ro|portable|adresse|address|contact)s?\b"
    r"(?:\s+(?:is|c'est|est|:))?|\b(?:and|et)\b",
    re.IGNORECASE,
)
# What a request for a demo, a call or a quote says: "could we book a demo next week?".
_REQUEST = re.compile(
    r"\b(?:d[ée]mo|call|meeting|quote|devis|appel|rappel|rdv|rendez-vous|r[ée]union|"
    r"visio|show|montrer|talk|parler|chat)\w*",
    re.IGNORECASE,
)


# What a request asks for, and no problem speaks of: "je voudrais une démo" is no need.
_ASKED_FOR = re.compile(r"\b(?:d[ée]mo\w*|demonstration|devis|quotes?|proposal|propale?)\b", re.I)


def mentions_request(text: str) -> bool:
    """`text` speaks of a demo or a quote."""
    return _ASKED_FOR.search(text) is not None


def without_requests(text: str) -> str:
    """`text` without its sentences that ask for a demo or a quote."""
    kept = [m.group(0) for m in _SENTENCE.finditer(text) if not mentions_request(m.group(0))]
    return " ".join(s.strip() for s in kept)


def own_deadline(text: str, said: str) -> bool:
    """The timeline `said` is in a sentence of its own, not the request's ("we want to go
    live in February. Could we book a demo next week?": February is their deadline, next
    week is the demo's)."""
    sentences = [m.group(0) for m in _SENTENCE.finditer(text)]
    if len(sentences) < 2:
        return False
    where = next((s for s in sentences if said.lower() in s.lower()), None)
    return where is not None and _REQUEST.search(where) is None


def _says_a_fact(text: str, today: date) -> bool:
    return bool(
        extract_company_size(text)
        or extract_job_title(text)
        or extract_company(text)
        or extract_budget(text)
        or extract_timeline(text, today=today)
    )
