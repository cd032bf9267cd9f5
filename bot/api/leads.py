"""Admin API: leads with their identities, conversations and transcripts."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, HTTPException, status
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from bot.api.deps import AdminDep, SessionDep
from bot.conversation import message_view
from bot.db.models import Conversation, Lead

router = APIRouter(prefix="/api/leads", tags=["admin"], dependencies=[AdminDep])


@router.get("/{lead_id}", summary="A lead, its identities, conversations and transcript")
async def get_lead(lead_id: int, session: SessionDep) -> dict[str, Any]:
    lead = await session.scalar(
        select(Lead)
        .where(Lead.id == lead_id)
        .options(
            selectinload(Lead.identities),
            selectinload(Lead.conversations).selectinload(Conversation.messages),
        )
    )
    if lead is None:
        raise HTTPException(status.HTTP_404_NOT_FOUND, detail=f"no lead with id {lead_id}")
    return {
        "id": lead.id,
        "created_at": lead.created_at.isoformat(),
        "updated_at": lead.updated_at.isoformat(),
        "language": lead.language,
        "stage": lead.stage,
        "identities": [
            {"channel": i.channel, "external_id": i.external_id} for i in lead.identities
        ],
        "conversations": [
            {
                "id": c.id,
                "channel": c.channel,
                "mode": c.mode,
                "language": c.language,
                "started_at": c.started_at.isoformat(),
                "last_message_at": c.last_message_at.isoformat(),
                "messages": [message_view(m) for m in c.messages],
            }
            for c in lead.conversations
        ],
    }
