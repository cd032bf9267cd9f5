"""The words that make a company cue someone else's ("ask for Helen") are looked for just
before the cue, not from the text's start (quadratic: "at " x 4000 took 12 s)."""

from __future__ import annotations

from nlu.extract import company
from nlu.extract.company import NOT_A_CUE_WINDOW, extract_company


def test_a_long_adversarial_input_gives_what_it_gave() -> None:
    assert extract_company("at " * 4000) is None
    assert extract_company("at " * 4000 + "I work at Acme Corp") == "Acme Corp"
    assert extract_company("ask " * 3000 + "for Helen") is None
    assert extract_company("we are looking for Acme") is None
    assert extract_company("I work for Acme") == "Acme"


def test_the_search_looks_only_at_a_window_before_the_cue() -> None:
    text = "please ask for Helen"
    assert company._not_a_cue(text, text.index("for"))
    far = "ask" + " " * NOT_A_CUE_WINDOW + "for Helen"
    assert not company._not_a_cue(far, far.index("for"))
    # The window starts inside the text, yet a word cut by it is not taken for a whole one.
    cut = "x" * 50 + "task for Helen"
    assert not company._not_a_cue(cut, cut.index("for"))
    calls: list[tuple[int, int]] = []

    class Spy:
        def search(self, text: str, pos: int, endpos: int) -> None:
            calls.append((pos, endpos))

    real = company._NOT_A_CUE_AFTER
    company._NOT_A_CUE_AFTER = Spy()  # type: ignore[assignment]
    try:
        company._not_a_cue("at " * 100, 297)
    finally:
        company._NOT_A_CUE_AFTER = real
    assert calls == [(297 - NOT_A_CUE_WINDOW, 297)]


def test_a_cue_in_a_question_is_no_company_whatever_the_text_around() -> None:
    assert extract_company("do you integrate with Okta?") is None
    assert extract_company("I work at Okta. do you integrate with Slack?") == "Okta"
    assert extract_company("do you work with Okta? we are at Acme") == "Acme"
    asks = company._questions("with Okta? at Acme. with Slack")
    assert [asks(i) for i in (0, 11, 20)] == [True, False, False]
