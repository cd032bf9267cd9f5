"""A demo or quote taken back ("no i dont need a quote, just the price"), and a quote that
says how many users ("how much for 25 seats?"): said back as understood, the rep told."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from fastapi.testclient import TestClient
from rasa_sdk.executor import CollectingDispatcher

from actions import ActionBuyingSignal, ActionWithdrawSignal, LeadStatus
from bot.app import create_app
from bot.services import services_of
from bot.settings import Settings
from channels.slack.notes import note_text
from nlu.extract.declined_request import declined_request
from nlu.extract.facts import extract_facts
from nlu.extract.seats import extract_seats
from tests.unit.fake_engine import FakeEngine
from tests.unit.test_buying_signals import ADMIN, outbox_rows, tracker
from tests.unit.visitors import as_visitor


class Leads:
    def __init__(self, handed_over: bool) -> None:
        self.handed_over = handed_over
        self.signals: list[str] = []
        self.withdrawn: list[str] = []

    async def buying_signal(self, lead_id: int, signal: str, **_: Any) -> LeadStatus:
        self.signals.append(signal)
        return LeadStatus(stage="lead", score=15, sdr_ready=False)

    async def withdraw_signal(self, lead_id: int, signal: str) -> bool:
        self.withdrawn.append(signal)
        return self.handed_over


@pytest.mark.parametrize(
    ("text", "seats"),
    [
        ("how much for 25 seats?", 25),
        ("what would you charge us for 200 licences?", 200),
        ("40 user licences", 40),
        ("un devis pour 30 postes svp", 30),
        ("tarif pour 15 sièges ?", 15),
        ("pour une quarantaine d utilisateurs", 40),
        ("combien ca couterait pour 20 users", 20),
        ("a dozen seats", 12),
        # round 5: after a quote request, said as people say it
        ("we are 50 users", 50),
        ("50 users", 50),
        ("on serait 12 utilisateurs", 12),
        ("cest combien pr 10 users", 10),
        ("we have 300 users on hubspot", None),
        # not seats: their own audience, job openings, plan limits, headcounts, CRM records
        ("our app has 5000 users", None),
        ("nous avons 3 postes à pourvoir", None),
        ("up to 2,000 contacts", None),
        ("we have 200 employees", None),
        ("we manage 300 accounts", None),
    ],
)
def test_seats_as_people_ask_for_them(text: str, seats: int | None) -> None:
    assert extract_seats(text) == seats


@pytest.mark.parametrize(
    ("text", "size", "seats"),
    [
        ("and what does it cost for like 40 people", None, 40),  # the users, not the company
        ("c est combien pour une quinzaine de personnes ?", None, 15),
        ("how much would it be for a team of 60?", None, 60),
        ("we are 300 people, how much for 40 users?", 300, 40),
        ("how much does it cost? we are 45 people", 45, None),
        ("price for 2027?", None, None),  # a year
        ("how much for 3 months?", None, None),  # a period
        ("how much for 2.5k?", None, None),  # an amount, not 2 users
        ("combien pour 2,5 k€ ?", None, None),
        ("how much for 99.9% uptime?", None, None),
        ("we have around 200 users", None, None),  # their own audience
        ("We're a team of 15, how much for 15 users?", 15, 15),  # both said
        ("I want pricing for my team of 15, formal quote please", None, 15),
    ],
)
def test_people_a_price_is_asked_for_are_seats(
    text: str, size: int | None, seats: int | None
) -> None:
    facts = extract_facts(text, today=date(2026, 12, 6))
    assert (facts.company_size, facts.seats) == (size, seats)


@pytest.mark.parametrize(
    "question", ["and what does it cost for like 40 people", "combien pour 40 personnes ?"]
)
def test_a_price_asked_for_some_users_is_answered_with_the_prices(
    settings: Settings, question: str
) -> None:
    answer = settings.content_search().ask(question)
    assert answer.answered and "49" in answer.answer


@pytest.mark.parametrize(
    ("text", "signal"),
    [
        ("no i dont need a quote, just the price", "quote_request"),
        ("actually i dont want a demo", "demo_request"),
        ("pas besoin de devis finalement", "quote_request"),
        ("on n'a pas besoin de démo", "demo_request"),
        ("forget the quote", "quote_request"),
        # asking, not taking back
        ("can I book a demo?", None),
        ("no problem, send the quote", None),
        ("no, a quote would be great", None),
        ("pouvez-vous m'envoyer un devis ?", None),
        ("we do not have a budget for a proposal yet", None),
        ("I'd like a demo, but not a sales call", None),  # the negation is not the demo's
        ("No, I'd like a demo", None),
        ("we don't track our calls, can I book a demo?", None),
        ("Je voudrais un devis, et plus d'infos sur les offres", None),
        ("no demo please, just the pricing", "demo_request"),
        # round 6: named first, then taken back
        (
            "i booked a demo yesterday but actually cancel it, we went with another vendor",
            "demo_request",
        ),
        ("j ai demandé un devis, annulez-le svp", "quote_request"),
        ("can i get a demo? i can cancel it later if needed", None),
    ],
)
def test_a_request_taken_back_is_told_from_a_request(text: str, signal: str | None) -> None:
    assert declined_request(text) == signal


async def test_a_quote_with_its_seats_says_them_back_and_does_not_ask_for_them() -> None:
    asked = tracker("request_quote")
    asked.slots["seats"] = 25
    dispatcher = CollectingDispatcher()
    await ActionBuyingSignal(Leads(False)).run(dispatcher, asked, {})  # type: ignore[arg-type]
    assert [m["response"] for m in dispatcher.messages] == ["utter_quote_requested_seats"]


def user(intent: str) -> dict[str, Any]:
    return {"event": "user", "parse_data": {"intent": {"name": intent}}, "text": "…"}


@pytest.mark.parametrize(
    ("earlier", "handed_over", "told"),
    [
        (["request_quote"], True, True),  # the rep with the quote request is told
        (["request_quote"], False, False),  # asked, but nobody has it (no active handoff)
        (["request_demo"], True, False),  # "no quote" out of the blue: nobody to tell
    ],
)
async def test_a_quote_classified_as_asked_but_taken_back_opens_nothing(
    settings: Settings, earlier: list[str], handed_over: bool, told: bool
) -> None:
    leads = Leads(handed_over)
    said = tracker("request_quote")  # what the classifier made of it
    said.latest_message["text"] = "no i dont need a quote, just the price"
    said.events.extend([*map(user, earlier), user("request_quote")])
    dispatcher = CollectingDispatcher()
    action = ActionBuyingSignal(leads, settings.content_search())  # type: ignore[arg-type]
    await action.run(dispatcher, said, {})
    assert leads.signals == []
    assert leads.withdrawn == (["quote_request"] if earlier == ["request_quote"] else [])
    prices, *rest = dispatcher.messages
    assert "€49 per user" in prices["text"]  # "just the price": answered
    passed_on = ["utter_withdrawal_passed_on"] if told else []
    assert [m["response"] for m in rest] == ["utter_quote_withdrawn", *passed_on]


async def withdrawn(text: str, before: str, leads: Leads) -> CollectingDispatcher:
    """What ActionWithdrawSignal says to `text` (withdraw_request) after a `before` message."""
    said = tracker("withdraw_request")
    said.latest_message["text"] = text
    said.events.extend([user(before), user("withdraw_request")])
    dispatcher = CollectingDispatcher()
    await ActionWithdrawSignal(leads).run(dispatcher, said, {})  # type: ignore[arg-type]
    return dispatcher


async def test_the_withdrawal_intent_takes_back_the_latest_request() -> None:
    leads = Leads(True)
    dispatcher = await withdrawn("never mind, not needed anymore", "request_demo", leads)
    assert leads.withdrawn == ["demo_request"]
    assert dispatcher.messages[0]["response"] == "utter_demo_withdrawn"


def test_the_rep_reads_the_withdrawal_in_the_cards_thread(settings: Settings) -> None:
    from channels.web import plugin as web

    engine = FakeEngine(lambda p: [{"text": "ok"}])
    with TestClient(create_app(settings, [web], engine_transport=engine.transport)) as client:
        lead_id = client.post(
            "/api/chat", json={"text": "hello"}, headers=as_visitor(client, "v-quote")
        ).json()["lead_id"]
        facts = services_of(client.app.state).lead_facts  # type: ignore[attr-defined]

        async def withdraw() -> bool:
            return bool(await facts.withdraw_signal(lead_id, "quote_request"))

        async def ask() -> None:
            await facts.buying_signal(lead_id, "quote_request", idempotency_key="k-1")

        before = client.portal.call(withdraw)  # type: ignore[union-attr]
        client.portal.call(ask)  # type: ignore[union-attr]
        after = client.portal.call(withdraw)  # type: ignore[union-attr]
        notes = [r.payload for r in outbox_rows(client) if r.kind == "slack.thread"]
        handoffs = client.get(f"/api/leads/{lead_id}", headers=ADMIN).json()["handoffs"]
    # the quote was the handoff's reason and nobody had claimed it: nobody is to follow up
    assert [h["status"] for h in handoffs] == ["withdrawn"]
    assert (before, after) == (False, True)  # nobody to tell before the handoff
    withdrawn = [n for n in notes if n.get("signal") == "quote_request_withdrawn"]
    assert len(withdrawn) == 1
    assert "no longer wants a quote" in note_text(withdrawn[0])


@pytest.mark.parametrize(
    ("text", "signal"),
    [
        ("finalement si, je veux bien le devis", "quote_request"),
        ("on second thought, I do want a demo", "demo_request"),
        ("pas de devis finalement", None),
        ("the demo can wait", None),
        ("forget the quote", None),
    ],
)
def test_a_request_asked_again_after_all(text: str, signal: str | None) -> None:
    from nlu.extract.declined_request import renewed_request

    assert renewed_request(text) == signal


async def test_a_quote_asked_again_is_a_quote_request_not_a_second_withdrawal() -> None:
    """'je voudrais un devis' / 'pas de devis finalement' / 'finalement si, je veux bien le
    devis': the last was read as a withdrawal, and the rep told twice the quote was off."""
    said = tracker("withdraw_request")
    said.latest_message["text"] = "finalement si, je veux bien le devis"
    leads = Leads(True)
    dispatcher = CollectingDispatcher()
    buying = ActionBuyingSignal(leads)  # type: ignore[arg-type]
    await ActionWithdrawSignal(leads, None, buying).run(dispatcher, said, {})  # type: ignore[arg-type]
    assert leads.signals == ["quote_request"] and leads.withdrawn == []
    assert dispatcher.messages[-1]["response"] == "utter_quote_requested"


