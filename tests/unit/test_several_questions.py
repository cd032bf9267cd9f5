"""Two questions in one message are each answered; the section of a document that holds
the question's words answers it."""

from __future__ import annotations

from pathlib import Path

import pytest

from nlu.content.search import ContentSearch
from nlu.content.several import questions_in

LIBRARY = Path(__file__).resolve().parents[2] / "bot" / "content" / "library"


@pytest.fixture(scope="module")
def search() -> ContentSearch:
    return ContentSearch(LIBRARY)


@pytest.mark.parametrize(
    ("text", "parts"),
    [
        (
            "do you integrate with salesforce and pipedrive? also are you gdpr compliant?",
            ["do you integrate with salesforce and pipedrive?", "also are you gdpr compliant?"],
        ),
        (
            "vous etes certifies ISO 27001 ? et vous signez un DPA ?",
            ["vous etes certifies ISO 27001 ?", "et vous signez un DPA ?"],
        ),
        (
            "how do you delete data, and how long are backups kept?",
            ["how do you delete data", "and how long are backups kept?"],
        ),
        # round 5: the second opened without a comma; a price asked in two words
        ("c combien et vous etes heberges ou ?", ["c combien", "et vous etes heberges ou ?"]),
        (
            "can u tell me how your scoring works and whether it supports french?",
            ["can u tell me how your scoring works", "and whether it supports french?"],
        ),
        # one question: a subject with "and", a short tail, a preamble
        ("do you integrate with salesforce and pipedrive?", None),
        ("how much? for 10 users", None),
        ("Before I answer anything: do you integrate with Salesforce?", None),
    ],
)
def test_the_questions_of_a_message(text: str, parts: list[str] | None) -> None:
    assert questions_in(text) == (parts or [text])


def test_each_question_is_answered_from_its_own_section(search: ContentSearch) -> None:
    answers = search.ask_each(
        "do you integrate with salesforce and pipedrive? also are you gdpr compliant?",
        language="en",
    )
    assert [a.document.id for a in answers if a.document] == ["en/integrations", "en/security"]
    assert "data processing agreement" in answers[1].answer


def test_one_question_answered_alone_when_the_other_is_not(search: ContentSearch) -> None:
    answers = search.ask_each(
        "do you integrate with salesforce? also what's the weather like in Paris today?",
        language="en",
    )
    assert len(answers) == 1


def test_the_section_holding_the_words_answers(search: ContentSearch) -> None:
    """The model ranked the single sign-on section first; the title, "Security and GDPR",
    is every section's."""
    answer = search.ask("are you gdpr compliant?", language="en")
    assert answer.document is not None and answer.document.id == "en/security"
    assert "data processing agreement" in answer.answer
