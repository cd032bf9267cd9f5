"""The Slack handoff end to end, without the engine: the real slack_sdk client against a
local fake Web API, and real signed requests into /slack/events."""

from __future__ import annotations

import json
import time
from collections.abc import Callable, Iterator
from typing import Any
from urllib.parse import urlencode

import pytest
from fastapi.testclient import TestClient
from pydantic import SecretStr
from slack_sdk.signature import SignatureVerifier
from sqlalchemy import func, select

from actions.profile import FactUpdate
from bot.app import create_app
from bot.db.models import Conversation, Handoff, Lead, OutboxMessage, utcnow
from bot.services import services_of
from bot.settings import Settings
from channels.slack import plugin as slack
from channels.slack.text import slack_to_plain
from channels.web import plugin as web
from tests.conftest import ADMIN_TOKEN
from tests.fakes.slack_api import FakeSlack
from tests.unit.fake_engine import FakeEngine
from tests.unit.visitors import as_visitor

SECRET = "test-signing-secret"
CHANNEL = "CHANDOFF"
AUTH = {"Authorization": f"Bearer {ADMIN_TOKEN}"}
HOT_PROFILE = {
    "role": "decision_maker",
    "job_title": "CTO",
    "company": "Acme",
    "company_size": 200,
    "budget": {"min": 50000, "max": 50000, "currency": "EUR", "period": "year"},
    "budget_max": 50000,
    "budget_currency": "EUR",
    "need": "We waste hours qualifying leads",
    "use_case": "lead_scoring",
    "timeline_months": 2,
    "timeline_text": "in 2 months",
    "email_kind": "business",
}


def slack_settings(settings: Settings, fake: FakeSlack | None, **extra: Any) -> Settings:
    update: dict[str, Any] = {"outbox_poll_seconds": 0.05, **extra}
    if fake is not None:
        update.update(
            slack_bot_token=SecretStr("xoxb-test-token"),
            slack_signing_secret=SecretStr(SECRET),
            slack_handoff_channel=CHANNEL,
            slack_api_url=fake.url,
        )
    return settings.model_copy(update=update)


@pytest.fixture
def fake() -> Iterator[FakeSlack]:
    with FakeSlack() as f:
        yield f


@pytest.fixture
def engine() -> FakeEngine:
    return FakeEngine(lambda p: [{"text": "bot reply"}])


def start(settings: Settings, engine: FakeEngine) -> TestClient:
    app = create_app(settings, channels=[web, slack], engine_transport=engine.transport)
    return TestClient(app)


@pytest.fixture
def client(settings: Settings, fake: FakeSlack, engine: FakeEngine) -> Iterator[TestClient]:
    with start(slack_settings(settings, fake), engine) as c:
        yield c


def make_hot(client: TestClient, sender: str = "visitor-hot") -> int:
    """A web prospect who talked, then whose profile makes them SDR-ready."""
    lead_id = int(
        client.post("/api/chat", json={"text": "hello"}, headers=as_visitor(client, sender)).json()[
            "lead_id"
        ]
    )

    async def heat() -> None:
        async with services_of(client.app.state).sessions() as session, session.begin():  # type: ignore[attr-defined]
            lead = await session.get_one(Lead, lead_id)
            lead.email, lead.profile = "jane@acme.io", dict(HOT_PROFILE)
            await services_of(client.app.state).scorer.rescore(session, lead, now=utcnow())  # type: ignore[attr-defined]

    assert client.portal is not None
    client.portal.call(heat)
    return lead_id


def db(client: TestClient, query: Any) -> Any:
    async def run() -> Any:
        async with services_of(client.app.state).sessions() as session:  # type: ignore[attr-defined]
            return (await session.execute(query)).all()

    assert client.portal is not None
    return client.portal.call(run)


def signed(body: str, *, timestamp: int | None = None, secret: str = SECRET) -> dict[str, str]:
    ts = str(timestamp or int(time.time()))
    signature = SignatureVerifier(secret).generate_signature(timestamp=ts, body=body)
    return {"X-Slack-Request-Timestamp": ts, "X-Slack-Signature": signature}


