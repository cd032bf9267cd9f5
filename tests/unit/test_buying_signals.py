"""Buying signals: a demo or a quote asked for in the chat is recorded as its event (pain),
hands the lead to sales at once with that reason, and says what happens next."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date

import pytest
from fastapi.testclient import TestClient
from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher
from sqlalchemy import select

from actions import ActionBuyingSignal, LeadStatus
from bot.app import create_app
from bot.db.models import OutboxMessage
from bot.services import services_of
from bot.settings import Settings
from tests.conftest import ADMIN_TOKEN
from tests.unit.fake_engine import FakeEngine
from tests.unit.visitors import as_visitor

ADMIN = {"Authorization": f"Bearer {ADMIN_TOKEN}"}


class FakeLeads:
    def __init__(self) -> None:
        self.signals: list[tuple[int, str, str]] = []

    async def buying_signal(
        self, lead_id: int, signal: str, *, idempotency_key: str
    ) -> LeadStatus | None:
        self.signals.append((lead_id, signal, idempotency_key))
        return LeadStatus(stage="lead", score=15, sdr_ready=False)


def tracker(intent: str, message_id: str = "m-1") -> Tracker:
    return Tracker(
        sender_id="conversation-1",
        slots={"language": "en"},
        latest_message={
            "text": "…",
            "message_id": message_id,
            "intent": {"name": intent, "confidence": 0.9},
            "metadata": {"lead_id": 7, "language": "en"},
        },
        events=[],
        paused=False,
        followup_action=None,
        active_loop={},
        latest_action_name="action_listen",
    )


@pytest.mark.parametrize(
    ("intent", "signal", "response"),
    [
        ("request_demo", "demo_request", "utter_demo_requested_email"),  # no address yet
        ("request_quote", "quote_request", "utter_quote_requested"),
    ],
)
async def test_the_action_records_the_signal_and_says_what_happens_next(
    intent: str, signal: str, response: str
) -> None:
    leads = FakeLeads()
    dispatcher = CollectingDispatcher()
    events = await ActionBuyingSignal(leads).run(dispatcher, tracker(intent), {})  # type: ignore[arg-type]
    assert events == []
    assert leads.signals == [
        (7, signal, f"chat-{signal}-conversation-1-{date.today().isoformat()}-0")
    ]
    assert [m["response"] for m in dispatcher.messages] == [response]


@pytest.mark.parametrize(
    ("slots", "response"),
    [
        ({"email": "sam@kestrel.com"}, "utter_demo_requested"),  # its consent question next
        ({"phone": "+33612345678", "contact_consent": True}, "utter_demo_requested_call"),
    ],
)
async def test_a_demo_request_with_a_contact_detail_does_not_ask_for_an_email(
    slots: dict[str, object], response: str
) -> None:
    asked = tracker("request_demo")
    asked.slots.update(slots)
    dispatcher = CollectingDispatcher()
    await ActionBuyingSignal(FakeLeads()).run(dispatcher, asked, {})  # type: ignore[arg-type]
    assert [m["response"] for m in dispatcher.messages] == [response]


@pytest.mark.parametrize(
    ("intent", "response"),
    [
        ("request_demo", "utter_demo_requested_written"),
        ("request_quote", "utter_quote_requested_written"),
    ],
)
async def test_a_request_with_its_address_says_a_person_will_write_to_it(
    intent: str, response: str
) -> None:
    """ "I'd like a demo, jo@rivage-comm.fr": the address is kept on the request
    (actions/reading.py call_request), and the reply says where the rep will write."""
    asked = tracker(intent)
    asked.slots.update({"email": "jo@rivage-comm.fr", "contact_consent": True})
    asked.events = [
        {"event": "user", "text": "I'd like a demo, jo@rivage-comm.fr"},
        {"event": "slot", "name": "email", "value": "jo@rivage-comm.fr"},
        {"event": "slot", "name": "contact_consent", "value": True},
    ]
    dispatcher = CollectingDispatcher()
    await ActionBuyingSignal(FakeLeads()).run(dispatcher, asked, {})  # type: ignore[arg-type]
    assert [m["response"] for m in dispatcher.messages] == [response]


async def test_when_the_demo_is_wanted_is_said_back_only_when_this_message_said_it() -> None:
    asked = tracker("request_demo")
    asked.events = [
        {"event": "user", "text": "can we set up a demo next tuesday?"},
        {"event": "slot", "name": "call_when", "value": "next tuesday"},
    ]
    dispatcher = CollectingDispatcher()
    await ActionBuyingSignal(FakeLeads()).run(dispatcher, asked, {})  # type: ignore[arg-type]
    assert dispatcher.messages[-1]["text"] == "I've noted when you'd like it: next tuesday."
    asked.events = [*asked.events[1:], {"event": "user", "text": "a demo please"}]  # said before
    dispatcher = CollectingDispatcher()
    await ActionBuyingSignal(FakeLeads()).run(dispatcher, asked, {})  # type: ignore[arg-type]
    assert [m["response"] for m in dispatcher.messages] == ["utter_demo_requested_email"]


@pytest.mark.parametrize(("language", "price"), [("en", "€49 per user"), ("fr", "49 €")])
async def test_a_quote_request_is_shown_the_list_prices_then_the_handoff_note(
    settings: Settings, language: str, price: str
) -> None:
    """ "what does it cost for like 5 users?": the prices, and a person will follow up."""
    leads = FakeLeads()
    dispatcher = CollectingDispatcher()
    asked = tracker("request_quote")
    asked.latest_message["metadata"]["language"] = language
    action = ActionBuyingSignal(leads, settings.content_search())  # type: ignore[arg-type]
    await action.run(dispatcher, asked, {})
    prices, note = dispatcher.messages
    assert price in prices["text"] and "Source" in prices["text"]
    assert note["response"] == "utter_quote_requested"
    assert leads.signals  # the handoff is still opened


def outbox_rows(client: TestClient) -> list[OutboxMessage]:
    sessions = services_of(client.app.state).sessions  # type: ignore[attr-defined]

    async def read() -> list[OutboxMessage]:
        async with sessions() as session:
            return list(await session.scalars(select(OutboxMessage).order_by(OutboxMessage.id)))

    rows: list[OutboxMessage] = client.portal.call(read)  # type: ignore[union-attr]
    return rows


@pytest.fixture
def client(settings: Settings) -> Iterator[TestClient]:
    engine = FakeEngine(lambda p: [{"text": "ok"}])
    with TestClient(create_app(settings, [], engine_transport=engine.transport)) as c:
        yield c


def test_a_demo_request_hands_the_lead_over_once_and_counts_once(settings: Settings) -> None:
    from channels.web import plugin as web

    engine = FakeEngine(lambda p: [{"text": "ok"}])
    with TestClient(create_app(settings, [web], engine_transport=engine.transport)) as client:
        lead_id = client.post(
            "/api/chat", json={"text": "hello"}, headers=as_visitor(client, "v-demo")
        ).json()["lead_id"]
        facts = services_of(client.app.state).lead_facts  # type: ignore[attr-defined]

        async def ask(signal: str, key: str) -> LeadStatus | None:
            return await facts.buying_signal(lead_id, signal, idempotency_key=key)

        first = client.portal.call(ask, "demo_request", "k-1")  # type: ignore[union-attr]
        again = client.portal.call(ask, "demo_request", "k-2")  # type: ignore[union-attr]
        quote = client.portal.call(ask, "quote_request", "k-3")  # type: ignore[union-attr]
        assert first is not None and again is not None and quote is not None
        lead = client.get(f"/api/leads/{lead_id}", headers=ADMIN).json()
        rows = outbox_rows(client)
    # One handoff (another is never opened while one is active), with the first reason;
    # the later signals reach the rep as notes in the card's thread.
    assert [(h["reason"], h["status"]) for h in lead["handoffs"]] == [("demo_request", "open")]
    notes = [(row.kind, row.payload.get("note"), row.payload.get("signal")) for row in rows]
    assert ("slack.thread", "signal", "demo_request") in notes
    assert ("slack.thread", "signal", "quote_request") in notes
    # One indicator for every sales request, counted once (max_count 1, default_rules.yml).
    assert again.score == first.score and quote.score == first.score
    assert first.score >= 15


def test_an_unknown_lead_is_no_signal(client: TestClient) -> None:
    facts = services_of(client.app.state).lead_facts  # type: ignore[attr-defined]

    async def ask() -> LeadStatus | None:
        return await facts.buying_signal(424242, "demo_request", idempotency_key="k")

    assert client.portal.call(ask) is None  # type: ignore[union-attr]


def passed_on(reply: str) -> dict[str, object]:
    return {"event": "bot", "text": "…", "metadata": {"utter_action": reply}}


@pytest.mark.parametrize(
    ("before", "again"),
    [
        ([passed_on("utter_quote_requested_seats")], True),
        ([passed_on("utter_quote_already_requested")], True),
        ([passed_on("utter_demo_requested")], False),  # another request
        (  # taken back since: a new request
            [
                passed_on("utter_quote_requested"),
                {"event": "user", "text": "actually forget the quote", "parse_data": {}},
            ],
            False,
        ),
        ([], False),
    ],
)
async def test_a_quote_asked_for_again_is_said_to_be_with_the_team_already(
    before: list[dict[str, object]], again: bool
) -> None:
    """ "how much for 20 users?" then "can you send me a quote for 20 users": the price list
    and the whole reply were said twice."""
    leads = FakeLeads()
    asked = tracker("request_quote")
    asked.events = [*before, {"event": "user", "text": "can you send me a quote"}]
    dispatcher = CollectingDispatcher()
    await ActionBuyingSignal(leads).run(dispatcher, asked, {})  # type: ignore[arg-type]
    replies = [m["response"] for m in dispatcher.messages]
    assert (replies == ["utter_quote_already_requested"]) is again
    assert (leads.signals == []) is again


async def test_a_request_asked_again_names_the_address_the_first_reply_named() -> None:
    asked = tracker("request_quote")
    asked.slots.update({"email": "tom@fieldnotes.co", "contact_consent": True})
    asked.events = [
        passed_on("utter_quote_requested_written"),
        {"event": "user", "text": "can you send me a quote"},
    ]
    dispatcher = CollectingDispatcher()
    await ActionBuyingSignal(FakeLeads()).run(dispatcher, asked, {})  # type: ignore[arg-type]
    assert [m["response"] for m in dispatcher.messages] == ["utter_quote_already_requested_written"]


async def test_a_quote_asked_again_with_an_address_is_one_request_without_the_prices_again() -> (
    None
):
    """ "vous pouvez m'envoyer un devis ? marc@…" after the quote was passed on: the address
    is what is new; the list prices are not said again and the event is not counted twice."""
    from bot.settings import PROJECT_ROOT
    from nlu.content.search import ContentSearch

    content = ContentSearch(PROJECT_ROOT / "bot" / "content" / "library")
    leads = FakeLeads()
    first = tracker("request_quote", message_id="m-1")
    dispatcher = CollectingDispatcher()
    await ActionBuyingSignal(leads, content).run(dispatcher, first, {})  # type: ignore[arg-type]
    assert "€49" in dispatcher.messages[0]["text"]  # the prices, then who follows up
    again = tracker("request_quote", message_id="m-2")
    again.slots.update({"email": "marc@dupont.fr", "contact_consent": True})
    again.events = [
        passed_on("utter_quote_requested"),
        {"event": "user", "text": "can you send me a quote? marc@dupont.fr"},
        {"event": "slot", "name": "email", "value": "marc@dupont.fr"},
    ]
    dispatcher = CollectingDispatcher()
    await ActionBuyingSignal(leads, content).run(dispatcher, again, {})  # type: ignore[arg-type]
    assert [m.get("response") for m in dispatcher.messages] == ["utter_quote_requested_written"]
    assert leads.signals[0][2] == leads.signals[1][2]  # the same request: one event
    withdrawn = tracker("request_quote", message_id="m-3")  # taken back, then asked again
    withdrawn.events = [passed_on("utter_quote_requested"), passed_on("utter_quote_withdrawn")]
    await ActionBuyingSignal(leads).run(CollectingDispatcher(), withdrawn, {})  # type: ignore[arg-type]
    assert leads.signals[2][2] != leads.signals[0][2]


async def test_a_quote_for_a_number_of_users_says_what_it_comes_to() -> None:
    from bot.settings import PROJECT_ROOT
    from nlu.content.search import ContentSearch

    content = ContentSearch(PROJECT_ROOT / "bot" / "content" / "library", embedder=None)
    asked = tracker("request_quote")
    asked.slots["seats"] = 25
    asked.latest_message["text"] = "whats ur pricing for 25 users on growth"
    dispatcher = CollectingDispatcher()
    await ActionBuyingSignal(FakeLeads(), content).run(dispatcher, asked, {})  # type: ignore[arg-type]
    assert (
        "For 25 users, at list prices: Growth €2,475 per month." in dispatcher.messages[0]["text"]
    )
