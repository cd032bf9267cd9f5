"""Fixtures for the meetings tests: a Radicale server per module, a fresh database (SQLite,
and PostgreSQL when one answers at TEST_POSTGRES_URL), reps whose calendar is on Radicale."""

from __future__ import annotations

import os
import shutil
import uuid
from collections.abc import Iterator
from datetime import time
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import make_url

from bot.db.migrate import upgrade
from bot.meetings.config import Availability, MeetingsConfig, Rep
from tests.meetings.radicale_server import PASSWORD, USER, Radicale, free_port, radicale

POSTGRES = os.environ.get("TEST_POSTGRES_URL", "postgresql://postgres@127.0.0.1:5432/test")
PARIS = ZoneInfo("Europe/Paris")
PASSWORD_ENV = "MEETINGS_TEST_PASSWORD"
RULES = Availability(
    time_zone=PARIS,
    working_hours={d: ((time(9), time(12)), (time(14), time(18))) for d in range(5)},
    buffer_minutes=10,
    min_notice_minutes=0,
)


@pytest.fixture(scope="module")
def radicale_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Radicale]:
    with radicale(tmp_path_factory.mktemp("radicale")) as server:
        yield server


@pytest.fixture
def calendar_url(radicale_server: Radicale, monkeypatch: pytest.MonkeyPatch) -> str:
    """A new empty calendar on Radicale; its password in the rep's variable."""
    monkeypatch.setenv(PASSWORD_ENV, PASSWORD)
    return radicale_server.new_calendar()


def rep_on(url: str | None, booking_link: str | None = "https://cal.example.com/alice") -> Rep:
    return Rep(
        id="alice",
        name="Alice Martin",
        email="alice@orbitly.example",
        availability=RULES,
        caldav_url=url,
        username=USER,
        password_env=PASSWORD_ENV,
        booking_link=booking_link,
    )


def config_on(
    url: str | None, booking_link: str | None = "https://cal.example.com/alice"
) -> MeetingsConfig:
    return MeetingsConfig(reps=(rep_on(url, booking_link),))


def unreachable_url() -> str:
    """A CalDAV URL where nothing listens: the calendar is down."""
    return f"http://127.0.0.1:{free_port()}/alice/calendar/"


def _postgres_url() -> Iterator[str]:
    psycopg = pytest.importorskip("psycopg")
    try:
        admin = psycopg.connect(POSTGRES, autocommit=True, connect_timeout=3)
    except psycopg.OperationalError as exc:
        pytest.skip(f"no PostgreSQL at {POSTGRES}: {exc}")
    name = f"prospect_meetings_{os.getpid()}_{uuid.uuid4().hex[:8]}"
    with admin:
        admin.execute(f'CREATE DATABASE "{name}"')
    try:
        url = make_url(POSTGRES).set(drivername="postgresql+psycopg", database=name)
        yield url.render_as_string(hide_password=False)
    finally:
        with psycopg.connect(POSTGRES, autocommit=True) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture(scope="session")
def migrated_sqlite(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A SQLite file migrated once; each test gets a copy (the migrations take a second)."""
    path = tmp_path_factory.mktemp("template") / "meetings.db"
    upgrade(f"sqlite:///{path}")
    return path


@pytest.fixture
def sqlite_url(tmp_path: Path, migrated_sqlite: Path) -> str:
    shutil.copyfile(migrated_sqlite, tmp_path / "meetings.db")
    return f"sqlite:///{tmp_path}/meetings.db"


@pytest.fixture(params=["sqlite", "postgresql"])
def database_url(
    request: pytest.FixtureRequest, tmp_path: Path, migrated_sqlite: Path
) -> Iterator[str]:
    """A migrated database: SQLite, then PostgreSQL when one answers."""
    if request.param == "sqlite":
        shutil.copyfile(migrated_sqlite, tmp_path / "meetings.db")
        yield f"sqlite:///{tmp_path}/meetings.db"
        return
    for url in _postgres_url():
        upgrade(url)
        yield url
