"""The thread notes of a handoff are queued as what happened and read as Slack text here."""

import pytest

from channels.slack.notes import note_text, prospect_text


def test_each_note_reads_as_before_the_rendering_moved_to_the_channel() -> None:
    assert note_text({"note": "claimed", "user_id": "U1"}) == (
        "<@U1> claimed this lead. Replies in this thread go to the prospect."
    )
    assert note_text({"note": "returned", "user_id": "U1"}) == (
        "<@U1> handed the conversation back to the bot."
    )
    assert note_text({"note": "reminder", "minutes": 15}) == (
        ":alarm_clock: Nobody has claimed this lead for 15 minutes."
    )
    assert note_text({"note": "escalation", "hours": 48, "owner": None}).startswith(
        ":rotating_light: No verdict after 48 hours. Nobody — Yes, Maybe or No?"
    )
    assert "<@U2> —" in note_text({"note": "escalation", "hours": 48, "owner": "U2"})


def test_a_buying_signal_on_a_lead_already_handed_over_reads_as_a_request() -> None:
    assert note_text({"note": "signal", "signal": "demo_request"}) == (
        ":calendar: The prospect asked for a demo: please follow up in this thread."
    )
    assert "asked for a quote" in note_text({"note": "signal", "signal": "quote_request"})


def test_a_row_queued_with_its_text_before_the_change_is_sent_as_it_was() -> None:
    assert note_text({"handoff_id": 1, "text": "old note"}) == "old note"


def test_an_unknown_note_is_an_error_not_an_empty_message() -> None:
    with pytest.raises(ValueError, match="unknown handoff note"):
        note_text({"note": "nonsense"})


def test_a_prospects_words_are_never_slack_markup() -> None:
    assert prospect_text("<!channel> hi <@U1>") == (
        ":speech_balloon: *Prospect:* &lt;!channel&gt; hi &lt;@U1&gt;"
    )
