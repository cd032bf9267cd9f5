"""Delivers the outbox's `webhook.*` rows: an HTTP POST of the stored event, signed.

The body is the event serialised the same way on every attempt (same bytes, same `id`); the
signature header is computed per attempt, with that attempt's time. A 2xx is delivered. A 429
or 503 with `Retry-After` is retried after it (`RetryLater`); any other answer or a
connection failure is retried with the relay's backoff, and after `max_attempts` the row is
dead (bot/outbox.py) until someone sends it again (`POST /api/webhooks/dead/{id}/retry`).
A row for a URL no longer in WEBHOOK_URLS is dropped (recorded as skipped).
"""

from __future__ import annotations

import json
import logging
from dataclasses import dataclass
from typing import Any

import httpx

from bot.db.models import OutboxMessage
from bot.errors import RetryLater, WebhookRefused
from bot.webhooks.signing import HEADER, signature_header

log = logging.getLogger(__name__)
MAX_RETRY_AFTER_SECONDS = 3600.0


def body_of(event: dict[str, Any]) -> bytes:
    """The raw body: compact JSON, keys in a fixed order, so every attempt is identical."""
    return json.dumps(event, separators=(",", ":"), sort_keys=True, ensure_ascii=False).encode()


def retry_after(response: httpx.Response) -> float | None:
    value = response.headers.get("retry-after", "")
    try:
        return min(MAX_RETRY_AFTER_SECONDS, max(0.0, float(value)))
    except ValueError:
        return None


@dataclass
class WebhookSender:
    secret: str
    urls: tuple[str, ...]
    timeout: float = 10.0
    transport: httpx.AsyncBaseTransport | None = None  # tests: an in-process receiver

    async def __call__(self, row: OutboxMessage) -> dict[str, Any]:
        url, event = row.payload["url"], row.payload["event"]
        if url not in self.urls:
            log.info("webhook %s: %s is no longer in WEBHOOK_URLS; dropped", event["id"], url)
            return {"skipped": "url no longer configured"}
        body = body_of(event)
        headers = {
            "Content-Type": "application/json",
            "User-Agent": "prospect-assistant-webhooks",
            HEADER: signature_header(self.secret, body),
            "X-Webhook-Id": event["id"],
        }
        async with httpx.AsyncClient(
            timeout=self.timeout, transport=self.transport, follow_redirects=False
        ) as client:
            response = await client.post(url, content=body, headers=headers)
        if response.is_success:
            return {"status": response.status_code, "event_id": event["id"]}
        wait = retry_after(response) if response.status_code in (429, 503) else None
        if wait is not None:
            raise RetryLater(wait, f"webhook receiver {response.status_code}")
        raise WebhookRefused(f"{url} answered {response.status_code}: {response.text[:200]}")
