"""The Telegram channel: the real python-telegram-bot client against a local fake Bot API
(`TELEGRAM_API_URL`), with a fake engine. Polling and webhook modes, the secret token,
inline buttons, deep links, duplicates, flood control, long messages, a blocked user."""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from fastapi.testclient import TestClient
from pydantic import SecretStr
from sqlalchemy import select

from bot.app import create_app
from bot.db.models import Consent, Identity, Lead, OutboxMessage, utcnow
from bot.db.nurture_models import NurtureOptOut
from bot.handoffs.service import open_handoff, rep_message
from bot.services import services_of
from bot.settings import Settings
from channels.telegram import plugin as telegram
from channels.telegram import webhook_secret
from channels.web import plugin as web
from tests.conftest import ADMIN_TOKEN
from tests.fakes.telegram_api import FakeTelegram, callback_update, message_update
from tests.unit.fake_engine import FakeEngine
from tests.unit.visitors import as_visitor

ADMIN = {"Authorization": f"Bearer {ADMIN_TOKEN}"}
HOOK = "https://assistant.example.com/telegram/webhook"
CHAT = 424242


@pytest.fixture
def fake() -> Iterator[FakeTelegram]:
    with FakeTelegram() as f:
        yield f


@pytest.fixture
def engine() -> FakeEngine:
    return FakeEngine()


def tg_settings(settings: Settings, fake: FakeTelegram, **extra: Any) -> Settings:
    return settings.model_copy(
        update={
            "telegram_bot_token": SecretStr(fake.token),
            "telegram_api_url": fake.url,
            "outbox_poll_seconds": 0.05,
            **extra,
        }
    )


def start(settings: Settings, engine: FakeEngine) -> TestClient:
    app = create_app(settings, [web, telegram], engine_transport=engine.transport)
    return TestClient(app)


@pytest.fixture
def polling(settings: Settings, fake: FakeTelegram, engine: FakeEngine) -> Iterator[TestClient]:
    with start(tg_settings(settings, fake), engine) as client:
        yield client


@pytest.fixture
def hooked(settings: Settings, fake: FakeTelegram, engine: FakeEngine) -> Iterator[TestClient]:
    with start(tg_settings(settings, fake, telegram_webhook_url=HOOK), engine) as client:
        yield client


def post_update(client: TestClient, update: dict[str, Any], secret: str | None) -> int:
    headers = {} if secret is None else {"X-Telegram-Bot-Api-Secret-Token": secret}
    return client.post("/telegram/webhook", json=update, headers=headers).status_code


def secret_of(client: TestClient) -> str:
    return webhook_secret(services_of(client.app.state).settings)  # type: ignore[attr-defined]


def db(client: TestClient, fn: Callable[[Any], Any]) -> Any:
    async def run() -> Any:
        async with services_of(client.app.state).sessions() as session, session.begin():  # type: ignore[attr-defined]
            return await fn(session)

    return client.portal.call(run)  # type: ignore[union-attr]


def identity(client: TestClient, chat: int = CHAT) -> Identity:
    async def get(session: Any) -> Identity:
        found: Identity = await session.scalar(
            select(Identity).where(
                Identity.channel == "telegram", Identity.external_id == str(chat)
            )
        )
        return found

    return db(client, get)  # type: ignore[no-any-return]


def lead_json(client: TestClient, chat: int = CHAT) -> dict[str, Any]:
    found = client.get(
        "/api/leads", params={"channel": "telegram", "external_id": str(chat)}, headers=ADMIN
    ).json()
    assert len(found) == 1, found
    body: dict[str, Any] = client.get(f"/api/leads/{found[0]['id']}", headers=ADMIN).json()
    return body


def transcript(client: TestClient, chat: int = CHAT) -> list[tuple[str, str, str]]:
    lead = lead_json(client, chat)
    return [
        (m["author"], m["text"], m["status"]) for c in lead["conversations"] for m in c["messages"]
    ]