def click(client: TestClient, action_id: str, handoff_id: int, user: str = "UREP1") -> Any:
    payload = {
        "type": "block_actions",
        "user": {"id": user, "username": f"rep-{user}", "name": f"rep-{user}"},
        "team": {"id": "T1"},
        "api_app_id": "A1",
        "token": "legacy",
        "container": {"type": "message", "channel_id": CHANNEL},
        "channel": {"id": CHANNEL},
        "trigger_id": "1.2.3",
        "response_url": "http://127.0.0.1:9/response",
        "actions": [
            {
                "action_id": action_id,
                "block_id": f"handoff-{handoff_id}",
                "value": str(handoff_id),
                "type": "button",
                "action_ts": str(time.time()),
            }
        ],
    }
    body = urlencode({"payload": json.dumps(payload)})
    headers = {**signed(body), "content-type": "application/x-www-form-urlencoded"}
    return client.post("/slack/events", content=body, headers=headers)


def thread_reply(
    client: TestClient,
    thread_ts: str,
    text: str,
    *,
    event_id: str,
    retry: int | None = None,
    user: str = "UREP1",
) -> Any:
    body = json.dumps(
        {
            "type": "event_callback",
            "team_id": "T1",
            "api_app_id": "A1",
            "event_id": event_id,
            "event_time": int(time.time()),
            "token": "legacy",
            "event": {
                "type": "message",
                "channel": CHANNEL,
                "user": user,
                "text": text,
                "ts": f"{time.time():.6f}",
                "thread_ts": thread_ts,
            },
        }
    )
    headers = {**signed(body), "content-type": "application/json"}
    if retry is not None:
        headers.update({"X-Slack-Retry-Num": str(retry), "X-Slack-Retry-Reason": "http_timeout"})
    return client.post("/slack/events", content=body, headers=headers)


def eventually(check: Callable[[], None], timeout: float = 10.0) -> None:
    """Bolt acks Slack first and runs listeners in the background (Slack wants an answer
    within 3 s), so effects are awaited, not assumed."""
    deadline = time.monotonic() + timeout
    while True:
        try:
            check()
            return
        except AssertionError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.02)


def the_handoff(client: TestClient, lead_id: int) -> Handoff:
    ((handoff,),) = db(client, select(Handoff).where(Handoff.lead_id == lead_id))
    return handoff


def wait_card(fake: FakeSlack, client: TestClient, lead_id: int) -> Handoff:
    fake.wait_for(lambda: len(fake.posted(thread=False)) >= 1)
    deadline = time.monotonic() + 5
    while (h := the_handoff(client, lead_id)).slack_ts is None:
        assert time.monotonic() < deadline
        time.sleep(0.02)
    return h


def test_a_hot_lead_gets_one_card_with_what_a_rep_needs(
    client: TestClient, fake: FakeSlack
) -> None:
    lead_id = make_hot(client)
    handoff = wait_card(fake, client, lead_id)
    (card,) = fake.posted(thread=False)
    blocks = json.dumps(card["blocks"])
    for expected in (
        "Hot lead, SDR-ready: jane@acme.io",
        "CTO",
        "Acme",
        "200 employees",
        "50,000 EUR per year",
        "decision maker",
        "in 2 months",
        "lead scoring",
        f"/console/leads/{lead_id}",
        "hello",
        "handoff_claim",
        "handoff_verdict_yes",
        "handoff_verdict_maybe",
        "handoff_verdict_no",
        "handoff_return",
    ):
        assert expected in blocks, expected
    assert card["channel"] == CHANNEL
    assert card["metadata"]["event_payload"] == {"handoff_id": handoff.id}

    # Scoring again (a new event, a correction) never hands the same lead over twice.
    client.post("/api/events", json={"lead_id": lead_id, "type": "demo_request"}, headers=AUTH)
    make_hot(client, sender="visitor-hot")
    time.sleep(0.3)  # give a wrong second card every chance to appear
    assert len(fake.posted(thread=False)) == 1
    listed = client.get("/api/handoffs", headers=AUTH).json()
    assert [(h["lead_id"], h["reason"]) for h in listed] == [(lead_id, "sdr_ready")]


