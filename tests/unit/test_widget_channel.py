"""The widget's server side with a fake engine: the socket, live pushes, origins, rate limits,
page rules, the merge of a visitor into a known lead, and the assets."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import func, select
from starlette.websockets import WebSocketDisconnect

from actions.profile import FactUpdate
from bot.app import create_app
from bot.conversations.live import mark_changed
from bot.db.models import Author, Direction, Lead, Message, MessageStatus
from bot.leads.facts import LeadFactStore
from bot.services import services_of
from bot.settings import Settings
from channels.web import plugin as web
from tests.conftest import ADMIN_TOKEN
from tests.unit.fake_engine import FakeEngine
from tests.unit.visitors import as_visitor, visitor_socket

ADMIN = {"Authorization": f"Bearer {ADMIN_TOKEN}"}


@pytest.fixture
def engine() -> FakeEngine:
    return FakeEngine(
        lambda p: [
            {"text": f"echo: {p['message']}", "buttons": [{"title": "Yes", "payload": "/affirm"}]}
        ]
    )


def make_client(settings: Settings, engine: FakeEngine, **overrides: Any) -> TestClient:
    app = create_app(
        settings.model_copy(update=overrides), [web], engine_transport=engine.transport
    )
    return TestClient(app)


@pytest.fixture
def client(settings: Settings, engine: FakeEngine) -> Iterator[TestClient]:
    with make_client(settings, engine) as c:
        yield c


def receive_messages(ws: Any) -> list[dict[str, Any]]:
    """Frames until one carrying messages (skips typing)."""
    while True:
        frame = ws.receive_json()
        if frame["type"] == "messages":
            return list(frame["messages"])


def test_a_message_on_the_socket_comes_back_with_its_echo_and_the_reply(
    client: TestClient,
) -> None:
    with visitor_socket(client, "v1") as ws:
        ws.send_json({"type": "message", "text": "hello", "metadata": {"client_id": "c-1"}})
        assert ws.receive_json() == {"type": "typing"}
        got: list[dict[str, Any]] = []
        while len(got) < 2:
            got += receive_messages(ws)
    assert [(m["author"], m["text"], m["client_id"]) for m in got] == [
        ("prospect", "hello", "c-1"),
        ("bot", "echo: hello", None),
    ]
    assert got[1]["buttons"] == [{"title": "Yes", "payload": "/affirm"}]
    assert got[0]["id"] < got[1]["id"]


def test_a_returning_visitor_gets_what_is_after_their_cursor_and_quick_replies_show_titles(
    client: TestClient,
) -> None:
    client.post(
        "/api/chat",
        json={"text": "/affirm", "metadata": {"button_title": "Yes"}},
        headers=as_visitor(client, "v2"),
    )
    history = client.get("/api/chat/history", headers=as_visitor(client, "v2")).json()
    assert [m["text"] for m in history] == ["Yes", "echo: /affirm"]
    with visitor_socket(client, "v2", after=history[0]["id"]) as ws:
        assert [m["text"] for m in receive_messages(ws)] == ["echo: /affirm"]


def add_rep_message(client: TestClient, conversation_id: int, text: str) -> None:
    async def add() -> None:
        sessions = services_of(client.app.state).sessions  # type: ignore[attr-defined]
        async with sessions() as session, session.begin():
            session.add(
                Message(
                    conversation_id=conversation_id,
                    direction=Direction.OUTBOUND,
                    author=Author.REP,
                    author_name="Marie",
                    text=text,
                    data={},
                    status=MessageStatus.SENT,
                )
            )
            mark_changed(session, conversation_id)

    client.portal.call(add)  # type: ignore[union-attr]


def test_a_reps_message_is_pushed_live_once_committed(client: TestClient) -> None:
    conversation_id = client.post(
        "/api/chat", json={"text": "hi"}, headers=as_visitor(client, "v3")
    ).json()["conversation_id"]
    with visitor_socket(client, "v3") as ws:
        assert len(receive_messages(ws)) == 2  # the history so far
        add_rep_message(client, conversation_id, "Hello, I'm Marie from sales")
        (pushed,) = receive_messages(ws)
    assert (pushed["author"], pushed["author_name"], pushed["text"]) == (
        "rep",
        "Marie",
        "Hello, I'm Marie from sales",
    )


def test_bad_frames_get_an_error_and_the_socket_stays_open(client: TestClient) -> None:
    with visitor_socket(client, "v4") as ws:
        ws.send_text("not json")
        assert ws.receive_json()["type"] == "error"
        ws.send_json({"type": "message", "text": "x" * 501})
        assert "limit is 500" in ws.receive_json()["error"]
        ws.send_json({"type": "message", "text": "   "})
        assert ws.receive_json()["type"] == "error"
        ws.send_json({"type": "message", "text": "<img src=x onerror=alert(1)>"})
        assert ws.receive_json() == {"type": "typing"}
        texts = [m["text"] for m in receive_messages(ws)]
    assert texts[0] == "<img src=x onerror=alert(1)>"  # stored and returned as text, verbatim


def test_origins_outside_the_allowlist_are_refused(settings: Settings, engine: FakeEngine) -> None:
    with make_client(settings, engine, allowed_origins="https://www.orbitly.example") as client:
        good = {"Origin": "https://www.orbitly.example"}
        evil = {"Origin": "https://evil.example"}
        v5 = as_visitor(client, "v5")
        good, evil = {**good, **v5}, {**evil, **v5}
        body = {"text": "hello"}
        assert client.post("/api/chat", json=body, headers=good).status_code == 200
        assert client.post("/api/chat", json=body, headers=evil).status_code == 403
        assert client.get("/api/chat/history", headers=evil).status_code == 403
        assert client.post("/api/chat/session", headers=evil).status_code == 403
        event = {"type": "page_view", "properties": {"path": "/pricing"}}
        assert client.post("/api/events", json=event, headers=evil).status_code == 403
        preflight = client.options(
            "/api/chat",
            headers={
                "Origin": good["Origin"],
                "Access-Control-Request-Method": "POST",
                "Access-Control-Request-Headers": "content-type, x-visitor-token",
            },
        )
        assert preflight.status_code == 200
        assert preflight.headers["access-control-allow-origin"] == good["Origin"]
        assert "x-visitor-token" in preflight.headers["access-control-allow-headers"].lower()
        with (
            pytest.raises(WebSocketDisconnect) as closed,
            visitor_socket(client, "v5", headers={"Origin": evil["Origin"]}) as ws,
        ):
            ws.receive_json()
        assert closed.value.code == 1008
        # The app's own pages (same origin) are always allowed.
        own = {"Origin": "http://testserver", **v5}
        assert client.post("/api/chat", json=body, headers=own).status_code == 200


def test_a_visitor_over_the_rate_limit_gets_429_and_others_are_served(
    settings: Settings, engine: FakeEngine
) -> None:
    with make_client(
        settings, engine, rate_limit_visitor_burst=3, rate_limit_visitor_per_minute=1
    ) as client:
        flood = as_visitor(client, "flood")
        codes = [
            client.post("/api/chat", json={"text": f"m{i}"}, headers=flood).status_code
            for i in range(5)
        ]
        assert codes == [200, 200, 200, 429, 429]
        refused = client.post("/api/chat", json={"text": "again"}, headers=flood)
        assert int(refused.headers["Retry-After"]) >= 1
        calm = as_visitor(client, "calm")
        assert client.post("/api/chat", json={"text": "hi"}, headers=calm).status_code == 200
        with visitor_socket(client, "flood") as ws:
            receive_messages(ws)
            ws.send_json({"type": "message", "text": "more"})
            frame = ws.receive_json()
        assert frame["type"] == "error" and frame["retry_after"] >= 1


def test_page_rules_turn_a_pricing_view_into_a_scored_signal(client: TestClient) -> None:
    def view(path: str) -> dict[str, Any]:
        event = {
            "sender": "v6",
            "type": "page_view",
            "properties": {"path": path, "title": "t", "referrer": ""},
        }
        response = client.post("/api/events", json=event, headers=ADMIN)  # to see the score
        assert response.status_code == 200, response.text
        body: dict[str, Any] = response.json()
        return body

    home = view("/")
    assert (home["type"], home["scored"], home["score"]) == ("page_view", False, 0)
    pricing = view("/pricing?plan=growth")
    assert (pricing["type"], pricing["scored"]) == ("pricing_page_view", True)
    assert pricing["score"] > home["score"]
    assert view("/fr/tarifs")["type"] == "pricing_page_view"
    assert view("/docs/integrations")["type"] == "knowledge_base_view"


def count_live_leads(client: TestClient) -> int:
    async def count() -> int:
        async with services_of(client.app.state).sessions() as session:  # type: ignore[attr-defined]
            n = await session.scalar(
                select(func.count()).select_from(Lead).where(Lead.merged_into_id.is_(None))
            )
            return int(n or 0)

    return int(client.portal.call(count))  # type: ignore[union-attr]


def test_a_visitor_who_gives_a_known_email_is_merged_into_that_lead(client: TestClient) -> None:
    facts = LeadFactStore(
        sessions=services_of(client.app.state).sessions, scorer=services_of(client.app.state).scorer
    )  # type: ignore[attr-defined]
    laptop, phone = as_visitor(client, "laptop"), as_visitor(client, "phone")
    first = client.post("/api/chat", json={"text": "hi"}, headers=laptop).json()["lead_id"]
    second = client.post("/api/chat", json={"text": "hi"}, headers=phone).json()["lead_id"]
    client.post(
        "/api/events", json={"type": "page_view", "properties": {"path": "/pricing"}}, headers=phone
    )
    assert count_live_leads(client) == 2

    def give(lead_id: int, **profile: Any) -> None:
        update = FactUpdate(
            profile=profile,
            email="ana@northwind.example",
            email_kind="business",
            consent=True,
            consent_wording="ok?",
            language="en",
            source="chat",
        )
        client.portal.call(facts.record, lead_id, update)  # type: ignore[union-attr]

    give(first, job_title="CTO")
    give(second, company_size=400)

    assert count_live_leads(client) == 1
    merged = client.get(f"/api/leads/{second}", headers=ADMIN, follow_redirects=False)
    assert merged.status_code == 308 and merged.headers["location"] == f"/api/leads/{first}"
    lead = client.get(f"/api/leads/{first}", headers=ADMIN).json()
    assert lead["profile"]["job_title"] == "CTO" and lead["profile"]["company_size"] == 400
    assert sorted(i["external_id"] for i in lead["identities"]) == ["laptop", "phone"]
    assert [e["type"] for e in lead["events"]] == ["pricing_page_view"]
    assert len(lead["conversations"]) == 2
    # The phone's next message lands on the surviving lead.
    assert client.post("/api/chat", json={"text": "hi"}, headers=phone).json()["lead_id"] == first


def test_the_widget_and_the_demo_site_are_served(settings: Settings, engine: FakeEngine) -> None:
    with make_client(settings, engine) as client:
        js = client.get("/widget.js")
        assert js.status_code == 200 and js.headers["content-type"].startswith("text/javascript")
        assert (
            client.get("/widget.js", headers={"If-None-Match": js.headers["etag"]}).status_code
            == 304
        )
        for path in ["/", "/pricing", "/customers/northwind-logistics", "/fr/", "/fr/tarifs"]:
            page = client.get(path)
            assert page.status_code == 200 and '<script src="/widget.js"' in page.text
        assert '<html lang="fr">' in client.get("/fr/").text
    with make_client(settings, engine, demo_site=False) as client:
        assert client.get("/").status_code == 404
        assert client.get("/widget.js").status_code == 200
