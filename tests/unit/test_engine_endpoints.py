"""What `prospect run` tells the engine: actions, tracker store, lock store."""

from __future__ import annotations

import yaml

from bot.engine.process import write_engine_config
from bot.settings import Settings


def endpoints(settings: Settings, **update: object) -> dict[str, object]:
    path, _ = write_engine_config(settings.model_copy(update=update))
    data: dict[str, object] = yaml.safe_load(path.read_text())
    return data


def test_the_embedded_profile_keeps_trackers_in_sqlite_beside_the_data(settings: Settings) -> None:
    data = endpoints(settings)
    assert data["action_endpoint"] == {
        "url": f"{settings.app_url}/webhook",
        "headers": {"Authorization": f"Bearer {settings.derived_secret('engine-actions')}"},
    }
    trackers = settings.data_dir / "engine" / "trackers.db"
    assert data["tracker_store"] == {
        "type": "rasa_tracker_store.CachedSQLTrackerStore",  # Rasa's SQL store, held in memory
        "url": f"sqlite:///{trackers}",
        "cache_size": 1000,
        "cache_ttl_seconds": 600,
    }
    assert "lock_store" not in data


def test_the_production_profile_uses_postgresql_and_the_redis_lock_store(
    settings: Settings,
) -> None:
    pg = "postgresql+psycopg://app:pw@db:5432/prospect"
    data = endpoints(settings, engine_tracker_url=pg, redis_url="redis://:s3cret@cache:6380/2")
    assert data["tracker_store"]["url"] == "postgresql://app:pw@db:5432/prospect"
    assert data["lock_store"] == {
        "type": "redis",
        "url": "cache",
        "port": 6380,
        "db": 2,
        "password": "s3cret",
    }


def test_memory_trackers_leave_the_tracker_store_out(settings: Settings) -> None:
    assert "tracker_store" not in endpoints(settings, engine_tracker_url="memory")


def test_postgresql_for_the_app_means_postgresql_for_the_trackers(settings: Settings) -> None:
    url = "postgresql+psycopg://app@db/prospect"
    derived = Settings(_env_file=None, database_url=url)  # type: ignore[call-arg]
    assert derived.engine_tracker_url == url
