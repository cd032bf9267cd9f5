"""Applying an SDR-ready threshold is explicit, recorded (who, when, from, to) and undoable:
the console's button (admins only, CSRF) and `prospect calibrate --apply|--undo`. The scorer
of every worker uses it, each reading the database again after THRESHOLD_CACHE_SECONDS."""

from __future__ import annotations

import asyncio
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from bot.calibration.threshold import ThresholdOverride, history
from bot.console.cli import change_threshold_command
from bot.db.migrate import upgrade
from bot.db.session import create_engine, create_sessionmaker
from bot.errors import ThresholdRefused
from bot.services import services_of
from bot.settings import Settings
from tests.assistant import POSTGRES, PROFILE
from tests.console.conftest import USERS, csrf_of, sign_in


class Clock:
    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


def test_a_worker_sees_another_workers_change_within_the_cache_time(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'db.sqlite'}"
    upgrade(url)
    clock = Clock()
    one = ThresholdOverride(70, floor=40, ttl=5, clock=clock)
    two = ThresholdOverride(70, floor=40, ttl=5, clock=clock)

    async def run() -> None:
        engine = create_engine(url)
        sessions = create_sessionmaker(engine)
        try:
            async with sessions() as session:
                assert await two.refresh(session) == 70
            async with sessions() as session, session.begin():
                await one.apply(session, 80, by="ada@example.com")
            async with sessions() as session:
                assert await one.refresh(session) == 80  # the worker that applied: at once
                clock.now = 4.9
                assert await two.refresh(session) == 70  # the other: its copy still holds
                clock.now = 5.0
                assert await two.refresh(session) == 80
            async with sessions() as session, session.begin():
                await two.apply(session, 90, by="ada@example.com")
                await two.undo(session, by="ada@example.com")
                await two.undo(session, by="ada@example.com")
                with pytest.raises(ThresholdRefused, match="no applied threshold"):
                    await two.undo(session, by="ada@example.com")
                with pytest.raises(ThresholdRefused, match="from the MQL threshold"):
                    await two.apply(session, 30, by="ada@example.com")
                for typo in (1e308, 1001.0, float("inf"), float("nan")):
                    with pytest.raises(ThresholdRefused, match="to 1000"):
                        await two.apply(session, typo, by="ada@example.com")
            async with sessions() as session:
                assert await two.refresh(session, force=True) == 70  # the configured one
                changes = await history(session)
            shown = [(c.action, c.from_value, c.to_value, c.undone) for c in changes]
            assert shown == [
                ("undo", 80, 70, False),
                ("undo", 90, 80, False),
                ("apply", 80, 90, True),
                ("apply", 70, 80, True),
            ]
        finally:
            await engine.dispose()

    asyncio.run(run())


def test_an_admin_applies_and_undoes_a_threshold_the_scorer_uses_it(console: TestClient) -> None:
    scorer = services_of(console.app.state).scorer  # type: ignore[attr-defined]
    configured = scorer.rules.sdr_ready_threshold
    csrf = sign_in(console, USERS["admin"])
    page = console.get("/console/calibration")
    assert 'id="apply-threshold"' in page.text and 'id="undo-button"' not in page.text
    done = console.post(
        "/console/calibration/apply",
        data={"csrf": csrf, "threshold": str(configured + 12)},
        follow_redirects=False,
    )
    assert done.status_code == 303
    page = console.get(done.headers["location"])  # this worker reads it again at once
    assert scorer.rules.sdr_ready_threshold == configured + 12
    assert not scorer.is_sdr_ready(configured + 6) and scorer.is_sdr_ready(configured + 12)
    assert f"{configured:g} → {configured + 12:g}" in page.text
    assert USERS["admin"] in page.text and 'id="undo-button"' in page.text
    rows = console.get("/api/leads?limit=500", headers=_admin(console)).json()
    assert all(row["score"] >= configured + 12 for row in rows if row["sdr_ready"])
    assert any(configured <= row["score"] < configured + 12 for row in rows)
    undone = console.post("/console/calibration/undo", data={"csrf": csrf})
    assert undone.status_code == 200 and "previous threshold is back" in undone.text
    assert scorer.rules.sdr_ready_threshold == configured
    assert "undone" in undone.text


def _admin(console: TestClient) -> dict[str, str]:
    from tests.conftest import ADMIN_TOKEN

    return {"Authorization": f"Bearer {ADMIN_TOKEN}"}


