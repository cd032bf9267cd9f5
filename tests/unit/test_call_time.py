"""When to call, as the prospect says it in a request to be called, and never as the
project's deadline (nlu/extract/call_time.py)."""

from __future__ import annotations

from datetime import date

import pytest

from nlu.extract.call_time import extract_call_time
from nlu.extract.facts import extract_facts

TODAY = date(2026, 12, 6)


@pytest.mark.parametrize(
    ("text", "when"),
    [
        ("can someone call me thursday afternoon?", "thursday afternoon"),
        ("call me tmrw morning", "tomorrow morning"),
        ("can we talk tomorrow at 3pm?", "tomorrow at 3pm"),
        ("Can you call me? Any time after 2pm", "after 2pm"),
        ("call me back this afternoon pls", "this afternoon"),
        ("can someone call me in 2 days", "in 2 days"),
        ("rappelez-moi demain matin svp", "demain matin"),
        ("appelez moi jeudi aprem au 06 12 34 56 78", "jeudi après-midi"),
        ("pouvez-vous me rappeler entre 14h et 16h ?", "entre 14h et 16h"),
        ("je préfère être appelé en fin de journée", "en fin de journée"),
        ("call me at 10", "at 10"),
        ("can someone call me around 2?", "around 2"),
        ("rappelez-moi vers 14 heures", "vers 14 heures"),
        ("call me after lunch", "after lunch"),
        ("rappelez-moi en début d'après-midi", "en début d'après-midi"),
        ("rappelez-moi mardi 10h", "mardi 10h"),
        ("rappel possible des 9h30 ?", "dès 9h30"),
        ("can we set up a demo next tuesday?", "next tuesday"),
        ("can someone call me asap?", "asap"),
        ("call me thursday or friday", "thursday or friday"),
        ("Can you call me? Any time after 2pm", "after 2pm"),
        ("je préfère être appelé en fin de journée", "en fin de journée"),
        ("call me at 10", "at 10"),
        ("can someone call me around 2?", "around 2"),
        ("rappelez-moi vers 14 heures", "vers 14 heures"),
        ("call me after lunch", "after lunch"),
        ("rappelez-moi en début d'après-midi", "en début d'après-midi"),
        ("rappelez-moi mardi 10h", "mardi 10h"),
        ("une démo jeudi matin ce serait possible ?", "jeudi matin"),
    ],
)
def test_the_time_asked_for_a_call_is_kept_as_said(text: str, when: str) -> None:
    assert extract_call_time(text) == when


@pytest.mark.parametrize(
    "text",
    [
        "we need to go live next week, can you call me?",  # the deadline, said before
        "we meet every thursday afternoon",  # no call asked for
        "I sat with our CFO, can you call me",
        "can you call me before March?",  # a month is no call time
        "our reps are on the phone all day and we want to roll out next week",  # no request
        "les appels entrants sont mal suivis, on doit être prêts la semaine prochaine",
        "we saw a demo from hubspot, we want to decide next week",  # another clause
        "can you call me? we need it live next week",  # the next sentence is about them
        "call me, I have a 2pm meeting",  # English "a" is no French "à"
        "we use Ringover, can you call me?",
        "can you call me about 10 people?",  # a count, not an hour
    ],
)
def test_no_call_time_without_a_request_to_call_or_before_it(text: str) -> None:
    assert extract_call_time(text) is None


def test_after_a_request_to_be_called_the_time_alone_is_the_call_time() -> None:
    said = "au 06 12 34 56 78, plutôt l'après-midi"
    assert extract_call_time(said) is None
    assert extract_call_time(said, asked=True) == "plutôt l'après-midi"


@pytest.mark.parametrize(
    ("text", "deadline"),
    [
        ("our reps are on the phone all day and we want to roll out next week", "next week"),
        ("can you call me? we need it live next week", "next week"),
        ("I need this asap, can you call me?", "asap"),
    ],
)
def test_a_deadline_beside_a_request_to_call_stays_a_deadline(text: str, deadline: str) -> None:
    facts = extract_facts(text, today=TODAY)
    assert facts.timeline is not None and facts.timeline.text == deadline


def test_a_time_to_call_is_no_company() -> None:
    assert extract_facts("call me at 4pm", today=TODAY).company is None
    assert extract_facts("+33 6 12 34 56 78, at 4pm", today=TODAY).company is None


def test_when_to_call_is_not_the_deadline() -> None:
    facts = extract_facts("call me next week, we need it live by March", today=TODAY)
    assert facts.call_time == "next week"
    assert facts.timeline is not None and facts.timeline.text == "by March"
    facts = extract_facts("rappelez-moi la semaine prochaine svp", today=TODAY)
    assert (facts.call_time, facts.timeline) == ("la semaine prochaine", None)
    facts = extract_facts("we go live next week, can you call me?", today=TODAY)
    assert facts.call_time is None and facts.timeline is not None
