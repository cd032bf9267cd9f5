"""Hostile input: oversized bodies, malformed Unicode, NUL bytes, deep JSON, a flood from one
visitor. Each gets a clear 4xx, nothing is half-stored, and the app stays up for others."""

from __future__ import annotations

import time
from collections import Counter
from collections.abc import Iterator
from typing import Any

import pytest
from fastapi.testclient import TestClient

from bot.app import create_app
from bot.settings import Settings
from channels.web import plugin as web
from tests.conftest import ADMIN_TOKEN
from tests.unit.fake_engine import FakeEngine
from tests.unit.visitors import as_visitor, visitor_socket

JSON = {"content-type": "application/json"}


class ClientAddressFromHeader:
    """Test-only ASGI wrapper: the peer address from an `x-test-peer` header, so one
    TestClient can play visitors on different IP addresses."""

    def __init__(self, app: Any) -> None:
        self.app = app

    async def __call__(self, scope: Any, receive: Any, send: Any) -> None:
        if scope["type"] in {"http", "websocket"}:
            peer = dict(scope["headers"]).get(b"x-test-peer")
            if peer:
                scope = {**scope, "client": (peer.decode(), 40000)}
        await self.app(scope, receive, send)


@pytest.fixture
def client(settings: Settings) -> Iterator[TestClient]:
    app = create_app(settings, [web], engine_transport=FakeEngine().transport)
    with TestClient(ClientAddressFromHeader(app)) as c:
        c.app_state = app.state  # type: ignore[attr-defined]
        yield c


def stored_messages(client: TestClient) -> int:
    leads = client.get("/api/leads", headers={"Authorization": f"Bearer {ADMIN_TOKEN}"}).json()
    total = 0
    for lead in leads:
        full = client.get(
            f"/api/leads/{lead['id']}", headers={"Authorization": f"Bearer {ADMIN_TOKEN}"}
        ).json()
        total += sum(len(c["messages"]) for c in full["conversations"])
    return total


def test_an_oversized_body_is_refused_before_it_is_read(client: TestClient) -> None:
    huge = b'{"text": "' + b"x" * 2_000_000 + b'"}'
    response = client.post("/api/chat", content=huge, headers=JSON)
    assert response.status_code == 413 and "over 1000000 bytes" in response.json()["error"]

    def chunks() -> Iterator[bytes]:  # no Content-Length: counted as it streams
        yield b'{"text": "'
        for _ in range(30):
            yield b"y" * 100_000
        yield b'"}'

    assert client.post("/api/chat", content=chunks(), headers=JSON).status_code == 413
    assert stored_messages(client) == 0


@pytest.mark.parametrize(
    ("body", "code"),
    [
        (b'{"text": "caf\xe9"}', 400),  # Latin-1, not UTF-8
        (b'{"text": "\\ud800 lone surrogate"}', 422),
        (b'{"text": "nul \\u0000 inside"}', 422),
        (b'{"text": "hi", "metadata": {"k": "\\u0000"}}', 422),
        (b'{"text": "hi", "metadata": ' + b'{"a": ' * 50 + b"1" + b"}" * 51, 422),
        (
            b'{"text": "hi", "metadata": ' + b"[" * 100_000 + b"]" * 100_000 + b"}",
            400,
        ),
        (b"\xff\xfe\x00{", 400),
    ],
)
def test_malformed_text_is_refused_clearly_and_nothing_is_stored(
    client: TestClient, body: bytes, code: int
) -> None:
    response = client.post("/api/chat", content=body, headers={**JSON, **as_visitor(client, "v")})
    assert response.status_code == code, response.text
    body = response.json()
    assert body.get("error") or body.get("detail")
    assert stored_messages(client) == 0


def test_events_refuse_the_same_input(client: TestClient) -> None:
    visitor = {**JSON, **as_visitor(client, "v")}
    bad = b'{"type": "page_view", "properties": {"path": "/x\\u0000"}}'
    assert client.post("/api/events", content=bad, headers=visitor).status_code == 422
    surrogate = b'{"sender": "\\udfff", "type": "page_view"}'
    assert client.post("/api/events", content=surrogate, headers=visitor).status_code == 422


def test_the_socket_refuses_bad_frames_and_stays_open(client: TestClient) -> None:
    with visitor_socket(client, "v") as ws:
        ws.send_text("[" * 100_000 + "]" * 100_000)
        assert ws.receive_json()["type"] == "error"
        ws.send_text('{"type": "message", "text": "nul \\u0000"}')
        assert "NUL" in ws.receive_json()["error"]
        ws.send_json({"type": "message", "text": "fine"})
        assert ws.receive_json() == {"type": "typing"}


def test_a_flood_of_10000_messages_from_one_visitor_is_limited_and_others_are_served(
    client: TestClient,
) -> None:
    started = time.monotonic()
    codes: Counter[int] = Counter()
    flood = {"x-test-peer": "203.0.113.7", **as_visitor(client, "flood")}
    for i in range(10_000):
        body = {"text": f"m{i}"}
        codes[client.post("/api/chat", json=body, headers=flood).status_code] += 1
    elapsed = time.monotonic() - started
    # The visitor's burst (20) and what refills during the flood get through; the rest are
    # 429s (the visitor's bucket, then the address's).
    assert codes[200] < 60 and codes[429] == 10_000 - codes[200], codes
    calm = {"x-test-peer": "198.51.100.4", **as_visitor(client, "calm")}
    reply = client.post("/api/chat", json={"text": "hi"}, headers=calm)
    assert reply.status_code == 200
    assert client.get("/health").status_code == 200
    assert elapsed < 120


def test_the_engine_is_told_which_messages_are_noise() -> None:
    from bot.conversations.service import engine_metadata

    assert engine_metadata("web", "en", 7, "qwertyuiop asdf")["noise"] is True
    assert engine_metadata("web", "en", 7, "<img src=x onerror=alert(1)>")["noise"] is True
    assert engine_metadata("web", "fr", 7, "on a besoin de scoring")["noise"] is False
    assert engine_metadata("web", "en", 7, "👍")["noise"] is False  # a yes, to a yes/no
    assert engine_metadata("web", "en", 7, "budget 10k, onboarding = asap")["noise"] is False
    assert engine_metadata("web", "en", None, "Brightwave") == {
        "channel": "web",
        "language": "en",
        "lead_id": None,
        "noise": False,
    }
