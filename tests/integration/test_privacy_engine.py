"""Erasure with the real engine: its tracker store (Rasa's SQL store) loses the lead's
conversations too, and nothing of the lead is left in either database."""

from __future__ import annotations

import httpx
import pytest

from tests.assistant import ADMIN_TOKEN, Assistant

pytestmark = pytest.mark.integration
ADMIN = {"Authorization": f"Bearer {ADMIN_TOKEN}"}


def test_a_lead_is_erased_from_the_app_and_the_engine(assistant: Assistant) -> None:
    sender = "gdpr-visitor-7c1"
    marker = "Quokka-Industries"
    first = assistant.chat(sender, f"Hello, I work at {marker}")
    assistant.chat(sender, "Do you integrate with Salesforce?")
    lead_id = first["lead_id"]
    tracker_sender = f"conversation-{first['conversation_id']}"
    before = assistant.dump()
    assert marker in before and tracker_sender in before  # the engine keeps it on disk

    exported = httpx.get(f"{assistant.url}/api/leads/{lead_id}/export", headers=ADMIN).json()
    assert any(marker in str(e["data"]) for e in exported["engine_tracker_events"])

    erased = httpx.delete(f"{assistant.url}/api/leads/{lead_id}", headers=ADMIN)
    assert erased.status_code == 200, erased.text
    assert erased.json()["engine_tracker_events"] > 0
    after = assistant.dump()
    assert marker not in after and sender not in after and tracker_sender not in after
    # The engine carries on for everyone else.
    assert assistant.chat("gdpr-other-visitor", "hello")["messages"]