def test_polling_mode_answers_a_message_and_stores_both(
    polling: TestClient, fake: FakeTelegram, engine: FakeEngine
) -> None:
    fake.queue(message_update(fake.new_update_id(), CHAT, "👋", language="fr-FR"))
    fake.wait_for(lambda: fake.messages_to(CHAT))
    (sent,) = fake.messages_to(CHAT)
    assert sent["text"] == "echo: 👋"
    (received,) = engine.received
    assert received["metadata"]["channel"] == "telegram"
    assert received["metadata"]["language"] == "fr"  # Telegram's language_code, first guess
    assert transcript(polling) == [
        ("prospect", "👋", "answered"),
        ("bot", "echo: 👋", "sent"),
    ]
    fake.queue(message_update(fake.new_update_id(), CHAT, "What does it cost?", language="fr"))
    fake.wait_for(lambda: len(engine.received) == 2)
    assert engine.received[1]["metadata"]["language"] == "en"  # then their words decide
    assert fake.count("deleteWebhook") == 1  # polling clears any webhook first
    assert fake.count("setMyCommands") == 2  # the menu in English and French


def test_webhook_mode_registers_its_secret_and_refuses_updates_without_it(
    hooked: TestClient, fake: FakeTelegram
) -> None:
    secret = secret_of(hooked)
    assert fake.webhook["url"] == HOOK and fake.webhook["secret_token"] == secret
    update = message_update(fake.new_update_id(), CHAT, "hi")
    assert post_update(hooked, update, None) == 403
    assert post_update(hooked, update, "not-the-secret") == 403
    assert fake.messages_to(CHAT) == []
    assert post_update(hooked, update, secret) == 200
    fake.wait_for(lambda: fake.messages_to(CHAT))
    header = {"X-Telegram-Bot-Api-Secret-Token": secret}
    assert hooked.post("/telegram/webhook", content=b"{not", headers=header).status_code == 400


def test_a_duplicate_update_is_processed_once(
    hooked: TestClient, fake: FakeTelegram, engine: FakeEngine
) -> None:
    update = message_update(fake.new_update_id(), CHAT, "only once")
    assert post_update(hooked, update, secret_of(hooked)) == 200
    assert post_update(hooked, update, secret_of(hooked)) == 200
    fake.wait_for(lambda: fake.messages_to(CHAT))
    time.sleep(0.3)
    assert len(engine.received) == 1
    assert len(fake.messages_to(CHAT)) == 1


def test_one_chats_messages_are_handled_in_order(
    polling: TestClient, fake: FakeTelegram, engine: FakeEngine
) -> None:
    engine.delay = 0.2
    for i in range(4):
        fake.queue(message_update(fake.new_update_id(), CHAT, f"m{i}", message_id=i + 1))
    fake.wait_for(lambda: len(fake.messages_to(CHAT)) == 4, timeout=15)
    assert [p["message"] for p in engine.received] == ["m0", "m1", "m2", "m3"]
    assert [m["text"] for m in fake.messages_to(CHAT)] == [f"echo: m{i}" for i in range(4)]


def test_buttons_become_an_inline_keyboard_and_a_press_goes_to_the_bot(
    hooked: TestClient, fake: FakeTelegram, engine: FakeEngine
) -> None:
    engine.replies = lambda p: [
        {"text": "Shall we?", "buttons": [{"title": "Yes please", "payload": "/affirm"}]}
    ]
    post_update(hooked, message_update(fake.new_update_id(), CHAT, "hi"), secret_of(hooked))
    fake.wait_for(lambda: fake.messages_to(CHAT))
    keyboard = fake.messages_to(CHAT)[0]["reply_markup"]["inline_keyboard"]
    assert [[b["text"] for b in row] for row in keyboard] == [["Yes please"]]
    data = keyboard[0][0]["callback_data"]

    post_update(hooked, callback_update(fake.new_update_id(), CHAT, data), secret_of(hooked))
    fake.wait_for(lambda: fake.count("answerCallbackQuery") == 1)
    assert engine.received[-1]["message"] == "/affirm"
    history = transcript(hooked)
    assert ("prospect", "/affirm", "answered") in history
    # Someone else's or a forged button is refused politely, not sent to the bot.
    post_update(hooked, callback_update(fake.new_update_id(), 999, data), secret_of(hooked))
    fake.wait_for(lambda: fake.messages_to(999))
    assert "expired" in fake.messages_to(999)[0]["text"]
    assert len(engine.received) == 2
    # Clients can send any callback data: an id no column holds is a forged button too.
    for n, forged in enumerate(["b:99999999999999999999:0", "b:1:99999999999999999999"]):
        post_update(hooked, callback_update(fake.new_update_id(), CHAT, forged), secret_of(hooked))
        fake.wait_for(lambda n=n: fake.count("answerCallbackQuery") == 3 + n)
    assert len(engine.received) == 2


