"""Telegram with the real engine: the running assistant long-polls a local fake Bot API."""

from __future__ import annotations

import pytest

from tests.assistant import Assistant
from tests.fakes.telegram_api import FakeTelegram, callback_update, message_update

pytestmark = pytest.mark.integration


def test_a_french_prospect_on_telegram_gets_answers_and_buttons(
    assistant: Assistant, telegram: FakeTelegram
) -> None:
    chat = 5550001
    telegram.queue(message_update(telegram.new_update_id(), chat, "/start", language="fr"))
    telegram.wait_for(lambda: telegram.messages_to(chat), timeout=30)
    greeting = telegram.messages_to(chat)[0]
    assert greeting["text"].startswith("Bonjour ! Je suis l'assistant d'Orbitly")
    rows = greeting["reply_markup"]["inline_keyboard"]
    assert [row[0]["text"] for row in rows] == ["Ce que vous savez faire", "Parler à une personne"]

    telegram.queue(
        callback_update(telegram.new_update_id(), chat, rows[0][0]["callback_data"], language="fr")
    )
    telegram.wait_for(lambda: len(telegram.messages_to(chat)) >= 2, timeout=30)
    assert "Je peux répondre" in telegram.messages_to(chat)[1]["text"]

    before = len(telegram.messages_to(chat))
    telegram.queue(
        message_update(
            telegram.new_update_id(), chat, "Combien coûte Orbitly par mois ?", language="fr"
        )
    )
    telegram.wait_for(lambda: len(telegram.messages_to(chat)) > before, timeout=30)
    texts = [m["text"] for m in telegram.messages_to(chat)[before:]]
    assert any("€" in t or "Source :" in t for t in texts), texts
