"""A console to sign in to: the app with the web channel and a fake engine, three users
(one per role) and a few made-up leads (`prospect demo-data`'s generator)."""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient

from bot.app import create_app
from bot.console.accounts import add_user
from bot.console.demo_data import fill
from bot.db.models import utcnow
from bot.services import services_of
from bot.settings import Settings
from channels.web import plugin as web
from tests.unit.fake_engine import FakeEngine

PASSWORD = "correct horse battery staple"
USERS = {"admin": "ada@example.com", "marketer": "mo@example.com", "sdr": "sam@example.com"}
DEMO_LEADS = 40


def csrf_of(html: str) -> str:
    found = re.search(r'name="csrf" value="([^"]+)"', html)
    assert found, "the page has a form with a CSRF token"
    return found.group(1)


def sign_in(client: TestClient, email: str, password: str = PASSWORD) -> str:
    """Sign in through the form; returns the CSRF token of the signed-in pages."""
    token = csrf_of(client.get("/console/sign-in").text)
    response = client.post(
        "/console/sign-in",
        data={"csrf": token, "email": email, "password": password},
        follow_redirects=False,
    )
    assert response.status_code == 303, response.text
    return csrf_of(client.get("/console/leads").text)


@pytest.fixture
def console(settings: Settings) -> Iterator[TestClient]:
    app = create_app(settings, channels=[web], engine_transport=FakeEngine().transport)
    with TestClient(app) as client:
        services = services_of(client.app.state)  # type: ignore[attr-defined]

        async def seed() -> None:
            async with services.sessions() as session, session.begin():
                for role, email in USERS.items():
                    await add_user(session, email=email, role=role, password=PASSWORD)
                await fill(
                    session, leads=DEMO_LEADS, seed=3, rules=services.scorer.rules, now=utcnow()
                )

        client.portal.call(seed)  # type: ignore[union-attr]
        yield client
