"""Admin API: leads with their scores, identities, conversations and transcripts."""

from __future__ import annotations

from typing import Annotated, Any, Literal

from fastapi import APIRouter, HTTPException, Query, Request, status
from fastapi.responses import RedirectResponse
from sqlalchemy import ColumnElement, select
from sqlalchemy.orm import selectinload

from bot.api.deps import AdminDep, ScorerDep, SessionDep
from bot.api.limits import RowId
from bot.api.schemas.leads import Erasure, LeadDetail, LeadExport, LeadSummary
from bot.conversations.messages import message_view
from bot.db.models import Conversation, Handoff, Identity, Lead, utcnow
from bot.engine.trackers import TrackerStoreUnavailable
from bot.handoffs.service import handoff_view
from bot.leads.privacy import erase_lead, export_lead, forget_old_copies
from bot.leads.scoring import score_view
from bot.services import services_of
from scoring.score import Score

router = APIRouter(prefix="/api/leads", tags=["admin"], dependencies=[AdminDep])

ORDERS: dict[str, ColumnElement[Any]] = {
    "-score": Lead.score_total.desc(),
    "score": Lead.score_total.asc(),
    "-created": Lead.created_at.desc(),
    "created": Lead.created_at.asc(),
}


def lead_summary(lead: Lead, *, sdr_ready: bool) -> dict[str, Any]:
    """The keys of LeadSummary, to which LeadDetail adds its own."""
    return {
        "id": lead.id,
        "created_at": lead.created_at.isoformat(),
        "updated_at": lead.updated_at.isoformat(),
        "language": lead.language,
        "email": lead.email,
        "stage": lead.stage,
        "sdr_ready": sdr_ready,
        "score": round(lead.score_total, 2),
    }


