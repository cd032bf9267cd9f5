"""`prospect users remove|unlock|reset-password EMAIL` (bot/console/users_cli.py)."""

from __future__ import annotations

import io
from datetime import timedelta

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import func, select

from bot import cli
from bot.db.models import ConsoleSession, User, utcnow
from bot.services import services_of
from bot.settings import Settings
from tests.console.conftest import PASSWORD, USERS, csrf_of, sign_in

NEW = "a brand new passphrase"


@pytest.fixture
def prospect(settings: Settings, monkeypatch: pytest.MonkeyPatch):  # type: ignore[no-untyped-def]
    monkeypatch.setattr(cli, "get_settings", lambda: settings)

    def run(*argv: str, stdin: str = "") -> int:
        monkeypatch.setattr("sys.stdin", io.StringIO(stdin))
        return cli.main(list(argv))

    return run


def _status(console: TestClient, email: str, password: str) -> int:
    console.cookies.clear()
    token = csrf_of(console.get("/console/sign-in").text)
    return console.post(
        "/console/sign-in",
        data={"csrf": token, "email": email, "password": password},
        follow_redirects=False,
    ).status_code


def _sessions_of(console: TestClient, email: str) -> int:
    services = services_of(console.app.state)  # type: ignore[attr-defined]

    async def go() -> int:
        async with services.sessions() as session:
            query = select(func.count()).select_from(ConsoleSession).join(User)
            return int(await session.scalar(query.where(User.email == email)) or 0)

    return int(console.portal.call(go))  # type: ignore[union-attr]


def test_reset_password_ends_the_sessions(console: TestClient, prospect) -> None:  # type: ignore[no-untyped-def]
    sign_in(console, USERS["sdr"])
    cookie = console.cookies.get("prospect_session")
    assert prospect("users", "reset-password", USERS["sdr"], "--password-stdin", stdin=NEW) == 0
    assert _sessions_of(console, USERS["sdr"]) == 0
    console.cookies.set("prospect_session", cookie or "", path="/console")
    assert console.get("/console/leads", follow_redirects=False).status_code == 303
    assert _status(console, USERS["sdr"], PASSWORD) == 401
    assert _status(console, USERS["sdr"], NEW) == 303
    assert prospect("users", "reset-password", "x@example.com", "--password-stdin", stdin=NEW) == 1
    assert prospect("users", "reset-password", USERS["sdr"], "--password-stdin", stdin="short") == 1


def test_remove_deletes_the_account_and_its_sessions(console: TestClient, prospect) -> None:  # type: ignore[no-untyped-def]
    sign_in(console, USERS["marketer"])
    assert _sessions_of(console, USERS["marketer"]) == 1
    assert prospect("users", "remove", USERS["marketer"].upper()) == 0
    assert _sessions_of(console, USERS["marketer"]) == 0
    assert console.get("/console/leads", follow_redirects=False).status_code == 303
    assert _status(console, USERS["marketer"], PASSWORD) == 401
    assert prospect("users", "remove", USERS["marketer"]) == 1  # no longer there


def test_unlock_ends_the_account_wide_lock(console: TestClient, prospect) -> None:  # type: ignore[no-untyped-def]
    services = services_of(console.app.state)  # type: ignore[attr-defined]

    async def lock() -> None:
        async with services.sessions() as session, session.begin():
            user = await session.scalar(select(User).where(User.email == USERS["admin"]))
            assert user is not None
            user.failed_sign_ins, user.first_failed_at = 1000, utcnow()
            user.locked_until = utcnow() + timedelta(hours=1)

    console.portal.call(lock)  # type: ignore[union-attr]
    assert _status(console, USERS["admin"], PASSWORD) == 401
    assert prospect("users", "unlock", USERS["admin"]) == 0
    assert _status(console, USERS["admin"], PASSWORD) == 303
