"""The analytics page: the funnel and speed to lead, each a chart with its table under it."""

from __future__ import annotations

from fastapi import APIRouter
from fastapi.responses import Response

from bot.console.analytics import BUCKETS, STEPS, Period, analytics
from bot.console.lead_list import CHANNELS
from bot.console.web import SignedInDep
from bot.db.models import utcnow

router = APIRouter(prefix="/console/analytics", include_in_schema=False)


@router.get("")
async def analytics_page(reader: SignedInDep) -> Response:
    period = Period.parse(reader.request.query_params, utcnow().date())
    async with reader.services.sessions() as session:
        numbers = await analytics(session, period)
    t = reader.t
    charts = {
        "funnel": {
            "labels": [t[f"step_{s}"] for s in STEPS],
            "values": [numbers.funnel[s] for s in STEPS],
            "label": t["leads"],
        },
        "speed": {
            "labels": [t[f"bucket_{b}"] for b in BUCKETS],
            "values": [numbers.speed[b] for b in BUCKETS],
            "label": t["handoffs"],
        },
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
    )
