"""The actions offer slots through the MeetingDesk port: on a demo request and when the
qualification ends SDR-ready; never to a lead who said they will never buy, nor on a quote."""

from __future__ import annotations

from typing import Any

import pytest

from actions import ActionBuyingSignal, ActionQualificationDone, LeadStatus
from tests.unit.test_qualification_actions import FakeLeads, run, tracker


class RecordingDesk:
    """The port's contract, recorded: what the app's MeetingDesk would be asked."""

    def __init__(self) -> None:
        self.asked: list[tuple[int, str, str]] = []

    async def offer(self, lead_id: int, sender_id: str, language: str) -> str | None:
        self.asked.append((lead_id, sender_id, language))
        return f"slots for lead {lead_id} in {language}"


class SignalLeads(FakeLeads):
    def __init__(self, *, disqualified: bool = False) -> None:
        super().__init__()
        self.disqualified = disqualified

    async def buying_signal(self, lead_id: int, signal: str, *, idempotency_key: str) -> Any:
        return LeadStatus(stage="lead", score=0, sdr_ready=False, disqualified=self.disqualified)


@pytest.mark.parametrize(("hot", "offered"), [(True, True), (False, False)])
async def test_an_sdr_ready_end_of_qualification_offers_slots(hot: bool, offered: bool) -> None:
    desk = RecordingDesk()
    _, dispatcher = await run(
        ActionQualificationDone(FakeLeads(sdr_ready=hot), desk), tracker("ok")
    )
    texts = [m.get("text") for m in dispatcher.messages if m.get("text")]
    assert texts == (["slots for lead 7 in en"] if offered else [])
    assert desk.asked == ([(7, "conversation-1", "en")] if offered else [])


@pytest.mark.parametrize(
    ("intent", "disqualified", "language", "expected"),
    [
        ("request_demo", False, "fr", {"text": "slots for lead 7 in fr"}),
        ("request_demo", True, "en", {"response": "utter_not_for_sales"}),
        ("request_quote", False, "en", {"response": "utter_quote_requested"}),
    ],
)
async def test_a_demo_request_offers_slots(
    intent: str, disqualified: bool, language: str, expected: dict[str, str]
) -> None:
    desk = RecordingDesk()
    action = ActionBuyingSignal(SignalLeads(disqualified=disqualified), None, desk)
    _, dispatcher = await run(action, tracker("a demo?", intent=intent, language=language))
    last = dispatcher.messages[-1]
    assert {k: last.get(k) for k in expected} == expected
