"""Sign-in throttles per address and per (address, account): a stranger guessing at an
account locks only themselves out; a campaign from many addresses locks the account (in the
database) until the window ends; the Secure cookie flag can be forced."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress
from typing import Any

from fastapi.testclient import TestClient

from bot.app import create_app
from bot.console.accounts import AccountError, add_user
from bot.services import services_of
from bot.settings import Settings
from channels.web import plugin as web
from tests.console.conftest import PASSWORD, USERS, csrf_of
from tests.unit.fake_engine import FakeEngine


@contextmanager
def console_at(settings: Settings, **changes: Any) -> Iterator[Callable[[str], TestClient]]:
    """The console, and a client for it from any address."""
    app = create_app(
        settings.model_copy(update=changes), channels=[web], engine_transport=FakeEngine().transport
    )
    with TestClient(app) as first:
        services = services_of(first.app.state)  # type: ignore[attr-defined]

        async def seed() -> None:
            async with services.sessions() as session, session.begin():
                for role, email in USERS.items():
                    with suppress(AccountError):  # a second console on the same database
                        await add_user(session, email=email, role=role, password=PASSWORD)

        first.portal.call(seed)  # type: ignore[union-attr]
        yield lambda ip: TestClient(app, client=(ip, 50000))


def attempt(client: TestClient, email: str, password: str) -> int:
    token = csrf_of(client.get("/console/sign-in").text)
    response = client.post(
        "/console/sign-in",
        data={"csrf": token, "email": email, "password": password},
        follow_redirects=False,
    )
    return response.status_code


def test_a_stranger_guessing_does_not_lock_the_owner_out(settings: Settings) -> None:
    with console_at(settings) as client:
        stranger, owner = client("203.0.113.66"), client("198.51.100.7")
        codes = [attempt(stranger, USERS["sdr"], "guess-guess-guess") for _ in range(8)]
        assert codes[:5] == [401] * 5 and set(codes[5:]) == {429}
        assert attempt(stranger, USERS["sdr"], PASSWORD) == 429  # locked out: that address
        assert attempt(owner, USERS["sdr"], PASSWORD) == 303  # the owner signs in


def test_one_address_is_throttled_across_accounts_known_or_not(settings: Settings) -> None:
    with console_at(settings, console_sign_in_per_minute=6) as client:
        one = client("203.0.113.9")
        codes = [attempt(one, f"nobody{i}@example.com", "guess-guess") for i in range(6)]
        assert codes == [401] * 6
        assert attempt(one, "another@example.com", "guess-guess") == 429
        assert attempt(one, USERS["admin"], PASSWORD) == 429  # the same answer for a real one
        assert attempt(client("203.0.113.10"), USERS["admin"], PASSWORD) == 303


def test_a_success_gives_the_attempts_back(settings: Settings) -> None:
    with console_at(settings) as client:
        me = client("198.51.100.8")
        for _ in range(2):
            assert [attempt(me, USERS["marketer"], "typo-typo-typo") for _ in range(4)] == [401] * 4
            assert attempt(me, USERS["marketer"], PASSWORD) == 303
            me.cookies.clear()


def test_many_addresses_lock_the_account_for_everyone(settings: Settings) -> None:
    with console_at(settings, console_account_lockout_failures=6) as client:
        for i in range(6):
            assert attempt(client(f"203.0.113.{i + 1}"), USERS["admin"], "guess-guess") == 401
        assert attempt(client("198.51.100.1"), USERS["admin"], PASSWORD) == 401


def test_the_secure_cookie_flag_can_be_forced(settings: Settings) -> None:
    with console_at(settings, console_cookie_secure="always") as client:
        page = client("198.51.100.2").get("/console/sign-in")  # plain http
        assert "Secure" in page.headers["set-cookie"]
    with console_at(settings) as client:
        assert "Secure" not in client("198.51.100.2").get("/console/sign-in").headers["set-cookie"]
    production = Settings.model_construct(environment="production", console_cookie_secure=None)
    assert production.console_cookies_always_secure  # the production profile's default
    assert not production.model_copy(
        update={"console_cookie_secure": "auto"}
    ).console_cookies_always_secure
    assert not Settings.model_construct(console_cookie_secure=None).console_cookies_always_secure
