"""Live notifications across app workers, over Redis pub/sub (the production profile).

Every worker publishes "conversation N has news" to one channel and listens to it; each
worker then wakes the widget sockets it holds for that conversation. The message itself is
read from the database, so a notification lost while Redis restarts costs only latency (the
widget catches up on its next reconnect or poll).
"""

from __future__ import annotations

import asyncio
import contextlib
import logging

from redis.asyncio import Redis
from redis.exceptions import RedisError

from bot.conversations.live import LiveHub

log = logging.getLogger(__name__)
CHANNEL = "prospect:live"


class RedisLiveHub(LiveHub):
    def __init__(self, url: str, *, channel: str = CHANNEL) -> None:
        super().__init__()
        self._redis: Redis = Redis.from_url(url)
        self._channel = channel
        self._listener: asyncio.Task[None] | None = None
        self._pending: set[asyncio.Task[None]] = set()
        self._subscribed = asyncio.Event()

    async def start(self) -> None:
        self._listener = asyncio.create_task(self._listen(), name="live-redis-listener")
        await asyncio.wait_for(self._subscribed.wait(), timeout=10)

    async def stop(self) -> None:
        if self._listener is not None:
            self._listener.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._listener
        for task in list(self._pending):
            with contextlib.suppress(Exception):
                await task
        await self._redis.aclose()

    def publish(self, conversation_id: int) -> None:
        """Called after a commit (in the event loop's thread): send it to every worker."""
        task = asyncio.get_running_loop().create_task(self._send(conversation_id))
        self._pending.add(task)
        task.add_done_callback(self._pending.discard)

    async def _send(self, conversation_id: int) -> None:
        try:
            await self._redis.publish(self._channel, str(conversation_id))
        except RedisError as exc:
            # The socket of this worker still hears it; the others catch up later.
            log.warning("live: Redis publish failed (%s); notifying this worker only", exc)
            super().publish(conversation_id)

    async def _listen(self) -> None:
        while True:
            try:
                async with self._redis.pubsub() as pubsub:
                    await pubsub.subscribe(self._channel)
                    self._subscribed.set()
                    async for message in pubsub.listen():
                        if message.get("type") == "message":
                            with contextlib.suppress(ValueError):
                                super().publish(int(message["data"]))
            except RedisError as exc:
                log.warning("live: Redis subscription lost (%s); retrying in 1 s", exc)
                await asyncio.sleep(1)
