"""A greeting after a person was promised says the person is coming, not the welcome."""

from __future__ import annotations

import pytest
from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions import ActionGreet
from bot.settings import PROJECT_ROOT

LIBRARY = PROJECT_ROOT / "bot" / "content" / "library"


def said(reply: str) -> dict[str, object]:
    return {"event": "bot", "text": "…", "metadata": {"utter_action": reply}}


def tracker(events: list[dict[str, object]]) -> Tracker:
    return Tracker(
        sender_id="c-1",
        slots={"language": "en"},
        latest_message={"text": "hello? anyone there?", "intent": {"name": "greet"}},
        events=[*events, {"event": "user", "text": "hello? anyone there?"}],
        paused=False,
        followup_action=None,
        active_loop={},
        latest_action_name="action_listen",
    )


@pytest.mark.parametrize(
    ("events", "reply"),
    [
        ([], "utter_greet"),
        ([said("utter_greet")], "utter_greet"),
        ([said("utter_human_handoff")], "utter_person_coming"),
        ([said("utter_demo_requested_written")], "utter_person_coming"),
        ([said("utter_quote_requested"), said("utter_contact_refused")], "utter_greet"),
    ],
)
async def test_a_greeting_says_the_person_is_coming_once_one_was_promised(
    events: list[dict[str, object]], reply: str
) -> None:
    dispatcher = CollectingDispatcher()
    await ActionGreet().run(dispatcher, tracker(events), {})
    assert [m["response"] for m in dispatcher.messages] == [reply]


def test_an_unanswered_question_offers_no_second_person_once_one_was_promised() -> None:
    """After a handoff, a later unanswered question still offered "Talk to a person"."""
    from actions.content import utter_unanswered

    dispatcher = CollectingDispatcher()
    utter_unanswered(dispatcher, "en", waiting=True)
    assert not dispatcher.messages[0]["buttons"]
    assert "who has your request" in dispatcher.messages[0]["text"]
    dispatcher = CollectingDispatcher()
    utter_unanswered(dispatcher, "fr")
    assert dispatcher.messages[0]["buttons"]


async def test_a_hello_from_a_job_seeker_is_answered_as_one() -> None:
    """ "bonjour je cherche un emploi chez vous, vous recrutez ?" had only the welcome."""
    t = tracker([])
    t.events.append({"event": "slot", "name": "disqualified", "value": "job_seeker"})
    dispatcher = CollectingDispatcher()
    await ActionGreet().run(dispatcher, t, {})
    assert [m["response"] for m in dispatcher.messages] == ["utter_job_seeker_thanks"]


@pytest.mark.parametrize(
    ("text", "answered"),
    [
        ("bonjour, vous avez une plaquette ?", True),
        ("hi there, do you integrate with pipedrive?", True),
        ("hello? anyone there?", False),
        ("bonjour, il y a quelqu un ?", False),
        ("salut ça va ?", False),
        ("hi, how are you?", False),
        ("bonjour !", False),
        # small talk (found in review: answered from the library)
        ("hi, what's up?", False),
        ("hi! who am I talking to?", False),
        ("bonjour, à qui je parle ?", False),
        ("coucou, quoi de beau ?", False),
        ("bonjour, vous pouvez me rappeler ?", False),
    ],
)
async def test_a_greeting_that_asks_something_is_answered(text: str, answered: bool) -> None:
    """Found in the widget: "bonjour, vous avez une plaquette ?" (greet) had the welcome
    alone, and the question was lost."""
    from actions.content import ActionAnswerContent
    from nlu.content.search import ContentSearch

    t = tracker([])
    t.latest_message["text"] = text
    dispatcher = CollectingDispatcher()
    await ActionGreet(ActionAnswerContent(ContentSearch(LIBRARY, embedder=None))).run(
        dispatcher, t, {}
    )
    welcomed = [m.get("response") for m in dispatcher.messages] == ["utter_greet"]
    assert welcomed is not answered
