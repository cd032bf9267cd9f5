"""GDPR: export, erasure (nothing left in any table, the engine's included) and retention."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import update
from sqlalchemy.engine import make_url

from actions.ports import AskedQuestion
from actions.profile import FactUpdate
from bot.app import create_app
from bot.db.models import Conversation, Handoff, Lead, utcnow
from bot.handoffs.service import open_handoff
from bot.leads.facts import LeadFactStore
from bot.leads.privacy import purge_anonymous
from bot.services import services_of
from bot.settings import Settings
from channels.web import plugin as web
from tests.conftest import ADMIN_TOKEN
from tests.unit.fake_engine import FakeEngine
from tests.unit.visitors import as_visitor

ADMIN = {"Authorization": f"Bearer {ADMIN_TOKEN}"}
MARKERS = [
    "erase-me@acme.example",
    "visitor-erase-me",
    "phone-erase-me",
    "Xylophone-42",
    "Quokka-question-7",
]


def question(text: str) -> AskedQuestion:
    return AskedQuestion(text=text, language="en", answered=False, confidence=0.1, document_id=None)


RASA_EVENTS = """CREATE TABLE events (id INTEGER PRIMARY KEY, sender_id VARCHAR(255) NOT NULL,
    type_name VARCHAR(255) NOT NULL, timestamp FLOAT, intent_name VARCHAR(255),
    action_name VARCHAR(255), data TEXT)"""


@pytest.fixture
def trackers(tmp_path: Path) -> Path:
    path = tmp_path / "trackers.db"
    with sqlite3.connect(path) as db:
        db.execute(RASA_EVENTS)
    return path


@pytest.fixture
def client(settings: Settings, trackers: Path) -> Iterator[TestClient]:
    settings = settings.model_copy(update={"engine_tracker_url": f"sqlite:///{trackers}"})
    app = create_app(settings, [web], engine_transport=FakeEngine().transport)
    with TestClient(app) as c:
        yield c


def add_tracker_events(path: Path, sender: str, text: str) -> None:
    with sqlite3.connect(path) as db:
        db.execute(
            "INSERT INTO events (sender_id, type_name, timestamp, data) VALUES (?, 'user', 1, ?)",
            (sender, json.dumps({"event": "user", "text": text})),
        )


def everything(client: TestClient, trackers: Path) -> str:
    """Every row of every table of the app's database and the engine's, as one text."""
    app_db = make_url(services_of(client.app.state).settings.database_url).database  # type: ignore[attr-defined]
    dump = []
    for path in (app_db, trackers):
        with sqlite3.connect(str(path)) as db:
            tables = [r[0] for r in db.execute("SELECT name FROM sqlite_master WHERE type='table'")]
            for table in tables:
                dump += [f"{table}: {row}" for row in db.execute(f'SELECT * FROM "{table}"')]
    return "\n".join(dump)


def run(client: TestClient, fn: Any, *args: Any) -> Any:
    return client.portal.call(fn, *args)  # type: ignore[union-attr]


def make_person(client: TestClient, trackers: Path) -> int:
    """A visitor who chatted, browsed, gave an email and a phone, was merged with an
    earlier lead of theirs and handed to sales."""
    state = services_of(client.app.state)  # type: ignore[attr-defined]
    facts = LeadFactStore(sessions=state.sessions, scorer=state.scorer)
    older = client.post(
        "/api/chat", json={"text": "Xylophone-42"}, headers=as_visitor(client, "old-browser")
    ).json()
    body = client.post(
        "/api/chat", json={"text": "hello"}, headers=as_visitor(client, MARKERS[1])
    ).json()
    client.post(
        "/api/events",
        json={"type": "page_view", "properties": {"path": "/pricing"}},
        headers=as_visitor(client, MARKERS[1]),
    )
    run(client, facts.record_question, body["lead_id"], question(f"does {MARKERS[4]} work?"))
    for lead_id in (older["lead_id"], body["lead_id"]):
        run(
            client,
            facts.record,
            lead_id,
            FactUpdate(
                email=MARKERS[0],
                email_kind="business",
                phone=MARKERS[2],
                consent=True,
                consent_wording="May we keep it?",
                language="en",
            ),
        )
    for conversation_id in (older["conversation_id"], body["conversation_id"]):
        add_tracker_events(trackers, f"conversation-{conversation_id}", "Xylophone-42")

    async def hand_over() -> None:
        async with state.sessions() as session, session.begin():
            lead = await session.get(Lead, older["lead_id"])
            handoff = await open_handoff(session, lead, reason="requested")
            handoff.slack_channel, handoff.slack_ts = "CHANDOFF", "1700000000.000001"

    run(client, hand_over)
    return int(older["lead_id"])  # the survivor of the merge


def test_the_export_holds_everything_about_the_person(client: TestClient, trackers: Path) -> None:
    lead_id = make_person(client, trackers)
    response = client.get(f"/api/leads/{lead_id}/export", headers=ADMIN)
    assert response.status_code == 200
    data = response.json()
    assert data["lead"]["email"] == MARKERS[0]
    assert len(data["merged_leads"]) == 1
    assert sorted(i["external_id"] for i in data["identities"]) == ["old-browser", MARKERS[1]]
    assert {m["text"] for m in data["messages"]} >= {"Xylophone-42", "hello"}
    assert [e["type"] for e in data["events"]] == ["pricing_page_view"]
    assert data["consents"] and data["handoffs"] and data["score_history"]
    assert [q["question"] for q in data["content_questions"]] == [f"does {MARKERS[4]} work?"]
    assert len(data["engine_tracker_events"]) == 2
    assert client.get(f"/api/leads/{lead_id}/export").status_code == 401
    assert client.get("/api/leads/999/export", headers=ADMIN).status_code == 404


def test_erasing_a_lead_leaves_nothing_of_it_in_any_table(
    client: TestClient, trackers: Path
) -> None:
    bystander = client.post(
        "/api/chat", json={"text": "hi"}, headers=as_visitor(client, "someone-else")
    ).json()
    add_tracker_events(trackers, f"conversation-{bystander['conversation_id']}", "keep me")
    lead_id = make_person(client, trackers)
    before = everything(client, trackers)
    assert all(marker in before for marker in MARKERS)

    assert client.delete(f"/api/leads/{lead_id}").status_code == 401
    response = client.delete(f"/api/leads/{lead_id}", headers=ADMIN)
    assert response.status_code == 200, response.text
    body = response.json()
    assert len(body["erased_lead_ids"]) == 2 and body["engine_tracker_events"] == 2

    after = everything(client, trackers)
    assert [m for m in MARKERS if m in after] == []
    assert "keep me" in after and "someone-else" in after  # others are untouched
    assert client.get(f"/api/leads/{lead_id}", headers=ADMIN).status_code == 404
    assert client.delete(f"/api/leads/{lead_id}", headers=ADMIN).status_code == 404
    # The Slack card that named the lead is queued for deletion in Slack.
    outbox = client.get("/api/outbox", headers=ADMIN).json()
    assert [r["kind"] for r in outbox if r["kind"] == "slack.delete"] == ["slack.delete"]


def test_retention_erases_only_idle_anonymous_leads(client: TestClient, trackers: Path) -> None:
    state = services_of(client.app.state)  # type: ignore[attr-defined]
    facts = LeadFactStore(sessions=state.sessions, scorer=state.scorer)
    idle = client.post(
        "/api/chat", json={"text": "hi"}, headers=as_visitor(client, "idle-visitor")
    ).json()
    known = client.post(
        "/api/chat", json={"text": "hi"}, headers=as_visitor(client, "known-visitor")
    ).json()
    fresh = client.post(
        "/api/chat", json={"text": "hi"}, headers=as_visitor(client, "fresh-visitor")
    ).json()
    run(
        client,
        facts.record,
        known["lead_id"],
        FactUpdate(
            email="known@acme.example",
            email_kind="business",
            consent=True,
            consent_wording="ok",
            language="en",
        ),
    )
    long_ago = utcnow() - timedelta(days=120)

    async def age() -> None:
        async with state.sessions() as session, session.begin():
            for body in (idle, known):
                await session.execute(
                    update(Lead).where(Lead.id == body["lead_id"]).values(updated_at=long_ago)
                )
                await session.execute(
                    update(Conversation)
                    .where(Conversation.id == body["conversation_id"])
                    .values(last_message_at=long_ago)
                )

    run(client, age)
    for body in (idle, known):  # a question's words go with the lead, and only with it
        run(client, facts.record_question, body["lead_id"], question(f"lead {body['lead_id']}?"))
    erased = run(client, _purge, state, utcnow() - timedelta(days=90))
    assert erased == 1
    after = everything(client, trackers)
    assert f"lead {idle['lead_id']}?" not in after and f"lead {known['lead_id']}?" in after
    remaining = {r["id"] for r in client.get("/api/leads", headers=ADMIN).json()}
    assert remaining == {known["lead_id"], fresh["lead_id"]}


async def _purge(state: Any, idle_since: Any) -> int:
    return await purge_anonymous(state.sessions, state.trackers, idle_since=idle_since)


def test_handoff_rows_are_really_gone(client: TestClient, trackers: Path) -> None:
    lead_id = make_person(client, trackers)
    client.delete(f"/api/leads/{lead_id}", headers=ADMIN)

    async def count() -> int:
        async with services_of(client.app.state).sessions() as session:  # type: ignore[attr-defined]
            return len(list(await session.scalars(Handoff.__table__.select())))

    assert run(client, count) == 0


def test_a_number_set_aside_for_an_address_is_no_longer_kept(client: TestClient) -> None:
    """ "call me on 06…", then "actually email me instead, sam@…": the lead keeps the
    address, not the number (a rep would have called)."""
    state = services_of(client.app.state)  # type: ignore[attr-defined]
    facts = LeadFactStore(sessions=state.sessions, scorer=state.scorer)
    body = client.post(
        "/api/chat", json={"text": "hi"}, headers=as_visitor(client, "caller-then-writer")
    ).json()
    lead_id = body["lead_id"]
    call = FactUpdate(
        phone="0612345678", profile={"call_when": "tomorrow"}, consent=True, language="en"
    )
    run(client, facts.record, lead_id, call)
    lead = client.get(f"/api/leads/{lead_id}", headers=ADMIN).json()
    assert lead["profile"]["phone"] == "0612345678"
    write = FactUpdate(
        email="sam@acme-forklifts.com",
        email_kind="business",
        consent=True,
        language="en",
        withdraw_phone=True,
    )
    run(client, facts.record, lead_id, write)
    lead = client.get(f"/api/leads/{lead_id}", headers=ADMIN).json()
    assert lead["email"] == "sam@acme-forklifts.com"
    assert "phone" not in lead["profile"] and "call_when" not in lead["profile"]
