"""Handoff to Slack from real conversations: the engine, the app and `prospect run`, with
the real slack_sdk client posting to a local fake Slack Web API."""

from __future__ import annotations

import json

import pytest

from tests.assistant import Assistant
from tests.fakes.slack_api import FakeSlack
from tests.integration.test_qualification import lead_of, say

pytestmark = pytest.mark.integration


def cards_about(slack: FakeSlack, needle: str) -> list[dict[str, object]]:
    return [m for m in slack.posted(thread=False) if needle in json.dumps(m.get("blocks"))]


def test_asking_for_a_person_hands_the_lead_over_in_their_language(
    assistant: Assistant, slack: FakeSlack
) -> None:
    (reply,) = say(assistant, "fr-person", "Bonjour, je voudrais parler à un commercial")
    assert reply == [
        "C'est noté : une personne de notre équipe va vous rejoindre ici dès que possible."
    ]
    lead = lead_of(assistant, "fr-person")
    (handoff,) = lead["handoffs"]
    assert handoff["reason"] == "requested"
    slack.wait_for(
        lambda: any(
            "asked to talk to a person" in json.dumps(m.get("blocks"))
            and f"/console/leads/{lead['id']}" in json.dumps(m.get("blocks"))
            for m in slack.posted(thread=False)
        )
    )


def test_a_lead_that_turns_hot_in_conversation_gets_exactly_one_card(
    assistant: Assistant, slack: FakeSlack
) -> None:
    say(
        assistant,
        "en-hot-card",
        "We waste hours every week qualifying leads by hand",
        "CMO at Brightwave, 300 people, budget 60k per year, need it in 2 months",
        "maria@brightwave.io",
        "yes",
        "Do you integrate with Salesforce?",
    )
    slack.wait_for(lambda: len(cards_about(slack, "maria@brightwave.io")) >= 1)
    lead = lead_of(assistant, "en-hot-card")
    assert lead["stage"] == "sdr_ready"
    assert [h["reason"] for h in lead["handoffs"]] == ["sdr_ready"]
    assert len(cards_about(slack, "maria@brightwave.io")) == 1
