"""Outbound webhooks: the Stripe-style signature, the configuration, and the events' content
(lead.created, coalesced lead.updated, handoff.claimed and .verdict, lead.erased with ids
only), received by a real local HTTP receiver."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from typing import Any

import pytest
from fastapi.testclient import TestClient
from pydantic import SecretStr
from sqlalchemy import select

from actions.profile import FactUpdate
from bot.db.models import Handoff, OutboxMessage, utcnow
from bot.errors import ConfigurationError
from bot.handoffs.service import claim, set_verdict
from bot.services import services_of
from bot.settings import PROJECT_ROOT, Settings
from bot.webhooks.events import EVENT_TYPES, webhook_config
from bot.webhooks.sender import body_of
from bot.webhooks.signing import signature_header, verify
from tests.conftest import ADMIN_TOKEN
from tests.fakes.webhook_receiver import WebhookReceiver, valid_signature
from tests.unit.test_slack_handoff import db, make_hot
from tests.unit.visitors import as_visitor
from tests.unit.webhook_app import PUBLIC_URL, SECRET, start, webhook_settings

ADMIN = {"Authorization": f"Bearer {ADMIN_TOKEN}"}
BODY = b'{"id":"evt_1","type":"lead.sdr_ready"}'


def test_a_signature_verifies_and_any_change_breaks_it() -> None:
    header = signature_header("s3cret", BODY, timestamp=1_700_000_000)
    t, v1 = header.split(",")
    assert t == "t=1700000000" and v1.startswith("v1=") and len(v1) == 3 + 64
    assert verify("s3cret", header, BODY, now=1_700_000_000)
    assert valid_signature("s3cret", signature_header("s3cret", BODY), BODY)  # the docs' way
    assert not verify("s3cret", header, BODY + b" ", now=1_700_000_000)
    assert not verify("other", header, BODY, now=1_700_000_000)
    assert not verify("s3cret", header.replace("1700000000", "1700000001"), BODY, now=1.7e9)


def test_an_old_or_future_timestamp_is_refused() -> None:
    header = signature_header("s3cret", BODY, timestamp=1_700_000_000)
    assert verify("s3cret", header, BODY, now=1_700_000_000 + 300)
    assert not verify("s3cret", header, BODY, now=1_700_000_000 + 301)
    assert not verify("s3cret", header, BODY, now=1_700_000_000 - 301)
    assert verify("s3cret", header, BODY, tolerance=3600, now=1_700_000_000 + 3000)


@pytest.mark.parametrize("header", ["", "t=,v1=", "v1=abc", "t=1700000000", "garbage"])
def test_a_malformed_header_is_refused(header: str) -> None:
    assert not verify("s3cret", header, BODY, now=1_700_000_000)


def test_any_of_several_signatures_may_match_while_a_secret_is_rotated() -> None:
    new = signature_header("new-secret", BODY, timestamp=1_700_000_000)
    old = signature_header("old-secret", BODY, timestamp=1_700_000_000).split(",")[1]
    assert verify("old-secret", f"{new},{old}", BODY, now=1_700_000_000)


def test_the_body_is_the_same_bytes_whatever_the_order_of_its_keys() -> None:
    a = {"id": "evt_1", "type": "lead.updated", "data": {"lead": {"b": 1, "a": "é"}}}
    b = {"data": {"lead": {"a": "é", "b": 1}}, "type": "lead.updated", "id": "evt_1"}
    assert body_of(a) == body_of(b)
    assert json.loads(body_of(a)) == a


def test_the_configuration_names_known_events_only() -> None:
    assert webhook_config(" ", "", link_base="x", update_delay_seconds=0) is None
    config = webhook_config(
        "http://a/h, http://b/h,http://a/h", "", link_base="https://p/", update_delay_seconds=5
    )
    assert config is not None
    assert config.urls == ("http://a/h", "http://b/h") and config.types == set(EVENT_TYPES)
    assert config.link_base == "https://p"
    only = webhook_config("http://a/h", "lead.sdr_ready", link_base="", update_delay_seconds=0)
    assert only is not None and only.types == {"lead.sdr_ready"}
    with pytest.raises(ValueError, match=r"lead\.exploded"):
        webhook_config("http://a/h", "lead.exploded", link_base="", update_delay_seconds=0)


def test_urls_without_a_real_secret_are_refused(settings: Settings) -> None:
    with pytest.raises(ConfigurationError, match="WEBHOOK_SECRET"):
        Settings(webhook_urls="http://127.0.0.1:9/h", _env_file=None)  # type: ignore[call-arg]
    with pytest.raises(ConfigurationError, match="WEBHOOK_SECRET"):
        Settings(
            webhook_urls="http://127.0.0.1:9/h", webhook_secret=SecretStr("secret"), _env_file=None
        )  # type: ignore[call-arg]


@pytest.fixture
def receiver() -> Iterator[WebhookReceiver]:
    with WebhookReceiver(SECRET) as r:
        yield r


@pytest.fixture
def client(settings: Settings, receiver: WebhookReceiver) -> Iterator[TestClient]:
    slow_updates = webhook_settings(settings, receiver.url, webhook_update_delay_seconds=3600)
    with start(slow_updates) as c:
        yield c


def run(client: TestClient, work: Any) -> Any:
    assert client.portal is not None
    return client.portal.call(work)


def record(client: TestClient, lead_id: int, update: FactUpdate) -> None:
    facts = services_of(client.app.state).lead_facts  # type: ignore[attr-defined]
    run(client, lambda: facts.record(lead_id, update))


def webhook_rows(client: TestClient, kind: str) -> list[OutboxMessage]:
    return [r for (r,) in db(client, select(OutboxMessage).where(OutboxMessage.kind == kind))]


def test_a_new_lead_is_announced_with_its_console_link(
    client: TestClient, receiver: WebhookReceiver
) -> None:
    reply = client.post("/api/chat", json={"text": "hello"}, headers=as_visitor(client, "v-1"))
    lead_id = reply.json()["lead_id"]
    receiver.wait_for(lambda: receiver.events("lead.created"))
    (event,) = receiver.events("lead.created")
    assert set(event) == {"id", "type", "created_at", "data"} and event["id"].startswith("evt_")
    lead = event["data"]["lead"]
    assert lead["id"] == lead_id and lead["stage"] == "visitor"
    assert lead["console_url"] == f"{PUBLIC_URL}/console/leads/{lead_id}"
    assert set(lead["score"]) == {"fit", "pain", "total"}
    assert all(r.signature_ok for r in receiver.requests())


def test_updates_are_coalesced_into_one_waiting_event_per_lead(client: TestClient) -> None:
    reply = client.post("/api/chat", json={"text": "hello"}, headers=as_visitor(client, "v-1"))
    lead_id = reply.json()["lead_id"]
    record(client, lead_id, FactUpdate(profile={"company": "Acme"}))
    (first,) = webhook_rows(client, "webhook.lead.updated")
    record(client, lead_id, FactUpdate(profile={"company_size": 200}))
    record(client, lead_id, FactUpdate(profile={"job_title": "CTO"}))
    (row,) = webhook_rows(client, "webhook.lead.updated")
    assert row.id == first.id and row.status == "pending"
    profile = row.payload["event"]["data"]["lead"]["profile"]
    assert profile["company"] == "Acme" and profile["company_size"] == 200
    assert profile["job_title"] == "CTO"
    record(client, lead_id, FactUpdate())  # nothing new: nothing to say
    (same,) = webhook_rows(client, "webhook.lead.updated")
    assert same.payload == row.payload


def test_a_claim_and_a_verdict_are_sent_with_the_handoff(
    client: TestClient, receiver: WebhookReceiver
) -> None:
    lead_id = make_hot(client)
    ((handoff,),) = db(client, select(Handoff).where(Handoff.lead_id == lead_id))

    async def claim_and_judge() -> None:
        sessions = services_of(client.app.state).sessions  # type: ignore[attr-defined]
        async with sessions() as session, session.begin():
            h = await session.get_one(Handoff, handoff.id)
            await claim(session, h, user_id="U1", user_name="Ana", now=utcnow())
            await set_verdict(session, h, "yes", user_id="U1", now=utcnow())

    run(client, claim_and_judge)
    receiver.wait_for(lambda: receiver.events("handoff.verdict"))
    (claimed,) = receiver.events("handoff.claimed")
    assert claimed["data"]["handoff"]["claimed_by_name"] == "Ana"
    assert claimed["data"]["lead"]["id"] == lead_id
    (verdict,) = receiver.events("handoff.verdict")
    assert verdict["data"]["handoff"]["verdict"] == "yes"
    assert verdict["data"]["lead"]["stage"] == "qualified"


def test_an_erasure_drops_the_waiting_events_and_sends_the_id_only(
    client: TestClient, receiver: WebhookReceiver
) -> None:
    reply = client.post("/api/chat", json={"text": "hi"}, headers=as_visitor(client, "v-1"))
    lead_id = reply.json()["lead_id"]
    record(
        client,
        lead_id,
        FactUpdate(profile={"company": "Acme"}, email="jo@acme.io", email_kind="business"),
    )
    assert webhook_rows(client, "webhook.lead.updated")
    assert client.delete(f"/api/leads/{lead_id}", headers=ADMIN).status_code == 200
    assert db(client, select(OutboxMessage).where(OutboxMessage.lead_id == lead_id)) == []
    assert webhook_rows(client, "webhook.lead.updated") == []
    receiver.wait_for(lambda: receiver.events("lead.erased"))
    (erased,) = receiver.events("lead.erased")
    assert erased["data"] == {"lead": {"id": lead_id, "merged_ids": []}}
    (request,) = [r for r in receiver.requests() if r.event["type"] == "lead.erased"]
    assert b"acme" not in request.body.lower()


def test_the_verification_snippet_of_the_docs_accepts_our_signatures_only() -> None:
    text = (PROJECT_ROOT / "docs" / "crm.md").read_text()
    snippet = next(
        b for b in re.findall(r"```python\n(.*?)```", text, re.S) if "def verify_webhook" in b
    )
    scope: dict[str, Any] = {}
    exec(snippet, scope)
    check = scope["verify_webhook"]
    assert check(SECRET, signature_header(SECRET, BODY), BODY)
    assert not check(SECRET, signature_header(SECRET, BODY), BODY + b"x")
    assert not check("another-secret", signature_header(SECRET, BODY), BODY)
    assert not check(SECRET, signature_header(SECRET, BODY, timestamp=1_700_000_000), BODY)
    assert not check(SECRET, "", BODY)
