"""'Stop' in a prospect's own words, typos included; never a sentence that merely has it."""

import pytest

from bot.nurture.stop_words import distance, stop_request


@pytest.mark.parametrize(
    ("text", "language"),
    [
        ("stop", None),
        ("STOP!", None),
        ("Stop.", None),
        ("stpo", None),
        ("stopp", None),
        ("Stop please", "en"),
        ("stop merci", "fr"),
        ("arrête", "fr"),
        ("Arrêtez svp", "fr"),
        ("arrete", "fr"),
        ("arête", "fr"),
        ("arrêtez de m'écrire", "fr"),
        ("plus de messages", "fr"),
        ("Plus de message SVP", "fr"),
        ("je ne veux plus de messages", "fr"),
        ("désabonnez-moi", "fr"),
        ("unsubscribe", "en"),
        ("unsubscibe", "en"),
        ("Unsubscribe me please", "en"),
        ("stop sending me messages", "en"),
        ("stop sendig me mesages", "en"),
        ("no more messages please", "en"),
        ("opt out", "en"),
    ],
)
def test_a_request_to_stop_is_recognised(text: str, language: str | None) -> None:
    assert stop_request(text) == (True, language)


@pytest.mark.parametrize(
    "text",
    [
        "",
        "shop",
        "step",
        "top",
        "ok",
        "how do I stop losing leads?",
        "notre contrat s'arrête le 31 décembre",
        "we need to stop using spreadsheets before March",
        "stop " * 20,
        "pricing",
        "messages",
    ],
)
def test_other_messages_are_not(text: str) -> None:
    assert stop_request(text) == (False, None)


def test_distance_counts_a_swap_as_one_typo() -> None:
    assert distance("stpo", "stop", 2) == 1
    assert distance("abcdef", "uvwxyz", 2) == 3  # over the limit: limit + 1
