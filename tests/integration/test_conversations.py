"""Real conversations through /api/chat: real engine, real model, real actions, real database."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from typing import Any

import pytest

from nlu.language import detect
from tests.assistant import ADMIN_TOKEN, Assistant, alive

pytestmark = pytest.mark.integration


def texts(reply: dict[str, Any]) -> list[str]:
    return [m["text"] for m in reply["messages"]]


def test_a_french_conversation_is_answered_in_french_and_stored(assistant: Assistant) -> None:
    turns = [
        ("Bonjour !", "Bonjour"),
        ("qu'est-ce que vous savez faire ?", "Je peux répondre"),
        ("oui", "Dites-moi ce que vous aimeriez savoir"),
        ("merci beaucoup", "Avec plaisir"),
        ("au revoir", "Au revoir"),
    ]
    replies = [assistant.chat("fr-visitor", text) for text, _ in turns]

    for (text, expected), reply in zip(turns, replies, strict=True):
        assert reply["language"] == "fr", text
        assert any(expected in t for t in texts(reply)), (text, texts(reply))
        assert all(detect(t).language == "fr" for t in texts(reply))

    lead = assistant.lead(replies[0]["lead_id"])
    (conversation,) = lead["conversations"]  # type: ignore[misc]
    transcript = [(m["author"], m["text"]) for m in conversation["messages"]]
    assert [t for a, t in transcript if a == "prospect"] == [t for t, _ in turns]
    assert len([a for a, _ in transcript if a == "bot"]) == len(turns)
    assert lead["language"] == "fr"


def test_an_english_conversation_is_answered_in_english(assistant: Assistant) -> None:
    greet = assistant.chat("en-visitor", "hello there")
    assert greet["language"] == "en"
    assert texts(greet)[0].startswith("Hello!")
    assert [b["payload"] for b in greet["messages"][0]["buttons"]] == [
        "/bot_capabilities",
        "/request_human",
    ]
    # A quick-reply button's payload goes through the same API.
    capabilities = assistant.chat("en-visitor", "/bot_capabilities")
    assert texts(capabilities)[0].startswith("I can answer")
    decline = assistant.chat("en-visitor", "no thanks")
    assert texts(decline) == ["No problem. I'm here if you have any question."]
    assert assistant.chat("en-visitor", "are you a bot?")["messages"][0]["text"].startswith(
        "I'm an automated assistant"
    )


def test_the_reply_language_follows_the_prospect(assistant: Assistant) -> None:
    assert texts(assistant.chat("switcher", "hello"))[0].startswith("Hello")
    assert texts(assistant.chat("switcher", "bonjour, je préfère le français"))[0].startswith(
        "Bonjour"
    )
    # "ok" carries no language: the conversation stays in French.
    assert assistant.chat("switcher", "ok")["language"] == "fr"


def test_a_person_can_be_requested_in_both_languages(assistant: Assistant) -> None:
    fr = assistant.chat("human-fr", "je voudrais parler à un commercial")
    en = assistant.chat("human-en", "can I talk to a real person?")
    assert "une personne de notre équipe" in texts(fr)[0]
    assert "a person from our team" in texts(en)[0]


def test_nonsense_is_met_with_a_request_to_rephrase(assistant: Assistant) -> None:
    reply = texts(assistant.chat("nonsense", "qwertyuiop asdf"))[0]
    assert reply.startswith("I'm not sure I understood")


def test_out_of_scope_gets_an_honest_answer(assistant: Assistant) -> None:
    assert texts(assistant.chat("oos", "what's the weather like today?"))[0].startswith(
        "Sorry, I can't help with that"
    )
    out_of_scope_fr = texts(assistant.chat("oos-fr", "quel temps fait-il à Paris ?"))[0]
    assert out_of_scope_fr.startswith("Désolé, je ne peux pas vous aider")
    # read as out of scope, unsure (0.4): a question the library answers
    tyres = " ".join(texts(assistant.chat("oos-tyres", "can we kick the tyres first?")))
    assert "free trial" in tyres


def listening_addresses(port: int) -> set[str]:
    """Local addresses with a TCP socket listening on `port`, read from /proc/net."""
    found = set()
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        with open(table) as f:
            for line in f.readlines()[1:]:
                local, state = line.split()[1], line.split()[3]
                address, port_hex = local.rsplit(":", 1)
                if state == "0A" and int(port_hex, 16) == port:
                    found.add(address)
    return found


def test_the_engine_listens_on_loopback_only(assistant: Assistant) -> None:
    port = int(assistant.engine_url.rsplit(":", 1)[1])
    assert listening_addresses(port) == {"0100007F"}  # 127.0.0.1, nothing else


def test_the_terminal_chat_talks_to_the_running_assistant(assistant: Assistant) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "bot.cli", "chat", "--url", assistant.url, "--sender", "tty"],
        env={**os.environ, "ADMIN_TOKEN": ADMIN_TOKEN},  # --sender names the visitor: admin
        input="bonjour\n1\n/quit\n",
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    assert "bot> Bonjour ! Je suis l'assistant d'Orbitly" in result.stdout
    assert "[1] Ce que vous savez faire" in result.stdout
    # "1" picked the first button, whose payload asks what the bot can do.
    assert "bot> Je peux répondre à vos questions" in result.stdout


@pytest.mark.shutdown
def test_ctrl_c_stops_engine_and_app_with_nothing_left_behind(assistant: Assistant) -> None:
    children = list(assistant.children)
    assert len(children) == 2  # engine and app
    assistant.process.send_signal(signal.SIGINT)
    assistant.process.wait(timeout=60)
    deadline = time.monotonic() + 10
    while any(alive(pid) for pid in children) and time.monotonic() < deadline:
        time.sleep(0.2)
    assert [pid for pid in children if alive(pid)] == []
    assert assistant.process.returncode == 0
    assert "Engine and app stopped." in assistant.output.read_text()
