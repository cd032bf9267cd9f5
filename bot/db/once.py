"""Doing a thing once: keys recorded in `processed_deliveries` in the caller's transaction.

A channel's delivery id (a Telegram update, a Slack event), a Slack message's ids, a used
Telegram link code: recorded with the work they guard, so both commit or neither does. A
second recording of a key, or two racing, fails on the primary key inside a savepoint and
leaves the caller's transaction usable.
"""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from bot.db.models import ProcessedDelivery

MAX_KEY_CHARS = 255


async def first_time(session: AsyncSession, keys: Sequence[str]) -> bool:
    """Record `keys`; False (and nothing recorded) if one of them already was."""
    try:
        async with session.begin_nested():
            session.add_all(ProcessedDelivery(key=key) for key in {k[:MAX_KEY_CHARS] for k in keys})
            await session.flush()
    except IntegrityError:
        return False
    return True
