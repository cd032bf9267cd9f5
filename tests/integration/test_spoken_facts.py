"""An unscripted English conversation, replayed with the real engine: a company "called"
something, a title said as what the prospect runs, a price question for N seats (prices and
the handoff note), a budget volunteered as an amount per period while another question
waits, then corrected."""

from __future__ import annotations

import pytest

from tests.assistant import Assistant

pytestmark = pytest.mark.integration


def test_what_a_prospect_says_in_passing_is_kept(assistant: Assistant) -> None:
    sender = "en-spoken"
    turns = [
        "hey, do you integrate with pipedrive?",
        "cool. we're a small agency, ~35 ppl, called Fox & Wren Studio",
        "I run growth there",
        "honestly the problem is our leads go cold b/c nobody follows up fast enough",
        "what does it cost for like 5 users?",
        "we have maybe 300 a month for this",
        "sorry 3000 a month, not 300",
    ]
    replies = [[m["text"] for m in assistant.chat(sender, t)["messages"]] for t in turns]
    price_turn = " ".join(replies[4])
    assert "€49" in price_turn and "quote request" in price_turn  # the prices and the note
    for turn in replies[5:]:
        assert not any("rephrase" in text for text in turn), turn
    lead = assistant.lead(assistant.chat(sender, "next quarter ideally")["lead_id"])
    profile = lead["profile"]
    assert profile["company"] == "Fox & Wren Studio"
    assert profile["company_size"] == 35
    assert profile["job_title"] == "head of growth"
    assert profile["budget"]["max"] == 3000 and profile["budget"]["period"] == "month"
    assert profile["timeline_months"] is not None
