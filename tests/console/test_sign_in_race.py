"""The lock-out holds against parallel attempts: each attempt is counted in the database,
in one statement, before its password is checked (bot/console/accounts.py)."""

from __future__ import annotations

import asyncio
import os
import uuid
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path

import pytest
from sqlalchemy import make_url, select

from bot.console import accounts
from bot.console.accounts import Lockout, SignInRefused, add_user, sign_in
from bot.db.migrate import upgrade
from bot.db.models import User, utcnow
from bot.db.session import create_engine, create_sessionmaker

PASSWORD = "correct horse battery staple"
EMAIL = "ada@example.com"
LOCKOUT = Lockout(failures=5, window=timedelta(minutes=15))
POSTGRES = os.environ.get("TEST_POSTGRES_URL", "postgresql://postgres@127.0.0.1:5432/test")


@pytest.fixture(params=["sqlite", "postgresql"])
def database_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """A fresh database: SQLite, and PostgreSQL when one answers at TEST_POSTGRES_URL."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path}/race.db"
        return
    psycopg = pytest.importorskip("psycopg")
    try:
        admin = psycopg.connect(POSTGRES, autocommit=True, connect_timeout=3)
    except psycopg.OperationalError as exc:
        pytest.skip(f"no PostgreSQL at {POSTGRES}: {exc}")
    name = f"prospect_sign_in_{os.getpid()}_{uuid.uuid4().hex[:8]}"
    with admin:
        admin.execute(f'CREATE DATABASE "{name}"')
    try:
        url = make_url(POSTGRES).set(drivername="postgresql+psycopg", database=name)
        yield url.render_as_string(hide_password=False)
    finally:
        with psycopg.connect(POSTGRES, autocommit=True) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


async def _race(database_url: str, passwords: list[str]) -> tuple[list[bool], int]:
    engine = create_engine(database_url)
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
    database_url: str,
) -> None:
    upgrade(database_url)
    wrong = [f"wrong-{i}-xxxxxxxx" for i in range(29)]
    results, failed = asyncio.run(_race(database_url, wrong))
    assert not any(results), "the right password after 29 parallel failures is refused"
    assert failed == 30  # every attempt counted, none lost to a read-modify-write race


def test_the_right_password_within_the_limit_signs_in_and_resets_the_count(
    database_url: str,
) -> None:
    upgrade(database_url)
    results, failed = asyncio.run(_race(database_url, ["wrong-one-xxxxxxxx", "wrong-two-xxxxxxx"]))
    assert results == [False, False, True]
    assert failed == 0


def test_a_locked_account_still_verifies_a_password_so_timing_tells_nothing(
    database_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    upgrade(database_url)
    checked: list[str | None] = []
    real = accounts.verify_password

    def counting(stored: str | None, password: str) -> bool:
        checked.append(stored)
        return real(stored, password)

    monkeypatch.setattr(accounts, "verify_password", counting)
    results, _ = asyncio.run(_race(database_url, [f"wrong-{i}-xxxxxxxx" for i in range(5)]))
    assert results == [False] * 6
    assert len(checked) == 6  # the sixth, refused by the lock, cost an argon2 check too


def test_the_count_starts_again_once_the_window_has_passed(database_url: str) -> None:
    upgrade(database_url)

    async def go() -> tuple[bool, bool]:
        engine = create_engine(database_url)
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
