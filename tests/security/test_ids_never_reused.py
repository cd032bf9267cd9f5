"""Issue 13 #5: an erased row's id is never handed out again, so a link, a Slack button or
a CRM record naming it never points at someone else. SQLite needs AUTOINCREMENT (migration
0007); PostgreSQL's sequences never go back: both checked on the migrated schema."""

from __future__ import annotations

import os
import time
import uuid
from collections.abc import Iterator

import pytest
import sqlalchemy as sa
from sqlalchemy.engine import make_url

from bot.db.migrate import upgrade
from bot.db.session import sync_url

POSTGRES = os.environ.get("TEST_POSTGRES_URL", "postgresql://postgres@127.0.0.1:5432/test")
NOW = "'2026-01-01 00:00:00+00'"


def _postgres_database() -> Iterator[str]:
    psycopg = pytest.importorskip("psycopg")
    try:
        admin = psycopg.connect(POSTGRES, autocommit=True, connect_timeout=3)
    except psycopg.OperationalError as exc:
        pytest.skip(f"no PostgreSQL at {POSTGRES}: {exc}")
    name = f"prospect_ids_{os.getpid()}_{int(time.time())}_{uuid.uuid4().hex[:6]}"
    with admin:
        admin.execute(f'CREATE DATABASE "{name}"')
    url = make_url(POSTGRES).set(drivername="postgresql+psycopg", database=name)
    try:
        yield url.render_as_string(hide_password=False)
    finally:
        with psycopg.connect(POSTGRES, autocommit=True) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture(params=["sqlite", "postgresql"])
def database_url(request: pytest.FixtureRequest, tmp_path: object) -> Iterator[str]:
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path}/ids.db"
    else:
        yield from _postgres_database()


def _new_lead(conn: sa.Connection) -> int:
    return int(
        conn.execute(
            sa.text(
                "INSERT INTO leads (created_at, updated_at, stage, profile, score_fit, "
                f"score_pain, score_total) VALUES ({NOW}, {NOW}, 'visitor', '{{}}', 0, 0, 0) "
                "RETURNING id"
            )
        ).scalar_one()
    )


def test_the_highest_id_erased_is_not_given_to_the_next_lead(database_url: str) -> None:
    upgrade(database_url)
    engine = sa.create_engine(sync_url(database_url))
    try:
        with engine.begin() as conn:
            first = _new_lead(conn)
            erased = _new_lead(conn)
            conn.execute(sa.text("DELETE FROM leads WHERE id = :id"), {"id": erased})
        with engine.begin() as conn:
            following = _new_lead(conn)
    finally:
        engine.dispose()
    assert first < erased < following
