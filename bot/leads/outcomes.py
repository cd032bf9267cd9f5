"""What sales closed with a lead: won (the lead becomes a customer) or lost (back to
nurturing: never abandoned, DOMAIN.md). Recorded from the admin API or a CSV import, so the
score can be judged against what sales actually closed, not only the reps' verdicts."""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from datetime import date

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.db.models import Lead, Outcome, utcnow
from bot.errors import LeadNotFound
from bot.leads.merge import resolve_lead
from bot.webhooks.events import lead_changed

STAGE_AFTER = {"won": "customer", "lost": "nurturing"}


@dataclass(frozen=True)
class NewOutcome:
    outcome: str  # won | lost
    amount: float | None = None
    currency: str | None = None
    closed_on: date | None = None  # today when not given


async def record_outcome(
    session: AsyncSession, lead_id: int, new: NewOutcome, *, source: str = "api"
) -> tuple[Lead, Outcome]:
    """Record it on the lead (the lead it was merged into, if it was) and set its stage."""
    if new.outcome not in STAGE_AFTER:
        raise ValueError(f"outcome must be won or lost, not {new.outcome!r}")
    lead = await resolve_lead(session, lead_id)
    if lead is None:
        raise LeadNotFound(lead_id)
    row = Outcome(
        lead_id=lead.id,
        outcome=new.outcome,
        amount=new.amount,
        currency=new.currency.upper() if new.currency else None,
        closed_on=new.closed_on or utcnow().date(),
        source=source,
    )
    session.add(row)
    lead.stage = STAGE_AFTER[new.outcome]
    lead.updated_at = utcnow()
    await session.flush()
    await lead_changed(session, lead)  # a CRM hears of the new stage (coalesced)
    return lead, row


def _parse_row(row: dict[str, str]) -> tuple[str, NewOutcome]:
    """(lead id or email, the outcome) of one CSV row; ValueError naming what is wrong."""
    who = (row.get("lead_id") or row.get("email") or "").strip()
    if not who:
        raise ValueError("needs lead_id or email")
    amount = (row.get("amount") or "").strip()
    closed = (row.get("date") or "").strip()
    return who, NewOutcome(
        outcome=(row.get("outcome") or "").strip().lower(),
        amount=float(amount) if amount else None,
        currency=(row.get("currency") or "").strip() or None,
        closed_on=date.fromisoformat(closed) if closed else None,
    )


async def import_outcomes(session: AsyncSession, text: str) -> tuple[int, list[str]]:
    """Outcomes from CSV text (columns lead_id or email, outcome, amount, currency, date):
    (rows recorded, one message per row refused). The caller commits."""
    recorded, refused = 0, []
    for line, row in enumerate(csv.DictReader(io.StringIO(text)), start=2):
        try:
            who, new = _parse_row(row)
            lead_id = (
                int(who)
                if who.isdigit()
                else await session.scalar(
                    select(Lead.id).where(Lead.email == who.lower(), Lead.merged_into_id.is_(None))
                )
            )
            if lead_id is None:
                raise ValueError(f"no lead with the address {who}")
            await record_outcome(session, lead_id, new, source="csv")
            recorded += 1
        except (ValueError, LeadNotFound) as exc:
            refused.append(f"line {line}: {exc}")
    return recorded, refused
