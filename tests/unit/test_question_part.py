"""What the library is searched with when a message gives facts and asks a question."""

from __future__ import annotations

from datetime import date

import pytest

from nlu.extract.questions import asks_leave_to_ask, question_part

TODAY = date(2026, 12, 6)


@pytest.mark.parametrize(
    ("message", "searched"),
    [
        (
            "VP Sales at Northwind Logistics GmbH, 2000 employees. do you support SSO / SAML?",
            "do you support SSO / SAML?",
        ),
        ("budget 20k. Is there a free trial? We need it by March.", "Is there a free trial?"),
        (
            "Directrice marketing chez Lefort. Vous êtes conformes RGPD ?",
            "Vous êtes conformes RGPD ?",
        ),
        # Context for the question stays: it states nothing about the prospect.
        ("We use HubSpot. Do you integrate with it?", "We use HubSpot. Do you integrate with it?"),
        # One sentence, or no question: the whole message.
        ("we're 200 people, are you ISO certified?", "we're 200 people, are you ISO certified?"),
        ("We're 200 people. Budget 20k.", "We're 200 people. Budget 20k."),
    ],
)
def test_the_sentences_that_only_state_facts_are_left_out(message: str, searched: str) -> None:
    assert question_part(message, today=TODAY) == searched


def test_acronyms_are_read_as_the_library_spells_them_out() -> None:
    from nlu.content.analysis import expand_acronyms, terms

    assert expand_acronyms("is there SSO?") == "is there single sign-on?"
    assert set(terms("single sign-on")) <= set(terms("do you have sso"))


@pytest.mark.parametrize(
    ("text", "leave"),
    [
        ("hey! im a student writing my thesis on lead scoring, can i ask a few questions?", True),
        ("can I ask you something?", True),
        ("Bonjour, j'ai une petite question", True),
        ("puis-je vous poser quelques questions ?", True),
        ("quick q - do you do SSO?", False),  # the question is there
        ("I have a question about pricing", False),
        ("can i ask a question: is there SSO?", False),
    ],
)
def test_asking_leave_to_ask_is_no_question_yet(text: str, leave: bool) -> None:
    assert asks_leave_to_ask(text) is leave


@pytest.mark.parametrize(
    ("text", "alone"),
    [
        ("where is data hosted? we are a clinic, GDPR matters a lot", "where is data hosted?"),
        ("et c est heberge ou ? on est tres RGPD chez nous", "et c est heberge ou ?"),
        (
            "im a student writing a thesis, can u tell me how ur lead scoring works?",
            "can u tell me how ur lead scoring works?",
        ),
        ("We use HubSpot, do you integrate?", "do you integrate?"),
        ("no question here", "no question here"),
        # without a question mark, the clause that asks
        ("I work at HubSpot, just curious about your pricing", "just curious about your pricing"),
        ("je suis chez Acme, dites-moi vos tarifs", "dites-moi vos tarifs"),
    ],
)
def test_the_question_alone_leaves_out_the_context_around_it(text: str, alone: str) -> None:
    from nlu.content.asking import question_alone

    assert question_alone(text) == alone


@pytest.mark.parametrize(
    ("message", "stops", "searched"),
    [
        (
            "arrete de me poser des questions stp, je veux juste les prix",
            True,
            "je veux juste les prix",
        ),
        (
            "stop asking me questions, I just want info on pricing",
            True,
            "I just want info on pricing",
        ),
        ("enough questions. how much is it?", True, "how much is it?"),
        ("no more questions please", True, ""),
        ("I have a few questions", False, "I have a few questions"),
        ("what questions do you ask?", False, "what questions do you ask?"),
        # said of themselves, not asked
        (
            "our support team handles too many questions",
            False,
            "our support team handles too many questions",
        ),
        ("je n'ai pas de questions", False, "je n'ai pas de questions"),
        ("I have no more questions, thanks", False, "I have no more questions, thanks"),
    ],
)
def test_a_request_to_stop_the_questions_is_read_apart_from_what_it_asks(
    message: str, stops: bool, searched: str
) -> None:
    from nlu.extract.questions import asks_to_stop_questions, without_stop_request

    assert asks_to_stop_questions(message) is stops
    assert without_stop_request(message) == searched
