"""A fake Rasa REST channel as an httpx transport, recording what it was sent."""

from __future__ import annotations

import asyncio
import json
from collections.abc import Callable
from typing import Any

import httpx


class FakeEngine:
    """Answers /webhooks/rest/webhook with `replies(payload)`; can be made down or slow."""

    def __init__(
        self,
        replies: Callable[[dict[str, Any]], list[dict[str, Any]]] | None = None,
        *,
        down: bool = False,
        delay: float = 0.0,
        status: int = 200,
    ) -> None:
        self.replies = replies or (lambda p: [{"text": f"echo: {p['message']}"}])
        self.down = down
        self.delay = delay
        self.status = status
        self.received: list[dict[str, Any]] = []
        self.on_request: Callable[[dict[str, Any]], None] | None = None

    async def handle(self, request: httpx.Request) -> httpx.Response:
        if self.down:
            raise httpx.ConnectError("connection refused", request=request)
        if request.url.path == "/webhooks/rest/":
            return httpx.Response(200, json={"status": "ok"})
        payload = json.loads(request.content)
        self.received.append(payload)
        if self.on_request:
            self.on_request(payload)
        if self.delay:
            await asyncio.sleep(self.delay)
        if self.status != 200:
            return httpx.Response(self.status, json={"error": "boom"})
        return httpx.Response(200, json=self.replies(payload))

    @property
    def transport(self) -> httpx.MockTransport:
        return httpx.MockTransport(self.handle)
