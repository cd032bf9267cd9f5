"""Resolving a channel's id for a person to our Identity and Lead."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from bot.db.models import Identity, Lead
from bot.webhooks.events import lead_created


async def identity_for(session: AsyncSession, channel: str, external_id: str) -> Identity:
    """The Identity for (channel, external_id), creating it and a new Lead on first contact."""
    query = select(Identity).where(Identity.channel == channel, Identity.external_id == external_id)
    identity = await session.scalar(query)
    if identity is not None:
        return identity
    try:
        async with session.begin_nested():
            lead = Lead()
            session.add(lead)
            await session.flush()
            identity = Identity(channel=channel, external_id=external_id, lead_id=lead.id)
            session.add(identity)
            await session.flush()
            await lead_created(session, lead)
            return identity
    except IntegrityError:
        # Another request created the same identity first: use theirs.
        identity = await session.scalar(query)
        if identity is None:
            raise
        return identity
