import pytest

from nlu.language import detect, normalise_language_tag, resolve_language


@pytest.mark.parametrize(
    "text",
    [
        "Bonjour, j'aimerais connaître vos tarifs",
        "qu'est-ce que vous savez faire ?",
        "je voudrais parler à un commercial",
        "merci beaucoup",
        "C'est combien pour une équipe de 50 personnes ?",
        "salut",
        "non merci",
        "d'accord",
        "est-ce que tu es un robot ?",
    ],
)
def test_french_messages_are_detected_as_french(text: str) -> None:
    assert detect(text).language == "fr"


@pytest.mark.parametrize(
    "text",
    [
        "Hello, I'd like to know your pricing",
        "what can you do?",
        "I want to talk to a sales rep",
        "thanks a lot",
        "How much is it for a team of 50 people?",
        "hi there",
        "no thanks",
        "are you a bot?",
        "we're looking at onboarding tools",
    ],
)
def test_english_messages_are_detected_as_english(text: str) -> None:
    assert detect(text).language == "en"


@pytest.mark.parametrize(
    "text", ["ok", "super", "👍", "2025", "Orbitly", "cool", "hello", "Hello!", "hey"]
)
def test_messages_without_evidence_are_undecided(text: str) -> None:
    assert detect(text).language is None


def test_undecided_message_keeps_the_conversation_language() -> None:
    assert resolve_language("ok", current="fr") == "fr"
    assert resolve_language("ok", current="en") == "en"


def test_clear_message_switches_the_conversation_language() -> None:
    assert resolve_language("Hello, what can you do?", current="fr") == "en"


@pytest.mark.parametrize("text", ["Sales manager", "Head of marketing", "agent immobilier"])
def test_an_english_job_title_keeps_a_french_conversation_in_french(text: str) -> None:
    assert resolve_language(text, current="fr") == "fr"


def test_a_sentence_in_the_other_language_switches() -> None:
    assert resolve_language("sorry, can we switch to English?", current="fr") == "en"
    assert resolve_language("on peut continuer en français ?", current="en") == "fr"


@pytest.mark.parametrize(
    ("text", "current", "asked"),
    [
        # the language asked for, whatever the message is written in
        ("Hello, can we continue in French please?", "en", "fr"),
        ("Could you switch to French?", "en", "fr"),
        ("do you speak french?", "en", "fr"),
        ("Hi! Can we speak French?", "en", "fr"),
        ("tu peux me repondre en anglais stp ?", "fr", "en"),
        ("vous pouvez me repondre en anglais ?", "fr", "en"),
        ("parlez moi en anglais", "fr", "en"),
        ("passez en anglais", "fr", "en"),
        ("en anglais svp", "fr", "en"),
        ("english please", "fr", "en"),
        ("parlez-vous anglais ?", "fr", "en"),
        # a language named, nothing asked
        ("we write to French customers", "en", "en"),
        ("our customers speak French", "en", "en"),
        ("does the assistant answer in french?", "en", "en"),
        ("I want to talk to someone in French", "en", "en"),  # a person, not the language
        ("Can you answer in French if the user types in French?", "en", "en"),
        ("can you talk about pricing in English?", "fr", "en"),
        ("I'd prefer to continue in English", "fr", "en"),
        ("English, please", "fr", "en"),
        ("Could we do this in French instead?", "en", "fr"),
        ("I'd prefer French", "en", "fr"),
        ("je préfère l'anglais", "fr", "en"),
        ("I prefer French companies", "en", "en"),
        ("nos clients parlent anglais", "fr", "fr"),
        ("can we switch to french actually, my boss will read this", "en", "fr"),
        ("je prefere parler francais", "en", "fr"),
        ("on peut parler francais en fait ? je suis francais lol", "en", "fr"),
    ],
)
def test_a_language_asked_for_is_the_replys_in_either_language(
    text: str, current: str, asked: str
) -> None:
    """ "can we continue in French please?" was answered "let's continue in English", and
    "vous pouvez me répondre en anglais ?" opened a handoff."""
    assert resolve_language(text, current=current) == asked


def test_hello_on_a_french_page_is_answered_in_french() -> None:
    assert resolve_language("hello", hint="fr-FR") == "fr"  # as French chats often open
    assert resolve_language("hello", hint="en") == "en"
    assert resolve_language("hello, do you integrate with HubSpot?", hint="fr") == "en"


def test_new_conversation_starts_from_the_channel_hint_then_the_default() -> None:
    assert resolve_language("ok", hint="fr-CA") == "fr"
    assert resolve_language("ok", hint="de-DE", default="en") == "en"
    assert resolve_language("ok", default="fr") == "fr"


@pytest.mark.parametrize(
    ("tag", "expected"),
    [("fr", "fr"), ("FR-fr", "fr"), ("en_GB", "en"), ("de", None), ("", None), (None, None)],
)
def test_language_tags_are_normalised(tag: object, expected: str | None) -> None:
    assert normalise_language_tag(tag) == expected


@pytest.mark.parametrize("greeting", ["bjr", "slt"])
def test_french_chat_greetings_are_french(greeting: str) -> None:
    assert detect(greeting).language == "fr"


def test_a_language_asked_before_holds_until_another_is_asked() -> None:
    text = "Do you integrate with Salesforce and HubSpot?"
    assert resolve_language(text, current="fr") == "en"
    assert resolve_language(text, current="fr", asked_before=True) == "fr"
    assert resolve_language("english please", current="fr", asked_before=True) == "en"


def test_a_message_in_another_language_is_neither_french_nor_english() -> None:
    """German had been read as French ("es", an accent): the reply came in French."""
    german = (
        "Hallo, wir sind ein Maschinenbauer mit 300 Mitarbeitern. Gibt es eine deutsche Version?"
    )
    assert detect(german).language is None
    assert resolve_language(german, current=None, default="en") == "en"
    assert detect("una question: est-ce que vous avez une API ?").language == "fr"
