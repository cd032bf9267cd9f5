"""Is the SDR-ready threshold right? Pure functions over the handed-off leads (`Case`), no I/O:
DOMAIN.md asks that 10-15% of SDR-ready leads eventually buy, that more than 5% of "no"
verdicts send the scoring back to the drawing board, and that we measure which signals
convert. Those levels and the minimum sample are a `Policy` (settings CALIBRATION_*).

Intervals are 95% Wilson score intervals from SciPy (`binomtest(...).proportion_ci(method=
"wilson")`). A rate over fewer cases than the minimum sample is marked small; a report on
fewer handoffs than that shows its figures but recommends no threshold.
"""

from __future__ import annotations

import math
from collections import defaultdict
from dataclasses import dataclass, field

BAND = 10  # score points per band of the reliability curve
LEAST = 10  # handoffs at or above a recommended threshold, at least


@dataclass(frozen=True)
class Policy:
    """What a good SDR-ready threshold achieves, and how much data it takes to say so."""

    target_low: float = 0.10  # share of SDR-ready leads that eventually buy
    target_high: float = 0.15
    no_alert: float = 0.05  # above this share of "no" verdicts, revisit the scoring
    min_sample: int = 30  # fewer cases: "small sample", and no recommendation


def wilson(hits: int, n: int, confidence: float = 0.95) -> tuple[float, float]:
    """The Wilson score interval of a proportion (0, 1 when there is no sample)."""
    if n == 0:
        return 0.0, 1.0
    from scipy.stats import binomtest  # loaded on first use: SciPy takes a while to import

    ci = binomtest(hits, n).proportion_ci(confidence_level=confidence, method="wilson")
    return max(0.0, float(ci.low)), min(1.0, float(ci.high))


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
    min_sample: int = Policy.min_sample

    @property
    def value(self) -> float | None:
        return self.hits / self.n if self.n else None

    @property
    def interval(self) -> tuple[float, float]:
        return wilson(self.hits, self.n)

    @property
    def small(self) -> bool:
        return self.n < self.min_sample


@dataclass
class Report:
    threshold: float
    handed: int
    yes: Rate  # of the handoffs with a verdict
    no: Rate
    won: Rate  # of every handoff: a lead without an outcome has not bought (yet)
    no_alert: bool
    policy: Policy = field(default_factory=Policy)
    curve: list[tuple[str, Rate, Rate]] = field(default_factory=list)  # band, P(yes), P(won)
    recommended: float | None = None
    changes: dict[str, int] = field(default_factory=dict)
    lifts: list[tuple[str, int, float]] = field(default_factory=list)  # signal, n, lift

    @property
    def too_small(self) -> bool:
        """Fewer handoffs than the minimum sample: figures only, no recommendation."""
        return self.handed < self.policy.min_sample


def _rates(cases: list[Case], least: int) -> tuple[Rate, Rate, Rate]:
    judged = [c for c in cases if c.verdict]
    return (
        Rate(sum(c.verdict == "yes" for c in judged), len(judged), least),
        Rate(sum(c.verdict == "no" for c in judged), len(judged), least),
        Rate(sum(bool(c.won) for c in cases), len(cases), least),
    )


def recommend(
    scored: list[tuple[float, float]], target: float = Policy.target_low, least: int = LEAST
) -> float | None:
    """The lowest whole-number threshold at which the (score, success) pairs at or above it
    succeed at least `target` of the time on average (at least `least` of them), when one
    does. `success` is 1/0 for what happened, or a probability for a known model."""
    ranked = sorted(scored)
    if not ranked:
        return None
    total, count, below = sum(s for _, s in ranked), len(ranked), 0
    for threshold in range(math.floor(ranked[0][0]), math.floor(ranked[-1][0]) + 1):
        while below < len(ranked) and ranked[below][0] < threshold:
            total, count = total - ranked[below][1], count - 1
            below += 1
        if count >= least and total / count >= target:
            return float(threshold)
    return None


def _lifts(cases: list[Case], base: float) -> list[tuple[str, int, float]]:
    lifts = []
    for signal in sorted({s for c in cases for s in c.signals}):
        having = [c for c in cases if signal in c.signals and c.verdict]
        hits = sum(c.verdict == "yes" for c in having)
        if having and base:
            lifts.append((signal, len(having), round(hits / len(having) / base, 2)))
    return sorted(lifts, key=lambda row: -row[2])


def report(cases: list[Case], threshold: float, policy: Policy | None = None) -> Report:
    """Everything the calibration page shows, for the handoffs in `cases`."""
    policy = policy or Policy()
    least = policy.min_sample
    yes, no, won = _rates(cases, least)
    alert = no.value is not None and no.value > policy.no_alert
    out = Report(threshold, len(cases), yes, no, won, alert, policy)
    bands: dict[int, list[Case]] = defaultdict(list)
    for c in cases:
        bands[int(c.score // BAND) * BAND].append(c)
    for low in sorted(bands):
        band_yes, _, band_won = _rates(bands[low], least)
        out.curve.append((f"{low}-{low + BAND - 1}", band_yes, band_won))
    if not out.too_small:
        out.recommended = recommend(
            [(c.score, float(bool(c.won))) for c in cases], policy.target_low
        )
    if out.recommended is not None:
        dropped = [c for c in cases if c.score < out.recommended]
        out.changes = {
            "handoffs_not_made": len(dropped),
            "yes_verdicts_among_them": sum(c.verdict == "yes" for c in dropped),
            "won_among_them": sum(bool(c.won) for c in dropped),
        }
    out.lifts = _lifts(cases, yes.value or 0.0)
    return out
