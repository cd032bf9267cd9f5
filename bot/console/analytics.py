"""The analytics page's numbers: the funnel and speed to lead, by day or week, for the leads
created in a period, filtered by channel and language. Counted by the database (GROUP BY,
the same SQL on SQLite and PostgreSQL): a few hundred rows come back, not every lead.

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

from sqlalchemy import ColumnElement, Select, case, exists, func, or_, select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.console.lead_list import CHANNELS
from bot.console.sql import utc_day
from bot.db.models import Handoff, Identity, Lead
from bot.leads.scoring import aware

STEPS = ("visitor", "lead", "mql", "sdr_ready", "claimed", "yes", "customer")
SCORE_BAND, SCORE_TOP = 10, 150  # the distribution's bars: 0-9, 10-19... 150 and more
BUCKETS = ("under_5_min", "under_1_h", "under_24_h", "more", "unclaimed")
BEYOND_MQL = {"mql", "sdr_ready", "qualified", "nurturing", "disqualified", "customer"}
Q = TypeVar("Q", bound=Select[*tuple[Any, ...]])
HANDED = {"sdr_ready", "qualified", "nurturing", "disqualified", "customer"}


MAX_PERIOD_DAYS = 5 * 366
EARLIEST = date(1970, 1, 1)


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

        # Bounded: a period ends by tomorrow (a team ahead of UTC) and spans five years at
        # most, so `?to=9999-12-31` neither overflows a date nor asks for millions of days.
        end = min(max(day("to", today), EARLIEST), today + timedelta(days=1))
        start = min(day("from", end - timedelta(days=89)), end)
        start = max(start, end - timedelta(days=MAX_PERIOD_DAYS))
        return cls(
            start=start,
            end=end,
            by="day" if q.get("by") == "day" else "week",
            channel=q.get("channel", "") if q.get("channel") in CHANNELS else "",
            language=q.get("language", "") if q.get("language") in ("fr", "en") else "",
        )

    def key(self, moment: datetime) -> str:
        return self.key_of(aware(moment).date())

    def key_of(self, d: date | str) -> str:
        """The day, or the Monday of its week: where a count goes."""
        d = date.fromisoformat(d) if isinstance(d, str) else d
        return (d if self.by == "day" else d - timedelta(days=d.weekday())).isoformat()

    @property
    def since(self) -> datetime:
        return datetime.combine(self.start, time(), UTC)

    @property
    def until(self) -> datetime:  # exclusive
        return datetime.combine(self.end + timedelta(days=1), time(), UTC)


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
    query = query.where(
        Lead.merged_into_id.is_(None), Lead.created_at >= p.since, Lead.created_at < p.until
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


def _count_if(condition: ColumnElement[bool]) -> ColumnElement[int]:
    return func.sum(case((condition, 1), else_=0))


def _any(condition: ColumnElement[bool]) -> ColumnElement[int]:
    return func.max(case((condition, 1), else_=0))


def score_band(score: Any) -> ColumnElement[int]:
    """The floor of the score's band of 10, SCORE_TOP and more in one (below 0: -10)."""
    lows = range(0, SCORE_TOP, SCORE_BAND)
    return case(
        (score < 0, -SCORE_BAND),
        *[(score < low + SCORE_BAND, low) for low in lows],
        else_=SCORE_TOP,
    )


async def _funnel(session: AsyncSession, p: Period, out: Analytics) -> None:
    """Each lead's furthest steps, counted by creation day in SQL, rolled up by week here."""
    flags = (
        select(
            Handoff.lead_id.label("lead_id"),
            _any(Handoff.reason == "sdr_ready").label("ready"),
            _any(Handoff.claimed_at.is_not(None)).label("claimed"),
            _any(Handoff.verdict == "yes").label("yes"),
        )
        .group_by(Handoff.lead_id)
        .subquery("flags")
    )
    named = exists().where(Identity.lead_id == Lead.id, Identity.channel != "web")
    reached = (
        or_(Lead.email.is_not(None), named),
        or_(Lead.stage.in_(BEYOND_MQL), flags.c.lead_id.is_not(None)),
        or_(Lead.stage.in_(HANDED), flags.c.ready == 1),
        flags.c.claimed == 1,
        flags.c.yes == 1,
        Lead.stage == "customer",
    )
    day = utc_day(Lead.created_at)
    query = (
        select(day, func.count(), *[_count_if(r) for r in reached])
        .select_from(Lead)
        .outerjoin(flags, flags.c.lead_id == Lead.id)
        .group_by(day)
    )
    for created, *counts in await session.execute(_filtered(query, p)):
        key = p.key_of(created)
        for step, count in zip(STEPS, counts, strict=True):
            if count:
                out.funnel[step] += count
                out.funnel_by[key][step] += count


async def _speed(session: AsyncSession, p: Period, out: Analytics) -> None:
    """The SDR-ready handoffs of the period's leads: two columns each, bucketed here (the
    medians need every value)."""
    leads = _filtered(select(Lead.id), p)  # looked up once, then the handoffs by lead
    query = select(Handoff.created_at, Handoff.claimed_at).where(
        Handoff.reason == "sdr_ready", Handoff.lead_id.in_(leads)
    )
    for created, claimed in await session.execute(query):
        minutes = (aware(claimed) - aware(created)).total_seconds() / 60 if claimed else None
        key = p.key(created)
        out.speed[bucket(minutes)] += 1
        out.speed_by[key][bucket(minutes)] += 1
        if minutes is not None:
            out.minutes_by[key].append(minutes)


async def _mix(session: AsyncSession, p: Period, out: Analytics) -> None:
    """The score bands and languages (one GROUP BY), and the channels."""
    band = score_band(Lead.score_total)
    query = select(band, Lead.language, func.count()).group_by(band, Lead.language)
    for low, language, count in await session.execute(_filtered(query, p)):
        out.scores[low] += count
        out.languages[language or "?"] += count
    channels = (
        select(Identity.channel, func.count(func.distinct(Identity.lead_id)))
        .where(Identity.lead_id.in_(_filtered(select(Lead.id), p)))
        .group_by(Identity.channel)
    )
    for channel, count in await session.execute(channels):
        out.channels[channel] = count


async def analytics(session: AsyncSession, p: Period) -> Analytics:
    out = Analytics()
    await _funnel(session, p, out)
    await _speed(session, p, out)
    await _mix(session, p, out)
    return out
