"""Is the SDR-ready threshold right? Read-only: judged from the reps' verdicts and what sales
closed (outcomes), as DOMAIN.md asks: SDR-ready leads should convert at 10-15%; more than 5%
of "no" verdicts means the scoring needs adjusting; measure which signals convert.

The score a lead had when it was handed off is rebuilt from its score history (the sum of its
score changes up to the handoff). Intervals are Wilson score intervals at 95% (the normal
quantile from the standard library's `statistics.NormalDist`); a sample under SMALL is said
to be small. Nothing is changed here: the threshold lives in the scoring rules
(SCORING_RULES, `stages.sdr_ready_threshold`).
"""

from __future__ import annotations

import math
from collections import defaultdict
from dataclasses import dataclass, field
from statistics import NormalDist

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.db.models import Handoff, Outcome, ScoreChange
from bot.leads.scoring import aware

TARGET = (0.10, 0.15)  # DOMAIN.md: SDR-ready leads that eventually buy
NO_ALERT = 0.05  # DOMAIN.md: above this share of "no" verdicts, revisit the scoring
SMALL = 30
BAND = 10
Z = NormalDist().inv_cdf(0.975)


def wilson(hits: int, n: int) -> tuple[float, float]:
    """The 95% Wilson score interval of a proportion (0, 1 when there is no sample)."""
    if n == 0:
        return 0.0, 1.0
    p = hits / n
    centre = (p + Z * Z / (2 * n)) / (1 + Z * Z / n)
    half = Z * math.sqrt(p * (1 - p) / n + Z * Z / (4 * n * n)) / (1 + Z * Z / n)
    return max(0.0, centre - half), min(1.0, centre + half)


@dataclass(frozen=True)
class Case:
    """One handed-off lead: its score then, the signals it had, the verdict, the outcome."""

    score: float
    signals: frozenset[str]
    verdict: str | None
    won: bool | None  # None: no outcome recorded


@dataclass(frozen=True)
class Rate:
    hits: int
    n: int

    @property
    def value(self) -> float | None:
        return self.hits / self.n if self.n else None

    @property
    def interval(self) -> tuple[float, float]:
        return wilson(self.hits, self.n)

    @property
    def small(self) -> bool:
        return self.n < SMALL


@dataclass
class Report:
    threshold: float
    handed: int
    yes: Rate  # of the handoffs with a verdict
    no: Rate
    won: Rate  # of every handoff: a lead without an outcome has not bought (yet)
    no_alert: bool
    curve: list[tuple[str, Rate, Rate]] = field(default_factory=list)  # band, P(yes), P(won)
    recommended: float | None = None
    changes: dict[str, int] = field(default_factory=dict)
    lifts: list[tuple[str, int, float]] = field(default_factory=list)  # signal, n, lift


async def load_cases(session: AsyncSession) -> list[Case]:
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


def _rates(cases: list[Case]) -> tuple[Rate, Rate, Rate]:
    judged = [c for c in cases if c.verdict]
    return (
        Rate(sum(c.verdict == "yes" for c in judged), len(judged)),
        Rate(sum(c.verdict == "no" for c in judged), len(judged)),
        Rate(sum(bool(c.won) for c in cases), len(cases)),
    )


def has_won(case: Case) -> bool:
    return bool(case.won)


def recommend(
    scored: list[tuple[float, float]], target: float = TARGET[0], least: int = 10
) -> float | None:
    """The lowest threshold at which the (score, success) pairs at or above it succeed at
    least `target` of the time on average (at least `least` of them), when one does.
    `success` is 1/0 for what happened, or a probability for a known model."""
    ranked = sorted(scored)
    total, count = sum(s for _, s in ranked), len(ranked)
    for score, success in ranked:
        if count >= least and total / count >= target:
            return float(math.floor(score))
        total, count = total - success, count - 1
    return None


def report(cases: list[Case], threshold: float) -> Report:
    yes, no, won = _rates(cases)
    out = Report(threshold, len(cases), yes, no, won, no.value is not None and no.value > NO_ALERT)
    bands: dict[int, list[Case]] = defaultdict(list)
    for c in cases:
        bands[int(c.score // BAND) * BAND].append(c)
    for low in sorted(bands):
        band_yes, _, band_won = _rates(bands[low])
        out.curve.append((f"{low}-{low + BAND - 1}", band_yes, band_won))
    out.recommended = recommend([(c.score, float(has_won(c))) for c in cases])
    if out.recommended is not None:
        dropped = [c for c in cases if c.score < out.recommended]
        out.changes = {
            "handoffs_not_made": len(dropped),
            "yes_verdicts_among_them": sum(c.verdict == "yes" for c in dropped),
            "won_among_them": sum(bool(c.won) for c in dropped),
        }
    base = yes.value or 0.0
    for signal in sorted({s for c in cases for s in c.signals}):
        having = [c for c in cases if signal in c.signals and c.verdict]
        hits = sum(c.verdict == "yes" for c in having)
        if having and base:
            out.lifts.append((signal, len(having), round(hits / len(having) / base, 2)))
    out.lifts.sort(key=lambda row: -row[2])
    return out
