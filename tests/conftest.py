"""Shared fixtures: an isolated settings object and database per test."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.db.migrate import upgrade
from bot.settings import Settings

pytest_plugins = ["tests.assistant"]

ADMIN_TOKEN = "test-admin-token-0123456789"


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    s = Settings(
        environment="test",
        data_dir=tmp_path / "data",
        admin_token=ADMIN_TOKEN,
        rasa_url="http://127.0.0.1:9",
        engine_timeout=0.5,
        max_message_chars=500,
        _env_file=None,  # type: ignore[call-arg]
    )
    upgrade(s.database_url)
    return s
