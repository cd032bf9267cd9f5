"""Faults with real processes: the engine killed mid-conversation, PostgreSQL restarted, the
Slack API failing for a minute, the app killed with undelivered cards. These run after the
other integration tests (marker `fault`) on the shared assistant, which `prospect run`
supervises: a crashed engine or app is restarted."""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import httpx
import pytest

from bot.conversations import replies
from tests.assistant import ADMIN_TOKEN, Assistant, child_pids
from tests.fakes.slack_api import FakeSlack

pytestmark = [pytest.mark.integration, pytest.mark.fault]
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


def child(assistant: Assistant, needle: str) -> int:
    # The whole command line from /proc: `ps -o args=` cuts it at 80 columns when not on a
    # terminal, and from a clone at a long path the needle is past the cut.
    commands = {pid: command_line(pid) for pid in child_pids(assistant.process.pid)}
    pids = [pid for pid, command in commands.items() if needle in command]
    assert pids, f"no child of `prospect run` running {needle!r}: {commands}"
    return pids[0]


def command_line(pid: int) -> str:
    try:
        return Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ").decode()
    except FileNotFoundError:  # exited meanwhile
        return ""


def engine_up(assistant: Assistant) -> bool:
    return bool(httpx.get(f"{assistant.url}/health", timeout=3).json().get("engine") == "up")


def inbound(assistant: Assistant, sender: str) -> list[str]:
    found = httpx.get(
        f"{assistant.url}/api/leads",
        headers=ADMIN,
        params={"channel": "web", "external_id": sender},
    ).json()
    if not found:
        return []
    lead = assistant.lead(found[0]["id"])
    return [
        m["text"]
        for c in lead["conversations"]
        for m in c["messages"]
        if m["direction"] == "inbound"
    ]


def test_the_engine_killed_mid_conversation(assistant: Assistant) -> None:
    senders = {f"fault-engine-{lang}-{i}": lang for i in range(3) for lang in ("fr", "en")}
    first = {"fr": "Bonjour", "en": "Hello"}
    during = {"fr": "Combien coûte Orbitly ?", "en": "How much does Orbitly cost?"}
    after = {"fr": "Merci beaucoup", "en": "Thanks a lot"}
    for sender, lang in senders.items():
        assistant.chat(sender, first[lang])

    engine = child(assistant, "rasa")
    os.killpg(engine, signal.SIGKILL)  # in the middle of the conversations
    until(lambda: not engine_up(assistant), 30, "the app to see the engine down")
    answers: dict[str, Any] = {}

    def talk(sender: str, lang: str) -> None:
        answers[sender] = assistant.chat(sender, during[lang])

    threads = [threading.Thread(target=talk, args=item) for item in senders.items()]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    for sender, lang in senders.items():  # a polite answer in their language, not an error
        assert [m["text"] for m in answers[sender]["messages"]] == [
            replies.engine_unavailable(lang)
        ]

    until(lambda: engine_up(assistant), 240, "`prospect run` to restart the engine")
    for sender, lang in senders.items():
        texts = [m["text"] for m in assistant.chat(sender, after[lang])["messages"]]
        assert texts and replies.engine_unavailable(lang) not in texts
    # Count in = count stored.
    for sender, lang in senders.items():
        assert inbound(assistant, sender) == [first[lang], during[lang], after[lang]]


PG_CLUSTER = shutil.which("pg_ctlcluster")


@pytest.mark.skipif(PG_CLUSTER is None, reason="pg_ctlcluster is not installed")
def test_postgresql_restarted(assistant: Assistant) -> None:
    if assistant.profile != "production":
        pytest.skip("the embedded profile has no database server to restart")
    clusters = subprocess.run(["pg_lsclusters", "-h"], capture_output=True, text=True).stdout
    version, name = clusters.split()[:2]
    assistant.chat("fault-pg-before", "Hello")
    subprocess.run([PG_CLUSTER, version, name, "stop", "-m", "fast"], check=True)
    try:
        during = httpx.post(
            f"{assistant.url}/api/chat",
            timeout=30,
            json={"text": "Hello"},
            headers=assistant.visitor("fault-pg-during"),
        )
        assert during.status_code == 503, during.text  # a clean, retryable refusal
        assert "try again" in during.json()["error"] and during.headers["Retry-After"]
        event = httpx.post(
            f"{assistant.url}/api/events",
            timeout=30,
            json={"type": "page_view"},
            headers=assistant.visitor("fault-pg-during"),
        )
        assert event.status_code == 503
    finally:
        subprocess.run([PG_CLUSTER, version, name, "start"], check=True)
    until(
        lambda: (
            httpx.post(
                f"{assistant.url}/api/chat",
                timeout=30,
                json={"text": "Hello"},
                headers=assistant.visitor("fault-pg-after"),
            ).status_code
            == 200
        ),
        60,
        "PostgreSQL",
    )
    assert inbound(assistant, "fault-pg-during") == []  # nothing half-written
    assert inbound(assistant, "fault-pg-before") == ["Hello"]
    assert inbound(assistant, "fault-pg-after") == ["Hello"]


def cards_for(slack: FakeSlack, lead_id: int) -> list[dict[str, Any]]:
    return [
        m
        for m in slack.posted(thread=False)
        if f"/console/leads/{lead_id}" in json.dumps(m.get("blocks"))
    ]


def ask_for_a_person(assistant: Assistant, sender: str) -> int:
    body = assistant.chat(sender, "I'd like to talk to a person please")
    return int(body["lead_id"])


def test_slack_failing_for_a_minute_delays_cards_but_delivers_each_once(
    assistant: Assistant, slack: FakeSlack
) -> None:
    slack.failing = 500
    leads = [ask_for_a_person(assistant, "fault-slack-a")]
    time.sleep(30)
    slack.failing = 429
    leads.append(ask_for_a_person(assistant, "fault-slack-b"))
    time.sleep(30)
    assert all(cards_for(slack, lead) == [] for lead in leads)
    slack.failing = None
    until(lambda: all(cards_for(slack, lead) for lead in leads), 60, "the cards after the outage")
    time.sleep(2)
    assert [len(cards_for(slack, lead)) for lead in leads] == [1, 1]


def test_the_app_killed_with_undelivered_cards_sends_them_once_after_restart(
    assistant: Assistant, slack: FakeSlack
) -> None:
    slack.failing = 500
    refused = sum(slack.refused.values())
    lead = ask_for_a_person(assistant, "fault-app-kill")
    until(lambda: sum(slack.refused.values()) > refused, 30, "the relay to try Slack")
    os.killpg(child(assistant, "bot.cli serve"), signal.SIGKILL)
    slack.failing = None
    until(
        lambda: httpx.get(f"{assistant.url}/health", timeout=3).status_code == 200,
        120,
        "`prospect run` to restart the app",
    )
    until(lambda: cards_for(slack, lead), 60, "the card after the restart")
    time.sleep(2)
    assert len(cards_for(slack, lead)) == 1