@pytest.mark.parametrize("kept", [True, False])
def test_the_rep_reads_a_refusal_to_be_contacted_in_the_cards_thread(
    settings: Settings, kept: bool
) -> None:
    """ "I'd like a demo" then "actually, please dont contact me": the handoff stayed open
    and the rep was never told; now the thread says it, the card is shown again without
    the address, and the refusal is recorded (address kept before or not)."""
    from actions.profile import FactUpdate
    from actions.withdrawal import refusal, withdrawal
    from channels.web import plugin as web

    engine = FakeEngine(lambda p: [{"text": "ok"}])
    with TestClient(create_app(settings, [web], engine_transport=engine.transport)) as client:
        lead_id = client.post(
            "/api/chat", json={"text": "hello"}, headers=as_visitor(client, "v-refuse")
        ).json()["lead_id"]
        facts = services_of(client.app.state).lead_facts  # type: ignore[attr-defined]
        update = withdrawal("en") if kept else refusal(FactUpdate(language="en"), "en")

        async def refuse() -> None:
            await facts.record(lead_id, update)

        async def ask() -> None:
            await facts.buying_signal(lead_id, "demo_request", idempotency_key="k-1")

        client.portal.call(refuse)  # type: ignore[union-attr]
        before = [r.kind for r in outbox_rows(client)]
        client.portal.call(ask)  # type: ignore[union-attr]
        client.portal.call(refuse)  # type: ignore[union-attr]
        rows = outbox_rows(client)[len(before) :]
        lead = client.get(f"/api/leads/{lead_id}", headers=ADMIN).json()
    assert before == []  # nobody to tell before the handoff
    notes = [r.payload for r in rows if r.kind == "slack.thread"]
    assert [n["note"] for n in notes] == ["contact_refused"]
    assert "asked not to be contacted" in note_text(notes[0])
    assert "slack.update" in [r.kind for r in rows]
    assert [c["granted"] for c in lead["consents"]] == [False, False]
    assert [h["status"] for h in lead["handoffs"]] == ["withdrawn"]  # nobody had claimed it


