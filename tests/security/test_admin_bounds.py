"""Issue 13 #8 (admin API): ids beyond what the id columns hold (PostgreSQL INTEGER is
32-bit, SQLite's 64-bit) are refused as 422 before they reach the database, the same way
on every admin route, instead of a 500 from an integer overflow."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient

from bot.app import create_app
from bot.db.models import MAX_ROW_ID
from bot.settings import Settings
from channels.web import plugin as web
from tests.conftest import ADMIN_TOKEN
from tests.unit.fake_engine import FakeEngine

ADMIN = {"Authorization": f"Bearer {ADMIN_TOKEN}"}
HUGE = [2**31, 2**63 - 1, 2**63, 2**64, 10**30, -(2**63) - 1]
ROUTES = [("GET", "/api/leads/{}"), ("GET", "/api/leads/{}/export"), ("DELETE", "/api/leads/{}")]


@pytest.fixture
def client(settings: Settings) -> Iterator[TestClient]:
    app = create_app(settings, channels=[web], engine_transport=FakeEngine().transport)
    with TestClient(app, raise_server_exceptions=False) as c:
        yield c


@pytest.mark.parametrize(("method", "route"), ROUTES)
@pytest.mark.parametrize("value", [*HUGE, 0, -1])
def test_an_id_no_row_can_have_is_a_422(
    client: TestClient, method: str, route: str, value: int
) -> None:
    response = client.request(method, route.format(value), headers=ADMIN)
    assert response.status_code == 422, response.text
    assert "lead_id" in response.text


@pytest.mark.parametrize(("method", "route"), ROUTES)
def test_the_largest_id_a_column_holds_is_looked_up(
    client: TestClient, method: str, route: str
) -> None:
    response = client.request(method, route.format(MAX_ROW_ID), headers=ADMIN)
    assert response.status_code == 404, response.text


def test_the_bound_is_published_in_the_schema(client: TestClient) -> None:
    schema = client.get("/openapi.json", headers=ADMIN).json()
    (parameter,) = schema["paths"]["/api/leads/{lead_id}"]["get"]["parameters"]
    assert parameter["schema"]["maximum"] == MAX_ROW_ID