def test_a_threshold_that_is_no_number_or_below_mql_is_refused(console: TestClient) -> None:
    csrf = sign_in(console, USERS["admin"])
    for value, said, status in (("abc", "must be a number", 400), ("1", "MQL", 409)):
        refused = console.post(
            "/console/calibration/apply", data={"csrf": csrf, "threshold": value}
        )
        assert refused.status_code == status and said in refused.text
    assert console.post("/console/calibration/undo", data={"csrf": csrf}).status_code == 409


@pytest.mark.parametrize("role", ["sdr", "marketer"])
def test_only_an_admin_applies_or_undoes_a_threshold(console: TestClient, role: str) -> None:
    csrf = sign_in(console, USERS[role])
    page = console.get("/console/calibration")
    assert 'id="apply-threshold"' not in page.text and "Only an admin" in page.text
    for action in ("apply", "undo"):
        refused = console.post(
            f"/console/calibration/{action}", data={"csrf": csrf, "threshold": "99"}
        )
        assert refused.status_code == 403
    scorer = services_of(console.app.state).scorer  # type: ignore[attr-defined]
    assert scorer.rules.sdr_ready_threshold == scorer.configured_rules.sdr_ready_threshold


def test_applying_needs_the_csrf_token(console: TestClient) -> None:
    sign_in(console, USERS["admin"])
    refused = console.post("/console/calibration/apply", data={"csrf": "x", "threshold": "99"})
    assert refused.status_code == 403
    assert csrf_of(console.get("/console/calibration").text)


def test_prospect_calibrate_applies_and_undoes(
    settings: Settings, capsys: pytest.CaptureFixture[str]
) -> None:
    configured = settings.load_scoring_rules().sdr_ready_threshold
    assert change_threshold_command(settings, undo=False, threshold=configured + 5) == 0
    assert f"is {configured + 5:g} (was {configured:g})" in capsys.readouterr().out
    assert change_threshold_command(settings, undo=True, threshold=None) == 0
    assert f"is {configured:g} (was {configured + 5:g})" in capsys.readouterr().out
    assert change_threshold_command(settings, undo=True, threshold=None) == 1
    assert "no applied threshold" in capsys.readouterr().err


@pytest.mark.skipif(PROFILE != "production", reason="PROSPECT_TEST_PROFILE=production: PostgreSQL")
def test_two_workers_on_postgresql_share_the_threshold_and_one_undo_wins() -> None:
    import time

    import psycopg
    import sqlalchemy as sa

    name = f"prospect_threshold_{int(time.time() * 1000)}"
    server = sa.engine.make_url(POSTGRES)
    with psycopg.connect(POSTGRES, autocommit=True) as admin:
        admin.execute(f'CREATE DATABASE "{name}"')
    url = server.set(drivername="postgresql+psycopg", database=name)
    try:
        upgrade(url.render_as_string(hide_password=False))
        asyncio.run(_two_workers(url.render_as_string(hide_password=False)))
    finally:
        with psycopg.connect(POSTGRES, autocommit=True) as admin:
            admin.execute(f'DROP DATABASE "{name}" WITH (FORCE)')


async def _two_workers(url: str) -> None:
    clock = Clock()
    engines = [create_engine(url), create_engine(url)]  # one pool per worker
    workers = [
        (create_sessionmaker(e), ThresholdOverride(70, floor=40, clock=clock)) for e in engines
    ]
    try:
        (one_sessions, one), (two_sessions, two) = workers
        async with two_sessions() as session:
            assert await two.refresh(session) == 70
        async with one_sessions() as session, session.begin():
            await one.apply(session, 80, by="ada@example.com")
        clock.now = 5
        async with two_sessions() as session:
            assert await two.refresh(session) == 80

        async def undo(sessions: Any, worker: ThresholdOverride) -> str:
            try:
                async with sessions() as session, session.begin():
                    await worker.undo(session, by="ada@example.com")
                    await asyncio.sleep(0.3)  # the other undo waits on the unique index
                return "undone"
            except ThresholdRefused:
                return "refused"

        done = await asyncio.gather(undo(one_sessions, one), undo(two_sessions, two))
        assert sorted(done) == ["refused", "undone"]
        async with one_sessions() as session:
            assert await one.refresh(session, force=True) == 70
    finally:
        for engine in engines:
            await engine.dispose()
