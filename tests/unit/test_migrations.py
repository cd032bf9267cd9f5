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


def test_0007_keeps_rows_merges_duplicate_conversations_and_never_reuses_ids(
    tmp_path: Path,
) -> None:
    url = f"sqlite:///{tmp_path / 'db.sqlite'}"
    upgrade(url, "0006")
    engine = create_engine(url)
    now = "'2026-01-01 00:00:00'"
    with engine.begin() as conn:
        for lead_id in (1, 2):
            conn.exec_driver_sql(
                f"INSERT INTO leads (id, created_at, updated_at, stage, profile, score_fit, "
                f"score_pain, score_total) VALUES ({lead_id}, {now}, {now}, 'visitor', '{{}}', "
                "0, 0, 0)"
            )
        conn.exec_driver_sql(
            f"INSERT INTO identities (id, channel, external_id, lead_id, created_at) "
            f"VALUES (1, 'web', 'v', 1, {now})"
        )
        for conversation_id in (1, 2, 3):  # the old first-contact race left three
            conn.exec_driver_sql(
                "INSERT INTO conversations (id, lead_id, identity_id, channel, mode, started_at, "
                f"last_message_at) VALUES ({conversation_id}, 1, 1, 'web', 'bot', {now}, {now})"
            )
            conn.exec_driver_sql(
                "INSERT INTO messages (conversation_id, direction, author, text, data, status, "
                f"created_at) VALUES ({conversation_id}, 'inbound', 'prospect', "
                f"'m{conversation_id}', '{{}}', 'answered', {now})"
            )
        conn.exec_driver_sql("DELETE FROM leads WHERE id = 2")  # the highest id, erased
    upgrade(url)
    with engine.begin() as conn:
        assert conn.exec_driver_sql("SELECT id FROM conversations").all() == [(3,)]
        texts = conn.exec_driver_sql("SELECT conversation_id, text FROM messages ORDER BY id")
        assert texts.all() == [(3, "m1"), (3, "m2"), (3, "m3")]
        conn.exec_driver_sql("DELETE FROM messages WHERE id = 3")
        conn.exec_driver_sql(
            "INSERT INTO messages (conversation_id, direction, author, text, data, status, "
            f"created_at) VALUES (3, 'inbound', 'prospect', 'new', '{{}}', 'answered', {now})"
        )
        assert conn.exec_driver_sql("SELECT MAX(id) FROM messages").scalar() == 4
        assert conn.exec_driver_sql("PRAGMA foreign_key_check").all() == []
        tables = conn.exec_driver_sql(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND sql LIKE '%AUTOINCREMENT%'"
        )
        assert {"leads", "conversations", "messages", "handoffs", "outbox"} <= set(tables.scalars())
