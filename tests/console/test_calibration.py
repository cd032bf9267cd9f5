"""Calibration against a known truth: on demo data whose verdicts are drawn from a known
P(yes | score), the reliability curve holds the truth inside its intervals and the threshold
recommended from what happened lands near the one the truth itself would recommend."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from bot.calibration.cases import load_cases
from bot.console.demo_data import fill, true_p_yes
from bot.db.migrate import upgrade
from bot.db.models import utcnow
from bot.db.session import create_engine, create_sessionmaker
from scoring.calibration import Case, recommend, report, wilson
from scoring.rules import load_rules
from tests.console.conftest import USERS, sign_in

TOLERANCE = 5  # score points between the recommended threshold and the true one


def test_wilson_intervals() -> None:
    low, high = wilson(5, 10)
    assert round(low, 3) == 0.237 and round(high, 3) == 0.763
    assert round(wilson(0, 10)[0], 9) == 0.0 and round(wilson(0, 10)[1], 3) == 0.278
    assert wilson(0, 0) == (0.0, 1.0)


def test_recommend_picks_the_lowest_threshold_meeting_the_target() -> None:
    scored = [(float(s), 1.0 if s >= 80 else 0.0) for s in range(70, 100)]
    assert recommend(scored, target=0.9) == 78.0  # 20 of the 22 at or above 78 succeed
    assert recommend(scored, target=1.0) == 80.0
    assert recommend([(70.0, 0.0)] * 20, target=0.1) is None


@pytest.fixture(scope="module")
def demo_cases(tmp_path_factory: pytest.TempPathFactory) -> list[Case]:
    import asyncio

    url = f"sqlite:///{tmp_path_factory.mktemp('calibration') / 'db.sqlite'}"
    upgrade(url)

    async def run() -> list[Case]:
        engine = create_engine(url)
        try:
            sessions = create_sessionmaker(engine)
            async with sessions() as session, session.begin():
                await fill(session, leads=2000, seed=11, rules=load_rules(), now=utcnow())
            async with sessions() as session:
                return await load_cases(session)
        finally:
            await engine.dispose()

    return asyncio.run(run())


def test_the_recommended_threshold_lands_near_the_true_one(demo_cases: list[Case]) -> None:
    judged = [c for c in demo_cases if c.verdict]
    assert len(judged) > 200
    for target in (0.25, 0.3, 0.35):
        seen = recommend([(c.score, float(c.verdict == "yes")) for c in judged], target)
        truth = recommend([(c.score, true_p_yes(c.score)) for c in judged], target)
        assert seen is not None and truth is not None
        assert abs(seen - truth) <= TOLERANCE, (target, seen, truth)


def test_the_reliability_curve_holds_the_truth(demo_cases: list[Case]) -> None:
    found = report(demo_cases, 70)
    checked = 0
    for band, yes, _ in found.curve:
        low = int(band.split("-")[0])
        if yes.small:
            continue
        cases = [c for c in demo_cases if c.verdict and low <= c.score < low + 10]
        truth = sum(true_p_yes(c.score) for c in cases) / len(cases)
        assert yes.interval[0] <= truth <= yes.interval[1], (band, yes, truth)
        checked += 1
    assert checked >= 1
    assert found.no.value is not None and 0.01 < found.no.value < 0.12  # the model's 5 %


def test_the_calibration_page_reads_for_every_role(console: TestClient, tmp_path: Path) -> None:
    sign_in(console, USERS["sdr"])
    page = console.get("/console/calibration")
    assert page.status_code == 200
    assert 'id="curve-data"' in page.text and "Only an admin applies" in page.text


def test_the_chart_has_each_bands_interval_and_both_thresholds(demo_cases: list[Case]) -> None:
    from bot.console.calibration_routes import _chart
    from bot.console.i18n import translator

    found = report(demo_cases, 70)
    chart = _chart(found, translator("en"))
    assert chart["threshold"] == 70 and chart["recommended"] == found.recommended
    band = chart["points"][0]
    assert band["yes_low"] <= band["yes"] <= band["yes_high"]
    assert band["won_low"] <= band["won"] <= band["won_high"]
    assert chart["x_min"] <= min(p["x"] for p in chart["points"]) - 5
    assert chart["x_max"] >= max(p["x"] for p in chart["points"]) + 5


def _cases_counted_in_python(
    handoffs: list[Any], changes: list[Any], outcomes: list[Any]
) -> list[Case]:
    """The cases as the code before the GROUP BY read them: every row into Python."""
    from collections import defaultdict

    first: dict[int, Any] = {}
    for h in sorted(handoffs, key=lambda h: h.id):
        if h.reason == "sdr_ready":
            first.setdefault(h.lead_id, h)
    won = {o.lead_id: o.outcome == "won" for o in sorted(outcomes, key=lambda o: o.id)}
    cases = []
    for lead_id, h in first.items():
        points: dict[str, float] = defaultdict(float)
        for c in changes:
            if c.lead_id == lead_id and c.at <= h.created_at:
                points[c.signal] += c.points
        signals = frozenset(name for name, total in points.items() if total > 0)
        cases.append(Case(sum(points.values()), signals, h.verdict, won.get(lead_id)))
    return cases


def test_the_cases_summed_by_the_database_are_those_counted_row_by_row(
    tmp_path: Path,
) -> None:
    import asyncio

    from sqlalchemy import select

    from bot.db.models import Handoff, Outcome, ScoreChange

    url = f"sqlite:///{tmp_path / 'db.sqlite'}"
    upgrade(url)

    async def run() -> tuple[list[Case], list[Case]]:
        engine = create_engine(url)
        try:
            sessions = create_sessionmaker(engine)
            async with sessions() as session, session.begin():
                await fill(session, leads=400, seed=5, rules=load_rules(), now=utcnow())
            async with sessions() as session:
                by_sql = await load_cases(session)
                rows = [
                    list(await session.scalars(select(model)))
                    for model in (Handoff, ScoreChange, Outcome)
                ]
                return by_sql, _cases_counted_in_python(*rows)
        finally:
            await engine.dispose()

    by_sql, by_rows = asyncio.run(run())
    assert len(by_sql) > 20 and any(c.won is not None for c in by_sql)

    def key(c: Case) -> tuple[float, tuple[str, ...], str, str]:
        return (round(c.score, 6), tuple(sorted(c.signals)), str(c.verdict), str(c.won))

    assert sorted(map(key, by_sql)) == sorted(map(key, by_rows))
