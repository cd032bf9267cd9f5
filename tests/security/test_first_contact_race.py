"""Issue 13 #7: twenty first messages at once from one new visitor make one identity, one
lead and one conversation (the engine's dialogue state is not split between several)."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor

import pytest
import sqlalchemy as sa
from fastapi.testclient import TestClient

from bot.app import create_app
from bot.conversations.messages import ChatResult, InboundMessage
from bot.db.session import sync_url
from bot.services import services_of
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
    service = services_of(client.app.state).conversations  # type: ignore[attr-defined]

    async def burst() -> list[ChatResult]:
        return await asyncio.gather(
            *(
                service.handle(
                    InboundMessage(channel="web", external_id="racing-visitor", text=f"hi {n}")
                )
                for n in range(BURST)
            )
        )

    results = client.portal.call(burst)  # type: ignore[union-attr]
    assert len({r.conversation_id for r in results}) == 1
    assert counts(settings.database_url, "racing-visitor") == (1, 1, 1)
    leads = client.get("/api/leads", headers={"Authorization": f"Bearer {ADMIN_TOKEN}"}).json()
    assert len(leads) == 1  # no stray lead from a lost race either


@pytest.mark.integration
def test_a_burst_on_the_real_assistant_makes_one_conversation(assistant: Assistant) -> None:
    """Over HTTP, through every worker (two on the production profile, PostgreSQL)."""
    with ThreadPoolExecutor(BURST) as pool:
        replies = list(
            pool.map(lambda _: assistant.chat("racing-visitor-2", "hello"), range(BURST))
        )
    assert len({r["conversation_id"] for r in replies}) == 1
    assert counts(assistant.database_url, "racing-visitor-2") == (1, 1, 1)
