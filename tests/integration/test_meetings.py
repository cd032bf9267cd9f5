"""A demo booked in the chat, end to end: `prospect run` (the real engine and app) with a
meetings file whose rep's calendar is on a Radicale started here, the real slack_sdk client
posting to the fake Slack API and webhooks signed to a local receiver (issue 17's "done when")."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import caldav
import httpx
import icalendar
import pytest

from tests.assistant import (
    SLACK_CHANNEL,
    SLACK_SECRET,
    Assistant,
    StartFailed,
    base_env,
    free_port,
    start_assistant,
    stop_assistant,
)
from tests.fakes.slack_api import FakeSlack
from tests.fakes.telegram_api import FakeTelegram, message_update
from tests.fakes.webhook_receiver import WebhookReceiver
from tests.meetings.radicale_server import PASSWORD, USER, Radicale, radicale

pytestmark = pytest.mark.integration
WEBHOOK_SECRET = "meetings-webhook-secret-0123456789"
MEETINGS_FILE = """\
time_zone: UTC
meeting_minutes: 30
buffer_minutes: 0
min_notice_minutes: 0
working_hours: {{{days}}}
reps:
  - id: alice
    name: Alice Martin
    email: alice@orbitly.example
    caldav_url: {url}
    username: {user}
    password_env: MEETINGS_ALICE_PASSWORD
