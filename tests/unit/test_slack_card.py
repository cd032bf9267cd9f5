"""The handoff card's fields: a number the prospect asked to be called on is shown."""

from __future__ import annotations

import json

from channels.slack.card import CardData, build_blocks


def card(**values: object) -> str:
    data = CardData(
        handoff_id=1, lead_id=2, reason="requested", status="open", channel="web",
        lead_url="http://127.0.0.1/console/leads/2", **values,  # type: ignore[arg-type]
    )  # fmt: skip
    return json.dumps(build_blocks(data))


def test_the_number_to_call_is_on_the_card_when_there_is_one() -> None:
    assert "*Phone*\\n+33612345678" in card(phone="+33612345678")
    assert "*Phone*" not in card()


def test_when_to_call_is_shown_with_the_number() -> None:
    assert "*Phone*\\n+33612345678\\nWhen: thursday afternoon" in card(
        phone="+33612345678", call_when="thursday afternoon"
    )
    assert "*Phone*\\n\\u2014\\nWhen: demain matin" in card(call_when="demain matin")  # no number
    assert "&lt;b&gt;" in card(call_when="<b>tomorrow</b>")  # their words, never markup


def test_the_seats_a_quote_asked_for_are_on_the_card_and_fields_stay_within_slacks_ten() -> None:
    assert "*Seats*\\n25 users" in card(seats=25)
    assert "*Seats*" not in card()
    data = CardData(
        handoff_id=1, lead_id=2, reason="quote_request", status="open", channel="web",
        lead_url="http://127.0.0.1/console/leads/2", phone="+33612345678", seats=25,
    )  # fmt: skip
    blocks = build_blocks(data)
    assert all(len(b.get("fields", [])) <= 10 for b in blocks)  # Slack refuses more


def test_a_withdrawn_handoff_says_so_and_offers_no_action() -> None:
    """The prospect asked not to be contacted before anyone claimed it."""
    data = CardData(
        handoff_id=1, lead_id=2, reason="requested", status="withdrawn", channel="web",
        lead_url="http://127.0.0.1/console/leads/2",
    )  # fmt: skip
    text = json.dumps(build_blocks(data))
    assert "asked not to be contacted" in text
    assert "handoff_claim" not in text and "handoff_verdict" not in text