def test_a_number_and_a_call_time_given_after_the_card_are_put_on_it(
    client: TestClient, fake: FakeSlack
) -> None:
    lead_id = make_hot(client)
    wait_card(fake, client, lead_id)
    update = FactUpdate(profile={"call_when": "thursday afternoon"}, phone="+442079460958")

    async def give() -> None:
        await services_of(client.app.state).lead_facts.record(lead_id, update)  # type: ignore[attr-defined]

    assert client.portal is not None
    client.portal.call(give)
    fake.wait_for(lambda: fake.count("chat.update") >= 1)
    ((_, shown),) = [(m, p) for m, p in fake.calls if m == "chat.update"]
    assert "*Phone*\\n+442079460958\\nWhen: thursday afternoon" in json.dumps(shown["blocks"])
    client.portal.call(give)  # the same details again: no second update
    time.sleep(0.3)
    assert fake.count("chat.update") == 1


def test_claim_then_live_takeover_both_ways_then_return_to_bot(
    client: TestClient, fake: FakeSlack, engine: FakeEngine
) -> None:
    lead_id = make_hot(client)
    handoff = wait_card(fake, client, lead_id)
    assert click(client, "handoff_claim", handoff.id).status_code == 200
    fake.wait_for(lambda: fake.count("chat.update") >= 1 and len(fake.posted(thread=True)) >= 1)
    assert click(client, "handoff_claim", handoff.id, user="UREP2").status_code == 200  # too late
    time.sleep(0.2)
    claimed = the_handoff(client, lead_id)
    assert (claimed.status, claimed.claimed_by) == ("claimed", "UREP1")
    assert claimed.claimed_at is not None

    # The prospect's message goes to the rep's thread, not to the bot.
    sent_to_engine = len(engine.received)
    reply = client.post(
        "/api/chat", json={"text": "Are you there?"}, headers=as_visitor(client, "visitor-hot")
    )
    assert reply.json()["messages"] == []
    assert len(engine.received) == sent_to_engine
    fake.wait_for(lambda: any("Are you there?" in m["text"] for m in fake.posted(thread=True)))
    assert all(m["thread_ts"] == handoff.slack_ts for m in fake.posted(thread=True))

    # The rep's reply in the thread reaches the prospect's conversation, as theirs.
    assert (
        thread_reply(
            client, handoff.slack_ts or "", "Hi Jane, Paul here.", event_id="Ev1"
        ).status_code
        == 200
    )

    def rep_message_stored() -> None:
        lead = client.get(f"/api/leads/{lead_id}", headers=AUTH).json()
        last = lead["conversations"][0]["messages"][-1]
        assert (last["author"], last["author_name"], last["text"]) == (
            "rep",
            "rep-UREP1",
            "Hi Jane, Paul here.",
        )

    eventually(rep_message_stored)

    # The visitor's page sees it through the chat history (the widget's HTTP fallback).
    visitor = as_visitor(client, "visitor-hot")
    seen = client.get("/api/chat/history", headers=visitor).json()
    assert seen[-1]["author"] == "rep" and seen[-1]["text"] == "Hi Jane, Paul here."
    newer = client.get("/api/chat/history", params={"after": seen[-1]["id"]}, headers=visitor)
    assert newer.json() == []

    # Return to bot: the bot answers again.
    assert click(client, "handoff_return", handoff.id).status_code == 200
    fake.wait_for(lambda: the_handoff(client, lead_id).status == "returned")
    reply = client.post(
        "/api/chat", json={"text": "thanks"}, headers=as_visitor(client, "visitor-hot")
    )
    assert reply.json()["messages"][0]["text"] == "bot reply"


