"""Issue 13 #6: a rep's thread reply reaches the prospect exactly once.

Slack retries an event it did not get a 2xx for (X-Slack-Retry-Num), and may redeliver the
same message under a new `event_id`. The reply must be stored before Slack is answered (a
database error answers non-2xx, so Slack retries), and recognised by the message's identity
(channel + ts, `client_msg_id`), not only by the delivery's id. Real signed requests into
/slack/events, the real slack_sdk client against the fake Slack Web API."""

from __future__ import annotations

import json
import sqlite3
import time
from collections.abc import Iterator
from typing import Any

import httpx
import pytest
from fastapi.testclient import TestClient
from slack_sdk.signature import SignatureVerifier
from sqlalchemy import event, select

from bot.db.models import Author, Message
from bot.services import services_of
from bot.settings import Settings
from tests.assistant import ADMIN_TOKEN, SLACK_CHANNEL, SLACK_SECRET, Assistant
from tests.fakes.slack_api import FakeSlack
from tests.unit.fake_engine import FakeEngine
from tests.unit.test_slack_handoff import (
    CHANNEL,
    db,
    make_hot,
    signed,
    slack_settings,
    start,
    wait_card,
)


@pytest.fixture
def fake() -> Iterator[FakeSlack]:
    with FakeSlack() as f:
        yield f


@pytest.fixture
def client(settings: Settings, fake: FakeSlack) -> Iterator[TestClient]:
    engine = FakeEngine(lambda p: [{"text": "bot reply"}])
    with start(slack_settings(settings, fake), engine) as c:
        yield c


def event_body(
    thread_ts: str,
    text: str,
    *,
    event_id: str,
    ts: str,
    client_msg_id: str | None = None,
    channel: str = CHANNEL,
) -> str:
    """Slack's Events API payload for one thread reply."""
    message: dict[str, Any] = {
        "type": "message",
        "channel": channel,
        "user": "UREP1",
        "text": text,
        "ts": ts,
        "thread_ts": thread_ts,
    }
    if client_msg_id is not None:
        message["client_msg_id"] = client_msg_id
    return json.dumps(
        {
            "type": "event_callback",
            "team_id": "T1",
            "api_app_id": "A1",
            "event_id": event_id,
            "event_time": int(time.time()),
            "token": "legacy",
            "event": message,
        }
    )


def retry_headers(retry: int | None) -> dict[str, str]:
    if retry is None:
        return {}
    return {"X-Slack-Retry-Num": str(retry), "X-Slack-Retry-Reason": "http_error"}


def deliver(
    client: TestClient,
    thread_ts: str,
    text: str,
    *,
    event_id: str,
    ts: str,
    client_msg_id: str | None = None,
    retry: int | None = None,
) -> Any:
    """Slack delivering one thread reply, signed like Slack signs it."""
    body = event_body(thread_ts, text, event_id=event_id, ts=ts, client_msg_id=client_msg_id)
    headers = {**signed(body), "content-type": "application/json", **retry_headers(retry)}
    return client.post("/slack/events", content=body, headers=headers)


def rep_texts(client: TestClient) -> list[str]:
    rows = db(client, select(Message.text).where(Message.author == Author.REP))
    return [text for (text,) in rows]


def a_card(client: TestClient, fake: FakeSlack) -> str:
    handoff = wait_card(fake, client, make_hot(client))
    assert handoff.slack_ts
    return handoff.slack_ts


