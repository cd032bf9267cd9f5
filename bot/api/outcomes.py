"""Admin API: what sales closed with a lead (won or lost), so the score can be judged
against sales and not only against the reps' verdicts."""

from __future__ import annotations

from fastapi import APIRouter, status

from bot.api.deps import AdminDep, SessionDep
from bot.api.limits import RowId
from bot.api.schemas.outcomes import OutcomeIn, OutcomeOut
from bot.leads.outcomes import NewOutcome, record_outcome

router = APIRouter(prefix="/api/leads", tags=["admin"], dependencies=[AdminDep])


@router.post(
    "/{lead_id}/outcome",
    summary="Record what sales closed with a lead: won (a customer) or lost",
    status_code=status.HTTP_201_CREATED,
)
async def post_outcome(lead_id: RowId, body: OutcomeIn, session: SessionDep) -> OutcomeOut:
    async with session.begin():  # an unknown lead is a LeadNotFound: 404 (bot/api/errors.py)
        lead, row = await record_outcome(
            session,
            lead_id,
            NewOutcome(body.outcome, body.amount, body.currency, body.date),
        )
        return OutcomeOut(
            id=row.id,
            lead_id=lead.id,
            outcome=body.outcome,
            amount=row.amount,
            currency=row.currency,
            date=row.closed_on.isoformat(),
            stage=lead.stage,
        )