def test_a_deep_link_from_the_website_merges_the_chat_into_the_visitors_lead(
    hooked: TestClient, fake: FakeTelegram, engine: FakeEngine
) -> None:
    web = as_visitor(hooked, "3f0c7d2e-web-visitor")
    web_lead = hooked.post("/api/chat", json={"text": "hi"}, headers=web).json()["lead_id"]
    code = hooked.post("/api/chat/link-code", headers=web).json()["code"]  # the page's link
    post_update(hooked, message_update(fake.new_update_id(), CHAT, "hello"), secret_of(hooked))
    post_update(
        hooked, message_update(fake.new_update_id(), CHAT, f"/start {code}"), secret_of(hooked)
    )
    fake.wait_for(lambda: len(fake.messages_to(CHAT)) == 2)
    assert engine.received[-1]["message"] == "/greet"
    lead = lead_json(hooked)
    assert lead["id"] == web_lead
    assert sorted(i["channel"] for i in lead["identities"]) == ["telegram", "web"]
    assert len(hooked.get("/api/leads", headers=ADMIN).json()) == 1  # never two leads


def test_flood_control_is_honoured_and_the_reply_is_sent_once(
    hooked: TestClient, fake: FakeTelegram
) -> None:
    fake.flood = 1
    post_update(hooked, message_update(fake.new_update_id(), CHAT, "hi"), secret_of(hooked))
    fake.wait_for(lambda: fake.messages_to(CHAT), timeout=15)
    time.sleep(0.3)
    assert len(fake.messages_to(CHAT)) == 1
    assert fake.count("sendMessage") == 2  # the 429, then the delivery

    def row(session: Any) -> Any:
        return session.scalar(select(OutboxMessage).where(OutboxMessage.kind == "telegram.send"))

    sent = db(hooked, row)
    assert (sent.status, sent.attempts) == ("sent", 2)


def test_replies_over_4096_characters_are_split(
    hooked: TestClient, fake: FakeTelegram, engine: FakeEngine
) -> None:
    paragraph = ("Orbitly scores every lead. " * 30).strip()
    long = "\n\n".join([paragraph] * 12)  # about 9,700 characters
    engine.replies = lambda p: [{"text": long}]
    post_update(
        hooked, message_update(fake.new_update_id(), CHAT, "tell me all"), secret_of(hooked)
    )
    fake.wait_for(lambda: len(fake.messages_to(CHAT)) >= 3)
    pieces = [m["text"] for m in fake.messages_to(CHAT)]
    assert len(pieces) == 3 and all(len(p) <= 4096 for p in pieces)
    assert "".join(pieces) == long


def test_a_user_who_blocked_the_bot_is_marked_unreachable_not_retried(
    hooked: TestClient, fake: FakeTelegram
) -> None:
    fake.blocked.add(CHAT)
    post_update(hooked, message_update(fake.new_update_id(), CHAT, "hi"), secret_of(hooked))
    fake.wait_for(lambda: identity(hooked).unreachable_at is not None)
    post_update(hooked, message_update(fake.new_update_id(), CHAT, "again"), secret_of(hooked))
    # Writing again makes them reachable; their block is lifted here too.
    fake.blocked.clear()
    fake.wait_for(lambda: fake.messages_to(CHAT))
    assert fake.count("sendMessage") == 2  # one refused, one delivered: no retry loop


