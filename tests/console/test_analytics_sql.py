"""The analytics counted by the database (GROUP BY, bot/console/analytics.py) give the same
figures as counting every lead in Python (the way it was done before, kept here as the
reference), on SQLite and on PostgreSQL, by day and by week, with and without filters."""

from __future__ import annotations

import os
import time
import uuid
from collections import Counter, defaultdict
from collections.abc import Iterator
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import exists, select
from sqlalchemy.engine import make_url
from sqlalchemy.ext.asyncio import AsyncSession

from bot.console.analytics import (
    BEYOND_MQL,
    HANDED,
    SCORE_BAND,
    SCORE_TOP,
    Analytics,
    Period,
    _filtered,
    analytics,
    bucket,
)
from bot.console.demo_data import fill
from bot.db.migrate import upgrade
from bot.db.models import Handoff, Identity, Lead
from bot.db.session import create_engine, create_sessionmaker
from bot.leads.scoring import aware
from scoring.rules import load_rules

POSTGRES = os.environ.get("TEST_POSTGRES_URL", "postgresql://postgres@127.0.0.1:5432/test")
NOW = datetime(2026, 3, 2, 12, 0, tzinfo=UTC)
PERIODS = [
    Period(date(2025, 12, 1), date(2026, 3, 2), "week"),
    Period(date(2026, 1, 1), date(2026, 2, 15), "day"),
    Period(date(2025, 12, 1), date(2026, 3, 2), "week", channel="telegram"),
    Period(date(2025, 12, 1), date(2026, 3, 2), "day", language="fr", channel="web"),
]


def _postgres() -> Iterator[str]:
    psycopg = pytest.importorskip("psycopg")
    try:
        admin = psycopg.connect(POSTGRES, autocommit=True, connect_timeout=3)
    except psycopg.OperationalError as exc:
        pytest.skip(f"no PostgreSQL at {POSTGRES}: {exc}")
    name = f"prospect_analytics_{os.getpid()}_{int(time.time())}_{uuid.uuid4().hex[:6]}"
    with admin:
        admin.execute(f'CREATE DATABASE "{name}"')
    try:
        yield (
            make_url(POSTGRES)
            .set(drivername="postgresql+psycopg", database=name)
            .render_as_string(hide_password=False)
        )
    finally:
        with psycopg.connect(POSTGRES, autocommit=True) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture(params=["sqlite", "postgresql"])
def database_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path}/analytics.db"
    else:
        yield from _postgres()


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


async def reference(session: AsyncSession, p: Period) -> Analytics:
    """Every lead of the period read into Python and counted here (the code before SQL)."""
    named = exists().where(Identity.lead_id == Lead.id, Identity.channel != "web")
    columns = (Lead.id, Lead.created_at, Lead.stage, Lead.email, named, Lead.score_total)
    leads = (await session.execute(_filtered(select(*columns, Lead.language), p))).all()
    handoffs: dict[int, list[Handoff]] = defaultdict(list)
    query = select(Handoff).join(Lead, Lead.id == Handoff.lead_id).order_by(Handoff.id)
    for h in await session.scalars(_filtered(query, p)):
        handoffs[h.lead_id].append(h)
    out = Analytics()
    for lead_id, created, stage, email, has_named, score, language in leads:
        out.scores[min(int(score // SCORE_BAND) * SCORE_BAND, SCORE_TOP)] += 1
        out.languages[language or "?"] += 1
        for step in _steps(stage, email is not None or bool(has_named), handoffs[lead_id]):
            out.funnel[step] += 1
            out.funnel_by[p.key(created)][step] += 1
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


def _figures(a: Analytics) -> dict[str, Any]:
    return {
        "funnel": a.funnel,
        "funnel_by": {k: +v for k, v in a.funnel_by.items()},
        "speed": a.speed,
        "speed_by": {k: +v for k, v in a.speed_by.items()},
        "medians": {k: a.median_minutes(k) for k in a.minutes_by} | {"": a.median_minutes()},
        "scores": +a.scores,
        "languages": a.languages,
    }


async def test_sql_counts_match_counting_every_lead(database_url: str) -> None:
    upgrade(database_url)
    engine = create_engine(database_url)
    sessions = create_sessionmaker(engine)
    try:
        async with sessions() as session, session.begin():
            await fill(session, leads=400, seed=11, rules=load_rules(), now=NOW)
            # A lead handed over twice, once on request: counted once per step.
            lead = await session.scalar(select(Lead).where(Lead.stage == "customer").limit(1))
            assert lead is not None
            session.add(Handoff(lead_id=lead.id, reason="requested", created_at=NOW))
        async with sessions() as session:
            for p in PERIODS:
                got, want = await analytics(session, p), await reference(session, p)
                assert _figures(got) == _figures(want), p
                assert sum(want.funnel_by.values(), Counter())["visitor"] > 10, p
            everything = await analytics(session, PERIODS[0])
        assert all(date.fromisoformat(week).weekday() == 0 for week in everything.funnel_by)
        assert everything.funnel["customer"] and everything.speed["under_1_h"]
    finally:
        await engine.dispose()
