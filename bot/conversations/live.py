"""Live updates: tell whoever watches a conversation (the widget's socket) that it has new
messages, once the transaction that stored them has committed.

Only the conversation id travels; the watcher reads the new messages from the database, so a
missed notification costs nothing but latency (the widget also catches up on reconnect).
`LiveHub` is in-process; with several app workers a broker carries the same notifications
(production profile).
"""

from __future__ import annotations

import asyncio
from collections import defaultdict
from collections.abc import Callable

from sqlalchemy import event
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker
from sqlalchemy.orm import Session

CHANGED = "live_changed_conversations"


def mark_changed(session: AsyncSession | Session, conversation_id: int) -> None:
    """Call inside a transaction that adds messages to a conversation."""
    session.info.setdefault(CHANGED, set()).add(conversation_id)


class LiveHub:
    def __init__(self) -> None:
        self._watchers: dict[int, set[asyncio.Event]] = defaultdict(set)

    def watch(self, conversation_id: int, flag: asyncio.Event | None = None) -> asyncio.Event:
        """`flag` is set whenever the conversation has new messages."""
        flag = flag or asyncio.Event()
        self._watchers[conversation_id].add(flag)
        return flag

    def unwatch(self, conversation_id: int, flag: asyncio.Event) -> None:
        watchers = self._watchers.get(conversation_id)
        if watchers is not None:
            watchers.discard(flag)
            if not watchers:
                del self._watchers[conversation_id]

    def publish(self, conversation_id: int) -> None:
        for flag in self._watchers.get(conversation_id, ()):
            flag.set()

    def watching(self) -> int:
        return sum(len(w) for w in self._watchers.values())


def publish_on_commit(
    sessions: async_sessionmaker[AsyncSession], hub: LiveHub
) -> Callable[[], None]:
    """Publish the conversations a transaction marked, when it commits. Returns the function
    that stops it (at shutdown). A rolled-back transaction's marks at worst cause a spurious
    notification: the watcher finds nothing new. A SAVEPOINT's release also fires
    `after_commit` (SQLAlchemy): it is skipped, the outer transaction is not visible yet."""
    session_class = sessions.kw["sync_session_class"]

    def after_commit(session: Session) -> None:
        if session.in_nested_transaction():
            return  # a savepoint released, the outer transaction still open
        for conversation_id in session.info.pop(CHANGED, ()):
            hub.publish(conversation_id)

    event.listen(session_class, "after_commit", after_commit)
    return lambda: event.remove(session_class, "after_commit", after_commit)
