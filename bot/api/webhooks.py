"""Admin API: outbound webhooks that failed WEBHOOK_MAX_ATTEMPTS times, and sending one
again (docs/crm.md)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, HTTPException, Query, status

from bot.api.deps import AdminDep, SessionDep
from bot.api.limits import RowId
from bot.api.schemas.webhooks import DeadWebhookOut
from bot.webhooks.dead import dead_view, dead_webhooks, retry_dead_webhook

router = APIRouter(prefix="/api/webhooks", tags=["admin"], dependencies=[AdminDep])


@router.get("/dead", summary="Webhooks that gave up (dead letters), oldest first")
async def list_dead(
    session: SessionDep, limit: Annotated[int, Query(ge=1, le=500)] = 100
) -> list[DeadWebhookOut]:
    return [
        DeadWebhookOut.model_validate(dead_view(r))
        for r in await dead_webhooks(session, limit=limit)
    ]


@router.post(
    "/dead/{row_id}/retry",
    summary="Send a dead webhook again: the same event, the same id, attempts from zero",
)
async def retry_dead(row_id: RowId, session: SessionDep) -> DeadWebhookOut:
    async with session.begin():
        row = await retry_dead_webhook(session, row_id)
        if row is None:
            raise HTTPException(status.HTTP_404_NOT_FOUND, f"no dead webhook with id {row_id}")
        return DeadWebhookOut.model_validate(dead_view(row))