@pytest.mark.parametrize(
    ("verdict", "stage"), [("yes", "qualified"), ("maybe", "nurturing"), ("no", "disqualified")]
)
def test_each_verdict_moves_the_lead(
    client: TestClient, fake: FakeSlack, verdict: str, stage: str
) -> None:
    lead_id = make_hot(client)
    handoff = wait_card(fake, client, lead_id)
    click(client, f"handoff_verdict_{verdict}", handoff.id)
    click(client, f"handoff_verdict_{verdict}", handoff.id)  # a double click changes nothing

    def moved() -> None:
        assert client.get(f"/api/leads/{lead_id}", headers=AUTH).json()["stage"] == stage

    eventually(moved)
    lead = client.get(f"/api/leads/{lead_id}", headers=AUTH).json()
    assert (
        lead["handoffs"][0]["verdict"] == verdict and lead["handoffs"][0]["verdict_by"] == "UREP1"
    )
    assert lead["scores"]["total"] > 0  # still scored, whatever the verdict
    fake.wait_for(lambda: fake.count("chat.update") >= 1)
    time.sleep(0.2)
    assert fake.count("chat.update") == 1


def test_slacks_retried_events_are_processed_once(client: TestClient, fake: FakeSlack) -> None:
    lead_id = make_hot(client)
    handoff = wait_card(fake, client, lead_id)
    for retry in (None, 1, 2):
        response = thread_reply(
            client, handoff.slack_ts or "", "Only once please", event_id="EvDup", retry=retry
        )
        assert response.status_code == 200

    def texts() -> list[str]:
        lead = client.get(f"/api/leads/{lead_id}", headers=AUTH).json()
        return [m["text"] for m in lead["conversations"][0]["messages"]]

    fake.wait_for(lambda: "Only once please" in texts())
    time.sleep(0.3)  # time for a wrongly processed retry to show
    assert texts().count("Only once please") == 1


def test_bad_missing_or_stale_signatures_are_refused(client: TestClient) -> None:
    body = json.dumps({"type": "event_callback", "event_id": "Ev9", "event": {"type": "message"}})
    json_type = {"content-type": "application/json"}
    assert client.post("/slack/events", content=body, headers=json_type).status_code == 401
    forged = {**signed(body, secret="not-the-secret"), **json_type}
    assert client.post("/slack/events", content=body, headers=forged).status_code == 401
    stale = {**signed(body, timestamp=int(time.time()) - 600), **json_type}
    assert client.post("/slack/events", content=body, headers=stale).status_code == 401


@pytest.mark.parametrize("failure", [500, 429])
def test_an_outage_delays_the_card_but_never_loses_or_duplicates_it(
    client: TestClient, fake: FakeSlack, failure: int
) -> None:
    fake.failing = failure
    lead_id = make_hot(client)

    def card_row() -> OutboxMessage:
        ((row,),) = db(client, select(OutboxMessage).where(OutboxMessage.kind == "slack.card"))
        return row

    fake.wait_for(lambda: card_row().last_error is not None)
    assert card_row().status == "pending" and fake.posted() == []
    fake.failing = None
    # The retry is due after Retry-After (429) or the backoff (500): both a few seconds.
    # The card's timestamp is stored by the sender, the row marked sent just after.
    fake.wait_for(lambda: card_row().status == "sent", timeout=40)
    assert the_handoff(client, lead_id).slack_ts is not None
    time.sleep(0.3)
    assert len(fake.posted(thread=False)) == 1


def test_undelivered_cards_survive_a_restart_and_are_sent_once(
    settings: Settings, fake: FakeSlack, engine: FakeEngine
) -> None:
    # A short lease: should the first app die holding the row (a hard crash gives nothing
    # back), the second takes it over once the lease expires.
    settings = slack_settings(settings, fake, outbox_lease_seconds=3)
    fake.failing = 500
    with start(settings, engine) as first:
        lead_id = make_hot(first)
        fake.wait_for(lambda: sum(fake.refused.values()) >= 1)
    assert fake.posted() == []
    fake.failing = None
    with start(settings, engine) as second:
        fake.wait_for(lambda: the_handoff(second, lead_id).slack_ts is not None, timeout=40)
        assert len(fake.posted(thread=False)) == 1


