"""'Actually never mind' right after a request was passed on takes that request back; a
"no" anywhere else is acknowledged and takes nothing back."""

from __future__ import annotations

from typing import Any

import pytest
from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions.never_mind import ActionAcknowledgeNo


def said(reply: str) -> dict[str, object]:
    return {"event": "bot", "text": "…", "metadata": {"utter_action": reply}}


def asked(intent: str) -> dict[str, object]:
    return {"event": "user", "text": "…", "parse_data": {"intent": {"name": intent}}}


class Leads:
    def __init__(self) -> None:
        self.withdrawn: list[tuple[int, str]] = []

    async def withdraw_signal(self, lead_id: int, signal: str) -> bool:
        self.withdrawn.append((lead_id, signal))
        return True


def tracker(events: list[dict[str, object]], text: str = "actually never mind") -> Tracker:
    return Tracker(
        sender_id="c-1",
        slots={"language": "en", "contact_refused": None},
        latest_message={"text": text, "intent": {"name": "deny"}, "metadata": {"lead_id": 3}},
        events=[
            *events,
            {"event": "user", "text": text, "parse_data": {"intent": {"name": "deny"}}},
            {"event": "user_featurization"},  # as the engine records them
            {"event": "action", "name": "action_extract_facts"},
        ],
        paused=False,
        followup_action=None,
        active_loop={},
        latest_action_name="action_listen",
    )


@pytest.mark.parametrize(
    ("events", "replies", "withdrawn"),
    [
        (
            [asked("request_human"), said("utter_human_handoff")],
            ["utter_human_withdrawn"],
            [(3, "requested")],
        ),
        (
            [asked("request_demo"), said("utter_demo_requested")],
            ["utter_demo_withdrawn", "utter_withdrawal_passed_on"],
            [(3, "demo_request")],
        ),
        (
            [asked("request_quote"), said("utter_quote_requested_seats")],
            ["utter_quote_withdrawn", "utter_withdrawal_passed_on"],
            [(3, "quote_request")],
        ),
        # "Which number can they reach you on?" - "no": no number, the request stands
        (
            [asked("request_human"), said("utter_human_handoff_number"), "no"],
            ["utter_deny_ack"],
            [],
        ),
        # a question came between: the "no" answers it
        (
            [said("utter_human_handoff"), asked("ask_content"), said("utter_answer"), "no"],
            ["utter_deny_ack"],
            [],
        ),
        ([said("utter_greet")], ["utter_deny_ack"], []),
    ],
)
async def test_never_mind_right_after_a_request_takes_it_back(
    events: list[Any], replies: list[str], withdrawn: list[tuple[int, str]]
) -> None:
    leads, dispatcher = Leads(), CollectingDispatcher()
    text = events.pop() if isinstance(events[-1], str) else "actually never mind"
    await ActionAcknowledgeNo(leads, None).run(dispatcher, tracker(events, text), {})  # type: ignore[arg-type]
    assert [m["response"] for m in dispatcher.messages] == replies
    assert leads.withdrawn == withdrawn


@pytest.mark.parametrize(
    ("text", "withdrawn"),
    [
        (
            "en fait non laissez tomber, on a choisi un autre outil finalement",
            [(3, "quote_request")],
        ),
        ("actually forget it, we went with another vendor", [(3, "quote_request")]),
        ("no", []),  # to the question asked since: it answers that
    ],
)
async def test_giving_up_takes_back_the_latest_request_whatever_came_since(
    text: str, withdrawn: list[tuple[int, str]]
) -> None:
    events = [asked("request_quote"), said("utter_quote_requested"), asked("affirm")]
    events.append(said("utter_ask_company"))
    t = tracker(events, text)
    leads = Leads()
    await ActionAcknowledgeNo(leads, None).run(CollectingDispatcher(), t, {})  # type: ignore[arg-type]
    assert leads.withdrawn == withdrawn


async def test_email_me_instead_keeps_the_request_and_says_where_they_will_write() -> None:
    """ "actually no, dont call, email me instead: j@…" had withdrawn the person asked for."""
    leads = Leads()
    t = tracker(
        [asked("request_human"), said("utter_human_handoff_call")],
        "actually no, dont call, email me instead: j.smith@gmail.com",
    )
    t.slots.update({"email": "j.smith@gmail.com", "contact_consent": True})
    dispatcher = CollectingDispatcher()
    await ActionAcknowledgeNo(leads).run(dispatcher, t, {})  # type: ignore[arg-type]
    assert [m["response"] for m in dispatcher.messages] == ["utter_human_handoff_email"]
    assert leads.withdrawn == []
