"""Start the real assistant (`prospect run`: Rasa engine + app) once for the integration tier
and the security suite (a pytest plugin registered by `tests/conftest.py`)."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import httpx
import pytest
import sqlalchemy as sa

from bot.db.session import sync_url
from bot.engine.model import ensure_model
from bot.settings import PROJECT_ROOT, Settings
from tests.fakes.slack_api import FakeSlack
from tests.fakes.telegram_api import FakeTelegram

ADMIN_TOKEN = "integration-admin-token-0123456789"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
        return port


def child_pids(pid: int) -> list[int]:
    out = subprocess.run(["ps", "-o", "pid=", "--ppid", str(pid)], capture_output=True, text=True)
    return [int(p) for p in out.stdout.split()]


def alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    # A zombie is dead for our purposes.
    stat = Path(f"/proc/{pid}/stat")
    return not (stat.exists() and stat.read_text().split()[2] == "Z")


@dataclass
class Assistant:
    url: str
    engine_url: str
    process: subprocess.Popen[bytes]
    children: list[int]
    output: Path
    data_dir: Path
    profile: str = "embedded"
    database_url: str = ""
    tracker_url: str = ""
    tokens: dict[str, str] = field(default_factory=dict)  # visitor id -> its token

    def dump(self) -> str:
        """Every row of every table of the app's database and the engine's, as text."""
        rows = []
        for url in dict.fromkeys([self.database_url, self.tracker_url]):
            engine = sa.create_engine(sync_url(url))
            try:
                with engine.connect() as connection:
                    for table in sa.inspect(connection).get_table_names():
                        result = connection.execute(sa.text(f'SELECT * FROM "{table}"'))
                        rows += [f"{table}: {tuple(r)}" for r in result]
            finally:
                engine.dispose()
        return "\n".join(rows)

    def visitor(self, sender: str) -> dict[str, str]:
        """The headers of web visitor `sender`: a token the app issued for that visitor id
        (named by the team's admin token, so tests can find the lead by `external_id`),
        fetched once per name and kept."""
        if sender not in self.tokens:
            response = httpx.post(
                f"{self.url}/api/chat/session",
                json={"visitor": sender},
                headers={"Authorization": f"Bearer {ADMIN_TOKEN}"},
                timeout=30,
            )
            response.raise_for_status()
            self.tokens[sender] = response.json()["token"]
        return {"X-Visitor-Token": self.tokens[sender]}

    def chat(self, sender: str, text: str, **metadata: object) -> dict[str, object]:
        response = httpx.post(
            f"{self.url}/api/chat",
            json={"text": text, "metadata": metadata},
            headers=self.visitor(sender),
            timeout=30,
        )
        response.raise_for_status()
        body: dict[str, object] = response.json()
        return body

    def lead(self, lead_id: object) -> dict[str, object]:
        response = httpx.get(
            f"{self.url}/api/leads/{lead_id}",
            headers={"Authorization": f"Bearer {ADMIN_TOKEN}"},
            timeout=10,
        )
        response.raise_for_status()
        body: dict[str, object] = response.json()
        return body


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Fault tests (they kill and restart parts of the shared assistant) run after the
    others, and the test that stops it runs last, whatever the file order."""
    items.sort(
        key=lambda item: (
            item.get_closest_marker("shutdown") is not None,
            item.get_closest_marker("fault") is not None,
        )
    )


@pytest.fixture(scope="session")
def model() -> Path:
    settings = Settings(_env_file=None)  # type: ignore[call-arg]
    return ensure_model(rasa_venv=settings.rasa_venv, models_dir=settings.models_dir)


SLACK_SECRET = "integration-signing-secret"
SLACK_CHANNEL = "CHANDOFF"


@pytest.fixture(scope="session")
def slack() -> Iterator[FakeSlack]:
    """The fake Slack Web API the running assistant posts its handoff cards to."""
    with FakeSlack() as fake:
        yield fake


@pytest.fixture(scope="session")
def telegram() -> Iterator[FakeTelegram]:
    """The fake Telegram Bot API the running assistant long-polls."""
    with FakeTelegram() as fake:
        yield fake


PROFILE = os.environ.get("PROSPECT_TEST_PROFILE", "embedded")
POSTGRES = os.environ.get("TEST_POSTGRES_URL", "postgresql://postgres@127.0.0.1:5432/test")
REDIS = os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379/7")


@pytest.fixture(scope="session")
def profile_env() -> Iterator[dict[str, str]]:
    """PROSPECT_TEST_PROFILE=production: the same tests on PostgreSQL (a fresh database) and
    Redis, with two app workers; otherwise the embedded defaults (SQLite, one worker)."""
    if PROFILE != "production":
        yield {}
        return
    import psycopg
    import redis

    name = f"prospect_it_{os.getpid()}_{int(time.time())}"
    with psycopg.connect(POSTGRES, autocommit=True) as admin:
        admin.execute(f'CREATE DATABASE "{name}"')
    redis.Redis.from_url(REDIS).flushdb()
    url = sa.engine.make_url(POSTGRES).set(drivername="postgresql+psycopg", database=name)
    try:
        yield {
            "DATABASE_URL": url.render_as_string(hide_password=False),
            "REDIS_URL": REDIS,
            "APP_WORKERS": "2",
        }
    finally:
        with psycopg.connect(POSTGRES, autocommit=True) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


class StartFailed(RuntimeError):
    """`prospect run` exited before it was up, or was not up in time (the log's tail)."""


def base_env(data_dir: Path, app_port: int, engine_port: int) -> dict[str, str]:
    """The environment of an assistant of its own: this process's, with its data in
    `data_dir`, the given ports, the admin token above, no per-IP limit (every client talks
    from 127.0.0.1), and none of the production profile's stores or workers."""
    env = dict(
        os.environ,
        DATA_DIR=str(data_dir),
        APP_PORT=str(app_port),
        ENGINE_PORT=str(engine_port),
        ADMIN_TOKEN=ADMIN_TOKEN,
        ENVIRONMENT="test",
        # Every test talks from 127.0.0.1: the per-IP limit is tested in the unit tier.
        RATE_LIMIT_IP_PER_MINUTE="100000",
        RATE_LIMIT_IP_BURST="10000",
    )
    for name in (
        "DATABASE_URL",
        "TELEGRAM_WEBHOOK_URL",
        "REDIS_URL",
        "APP_WORKERS",
        "ENGINE_TRACKER_URL",
        "ENGINE_WORKERS",
    ):
        env.pop(name, None)
    return env


def start_assistant(
    env: dict[str, str], data_dir: Path, *, profile: str = "embedded", timeout: float = 300
) -> Assistant:
    """`prospect run` with `env` (see `base_env`), its output in `data_dir/run.log`; returns
    once /health says the engine is up. Raises StartFailed otherwise."""
    settings = Settings(
        _env_file=None,
        **{
            k.lower(): v
            for k, v in env.items()  # type: ignore[arg-type]
            if k.lower() in Settings.model_fields
        },
    )
    output = data_dir / "run.log"
    with output.open("wb") as log:
        process = subprocess.Popen(
            [sys.executable, "-m", "bot.cli", "run"],
            cwd=PROJECT_ROOT,
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
    url = f"http://127.0.0.1:{env['APP_PORT']}"
    deadline = time.monotonic() + timeout
    while True:
        if process.poll() is not None:
            raise StartFailed(f"`prospect run` exited early:\n{output.read_text()[-4000:]}")
        try:
            if httpx.get(f"{url}/health", timeout=2).json().get("engine") == "up":
                break
        except (httpx.HTTPError, ValueError):
            pass
        if time.monotonic() > deadline:
            process.kill()
            raise StartFailed(f"the assistant did not start in time:\n{output.read_text()[-4000:]}")
        time.sleep(0.5)
    running = Assistant(
        url=url,
        engine_url=f"http://127.0.0.1:{env['ENGINE_PORT']}",
        process=process,
        children=[],
        output=output,
        data_dir=data_dir,
        profile=profile,
        database_url=settings.database_url,
        tracker_url=settings.engine_tracker_url,
    )
    running.children = child_pids(process.pid)
    return running


def stop_assistant(running: Assistant, timeout: float = 60) -> None:
    """Stop `prospect run` as Ctrl-C would (it stops the engine and the app)."""
    if running.process.poll() is None:
        running.process.send_signal(signal.SIGINT)
        running.process.wait(timeout=timeout)


@pytest.fixture(scope="session")
def assistant(
    model: Path,
    tmp_path_factory: pytest.TempPathFactory,
    slack: FakeSlack,
    telegram: FakeTelegram,
    profile_env: dict[str, str],
) -> Iterator[Assistant]:
    data_dir = tmp_path_factory.mktemp("assistant-data")
    app_port, engine_port = free_port(), free_port()
    env = base_env(data_dir, app_port, engine_port)
    env.update(
        SLACK_BOT_TOKEN="xoxb-integration",
        SLACK_SIGNING_SECRET=SLACK_SECRET,
        SLACK_HANDOFF_CHANNEL=SLACK_CHANNEL,
        SLACK_API_URL=slack.url,
        OUTBOX_POLL_SECONDS="0.2",
        # Faults: a killed app's rows are taken over, and retries come, within seconds.
        OUTBOX_LEASE_SECONDS="5",
        OUTBOX_MAX_BACKOFF_SECONDS="5",
        TELEGRAM_BOT_TOKEN=telegram.token,
        TELEGRAM_API_URL=telegram.url,
        # Nurturing: scenarios with waits of seconds, on their own events (docs/nurture.md).
        NURTURE_DIR=str(PROJECT_ROOT / "tests" / "nurture" / "scenarios"),
        NURTURE_SCAN_SECONDS="0.5",
    )
    env.update(profile_env)
    if profile_env:  # several workers: Telegram delivers through the webhook
        env["TELEGRAM_WEBHOOK_URL"] = f"http://127.0.0.1:{app_port}/telegram/webhook"
    try:
        running = start_assistant(env, data_dir, profile=PROFILE)
    except StartFailed as exc:
        pytest.fail(str(exc))
    yield running
    stop_assistant(running)
