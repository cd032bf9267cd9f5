"""The engine's tracker store, read and erased by the app (exports and the right to be
forgotten). The engine keeps each conversation's events in Rasa's SQL tracker store, table
`events`, keyed by `sender_id` (our `conversation-<id>`)."""

from __future__ import annotations

import json
from typing import Any

from sqlalchemy import bindparam, text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import OperationalError, ProgrammingError
from sqlalchemy.ext.asyncio import AsyncEngine

from bot.db.session import create_engine


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

    def _db(self) -> AsyncEngine:
        if self._engine is None:
            self._engine = create_engine(self.url)
        return self._engine

    async def events(self, sender_ids: list[str]) -> list[dict[str, Any]]:
        if not sender_ids or self.url == "memory":
            return []
        query = text(
            "SELECT sender_id, type_name, timestamp, data FROM events "
            "WHERE sender_id IN :ids ORDER BY id"
        ).bindparams(_expanding("ids"))
        try:
            async with self._db().connect() as connection:
                rows = (await connection.execute(query, {"ids": sender_ids})).all()
        except (OperationalError, ProgrammingError):
            return []  # no table yet: the engine has stored nothing
        return [
            {"sender_id": r.sender_id, "type": r.type_name, "timestamp": r.timestamp,
             "data": _json(r.data)}
            for r in rows
        ]  # fmt: skip

    async def delete(self, sender_ids: list[str]) -> int:
        if not sender_ids or self.url == "memory":
            return 0
        query = text("DELETE FROM events WHERE sender_id IN :ids").bindparams(_expanding("ids"))
        try:
            async with self._db().begin() as connection:
                result = await connection.execute(query, {"ids": sender_ids})
        except (OperationalError, ProgrammingError) as exc:
            if "no such table" in str(exc) or "does not exist" in str(exc):
                return 0
            raise
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
