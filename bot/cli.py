"""`prospect`: the command line of the assistant.

prospect run        train if needed, migrate, start engine + app, wait, print where to chat
prospect serve      start the app only (the engine must be running at RASA_URL)
prospect train      train the Rasa model if its inputs changed
prospect migrate    apply database migrations
prospect chat       talk to a running assistant from the terminal
prospect extract    BANT and profile facts from text (no engine needed)
prospect ask        answer questions from the content library (no engine needed)
prospect users      the console's accounts: `users add EMAIL --role admin|marketer|sdr`,
                    list, remove, unlock, reset-password
prospect demo-data  made-up leads, conversations, handoffs and verdicts to try the console
prospect outcomes   `outcomes import FILE.csv`: what sales closed (won/lost, amount, date)
prospect calibrate  is the SDR-ready threshold right? verdicts and outcomes; --apply, --undo
prospect nurture    `nurture simulate SCENARIO --lead ID`: what a follow-up would send, when
"""

from __future__ import annotations

import argparse
import logging
import sys
from collections.abc import AsyncIterator, Callable, Sequence
from contextlib import asynccontextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any

from bot.errors import ProspectError
from bot.nurture.cli import add_nurture_parser
from bot.settings import Settings, get_settings

if TYPE_CHECKING:
    from fastapi import FastAPI


def cmd_train(args: argparse.Namespace, settings: Settings) -> int:
    from bot.engine.model import ensure_model

    ensure_model(rasa_venv=settings.rasa_venv, models_dir=settings.models_dir, force=args.force)
    return 0


def cmd_migrate(_args: argparse.Namespace, settings: Settings) -> int:
    from bot.db.migrate import upgrade

    upgrade(settings.database_url)
    print(f"Database up to date: {settings.database_url}")
    return 0


def served_app(settings: Settings | None = None) -> FastAPI:
    """The app as `prospect serve` runs it: each worker watches its own event loop and
    exits when it is stuck (bot/loop_watchdog.py), to be restarted."""
    from bot.app import create_app
    from bot.loop_watchdog import LoopWatchdog

    settings = settings or get_settings()
    app = create_app(settings)
    inner = app.router.lifespan_context

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[Any]:
        watchdog = LoopWatchdog(settings.watchdog_seconds)
        watchdog.start()
        try:
            async with inner(app) as state:
                yield state
        finally:
            watchdog.stop()

    app.router.lifespan_context = lifespan
    return app


def cmd_serve(args: argparse.Namespace, settings: Settings) -> int:
    import uvicorn

    if not args.no_migrate:
        cmd_migrate(args, settings)
    if settings.app_workers > 1:
        # Each worker builds its own app from the environment (the same settings).
        uvicorn.run(
            "bot.cli:served_app",
            factory=True,
            workers=settings.app_workers,
            host=settings.app_host,
            port=settings.app_port,
            log_level=settings.log_level,
            access_log=False,
        )
        return 0
    uvicorn.run(
        served_app(settings),
        host=settings.app_host,
        port=settings.app_port,
        log_level=settings.log_level,
        access_log=False,
    )
    return 0


def cmd_run(args: argparse.Namespace, settings: Settings) -> int:
    from bot.engine.supervisor import run

    return run(settings, profile=getattr(args, "profile", "embedded"))


def cmd_chat(args: argparse.Namespace, settings: Settings) -> int:
    from bot.terminal_chat import run_chat

    admin = settings.resolved_admin_token() if args.sender else None  # naming needs it
    return run_chat(
        url=args.url or settings.app_url, sender=args.sender, language=args.lang, admin_token=admin
    )


def _each_input(text: str | None, emit: Callable[[str], None]) -> int:
    """`text` if given, else every line of stdin in order: one output per input."""
    if text is not None:
        emit(text)
        return 0
    for line in sys.stdin:
        emit(line.rstrip("\r\n"))
    return 0


