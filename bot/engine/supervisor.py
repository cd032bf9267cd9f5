"""`prospect run`: the supervisor of the engine and the app.

It trains the model if its inputs changed, migrates the database, starts the engine and
the app as child processes, waits until both answer, prints where to chat, then watches
them: a child that exits, or stops answering its health check for WATCHDOG_SECONDS, is
restarted; one that crashes in a loop stops everything. Ctrl-C or SIGTERM stops both.
"""

from __future__ import annotations

import os
import signal
import sys
import time
from types import FrameType

from pydantic import SecretStr

from bot.db.migrate import upgrade
from bot.engine.model import ensure_model
from bot.engine.process import Child, app_child, engine_child, wait_until
from bot.engine.watchdog import Liveness
from bot.settings import Settings

MAX_RESTARTS = 5
RESTART_WINDOW = 300.0
APP_START_TIMEOUT = 60.0


class _Stop(Exception):
    pass


def _bold(text: str) -> str:
    return f"\033[1m{text}\033[0m" if sys.stdout.isatty() else text


def production_problems(settings: Settings) -> list[str]:
    problems = []
    if not settings.database_url.startswith("postgresql"):
        problems.append("the production profile needs DATABASE_URL=postgresql+psycopg://...")
    if not settings.redis_url:
        problems.append("the production profile needs REDIS_URL=redis://host:6379/0")
    if settings.telegram_bot_token.get_secret_value() and not settings.telegram_webhook_url:
        problems.append("with several app workers Telegram needs TELEGRAM_WEBHOOK_URL")
    return problems


def run_settings(settings: Settings, profile: str) -> Settings | None:
    """The settings the children run with; None (after saying why) when the production
    profile is asked for and the settings do not meet it."""
    if profile == "production":
        problems = production_problems(settings)
        if problems:
            for problem in problems:
                print(f"error: {problem}", file=sys.stderr)
            print("See docs/production.md.", file=sys.stderr)
            return None
        if "APP_WORKERS" not in os.environ:
            settings = settings.model_copy(update={"app_workers": 2})
            os.environ["APP_WORKERS"] = "2"
    settings = settings.model_copy(update={"rasa_url": f"http://127.0.0.1:{settings.engine_port}"})
    # One key for the engine's action token and every app worker, resolved (or generated
    # into DATA_DIR) here, before any child starts, and handed to the app in SECRET_KEY.
    return settings.model_copy(update={"secret_key": SecretStr(settings.resolved_secret_key())})


def _stop_on_signals() -> None:
    def on_signal(signum: int, _frame: FrameType | None) -> None:
        raise _Stop(signal.Signals(signum).name)

    signal.signal(signal.SIGINT, on_signal)
    signal.signal(signal.SIGTERM, on_signal)


def start(settings: Settings, children: list[Child]) -> None:
    """Train if needed, migrate, start the engine and the app (appended to `children` as
    they are made, so the caller stops whatever started) and wait until both answer."""
    logs = settings.data_dir / "logs"
    model = ensure_model(rasa_venv=settings.rasa_venv, models_dir=settings.models_dir)
    upgrade(settings.database_url)
    print(f"Database up to date: {settings.database_url}", flush=True)
    engine = engine_child(settings, model, (logs / "engine.log").open("ab"))
    app = app_child(settings)
    children += [engine, app]
    started = time.monotonic()
    engine.start()
    print(
        f"Starting the engine on 127.0.0.1:{settings.engine_port} (log: {logs / 'engine.log'}) ...",
        flush=True,
    )
    app.start()
    app_ready = wait_until(
        f"{settings.app_url}/health", children=children, timeout=APP_START_TIMEOUT, label="app"
    )
    print(f"App ready in {app_ready:.1f} s", flush=True)
    wait_until(
        f"{settings.rasa_url}/webhooks/rest/",
        children=children,
        timeout=settings.engine_start_timeout,
        label="engine",
    )
    print(f"Engine ready in {time.monotonic() - started:.1f} s", flush=True)


