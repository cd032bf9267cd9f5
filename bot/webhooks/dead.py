"""Webhooks that failed `WEBHOOK_MAX_ATTEMPTS` times (outbox status `dead`): listed for a
person, and sent again on request with the same event (same `id`)."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.db.models import OutboxMessage
from bot.leads.scoring import aware
from bot.outbox import revive
from bot.webhooks.events import PREFIX


async def dead_webhooks(session: AsyncSession, *, limit: int = 100) -> list[OutboxMessage]:
    return list(
        await session.scalars(
            select(OutboxMessage)
            .where(OutboxMessage.status == "dead", OutboxMessage.kind.like(f"{PREFIX}.%"))
            .order_by(OutboxMessage.id)
            .limit(limit)
        )
    )


async def retry_dead_webhook(session: AsyncSession, row_id: int) -> OutboxMessage | None:
    """Send the dead webhook `row_id` again (its attempts start over); None if none."""
    return await revive(session, row_id, prefix=PREFIX)


def dead_view(row: OutboxMessage) -> dict[str, Any]:
    event = (row.payload or {}).get("event") or {}
    return {
        "id": row.id,
        "event_id": event.get("id"),
        "type": event.get("type"),
        "url": (row.payload or {}).get("url"),
        "lead_id": row.lead_id,
        "status": row.status,
        "attempts": row.attempts,
        "last_error": row.last_error,
        "created_at": aware(row.created_at).isoformat(),
        "next_attempt_at": aware(row.next_attempt_at).isoformat(),
    }
