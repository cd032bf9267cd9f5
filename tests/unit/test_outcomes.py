"""POST /api/leads/{id}/outcome and `prospect outcomes import`: what sales closed."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient

from bot.app import create_app
from bot.db.models import Lead
from bot.leads.outcomes import import_outcomes
from bot.services import services_of
from bot.settings import Settings
from channels.web import plugin as web
from tests.conftest import ADMIN_TOKEN
from tests.unit.fake_engine import FakeEngine
from tests.unit.visitors import as_visitor

ADMIN = {"Authorization": f"Bearer {ADMIN_TOKEN}"}


@pytest.fixture
def client(settings: Settings) -> Iterator[TestClient]:
    app = create_app(settings, channels=[web], engine_transport=FakeEngine().transport)
    with TestClient(app) as c:
        yield c


def a_lead(client: TestClient, visitor: str = "v-1") -> int:
    reply = client.post("/api/chat", json={"text": "hello"}, headers=as_visitor(client, visitor))
    return int(reply.json()["lead_id"])


def test_a_won_deal_makes_the_lead_a_customer_and_is_in_its_export(client: TestClient) -> None:
    lead_id = a_lead(client)
    body = {"outcome": "won", "amount": 12000, "currency": "eur", "date": "2026-11-30"}
    response = client.post(f"/api/leads/{lead_id}/outcome", json=body, headers=ADMIN)
    assert response.status_code == 201
    assert response.json() == {
        "id": 1, "lead_id": lead_id, "outcome": "won", "amount": 12000.0, "currency": "EUR",
        "date": "2026-11-30", "stage": "customer",
    }  # fmt: skip
    assert client.get(f"/api/leads/{lead_id}", headers=ADMIN).json()["stage"] == "customer"
    (row,) = client.get(f"/api/leads/{lead_id}/export", headers=ADMIN).json()["outcomes"]
    assert row["outcome"] == "won" and row["amount"] == 12000.0
    erased = client.delete(f"/api/leads/{lead_id}", headers=ADMIN).json()
    assert erased["rows"]["outcomes"] == 1


def test_a_lost_deal_goes_back_to_nurturing_with_today_as_its_date(client: TestClient) -> None:
    lead_id = a_lead(client)
    response = client.post(f"/api/leads/{lead_id}/outcome", json={"outcome": "lost"}, headers=ADMIN)
    assert response.status_code == 201
    assert response.json()["stage"] == "nurturing" and response.json()["amount"] is None


@pytest.mark.parametrize(
    ("lead", "body", "headers", "status"),
    [
        (1, {"outcome": "won"}, {}, 401),
        (999, {"outcome": "won"}, ADMIN, 404),
        (1, {"outcome": "maybe"}, ADMIN, 422),
        (1, {"outcome": "won", "amount": -5}, ADMIN, 422),
        (1, {"outcome": "won", "date": "yesterday"}, ADMIN, 422),
    ],
)
def test_refusals(
    client: TestClient, lead: int, body: dict[str, object], headers: dict[str, str], status: int
) -> None:
    a_lead(client)
    assert (
        client.post(f"/api/leads/{lead}/outcome", json=body, headers=headers).status_code == status
    )


def test_a_csv_import_records_each_row_and_names_the_ones_it_refuses(client: TestClient) -> None:
    first, second = a_lead(client, "v-1"), a_lead(client, "v-2")
    services = services_of(client.app.state)  # type: ignore[attr-defined]

    async def run() -> tuple[int, list[str]]:
        async with services.sessions() as session, session.begin():
            lead = await session.get(Lead, second)
            assert lead is not None
            lead.email = "jane@acme.example"
            await session.flush()
            return await import_outcomes(
                session,
                "lead_id,email,outcome,amount,currency,date\n"
                f"{first},,won,5000,EUR,2026-10-01\n"
                ",Jane@Acme.example,lost,,,\n"
                ",nobody@acme.example,won,,,\n"
                f"{first},,perhaps,,,\n",
            )

    recorded, refused = client.portal.call(run)  # type: ignore[union-attr]
    assert recorded == 2
    assert refused == [
        "line 4: no lead with the address nobody@acme.example",
        "line 5: outcome must be won or lost, not 'perhaps'",
    ]
    assert client.get(f"/api/leads/{second}", headers=ADMIN).json()["stage"] == "nurturing"
