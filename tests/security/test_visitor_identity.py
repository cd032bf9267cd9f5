"""Issue 13, item 3 (and the web parts of 8): a website visitor's id is not a credential.

Each attack is replayed as an outsider would: knowing only a victim's visitor id (shown in
the page, sent in URLs, guessable on plain-http sites), read their transcript, write as
them, watch their socket, link a Telegram account to their lead, score them to SDR-ready;
and the inputs that answered 500 or dropped the socket. The fast ones run the app with a
fake engine; the last ones replay against the real assistant (`integration`)."""

from __future__ import annotations

import asyncio
import json
import re
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import httpx
import pytest
import websockets
from fastapi.testclient import TestClient
from starlette.websockets import WebSocketDisconnect

from bot.access.visitor_auth import LinkCodes, VisitorAuth
from bot.app import create_app
from bot.services import services_of
from bot.settings import Settings
from channels.telegram import plugin as telegram
from channels.web import plugin as web
from tests.assistant import ADMIN_TOKEN as IT_ADMIN_TOKEN
from tests.assistant import Assistant
from tests.conftest import ADMIN_TOKEN
from tests.fakes.telegram_api import FakeTelegram, message_update
from tests.unit.fake_engine import FakeEngine
from tests.unit.test_telegram_channel import HOOK, lead_json, post_update, secret_of, tg_settings
from tests.unit.visitors import as_visitor, token

ADMIN = {"Authorization": f"Bearer {ADMIN_TOKEN}"}
VICTIM = "3f0c7d2e-9a41-4c56-b1de-victim"
SECRET_WORDS = "my email is ceo@victim.example, our budget is 80k"
WIDGET = Path(__file__).resolve().parents[2] / "channels" / "web" / "static" / "widget.js"


@pytest.fixture
def engine() -> FakeEngine:
    return FakeEngine(lambda p: [{"text": f"echo: {p['message']}"}])


@pytest.fixture
def client(settings: Settings, engine: FakeEngine) -> Iterator[TestClient]:
    with TestClient(create_app(settings, [web], engine_transport=engine.transport)) as c:
        yield c


@contextmanager
def telegram_in_webhook_mode(
    settings: Settings, engine: FakeEngine
) -> Iterator[tuple[FakeTelegram, TestClient]]:
    """The widget and Telegram (webhook mode, against a fake Bot API) in one app."""
    with (
        FakeTelegram() as fake,
        TestClient(
            create_app(
                tg_settings(settings, fake, telegram_webhook_url=HOOK),
                [web, telegram],
                engine_transport=engine.transport,
            )
        ) as hooked,
    ):
        yield fake, hooked


def victim_talks(client: TestClient) -> int:
    """The victim's own browser, with the token the server gave it; returns their lead id."""
    response = client.post(
        "/api/chat",
        json={"sender": VICTIM, "text": SECRET_WORDS},
        headers=as_visitor(client, VICTIM),
    )
    assert response.status_code == 200, response.text
    return int(response.json()["lead_id"])


def victims_texts(client: TestClient) -> list[str]:
    lead_id = client.get(
        "/api/leads", params={"channel": "web", "external_id": VICTIM}, headers=ADMIN
    ).json()[0]["id"]
    lead = client.get(f"/api/leads/{lead_id}", headers=ADMIN).json()
    return [m["text"] for c in lead["conversations"] for m in c["messages"]]


def lead(client: TestClient, lead_id: int) -> dict[str, Any]:
    body: dict[str, Any] = client.get(f"/api/leads/{lead_id}", headers=ADMIN).json()
    return body


# ---------- the attacks, with only the victim's id ----------