def lead_detail(
    lead: Lead, score: Score, handoffs: list[Handoff], *, sdr_ready: bool
) -> LeadDetail:
    """A lead with its relations loaded (identities, events, score changes, consents,
    conversations with their messages), as the admin API shows it."""
    return LeadDetail.model_validate(
        {
            **lead_summary(lead, sdr_ready=sdr_ready),
            "profile": lead.profile,
            "scores": score_view(score),
            "events": [
                {
                    "type": e.type,
                    "properties": e.properties,
                    "occurred_at": e.occurred_at.isoformat(),
                    "source": e.source,
                }
                for e in lead.events
            ],
            "handoffs": [handoff_view(h) for h in handoffs],
            "score_history": [
                {
                    "signal": c.signal,
                    "kind": c.kind,
                    "points": c.points,
                    "source": c.source,
                    "at": c.at.isoformat(),
                }
                for c in lead.score_changes
            ],
            "consents": [
                {
                    "purpose": c.purpose,
                    "granted": c.granted,
                    "wording": c.wording,
                    "language": c.language,
                    "at": c.at.isoformat(),
                }
                for c in lead.consents
            ],
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
    )


@router.get("", summary="Leads, hottest first by default")
async def list_leads(
    session: SessionDep,
    scorer: ScorerDep,
    sdr_ready: bool | None = None,
    order: Literal["-score", "score", "-created", "created"] = "-score",
    limit: Annotated[int, Query(ge=1, le=500)] = 50,
    channel: Annotated[str | None, Query(max_length=32)] = None,
    external_id: Annotated[
        str | None, Query(max_length=255, description="with channel: the lead of that identity")
    ] = None,
) -> list[LeadSummary]:
    query = (
        select(Lead)
        .where(Lead.merged_into_id.is_(None))
        .order_by(ORDERS[order], Lead.id)
        .limit(limit)
    )
    if channel is not None or external_id is not None:
        if channel is None or external_id is None:
            raise HTTPException(
                status.HTTP_422_UNPROCESSABLE_CONTENT, "give channel and external_id together"
            )
        query = query.join(Identity, Identity.lead_id == Lead.id).where(
            Identity.channel == channel, Identity.external_id == external_id
        )
    threshold = (await scorer.refresh(session)).sdr_ready_threshold  # applied or configured
    if sdr_ready is True:
        query = query.where(Lead.score_total >= threshold)
    elif sdr_ready is False:
        query = query.where(Lead.score_total < threshold)
    leads = list(await session.scalars(query))
    if sdr_ready is True:  # a lead who said they will never buy is not SDR-ready
        leads = [lead for lead in leads if scorer.is_sdr_ready(lead.score_total, lead)]
    return [
        LeadSummary.model_validate(
            lead_summary(lead, sdr_ready=scorer.is_sdr_ready(lead.score_total, lead))
        )
        for lead in leads
    ]


@router.get(
    "/{lead_id}",
    summary="A lead: profile, scores, identities, conversations",
    response_model=LeadDetail,
    responses={
        status.HTTP_308_PERMANENT_REDIRECT: {
            "description": "the lead was merged into another: its URL (`Location`)"
        }
    },
)
async def get_lead(
    lead_id: RowId, session: SessionDep, scorer: ScorerDep
) -> LeadDetail | RedirectResponse:
    lead = await session.scalar(
        select(Lead)
        .where(Lead.id == lead_id)
        .options(
            selectinload(Lead.identities),
            selectinload(Lead.events),
            selectinload(Lead.score_changes),
            selectinload(Lead.consents),
            selectinload(Lead.conversations).selectinload(Conversation.messages),
        )
    )
    if lead is None:
        raise HTTPException(status.HTTP_404_NOT_FOUND, detail=f"no lead with id {lead_id}")
    if lead.merged_into_id is not None:  # the same person as another lead: that one holds it
        return RedirectResponse(
            f"/api/leads/{lead.merged_into_id}", status.HTTP_308_PERMANENT_REDIRECT
        )
    handoffs = await session.scalars(
        select(Handoff).where(Handoff.lead_id == lead_id).order_by(Handoff.id)
    )
    # The breakdown is recomputed as of now, so decayed behaviour shows its current worth.
    await scorer.refresh(session)  # the SDR-ready threshold in force
    score = scorer.score(lead, list(lead.events), now=utcnow())
    return lead_detail(
        lead, score, list(handoffs), sdr_ready=scorer.is_sdr_ready(score.total, lead)
    )


def _store_unavailable(outcome: str, exc: TrackerStoreUnavailable) -> HTTPException:
    """The engine's events are part of what we hold: without them, no export or erasure."""
    return HTTPException(
        status.HTTP_503_SERVICE_UNAVAILABLE,
        detail=f"the engine's tracker store is unavailable ({outcome}; try again): {exc}",
    )


@router.get("/{lead_id}/export", summary="Everything held about a lead, as JSON (GDPR access)")
async def export(lead_id: RowId, session: SessionDep, request: Request) -> LeadExport:
    try:
        data = await export_lead(session, lead_id, services_of(request.app.state).trackers)
    except TrackerStoreUnavailable as exc:
        raise _store_unavailable("nothing was exported", exc) from exc
    if data is None:
        raise HTTPException(status.HTTP_404_NOT_FOUND, detail=f"no lead with id {lead_id}")
    return LeadExport.model_validate(data)


@router.delete(
    "/{lead_id}",
    summary="Erase a lead and everything about it (GDPR erasure)",
    status_code=status.HTTP_200_OK,
)
async def erase(lead_id: RowId, session: SessionDep, request: Request) -> Erasure:
    try:
        async with session.begin():
            erased = await erase_lead(session, lead_id, services_of(request.app.state).trackers)
    except TrackerStoreUnavailable as exc:
        raise _store_unavailable("nothing was erased", exc) from exc
    if erased is None:
        raise HTTPException(status.HTTP_404_NOT_FOUND, detail=f"no lead with id {lead_id}")
    await forget_old_copies(session)
    return Erasure(
        erased_lead_ids=erased.lead_ids,
        rows=erased.rows,
        engine_tracker_events=erased.tracker_events,
    )
