"""The way a prospect would rather be contacted, said in passing: one set of phrasings for
every channel (actions/withdrawal.py)."""

import pytest

from actions.withdrawal import preferred_channel, refuses_contact, sets_phone_aside


@pytest.mark.parametrize(
    ("text", "channel"),
    [
        ("actually email me instead, sam@acme.com", "email"),
        ("dont call me, email is better", "email"),
        ("plutôt par mail svp", "email"),
        ("only by email please", "email"),
        ("je préfère le mail", "email"),
        ("call me instead", "phone"),
        ("plutôt par téléphone", "phone"),
        ("whatsapp is better for me", "phone"),
        ("my email is jo@acme.com", None),
        ("call me tomorrow", None),
    ],
)
def test_the_channel_preferred_is_read(text: str, channel: str | None) -> None:
    assert preferred_channel(text) == channel


@pytest.mark.parametrize(
    ("text", "aside"),
    [
        ("actually email me instead, sam@acme.com", True),
        ("only by email please", True),
        ("ne m'appelez pas, écrivez-moi", True),
        ("no calls before 2pm", False),
        ("ne m'appelez pas avant 14h", False),
        ("pas de mail, plutôt un appel", False),
        ("call me instead", False),
    ],
)
def test_the_number_is_set_aside_only_for_writing(text: str, aside: bool) -> None:
    assert sets_phone_aside(text) is aside


def test_another_way_asked_for_is_no_refusal() -> None:
    assert not refuses_contact("dont call me, email is better: leo@acme.com")
    assert refuses_contact("please dont contact me")
