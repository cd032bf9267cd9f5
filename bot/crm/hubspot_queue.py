"""What HubSpot must hear, written to the outbox in the transaction of the change.

An SDR-ready lead becomes a contact (created or updated by email, its company associated)
with a note: its score and a summary of its conversation (`hubspot.contact`); a "yes"
verdict creates a deal in the configured pipeline (`hubspot.deal`). The rows name the lead
only (`lead_id`): what is sent is read when it is sent, and an erased lead's rows go with it.
Enabled per app by `enable` on its sessionmaker (like the webhooks' configuration).
"""

from __future__ import annotations

from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.db.models import Lead
from bot.outbox import enqueue

ENABLED_KEY = "hubspot"
PREFIX = "hubspot"


def enable(sessions: async_sessionmaker[AsyncSession], on: bool) -> None:
    info = dict(sessions.kw.get("info") or {})
    info[ENABLED_KEY] = on
    sessions.configure(info=info)


async def queue_for_hubspot(
    session: AsyncSession, type: str, lead: Lead, extra: dict[str, Any] | None
) -> None:
    """Queue the HubSpot calls an event causes (none unless HubSpot is enabled)."""
    if not session.info.get(ENABLED_KEY):
        return
    if type == "lead.sdr_ready":
        await enqueue(
            session,
            f"{PREFIX}.contact",
            {"lead_id": lead.id},
            dedupe_key=f"hubspot-contact-{lead.id}",
            lead_id=lead.id,
        )
    handoff = (extra or {}).get("handoff") or {}
    if type == "handoff.verdict" and handoff.get("verdict") == "yes":
        await enqueue(
            session,
            f"{PREFIX}.deal",
            {"lead_id": lead.id, "handoff_id": handoff.get("id")},
            dedupe_key=f"hubspot-deal-{handoff.get('id')}",
            lead_id=lead.id,
        )
