"""Admin API: handoffs to sales reps and the state of outgoing notifications."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query
from sqlalchemy import select

from bot.api.deps import AdminDep, SessionDep
from bot.api.schemas.handoffs import HandoffRow, OutboxOut
from bot.db.models import Handoff, OutboxMessage
from bot.handoffs.service import handoff_view
from bot.outbox import outbox_view

router = APIRouter(prefix="/api", tags=["admin"], dependencies=[AdminDep])


@router.get("/handoffs", summary="Handoffs, newest first")
async def list_handoffs(
    session: SessionDep, limit: Annotated[int, Query(ge=1, le=500)] = 50
) -> list[HandoffRow]:
    rows = await session.scalars(select(Handoff).order_by(Handoff.id.desc()).limit(limit))
    return [HandoffRow.model_validate({"lead_id": h.lead_id, **handoff_view(h)}) for h in rows]


@router.get("/outbox", summary="Outgoing notifications not yet delivered, oldest first")
async def pending_outbox(
    session: SessionDep, limit: Annotated[int, Query(ge=1, le=500)] = 100
) -> list[OutboxOut]:
    rows = await session.scalars(
        select(OutboxMessage)
        .where(OutboxMessage.status == "pending")
        .order_by(OutboxMessage.id)
        .limit(limit)
    )
    return [OutboxOut.model_validate(outbox_view(r)) for r in rows]
