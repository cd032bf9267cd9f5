"""The core fallback: 'rephrase your question' only to a question."""

from __future__ import annotations

from pathlib import Path

import pytest
from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions import create_actions
from actions.content import ActionAnswerContent
from actions.fallback import ActionDefaultFallback
from nlu.content.search import ContentSearch

LIBRARY = Path(__file__).resolve().parents[2] / "bot" / "content" / "library"


def tracker(text: str) -> Tracker:
    return Tracker(
        sender_id="c-1",
        slots={"language": "en"},
        latest_message={"text": text, "intent": {"name": "inform", "confidence": 0.5}},
        events=[],
        paused=False,
        followup_action=None,
        active_loop={},
        latest_action_name="action_listen",
    )


@pytest.mark.parametrize(
    ("text", "response"),
    [
        ("we have maybe 300 a month for this", "utter_please_rephrase"),
        ("sorry 3000 a month, not 300", "utter_please_rephrase"),
        ("on a un petit souci", "utter_please_rephrase"),
        ("what about the thing?", "utter_default"),
        ("how does that work with the other one", "utter_default"),
        ("combien pour nous", "utter_default"),
    ],
)
async def test_a_statement_is_not_asked_to_rephrase_its_question(text: str, response: str) -> None:
    dispatcher = CollectingDispatcher()
    events = await ActionDefaultFallback().run(dispatcher, tracker(text), {})
    assert [m["response"] for m in dispatcher.messages] == [response]
    assert events == [{"event": "rewind", "timestamp": None}]  # the message is forgotten


def test_the_fallback_is_served_by_the_app() -> None:
    assert "action_default_fallback" in {a.name() for a in create_actions(None)}


@pytest.mark.parametrize(
    ("text", "language", "expected"),
    [
        ("how much is it?", "en", "€49"),
        ("c'est combien ?", "fr", "49 €"),
        ("hmm ok. where is the data hosted", "en", "European Union"),  # no "?", after "ok."
    ],
)
async def test_a_question_the_library_answers_is_answered_not_asked_again(
    text: str, language: str, expected: str
) -> None:
    """'how much is it?' where no rule expected a question: the prices and their source,
    then the message is forgotten as before (the form asks its question again)."""
    content = ContentSearch(LIBRARY, embedder=None)
    action = ActionDefaultFallback(content, ActionAnswerContent(content))
    dispatcher = CollectingDispatcher()
    t = tracker(text)
    t.slots["language"] = language
    events = await action.run(dispatcher, t, {})
    said = [m.get("text") or m.get("response") for m in dispatcher.messages]
    assert expected in str(said[0]) and "orbitly.example" in str(said[0])
    assert "utter_default" not in said
    assert events[-1] == {"event": "rewind", "timestamp": None}


async def test_a_question_the_library_cannot_answer_is_asked_again() -> None:
    content = ContentSearch(LIBRARY, embedder=None)
    action = ActionDefaultFallback(content, ActionAnswerContent(content))
    dispatcher = CollectingDispatcher()
    await action.run(dispatcher, tracker("how much does a Tesla cost?"), {})
    assert [m["response"] for m in dispatcher.messages] == ["utter_default"]