def cmd_extract(args: argparse.Namespace, settings: Settings) -> int:
    import json
    from datetime import date

    from nlu.extract import extract_facts
    from nlu.ner import org_finder

    try:
        today = date.fromisoformat(args.today) if args.today else date.today()
    except ValueError:
        print(f"error: --today must be YYYY-MM-DD, got {args.today!r}", file=sys.stderr)
        return 2
    finder = org_finder(settings.spacy_fr_model)

    def emit(text: str) -> None:
        facts = extract_facts(text, today=today, language=args.lang, fr_orgs=finder)
        print(json.dumps(facts.as_dict(), ensure_ascii=False), flush=True)

    return _each_input(args.text, emit)


def cmd_ask(args: argparse.Namespace, settings: Settings) -> int:
    import json

    if args.content_dir is not None:
        settings = settings.model_copy(update={"content_dir": args.content_dir})
    search = settings.content_search()
    for error in search.errors:
        print(f"warning: {error} (skipped)", file=sys.stderr)
    language = None if args.lang == "auto" else args.lang

    def emit(question: str) -> None:
        answer = search.ask(question, language=language) if question.strip() else None
        out = answer.as_dict() if answer else {"answered": False, "answer": "", "sources": []}
        print(json.dumps(out, ensure_ascii=False), flush=True)

    return _each_input(args.question, emit)


def cmd_users_add(args: argparse.Namespace, settings: Settings) -> int:
    from bot.console.cli import add_user_command

    return add_user_command(settings, args.email, args.role, password_stdin=args.password_stdin)


def cmd_users_list(_args: argparse.Namespace, settings: Settings) -> int:
    from bot.console.cli import list_users_command

    return list_users_command(settings)


def cmd_users_care(args: argparse.Namespace, settings: Settings) -> int:
    from bot.console import users_cli

    if args.verb == "remove":
        return users_cli.remove_user_command(settings, args.email)
    if args.verb == "unlock":
        return users_cli.unlock_user_command(settings, args.email)
    return users_cli.reset_password_command(
        settings, args.email, password_stdin=args.password_stdin
    )


def cmd_demo_data(args: argparse.Namespace, settings: Settings) -> int:
    from bot.console.cli import demo_data_command

    return demo_data_command(settings, args.leads, args.seed)


def cmd_outcomes_import(args: argparse.Namespace, settings: Settings) -> int:
    from bot.console.cli import import_outcomes_command

    return import_outcomes_command(settings, args.file)


def cmd_calibrate(args: argparse.Namespace, settings: Settings) -> int:
    from bot.console.cli import calibrate_command, change_threshold_command

    if args.apply or args.undo:
        return change_threshold_command(settings, undo=args.undo, threshold=args.threshold)
    return calibrate_command(settings, as_json=args.json)