def test_a_card_posted_before_a_crash_is_adopted_not_posted_again(
    client: TestClient, fake: FakeSlack
) -> None:
    # Slack got the card, but the app died before storing its timestamp.
    fake.messages.append(
        {
            "channel": CHANNEL,
            "ts": "1699999999.000001",
            "text": "card",
            "metadata": {"event_type": "prospect_handoff", "event_payload": {"handoff_id": 1}},
        }
    )
    lead_id = make_hot(client)
    fake.wait_for(lambda: the_handoff(client, lead_id).slack_ts is not None)
    assert the_handoff(client, lead_id).slack_ts == "1699999999.000001"
    assert fake.count("chat.postMessage") == 0


def test_unclaimed_leads_get_a_reminder_and_late_verdicts_an_escalation(
    settings: Settings, fake: FakeSlack, engine: FakeEngine
) -> None:
    quick = slack_settings(
        settings, fake, slack_claim_reminder_minutes=0.001, handoff_verdict_sla_hours=0.00002
    )
    with start(quick, engine) as client:
        make_hot(client)
        fake.wait_for(lambda: len(fake.posted(thread=True)) >= 2)
        texts = " ".join(m["text"] for m in fake.posted(thread=True))
        assert "Nobody has claimed this lead" in texts and "No verdict after" in texts
        time.sleep(0.3)
        assert len(fake.posted(thread=True)) == 2  # once each


def test_without_a_token_the_handoff_is_recorded_and_waits(
    settings: Settings, engine: FakeEngine
) -> None:
    with start(slack_settings(settings, None), engine) as client:
        lead_id = make_hot(client)
        assert client.get("/api/handoffs", headers=AUTH).json()[0]["lead_id"] == lead_id
        pending = client.get("/api/outbox", headers=AUTH).json()
        assert [p["kind"] for p in pending] == ["slack.card"]
        assert client.post("/slack/events", content="{}").status_code == 503
        ((count,),) = db(client, select(func.count()).select_from(Conversation))
        assert count == 1


def test_the_return_to_bot_command_hands_a_lead_back(client: TestClient, fake: FakeSlack) -> None:
    lead_id = make_hot(client)
    handoff = wait_card(fake, client, lead_id)
    click(client, "handoff_claim", handoff.id)

    def command(text: str) -> Any:
        body = urlencode(
            {
                "command": "/return-to-bot",
                "text": text,
                "user_id": "UREP1",
                "user_name": "rep",
                "channel_id": CHANNEL,
                "team_id": "T1",
                "trigger_id": "1.2.3",
                "token": "legacy",
                "response_url": f"{fake.url}response",
            }
        )
        headers = {**signed(body), "content-type": "application/x-www-form-urlencoded"}
        return client.post("/slack/events", content=body, headers=headers)

    for wrong in ("not-a-number", "99999999999999999999", "0"):
        usage = command(wrong)
        assert usage.status_code == 200 and "Usage: /return-to-bot" in usage.text
    assert command(str(lead_id)).status_code == 200
    fake.wait_for(lambda: the_handoff(client, lead_id).status == "returned")
    reply = client.post(
        "/api/chat", json={"text": "still there?"}, headers=as_visitor(client, "visitor-hot")
    )
    assert reply.json()["messages"][0]["text"] == "bot reply"


@pytest.mark.parametrize(
    ("slack", "plain"),
    [
        ("Tom &amp; Jerry &lt;b&gt;", "Tom & Jerry <b>"),
        ("see <https://x.example/a?b=1&amp;c=2>", "see https://x.example/a?b=1&c=2"),
        ("see <https://x.example|our docs>", "see our docs (https://x.example)"),
        ("ping <@U123> in <#C1|sales>, <!here>", "ping @U123 in #sales, @here"),
        ("<mailto:ana@x.example|ana@x.example>", "ana@x.example"),
    ],
)
def test_a_reps_slack_text_reaches_the_prospect_as_plain_text(slack: str, plain: str) -> None:
    assert slack_to_plain(slack) == plain