async def test_a_customer_asking_is_answered_then_told_who_helps_customers() -> None:
    content = ContentSearch(LIBRARY, embedder=None)
    t = tracker("hi im an existing customer, do you integrate with salesforce?")
    t.latest_message["intent"] = {"name": "ask_content", "confidence": 0.9}
    t.events = [
        {"event": "user", "text": t.latest_message["text"]},
        {"event": "slot", "name": "disqualified", "value": "customer"},
    ]
    dispatcher = CollectingDispatcher()
    await ActionAnswerContent(content).run(dispatcher, t, {})
    said = [m.get("text") or m.get("response") for m in dispatcher.messages]
    assert "Salesforce" in str(said[0]) and said[-1] == "utter_customer_support"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("ok et vous gerez les leads qui viennent de seloger ?", "pas de réponse fiable"),
        ("et c'est combien ?", "49 €"),
    ],
)
async def test_a_question_in_the_form_is_answered_then_the_question_comes_back(
    text: str, expected: str
) -> None:
    """Found in a French chat: read as a need (0.59) the form could not file, it got "Pouvez-
    vous reformuler votre question ?" and the pending question was never asked again."""
    content = ContentSearch(LIBRARY, embedder=None)
    action = ActionDefaultFallback(content, ActionAnswerContent(content))
    t = tracker(text)
    t.slots |= {"language": "fr", "requested_slot": "need"}
    t.latest_message["intent"] = {"name": "state_need", "confidence": 0.59}
    t.active_loop = {"name": "qualification_form"}
    t.events = [
        {"event": "slot", "name": "question_misses", "value": {"company": 1}},
        {"event": "user", "text": text},
        {"event": "slot", "name": "question_misses", "value": {"company": 1, "need": 1}},
    ]
    dispatcher = CollectingDispatcher()
    events = await action.run(dispatcher, t, {})
    assert expected in str(dispatcher.messages[0].get("text"))
    assert {"event": "rewind", "timestamp": None} not in events
    slots = {e["name"]: e["value"] for e in events if e["event"] == "slot"}
    assert slots["question_misses"] == {"company": 1}  # their question is no miss
    assert events[-1]["event"] == "followup" and events[-1]["name"] == "qualification_form"


@pytest.mark.parametrize(
    ("text", "language", "expected"),
    [
        ("c est quoi votre politique rgpd ?", "fr", "DPA"),
        ("what does your product do?", "en", "marketing-automation platform"),
        ("vous faites quoi exactement ?", "fr", "plateforme d'automatisation marketing"),
        # found in review: the search finds some page at full confidence for these too
        ("what is your solution?", "en", "marketing-automation platform"),
        ("what do you offer?", "en", "marketing-automation platform"),
        ("what is your tool?", "en", "marketing-automation platform"),
        ("quelle est votre solution ?", "fr", "plateforme d'automatisation marketing"),
        ("que proposez-vous ?", "fr", "plateforme d'automatisation marketing"),
    ],
)
async def test_a_question_taken_for_the_product_s_names_its_subject(
    text: str, language: str, expected: str
) -> None:
    """Found in a French chat: "c est quoi votre politique rgpd ?" (ask_product at 0.57) was
    answered with what the product is."""
    t = tracker(text)
    t.slots["language"] = language
    t.latest_message["intent"] = {"name": "ask_product", "confidence": 0.57}
    dispatcher = CollectingDispatcher()
    await ActionAnswerContent(ContentSearch(LIBRARY)).run(dispatcher, t, {})
    assert expected in str(dispatcher.messages[0].get("text"))


async def test_a_question_skipped_for_the_second_miss_it_was_not_comes_back() -> None:
    """Found in review: on a second miss, the question had been skipped; the fallback
    restored the misses but the question stayed skipped and never came back."""
    content = ContentSearch(LIBRARY, embedder=None)
    action = ActionDefaultFallback(content, ActionAnswerContent(content))
    text = "ok et vous gerez les leads qui viennent de seloger ?"
    t = tracker(text)
    t.slots |= {"language": "fr", "requested_slot": "need", "need": "skipped"}
    t.latest_message["intent"] = {"name": "state_need", "confidence": 0.59}
    t.active_loop = {"name": "qualification_form"}
    t.events = [
        {"event": "slot", "name": "question_misses", "value": {"need": 1}},
        {"event": "user", "text": text},
        {"event": "slot", "name": "question_misses", "value": {"need": 2}},
        {"event": "slot", "name": "need", "value": "skipped"},
    ]
    events = await action.run(CollectingDispatcher(), t, {})
    slots = {e["name"]: e["value"] for e in events if e["event"] == "slot"}
    assert slots["question_misses"] == {"need": 1} and slots["need"] is None
