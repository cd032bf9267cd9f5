"""The analytics page: the funnel, speed to lead, the score distribution, the mix and the
content questions, each a chart with its table under it."""

from __future__ import annotations

from datetime import UTC, datetime, time, timedelta

from fastapi import APIRouter
from fastapi.responses import Response
from sqlalchemy.ext.asyncio import AsyncSession

from bot.console.analytics import (
    BUCKETS,
    SCORE_BAND,
    SCORE_TOP,
    STEPS,
    Analytics,
    Period,
    analytics,
)
from bot.console.content_analytics import ContentNumbers, content_numbers
from bot.console.lead_list import CHANNELS
from bot.console.web import SignedInDep
from bot.db.models import utcnow
from bot.nurture.stats import ScenarioStats, nurture_stats

router = APIRouter(prefix="/console/analytics", include_in_schema=False)


def band_label(low: int) -> str:
    return f"{low}+" if low >= SCORE_TOP else f"{low}-{low + SCORE_BAND - 1}"


def _distribution(
    numbers: Analytics, mql: float, ready: float, t: dict[str, str]
) -> dict[str, object]:
    """Bands coloured by threshold: under MQL, MQL, SDR-ready (a band holding a threshold
    takes the colour of its lower part)."""
    bands = list(range(0, SCORE_TOP + 1, SCORE_BAND))
    colors = ["#2a9d8f" if b >= ready else "#e9c46a" if b >= mql else "#9aa5b1" for b in bands]
    return {
        "scores": {
            "labels": [band_label(b) for b in bands],
            "values": [numbers.scores[b] for b in bands],
            "colors": colors,
            "label": t["leads"],
        }
    }


def _mix(counts: dict[str, int], label: str) -> dict[str, object]:
    ranked = sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))
    return {"labels": [k for k, _ in ranked], "values": [v for _, v in ranked], "label": label}


def _content(content: ContentNumbers, t: dict[str, str]) -> dict[str, object]:
    """Questions asked per period: answered (green) and not (orange)."""
    keys = sorted(content.by)
    return {
        "labels": keys,
        "datasets": [
            {
                "label": t[kind],
                "values": [content.by[k][kind] for k in keys],
                "color": "#2a9d8f" if kind == "answered" else "#f4a261",
            }
            for kind in ("answered", "unanswered")
        ],
    }


async def _nurture(
    reader: SignedInDep, session: AsyncSession, period: Period
) -> list[ScenarioStats]:
    """The follow-up sequences' steps sent in the period (UTC days)."""
    scheduler = reader.services.nurture
    names = [s.name for s in scheduler.scenarios] if scheduler else []
    since = datetime.combine(period.start, time(0), tzinfo=UTC)
    until = datetime.combine(period.end + timedelta(days=1), time(0), tzinfo=UTC)
    return await nurture_stats(session, scenarios=names, since=since, until=until)


@router.get("")
async def analytics_page(reader: SignedInDep) -> Response:
    period = Period.parse(reader.request.query_params, utcnow().date())
    async with reader.services.sessions() as session:
        numbers = await analytics(session, period)
        content = await content_numbers(session, period)
        nurture = await _nurture(reader, session, period)
    t = reader.t
    charts = {
        "funnel": {
            "labels": [t[f"step_{s}"] for s in STEPS],
            "values": [numbers.funnel[s] for s in STEPS],
            "label": t["leads"],
        },
        **_distribution(
            numbers,
            reader.services.scorer.rules.mql_threshold,
            reader.services.scorer.rules.sdr_ready_threshold,
            t,
        ),
        "languages": _mix(numbers.languages, t["leads"]),
        "channels": _mix(numbers.channels, t["leads"]),
        "speed": {
            "labels": [t[f"bucket_{b}"] for b in BUCKETS],
            "values": [numbers.speed[b] for b in BUCKETS],
            "label": t["handoffs"],
        },
        "content": _content(content, t),
    }
    return reader.render(
        "analytics.html",
        active="analytics",
        period=period,
        numbers=numbers,
        steps=STEPS,
        buckets=BUCKETS,
        channels=CHANNELS,
        charts=charts,
        content=content,
        nurture=nurture,
        titles={i: d.title for i, d in reader.services.content.documents.items()},
        band_label=band_label,
        thresholds=(
            reader.services.scorer.rules.mql_threshold,
            reader.services.scorer.rules.sdr_ready_threshold,
        ),
    )
