"""SQLite for the async app (the embedded profile) with one trip to aiosqlite's thread per
statement instead of four.

SQLAlchemy's aiosqlite adapter opens a cursor, executes, fetches and closes it as four
separate calls into aiosqlite's worker thread, each a queue hand-off, a thread wake-up and
an event-loop wake-up. Measured here (`make bench`, py-spy and a micro-benchmark), those
hand-offs cost more CPU than SQLite itself: a transaction with one SELECT took 1.7 ms of
CPU through the adapter and 0.4 ms through the synchronous driver. This module gives
SQLAlchemy's own aiosqlite dialect a cursor that does the four steps in one call in that
thread (`aiosqlite.Connection._execute`, as aiosqlite's own `execute_fetchall` does) and
hands back the rows, the description, the row count and the last row id. It is plugged in
with `create_async_engine(..., module=one_trip_aiosqlite())`, SQLAlchemy's hook for an
alternate DBAPI module; the dialect, the pool, the transactions and the errors are
SQLAlchemy's and aiosqlite's.

Server-side (streaming) cursors keep SQLAlchemy's implementation.
"""

from __future__ import annotations

import collections
import sqlite3
from typing import Any

import aiosqlite
from sqlalchemy.dialects.sqlite.aiosqlite import (
    AsyncAdapt_aiosqlite_connection,
    AsyncAdapt_aiosqlite_cursor,
    AsyncAdapt_aiosqlite_dbapi,
)
from sqlalchemy.util import EMPTY_DICT


class _Outcome:
    """What one statement left behind, read in aiosqlite's thread."""

    __slots__ = ("description", "lastrowid", "rowcount", "rows")

    def __init__(self, cursor: sqlite3.Cursor, rows: list[Any]) -> None:
        self.description = cursor.description
        self.rows = rows
        self.rowcount = cursor.rowcount
        self.lastrowid = cursor.lastrowid


def _run(connection: sqlite3.Connection, operation: str, parameters: Any, many: bool) -> _Outcome:
    cursor = connection.cursor()
    try:
        if many:
            cursor.executemany(operation, parameters)
        elif parameters is None:
            cursor.execute(operation)
        else:
            cursor.execute(operation, parameters)
        rows = cursor.fetchall() if cursor.description else []
        return _Outcome(cursor, rows)
    finally:
        cursor.close()


class OneTripCursor(AsyncAdapt_aiosqlite_cursor):
    __slots__ = ("_outcome",)

    def __init__(self, adapt_connection: Any) -> None:
        # No aiosqlite cursor is opened here: each statement opens and closes its own.
        self._adapt_connection = adapt_connection
        self._connection = adapt_connection._connection
        self._soft_closed_memoized = EMPTY_DICT
        self._rows = collections.deque()
        self._outcome: _Outcome | None = None

    @property
    def description(self) -> Any:
        return self._outcome.description if self._outcome is not None else None

    @property
    def rowcount(self) -> int:
        return self._outcome.rowcount if self._outcome is not None else -1

    @property
    def lastrowid(self) -> Any:
        return self._outcome.lastrowid if self._outcome is not None else None

    @property
    def arraysize(self) -> int:
        return 1

    @arraysize.setter
    def arraysize(self, value: int) -> None:
        pass

    async def _execute_async(self, operation: Any, parameters: Any) -> Any:
        await self._run(operation, parameters, many=False)

    async def _executemany_async(self, operation: Any, seq_of_parameters: Any) -> Any:
        await self._run(operation, seq_of_parameters, many=True)

    async def _run(self, operation: Any, parameters: Any, *, many: bool) -> None:
        connection: Any = self._connection  # an aiosqlite.Connection
        async with self._adapt_connection._execute_mutex:
            outcome = await connection._execute(_run, connection._conn, operation, parameters, many)
        self._outcome = outcome
        self._rows = collections.deque(outcome.rows)

    async def _async_soft_close(self) -> None:
        return None  # nothing is open

    def close(self) -> None:
        self._rows.clear()

    def setinputsizes(self, *inputsizes: Any) -> None:
        return None  # sqlite3 ignores them too

    def nextset(self) -> None:
        raise NotImplementedError("SQLite has no multiple result sets")


class OneTripConnection(AsyncAdapt_aiosqlite_connection):
    __slots__ = ()
    _cursor_cls = OneTripCursor

    async def _terminate_graceful_close(self) -> None:
        """Close by stopping aiosqlite's thread (it closes the sqlite connection first).

        SQLAlchemy terminates an invalidated connection (a query cancelled at shutdown) by
        running this in a shielded task and, if its own wait is cancelled, stopping the
        thread at once (`_terminate_force_close`). aiosqlite's `close()` would then await a
        second stop that the stopped thread never answers: the task waited forever and its
        event loop could never close (a hung shutdown, found with gdb in a stuck test run).
        Here one stop is awaited, and none when a force close came first."""
        connection: Any = self._connection  # an aiosqlite.Connection
        if not getattr(connection, "_running", True):
            return  # force-closed already: the thread has its stop, or is gone
        stopped = connection.stop()
        if stopped is not None:
            await stopped


class OneTripAiosqlite(AsyncAdapt_aiosqlite_dbapi):
    """SQLAlchemy's aiosqlite DBAPI adapter, handing out `OneTripConnection`s."""

    def connect(self, *arg: Any, **kw: Any) -> OneTripConnection:
        # SQLAlchemy opens the aiosqlite connection (its thread set-up included); only the
        # adapter around it changes.
        return OneTripConnection(self, super().connect(*arg, **kw)._connection)


def one_trip_aiosqlite() -> OneTripAiosqlite:
    return OneTripAiosqlite(aiosqlite, sqlite3)