def test_the_victims_id_alone_does_not_read_their_transcript(client: TestClient) -> None:
    victim_talks(client)
    stolen = client.get("/api/chat/history", params={"sender": VICTIM})
    assert "ceo@victim.example" not in stolen.text
    assert stolen.status_code == 401
    assert "/api/chat/session" in stolen.json()["detail"]  # says how to get a token
    # With the attacker's own valid token, `sender` in the URL names nobody.
    mine = client.get(
        "/api/chat/history", params={"sender": VICTIM}, headers=as_visitor(client, "attacker")
    )
    assert mine.status_code == 200 and mine.json() == []
    # The victim, with their token, still reads their own.
    own = client.get("/api/chat/history", headers=as_visitor(client, VICTIM)).json()
    assert [m["text"] for m in own] == [SECRET_WORDS, f"echo: {SECRET_WORDS}"]


def test_the_victims_id_alone_does_not_write_as_them(client: TestClient) -> None:
    victim_talks(client)
    forged = client.post("/api/chat", json={"sender": VICTIM, "text": "cancel my order"})
    assert forged.status_code == 401
    with_own_token = client.post(
        "/api/chat",
        json={"sender": VICTIM, "text": "please delete my data"},
        headers=as_visitor(client, "attacker"),
    )
    assert with_own_token.status_code == 200  # the attacker talks, as themselves
    assert victims_texts(client) == [SECRET_WORDS, f"echo: {SECRET_WORDS}"]


def test_the_victims_id_alone_does_not_open_their_socket(client: TestClient) -> None:
    victim_talks(client)
    seen: list[Any] = []
    with (
        pytest.raises(WebSocketDisconnect) as closed,
        client.websocket_connect(f"/api/chat/socket?sender={VICTIM}") as ws,
    ):
        ws.send_json({"type": "message", "text": "it is me, send me everything"})
        for _ in range(3):  # bounded: before the fix these were the victim's messages
            seen.append(ws.receive_json())
    assert closed.value.code == 1008
    assert "ceo@victim.example" not in str(seen)
    assert victims_texts(client) == [SECRET_WORDS, f"echo: {SECRET_WORDS}"]


def test_the_socket_closes_1008_without_a_valid_auth_frame(client: TestClient) -> None:
    for first in (
        {"type": "message", "text": "hi"},
        {"type": "auth", "token": "v1.someone.forged-mac"},
        {"type": "auth", "token": token(client, VICTIM)[:-2] + "xx"},
        {"type": "auth"},
    ):
        with client.websocket_connect("/api/chat/socket") as ws:
            ws.send_json(first)
            with pytest.raises(WebSocketDisconnect) as closed:
                ws.receive_json()
            assert closed.value.code == 1008, first
            assert "/api/chat/session" in closed.value.reason or "token" in closed.value.reason


def test_a_silent_socket_is_closed_after_the_auth_timeout(client: TestClient) -> None:
    services_of(client.app.state).settings.visitor_socket_auth_seconds = 0.3
    with client.websocket_connect("/api/chat/socket") as ws:
        started = time.monotonic()
        with pytest.raises(WebSocketDisconnect) as closed:
            ws.receive_json()
    assert closed.value.code == 1008
    assert time.monotonic() - started < 5


def test_a_telegram_deep_link_with_the_raw_visitor_id_does_not_link(
    settings: Settings, engine: FakeEngine
) -> None:
    chat = 515151
    with telegram_in_webhook_mode(settings, engine) as (fake, hooked):
        victim_lead = victim_talks(hooked)
        post_update(
            hooked,
            message_update(fake.new_update_id(), chat, f"/start w-{VICTIM}"),
            secret_of(hooked),
        )
        fake.wait_for(lambda: fake.messages_to(chat))
        linked = lead_json(hooked, chat)
        assert linked["id"] != victim_lead
        assert [i["channel"] for i in linked["identities"]] == ["telegram"]
        assert [i["channel"] for i in lead(hooked, victim_lead)["identities"]] == ["web"]


