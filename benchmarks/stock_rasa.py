"""The fair baseline of `make bench` (benchmarks/load.py): the same assistant, built the
stock way.

- the same trained model and domain (`models/prospect-<fingerprint>.tar.gz`, what
  `prospect train` made), served by stock `rasa run` from the engine's environment: Rasa's
  own command line, none of engine_runtime's changes (no compiled response schema, no
  cached tracker store, the dask scheduler, Rasa's own classifier input);
- Rasa's own `SQLTrackerStore` (`type: SQL`) on the same database kind, a SQLite file;
- the same `actions/`, with the same lead store and content library, served by rasa-sdk's
  own action server in a process of its own (benchmarks/stock_actions.py);
- the same gateway in front (`prospect serve`: widget API, visitor tokens, scoring,
  database), so both targets answer the same HTTP API (`POST /api/chat`) with the same
  replies (checked by `make bench` before it measures).

What differs from ours is only what our launcher does: actions called inside the app
instead of by a separate server, the engine's runtime fixes, the cached tracker store.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from pathlib import Path

import httpx

from benchmarks.chat_latency import NEW_VISITORS_UNLIMITED, free_port
from bot.engine.model import rasa_env, rasa_executable

ROOT = Path(__file__).resolve().parent.parent
RASA_VENV = ROOT / ".venv-rasa"
ENDPOINTS = """\
action_endpoint:
  url: "http://127.0.0.1:{actions_port}/webhook"
tracker_store:
  type: SQL
  dialect: sqlite
  db: "{trackers}"
"""


def _started(
    stack: ExitStack, name: str, cmd: list[str], env: dict[str, str], data: Path
) -> subprocess.Popen[bytes]:
    """A child in its own process group, its output in `data`/<name>.log, stopped (SIGINT,
    then SIGKILL) when `stack` closes."""
    log = (data / f"{name}.log").open("wb")
    process = subprocess.Popen(
        cmd, cwd=data, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True
    )

    def stop() -> None:
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGINT)
            try:
                process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)
                process.wait()
        log.close()

    stack.callback(stop)
    return process


def _wait(url: str, processes: dict[str, subprocess.Popen[bytes]], data: Path) -> None:
    deadline = time.monotonic() + 300
    while True:
        try:
            if httpx.get(url, timeout=2).status_code == 200:
                return
        except httpx.HTTPError:
            pass
        for name, process in processes.items():
            if process.poll() is not None:
                log = (data / f"{name}.log").read_text(errors="replace")[-3000:]
                raise RuntimeError(f"the fair baseline's {name} exited:\n{log}")
        if time.monotonic() > deadline:
            raise RuntimeError(f"the fair baseline did not answer at {url}; logs in {data}")
        time.sleep(0.5)


def _env(data: Path, app_port: int, engine_port: int, **extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "REDIS_URL")}
    env.update(
        DATA_DIR=str(data),
        APP_PORT=str(app_port),
        RASA_URL=f"http://127.0.0.1:{engine_port}",
        DATABASE_URL=f"sqlite:///{data / 'prospect.db'}",
        ENGINE_TRACKER_URL=f"sqlite:///{data / 'trackers.db'}",
        SECRET_KEY="fair-baseline-benchmark-secret-key-0123456789abcdef",
        ENVIRONMENT="test",
        **{**NEW_VISITORS_UNLIMITED, **extra},
    )
    return env


@contextmanager
def running_stock(
    model: Path, **env_extra: str
) -> Iterator[tuple[dict[str, subprocess.Popen[bytes]], str]]:
    """The fair baseline, running on free ports with a data folder of its own, once the
    gateway says the engine is up. Yields its processes by name (gateway, engine, actions)
    and the gateway's URL."""
    data = Path(tempfile.mkdtemp(prefix="bench-stock-"))
    app_port, engine_port, actions_port = free_port(), free_port(), free_port()
    env = _env(data, app_port, engine_port, **env_extra)
    endpoints = data / "endpoints.yml"
    endpoints.write_text(ENDPOINTS.format(actions_port=actions_port, trackers=data / "trackers.db"))
    (data / "credentials.yml").write_text("rest:\n")
    app_cmd = [sys.executable, "-m", "bot.cli"]
    subprocess.run([*app_cmd, "migrate"], cwd=ROOT, env=env, check=True, capture_output=True)
    engine_cmd = [str(rasa_executable(RASA_VENV)), "run", "--model", str(model)]
    engine_cmd += ["--endpoints", str(endpoints), "--credentials", str(data / "credentials.yml")]
    engine_cmd += ["--interface", "127.0.0.1", "--port", str(engine_port)]
    actions_env = {**env, "PYTHONPATH": str(ROOT)}
    with ExitStack() as stack:
        processes = {
            "actions": _started(
                stack,
                "actions",
                [sys.executable, "-m", "benchmarks.stock_actions", "--port", str(actions_port)],
                actions_env,
                data,
            ),
            "engine": _started(stack, "engine", engine_cmd, {**rasa_env(), **env}, data),
        }
        _wait(f"http://127.0.0.1:{actions_port}/health", processes, data)
        _wait(f"http://127.0.0.1:{engine_port}/webhooks/rest/", processes, data)
        processes["gateway"] = _started(
            stack, "gateway", [*app_cmd, "serve", "--no-migrate"], actions_env, data
        )
        _wait(f"http://127.0.0.1:{app_port}/health", processes, data)
        yield processes, f"http://127.0.0.1:{app_port}"
