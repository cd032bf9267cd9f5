"""Async engine and session factory, made from a database URL."""

from __future__ import annotations

import logging
from typing import Any

from sqlalchemy import event
from sqlalchemy.engine import make_url
from sqlalchemy.ext.asyncio import AsyncEngine, async_sessionmaker, create_async_engine
from sqlalchemy.ext.asyncio import AsyncSession as AsyncSession
from sqlalchemy.orm import Session

from bot.db.sqlite_driver import one_trip_aiosqlite

log = logging.getLogger(__name__)


def sync_url(url: str) -> str:
    """The URL for synchronous drivers (Alembic): the async drivers swapped out."""
    u = make_url(url)
    if u.drivername in ("sqlite+aiosqlite",):
        u = u.set(drivername="sqlite")
    elif u.drivername in ("postgresql", "postgresql+asyncpg", "postgres"):
        u = u.set(drivername="postgresql+psycopg")
    return u.render_as_string(hide_password=False)


def async_url(url: str) -> str:
    """The URL for the async engine: SQLite via aiosqlite, PostgreSQL via psycopg 3."""
    u = make_url(url)
    if u.drivername in ("sqlite", "sqlite+pysqlite"):
        u = u.set(drivername="sqlite+aiosqlite")
    elif u.drivername in ("postgresql", "postgres"):
        u = u.set(drivername="postgresql+psycopg")
    return u.render_as_string(hide_password=False)


def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA journal_mode=WAL")
    # One writer at a time: under overload (100 conversations at once on 2 cores, `make
    # bench`) a transaction can wait for the write lock longer than 5 s; it waits its turn
    # (up to 30 s, a web request's patience) instead of failing with "database is locked".
    cursor.execute("PRAGMA busy_timeout=30000")
    # Deleted content is overwritten with zeros, not left in free space where the file can
    # still be read (erasure, docs/privacy.md); `truncate_wal` then empties the log.
    cursor.execute("PRAGMA secure_delete=ON")
    cursor.close()


def _begin_before_savepoint(connection: Any, _name: str) -> None:
    """SQLite's Python driver opens a transaction only before the first write, so a
    SAVEPOINT issued before any write is a transaction of its own, and its RELEASE commits
    it whatever the enclosing transaction does next. Open the transaction first: the
    savepoint is then nested in it and rolls back with it. (Transactions that start with
    a write, or hold none, are unchanged.)"""
    adapted = connection.connection.dbapi_connection
    raw = getattr(adapted, "_connection", adapted)  # aiosqlite's Connection, or sqlite3's
    if not raw.in_transaction:
        connection.exec_driver_sql("BEGIN")


async def truncate_wal(engine: AsyncEngine) -> None:
    """SQLite: copy the write-ahead log into the database and truncate it to zero bytes, so
    no earlier version of a page (a deleted row's) stays in the `-wal` file. Nothing to do
    on a server database. Waits for readers up to the busy timeout; if one still holds the
    log, says so (the next erasure or SQLite's own checkpoints empty it)."""
    if engine.dialect.name != "sqlite":
        return
    async with engine.connect() as connection:
        outcome = (await connection.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")).one()
    if outcome[0]:  # busy
        log.warning("SQLite %s: a reader held the write-ahead log; not truncated", engine.url)


def create_engine(url: str) -> AsyncEngine:
    # A pooled connection to PostgreSQL can die with the server (a restart, a failover):
    # it is checked before use. A SQLite file cannot, and the check is a query a transaction.
    server = not make_url(url).drivername.startswith("sqlite")
    # SQLite: aiosqlite with one trip to its thread per statement (bot/db/sqlite_driver.py).
    driver = {} if server else {"module": one_trip_aiosqlite()}
    engine = create_async_engine(async_url(url), pool_pre_ping=server, **driver)
    if engine.dialect.name == "sqlite":
        event.listen(engine.sync_engine, "connect", _sqlite_pragmas)
        event.listen(engine.sync_engine, "savepoint", _begin_before_savepoint)
    return engine


def create_sessionmaker(engine: AsyncEngine) -> async_sessionmaker[AsyncSession]:
    # A session class of its own, so session events (the outbox's wake-up) registered for
    # this app never fire for another app in the same process (tests create many).
    own = type("AppSession", (Session,), {})
    return async_sessionmaker(engine, expire_on_commit=False, sync_session_class=own)
