"""The engine's tracker store, read and erased by the app (exports and the right to be
forgotten). The engine keeps each conversation's events in Rasa's SQL tracker store, table
`events`, keyed by `sender_id` (our `conversation-<id>`).

A store that fails (a server down, a locked or damaged file) raises
`TrackerStoreUnavailable`: an export never silently leaves the engine's events out, and an
erasure stops before it deletes anything of ours. Only a store where the engine has not
stored anything yet (no `events` table) holds nothing. Erasing overwrites the deleted
events on disk (SQLite `secure_delete`, bot/db/session.py) and empties the write-ahead log.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from sqlalchemy import bindparam, text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import DBAPIError
from sqlalchemy.ext.asyncio import AsyncEngine

from bot.db.session import create_engine, truncate_wal
from bot.errors import TrackerStoreUnavailable


def _no_table(exc: DBAPIError) -> bool:
    return "no such table" in str(exc) or "does not exist" in str(exc)


def rasa_url(url: str) -> str:
    """The same database as Rasa 3.6 (SQLAlchemy 1.4, psycopg2) spells it."""
    u = make_url(url)
    if u.drivername.startswith("postgres"):
        u = u.set(drivername="postgresql")
    elif u.drivername.startswith("sqlite"):
        u = u.set(drivername="sqlite")
    return u.render_as_string(hide_password=False)


class EngineTrackers:
    def __init__(self, url: str) -> None:
        self.url = url
        self._engine: AsyncEngine | None = None

    def _nothing_stored(self) -> bool:
        """No store yet: in memory, or a SQLite file the engine has not created."""
        if self.url == "memory":
            return True
        u = make_url(self.url)
        return u.get_backend_name() == "sqlite" and not Path(u.database or "").is_file()

    def _db(self) -> AsyncEngine:
        if self._engine is None:
            self._engine = create_engine(self.url)
        return self._engine

    async def events(self, sender_ids: list[str]) -> list[dict[str, Any]]:
        if not sender_ids or self._nothing_stored():
            return []
        query = text(
            "SELECT sender_id, type_name, timestamp, data FROM events "
            "WHERE sender_id IN :ids ORDER BY id"
        ).bindparams(_expanding("ids"))
        try:
            async with self._db().connect() as connection:
                rows = (await connection.execute(query, {"ids": sender_ids})).all()
        except DBAPIError as exc:
            if _no_table(exc):
                return []  # no table yet: the engine has stored nothing
            raise TrackerStoreUnavailable(f"the engine's tracker store failed: {exc}") from exc
        return [
            {
                "sender_id": r.sender_id,
                "type": r.type_name,
                "timestamp": r.timestamp,
                "data": _json(r.data),
            }
            for r in rows
        ]

    async def delete(self, sender_ids: list[str]) -> int:
        if not sender_ids or self._nothing_stored():
            return 0
        query = text("DELETE FROM events WHERE sender_id IN :ids").bindparams(_expanding("ids"))
        try:
            async with self._db().begin() as connection:
                result = await connection.execute(query, {"ids": sender_ids})
            await truncate_wal(self._db())
        except DBAPIError as exc:
            if _no_table(exc):
                return 0
            raise TrackerStoreUnavailable(f"the engine's tracker store failed: {exc}") from exc
        return int(result.rowcount or 0)

    async def aclose(self) -> None:
        if self._engine is not None:
            await self._engine.dispose()


def _expanding(name: str) -> Any:
    return bindparam(name, expanding=True)


def _json(raw: Any) -> Any:
    try:
        return json.loads(raw) if isinstance(raw, str) else raw
    except ValueError:
        return raw
