"""The analytics page's numbers: the funnel and speed to lead, by day or week, for the leads
created in a period, filtered by channel and language. One pass over two narrow queries.

Funnel: how far each lead got, as recorded now. visitor (every lead) → lead (identified: an
email, or a channel that names the person) → MQL (stage mql or beyond, or handed off) →
SDR-ready (stage sdr_ready, or handed off because it was) → claimed (a rep took the handoff)
→ verdict yes → customer (stage customer). A lead counts in its creation day or week.

Speed to lead: from an SDR-ready handoff to the rep's claim, in the buckets sales research
uses (under 5 minutes, under an hour, under 24 hours, more), and still unclaimed.

Score distribution: the leads by their score now, in bands of 10, coloured by the MQL and
SDR-ready thresholds. Mix: the leads by language and by channel (a lead on two channels
counts in both).
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from statistics import median
from typing import Any, TypeVar

from sqlalchemy import Select, exists, func, select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.console.lead_list import CHANNELS
from bot.db.models import Handoff, Identity, Lead
from bot.leads.scoring import aware

STEPS = ("visitor", "lead", "mql", "sdr_ready", "claimed", "yes", "customer")
SCORE_BAND, SCORE_TOP = 10, 150  # the distribution's bars: 0-9, 10-19... 150 and more
BUCKETS = ("under_5_min", "under_1_h", "under_24_h", "more", "unclaimed")
BEYOND_MQL = {"mql", "sdr_ready", "qualified", "nurturing", "disqualified", "customer"}
Q = TypeVar("Q", bound=Select[*tuple[Any, ...]])
HANDED = {"sdr_ready", "qualified", "nurturing", "disqualified", "customer"}


@dataclass(frozen=True)
class Period:
    start: date
    end: date  # inclusive
    by: str  # "day" | "week"
    channel: str = ""
    language: str = ""

    @classmethod
    def parse(cls, q: Mapping[str, str], today: date) -> Period:
        def day(name: str, default: date) -> date:
            try:
                return date.fromisoformat(q.get(name, "")) if q.get(name) else default
            except ValueError:
                return default

        end = day("to", today)
        start = min(day("from", end - timedelta(days=89)), end)
        return cls(
            start=start,
            end=end,
            by="day" if q.get("by") == "day" else "week",
            channel=q.get("channel", "") if q.get("channel") in CHANNELS else "",
            language=q.get("language", "") if q.get("language") in ("fr", "en") else "",
        )

    def key(self, moment: datetime) -> str:
        d = aware(moment).date()
        return (d if self.by == "day" else d - timedelta(days=d.weekday())).isoformat()


@dataclass
class Analytics:
    funnel: Counter[str] = field(default_factory=Counter)
    funnel_by: dict[str, Counter[str]] = field(default_factory=lambda: defaultdict(Counter))
    speed: Counter[str] = field(default_factory=Counter)
    speed_by: dict[str, Counter[str]] = field(default_factory=lambda: defaultdict(Counter))
    minutes_by: dict[str, list[float]] = field(default_factory=lambda: defaultdict(list))
    scores: Counter[int] = field(default_factory=Counter)  # leads by score band (its floor)
    languages: Counter[str] = field(default_factory=Counter)
    channels: Counter[str] = field(default_factory=Counter)

    def median_minutes(self, key: str | None = None) -> float | None:
        values = self.minutes_by[key] if key else [m for v in self.minutes_by.values() for m in v]
        return round(median(values), 1) if values else None


def _filtered(query: Q, p: Period) -> Q:
    since = datetime.combine(p.start, time(), UTC)
    until = datetime.combine(p.end + timedelta(days=1), time(), UTC)
    query = query.where(
        Lead.merged_into_id.is_(None), Lead.created_at >= since, Lead.created_at < until
    )
    if p.language:
        query = query.where(Lead.language == p.language)
    if p.channel:
        query = query.where(
            exists()
            .where(Identity.lead_id == Lead.id, Identity.channel == p.channel)
            .correlate(Lead)
        )
    return query


def bucket(minutes: float | None) -> str:
    if minutes is None:
        return "unclaimed"
    if minutes < 5:
        return "under_5_min"
    if minutes < 60:
        return "under_1_h"
    return "under_24_h" if minutes < 24 * 60 else "more"


def _steps(stage: str, identified: bool, handoffs: list[Handoff]) -> list[str]:
    reached = ["visitor"]
    if identified:
        reached.append("lead")
    if stage in BEYOND_MQL or handoffs:
        reached.append("mql")
    if stage in HANDED or any(h.reason == "sdr_ready" for h in handoffs):
        reached.append("sdr_ready")
    if any(h.claimed_at for h in handoffs):
        reached.append("claimed")
    if any(h.verdict == "yes" for h in handoffs):
        reached.append("yes")
    if stage == "customer":
        reached.append("customer")
    return reached


async def analytics(session: AsyncSession, p: Period) -> Analytics:
    named = exists().where(Identity.lead_id == Lead.id, Identity.channel != "web")
    leads = (
        await session.execute(
            _filtered(
                select(
                    Lead.id,
                    Lead.created_at,
                    Lead.stage,
                    Lead.email,
                    named,
                    Lead.score_total,
                    Lead.language,
                ),
                p,
            )
        )
    ).all()
    out = Analytics()
    handoffs: dict[int, list[Handoff]] = defaultdict(list)
    for h in await session.scalars(
        _filtered(select(Handoff).join(Lead, Lead.id == Handoff.lead_id), p).order_by(Handoff.id)
    ):
        handoffs[h.lead_id].append(h)
    for channel, count in await session.execute(
        _filtered(
            select(Identity.channel, func.count(func.distinct(Identity.lead_id)))
            .join(Lead, Lead.id == Identity.lead_id)
            .group_by(Identity.channel),
            p,
        )
    ):
        out.channels[channel] = count
    for lead_id, created, stage, email, has_named, score, language in leads:
        key = p.key(created)
        out.scores[min(int(score // SCORE_BAND) * SCORE_BAND, SCORE_TOP)] += 1
        out.languages[language or "?"] += 1
        for step in _steps(stage, email is not None or bool(has_named), handoffs[lead_id]):
            out.funnel[step] += 1
            out.funnel_by[key][step] += 1
        for h in handoffs[lead_id]:
            if h.reason != "sdr_ready":
                continue
            minutes = (
                (aware(h.claimed_at) - aware(h.created_at)).total_seconds() / 60
                if h.claimed_at
                else None
            )
            out.speed[bucket(minutes)] += 1
            out.speed_by[p.key(h.created_at)][bucket(minutes)] += 1
            if minutes is not None:
                out.minutes_by[p.key(h.created_at)].append(minutes)
    return out