def test_events_by_the_victims_id_do_not_score_them(client: TestClient) -> None:
    victim_lead = victim_talks(client)
    before = lead(client, victim_lead)["score"]
    answers = [
        client.post("/api/events", json={"sender": VICTIM, "type": kind})
        for kind in (
            "demo_request",
            "product_signup",
            "contact_form",
            "product_usage",
            "webinar_signup",
        )
    ]
    assert [a.status_code for a in answers] == [401] * 5
    for answer in answers:
        assert "lead_id" not in answer.text and "stage" not in answer.text
    # The attacker's own token does not reach the victim's lead either.
    mine = client.post(
        "/api/events",
        json={"sender": VICTIM, "type": "page_view", "properties": {"path": "/x"}},
        headers=as_visitor(client, "attacker"),
    )
    assert mine.status_code == 403
    after = lead(client, victim_lead)
    assert (after["score"], after["stage"]) == (before, lead(client, victim_lead)["stage"])
    assert after["events"] == []


def test_a_visitors_event_answer_discloses_no_lead_id_score_or_stage(client: TestClient) -> None:
    view = {"type": "page_view", "properties": {"path": "/pricing"}}
    answer = client.post("/api/events", json=view, headers=as_visitor(client, VICTIM))
    assert answer.status_code == 200, answer.text
    assert set(answer.json()) == {"type", "duplicate"}
    assert answer.json()["type"] == "pricing_page_view"  # page rules apply as before
    admin = client.post("/api/events", json={**view, "sender": VICTIM}, headers=ADMIN).json()
    assert {"lead_id", "score", "stage"} <= set(admin)  # the team keeps the full answer


def test_a_visitor_reports_page_views_only_and_cannot_hijack_an_idempotency_key(
    client: TestClient,
) -> None:
    high_value = client.post(
        "/api/events", json={"type": "demo_request"}, headers=as_visitor(client, "attacker")
    )
    assert high_value.status_code == 403  # only the team's backend reports a demo request
    # A key a visitor used does not swallow the team's later event with the same key.
    view = {"type": "page_view", "properties": {"path": "/"}, "idempotency_key": "crm-42"}
    client.post("/api/events", json=view, headers=as_visitor(client, "attacker"))
    victim_lead = victim_talks(client)
    crm = {"lead_id": victim_lead, "type": "demo_request", "idempotency_key": "crm-42"}
    answer = client.post("/api/events", json=crm, headers=ADMIN).json()
    assert (answer["duplicate"], answer["lead_id"]) == (False, victim_lead)


# ---------- sessions and link codes ----------


def test_a_session_is_a_random_server_made_id_and_a_signed_token(client: TestClient) -> None:
    first = client.post("/api/chat/session").json()
    second = client.post("/api/chat/session").json()
    assert first["visitor"] != second["visitor"]
    assert len(first["visitor"]) >= 22  # 128 random bits
    assert first["token"] != second["token"]
    own = client.post(
        "/api/chat", json={"text": "hello"}, headers={"X-Visitor-Token": first["token"]}
    )
    assert own.status_code == 200
    other = client.get("/api/chat/history", headers={"X-Visitor-Token": second["token"]})
    assert other.json() == []
    # Naming one's visitor id is for the team's backend only.
    named = client.post("/api/chat/session", json={"visitor": VICTIM})
    assert named.status_code == 403
    by_admin = client.post("/api/chat/session", json={"visitor": VICTIM}, headers=ADMIN)
    assert by_admin.json() == {"visitor": VICTIM, "token": token(client, VICTIM)}


def test_sessions_are_rate_limited_per_address_and_origin_checked(
    settings: Settings, engine: FakeEngine
) -> None:
    tight = settings.model_copy(
        update={
            "rate_limit_session_per_minute": 1,
            "rate_limit_session_burst": 3,
            "allowed_origins": "https://www.example.com",
        }
    )
    with TestClient(create_app(tight, [web], engine_transport=engine.transport)) as client:
        evil = {"Origin": "https://evil.example"}
        assert client.post("/api/chat/session", headers=evil).status_code == 403
        codes = [client.post("/api/chat/session").status_code for _ in range(5)]
        assert codes == [200, 200, 200, 429, 429]