def test_the_same_reply_under_two_event_ids_reaches_the_prospect_once(
    client: TestClient, fake: FakeSlack
) -> None:
    thread = a_card(client, fake)
    ts = f"{time.time():.6f}"
    first = deliver(
        client,
        thread,
        "Your quote is ready",
        event_id="Ev1",
        ts=ts,
        client_msg_id="5f1c0de0-1111-4aaa-8bbb-000000000001",
    )
    again = deliver(
        client,
        thread,
        "Your quote is ready",
        event_id="Ev2",
        ts=ts,
        client_msg_id="5f1c0de0-1111-4aaa-8bbb-000000000001",
    )
    assert (first.status_code, again.status_code) == (200, 200)
    # Stored before Slack is answered: no waiting needed.
    assert rep_texts(client) == ["Your quote is ready"]

    # The same client message re-sent by Slack's client under a new ts is the same message.
    resent = deliver(
        client,
        thread,
        "Your quote is ready",
        event_id="Ev3",
        ts=f"{time.time() + 1:.6f}",
        client_msg_id="5f1c0de0-1111-4aaa-8bbb-000000000001",
    )
    assert resent.status_code == 200
    # A different message with the same words is a new message.
    other = deliver(
        client, thread, "Your quote is ready", event_id="Ev4", ts=f"{time.time() + 2:.6f}"
    )
    assert other.status_code == 200
    time.sleep(0.2)  # time for a wrongly processed duplicate to show
    assert rep_texts(client) == ["Your quote is ready", "Your quote is ready"]


def test_a_database_error_while_storing_makes_slack_retry_and_the_retry_is_delivered_once(
    client: TestClient, fake: FakeSlack
) -> None:
    thread = a_card(client, fake)
    db_engine = services_of(client.app.state).db.sync_engine  # type: ignore[attr-defined]
    failures: list[str] = []

    def fail_once(conn: Any, cursor: Any, statement: str, *args: Any) -> None:
        if statement.lstrip().upper().startswith("INSERT INTO MESSAGES") and not failures:
            failures.append(statement)
            raise sqlite3.OperationalError("disk I/O error (injected)")

    event.listen(db_engine, "before_cursor_execute", fail_once)
    try:
        ts = f"{time.time():.6f}"
        response = deliver(client, thread, "Call me at 10", event_id="EvFail", ts=ts)
        assert response.status_code >= 500  # Slack retries what it did not get a 2xx for
        assert failures, "the fault was not injected"
        assert rep_texts(client) == []  # nothing half-stored

        retried = deliver(client, thread, "Call me at 10", event_id="EvFail", ts=ts, retry=1)
        assert retried.status_code == 200
        again = deliver(client, thread, "Call me at 10", event_id="EvFail", ts=ts, retry=2)
        assert again.status_code == 200
    finally:
        event.remove(db_engine, "before_cursor_execute", fail_once)
    time.sleep(0.2)
    assert rep_texts(client) == ["Call me at 10"]


@pytest.mark.integration
def test_the_running_assistant_delivers_a_redelivered_reply_once(
    assistant: Assistant, slack: FakeSlack
) -> None:
    """The same on the running assistant (PostgreSQL and two workers on the production
    profile: the two deliveries may reach different workers)."""
    lead_id = assistant.chat("slack-redelivery", "I'd like to talk to a person please")["lead_id"]

    def card_ts() -> str | None:
        for m in slack.posted(thread=False):
            if f"/console/leads/{lead_id}" in json.dumps(m.get("blocks")):
                return str(m["ts"])
        return None

    slack.wait_for(lambda: card_ts() is not None, timeout=30)
    thread = card_ts() or ""
    ts = f"{time.time():.6f}"
    for event_id, retry in (("EvLive1", None), ("EvLive2", None), ("EvLive1", 1)):
        body = event_body(
            thread,
            "Here is your quote",
            event_id=event_id,
            ts=ts,
            client_msg_id="0d9b2c3e-2222-4ccc-8ddd-000000000002",
            channel=SLACK_CHANNEL,
        )
        stamp = str(int(time.time()))
        signature = SignatureVerifier(SLACK_SECRET).generate_signature(timestamp=stamp, body=body)
        headers = {
            "X-Slack-Request-Timestamp": stamp,
            "X-Slack-Signature": signature,
            "content-type": "application/json",
            **retry_headers(retry),
        }
        response = httpx.post(
            f"{assistant.url}/slack/events", content=body, headers=headers, timeout=30
        )
        assert response.status_code == 200, response.text
    lead = httpx.get(
        f"{assistant.url}/api/leads/{lead_id}",
        timeout=10,
        headers={"Authorization": f"Bearer {ADMIN_TOKEN}"},
    ).json()
    texts = [
        m["text"] for c in lead["conversations"] for m in c["messages"] if m["author"] == "rep"
    ]
    assert texts == ["Here is your quote"]
