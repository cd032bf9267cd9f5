"""Issue 13 #7: twenty first messages at once from one new visitor make one identity, one
lead and one conversation (the engine's dialogue state is not split between several)."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator

import httpx
import pytest
import sqlalchemy as sa
from fastapi.testclient import TestClient

from bot.app import create_app
from bot.db.session import sync_url
from bot.settings import Settings
from channels.web import plugin as web
from tests.assistant import Assistant
from tests.conftest import ADMIN_TOKEN
from tests.unit.fake_engine import FakeEngine

BURST = 20


@pytest.fixture
def client(settings: Settings) -> Iterator[TestClient]:
    app = create_app(settings, channels=[web], engine_transport=FakeEngine().transport)
    with TestClient(app) as c:
        yield c


def counts(database_url: str, sender: str) -> tuple[int, int, int]:
    """(identities, leads, conversations) of the web visitor `sender`."""
    engine = sa.create_engine(sync_url(database_url))
    try:
        with engine.connect() as db:
            row = db.execute(
                sa.text(
                    "SELECT COUNT(DISTINCT i.id), COUNT(DISTINCT i.lead_id), COUNT(DISTINCT c.id) "
                    "FROM identities i LEFT JOIN conversations c ON c.identity_id = i.id "
                    "WHERE i.channel = 'web' AND i.external_id = :sender"
                ),
                {"sender": sender},
            ).one()
    finally:
        engine.dispose()
    return int(row[0]), int(row[1]), int(row[2])


def test_a_burst_of_first_messages_makes_one_conversation(
    client: TestClient, settings: Settings
) -> None:
    async def burst() -> list[httpx.Response]:
        transport = httpx.ASGITransport(app=client.app)
        async with httpx.AsyncClient(transport=transport, base_url="http://app") as http:
            return await asyncio.gather(*(
                http.post("/api/chat", json={"sender": "racing-visitor", "text": f"hi {n}"})
                for n in range(BURST)
            ))  # fmt: skip

    responses = client.portal.call(burst)  # type: ignore[union-attr]
    assert [r.status_code for r in responses] == [200] * BURST, [r.text for r in responses]
    assert len({r.json()["conversation_id"] for r in responses}) == 1
    assert counts(settings.database_url, "racing-visitor") == (1, 1, 1)
    leads = client.get("/api/leads", headers={"Authorization": f"Bearer {ADMIN_TOKEN}"}).json()
    assert len(leads) == 1  # no stray lead from a lost race either


@pytest.mark.integration
def test_a_burst_on_the_real_assistant_makes_one_conversation(assistant: Assistant) -> None:
    async def burst() -> list[httpx.Response]:
        async with httpx.AsyncClient(base_url=assistant.url, timeout=60) as http:
            return await asyncio.gather(*(
                http.post("/api/chat", json={"sender": "racing-visitor-2", "text": "hello"})
                for _ in range(BURST)
            ))  # fmt: skip

    responses = asyncio.run(burst())
    assert [r.status_code for r in responses] == [200] * BURST, [r.text for r in responses]
    assert len({r.json()["conversation_id"] for r in responses}) == 1
    assert counts(assistant.database_url, "racing-visitor-2") == (1, 1, 1)
