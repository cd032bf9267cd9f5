"""POST /api/chat with a fake engine: storage order, replies, errors, engine outages."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy.engine import make_url

from bot.app import create_app
from bot.settings import Settings
from channels.web import plugin as web
from tests.conftest import ADMIN_TOKEN
from tests.unit.fake_engine import FakeEngine
from tests.unit.visitors import as_visitor


def stored_messages(settings: Settings) -> list[tuple[str, str, str, str]]:
    path = make_url(settings.database_url).database
    assert path
    with sqlite3.connect(path) as db:
        return db.execute(
            "SELECT direction, author, text, status FROM messages ORDER BY id"
        ).fetchall()


@pytest.fixture
def engine() -> FakeEngine:
    return FakeEngine()


@pytest.fixture
def client(settings: Settings, engine: FakeEngine) -> Iterator[TestClient]:
    app = create_app(settings, channels=[web], engine_transport=engine.transport)
    with TestClient(app) as c:
        yield c


def chat(client: TestClient, text: str, sender: str = "visitor-1", **extra: Any) -> Any:
    return client.post(
        "/api/chat", json={"text": text, **extra}, headers=as_visitor(client, sender)
    )


def test_the_prospect_message_is_stored_before_the_engine_is_called(
    client: TestClient, engine: FakeEngine, settings: Settings
) -> None:
    seen_at_call_time: list[list[tuple[str, str, str, str]]] = []
    engine.on_request = lambda _payload: seen_at_call_time.append(stored_messages(settings))

    response = chat(client, "Hello there")

    assert response.status_code == 200
    assert seen_at_call_time == [[("inbound", "prospect", "Hello there", "received")]]


def test_replies_are_returned_and_stored_with_their_buttons(
    client: TestClient, engine: FakeEngine, settings: Settings
) -> None:
    engine.replies = lambda p: [
        {"recipient_id": p["sender"], "text": "Hi!"},
        {"text": "Pick one", "buttons": [{"title": "Yes", "payload": "/affirm"}]},
    ]
    body = chat(client, "hello").json()

    assert body["messages"] == [
        {"text": "Hi!", "buttons": [], "custom": None},
        {"text": "Pick one", "buttons": [{"title": "Yes", "payload": "/affirm"}], "custom": None},
    ]
    assert stored_messages(settings) == [
        ("inbound", "prospect", "hello", "answered"),
        ("outbound", "bot", "Hi!", "sent"),
        ("outbound", "bot", "Pick one", "sent"),
    ]
    lead = client.get(
        f"/api/leads/{body['lead_id']}", headers={"Authorization": f"Bearer {ADMIN_TOKEN}"}
    ).json()
    assert lead["conversations"][0]["messages"][2]["buttons"] == [
        {"title": "Yes", "payload": "/affirm"}
    ]


def test_the_engine_gets_the_conversation_sender_and_the_resolved_language(
    client: TestClient, engine: FakeEngine
) -> None:
    body = chat(client, "Bonjour, je voudrais vos tarifs").json()

    assert body["language"] == "fr"
    (payload,) = engine.received
    assert payload["sender"] == f"conversation-{body['conversation_id']}"
    assert payload["metadata"]["language"] == "fr"
    assert payload["metadata"]["channel"] == "web"


def test_a_language_asked_for_holds_whatever_the_prospect_writes_in(
    client: TestClient, engine: FakeEngine
) -> None:
    assert chat(client, "Hello, what do you do?", sender="ana").json()["language"] == "en"
    asked = chat(client, "can we continue in French please?", sender="ana").json()
    after = chat(client, "Do you integrate with Salesforce and HubSpot?", sender="ana").json()
    back = chat(client, "english please", sender="ana").json()
    then = chat(client, "Bonjour, vous faites des remises pour les associations ?", sender="ana")

    assert [asked["language"], after["language"], back["language"]] == ["fr", "fr", "en"]
    assert then.json()["language"] == "en"
    assert engine.received[2]["metadata"]["language"] == "fr"


def test_one_sender_keeps_one_lead_and_conversation(client: TestClient) -> None:
    first = chat(client, "hello", sender="alice").json()
    second = chat(client, "what can you do?", sender="alice").json()
    other = chat(client, "hello", sender="bob").json()

    assert (first["lead_id"], first["conversation_id"]) == (
        second["lead_id"],
        second["conversation_id"],
    )
    assert other["lead_id"] != first["lead_id"]


@pytest.mark.parametrize(
    ("text", "reply_start"),
    [("Bonjour, vous êtes là ?", "Désolé"), ("Hello, are you there?", "Sorry")],
)
def test_engine_down_gives_a_polite_reply_in_the_prospect_language_and_keeps_the_message(
    client: TestClient, engine: FakeEngine, settings: Settings, text: str, reply_start: str
) -> None:
    engine.down = True

    response = chat(client, text)

    assert response.status_code == 200
    (message,) = response.json()["messages"]
    assert message["text"].startswith(reply_start)
    assert stored_messages(settings)[0] == ("inbound", "prospect", text, "engine_unavailable")
    assert stored_messages(settings)[1][:2] == ("outbound", "system")


def test_a_slow_engine_counts_as_unavailable(
    client: TestClient, engine: FakeEngine, settings: Settings
) -> None:
    engine.delay = settings.engine_timeout + 0.5

    response = chat(client, "hello, anyone?")

    assert response.status_code == 200
    assert response.json()["messages"][0]["text"].startswith("Sorry")


def test_an_engine_error_counts_as_unavailable(client: TestClient, engine: FakeEngine) -> None:
    engine.status = 500
    assert chat(client, "hello").json()["messages"][0]["text"].startswith("Sorry")


def test_empty_text_is_refused_with_a_clear_message(client: TestClient, settings: Settings) -> None:
    response = chat(client, "   ")
    assert response.status_code == 422
    assert "text must not be empty" in response.json()["error"]
    assert stored_messages(settings) == []


def test_text_over_the_limit_is_refused(client: TestClient, settings: Settings) -> None:
    response = chat(client, "x" * (settings.max_message_chars + 1))
    assert response.status_code == 413
    assert f"the limit is {settings.max_message_chars}" in response.json()["detail"]


@pytest.mark.parametrize("headers", [{"content-type": "application/json"}, {}])
def test_malformed_json_is_a_400(client: TestClient, headers: dict[str, str]) -> None:
    headers = {**headers, **as_visitor(client, "a")}
    response = client.post("/api/chat", content=b'{"text": ', headers=headers)
    assert response.status_code == 400
    assert response.json() == {"error": "request body is not valid JSON"}


def test_a_message_without_a_visitor_token_is_a_401_that_says_how_to_get_one(
    client: TestClient,
) -> None:
    response = client.post("/api/chat", json={"sender": "visitor-1", "text": "hello"})
    assert response.status_code == 401
    assert "POST /api/chat/session" in response.json()["detail"]
    assert "X-Visitor-Token" in response.json()["detail"]