def test_a_person_no_longer_needed_withdraws_the_unclaimed_handoff(settings: Settings) -> None:
    """'can I talk to someone?' then 'actually never mind': the open handoff had stayed."""
    from channels.web import plugin as web

    engine = FakeEngine(lambda p: [{"text": "ok"}])
    with TestClient(create_app(settings, [web], engine_transport=engine.transport)) as client:
        lead_id = client.post(
            "/api/chat", json={"text": "hello"}, headers=as_visitor(client, "v-person")
        ).json()["lead_id"]
        facts = services_of(client.app.state).lead_facts  # type: ignore[attr-defined]

        async def ask() -> None:
            await facts.request_handoff(lead_id)

        async def withdraw() -> bool:
            return bool(await facts.withdraw_signal(lead_id, "requested"))

        client.portal.call(ask)  # type: ignore[union-attr]
        told = client.portal.call(withdraw)  # type: ignore[union-attr]
        notes = [r.payload for r in outbox_rows(client) if r.kind == "slack.thread"]
        handoffs = client.get(f"/api/leads/{lead_id}", headers=ADMIN).json()["handoffs"]
    assert told and [h["status"] for h in handoffs] == ["withdrawn"]
    (note,) = [n for n in notes if n.get("signal") == "requested_withdrawn"]
    assert "no longer need to talk to someone" in note_text(note)


async def test_nothing_asked_for_and_no_request_named_drops_nothing() -> None:
    """Found in a French conversation: a problem about quote requests, read as taking a
    quote back, was answered "C'est noté, pas de devis" and the problem was lost."""
    leads = Leads(True)
    problem = "le pb c est qu on perd les demandes de devis du site"
    dispatcher = await withdrawn(problem, "greet", leads)
    assert leads.withdrawn == []
    assert [m["response"] for m in dispatcher.messages] == ["utter_please_rephrase"]
    # Named, it is said back even with nothing asked before ("I don't want a demo").
    dispatcher = await withdrawn("je ne veux pas de démo", "greet", leads)
    assert dispatcher.messages[0]["response"] == "utter_demo_withdrawn"