def print_banner(settings: Settings) -> None:
    token = settings.resolved_admin_token()
    print(
        "\n"
        + _bold("The assistant is running.")
        + f"\n  Website demo {settings.app_url}/"
        + f"\n  Chat API     POST {settings.app_url}/api/chat/session, then /api/chat"
        + '  {"text": "Bonjour"} with X-Visitor-Token'
        + "\n  Terminal     .venv/bin/prospect chat"
        + (f"\n  API docs     {settings.app_url}/docs" if settings.docs_enabled else "")
        + f"\n  Admin token  {token}"
        + "\n               (GET /api/leads/<id> with 'Authorization: Bearer <token>')"
        + "\nPress Ctrl-C to stop.\n",
        flush=True,
    )


def liveness_checks(settings: Settings, engine: Child, app: Child) -> dict[str, Liveness]:
    """A child that stops answering without exiting is killed and restarted too."""
    return {
        engine.name: Liveness(
            engine.name,
            f"{settings.rasa_url}/webhooks/rest/",
            settings.watchdog_seconds,
            settings.engine_start_timeout,
        ),
        app.name: Liveness(
            app.name, f"{settings.app_url}/health", settings.watchdog_seconds, APP_START_TIMEOUT
        ),
    }


class Restarts:
    """Restarts within RESTART_WINDOW: more than MAX_RESTARTS is a crash loop."""

    def __init__(self) -> None:
        self._times: list[float] = []

    def one_more(self, now: float) -> bool:
        """Count a restart at `now`; False when it would be one too many."""
        self._times = [t for t in self._times if now - t < RESTART_WINDOW] + [now]
        return len(self._times) <= MAX_RESTARTS


def _exit_code(child: Child, watch: Liveness, settings: Settings) -> int | None:
    """The child's exit code; a silent child is killed first. None: it is well."""
    code = child.exited()
    if code is not None or not watch.overdue(time.monotonic()):
        return code
    print(
        f"warning: the {child.name} did not answer its health check for "
        f"{watch.silent_for(time.monotonic()):.0f} s (WATCHDOG_SECONDS="
        f"{settings.watchdog_seconds:g}); killing it.",
        file=sys.stderr,
        flush=True,
    )
    child.kill()
    return child.exited()


def supervise(settings: Settings, children: list[Child]) -> int:
    """Watch the children until a signal (0) or a crash loop (1).

    A crashed engine or app is restarted: meanwhile prospects get the polite reply (engine)
    or their messages wait in the browser (app), and the outbox keeps what must be sent."""
    engine, app = children
    liveness = liveness_checks(settings, engine, app)
    restarts = Restarts()
    while True:
        for child in children:
            watch = liveness[child.name]
            code = _exit_code(child, watch, settings)
            if code is None:
                continue
            if not restarts.one_more(time.monotonic()):
                print(
                    f"error: the {child.name} stopped (exit {code}) {MAX_RESTARTS} times "
                    f"within {RESTART_WINDOW:.0f} s; stopping.",
                    file=sys.stderr,
                )
                return 1
            print(
                f"warning: the {child.name} stopped (exit {code}); restarting it.",
                file=sys.stderr,
                flush=True,
            )
            child.start()
            watch.restarted(time.monotonic())
        time.sleep(0.5)


def run(settings: Settings, *, profile: str = "embedded") -> int:
    """`prospect run`: 0 when stopped by a signal, 1 on a failure, 2 on bad settings."""
    ready = run_settings(settings, profile)
    if ready is None:
        return 2
    settings = ready
    _stop_on_signals()
    logs = settings.data_dir / "logs"
    logs.mkdir(parents=True, exist_ok=True)
    children: list[Child] = []
    try:
        start(settings, children)
        print_banner(settings)
        return supervise(settings, children)
    except _Stop as stop:
        print(f"\nStopping ({stop}) ...", flush=True)
        return 0
    except (RuntimeError, TimeoutError) as exc:
        print(
            f"error: {exc}. Engine log: {logs / 'engine.log'}. If a port is taken, "
            f"set APP_PORT (now {settings.app_port}) or ENGINE_PORT (now {settings.engine_port}).",
            file=sys.stderr,
        )
        return 1
    finally:
        signal.signal(signal.SIGINT, signal.SIG_IGN)
        for child in reversed(children):
            child.stop()
        if children:
            print("Engine and app stopped.", flush=True)
