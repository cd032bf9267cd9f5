"""`prospect users remove|unlock|reset-password EMAIL`: an account's care from the terminal
(`users add|list` are in bot/console/cli.py)."""

from __future__ import annotations

import asyncio
import sys
from collections.abc import Awaitable, Callable

from sqlalchemy.ext.asyncio import AsyncSession

from bot.console.accounts import AccountError, remove_user, reset_password, unlock_user
from bot.console.cli import read_password
from bot.db.migrate import upgrade
from bot.db.session import create_engine, create_sessionmaker
from bot.settings import Settings

Change = Callable[[AsyncSession], Awaitable[None]]


async def _apply(settings: Settings, change: Change) -> None:
    engine = create_engine(settings.database_url)
    try:
        async with create_sessionmaker(engine)() as session, session.begin():
            await change(session)
    finally:
        await engine.dispose()


def _run(settings: Settings, change: Change, done: str) -> int:
    upgrade(settings.database_url)
    try:
        asyncio.run(_apply(settings, change))
    except AccountError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    print(done)
    return 0


def remove_user_command(settings: Settings, email: str) -> int:
    return _run(
        settings, lambda s: remove_user(s, email), f"Removed {email} and signed it out everywhere"
    )


def unlock_user_command(settings: Settings, email: str) -> int:
    done = (
        f"Unlocked {email} (an address refused for too many attempts on it stays so until "
        "its window ends, or the app restarts)"
    )
    return _run(settings, lambda s: unlock_user(s, email), done)


def reset_password_command(settings: Settings, email: str, *, password_stdin: bool) -> int:
    password = read_password(from_stdin=password_stdin)
    if password is None:
        return 2
    return _run(
        settings,
        lambda s: reset_password(s, email, password),
        f"New password for {email}; its sessions are ended",
    )
