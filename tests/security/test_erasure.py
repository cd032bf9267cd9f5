"""Issue 13 #5: erasure reaches every copy we control.

- Slack: the card and every message the app posted in its thread (the claim note, the
  prospect's relayed words) are deleted, not only the card.
- Files: after the erasure the prospect's words are in no file of DATA_DIR, raw bytes read,
  the SQLite write-ahead logs and shared-memory files included (secure_delete + checkpoint).
- Ids: the next visitor does not get the erased lead's or conversation's id.
- Export: an engine tracker store that fails is a 503, not an export without its events.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from fastapi.testclient import TestClient
from slack_sdk.web.async_client import AsyncWebClient

from bot.app import create_app
from bot.conversations.messages import ChatResult, InboundMessage
from bot.db.models import Lead, OutboxMessage, utcnow
from bot.db.session import create_sessionmaker
from bot.handoffs.service import open_handoff
from bot.leads.privacy import erase_lead
from bot.outbox import OutboxRelay, enqueue
from bot.services import services_of
from bot.settings import Settings
from channels.slack import plugin as slack
from channels.slack.sender import SlackSender, undo_erased
from channels.web import plugin as web
from tests.assistant import ADMIN_TOKEN as ADMIN_TOKEN_IT
from tests.assistant import Assistant
from tests.conftest import ADMIN_TOKEN
from tests.fakes.slack_api import FakeSlack
from tests.unit.fake_engine import FakeEngine
from tests.unit.test_privacy import RASA_EVENTS
from tests.unit.test_slack_handoff import HOT_PROFILE, click, slack_settings, wait_card

ADMIN = {"Authorization": f"Bearer {ADMIN_TOKEN}"}
ADMIN_IT = {"Authorization": f"Bearer {ADMIN_TOKEN_IT}"}
MARKER = "Quetzalcoatl-7731-marker"


def trackers_in(data_dir: Path) -> Path:
    """The engine's SQLite tracker store where the engine keeps it: DATA_DIR/engine, WAL."""
    path = data_dir / "engine" / "trackers.db"
    path.parent.mkdir(parents=True, exist_ok=True)
    with sqlite3.connect(path) as db:
        db.execute("PRAGMA journal_mode=WAL")
        db.execute(RASA_EVENTS)
    return path


def engine_writes(path: Path, sender: str, text: str) -> None:
    """What the engine's tracker store writes for a user message (a WAL connection kept
    open meanwhile, as the engine's pool does)."""
    db = sqlite3.connect(path)
    db.execute("PRAGMA journal_mode=WAL")
    with db:
        db.execute(
            "INSERT INTO events (sender_id, type_name, timestamp, data) VALUES (?, 'user', 1, ?)",
            (sender, json.dumps({"event": "user", "text": text})),
        )
    db.close()


@pytest.fixture
def fake() -> Iterator[FakeSlack]:
    with FakeSlack() as f:
        yield f


@pytest.fixture
def client(settings: Settings, fake: FakeSlack) -> Iterator[TestClient]:
    trackers = trackers_in(settings.data_dir)
    settings = slack_settings(settings, fake, engine_tracker_url=f"sqlite:///{trackers}")
    engine = FakeEngine(lambda p: [{"text": "bot reply"}])
    app = create_app(settings, channels=[web, slack], engine_transport=engine.transport)
    with TestClient(app) as c:
        yield c


def say(client: TestClient, sender: str, text: str) -> ChatResult:
    """A prospect's message through the conversation service, as every channel hands it."""
    service = services_of(client.app.state).conversations  # type: ignore[attr-defined]
    result: ChatResult = client.portal.call(  # type: ignore[union-attr]
        service.handle, InboundMessage(channel="web", external_id=sender, text=text)
    )
    return result


def make_hot(client: TestClient, sender: str = "visitor-hot") -> int:
    """A web prospect who talked, then whose profile makes them SDR-ready (a card)."""
    state = services_of(client.app.state)  # type: ignore[attr-defined]
    lead_id = say(client, sender, "hello").lead_id

    async def heat() -> None:
        async with state.sessions() as session, session.begin():
            lead = await session.get_one(Lead, lead_id)
            lead.email, lead.profile = "jane@acme.io", dict(HOT_PROFILE)
            await state.scorer.rescore(session, lead, now=utcnow())

    client.portal.call(heat)  # type: ignore[union-attr]
    return lead_id


def files_holding(data_dir: Path, needle: str) -> list[str]:
    found = []
    for path in sorted(data_dir.rglob("*")):
        if path.is_file() and needle.encode() in path.read_bytes():
            found.append(str(path.relative_to(data_dir)))
    return found


def test_no_file_of_data_dir_holds_the_erased_persons_words(
    client: TestClient, settings: Settings
) -> None:
    trackers = settings.data_dir / "engine" / "trackers.db"
    for n in range(30):  # enough pages and WAL frames for copies to linger
        result = say(client, "wal-visitor", f"{MARKER} number {n} " + "x" * 200)
        engine_writes(trackers, f"conversation-{result.conversation_id}", f"{MARKER} {n}")
    say(client, "bystander", "keep me")
    assert files_holding(settings.data_dir, MARKER)  # the test can see a copy

    response = client.delete(f"/api/leads/{result.lead_id}", headers=ADMIN)
    assert response.status_code == 200, response.text

    assert files_holding(settings.data_dir, MARKER) == []
    assert files_holding(settings.data_dir, "keep me")  # others' data is untouched


