"""The engine's tracker store: Rasa's SQL tracker store, with the conversations it is serving
kept in memory between their messages. Runs in the engine's environment (Python 3.10,
Rasa 3.6), imported as `rasa_tracker_store` from the launcher's folder (engine_runtime/, the
engine's import path); endpoints.yml names it `type: rasa_tracker_store.CachedSQLTrackerStore`.

Same table, same rows, same trackers as `type: SQL`. What changes is the work per message:
Rasa's store reads every event of the conversation back from the database and rebuilds
the tracker from JSON before each message, and counts the stored events again before each
save. Profiled under load (`make bench`, py-spy), that was about 40% of the engine's CPU.
Here:

- retrieving asks the database one cheap question, the newest event id of the conversation
  (an indexed lookup). If it is the one this process wrote or read last, the tracker is
  rebuilt from the events held in memory (replaying them, as Rasa does, with no JSON);
  otherwise (another engine worker wrote, the app erased the conversation, the process is
  new) the events are read from the database as Rasa reads them;
- saving inserts only the events added since the tracker was retrieved, known without a
  COUNT query when the tracker came from this store (Rasa's lock store keeps a
  conversation on one worker at a time while it is processed); any other tracker is saved
  exactly as Rasa saves it;
- a SQLite database is reached through a connection pool instead of a new connection
  for each query (SQLAlchemy 1.4 opens one per session for a SQLite file).

Memory is bounded: at most `cache_size` conversations (least recently used first out), and
a conversation left alone for `cache_ttl_seconds` is dropped, so events erased from the
database by the app (the right to be forgotten) do not stay in the engine's memory long.
"""

from __future__ import annotations

import asyncio
import itertools
import json
import time
from collections import OrderedDict
from dataclasses import dataclass
from typing import Any

import sqlalchemy as sa
from rasa.core.tracker_store import SQLTrackerStore
from rasa.shared.core.events import Event, SessionStarted, deserialise_events
from rasa.shared.core.trackers import DialogueStateTracker

DEFAULT_CACHE_SIZE = 1000
DEFAULT_CACHE_TTL_SECONDS = 600.0


@dataclass
class _Held:
    """The events of a conversation's latest session, as stored, and the newest row's id."""

    events: list[Event]
    last_id: int
    used_at: float


class CachedSQLTrackerStore(SQLTrackerStore):
    engine: Any
    sessionmaker: Any

    def __init__(
        self,
        *args: Any,
        cache_size: int = DEFAULT_CACHE_SIZE,
        cache_ttl_seconds: float = DEFAULT_CACHE_TTL_SECONDS,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        url = self.engine.url
        if self.engine.dialect.name == "sqlite" and url.database not in (None, "", ":memory:"):
            self.engine.dispose()
            self.engine = sa.create_engine(
                url, poolclass=sa.pool.QueuePool, connect_args={"check_same_thread": False}
            )
            self.sessionmaker = sa.orm.session.sessionmaker(bind=self.engine)
        self._held: OrderedDict[str, _Held] = OrderedDict()
        self._cache_size = max(0, int(cache_size))
        self._ttl = float(cache_ttl_seconds)
        self._sweep: asyncio.TimerHandle | None = None

    # ---------- reading ----------

    async def retrieve(self, sender_id: str) -> DialogueStateTracker | None:
        if self._cache_size == 0:
            return await super().retrieve(sender_id)
        with self.engine.connect() as connection:
            last_id = self._last_id(connection, sender_id)
        held = self._held.get(sender_id)
        if last_id is None:
            self._held.pop(sender_id, None)
            return None
        if held is None or held.last_id != last_id:
            with self.session_scope() as session:
                rows = self._event_query(
                    session, sender_id, fetch_events_from_all_sessions=False
                ).all()
                if not rows:
                    return None
                held = _Held(
                    events=deserialise_events([json.loads(row.data) for row in rows]),
                    last_id=max(row.id for row in rows),
                    used_at=0.0,
                )
                self._remember(sender_id, held)
        if not self.domain:
            return None
        self._touch(sender_id, held)
        return DialogueStateTracker.from_events(sender_id, held.events, self.domain.slots)

    def _last_id(self, connection: Any, sender_id: str) -> int | None:
        events = self.SQLEvent.__table__
        value = connection.execute(
            sa.select(sa.func.max(events.c.id)).where(events.c.sender_id == sender_id)
        ).scalar()
        return int(value) if value is not None else None

    # ---------- writing ----------

    async def save(self, tracker: DialogueStateTracker) -> None:
        held = self._held.get(tracker.sender_id)
        if held is None or not _extends(tracker, held.events):
            self._held.pop(tracker.sender_id, None)
            await super().save(tracker)  # not a tracker this store handed out: Rasa's way
            return
        await self.stream_events(tracker)
        new = list(itertools.islice(tracker.events, len(held.events), None))
        if not new:
            return
        rows = [self._row(tracker.sender_id, event) for event in new]
        with self.engine.begin() as connection:  # one INSERT for all the rows, then commit
            connection.execute(self.SQLEvent.__table__.insert(), rows)
            last_id = self._last_id(connection, tracker.sender_id)
        if (
            last_id is None  # erased meanwhile
            or self._held.get(tracker.sender_id) is not held  # dropped meanwhile
            # A new session: Rasa reads from its start next time; so does this store.
            or any(isinstance(event, SessionStarted) for event in new)
        ):
            self._held.pop(tracker.sender_id, None)
            return
        held.events.extend(new)
        held.last_id = last_id
        self._touch(tracker.sender_id, held)

    @staticmethod
    def _row(sender_id: str, event: Event) -> dict[str, Any]:
        """The row Rasa's `SQLTrackerStore.save` writes for an event."""
        data = event.as_dict()
        return {
            "sender_id": sender_id,
            "type_name": event.type_name,
            "timestamp": data.get("timestamp"),
            "intent_name": data.get("parse_data", {}).get("intent", {}).get("name"),
            "action_name": data.get("name"),
            "data": json.dumps(data),
        }

    # ---------- bounds ----------

    def _touch(self, sender_id: str, held: _Held) -> None:
        """Just used: the last to leave memory."""
        held.used_at = time.monotonic()
        self._held.move_to_end(sender_id)

    def _remember(self, sender_id: str, held: _Held) -> None:
        self._held[sender_id] = held  # retrieve() then marks it just used
        while len(self._held) > self._cache_size:
            self._held.popitem(last=False)
        self._schedule_sweep()

    def _schedule_sweep(self) -> None:
        if self._sweep is not None or self._ttl <= 0:
            return
        try:
            loop = asyncio.get_running_loop()
        except RuntimeError:
            return
        self._sweep = loop.call_later(self._ttl / 2, self._drop_idle)

    def _drop_idle(self) -> None:
        self._sweep = None
        oldest_kept = time.monotonic() - self._ttl
        while self._held:
            sender_id, held = next(iter(self._held.items()))
            if held.used_at > oldest_kept:
                break
            del self._held[sender_id]
        if self._held:
            self._schedule_sweep()


def _extends(tracker: DialogueStateTracker, events: list[Event]) -> bool:
    """The tracker was rebuilt from exactly these events and only added to since."""
    if len(tracker.events) < len(events):
        return False
    return all(a is b for a, b in zip(tracker.events, events, strict=False))
