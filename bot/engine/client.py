"""HTTP client for the Rasa engine's REST channel."""

from __future__ import annotations

import asyncio
from typing import Any

import httpx

from bot.errors import EngineUnavailable


class EngineClient:
    """Talks to `rasa run` over HTTP; every failure becomes `EngineUnavailable`."""

    def __init__(
        self, *, base_url: str, timeout: float, transport: httpx.AsyncBaseTransport | None = None
    ) -> None:
        self._timeout = timeout
        self._client = httpx.AsyncClient(
            base_url=base_url.rstrip("/"),
            timeout=httpx.Timeout(timeout, connect=min(timeout, 2.0)),
            transport=transport,
        )

    @property
    def timeout(self) -> float:
        """The longest a call to the engine may take, in seconds."""
        return self._timeout

    async def send(
        self, *, sender: str, text: str, metadata: dict[str, Any] | None = None
    ) -> list[dict[str, Any]]:
        """Send one user message; return the bot's replies as the REST channel gives them."""
        payload = {"sender": sender, "message": text, "metadata": metadata or {}}
        try:
            # httpx's timeouts bound each network step; this bounds the whole call.
            async with asyncio.timeout(self._timeout):
                response = await self._client.post("/webhooks/rest/webhook", json=payload)
            response.raise_for_status()
            replies = response.json()
        except (httpx.TimeoutException, TimeoutError) as exc:
            raise EngineUnavailable(f"the engine did not answer in time ({exc!r})") from exc
        except httpx.HTTPStatusError as exc:
            raise EngineUnavailable(f"the engine answered HTTP {exc.response.status_code}") from exc
        except (httpx.HTTPError, ValueError) as exc:
            raise EngineUnavailable(f"the engine could not be reached ({exc!r})") from exc
        if not isinstance(replies, list):
            raise EngineUnavailable(f"the engine answered an unexpected body: {replies!r}")
        return [r for r in replies if isinstance(r, dict)]

    async def is_ready(self) -> bool:
        try:
            response = await self._client.get("/webhooks/rest/", timeout=2.0)
        except httpx.HTTPError:
            return False
        return response.status_code == 200

    async def aclose(self) -> None:
        await self._client.aclose()
