"""Alembic migrations build exactly the schema the models describe."""

from pathlib import Path

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import create_engine, inspect

from bot.db.migrate import upgrade
from bot.db.models import Base


def test_migrations_create_every_table_on_an_empty_database(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'nested' / 'db.sqlite'}"
    upgrade(url)
    tables = set(inspect(create_engine(url)).get_table_names())
    assert {"leads", "identities", "conversations", "messages"} <= tables


def test_migrations_match_the_models(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'db.sqlite'}"
    upgrade(url)
    with create_engine(url).connect() as conn:
        diff = compare_metadata(MigrationContext.configure(conn), Base.metadata)
    assert diff == []


def test_upgrading_twice_is_harmless(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'db.sqlite'}"
    upgrade(url)
    upgrade(url)


def test_upgrading_a_database_with_leads_keeps_them_and_fills_the_new_columns(
    tmp_path: Path,
) -> None:
    url = f"sqlite:///{tmp_path / 'db.sqlite'}"
    upgrade(url, "0001")
    engine = create_engine(url)
    with engine.begin() as conn:
        conn.exec_driver_sql(
            "INSERT INTO leads (id, created_at, updated_at, stage) "
            "VALUES (1, '2026-01-01 00:00:00', '2026-01-01 00:00:00', 'new')"
        )
    upgrade(url)
    with engine.connect() as conn:
        row = conn.exec_driver_sql("SELECT stage, score_total, profile FROM leads").one()
    assert tuple(row) == ("visitor", 0.0, "{}")