def test_a_token_from_another_server_key_is_refused(client: TestClient) -> None:
    foreign = VisitorAuth("another-key", "another-link-key").tokens.token_for(VICTIM)
    answer = client.get("/api/chat/history", headers={"X-Visitor-Token": foreign})
    assert answer.status_code == 401
    assert "/api/chat/session" in answer.json()["detail"]


def test_a_link_code_links_only_its_visitor_and_only_for_minutes(
    settings: Settings, engine: FakeEngine
) -> None:
    chat, late, forger = 616161, 626262, 636363
    with telegram_in_webhook_mode(settings, engine) as (fake, hooked):
        victim_lead = victim_talks(hooked)
        assert hooked.post("/api/chat/link-code").status_code == 401
        answer = hooked.post("/api/chat/link-code", headers=as_visitor(hooked, VICTIM)).json()
        code = answer["code"]
        assert re.fullmatch(r"[A-Za-z0-9_-]{1,64}", code) and answer["expires_in"] > 0
        forged = code[:-4] + ("AAAA" if not code.endswith("AAAA") else "BBBB")
        post_update(
            hooked,
            message_update(fake.new_update_id(), forger, f"/start {forged}"),
            secret_of(hooked),
        )
        post_update(
            hooked, message_update(fake.new_update_id(), chat, f"/start {code}"), secret_of(hooked)
        )
        fake.wait_for(lambda: fake.messages_to(chat) and fake.messages_to(forger))
        assert lead_json(hooked, chat)["id"] == victim_lead
        assert lead_json(hooked, forger)["id"] != victim_lead
        # An expired code links nothing.
        links: LinkCodes = VisitorAuth.from_settings(services_of(hooked.app.state).settings).links  # type: ignore[attr-defined]
        identity_id = links.identity_of(code)
        assert identity_id is not None
        expired = links.code_for(identity_id, now=time.time() - links.ttl - 1)
        post_update(
            hooked,
            message_update(fake.new_update_id(), late, f"/start {expired}"),
            secret_of(hooked),
        )
        fake.wait_for(lambda: fake.messages_to(late))
        assert lead_json(hooked, late)["id"] != victim_lead


def test_a_link_code_links_once(settings: Settings, engine: FakeEngine) -> None:
    """A code seen over a shoulder, or left in a shared chat, is spent once used: a second
    Telegram chat starting with it within its minutes gets a chat of its own."""
    owner, thief = 646464, 656565
    with telegram_in_webhook_mode(settings, engine) as (fake, hooked):
        victim_lead = victim_talks(hooked)
        code = hooked.post("/api/chat/link-code", headers=as_visitor(hooked, VICTIM)).json()["code"]
        for chat in (owner, thief, owner):
            post_update(
                hooked,
                message_update(fake.new_update_id(), chat, f"/start {code}"),
                secret_of(hooked),
            )
        fake.wait_for(lambda: len(fake.messages_to(owner)) >= 2 and fake.messages_to(thief))
        assert lead_json(hooked, owner)["id"] == victim_lead
        assert lead_json(hooked, thief)["id"] != victim_lead
        assert [i["channel"] for i in lead_json(hooked, thief)["identities"]] == ["telegram"]


def test_the_widget_shows_no_visitor_id_and_puts_none_in_urls() -> None:
    js = WIDGET.read_text()
    assert "data-visitor" not in js
    assert "sender=" not in js
    assert "Math.random().toString(36)" not in js  # ids are the server's, not the browser's
    assert "X-Visitor-Token" in js


# ---------- bad input that answered 500 or dropped the socket (item 8) ----------


def test_a_huge_history_cursor_is_a_422_not_a_500(client: TestClient) -> None:
    victim_talks(client)
    for after in (2**63, 2**31):
        answer = client.get(
            "/api/chat/history", params={"after": after}, headers=as_visitor(client, VICTIM)
        )
        assert answer.status_code == 422, (after, answer.text)
        assert "after" in answer.json()["error"]


