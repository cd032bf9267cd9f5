"""Starting and stopping the engine and the app as child processes."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from contextlib import suppress
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO
from urllib.parse import urlsplit

import httpx

from bot.engine.model import rasa_env, rasa_python
from bot.engine.trackers import rasa_url
from bot.settings import PROJECT_ROOT, Settings

# The purpose the engine's action token is derived for (settings.derived_secret): written
# into the engine's endpoints here, checked by the /webhook route (bot/api/actions.py).
ENGINE_ACTIONS = "engine-actions"
# The engine side runs in the engine's environment (Python 3.10, Rasa), never imported
# here: its launcher is started by path, which puts engine_runtime/ on its import path.
LAUNCHER = PROJECT_ROOT / "engine_runtime" / "rasa_launcher.py"
ENDPOINTS_TEMPLATE = """\
# Written by `prospect run` (private: it holds the engine's action token): where the engine
# calls the app's custom actions, and the header that proves the call is the engine's.
action_endpoint:
  url: "{action_url}"
  headers:
    Authorization: "Bearer {action_token}"
"""
TRACKER_STORE_TEMPLATE = """\
# Where the engine keeps conversation trackers (they survive a restart, and are erased with
# the lead on request): Rasa's SQL tracker store, with the conversations being served held
# in memory between messages (engine_runtime/rasa_tracker_store.py).
tracker_store:
  type: rasa_tracker_store.CachedSQLTrackerStore
  url: "{tracker_url}"
  cache_size: {cache_size}
  cache_ttl_seconds: {cache_ttl}
"""
LOCK_STORE_TEMPLATE = """\
# Several engine workers share conversations: Rasa's Redis lock store serialises each one.
lock_store:
  type: redis
  url: "{host}"
  port: {port}
  db: {db}
{password}"""
CREDENTIALS = """\
# Written by `prospect run`: the engine serves only its REST channel;
# the app owns the real channels.
rest:
"""


@dataclass
class Child:
    """A child process in its own process group, so it and its children stop together."""

    name: str
    cmd: list[str]
    env: dict[str, str]
    cwd: Path
    log: IO[bytes] | None = None
    proc: subprocess.Popen[bytes] | None = field(default=None, init=False)

    def start(self) -> None:
        self.proc = subprocess.Popen(
            self.cmd,
            cwd=self.cwd,
            env=self.env,
            stdout=self.log if self.log is not None else None,
            stderr=subprocess.STDOUT if self.log is not None else None,
            stdin=subprocess.DEVNULL,
            start_new_session=True,
        )

    def exited(self) -> int | None:
        return None if self.proc is None else self.proc.poll()

    def kill(self) -> None:
        """Stop it at once, even if it no longer reacts (stuck, or stopped by a signal)."""
        if self.proc is None or self.proc.poll() is not None:
            return
        with suppress(ProcessLookupError):
            os.killpg(self.proc.pid, signal.SIGKILL)
        self.proc.wait()

    def stop(self, timeout: float = 15.0) -> None:
        if self.proc is None or self.proc.poll() is not None:
            return
        try:
            os.killpg(self.proc.pid, signal.SIGTERM)
            self.proc.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            os.killpg(self.proc.pid, signal.SIGKILL)
            self.proc.wait()
        except ProcessLookupError:
            pass


def write_private(path: Path, text: str) -> None:
    """Write `text` to `path` readable by its owner only (also when it already exists)."""
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    os.fchmod(fd, 0o600)
    with os.fdopen(fd, "w") as out:
        out.write(text)


def write_engine_config(settings: Settings) -> tuple[Path, Path]:
    folder = settings.data_dir / "engine"
    folder.mkdir(parents=True, exist_ok=True)
    endpoints = folder / "endpoints.yml"
    text = ENDPOINTS_TEMPLATE.format(
        action_url=settings.action_endpoint_url,
        action_token=settings.derived_secret(ENGINE_ACTIONS),
    )
    if settings.engine_tracker_url != "memory":
        text += TRACKER_STORE_TEMPLATE.format(
            tracker_url=rasa_url(settings.engine_tracker_url),
            cache_size=settings.engine_tracker_cache_size,
            cache_ttl=settings.engine_tracker_cache_ttl_seconds,
        )
    if settings.redis_url:
        redis = urlsplit(settings.redis_url)
        text += LOCK_STORE_TEMPLATE.format(
            host=redis.hostname or "127.0.0.1",
            port=redis.port or 6379,
            db=(redis.path or "/0").lstrip("/") or "0",
            password=f'  password: "{redis.password}"\n' if redis.password else "",
        )
    write_private(endpoints, text)
    credentials = folder / "credentials.yml"
    credentials.write_text(CREDENTIALS)
    return endpoints, credentials


def engine_child(settings: Settings, model: Path, log: IO[bytes]) -> Child:
    endpoints, credentials = write_engine_config(settings)
    cmd = [
        str(rasa_python(settings.rasa_venv)),
        str(LAUNCHER),
        "run",
        "--model",
        str(model),
        "--endpoints",
        str(endpoints),
        "--credentials",
        str(credentials),
        "--interface",
        "127.0.0.1",
        "--port",
        str(settings.engine_port),
    ]
    env = rasa_env()
    env["SANIC_WORKERS"] = str(settings.engine_workers)
    return Child("engine", cmd, env, model.parent.parent, log)


def app_child(settings: Settings, log: IO[bytes] | None = None) -> Child:
    env = dict(os.environ)
    env.update(
        APP_HOST=settings.app_host,
        APP_PORT=str(settings.app_port),
        RASA_URL=settings.rasa_url,
        DATA_DIR=str(settings.data_dir),
        DATABASE_URL=settings.database_url,
        ENGINE_TRACKER_URL=settings.engine_tracker_url,
        # Every worker signs and checks with the key the engine's token was derived from.
        SECRET_KEY=settings.resolved_secret_key(),
    )
    cmd = [sys.executable, "-m", "bot.cli", "serve", "--no-migrate"]
    return Child("app", cmd, env, Path.cwd(), log)


def wait_until(url: str, *, children: list[Child], timeout: float, label: str) -> float:
    """Poll `url` until it answers 200; fail early if a child exits. Returns seconds waited."""
    started = time.monotonic()
    while True:
        for child in children:
            code = child.exited()
            if code is not None:
                raise RuntimeError(f"the {child.name} exited with code {code} while starting")
        try:
            if httpx.get(url, timeout=2.0).status_code == 200:
                return time.monotonic() - started
        except httpx.HTTPError:
            pass
        waited = time.monotonic() - started
        if waited > timeout:
            raise TimeoutError(f"the {label} did not answer at {url} within {timeout:.0f} s")
        time.sleep(0.5)
