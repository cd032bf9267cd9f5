"""A savepoint opened before any write (a dedupe key recorded first thing) is part of its
transaction: when the transaction rolls back, what the savepoint wrote goes too.

SQLite's Python driver starts a transaction only before the first INSERT/UPDATE/DELETE, so a
SAVEPOINT issued first was a transaction of its own and its RELEASE committed it: a Telegram
update id was recorded even when storing the message then failed, and the redelivery that
should have brought the message back was ignored as a duplicate."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.conversations.messages import InboundMessage
from bot.conversations.service import ConversationService
from bot.db.models import Message, ProcessedDelivery
from bot.db.session import create_engine, create_sessionmaker
from bot.engine.client import EngineClient
from bot.settings import Settings
from tests.unit.fake_engine import FakeEngine


@pytest.fixture
async def sessions(settings: Settings) -> AsyncIterator[async_sessionmaker[AsyncSession]]:
    engine = create_engine(settings.database_url)
    yield create_sessionmaker(engine)
    await engine.dispose()


class Boom(Exception):
    pass


async def test_a_savepoint_first_in_a_transaction_rolls_back_with_it(
    sessions: async_sessionmaker[AsyncSession],
) -> None:
    with pytest.raises(Boom):
        async with sessions() as session, session.begin():
            await session.scalar(select(func.count()).select_from(ProcessedDelivery))  # a read
            async with session.begin_nested():
                session.add(ProcessedDelivery(key="telegram:42"))
            raise Boom
    async with sessions() as session:
        assert await session.get(ProcessedDelivery, "telegram:42") is None


async def test_a_redelivered_update_is_handled_when_the_first_attempt_failed(
    sessions: async_sessionmaker[AsyncSession], monkeypatch: pytest.MonkeyPatch
) -> None:
    engine = EngineClient(base_url="http://engine", timeout=2.0, transport=FakeEngine().transport)
    service = ConversationService(sessions=sessions, engine=engine)
    inbound = InboundMessage(
        channel="telegram", external_id="7", text="Hello", delivery_id="telegram:update:1"
    )
    original = service._conversation_for

    async def failing(*args: object, **kwargs: object) -> object:
        raise Boom

    monkeypatch.setattr(service, "_conversation_for", failing)
    with pytest.raises(Boom):
        await service.handle(inbound)
    monkeypatch.setattr(service, "_conversation_for", original)
    result = await service.handle(inbound)  # Telegram delivers the update again
    assert not result.duplicate
    async with sessions() as session:
        texts = (await session.scalars(select(Message.text))).all()
    assert "Hello" in texts
    await engine.aclose()
