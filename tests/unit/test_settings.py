from pathlib import Path

import pytest

from bot.errors import ConfigurationError
from bot.settings import Settings


@pytest.mark.parametrize("token", ["", "changeme", "short"])
def test_production_refuses_a_placeholder_admin_token(token: str, tmp_path: Path) -> None:
    with pytest.raises(ConfigurationError, match="ADMIN_TOKEN"):
        Settings(
            environment="production",
            admin_token=token,
            secret_key="k" * 40,
            data_dir=tmp_path,
            _env_file=None,
        )  # type: ignore[call-arg]


@pytest.mark.parametrize("key", ["", "changeme", "too-short-for-a-key"])
def test_production_refuses_a_placeholder_secret_key(key: str, tmp_path: Path) -> None:
    with pytest.raises(ConfigurationError, match="SECRET_KEY"):
        Settings(
            environment="production",
            admin_token="a" * 20,
            secret_key=key,
            data_dir=tmp_path,
            _env_file=None,
        )  # type: ignore[call-arg]


def test_development_generates_a_secret_key_once_and_derives_secrets_from_it(
    tmp_path: Path,
) -> None:
    settings = Settings(data_dir=tmp_path, _env_file=None)  # type: ignore[call-arg]
    key = settings.resolved_secret_key()
    assert len(key) >= 48
    assert (tmp_path / "secret-key").stat().st_mode & 0o077 == 0
    again = Settings(data_dir=tmp_path, _env_file=None)  # type: ignore[call-arg]
    assert again.resolved_secret_key() == key
    assert again.derived_secret("a") == settings.derived_secret("a") != settings.derived_secret("b")
    assert key not in settings.derived_secret("a")


def test_development_generates_an_admin_token_once_and_keeps_it(tmp_path: Path) -> None:
    settings = Settings(data_dir=tmp_path, _env_file=None)  # type: ignore[call-arg]
    token = settings.resolved_admin_token()
    assert len(token) >= 24
    assert Settings(data_dir=tmp_path, _env_file=None).resolved_admin_token() == token  # type: ignore[call-arg]


def test_the_database_defaults_to_sqlite_in_the_data_folder(tmp_path: Path) -> None:
    settings = Settings(data_dir=tmp_path, _env_file=None)  # type: ignore[call-arg]
    assert settings.database_url == f"sqlite:///{tmp_path / 'prospect.db'}"


def test_settings_come_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("RASA_URL", "http://127.0.0.1:5999")
    monkeypatch.setenv("MAX_MESSAGE_CHARS", "42")
    settings = Settings(_env_file=None)  # type: ignore[call-arg]
    assert (settings.rasa_url, settings.max_message_chars) == ("http://127.0.0.1:5999", 42)


def test_workers_starting_at_once_read_one_whole_secret(tmp_path: Path) -> None:
    """A second worker must never read the file while the first is writing it: an empty
    admin token would have matched an empty bearer header."""
    from concurrent.futures import ThreadPoolExecutor

    def resolve(_: int) -> str:
        return Settings(data_dir=tmp_path, _env_file=None).resolved_admin_token()  # type: ignore[call-arg]

    with ThreadPoolExecutor(16) as pool:
        tokens = set(pool.map(resolve, range(64)))
    assert len(tokens) == 1 and len(tokens.pop()) >= 24
    assert [p.name for p in tmp_path.iterdir()] == ["admin-token"]  # no drafts left behind
