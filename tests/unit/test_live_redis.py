"""Live notifications between app workers through the real Redis on 127.0.0.1."""

from __future__ import annotations

import asyncio
import os

import pytest
import redis

from bot.conversations.live_redis import RedisLiveHub

REDIS = os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379/7")


def redis_up() -> bool:
    try:
        return bool(redis.Redis.from_url(REDIS, socket_timeout=1).ping())
    except redis.RedisError:
        return False


pytestmark = pytest.mark.skipif(not redis_up(), reason=f"no Redis at {REDIS}")


async def test_a_notification_on_one_worker_wakes_the_socket_on_another() -> None:
    channel = f"prospect:live:test:{os.getpid()}"
    worker_a, worker_b = RedisLiveHub(REDIS, channel=channel), RedisLiveHub(REDIS, channel=channel)
    await worker_a.start()
    await worker_b.start()
    try:
        on_b = worker_b.watch(42)
        elsewhere = worker_b.watch(43)
        worker_a.publish(42)  # a rep's reply committed by worker A
        await asyncio.wait_for(on_b.wait(), timeout=5)
        await asyncio.sleep(0.1)
        assert not elsewhere.is_set()  # only that conversation's watchers
    finally:
        await worker_a.stop()
        await worker_b.stop()