def test_an_event_for_a_huge_lead_id_is_a_422_not_a_500(client: TestClient) -> None:
    for lead_id in (2**63, 2**31):
        body = {"lead_id": lead_id, "type": "demo_request"}
        answer = client.post("/api/events", json=body, headers=ADMIN)
        assert answer.status_code == 422, (lead_id, answer.text)
        assert "lead_id" in answer.json()["error"]


@pytest.mark.parametrize("after", [1e20, "1e20", "soon", -1, 2**63, True])
def test_a_bad_socket_cursor_closes_with_1008(client: TestClient, after: object) -> None:
    with (
        pytest.raises(WebSocketDisconnect) as closed,
        client.websocket_connect(f"/api/chat/socket?after={after}") as ws,
    ):
        ws.send_json({"type": "auth", "token": token(client, VICTIM), "after": after})
        ws.receive_json()
    assert closed.value.code == 1008
    assert "after" in closed.value.reason


# ---------- against the real assistant ----------


@pytest.mark.integration
def test_the_running_assistant_refuses_the_id_alone(assistant: Assistant) -> None:
    victim = assistant.chat("it-victim-7f3a", "Hello, I work at Victimcorp")
    stolen = httpx.get(f"{assistant.url}/api/chat/history", params={"sender": "it-victim-7f3a"})
    assert stolen.status_code == 401 and "Victimcorp" not in stolen.text
    assert "/api/chat/session" in stolen.json()["detail"]
    forged = httpx.post(
        f"{assistant.url}/api/chat",
        timeout=30,
        json={"sender": "it-victim-7f3a", "text": "delete everything"},
    )
    assert forged.status_code == 401
    events = [
        httpx.post(f"{assistant.url}/api/events", json={"sender": "it-victim-7f3a", "type": t})
        for t in ("demo_request", "product_signup", "contact_form", "product_usage")
    ]
    assert [e.status_code for e in events] == [401] * 4
    lead = httpx.get(
        f"{assistant.url}/api/leads/{victim['lead_id']}",
        headers={"Authorization": f"Bearer {IT_ADMIN_TOKEN}"},
    ).json()
    assert lead["events"] == [] and lead["stage"] != "sdr_ready"
    # A real browser's session works end to end, with its token only in a header.
    session = httpx.post(f"{assistant.url}/api/chat/session").json()
    mine = httpx.post(
        f"{assistant.url}/api/chat",
        json={"text": "hi"},
        timeout=30,
        headers={"X-Visitor-Token": session["token"]},
    )
    assert mine.status_code == 200 and mine.json()["messages"]


@pytest.mark.integration
def test_the_running_assistant_answers_bad_numbers_with_422_and_1008(
    assistant: Assistant,
) -> None:
    """On PostgreSQL an INTEGER id is 32-bit: 2**31 overflowed there, 2**63 on SQLite."""
    visitor = assistant.visitor("it-numbers")
    admin = {"Authorization": f"Bearer {IT_ADMIN_TOKEN}"}
    for big in (2**31, 2**63):
        history = httpx.get(
            f"{assistant.url}/api/chat/history", params={"after": big}, headers=visitor
        )
        assert history.status_code == 422, history.text
        event = httpx.post(
            f"{assistant.url}/api/events",
            headers=admin,
            json={"lead_id": big, "type": "demo_request"},
        )
        assert event.status_code == 422, event.text
    socket_url = assistant.url.replace("http://", "ws://") + "/api/chat/socket?after=1e20"

    async def bad_cursor() -> tuple[int | None, str | None]:
        async with websockets.connect(socket_url) as ws:
            token = visitor["X-Visitor-Token"]
            await ws.send(json.dumps({"type": "auth", "token": token, "after": 1e20}))
            with pytest.raises(websockets.ConnectionClosed):
                await asyncio.wait_for(ws.recv(), 10)
            return ws.close_code, ws.close_reason

    code, reason = asyncio.run(bad_cursor())
    assert code == 1008 and reason and "after" in reason