def _add_users_parser(sub: Any) -> None:
    users = sub.add_parser("users", help="the console's accounts (docs/console.md)")
    verbs = users.add_subparsers(dest="verb", required=True, metavar="VERB")
    p = verbs.add_parser("add", help="add a person who signs in to /console/")
    p.add_argument("email", metavar="EMAIL")
    p.add_argument("--role", choices=["admin", "marketer", "sdr"], required=True)
    p.add_argument(
        "--password-stdin",
        action="store_true",
        help="read the password from stdin's first line (default: asked twice on the terminal)",
    )
    p.set_defaults(func=cmd_users_add)
    p = verbs.add_parser("list", help="the accounts, their roles and last sign-in")
    p.set_defaults(func=cmd_users_list)
    for verb, text in [
        ("remove", "delete an account and its sessions"),
        ("unlock", "end an account's lock-out after too many sign-in attempts"),
        ("reset-password", "set a new password (asked like `add`); ends its sessions"),
    ]:
        p = verbs.add_parser(verb, help=text)
        p.add_argument("email", metavar="EMAIL")
        if verb == "reset-password":
            p.add_argument("--password-stdin", action="store_true", help="as for `add`")
        p.set_defaults(func=cmd_users_care)
    p = sub.add_parser("demo-data", help="add made-up leads to try the console (docs/console.md)")
    p.add_argument("--leads", type=int, default=2000, help="how many (default 2000)")
    p.add_argument("--seed", type=int, default=1, help="the same seed, the same leads")
    p.set_defaults(func=cmd_demo_data)
    outcomes = sub.add_parser("outcomes", help="what sales closed with leads (docs/api.md)")
    verbs = outcomes.add_subparsers(dest="verb", required=True, metavar="VERB")
    p = verbs.add_parser(
        "import", help="CSV: lead_id or email, outcome (won/lost), amount, currency, date"
    )
    p.add_argument("file", metavar="FILE", help="the CSV file, or - for stdin")
    p.set_defaults(func=cmd_outcomes_import)
    p = sub.add_parser("calibrate", help="is the SDR-ready threshold right? apply, undo")
    change = p.add_mutually_exclusive_group()
    change.add_argument(
        "--apply", action="store_true", help="make the recommended (or --threshold) one in force"
    )
    change.add_argument("--undo", action="store_true", help="undo the last applied threshold")
    p.add_argument("--threshold", type=float, metavar="X", help="with --apply: this threshold")
    p.add_argument("--json", action="store_true", help="the report as JSON (GET /api/calibration)")
    p.set_defaults(func=cmd_calibrate)
    add_nurture_parser(sub)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="prospect", description=__doc__.split("\n\n")[0])
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    p = sub.add_parser("run", help="train if needed, migrate, start engine + app")
    p.add_argument(
        "--profile",
        choices=["embedded", "production"],
        default="embedded",
        help="production: check for PostgreSQL and Redis, two app workers unless APP_WORKERS "
        "says otherwise (docs/production.md)",
    )
    p.set_defaults(func=cmd_run)

    p = sub.add_parser("serve", help="start the app only (engine at RASA_URL)")
    p.add_argument("--no-migrate", action="store_true", help="skip database migrations")
    p.set_defaults(func=cmd_serve)

    p = sub.add_parser("train", help="train the Rasa model if its inputs changed")
    p.add_argument("--force", action="store_true", help="train even if a model is up to date")
    p.set_defaults(func=cmd_train)

    p = sub.add_parser("migrate", help="apply database migrations")
    p.set_defaults(func=cmd_migrate)

    p = sub.add_parser("chat", help="talk to a running assistant from the terminal")
    p.add_argument("--url", help="the app's base URL (default: from APP_HOST/APP_PORT)")
    p.add_argument(
        "--sender",
        help="a visitor id to talk as, the same conversation on every run (uses the admin "
        "token); default: a new visitor",
    )
    p.add_argument("--lang", choices=["fr", "en"], help="language hint for the first message")
    p.set_defaults(func=cmd_chat)

    p = sub.add_parser(
        "extract",
        help="print the facts a text carries as JSON (one object per stdin line without TEXT)",
    )
    p.add_argument("text", nargs="?", metavar="TEXT", help="the text (default: read stdin)")
    p.add_argument("--lang", choices=["fr", "en", "auto"], default="auto")
    p.add_argument("--today", metavar="YYYY-MM-DD", help="reference date for timelines")
    p.set_defaults(func=cmd_extract)

    p = sub.add_parser(
        "ask",
        help="answer from the content library as JSON (one object per stdin line without it)",
    )
    p.add_argument("question", nargs="?", metavar="QUESTION")
    p.add_argument("--content-dir", type=Path, help="library folder (default: CONTENT_DIR)")
    p.add_argument("--lang", choices=["fr", "en", "auto"], default="auto")
    p.set_defaults(func=cmd_ask)
    _add_users_parser(sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(levelname)s %(name)s: %(message)s")
    logging.getLogger("httpx").setLevel(logging.WARNING)
    try:
        settings = get_settings()
        result: int = args.func(args, settings)
        return result
    except ProspectError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main())
