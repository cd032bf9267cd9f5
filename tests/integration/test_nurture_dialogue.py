"""Nurturing with the real engine and the Telegram fake (test scenarios with waits of seconds,
tests/nurture/scenarios/): a download brings the follow-up after the wait, a reply stops the
sequence, "stop" in the widget opts the lead out on Telegram too, quiet hours in the
prospect's zone delay a step, and the app killed mid-sequence neither loses nor repeats one.

Each lead's zone comes with its download (`properties.time_zone`): one where it is the
middle of the day now, or the middle of the night for the quiet-hours test, so the tests
pass at any hour."""

from __future__ import annotations

import os
import signal
import time
from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any
from zoneinfo import ZoneInfo

import httpx
import pytest

from tests.assistant import ADMIN_TOKEN, Assistant
from tests.fakes.telegram_api import FakeTelegram, message_update
from tests.integration.test_faults import child

pytestmark = pytest.mark.integration
ADMIN = {"Authorization": f"Bearer {ADMIN_TOKEN}"}
CASE_STUDY = "Here is how one team put it into practice"
ONE, TWO = "Nurture step one", "Nurture step two"


def until(check: Callable[[], Any], timeout: float, what: str) -> Any:
    deadline = time.monotonic() + timeout
    while True:
        result = check()
        if result:
            return result
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out waiting for {what}")
        time.sleep(0.2)


def zone_at(hour: int) -> str:
    """A zone (Etc/GMT±N) where the local hour is now about `hour`."""
    now = datetime.now(UTC)
    for offset in range(-12, 15):
        name = f"Etc/GMT{-offset:+d}" if offset else "Etc/GMT"
        if now.astimezone(ZoneInfo(name)).hour == hour:
            return name
    raise AssertionError(f"no zone at {hour}h")


def telegram_lead(assistant: Assistant, telegram: FakeTelegram, chat: int) -> int:
    telegram.queue(message_update(telegram.new_update_id(), chat, "/start"))
    until(lambda: telegram.messages_to(chat), 30, "the greeting")
    return lead_of(assistant, "telegram", str(chat))


def lead_of(assistant: Assistant, channel: str, external_id: str) -> int:
    found = httpx.get(
        f"{assistant.url}/api/leads",
        headers=ADMIN,
        params={"channel": channel, "external_id": external_id},
        timeout=10,
    ).json()
    return int(found[0]["id"])


def download(assistant: Assistant, lead: int, asset: str, zone: str) -> None:
    response = httpx.post(
        f"{assistant.url}/api/events",
        headers=ADMIN,
        json={
            "lead_id": lead,
            "type": "whitepaper_download",
            "properties": {"asset": asset, "time_zone": zone},
        },
        timeout=10,
    )
    assert response.status_code == 200, response.text


def enrolments(assistant: Assistant, lead: int) -> list[dict[str, Any]]:
    response = httpx.get(
        f"{assistant.url}/api/nurture/enrolments",
        headers=ADMIN,
        params={"lead_id": lead},
        timeout=10,
    )
    response.raise_for_status()
    found: list[dict[str, Any]] = response.json()
    return found


def said(telegram: FakeTelegram, chat: int, text: str) -> list[str]:
    return [m["text"] for m in telegram.messages_to(chat) if text in m["text"]]


def test_a_download_brings_the_case_study_after_the_wait(
    assistant: Assistant, telegram: FakeTelegram
) -> None:
    chat = 5551801
    lead = telegram_lead(assistant, telegram, chat)
    download(assistant, lead, "it-guide", zone_at(13))
    enrolled = until(lambda: enrolments(assistant, lead), 10, "the enrolment")[0]
    created = datetime.fromisoformat(enrolled["created_at"])
    assert (datetime.fromisoformat(enrolled["due_at"]) - created).total_seconds() == 2
    found = until(lambda: said(telegram, chat, CASE_STUDY), 20, "the case study")
    assert "https://orbitly.example/customers/northwind-logistics" in found[0]
    until(lambda: enrolments(assistant, lead)[0]["status"] == "done", 10, "the end")


