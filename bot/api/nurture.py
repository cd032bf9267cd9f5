"""Admin API: what nurturing did (`GET /api/nurture/stats`) and where a lead is in it
(`GET /api/nurture/enrolments?lead_id=`). docs/nurture.md."""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Annotated

from fastapi import APIRouter, Query
from sqlalchemy import select

from bot.api.deps import AdminDep, ServicesDep, SessionDep
from bot.api.limits import RowId
from bot.api.schemas.nurture import EnrolmentOut, NurtureStatsOut
from bot.db.nurture_models import NurtureEnrolment
from bot.leads.scoring import aware
from bot.nurture.stats import nurture_stats

router = APIRouter(prefix="/api/nurture", tags=["admin"], dependencies=[AdminDep])


@router.get("/stats", summary="Per scenario and step: sends, replies, opt-outs, leads moved up")
async def stats(
    session: SessionDep,
    services: ServicesDep,
    since: Annotated[date | None, Query(description="count from this day (UTC)")] = None,
) -> NurtureStatsOut:
    start = datetime.combine(since, datetime.min.time(), tzinfo=UTC) if since else None
    names = [s.name for s in services.nurture.scenarios] if services.nurture else []
    found = await nurture_stats(session, scenarios=names, since=start)
    return NurtureStatsOut.model_validate(
        {"since": start.isoformat() if start else None, "scenarios": [s.as_dict() for s in found]}
    )


@router.get("/enrolments", summary="A lead's enrolments in the scenarios, newest first")
async def enrolments(session: SessionDep, lead_id: Annotated[RowId, Query()]) -> list[EnrolmentOut]:
    rows = await session.scalars(
        select(NurtureEnrolment)
        .where(NurtureEnrolment.lead_id == lead_id)
        .order_by(NurtureEnrolment.id.desc())
    )
    return [
        EnrolmentOut(
            id=e.id,
            lead_id=e.lead_id,
            scenario=e.scenario,
            trigger=e.trigger,
            step=e.step,
            due_at=aware(e.due_at).isoformat(),
            status=e.status,
            stop_reason=e.stop_reason,
            created_at=aware(e.created_at).isoformat(),
        )
        for e in rows
    ]
