"""The core fallback: 'rephrase your question' only to a question."""

from __future__ import annotations

import pytest
from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions import create_actions
from actions.fallback import ActionDefaultFallback


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
