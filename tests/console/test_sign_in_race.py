"""The lock-out holds against parallel attempts: each attempt is counted in the database,
in one statement, before its password is checked (bot/console/accounts.py)."""

from __future__ import annotations

import asyncio
from datetime import timedelta

import pytest
from sqlalchemy import select

from bot.console import accounts
from bot.console.accounts import Lockout, SignInRefused, add_user, sign_in
from bot.db.migrate import upgrade
from bot.db.models import User, utcnow
from bot.db.session import create_engine, create_sessionmaker
from bot.settings import Settings

PASSWORD = "correct horse battery staple"
EMAIL = "ada@example.com"
LOCKOUT = Lockout(failures=5, window=timedelta(minutes=15))


async def _race(settings: Settings, passwords: list[str]) -> tuple[list[bool], int]:
    engine = create_engine(settings.database_url)
    sessions = create_sessionmaker(engine)
    try:
        async with sessions() as session, session.begin():
            await add_user(session, email=EMAIL, role="admin", password=PASSWORD)

        async def attempt(password: str) -> bool:
            async with sessions() as session:
                try:
                    await sign_in(
                        session, email=EMAIL, password=password, now=utcnow(), lockout=LOCKOUT
                    )
                except SignInRefused:
                    await session.commit()
                    return False
                await session.commit()
                return True

        results = await asyncio.gather(*(attempt(p) for p in passwords))
        after = await attempt(PASSWORD)
        async with sessions() as session:
            failed = await session.scalar(select(User.failed_sign_ins).where(User.email == EMAIL))
        return [*results, after], int(failed or 0)
    finally:
        await engine.dispose()


def test_parallel_wrong_attempts_lock_the_account_for_the_right_password(
    settings: Settings,
) -> None:
    upgrade(settings.database_url)
    wrong = [f"wrong-{i}-xxxxxxxx" for i in range(29)]
    results, failed = asyncio.run(_race(settings, wrong))
    assert not any(results), "the right password after 29 parallel failures is refused"
    assert failed == 30  # every attempt counted, none lost to a read-modify-write race


def test_the_right_password_within_the_limit_signs_in_and_resets_the_count(
    settings: Settings,
) -> None:
    upgrade(settings.database_url)
    results, failed = asyncio.run(_race(settings, ["wrong-one-xxxxxxxx", "wrong-two-xxxxxxx"]))
    assert results == [False, False, True]
    assert failed == 0


def test_a_locked_account_still_verifies_a_password_so_timing_tells_nothing(
    settings: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    upgrade(settings.database_url)
    checked: list[str | None] = []
    real = accounts.verify_password

    def counting(stored: str | None, password: str) -> bool:
        checked.append(stored)
        return real(stored, password)

    monkeypatch.setattr(accounts, "verify_password", counting)
    results, _ = asyncio.run(_race(settings, [f"wrong-{i}-xxxxxxxx" for i in range(5)]))
    assert results == [False] * 6
    assert len(checked) == 6  # the sixth, refused by the lock, cost an argon2 check too


def test_the_count_starts_again_once_the_window_has_passed(settings: Settings) -> None:
    upgrade(settings.database_url)

    async def go() -> tuple[bool, bool]:
        engine = create_engine(settings.database_url)
        sessions = create_sessionmaker(engine)
        try:
            async with sessions() as session, session.begin():
                await add_user(session, email=EMAIL, role="admin", password=PASSWORD)

            async def attempt(password: str, later: timedelta) -> bool:
                async with sessions() as session:
                    try:
                        await sign_in(
                            session,
                            email=EMAIL,
                            password=password,
                            now=utcnow() + later,
                            lockout=LOCKOUT,
                        )
                    except SignInRefused:
                        return False
                    await session.commit()
                    return True

            for _ in range(6):
                await attempt("wrong-wrong-wrong", timedelta(0))
            within = await attempt(PASSWORD, timedelta(minutes=14))
            after = await attempt(PASSWORD, timedelta(minutes=16))
            return within, after
        finally:
            await engine.dispose()

    assert asyncio.run(go()) == (False, True)
