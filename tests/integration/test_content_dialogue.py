"""Content questions through /api/chat with the real engine: cited answers, honest refusals,
answers in the middle of qualification, next-best offers and gated content."""

from __future__ import annotations

import pytest

from tests.assistant import Assistant
from tests.integration.test_qualification import lead_of, say

pytestmark = pytest.mark.integration


def test_an_english_question_gets_the_passage_and_its_source(assistant: Assistant) -> None:
    (reply,) = say(assistant, "content-en", "Do you integrate with Salesforce?")
    # The engine's REST channel sends each paragraph as a message of its own.
    assert "Salesforce connector syncs" in reply[0]
    assert reply[1] == (
        "Source: CRM and tool integrations — https://orbitly.example/docs/integrations"
    )


def test_a_french_question_answered_from_english_documentation_says_so(
    assistant: Assistant,
) -> None:
    (reply,) = say(assistant, "content-fr", "Est-ce que vous vous intégrez avec Salesforce ?")
    assert "(Cette réponse vient de notre documentation en anglais.)" in reply
    assert "Source : CRM and tool integrations — https://orbitly.example/docs/integrations" in reply


def test_a_question_the_library_cannot_answer_is_declined_honestly(assistant: Assistant) -> None:
    reply = assistant.chat("content-none", "Do you offer an on-premise version for mainframes?")
    first = reply["messages"][0]
    assert first["text"].startswith("I don't have a reliable answer")
    assert first["buttons"] == [{"title": "Talk to a person", "payload": "/request_human"}]


def test_a_question_in_the_middle_of_qualification_is_answered_then_it_resumes(
    assistant: Assistant,
) -> None:
    sender = "content-qualif"
    assert say(assistant, sender, "We need to automate our email follow-ups")[0] == [
        "Thanks! What's your role?"
    ]
    (reply,) = say(assistant, sender, "Is there a free trial?")
    assert "14-day free trial" in reply[0] and reply[1].startswith("Source: Orbitly pricing")
    # The question comes back reworded, not word for word (actions/questions.py).
    assert reply[-1] == "And what's your position in the company?"


def test_offers_never_repeat_and_a_gated_piece_records_its_event(assistant: Assistant) -> None:
    sender = "content-gated"
    replies = say(
        assistant,
        sender,
        "do you have a whitepaper on lead nurturing?",
        "/request_gated_content",
        "tom@quantumleap.co.uk",
        "yes",
        "do you have a whitepaper on lead nurturing?",
    )
    assert "I'll just need your email address" in replies[0][-1]
    assert "Done! Here is your access" in replies[3][0]
    assert not any("I can send you" in t for t in replies[4])  # offered once only
    lead = lead_of(assistant, sender)
    assert [e["type"] for e in lead["events"]] == ["whitepaper_download"]
    assert lead["scores"]["pain"] > 0


@pytest.mark.parametrize(
    ("sender", "text", "source"),
    [
        (
            "content-hello-fr",
            "Bonjour, quels sont vos tarifs ?",
            "Source : Tarifs et offres Orbitly",
        ),
        (
            "content-hello-en",
            "Hi there, is there a free trial?",
            "Source: Orbitly pricing and plans",
        ),
    ],
)
def test_a_greeting_followed_by_a_question_gets_the_answer(
    assistant: Assistant, sender: str, text: str, source: str
) -> None:
    (reply,) = say(assistant, sender, text)
    assert any(line.startswith(source) for line in reply), reply
