"""Questions declined or not decided yet, on the lead: kept until the prospect answers."""

from __future__ import annotations

from actions.profile import FactUpdate
from bot.leads.facts import with_unanswered


def test_not_decided_yet_is_kept_apart_from_a_refusal() -> None:
    profile = with_unanswered({"declined": ["budget"]}, FactUpdate(undecided=("timeline",)))
    assert profile == {"declined": ["budget"], "undecided": ["timeline"]}


def test_an_answer_given_later_takes_the_question_off_both_lists() -> None:
    before = {"declined": ["budget"], "undecided": ["timeline"], "company": "Acme"}
    update = FactUpdate(profile={"timeline_months": 6.0, "timeline_text": "within 6 months"})
    assert with_unanswered(before, update) == {"declined": ["budget"], "company": "Acme"}
    update = FactUpdate(profile={"budget": {"min": 5000.0, "max": 5000.0}})
    assert with_unanswered(before, update) == {"undecided": ["timeline"], "company": "Acme"}


def test_a_title_answers_the_role_question() -> None:
    update = FactUpdate(profile={"role": "influencer"}, declined=("budget",))
    assert with_unanswered({"declined": ["job_title"]}, update) == {"declined": ["budget"]}
