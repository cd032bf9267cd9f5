"""The custom-action route the engine calls, driven with Rasa-shaped action calls."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from fastapi.testclient import TestClient

from bot.app import create_app
from bot.settings import Settings
from tests.unit.fake_engine import FakeEngine


@pytest.fixture
def client(settings: Settings) -> Iterator[TestClient]:
    with TestClient(
        create_app(settings, channels=[], engine_transport=FakeEngine().transport)
    ) as c:
        # The engine's calls carry its token (tests/security/test_engine_boundary.py).
        c.headers["Authorization"] = f"Bearer {settings.derived_secret('engine-actions')}"
        yield c


def action_call(
    text: str,
    *,
    slot: str | None = None,
    metadata: dict[str, Any] | None = None,
    action: str = "action_extract_facts",
) -> dict[str, Any]:
    return {
        "next_action": action,
        "sender_id": "conversation-1",
        "version": "3.6.21",
        "domain": {"slots": {"language": {"type": "categorical"}}},
        "tracker": {
            "sender_id": "conversation-1",
            "slots": {"language": slot},
            "latest_message": {
                "text": text,
                "intent": {},
                "entities": [],
                "metadata": metadata or {},
            },
            "events": [],
            "paused": False,
            "followup_action": None,
            "active_loop": {},
            "latest_action_name": "action_listen",
        },
    }


def test_the_language_slot_follows_the_app_resolved_language(client: TestClient) -> None:
    response = client.post("/webhook", json=action_call("ok", metadata={"language": "fr"}))
    assert response.status_code == 200
    assert response.json()["events"] == [
        {"event": "slot", "timestamp": None, "name": "language", "value": "fr"}
    ]


def test_without_metadata_the_action_detects_the_language_itself(client: TestClient) -> None:
    events = client.post("/webhook", json=action_call("Bonjour, je voudrais une démo")).json()
    assert events["events"][0]["value"] == "fr"


def test_an_unchanged_language_sets_nothing(client: TestClient) -> None:
    body = client.post("/webhook", json=action_call("hello there", slot="en")).json()
    assert body["events"] == []


def test_an_unknown_action_is_a_404(client: TestClient) -> None:
    response = client.post("/webhook", json=action_call("hi", action="action_nope"))
    assert response.status_code == 404
    assert response.json()["action_name"] == "action_nope"


def test_a_malformed_action_call_is_a_400(client: TestClient) -> None:
    response = client.post(
        "/webhook", content=b"{nope", headers={"content-type": "application/json"}
    )
    assert response.status_code == 400


def test_the_registered_actions_are_listed(client: TestClient) -> None:
    names = [a["name"] for a in client.get("/webhook/actions").json()]
    assert "action_extract_facts" in names
