"""HubSpot through the outbox, the official client against a local fake HubSpot API: an
SDR-ready lead becomes a contact (upserted by email) with its company and a note (score,
conversation); a "yes" verdict creates a deal in the configured pipeline; a 429 (Retry-After
honoured) and a 500 are retried, and nothing is lost or created twice."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from fastapi.testclient import TestClient
from pydantic import SecretStr
from sqlalchemy import select

from bot.db.models import Handoff, OutboxMessage, utcnow
from bot.handoffs.service import claim, set_verdict
from bot.services import services_of
from bot.settings import Settings
from tests.fakes.hubspot_api import FakeHubSpot
from tests.unit.test_slack_handoff import db, eventually, make_hot
from tests.unit.webhook_app import start

TOKEN = "pat-eu1-test-token"


@pytest.fixture
def fake() -> Iterator[FakeHubSpot]:
    with FakeHubSpot() as f:
        yield f


def hubspot_settings(settings: Settings, fake: FakeHubSpot, **extra: Any) -> Settings:
    update = {
        "hubspot_token": SecretStr(TOKEN),
        "hubspot_api_url": fake.url,
        "hubspot_pipeline": "sales-pipe",
        "hubspot_deal_stage": "qualifiedtobuy",
        "public_url": "https://prospect.example.com",
        "outbox_poll_seconds": 0.05,
        "outbox_max_backoff_seconds": 0.1,
        **extra,
    }
    return settings.model_copy(update=update)


@pytest.fixture
def client(settings: Settings, fake: FakeHubSpot) -> Iterator[TestClient]:
    with start(hubspot_settings(settings, fake)) as c:
        yield c


def all_sent(client: TestClient) -> None:
    rows = db(client, select(OutboxMessage.kind, OutboxMessage.status))
    assert {s for k, s in rows if k.startswith("hubspot.")} == {"sent"}


def say_yes(client: TestClient, lead_id: int) -> None:
    ((handoff,),) = db(client, select(Handoff).where(Handoff.lead_id == lead_id))

    async def judge() -> None:
        sessions = services_of(client.app.state).sessions  # type: ignore[attr-defined]
        async with sessions() as session, session.begin():
            h = await session.get_one(Handoff, handoff.id)
            await claim(session, h, user_id="U1", user_name="Ana", now=utcnow())
            await set_verdict(session, h, "yes", user_id="U1", now=utcnow())

    assert client.portal is not None
    client.portal.call(judge)


def test_an_sdr_ready_lead_becomes_a_contact_with_its_company_and_a_note(
    client: TestClient, fake: FakeHubSpot
) -> None:
    lead_id = make_hot(client)
    fake.wait_for(lambda: fake.objects["notes"])
    eventually(lambda: all_sent(client))
    assert [status for _, _, status, _ in fake.calls if status >= 300] == []
    contact = fake.contacts["jane@acme.io"]
    assert contact["properties"]["jobtitle"] == "CTO"
    (company,) = fake.objects["companies"].values()
    assert company["properties"]["name"] == "Acme"
    assert fake.associations == [("contacts", contact["id"], "companies", company["id"])]
    (note,) = fake.objects["notes"].values()
    body = note["properties"]["hs_note_body"]
    assert "score" in body and f"/console/leads/{lead_id}" in body and "hello" in body
    assert {a["to"]["id"] for a in note["associations"]} == {contact["id"], company["id"]}
    assert fake.tokens == {f"Bearer {TOKEN}"}


def test_a_yes_verdict_creates_a_deal_in_the_configured_pipeline(
    client: TestClient, fake: FakeHubSpot
) -> None:
    lead_id = make_hot(client)
    fake.wait_for(lambda: fake.objects["notes"])
    say_yes(client, lead_id)
    fake.wait_for(lambda: fake.objects["deals"])
    eventually(lambda: all_sent(client))
    (deal,) = fake.objects["deals"].values()
    assert deal["properties"]["pipeline"] == "sales-pipe"
    assert deal["properties"]["dealstage"] == "qualifiedtobuy"
    assert deal["properties"]["amount"] == "50000"
    contact = fake.contacts["jane@acme.io"]
    assert contact["id"] in {a["to"]["id"] for a in deal["associations"]}
    assert len(fake.contacts) == 1 and len(fake.objects["companies"]) == 1  # found, not re-made


def test_a_429_and_a_500_are_retried_and_nothing_is_made_twice(
    client: TestClient, fake: FakeHubSpot
) -> None:
    fake.fail_next = [(429, "1"), (500, None)]
    lead_id = make_hot(client)
    fake.wait_for(lambda: fake.objects["notes"])
    say_yes(client, lead_id)
    fake.wait_for(lambda: fake.objects["deals"])
    eventually(lambda: all_sent(client))
    statuses = [status for _, _, status, _ in fake.calls]
    assert statuses[:2] == [429, 500] and all(s < 300 for s in statuses[2:])
    waited = fake.calls[1][3] - fake.calls[0][3]
    assert waited >= 0.9  # Retry-After: 1, not the 0.1 s backoff
    assert len(fake.contacts) == 1 and len(fake.objects["companies"]) == 1
    assert len(fake.objects["notes"]) == 1 and len(fake.objects["deals"]) == 1
