"""Issue 13 #4: a message that arrives while the engine is starting or down is answered when
it is back (replayed in order, once, even with two workers), or handed to a person when the
engine stays away; the immediate reply promises only that.

Unit level: the app with a fake engine, messages through the conversation service (the path
every channel takes). Integration level (`fault`): the real engine killed and restarted by
`prospect run`, the answer seen in the widget's history and sent on Telegram."""

from __future__ import annotations

import os
import signal
import time
from collections.abc import Callable, Iterator
from typing import Any

import httpx
import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select

from bot.app import create_app
from bot.conversations import replies
from bot.conversations.messages import ChatResult, InboundMessage
from bot.db.models import Direction, Handoff, Message
from bot.services import services_of
from bot.settings import Settings
from channels.web import plugin as web
from tests.assistant import ADMIN_TOKEN, Assistant
from tests.fakes.telegram_api import FakeTelegram, message_update
from tests.unit.fake_engine import FakeEngine


@pytest.fixture
def engine() -> FakeEngine:
    return FakeEngine(down=True)


def backlog_settings(settings: Settings, **extra: Any) -> Settings:
    return settings.model_copy(update={"outbox_poll_seconds": 0.05, **extra})


@pytest.fixture
def client(settings: Settings, engine: FakeEngine) -> Iterator[TestClient]:
    app = create_app(backlog_settings(settings), channels=[web], engine_transport=engine.transport)
    with TestClient(app) as c:
        yield c


def say(client: TestClient, text: str, sender: str = "visitor-backlog") -> ChatResult:
    async def handle() -> ChatResult:
        inbound = InboundMessage(channel="web", external_id=sender, text=text)
        return await services_of(client.app.state).conversations.handle(inbound)  # type: ignore[attr-defined]

    assert client.portal is not None
    return client.portal.call(handle)


def rows(client: TestClient, query: Any) -> list[Any]:
    async def run() -> list[Any]:
        async with services_of(client.app.state).sessions() as session:  # type: ignore[attr-defined]
            return list((await session.execute(query)).all())

    assert client.portal is not None
    return client.portal.call(run)


def transcript(client: TestClient) -> list[tuple[str, str, str]]:
    """(direction, text, status) of every stored message, in order."""
    query = select(Message.direction, Message.text, Message.status).order_by(Message.id)
    return [(d, t, s) for d, t, s in rows(client, query)]


def eventually(check: Callable[[], None], timeout: float = 15.0) -> None:
    deadline = time.monotonic() + timeout
    while True:
        try:
            check()
            return
        except AssertionError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.05)


def sent_to_engine(engine: FakeEngine) -> list[str]:
    return [p["message"] for p in engine.received]


def test_messages_sent_while_the_engine_is_down_are_answered_in_order_once_it_is_back(
    client: TestClient, engine: FakeEngine
) -> None:
    said = ["Hello, anyone there?", "We are 40 people", "What does it cost?"]
    for text in said:
        result = say(client, text)
        # The reply promises what happens, not a person.
        assert [m.text for m in result.messages] == [replies.engine_unavailable("en")]
    assert "person" not in replies.engine_unavailable("en")
    assert "personne" not in replies.engine_unavailable("fr")
    assert [s for d, _, s in transcript(client) if d == Direction.INBOUND] == [
        "engine_unavailable"
    ] * 3

    engine.down = False

    def answered() -> None:
        inbound = [(t, s) for d, t, s in transcript(client) if d == Direction.INBOUND]
        assert inbound == [(t, "answered") for t in said]

    eventually(answered)
    time.sleep(0.5)  # time for a wrong second replay to show
    assert sent_to_engine(engine) == said  # each once, in order
    texts = [t for _, t, _ in transcript(client)]
    for text in said:  # each answer follows its question in the conversation
        assert texts.index(f"echo: {text}") > texts.index(text)
    assert engine.received[0]["sender"].startswith("conversation-")
    assert engine.received[0]["metadata"]["channel"] == "web"


def test_a_new_message_does_not_overtake_the_waiting_ones(
    client: TestClient, engine: FakeEngine
) -> None:
    say(client, "first")
    say(client, "second")
    engine.down = False
    # The relay retries every few seconds; this message comes before it has: it is queued
    # behind the two and answered after them, and its sender still gets its own answer.
    result = say(client, "third")
    assert [m.text for m in result.messages] == ["echo: third"]
    assert sent_to_engine(engine) == ["first", "second", "third"]


def test_the_engine_away_too_long_opens_a_handoff_and_only_then_promises_a_person(
    settings: Settings, engine: FakeEngine
) -> None:
    app = create_app(
        backlog_settings(settings, engine_backlog_handoff_minutes=1 / 60),  # one second
        channels=[web],
        engine_transport=engine.transport,
    )
    with TestClient(app) as client:
        say(client, "Bonjour, vous êtes là ?")
        person = replies.engine_handed_over("fr")
        assert person not in [t for _, t, _ in transcript(client)]

        def handed_over() -> None:
            handoffs = rows(client, select(Handoff.reason, Handoff.status))
            assert handoffs == [("engine_down", "open")]
            assert [t for _, t, _ in transcript(client)].count(person) == 1

        eventually(handed_over)
        time.sleep(3)  # retries go on: still one handoff, one promise
        handed_over()
        engine.down = False
        eventually(
            lambda: (
                None
                if "echo: Bonjour, vous êtes là ?" in [t for _, t, _ in transcript(client)]
                else (_ for _ in ()).throw(AssertionError("not answered yet"))
            )
        )