def test_every_message_the_app_posted_in_slack_is_deleted(
    client: TestClient, fake: FakeSlack
) -> None:
    lead_id = make_hot(client)
    handoff = wait_card(fake, client, lead_id)
    assert click(client, "handoff_claim", handoff.id).status_code == 200  # a claim note
    say(client, "visitor-hot", f"{MARKER}: call me on +33 6 12 34 56 78")  # relayed
    fake.wait_for(lambda: any(MARKER in m["text"] for m in fake.posted(thread=True)))
    ours = {m["ts"] for m in fake.posted()}
    assert len(ours) == 3  # the card, the claim note, the prospect's words

    assert client.delete(f"/api/leads/{lead_id}", headers=ADMIN).status_code == 200

    fake.wait_for(lambda: fake.posted() == [])
    deleted = [params["ts"] for method, params in fake.calls if method == "chat.delete"]
    assert set(deleted) == ours
    assert deleted[-1] == handoff.slack_ts  # the thread's parent last: no reply left under it


def test_the_next_visitor_never_gets_an_erased_id(client: TestClient) -> None:
    erased = say(client, "first-visitor", "hello")
    assert client.delete(f"/api/leads/{erased.lead_id}", headers=ADMIN).status_code == 200
    following = say(client, "next-visitor", "hello")
    assert following.lead_id > erased.lead_id
    assert following.conversation_id > erased.conversation_id
    assert client.get(f"/api/leads/{erased.lead_id}", headers=ADMIN).status_code == 404


@pytest.fixture
def broken_store_client(settings: Settings) -> Iterator[TestClient]:
    # The engine's store on a server that does not answer (a PostgreSQL outage).
    settings = settings.model_copy(
        update={"engine_tracker_url": "postgresql://postgres@127.0.0.1:9/trackers"}
    )
    app = create_app(settings, channels=[web], engine_transport=FakeEngine().transport)
    with TestClient(app) as c:
        yield c


def test_export_and_erasure_fail_loudly_when_the_engine_store_fails(
    broken_store_client: TestClient,
) -> None:
    client = broken_store_client
    lead_id = say(client, "exported-visitor", "hello").lead_id

    export = client.get(f"/api/leads/{lead_id}/export", headers=ADMIN)
    assert export.status_code == 503, export.text
    assert "engine" in export.json()["detail"] and "tracker" in export.json()["detail"]

    erase = client.delete(f"/api/leads/{lead_id}", headers=ADMIN)
    assert erase.status_code == 503, erase.text
    assert client.get(f"/api/leads/{lead_id}", headers=ADMIN).status_code == 200  # kept


def test_a_message_posted_while_its_lead_is_erased_is_deleted_again(
    settings: Settings, fake: FakeSlack
) -> None:
    """The relay posts a thread reply; the erasure commits before the relay records its ts.
    The relay finds its row gone and queues the message's deletion. (The app's own relay
    is kept out of the way: no Slack channel, no poll, and this test's sessions do not wake
    it; so the race happens every time.)"""
    settings = settings.model_copy(update={"outbox_poll_seconds": 3600})
    app = create_app(settings, channels=[web], engine_transport=FakeEngine().transport)
    with TestClient(app) as client:
        lead_id = say(client, "racing-erasure", "hello").lead_id
        client.portal.call(_erase_while_posting, services_of(client.app.state), fake, lead_id)  # type: ignore[union-attr]
    assert [m for m, _ in fake.calls if m == "chat.postMessage"] == ["chat.postMessage"] * 2
    assert fake.posted() == []  # the card (by the erasure) and the reply (by the undo)


async def _erase_while_posting(state: Any, fake: FakeSlack, lead_id: int) -> None:
    sessions = create_sessionmaker(state.db)
    slack_api = AsyncWebClient(token="xoxb-test", base_url=fake.url)
    card = await slack_api.chat_postMessage(channel="CHANDOFF", text="card")
    async with sessions() as session, session.begin():
        lead = await session.get_one(Lead, lead_id)
        handoff = await open_handoff(session, lead, reason="requested")
        assert handoff is not None
        handoff.slack_channel, handoff.slack_ts = "CHANDOFF", str(card["ts"])
        await enqueue(
            session, "slack.thread", {"handoff_id": handoff.id, "text": "reminder"}, lead_id=lead_id
        )
    sender = SlackSender(
        client=slack_api,
        channel="CHANDOFF",
        sessions=sessions,
        scorer=state.scorer,
        link_base="http://x",
    )

    async def post_then_lose_the_race(row: OutboxMessage) -> dict[str, Any]:
        result = await sender(row)
        if row.kind == "slack.thread":
            async with sessions() as session, session.begin():
                await erase_lead(session, lead_id, state.trackers)
        return result

    relay = OutboxRelay(sessions)
    relay.register("slack", post_then_lose_the_race, undo=undo_erased)
    await relay.run_once()  # the card (adopted), the reply, then the undo is queued
    relay.register("slack", sender, undo=undo_erased)
    await relay.run_once()  # the deletions


@pytest.mark.integration
def test_on_the_real_assistant_no_file_of_data_dir_keeps_the_erased_words(
    assistant: Assistant,
) -> None:
    """The real engine's tracker store and the app's database, in DATA_DIR (on the
    production profile both are in PostgreSQL and this checks the files left in DATA_DIR)."""
    marker = "Zyzzogeton-5512-erase"
    for n in range(5):
        reply = assistant.chat("real-erasure-visitor", f"I am {marker} and I need pricing {n}")
    assert marker in assistant.dump()
    response = httpx.delete(
        f"{assistant.url}/api/leads/{reply['lead_id']}", headers=ADMIN_IT, timeout=30
    )
    assert response.status_code == 200, response.text
    assert marker not in assistant.dump()
    # run.log is this harness's capture of the processes' output, not a file the app writes.
    files = [f for f in files_holding(assistant.data_dir, marker) if f != assistant.output.name]
    assert files == []
