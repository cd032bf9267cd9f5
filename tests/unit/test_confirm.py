"""Confirm instead of guessing (actions/confirm.py) and questions reworded when they come
back (actions/questions.py): pure logic, and the extraction action with a fake lead store."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from typing import Any

import pytest
from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions.confirm import CHECK, PENDING, check_facts, doubt
from actions.consent import email_question
from actions.facts import ActionExtractFacts
from actions.profile import SKIPPED
from actions.qualification import ActionAskEmail, ValidateQualificationForm
from actions.questions import ASKED, QUESTIONS, ActionAskFactCheck, ActionAskQuestion
from nlu.extract import extract_facts
from tests.unit.test_qualification_actions import FakeLeads

TODAY = date(2026, 12, 3)


def facts(text: str) -> Any:
    return extract_facts(text, today=TODAY, language="en")


@pytest.mark.parametrize(
    ("text", "size", "held", "reason"),
    [
        ("ok 20k", 20000, None, "amount"),  # a bare reply to the size question
        ("20,000", 20000, None, "implausible"),
        ("we are 800 employees", 800, 80, "conflict"),
        ("we're 12,000 employees", 12000, None, None),  # stated with its unit: plausible
        ("actually we're 400 people", 400, 80, None),  # a correction, not a conflict
        ("we're 90 people", 90, 80, None),  # close to the size held: an update
    ],
)
def test_doubtful_sizes(text: str, size: int, held: int | None, reason: str | None) -> None:
    found = doubt(replace(facts(text), company_size=size), text, held_size=held)
    assert (found or {}).get("reason") == reason


def test_a_far_timeline_is_doubted() -> None:
    found = doubt(facts("we'd need it in 36 months"), "in 36 months", held_size=None)
    assert found is not None and found["field"] == "timeline"


def check(text: str, pending: dict[str, Any] | None, *, intent: str = "inform") -> Any:
    return check_facts(
        facts(text),
        text=text,
        intent=intent,
        requested=CHECK if pending else "company_size",
        pending=pending,
        held_size=80,
        may_ask=True,
        today=TODAY,
    )


def test_a_doubtful_value_is_held_back_not_stored() -> None:
    held = check("we are 800 employees", None)
    assert held.facts.company_size is None
    assert held.slots == {
        PENDING: {"field": "company_size", "value": 800, "previous": 80, "reason": "conflict"},
        CHECK: None,
    }


@pytest.mark.parametrize(
    ("reply", "intent", "outcome", "size"),
    [
        ("yes", "affirm", "confirmed", 800),
        ("oui c'est ça", "affirm", "confirmed", 800),
        ("800", "inform", "confirmed", 800),
        ("no, 200", "deny", "corrected", 200),
        ("non, 120 personnes", "deny", "corrected", 120),
        ("no", "deny", "rejected", None),
        ("nope", "inform", "rejected", None),
    ],
)
def test_the_reply_to_the_confirmation(
    reply: str, intent: str, outcome: str, size: int | None
) -> None:
    pending = {"field": "company_size", "value": 800, "previous": 80, "reason": "conflict"}
    result = check(reply, pending, intent=intent)
    assert result.slots == {PENDING: None, CHECK: outcome}
    assert result.facts.company_size == size


def test_a_reply_that_does_not_answer_leaves_the_question_pending() -> None:
    pending = {"field": "company_size", "value": 20000, "reason": "amount"}
    result = check("sam@kestrelfreight.com", pending)
    assert result.slots == {} and result.facts.email is not None


def tracker(text: str, intent: str = "inform", **slots: Any) -> Tracker:
    requested = slots.pop("requested", None)
    return Tracker(
        sender_id="c1",
        slots={"language": "en", "requested_slot": requested, **slots},
        latest_message={
            "text": text,
            "intent": {"name": intent, "confidence": 0.9},
            "metadata": {"lead_id": 7, "language": "en"},
        },
        events=[],
        paused=False,
        followup_action=None,
        active_loop={"name": "qualification_form"},
        latest_action_name="action_listen",
    )


async def run(action: Any, t: Tracker) -> tuple[list[dict[str, Any]], CollectingDispatcher]:
    dispatcher = CollectingDispatcher()
    return await action.run(dispatcher, t, {}), dispatcher


async def test_ok_20k_to_the_size_question_is_confirmed_before_it_is_stored() -> None:
    leads = FakeLeads()
    events, _ = await run(ActionExtractFacts(leads), tracker("ok 20k", requested="company_size"))
    slots = {e["name"]: e["value"] for e in events if e["event"] == "slot"}
    assert slots[PENDING]["value"] == 20000 and CHECK in slots and "company_size" not in slots
    assert not any("company_size" in u.profile for _, u in leads.updates)
    # The prospect corrects it: the corrected value is stored.
    pending = slots[PENDING]
    events, _ = await run(
        ActionExtractFacts(leads),
        tracker("no, 200", intent="deny", requested=CHECK, **{PENDING: pending}),
    )
    slots = {e["name"]: e["value"] for e in events if e["event"] == "slot"}
    assert slots["company_size"] == 200 and slots[PENDING] is None
    assert leads.updates[-1][1].profile["company_size"] == 200
    assert not leads.updates[-1][1].declined  # a "no" here is not a refusal


async def test_the_form_asks_the_confirmation_first() -> None:
    domain_slots = [CHECK, "need", "company_size"]
    form = ValidateQualificationForm()
    t = tracker("x", **{PENDING: {"field": "company_size", "value": 20000}})
    assert await form.required_slots(domain_slots, CollectingDispatcher(), t, {}) == domain_slots
    t = tracker("x")
    assert await form.required_slots(domain_slots, CollectingDispatcher(), t, {}) == [
        "need",
        "company_size",
    ]


async def test_a_question_that_comes_back_is_reworded() -> None:
    asked: dict[str, int] = {}
    texts = []
    for _ in range(3):
        events, dispatcher = await run(ActionAskQuestion("need"), tracker("x", **{ASKED: asked}))
        texts.append(dispatcher.messages[0]["text"])
        asked = events[-1]["value"]  # the last setting of the slot holds
    assert len(set(texts)) == 3 and texts[0] == QUESTIONS["need"]["en"][0]
    fr = tracker("x", **{ASKED: {"budget": 1}, "language": "fr"})
    _, dispatcher = await run(ActionAskQuestion("budget"), fr)
    assert dispatcher.messages[0]["text"] == QUESTIONS["budget"]["fr"][1]


async def test_a_question_stepped_around_twice_waits_unasked() -> None:
    """Asked twice, then another question of theirs: it is answered and nothing more."""
    twice = {ASKED: {"job_title": 2}}
    for intent in ("ask_content", "thank", "request_demo"):
        events, dispatcher = await run(
            ActionAskQuestion("job_title"), tracker("is there a trial?", intent, **twice)
        )
        assert dispatcher.messages == [] and events == []
    _, dispatcher = await run(ActionAskQuestion("job_title"), tracker("why?", "ask_why", **twice))
    assert dispatcher.messages[0]["text"] == QUESTIONS["job_title"]["en"][2]
    thrice = {ASKED: {"job_title": 3}}  # never a fourth time
    _, dispatcher = await run(ActionAskQuestion("job_title"), tracker("why?", "ask_why", **thrice))
    assert dispatcher.messages == []
    once = {ASKED: {"job_title": 1}}  # asked once: it comes back after their question
    _, dispatcher = await run(
        ActionAskQuestion("job_title"), tracker("trial?", "ask_content", **once)
    )
    assert dispatcher.messages[0]["text"] == QUESTIONS["job_title"]["en"][1]


async def test_the_confirmation_question_names_the_values() -> None:
    pending = {"field": "company_size", "value": 800, "previous": 80, "reason": "conflict"}
    _, dispatcher = await run(ActionAskFactCheck(), tracker("x", **{PENDING: pending}))
    text = dispatcher.messages[0]["text"]
    assert "80" in text and "800" in text
    fr = tracker(
        "x",
        language="fr",
        **{PENDING: {"field": "company_size", "value": 20000, "reason": "amount"}},
    )
    _, dispatcher = await run(ActionAskFactCheck(), fr)
    assert "20\u202f000" in dispatcher.messages[0]["text"]


async def test_a_budget_without_a_currency_is_noted_in_the_default_one_and_said() -> None:
    leads = FakeLeads()
    events, _ = await run(
        ActionExtractFacts(leads), tracker("around 20-25k a year", requested="budget")
    )
    held = next(e["value"] for e in events if e["event"] == "slot" and e["name"] == "budget_held")
    assert held["currency"] is None and leads.updates[-1][1].profile["budget_currency"] == "EUR"
    # Said once, before the next question (an implicit confirmation).
    events, dispatcher = await run(ActionAskEmail(), tracker("x", budget_held=held))
    texts = [m["text"] for m in dispatcher.messages]
    assert texts[0] == "Noted, in euros (tell me if it's another currency)."
    assert texts[1] == email_question("en")  # the consent's wording, unchanged
    asked = events[-1]["value"]  # the last setting of the slot holds
    _, dispatcher = await run(ActionAskEmail(), tracker("x", budget_held=held, **{ASKED: asked}))
    # ...and the email question, asked again, is reworded.
    assert [m["text"] for m in dispatcher.messages] == [email_question("en", 1)]
    assert email_question("en", 1) != email_question("en")
    # "dollars btw": the same amounts, in that currency.
    await run(
        ActionExtractFacts(leads), tracker("dollars btw", requested="email", budget_held=held)
    )
    budget = leads.updates[-1][1].profile["budget"]
    assert (budget["min"], budget["max"], budget["currency"]) == (20000, 25000, "USD")


async def test_a_reply_that_answers_is_no_refusal_whatever_its_intent() -> None:
    leads = FakeLeads()
    await run(
        ActionExtractFacts(leads),
        tracker("we'd want something before summer", intent="deny", requested="timeline"),
    )
    update = leads.updates[-1][1]
    assert update.declined == () and "timeline_months" in update.profile


async def test_the_date_of_a_demo_is_not_their_deadline() -> None:
    leads = FakeLeads()
    await run(ActionExtractFacts(leads), tracker("can we do a demo next week?", "request_demo"))
    assert not any("timeline_months" in u.profile for _, u in leads.updates)


def test_a_far_timeline_corrected_in_the_reply() -> None:
    pending = {"field": "timeline", "value": 36.0, "text": "in 3 years", "reason": "far"}
    result = check_facts(
        facts("no, sorry, 3 months"),
        text="no, sorry, 3 months",
        intent="deny",
        requested=CHECK,
        pending=pending,
        held_size=None,
        may_ask=True,
        today=TODAY,
    )
    assert result.slots[CHECK] == "corrected" and result.facts.timeline is not None
    assert result.facts.timeline.months == 3


async def test_an_address_given_to_the_reworded_email_question_keeps_that_wording() -> None:
    leads = FakeLeads()
    t = tracker("sam@kestrelfreight.com", requested="email", **{ASKED: {"email": 2}})
    await run(ActionExtractFacts(leads), t)
    assert leads.updates[-1][1].consent_wording == email_question("en", 1)


def test_a_bare_small_number_to_the_budget_question_is_asked_not_guessed() -> None:
    def reply(text: str, pending: dict[str, Any] | None, intent: str = "inform") -> Any:
        return check_facts(
            facts(text),
            text=text,
            intent=intent,
            requested=CHECK if pending else "budget",
            pending=pending,
            held_size=None,
            may_ask=True,
            today=TODAY,
        )

    held = reply("ok 50", None)
    assert held.slots[PENDING] == {"field": "budget", "value": 50000, "reason": "thousands"}
    confirmed = reply("yes", held.slots[PENDING], "affirm")
    assert confirmed.facts.budget is not None and confirmed.facts.budget.max == 50000
    corrected = reply("no, 5k a month", held.slots[PENDING], "deny")
    assert corrected.facts.budget is not None and corrected.facts.budget.period == "month"


async def test_the_question_after_a_stated_problem_thanks_them_for_it() -> None:
    """Found talking to it: a problem restated in answer to the role question got the role
    question again, reworded, with no sign it was heard."""
    said = "our real issue is that trade-show leads are never called back"

    def stated(asked: int) -> Tracker:
        t = tracker(said, "state_need", **{ASKED: {"job_title": asked}, "need": said})
        t.events = [
            {"event": "user", "text": said},
            {"event": "slot", "name": "need", "value": said},
        ]
        return t

    _, dispatcher = await run(ActionAskQuestion("job_title"), stated(0))
    assert dispatcher.messages[0]["text"] == "Thanks! What's your role?"
    _, dispatcher = await run(ActionAskQuestion("job_title"), stated(1))
    assert dispatcher.messages[0]["text"] == "Thanks! " + QUESTIONS["job_title"]["en"][1]
    # No problem stated this turn: the question alone.
    _, dispatcher = await run(ActionAskQuestion("job_title"), tracker("x"))
    assert dispatcher.messages[0]["text"] == "What's your role?"
    # The problem question skipped after two misses ("yes" to it): nothing to thank for.
    skipped = tracker("yes", "affirm")
    skipped.events = [
        {"event": "user", "text": "yes"},
        {"event": "slot", "name": "need", "value": SKIPPED},
    ]
    _, dispatcher = await run(ActionAskQuestion("job_title"), skipped)
    assert dispatcher.messages[0]["text"] == "What's your role?"
