"""Webhooks delivered through the outbox to a real HTTP receiver on 127.0.0.1: an SDR-ready
lead arrives signed; a receiver that refuses connections, then answers 500, then comes back
gets the event once, under one id, with nothing lost; a 429's Retry-After is honoured; a
webhook that keeps failing goes dead, is listed, and is sent again on request."""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import timedelta

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select

from bot.db.models import OutboxMessage
from bot.leads.scoring import aware
from bot.settings import Settings
from tests.conftest import ADMIN_TOKEN
from tests.fakes.webhook_receiver import WebhookReceiver
from tests.unit.test_slack_handoff import db, eventually, make_hot
from tests.unit.webhook_app import SECRET, start, webhook_settings

ADMIN = {"Authorization": f"Bearer {ADMIN_TOKEN}"}
SDR_READY = "webhook.lead.sdr_ready"


@pytest.fixture
def receiver() -> Iterator[WebhookReceiver]:
    with WebhookReceiver(SECRET) as r:
        yield r


def sdr_row(client: TestClient) -> OutboxMessage:
    (row,) = [
        r for (r,) in db(client, select(OutboxMessage).where(OutboxMessage.kind == SDR_READY))
    ]
    return row


def test_an_sdr_ready_lead_reaches_the_receiver_signed(
    settings: Settings, receiver: WebhookReceiver
) -> None:
    with start(webhook_settings(settings, receiver.url)) as client:
        lead_id = make_hot(client)
        receiver.wait_for(lambda: receiver.events("lead.sdr_ready"))
    (request,) = [r for r in receiver.requests() if r.event["type"] == "lead.sdr_ready"]
    assert request.signature_ok and request.status == 200
    assert re.fullmatch(r"t=\d+,v1=[0-9a-f]{64}", request.headers["x-webhook-signature"])
    assert request.headers["content-type"] == "application/json"
    lead = request.event["data"]["lead"]
    assert lead["id"] == lead_id and lead["stage"] == "sdr_ready"
    assert lead["email"] == "jane@acme.io" and lead["profile"]["company"] == "Acme"
    assert lead["score"]["total"] >= 60
    assert lead["console_url"].endswith(f"/console/leads/{lead_id}")


def test_a_receiver_down_then_failing_then_back_gets_the_event_once(
    settings: Settings, receiver: WebhookReceiver
) -> None:
    receiver.down()  # connection refused
    with start(webhook_settings(settings, receiver.url)) as client:
        make_hot(client)
        eventually(lambda: _attempted(client, 3))
        assert "ConnectError" in (sdr_row(client).last_error or "")
        receiver.failing = 500
        receiver.up()
        receiver.wait_for(lambda: len(receiver.events("lead.sdr_ready", accepted=False)) >= 3)
        receiver.failing = None
        receiver.wait_for(lambda: receiver.events("lead.sdr_ready"))
        eventually(lambda: _all_sent(client))
        row = sdr_row(client)
    tries = [r for r in receiver.requests() if r.event["type"] == "lead.sdr_ready"]
    assert len({r.event["id"] for r in tries}) == 1  # the same id on every attempt
    assert len({r.body for r in tries}) == 1  # and the same bytes
    assert [r.status for r in tries][-1] == 200 and [r.status for r in tries].count(200) == 1
    assert all(r.signature_ok for r in tries)  # each attempt signed afresh
    assert row.status == "sent" and row.attempts >= 6
    created = receiver.events("lead.created")  # the other events were not lost either
    assert len(created) == 1 and len({e["id"] for e in receiver.events()}) == len(receiver.events())


def _attempted(client: TestClient, times: int) -> None:
    assert sdr_row(client).attempts >= times


def _all_sent(client: TestClient) -> None:
    rows = db(client, select(OutboxMessage.kind, OutboxMessage.status))
    assert {status for kind, status in rows if kind.startswith("webhook.")} == {"sent"}


def test_a_429_is_retried_after_its_retry_after(
    settings: Settings, receiver: WebhookReceiver
) -> None:
    receiver.failing, receiver.retry_after = 429, "120"
    with start(webhook_settings(settings, receiver.url, webhook_events="lead.sdr_ready")) as client:
        make_hot(client)
        eventually(lambda: _attempted(client, 1))
        row = sdr_row(client)
        wait = aware(row.next_attempt_at) - aware(row.created_at)
        assert timedelta(seconds=115) < wait < timedelta(seconds=130)
        assert "429" in (row.last_error or "") and row.status == "pending"


def test_a_webhook_that_keeps_failing_goes_dead_and_can_be_sent_again(
    settings: Settings, receiver: WebhookReceiver
) -> None:
    receiver.failing = 500
    only = webhook_settings(
        settings, receiver.url, webhook_events="lead.sdr_ready", webhook_max_attempts=3
    )
    with start(only) as client:
        make_hot(client)
        eventually(lambda: _status(client, "dead"))
        assert len(receiver.requests()) == 3  # no attempt after the last
        assert client.get("/api/webhooks/dead").status_code == 401
        (dead,) = client.get("/api/webhooks/dead", headers=ADMIN).json()
        assert dead["type"] == "lead.sdr_ready" and dead["attempts"] == 3
        assert dead["url"] == receiver.url and "500" in dead["last_error"]
        receiver.failing = None
        again = client.post(f"/api/webhooks/dead/{dead['id']}/retry", headers=ADMIN)
        assert again.status_code == 200 and again.json()["status"] == "pending"
        receiver.wait_for(lambda: receiver.events("lead.sdr_ready"))
        eventually(lambda: _status(client, "sent"))
        assert client.get("/api/webhooks/dead", headers=ADMIN).json() == []
        missing = client.post(f"/api/webhooks/dead/{dead['id']}/retry", headers=ADMIN)
        assert missing.status_code == 404
    (event,) = receiver.events("lead.sdr_ready")
    assert event["id"] == dead["event_id"]
    assert {r.event["id"] for r in receiver.requests()} == {dead["event_id"]}


def _status(client: TestClient, status: str) -> None:
    assert sdr_row(client).status == status
