"""Lead score = fit + pain: pure functions from facts and events to an explainable score.

facts (Profile) ──profile_signals──┐
events (Event) ───event_signals────┴─▶ [Signal] ──compute_score(now)──▶ Score(fit, pain, total,
                                                                       breakdown)
Behavioural signals decay (half-life); profile signals and what the prospect said do not.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Literal

from scoring.rules import Band, ScoringRules

Kind = Literal["fit", "pain"]
SECONDS_PER_DAY = 86_400.0


@dataclass(frozen=True)
class Profile:
    """What is known about a lead; None where unknown."""

    email_kind: str | None = None  # "business" | "personal"
    role: str | None = None  # "decision_maker" | "influencer" | "end_user"
    company_size: int | None = None
    country: str | None = None  # ISO 3166 alpha-2
    budget_max: float | None = None  # yearly equivalent
    budget_currency: str | None = None
    need: str | None = None
    timeline_months: float | None = None


@dataclass(frozen=True)
class Event:
    type: str
    at: datetime
    source: str = "event"


@dataclass(frozen=True)
class Signal:
    """One reason a lead scores: `points` earned at `at`, from `source`."""

    name: str
    kind: Kind
    points: float
    source: str
    at: datetime
    decays: bool = False


@dataclass(frozen=True)
class ScoredSignal:
    signal: Signal
    points: float  # after decay


@dataclass(frozen=True)
class Score:
    fit: float
    pain: float
    breakdown: tuple[ScoredSignal, ...]

    @property
    def total(self) -> float:
        return self.fit + self.pain


def _band_points(bands: Sequence[Band], value: float) -> float | None:
    for band in bands:
        if band.matches(value):
            return band.points
    return None


def profile_signals(
    profile: Profile, rules: ScoringRules, *, at: datetime, source: str = "profile"
) -> list[Signal]:
    """The fit signals of a profile, plus what the prospect said (need, timeline)."""
    out: list[Signal] = []

    def add(name: str, kind: Kind, points: float | None) -> None:
        if points:
            out.append(Signal(name, kind, points, source, at))

    if profile.email_kind is not None:
        add(f"email:{profile.email_kind}", "fit", rules.email.get(profile.email_kind))
    if profile.role is not None:
        add(f"role:{profile.role}", "fit", rules.role.get(profile.role))
    if profile.company_size is not None:
        add("company_size", "fit", _band_points(rules.company_size, profile.company_size))
    if profile.country is not None and profile.country.upper() in rules.target_countries:
        add("target_market", "fit", rules.target_market_points)
    if profile.budget_max is not None:
        rate = rules.currency_to_eur.get((profile.budget_currency or "EUR").upper())
        if rate is not None:
            add("budget", "fit", _band_points(rules.budget, profile.budget_max * rate))
    if profile.need:
        add("need_stated", "pain", rules.need_stated)
    if profile.timeline_months is not None:
        add("timeline", "pain", _band_points(rules.timeline, profile.timeline_months))
    return out


def event_signals(events: Iterable[Event], rules: ScoringRules) -> list[Signal]:
    """Behavioural signals, oldest first; trivial and unknown types score nothing;
    repeats beyond an event's `max_count` score nothing either."""
    seen: Counter[str] = Counter()
    out = []
    for event in sorted(events, key=lambda e: (e.at, e.type)):
        rule = rules.events.get(event.type)
        if rule is None or event.type in rules.trivial_events:
            continue
        seen[event.type] += 1
        if rule.max_count is not None and seen[event.type] > rule.max_count:
            continue
        out.append(Signal(event.type, "pain", rule.points, event.source, event.at, decays=True))
    return out


def decayed(points: float, *, age_days: float, half_life_days: float) -> float:
    """Points after `age_days` with the given half-life (future events count in full)."""
    return points * 0.5 ** (max(age_days, 0.0) / half_life_days)


def compute_score(signals: Iterable[Signal], *, now: datetime, rules: ScoringRules) -> Score:
    scored = []
    for signal in signals:
        points = signal.points
        if signal.decays:
            age = (now - signal.at).total_seconds() / SECONDS_PER_DAY
            points = decayed(points, age_days=age, half_life_days=rules.half_life_days)
        scored.append(ScoredSignal(signal, round(points, 4)))
    scored.sort(key=lambda s: (-abs(s.points), s.signal.name, s.signal.at))
    return Score(
        fit=round(sum(s.points for s in scored if s.signal.kind == "fit"), 2),
        pain=round(sum(s.points for s in scored if s.signal.kind == "pain"), 2),
        breakdown=tuple(scored),
    )


Stage = Literal["visitor", "lead", "mql", "sdr_ready"]


def stage_for(
    score: Score, *, identified: bool, rules: ScoringRules, disqualified: bool = False
) -> Stage:
    """visitor (anonymous) → lead (identified) → mql → sdr_ready, by the score. A lead who
    said they will never buy (student, competitor, investor, job seeker) keeps its score
    but stops at mql: it is never handed to sales as SDR-ready (DOMAIN.md's "No")."""
    if not identified:
        return "visitor"
    if score.total >= rules.sdr_ready_threshold and not disqualified:
        return "sdr_ready"
    if score.total >= rules.mql_threshold:
        return "mql"
    return "lead"
