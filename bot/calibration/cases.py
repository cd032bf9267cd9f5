"""The handed-off leads as calibration cases, read from the database: the score each had when
it was handed off (rebuilt from its score history: the sum of its score changes up to the
handoff), the signals it had then, the rep's verdict and what sales closed (outcomes). The
computations are pure, in scoring/calibration.py.

Summed by the database (one GROUP BY per lead and signal), not by reading every score change
into Python: on 100,000 leads that was most of the calibration page's time.
"""

from __future__ import annotations

from collections import defaultdict

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.db.models import Handoff, Outcome, ScoreChange
from scoring.calibration import Case


async def load_cases(session: AsyncSession) -> list[Case]:
    """One case per lead handed off as SDR-ready (its first such handoff)."""
    first = (
        select(func.min(Handoff.id).label("id"))
        .where(Handoff.reason == "sdr_ready")
        .group_by(Handoff.lead_id)
        .subquery()
    )
    handed = (
        select(Handoff.id, Handoff.lead_id, Handoff.created_at, Handoff.verdict)
        .join(first, first.c.id == Handoff.id)
        .subquery()
    )
    verdicts = {
        lead_id: verdict
        for lead_id, verdict in await session.execute(
            select(handed.c.lead_id, handed.c.verdict).order_by(handed.c.id)
        )
    }
    points: dict[int, dict[str, float]] = defaultdict(dict)
    for lead_id, signal, total in await session.execute(
        select(handed.c.lead_id, ScoreChange.signal, func.sum(ScoreChange.points))
        .join(ScoreChange, ScoreChange.lead_id == handed.c.lead_id)
        .where(ScoreChange.at <= handed.c.created_at)
        .group_by(handed.c.lead_id, ScoreChange.signal)
    ):
        points[lead_id][signal] = float(total)
    won: dict[int, bool] = {}
    for lead_id, outcome in await session.execute(
        select(Outcome.lead_id, Outcome.outcome).order_by(Outcome.id)
    ):
        won[lead_id] = outcome == "won"  # the latest outcome counts
    cases = []
    for lead_id, verdict in verdicts.items():
        signals = points[lead_id]
        held = frozenset(name for name, total in signals.items() if total > 0)
        cases.append(Case(sum(signals.values()), held, verdict, won.get(lead_id)))
    return cases