def test_a_reply_stops_the_sequence(assistant: Assistant, telegram: FakeTelegram) -> None:
    chat = 5551802
    lead = telegram_lead(assistant, telegram, chat)
    download(assistant, lead, "it-sequence", zone_at(13))
    until(lambda: said(telegram, chat, ONE), 20, "the first step")
    telegram.queue(message_update(telegram.new_update_id(), chat, "Yes, it helped, thanks"))
    until(lambda: enrolments(assistant, lead)[0]["status"] == "stopped", 20, "the stop")
    assert enrolments(assistant, lead)[0]["stop_reason"] == "replied"
    time.sleep(5)  # past the second step's wait
    assert said(telegram, chat, TWO) == []
    stats = httpx.get(f"{assistant.url}/api/nurture/stats", headers=ADMIN, timeout=10).json()
    sequence = next(s for s in stats["scenarios"] if s["scenario"] == "it-sequence")
    assert sequence["steps"][0]["replies"] >= 1


def test_stop_in_the_widget_opts_out_on_telegram_too(
    assistant: Assistant, telegram: FakeTelegram
) -> None:
    chat, visitor = 5551803, "nurture-stop-visitor"
    first = assistant.chat(visitor, "Bonjour")
    lead = int(first["lead_id"])  # type: ignore[call-overload]
    code = httpx.post(
        f"{assistant.url}/api/chat/link-code", headers=assistant.visitor(visitor), timeout=10
    ).json()["code"]
    telegram.queue(message_update(telegram.new_update_id(), chat, f"/start {code}", language="fr"))
    until(lambda: telegram.messages_to(chat), 30, "the greeting")
    assert lead_of(assistant, "telegram", str(chat)) == lead  # one person, two channels
    download(assistant, lead, "it-sequence", zone_at(13))
    until(lambda: said(telegram, chat, "Étape un"), 20, "the first step, on Telegram")
    reply = assistant.chat(visitor, "plus de messages svp")
    texts = [m["text"] for m in reply["messages"]]  # type: ignore[attr-defined]
    assert texts == [
        "C'est noté : nous ne vous enverrons plus de messages. Si vous nous écrivez, nous "
        "vous répondrons toujours."
    ]
    assert enrolments(assistant, lead)[0]["stop_reason"] == "opted_out"
    time.sleep(5)
    assert said(telegram, chat, "Étape deux") == []
    exported = httpx.get(f"{assistant.url}/api/leads/{lead}/export", headers=ADMIN).json()
    assert [(o["wording"], o["channel"]) for o in exported["nurture_opt_outs"]] == [
        ("plus de messages svp", "web")
    ]
    assert all(i["opted_out_at"] for i in exported["identities"])
    history = httpx.get(
        f"{assistant.url}/api/chat/history", headers=assistant.visitor(visitor), timeout=10
    ).json()
    assert not [m for m in history if m["nurture"]]  # Telegram had it; the widget has none


def test_quiet_hours_in_the_prospects_zone_delay_a_step(
    assistant: Assistant, telegram: FakeTelegram
) -> None:
    chat = 5551804
    lead = telegram_lead(assistant, telegram, chat)
    night = zone_at(3)
    download(assistant, lead, "it-guide", night)
    until(lambda: enrolments(assistant, lead), 10, "the enrolment")
    time.sleep(4)  # past the wait
    assert said(telegram, chat, CASE_STUDY) == []
    enrolled = enrolments(assistant, lead)[0]
    due = datetime.fromisoformat(enrolled["due_at"]).astimezone(ZoneInfo(night))
    assert (enrolled["status"], due.hour, due.minute) == ("active", 8, 0)  # NURTURE_QUIET_HOURS


@pytest.mark.fault
def test_the_app_killed_mid_sequence_neither_loses_nor_repeats_a_step(
    assistant: Assistant, telegram: FakeTelegram
) -> None:
    chat = 5551805
    lead = telegram_lead(assistant, telegram, chat)
    download(assistant, lead, "it-sequence", zone_at(13))
    until(lambda: said(telegram, chat, ONE), 20, "the first step")
    os.killpg(child(assistant, "bot.cli serve"), signal.SIGKILL)

    def health() -> bool:
        try:
            return httpx.get(f"{assistant.url}/health", timeout=3).status_code == 200
        except httpx.HTTPError:
            return False

    until(health, 120, "`prospect run` to restart the app")
    until(lambda: said(telegram, chat, TWO), 60, "the second step after the restart")
    time.sleep(3)
    assert (len(said(telegram, chat, ONE)), len(said(telegram, chat, TWO))) == (1, 1)
    assert enrolments(assistant, lead)[0]["status"] == "done"
