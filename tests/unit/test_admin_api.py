"""GET /api/leads/{id}: bearer token, 404, transcript."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient

from bot.app import create_app
from bot.settings import Settings
from channels.web import plugin as web
from tests.conftest import ADMIN_TOKEN
from tests.unit.fake_engine import FakeEngine
from tests.unit.visitors import as_visitor


@pytest.fixture
def client(settings: Settings) -> Iterator[TestClient]:
    with TestClient(
        create_app(settings, channels=[web], engine_transport=FakeEngine().transport)
    ) as c:
        yield c


AUTH = {"Authorization": f"Bearer {ADMIN_TOKEN}"}


@pytest.mark.parametrize(
    "headers", [{}, {"Authorization": "Bearer wrong"}, {"Authorization": ADMIN_TOKEN}]
)
def test_the_admin_api_refuses_a_missing_or_wrong_token(
    client: TestClient, headers: dict[str, str]
) -> None:
    response = client.get("/api/leads/1", headers=headers)
    assert response.status_code == 401
    assert "ADMIN_TOKEN" in response.json()["detail"]


def test_an_unknown_lead_is_a_404(client: TestClient) -> None:
    response = client.get("/api/leads/999", headers=AUTH)
    assert response.status_code == 404
    assert response.json() == {"detail": "no lead with id 999"}


def test_the_lead_shows_its_identity_and_full_transcript_in_order(client: TestClient) -> None:
    lead_id = client.post(
        "/api/chat", json={"text": "bonjour"}, headers=as_visitor(client, "v-9")
    ).json()["lead_id"]
    client.post("/api/chat", json={"text": "merci beaucoup"}, headers=as_visitor(client, "v-9"))

    lead = client.get(f"/api/leads/{lead_id}", headers=AUTH).json()

    assert lead["identities"] == [{"channel": "web", "external_id": "v-9"}]
    assert lead["language"] == "fr"
    (conversation,) = lead["conversations"]
    assert [(m["author"], m["text"]) for m in conversation["messages"]] == [
        ("prospect", "bonjour"),
        ("bot", "echo: bonjour"),
        ("prospect", "merci beaucoup"),
        ("bot", "echo: merci beaucoup"),
    ]


def test_health_reports_the_engine_state(client: TestClient) -> None:
    assert client.get("/health").json() == {"status": "ok", "engine": "up", "channels": ["web"]}