def test_two_workers_replay_each_message_once(settings: Settings, engine: FakeEngine) -> None:
    """Two apps on one database, each with its relay, as two workers are."""
    s = backlog_settings(settings)
    one = TestClient(create_app(s, channels=[web], engine_transport=engine.transport))
    two = TestClient(create_app(s, channels=[web], engine_transport=engine.transport))
    with one, two:
        for i in range(5):
            say(one if i % 2 else two, f"message {i}", sender=f"visitor-{i % 2}")
            say(two if i % 2 else one, f"again {i}", sender=f"visitor-{i % 2}")
        engine.down = False

        def all_answered() -> None:
            statuses = [s for d, _, s in transcript(one) if d == Direction.INBOUND]
            assert statuses == ["answered"] * 10

        eventually(all_answered)
        time.sleep(0.5)
    received = sent_to_engine(engine)
    assert sorted(received) == sorted(
        [f"message {i}" for i in range(5)] + [f"again {i}" for i in range(5)]
    )
    for visitor in (0, 1):  # each conversation in the order its messages were written
        mine = [m for m in received if int(m.split()[-1]) % 2 == visitor]
        assert mine == [
            f"{w} {i}" for i in range(5) if i % 2 == visitor for w in ("message", "again")
        ]


# --- the real engine ---------------------------------------------------------------------

ADMIN = {"Authorization": f"Bearer {ADMIN_TOKEN}"}


def until(check: Callable[[], Any], timeout: float, what: str) -> Any:
    deadline = time.monotonic() + timeout
    while True:
        try:
            result = check()
            if result:
                return result
        except (httpx.HTTPError, ValueError, KeyError, AssertionError):
            pass
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out waiting for {what}")
        time.sleep(0.25)


def engine_up(assistant: Assistant) -> bool:
    return bool(httpx.get(f"{assistant.url}/health", timeout=3).json().get("engine") == "up")


def kill_engine(assistant: Assistant) -> None:
    """SIGKILL the engine's process group (`prospect run` restarts it), found by its port."""
    port = httpx.URL(assistant.engine_url).port
    for pid in os.listdir("/proc"):
        if not pid.isdigit():
            continue
        try:
            args = open(f"/proc/{pid}/cmdline", "rb").read().split(b"\0")  # noqa: SIM115
        except OSError:
            continue
        if b"rasa" in b" ".join(args) and str(port).encode() in args:
            os.killpg(int(pid), signal.SIGKILL)
            return
    raise AssertionError(f"no engine process listening on port {port}")


def messages_of(assistant: Assistant, lead_id: object) -> list[dict[str, Any]]:
    lead = assistant.lead(lead_id)
    return [m for c in lead["conversations"] for m in c["messages"]]  # type: ignore[attr-defined]


@pytest.mark.integration
@pytest.mark.fault
def test_the_real_engine_restarted_answers_what_it_missed_in_history_and_on_telegram(
    assistant: Assistant, telegram: FakeTelegram
) -> None:
    web_sender = "backlog-web"
    lead_id = assistant.chat(web_sender, "Hello")["lead_id"]
    chat = 4_242_001

    def to_chat() -> list[str]:
        return [str(m.get("text")) for m in telegram.messages_to(chat)]

    telegram.queue(message_update(telegram.new_update_id(), chat, "Hello", message_id=1))
    telegram.wait_for(lambda: to_chat(), timeout=60)

    kill_engine(assistant)
    until(lambda: not engine_up(assistant), 30, "the app to see the engine down")
    during = "CTO at Acme, 200 people, budget 50k per year"
    reply = assistant.chat(web_sender, during)
    notice = replies.engine_unavailable("en")
    assert [m["text"] for m in reply["messages"]] == [notice]  # type: ignore[attr-defined]
    telegram.queue(
        message_update(telegram.new_update_id(), chat, "How much does Orbitly cost?", message_id=2)
    )
    telegram.wait_for(lambda: notice in to_chat(), timeout=60)

    until(lambda: engine_up(assistant), 240, "`prospect run` to restart the engine")

    def answered_in_history() -> bool:
        messages = messages_of(assistant, lead_id)
        asked = next(i for i, m in enumerate(messages) if m["text"] == during)
        after = [m for m in messages[asked + 1 :] if m["author"] == "bot"]
        return messages[asked]["status"] == "answered" and bool(after)

    until(answered_in_history, 60, "the web message to be answered")
    # Its facts reached the lead through the engine's custom action, as for any message.
    profile = assistant.lead(lead_id)["profile"]
    assert (profile["role"], profile["company"], profile["company_size"]) == (  # type: ignore[index]
        "decision_maker",
        "Acme",
        200,
    )
    # The Telegram one is answered on Telegram: the outbox pushes the replayed answer.
    notice_at = to_chat().index(notice)
    telegram.wait_for(lambda: len(to_chat()) > notice_at + 1, timeout=60)
    time.sleep(3)  # time for a wrong second replay to show
    texts = [m["text"] for m in messages_of(assistant, lead_id)]
    assert texts.count(during) == 1
    assert to_chat().count(notice) == 1
