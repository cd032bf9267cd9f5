"""`prospect users add|list`: the console's accounts from the terminal."""

from __future__ import annotations

import asyncio
import getpass
import sys
from pathlib import Path
from typing import Any

from sqlalchemy import select

from bot.calibration.threshold import ThresholdOverride
from bot.console.accounts import AccountError, add_user
from bot.db.migrate import upgrade
from bot.db.models import ThresholdChange, User
from bot.db.session import create_engine, create_sessionmaker
from bot.errors import ThresholdRefused
from bot.settings import Settings


def read_password(*, from_stdin: bool) -> str | None:
    """The new password: stdin's first line, or asked twice on the terminal (None when the
    two differ or no terminal can ask)."""
    if from_stdin:
        return sys.stdin.readline().rstrip("\r\n")
    if not sys.stdin.isatty():
        print("error: no terminal to ask the password: use --password-stdin", file=sys.stderr)
        return None
    first = getpass.getpass("Password: ")
    if getpass.getpass("Again: ") != first:
        print("error: the two passwords differ", file=sys.stderr)
        return None
    return first


async def _add(settings: Settings, email: str, role: str, password: str) -> User:
    engine = create_engine(settings.database_url)
    try:
        sessions = create_sessionmaker(engine)
        async with sessions() as session, session.begin():
            return await add_user(session, email=email, role=role, password=password)
    finally:
        await engine.dispose()


def add_user_command(settings: Settings, email: str, role: str, *, password_stdin: bool) -> int:
    password = read_password(from_stdin=password_stdin)
    if password is None:
        return 2
    upgrade(settings.database_url)
    try:
        user = asyncio.run(_add(settings, email, role, password))
    except AccountError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    print(f"Added {user.email} ({user.role}): sign in at {settings.link_base}/console/")
    return 0


async def _list(settings: Settings) -> list[User]:
    engine = create_engine(settings.database_url)
    try:
        async with create_sessionmaker(engine)() as session:
            return list(await session.scalars(select(User).order_by(User.id)))
    finally:
        await engine.dispose()


def list_users_command(settings: Settings) -> int:
    upgrade(settings.database_url)
    for user in asyncio.run(_list(settings)):
        last = user.last_sign_in_at.isoformat(timespec="minutes") if user.last_sign_in_at else "-"
        print(f"{user.id}\t{user.email}\t{user.role}\tlast sign-in: {last}")
    return 0


async def _demo(settings: Settings, leads: int, seed: int) -> None:
    from bot.console.demo_data import fill
    from bot.db.models import utcnow

    engine = create_engine(settings.database_url)
    try:
        async with create_sessionmaker(engine)() as session, session.begin():
            rules = settings.load_scoring_rules()
            await fill(session, leads=leads, seed=seed, rules=rules, now=utcnow())
    finally:
        await engine.dispose()


def demo_data_command(settings: Settings, leads: int, seed: int) -> int:
    import time

    upgrade(settings.database_url)
    started = time.perf_counter()
    asyncio.run(_demo(settings, leads, seed))
    took = time.perf_counter() - started
    print(f"Added {leads} made-up leads (seed {seed}) in {took:.1f} s to {settings.database_url}")
    return 0


async def _import_outcomes(settings: Settings, text: str) -> tuple[int, list[str]]:
    from bot.leads.outcomes import import_outcomes

    engine = create_engine(settings.database_url)
    try:
        async with create_sessionmaker(engine)() as session, session.begin():
            return await import_outcomes(session, text)
    finally:
        await engine.dispose()


def import_outcomes_command(settings: Settings, path: str) -> int:
    """`prospect outcomes import FILE.csv` (or - for stdin)."""
    text = sys.stdin.read() if path == "-" else Path(path).read_text(encoding="utf-8-sig")
    upgrade(settings.database_url)
    recorded, refused = asyncio.run(_import_outcomes(settings, text))
    for problem in refused:
        print(f"refused: {problem}", file=sys.stderr)
    print(f"Recorded {recorded} outcomes, refused {len(refused)}")
    return 1 if refused else 0


def _override(settings: Settings) -> ThresholdOverride:
    rules = settings.load_scoring_rules()
    return ThresholdOverride(rules.sdr_ready_threshold, floor=rules.mql_threshold)


async def _calibration(settings: Settings) -> dict[str, Any]:
    from bot.calibration.summary import calibration_summary

    engine = create_engine(settings.database_url)
    try:
        async with create_sessionmaker(engine)() as session:
            policy = settings.calibration_policy()
            return await calibration_summary(session, _override(settings), policy)
    finally:
        await engine.dispose()


def calibrate_command(settings: Settings, *, as_json: bool = False) -> int:
    """`prospect calibrate [--json]`: the calibration report, readable or as JSON."""
    import json

    from bot.calibration.text import report_text

    upgrade(settings.database_url)
    found = asyncio.run(_calibration(settings))
    print(json.dumps(found, indent=2, ensure_ascii=False) if as_json else report_text(found))
    return 0


async def _change(settings: Settings, *, undo: bool, threshold: float | None) -> ThresholdChange:
    from bot.calibration.cases import load_cases
    from scoring.calibration import report

    override = _override(settings)
    by = f"{getpass.getuser()} (terminal)"
    engine = create_engine(settings.database_url)
    try:
        async with create_sessionmaker(engine)() as session, session.begin():
            if undo:
                return await override.undo(session, by=by)
            if threshold is None:
                threshold = await override.refresh(session)
                found = report(await load_cases(session), threshold, settings.calibration_policy())
                if found.recommended is None:
                    raise ThresholdRefused(
                        "no recommended threshold (too few handoffs, or none meets the "
                        "target): give one with --threshold"
                    )
                threshold = found.recommended
            return await override.apply(session, threshold, by=by)
    finally:
        await engine.dispose()


def change_threshold_command(settings: Settings, *, undo: bool, threshold: float | None) -> int:
    """`prospect calibrate --apply [--threshold X]` or `--undo`: recorded, in force in every
    worker within THRESHOLD_CACHE_SECONDS."""
    upgrade(settings.database_url)
    try:
        change = asyncio.run(_change(settings, undo=undo, threshold=threshold))
    except ThresholdRefused as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    what = "Undone" if undo else "Applied"
    print(
        f"{what}: the SDR-ready threshold is {change.to_value:g} (was {change.from_value:g}); "
        f"the app uses it within {settings.threshold_cache_seconds:g} s"
    )
    return 0