def test_photos_stickers_and_edits_get_a_polite_answer_and_are_stored(
    hooked: TestClient, fake: FakeTelegram, engine: FakeEngine
) -> None:
    secret = secret_of(hooked)
    photo = [{"file_id": "PHOTO1", "file_unique_id": "u1", "width": 90, "height": 90}]
    post_update(hooked, message_update(fake.new_update_id(), CHAT, photo=photo), secret)
    sticker = {
        "file_id": "STK1",
        "file_unique_id": "u2",
        "width": 512,
        "height": 512,
        "is_animated": False,
        "is_video": False,
        "type": "regular",
    }
    post_update(hooked, message_update(fake.new_update_id(), CHAT, sticker=sticker), secret)
    edited = message_update(fake.new_update_id(), CHAT, "budget 50k")
    edited["edited_message"] = {**edited.pop("message"), "edit_date": int(time.time())}
    post_update(hooked, edited, secret)
    fake.wait_for(lambda: len(fake.messages_to(CHAT)) == 3)
    assert engine.received == []
    assert [m for m in transcript(hooked) if m[0] == "prospect"] == [
        ("prospect", "[photo]", "unsupported"),
        ("prospect", "[sticker]", "unsupported"),
        ("prospect", "[edited] budget 50k", "unsupported"),
    ]
    assert "only read text" in fake.messages_to(CHAT)[0]["text"]


def test_commands_stop_language_help_and_contact_sharing(
    hooked: TestClient, fake: FakeTelegram, engine: FakeEngine
) -> None:
    secret = secret_of(hooked)

    def send(update: dict[str, Any], replies: int) -> dict[str, Any]:
        post_update(hooked, update, secret)
        fake.wait_for(lambda: len(fake.messages_to(CHAT)) >= replies)
        return fake.messages_to(CHAT)[-1]

    send(message_update(fake.new_update_id(), CHAT, "/help"), 1)
    assert engine.received[-1]["message"] == "/bot_capabilities"

    asked = send(message_update(fake.new_update_id(), CHAT, "/language"), 2)
    choices = asked["reply_markup"]["inline_keyboard"]
    assert [row[0]["text"] for row in choices] == ["Français", "English"]
    answer = send(callback_update(fake.new_update_id(), CHAT, choices[0][0]["callback_data"]), 3)
    assert answer["text"].startswith("Très bien")
    assert lead_json(hooked)["language"] == "fr"

    ask = send(message_update(fake.new_update_id(), CHAT, "/contact"), 4)
    (button,) = ask["reply_markup"]["keyboard"][0]
    assert button["request_contact"] is True and button["text"] == "Partager mon numéro"
    contact = {"phone_number": "33 6 12 34 56 78", "first_name": "Ana", "user_id": CHAT}
    send(message_update(fake.new_update_id(), CHAT, contact=contact), 5)
    lead = lead_json(hooked)
    assert lead["profile"]["phone"] == "+33612345678"
    assert [(c["purpose"], c["granted"]) for c in lead["consents"]] == [("contact", True)]

    send(message_update(fake.new_update_id(), CHAT, "/stop"), 6)
    assert identity(hooked).opted_out_at is not None

    async def consents(session: Any) -> list[tuple[str, bool]]:
        return [tuple(r) for r in await session.execute(select(Consent.purpose, Consent.granted))]

    assert ("proactive_messages", False) in db(hooked, consents)

    async def opt_outs(session: Any) -> list[tuple[str, str]]:
        rows = await session.execute(select(NurtureOptOut.channel, NurtureOptOut.wording))
        return [tuple(r) for r in rows]

    assert db(hooked, opt_outs) == [("telegram", "/stop")]  # counted in the nurture stats


def test_a_reps_reply_from_slack_reaches_the_prospect_on_telegram(
    hooked: TestClient, fake: FakeTelegram
) -> None:
    post_update(hooked, message_update(fake.new_update_id(), CHAT, "hi"), secret_of(hooked))
    fake.wait_for(lambda: fake.messages_to(CHAT))
    lead_id = lead_json(hooked)["id"]

    async def takeover(session: Any) -> None:
        lead = await session.get(Lead, lead_id)
        handoff = await open_handoff(session, lead, reason="requested")
        await rep_message(
            session, handoff, user_id="U1", user_name="Marie", text="Bonjour !", now=utcnow()
        )

    db(hooked, takeover)
    fake.wait_for(lambda: len(fake.messages_to(CHAT)) == 2)
    assert fake.messages_to(CHAT)[-1]["text"] == "Marie: Bonjour !"
