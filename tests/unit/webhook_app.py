"""An app whose webhooks go to a local receiver (tests/fakes/webhook_receiver.py)."""

from __future__ import annotations

from typing import Any

from fastapi.testclient import TestClient
from pydantic import SecretStr

from bot.app import create_app
from bot.settings import Settings
from channels.web import plugin as web
from tests.unit.fake_engine import FakeEngine

SECRET = "whsec-test-0123456789abcdefghijkl"
PUBLIC_URL = "https://prospect.example.com"


def webhook_settings(settings: Settings, url: str, **extra: Any) -> Settings:
    update: dict[str, Any] = {
        "webhook_urls": url,
        "webhook_secret": SecretStr(SECRET),
        "public_url": PUBLIC_URL,
        "outbox_poll_seconds": 0.05,
        "outbox_max_backoff_seconds": 0.1,  # retries in a test's time
        "webhook_update_delay_seconds": 0,
        **extra,
    }
    return settings.model_copy(update=update)


def start(settings: Settings) -> TestClient:
    engine = FakeEngine(lambda p: [{"text": "bot reply"}])
    return TestClient(create_app(settings, channels=[web], engine_transport=engine.transport))
