"""The embedded profile's SQLite driver (one trip to aiosqlite's thread per statement)
behaves as SQLAlchemy's aiosqlite adapter: rows, row counts, ids, errors, transactions."""

from __future__ import annotations

import asyncio
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


async def _terminate(tmp_path: Path, *, force_first: bool) -> bool:
    """SQLAlchemy's terminate, both halves: True if the graceful close ended."""
    engine = create_engine(f"sqlite:///{tmp_path / 'x.db'}")
    connection = await engine.connect()
    adapted = (await connection.get_raw_connection()).dbapi_connection
    assert isinstance(adapted, OneTripConnection)
    if force_first:
        adapted._terminate_force_close()
        graceful = asyncio.ensure_future(adapted._terminate_graceful_close())
    else:
        graceful = asyncio.ensure_future(adapted._terminate_graceful_close())
        await asyncio.sleep(0)  # the graceful close has started
        adapted._terminate_force_close()
    try:
        async with asyncio.timeout(1):
            await graceful
    except TimeoutError:
        graceful.cancel()
        return False
    finally:
        await connection.invalidate()  # the pool forgets it; nothing left to collect
        await connection.close()
        await engine.dispose()
    return True


@pytest.mark.parametrize("force_first", [False, True])
async def test_terminating_a_connection_never_leaves_a_task_waiting_forever(
    tmp_path: Path, force_first: bool
) -> None:
    """SQLAlchemy terminates an invalidated connection with a shielded graceful close and,
    when its wait is cancelled, a force close (the thread stopped), in either order. With
    aiosqlite's own close() the graceful task then waited forever for a thread already gone
    (20 times out of 20, and 12 out of 20, here), and the event loop could never close."""
    ended = [await _terminate(tmp_path, force_first=force_first) for _ in range(20)]
    assert all(ended), f"{ended.count(False)} of 20 closes never ended"
