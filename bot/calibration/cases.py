"""The handed-off leads as calibration cases, read from the database: the score each had when
it was handed off (rebuilt from its score history: the sum of its score changes up to the
handoff), the signals it had then, the rep's verdict and what sales closed (outcomes). The
computations are pure, in scoring/calibration.py."""

from __future__ import annotations

from collections import defaultdict

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.db.models import Handoff, Outcome, ScoreChange
from bot.leads.scoring import aware
from scoring.calibration import Case


async def load_cases(session: AsyncSession) -> list[Case]:
    """One case per lead handed off as SDR-ready (its first such handoff)."""
    handoffs = list(
        await session.scalars(
            select(Handoff).where(Handoff.reason == "sdr_ready").order_by(Handoff.id)
        )
    )
    first: dict[int, Handoff] = {}
    for h in handoffs:
        first.setdefault(h.lead_id, h)
    changes: dict[int, list[ScoreChange]] = defaultdict(list)
    for c in await session.scalars(
        select(ScoreChange).where(ScoreChange.lead_id.in_(list(first))).order_by(ScoreChange.id)
    ):
        changes[c.lead_id].append(c)
    won: dict[int, bool] = {}
    for o in await session.scalars(select(Outcome).order_by(Outcome.id)):
        won[o.lead_id] = o.outcome == "won"
    cases = []
    for lead_id, h in first.items():
        before = [c for c in changes[lead_id] if aware(c.at) <= aware(h.created_at)]
        points: dict[str, float] = defaultdict(float)
        for c in before:
            points[c.signal] += c.points
        signals = frozenset(name for name, total in points.items() if total > 0)
        cases.append(Case(sum(points.values()), signals, h.verdict, won.get(lead_id)))
    return cases
