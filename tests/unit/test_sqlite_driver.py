"""The embedded profile's SQLite driver (one trip to aiosqlite's thread per statement)
behaves as SQLAlchemy's aiosqlite adapter: rows, row counts, ids, errors, transactions."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import text
from sqlalchemy.exc import IntegrityError, OperationalError

from bot.db.session import create_engine
from bot.db.sqlite_driver import OneTripConnection


async def test_rows_counts_ids_errors_and_rollbacks(tmp_path: Path) -> None:
    engine = create_engine(f"sqlite:///{tmp_path / 'x.db'}")
    try:
        async with engine.begin() as connection:
            raw = await connection.get_raw_connection()
            assert isinstance(raw.dbapi_connection, OneTripConnection)
            await connection.execute(text("CREATE TABLE t (id INTEGER PRIMARY KEY, v TEXT UNIQUE)"))
            inserted = await connection.execute(text("INSERT INTO t (v) VALUES ('a')"))
            assert inserted.lastrowid == 1
            many = [{"v": "b"}, {"v": "c"}]  # executemany
            await connection.execute(text("INSERT INTO t (v) VALUES (:v)"), many)
            updated = await connection.execute(text("UPDATE t SET v = v || '!' WHERE id > 1"))
            assert updated.rowcount == 2
            result = await connection.execute(text("SELECT id, v FROM t ORDER BY id"))
            assert list(result.keys()) == ["id", "v"]
            assert [tuple(r) for r in result] == [(1, "a"), (2, "b!"), (3, "c!")]
            assert (await connection.execute(text("SELECT v FROM t WHERE id = 9"))).first() is None

        with pytest.raises(IntegrityError):
            async with engine.begin() as connection:
                await connection.execute(text("INSERT INTO t (v) VALUES ('z')"))
                await connection.execute(text("INSERT INTO t (v) VALUES ('a')"))
        async with engine.connect() as connection:  # the whole transaction was rolled back
            count = await connection.scalar(text("SELECT count(*) FROM t"))
            assert count == 3
            with pytest.raises(OperationalError):
                await connection.execute(text("SELECT nope FROM t"))
    finally:
        await engine.dispose()
