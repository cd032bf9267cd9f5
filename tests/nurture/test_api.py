"""Through the app (a fake engine): "stop" in the widget is answered by the app in the
prospect's language and opts the lead out on every channel; the history marks a nurture
step; GET /api/nurture/stats and /enrolments are the admin's."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select

from bot.app import create_app
from bot.db.models import Conversation, Identity, Message
from bot.db.nurture_models import NurtureOptOut
from bot.services import services_of
from bot.settings import Settings
from channels.web import plugin as web
from tests.conftest import ADMIN_TOKEN
from tests.unit.fake_engine import FakeEngine
from tests.unit.visitors import as_visitor

AUTH = {"Authorization": f"Bearer {ADMIN_TOKEN}"}


@pytest.fixture
def engine() -> FakeEngine:
    return FakeEngine()


@pytest.fixture
def client(settings: Settings, engine: FakeEngine) -> Iterator[TestClient]:
    with TestClient(create_app(settings, channels=[web], engine_transport=engine.transport)) as c:
        yield c


async def _opt_outs(client: TestClient) -> list[tuple[str, str]]:
    async with services_of(client.app.state).sessions() as session:  # type: ignore[attr-defined]
        rows = await session.execute(select(NurtureOptOut.wording, NurtureOptOut.channel))
        return [tuple(r) for r in rows]  # type: ignore[misc]


def test_stop_in_the_widget_is_confirmed_in_french_and_never_reaches_the_engine(
    client: TestClient, engine: FakeEngine
) -> None:
    headers = as_visitor(client, "v-stop")
    first = client.post("/api/chat", json={"text": "Bonjour"}, headers=headers).json()
    reply = client.post("/api/chat", json={"text": "Arrêtez svp !"}, headers=headers).json()
    assert reply["messages"][0]["text"].startswith("C'est noté : nous ne vous enverrons plus")
    assert [p["message"] for p in engine.received] == ["Bonjour"]
    assert client.portal.call(_opt_outs, client) == [("Arrêtez svp !", "web")]  # type: ignore[union-attr]
    history = client.get("/api/chat/history", headers=headers).json()
    assert [m["text"] for m in history][-2] == "Arrêtez svp !"
    assert first["lead_id"] == reply["lead_id"]


def test_a_sentence_with_stop_in_it_goes_to_the_engine(
    client: TestClient, engine: FakeEngine
) -> None:
    headers = as_visitor(client, "v-not-stop")
    client.post("/api/chat", json={"text": "How do I stop losing leads?"}, headers=headers)
    assert [p["message"] for p in engine.received] == ["How do I stop losing leads?"]


def test_the_stats_and_enrolments_are_for_the_admin(client: TestClient) -> None:
    assert client.get("/api/nurture/stats").status_code == 401
    assert client.get("/api/nurture/enrolments?lead_id=1").status_code == 401
    body = client.get("/api/nurture/stats", headers=AUTH).json()
    assert [s["scenario"] for s in body["scenarios"]] == [
        "guide-follow-up",
        "mql-timeline",
        "pricing-check-in",
    ]
    assert body["scenarios"][0]["steps"] == []
    assert client.get("/api/nurture/enrolments?lead_id=1", headers=AUTH).json() == []
    assert client.get("/api/nurture/stats?since=2026-12-01", headers=AUTH).status_code == 200
    assert client.get("/api/nurture/stats?since=yesterday", headers=AUTH).status_code == 422


async def _conversation(client: TestClient, visitor: str) -> tuple[int, int]:
    async with services_of(client.app.state).sessions() as session, session.begin():  # type: ignore[attr-defined]
        found = (
            await session.execute(
                select(Conversation.id, Conversation.lead_id)
                .join(Identity, Identity.id == Conversation.identity_id)
                .where(Identity.external_id == visitor)
            )
        ).one()
        session.add(
            Message(
                conversation_id=found[0],
                direction="outbound",
                author="bot",
                text="<b>Here is a case study</b>",
                data={"nurture": {"scenario": "guide-follow-up", "step": 1}},
                status="sent",
            )
        )
        return found[0], found[1]


def test_the_history_marks_a_nurture_step_for_the_widgets_badge(client: TestClient) -> None:
    headers = as_visitor(client, "v-back")
    client.post("/api/chat", json={"text": "Hello"}, headers=headers)
    client.portal.call(_conversation, client, "v-back")  # type: ignore[union-attr]
    history = client.get("/api/chat/history", headers=headers).json()
    assert [m.get("nurture") for m in history] == [False, False, True]
    assert history[-1]["text"] == "<b>Here is a case study</b>"  # text, escaped by the widget