"""


@pytest.fixture(scope="module")
def calendar(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Radicale, str]]:
    with radicale(tmp_path_factory.mktemp("radicale")) as server:
        yield server, server.new_calendar()


@pytest.fixture(scope="module")
def receiver() -> Iterator[WebhookReceiver]:
    with WebhookReceiver(WEBHOOK_SECRET) as running:
        yield running


@pytest.fixture(scope="module")
def own_telegram() -> Iterator[FakeTelegram]:
    """A Bot API of this module's own: the session's assistant polls the shared one."""
    with FakeTelegram() as fake:
        yield fake


@pytest.fixture(scope="module")
def booking_assistant(
    model: Path,
    tmp_path_factory: pytest.TempPathFactory,
    slack: FakeSlack,
    own_telegram: FakeTelegram,
    calendar: tuple[Radicale, str],
    receiver: WebhookReceiver,
) -> Iterator[Assistant]:
    data_dir = tmp_path_factory.mktemp("meetings-assistant")
    days = ", ".join(
        f'{d}: ["00:00-24:00"]' for d in ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
    )
    meetings = data_dir / "meetings.yml"
    meetings.write_text(MEETINGS_FILE.format(days=days, url=calendar[1], user=USER))
    env = base_env(data_dir, free_port(), free_port())
    env.update(
        SLACK_BOT_TOKEN="xoxb-integration",
        SLACK_SIGNING_SECRET=SLACK_SECRET,
        SLACK_HANDOFF_CHANNEL=SLACK_CHANNEL,
        SLACK_API_URL=slack.url,
        OUTBOX_POLL_SECONDS="0.2",
        TELEGRAM_BOT_TOKEN=own_telegram.token,
        TELEGRAM_API_URL=own_telegram.url,
        MEETINGS_FILE=str(meetings),
        MEETINGS_ALICE_PASSWORD=PASSWORD,
        WEBHOOK_URLS=receiver.url,
        WEBHOOK_SECRET=WEBHOOK_SECRET,
        WEBHOOK_EVENTS="meeting.booked",
    )
    try:
        running = start_assistant(env, data_dir)
    except StartFailed as exc:
        pytest.fail(str(exc))
    yield running
    stop_assistant(running)


def texts(body: dict[str, object]) -> str:
    return "\n".join(str(m["text"]) for m in body["messages"])  # type: ignore[attr-defined]


def test_a_demo_asked_for_in_the_chat_is_booked_in_the_calendar(
    booking_assistant: Assistant,
    slack: FakeSlack,
    calendar: tuple[Radicale, str],
    receiver: WebhookReceiver,
) -> None:
    chat = booking_assistant.chat
    zone = {"time_zone": "Europe/Paris"}  # as the widget sends it
    chat("meetings-pat", "Hello", **zone)
    offer = texts(chat("meetings-pat", "Can I book a demo with your team?", **zone))
    assert "(times in Europe/Paris)" in offer, offer
    second = re.search(r"^2\. (.+)$", offer, re.MULTILINE)
    assert second is not None, offer
    asked = texts(chat("meetings-pat", "the 2nd one please", **zone))
    assert asked.startswith(f"{second.group(1)} (Europe/Paris) it is."), asked
    body = chat("meetings-pat", "pat.lee@acme.example", **zone)
    booked = texts(body)
    assert booked.startswith("Done! Your demo with Alice Martin is booked for"), booked
    link = re.search(r"(http://\S+\.ics)", booked)
    assert link is not None
    # The invitation: downloadable with the token, nothing without it.
    ics = httpx.get(link.group(1), timeout=10)
    assert ics.status_code == 200 and ics.headers["content-type"].startswith("text/calendar")
    invitation = icalendar.Calendar.from_ical(ics.content).walk("VEVENT")[0]
    guessed = httpx.get(link.group(1).rsplit("/", 1)[0] + "/" + "A" * 32 + ".ics", timeout=10)
    assert guessed.status_code == 404
    # The event is in the rep's calendar with the prospect as attendee.
    with caldav.DAVClient(url=calendar[1], username=USER, password=PASSWORD) as client:
        stored = client.calendar(url=calendar[1]).event_by_uid(str(invitation["UID"]))
        event = stored.icalendar_instance.walk("VEVENT")[0]
    assert str(event["ATTENDEE"]) == "mailto:pat.lee@acme.example"
    # The Slack handoff thread shows it, and the CRM's webhook heard of it, signed.
    slack.wait_for(
        lambda: any(
            "Demo booked with Alice Martin" in m.get("text", "") for m in slack.posted(thread=True)
        ),
        timeout=20,
    )
    receiver.wait_for(lambda: receiver.events("meeting.booked"), timeout=20)
    [request] = [r for r in receiver.requests() if r.event["type"] == "meeting.booked"]
    assert request.signature_ok
    meeting = request.event["data"]["meeting"]
    assert meeting["attendee_email"] == "pat.lee@acme.example"
    assert meeting["prospect_time_zone"] == "Europe/Paris" and meeting["rep"]["id"] == "alice"
    assert request.event["data"]["lead"]["id"] == body["lead_id"]


def test_a_french_prospect_on_telegram_books_in_their_language(
    booking_assistant: Assistant, own_telegram: FakeTelegram, calendar: tuple[Radicale, str]
) -> None:
    telegram, chat = own_telegram, 5551717

    def say(text: str) -> str:
        before = len(telegram.messages_to(chat))
        telegram.queue(message_update(telegram.new_update_id(), chat, text, language="fr"))
        telegram.wait_for(lambda: len(telegram.messages_to(chat)) > before, timeout=30)
        return "\n".join(m["text"] for m in telegram.messages_to(chat)[before:])

    offer = say("Bonjour, je voudrais une démo d'Orbitly")
    assert "(heure de Europe/Paris)" in offer, offer  # no browser zone: guessed from French
    first = re.search(r"^1\. (.+)$", offer, re.MULTILINE)
    assert first is not None
    asked = say("le premier")
    assert asked.startswith(f"Va pour {first.group(1)} (Europe/Paris)."), asked
    booked = say("lea.martin@acme.fr")
    assert booked.startswith("C'est réservé ! Votre démo avec Alice Martin aura lieu"), booked
    with caldav.DAVClient(url=calendar[1], username=USER, password=PASSWORD) as client:
        attendees = [
            str(e.icalendar_instance.walk("VEVENT")[0]["ATTENDEE"])
            for e in client.calendar(url=calendar[1]).events()
        ]
    assert "mailto:lea.martin@acme.fr" in attendees
