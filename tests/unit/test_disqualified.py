"""Students, competitors, investors, job seekers (DOMAIN.md's "No"): recognised when they
say it of themselves, kept and scored, but never handed to sales as a hot lead."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest
from fastapi.testclient import TestClient
from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions import ActionBuyingSignal, LeadStatus
from actions.facts import carried_facts
from actions.profile import FactUpdate, facts_to_profile
from bot.app import create_app
from bot.services import services_of
from bot.settings import Settings
from nlu.extract import extract_facts
from nlu.extract.answers import bare_company
from nlu.extract.disqualifier import extract_disqualifier, named_competitor
from scoring import DEFAULT_RULES_PATH, Event, Profile, load_rules, stage_for
from tests.conftest import ADMIN_TOKEN
from tests.unit.fake_engine import FakeEngine
from tests.unit.test_scoring import NOW, score_of
from tests.unit.visitors import as_visitor

ADMIN = {"Authorization": f"Bearer {ADMIN_TOKEN}"}
RULES = load_rules(DEFAULT_RULES_PATH)


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("hi! I'm a master's student writing my thesis", "student"),
        ("je suis étudiant en master et je fais un mémoire", "student"),
        ("full disclosure I work for a company that builds a similar chat assistant", "competitor"),
        ("je bosse chez un éditeur de logiciel concurrent", "competitor"),
        ("I'm an associate at a venture capital fund", "investor"),
        ("je suis chargée d'affaires dans un fonds d'investissement", "investor"),
        ("are you hiring? I'm looking for a job in marketing", "job_seeker"),
        ("je cherche une alternance, vous recrutez ?", "job_seeker"),
        # Hard negatives: about others, or a buyer's own words.
        ("how do you compare to your competitors?", None),
        ("we lost deals to a competitor last quarter", None),
        ("nos concurrents répondent plus vite que nous", None),
        ("our investors want a weekly pipeline report", None),
        ("we are hiring SDRs fast and need a tool", None),
        ("we sell training to students and universities", None),
    ],
)
def test_who_will_never_buy_says_so_of_themselves(text: str, reason: str | None) -> None:
    assert extract_disqualifier(text) == reason


def test_the_reason_is_a_profile_fact_beside_the_others() -> None:
    facts = extract_facts(
        "I'm a PhD student, our lab is 12 people", today=date(2026, 12, 3), language="en"
    )
    profile = facts_to_profile(facts)
    assert profile["disqualified"] == "student" and profile["company_size"] == 12


def test_a_disqualified_lead_keeps_its_score_but_is_never_sdr_ready() -> None:
    hot = Profile(email_kind="business", role="decision_maker", company_size=200, need="x")
    score = score_of(hot, [Event("demo_request", NOW), Event("product_signup", NOW)])
    assert stage_for(score, identified=True, rules=RULES) == "sdr_ready"
    assert stage_for(score, identified=True, rules=RULES, disqualified=True) == "mql"


class FakeLeads:
    async def buying_signal(
        self, lead_id: int, signal: str, *, idempotency_key: str
    ) -> LeadStatus | None:
        return LeadStatus(stage="lead", score=15, sdr_ready=False, disqualified=True)


async def test_a_demo_asked_by_a_student_is_answered_here_not_passed_to_sales() -> None:
    t = Tracker(
        sender_id="c1",
        slots={"language": "en"},
        latest_message={
            "text": "could I get a demo for my research?",
            "intent": {"name": "request_demo"},
            "metadata": {"lead_id": 7},
        },
        events=[],
        paused=False,
        followup_action=None,
        active_loop={},
        latest_action_name="action_listen",
    )
    dispatcher = CollectingDispatcher()
    await ActionBuyingSignal(FakeLeads()).run(dispatcher, t, {})  # type: ignore[arg-type]
    assert [m["response"] for m in dispatcher.messages] == ["utter_not_for_sales"]


def test_the_store_opens_no_handoff_for_a_disqualified_lead(settings: Settings) -> None:
    from channels.web import plugin as web

    engine = FakeEngine(lambda p: [{"text": "ok"}])
    with TestClient(create_app(settings, [web], engine_transport=engine.transport)) as client:
        lead_id = client.post(
            "/api/chat", json={"text": "hello"}, headers=as_visitor(client, "v-student")
        ).json()["lead_id"]
        facts = services_of(client.app.state).lead_facts  # type: ignore[attr-defined]
        update = FactUpdate(
            profile={"disqualified": "student", "role": "end_user"},
            email="liam@example-university.edu",
            email_kind="business",
            consent=True,
            consent_wording="ok",
        )

        async def go() -> LeadStatus | None:
            await facts.record(lead_id, update)
            return await facts.buying_signal(lead_id, "demo_request", idempotency_key="k-1")

        status = client.portal.call(go)  # type: ignore[union-attr]
        lead = client.get(f"/api/leads/{lead_id}", headers=ADMIN).json()
    assert status is not None and status.disqualified
    assert lead["handoffs"] == [] and lead["profile"]["disqualified"] == "student"
    assert any(c["signal"] == "demo_request" for c in lead["score_history"])  # still scored


def test_a_bare_company_name_is_one_in_capitals_and_nothing_else() -> None:
    today = date(2026, 12, 3)
    assert bare_company("Fernhill Analytics", today=today) == "Fernhill Analytics"
    for reply in ("lol", "OK", "CRM", "Marketing Manager", "sometime in the spring", "March"):
        assert bare_company(reply, today=today) is None


def test_a_fact_in_a_message_not_understood_is_carried() -> None:
    def tracker(events: list[dict[str, object]]) -> Tracker:
        return Tracker("c", {}, {}, events, False, None, {}, "action_listen")

    user = {"event": "user", "text": "liam@uni.edu"}
    assert carried_facts(tracker([user, {"event": "slot", "name": "email", "value": "l@u.edu"}]))
    assert not carried_facts(tracker([user, {"event": "slot", "name": "language", "value": "en"}]))
    earlier = [{"event": "slot", "name": "email", "value": "l@u.edu"}, user]
    assert not carried_facts(tracker(earlier))


async def test_a_non_buyers_dates_and_amounts_are_not_a_buying_timeline_or_budget() -> None:
    from actions.facts import ActionExtractFacts
    from tests.unit.test_qualification_actions import FakeLeads as Store

    leads = Store()
    t = Tracker(
        sender_id="c1",
        slots={"language": "en", "disqualified": "student"},
        latest_message={
            "text": "my thesis is due in June, I'm at a 40 people lab",
            "intent": {"name": "inform"},
            "metadata": {"lead_id": 7, "language": "en"},
        },
        events=[],
        paused=False,
        followup_action=None,
        active_loop={},
        latest_action_name="action_listen",
    )
    await ActionExtractFacts(leads).run(CollectingDispatcher(), t, {})  # type: ignore[arg-type]
    (_, update), *_ = leads.updates
    assert "timeline_months" not in update.profile and update.profile["company_size"] == 40


async def test_a_job_seeker_is_pointed_to_the_careers_page_and_their_wish_is_not_their_job() -> (
    None
):
    from actions import ActionQualificationDone
    from actions.facts import ActionExtractFacts
    from tests.unit.test_qualification_actions import FakeLeads as Store

    leads = Store()

    def tracker(text: str, **slots: object) -> Tracker:
        return Tracker(
            sender_id="c1",
            slots={"language": "en", **slots},
            latest_message={
                "text": text,
                "intent": {"name": "state_need"},
                "metadata": {"lead_id": 7, "language": "en"},
            },
            events=[],
            paused=False,
            followup_action=None,
            active_loop={},
            latest_action_name="action_listen",
        )

    text = "hi, are you hiring? I'm looking for a job as an SDR"
    await ActionExtractFacts(leads).run(CollectingDispatcher(), tracker(text), {})  # type: ignore[arg-type]
    (_, update), *_ = leads.updates
    assert update.profile == {"disqualified": "job_seeker"}
    dispatcher = CollectingDispatcher()
    await ActionQualificationDone(leads).run(  # type: ignore[arg-type]
        dispatcher, tracker("x", disqualified="job_seeker"), {}
    )
    assert [m["response"] for m in dispatcher.messages] == ["utter_job_seeker_thanks"]


RIVALS = ("HubSpot", "Marketo", "Plezi", "Pardot")


@pytest.mark.parametrize(
    ("text", "rival"),
    [
        ("I work at HubSpot, just curious about your pricing", "HubSpot"),
        ("I'm from Plezi, how do you price?", "Plezi"),
        ("je bosse chez plezi", "Plezi"),
        ("Marketo here, quick question", "Marketo"),
        ("im at marketo", "Marketo"),
        ("ma boite c'est Plezi", "Plezi"),
        ("im on the growth team at hubspot, wanted to see how you price", "HubSpot"),
        ("je suis commercial chez Pardot... enfin Salesforce quoi", "Pardot"),
        ("can u send a quote to k.lee@hubspot.com", "HubSpot"),
        ("im the marketing lead, we looked at hubspot", None),
        ("im looking at hubspot and you", None),
        # a tool they use or ask about is no employer
        ("do you integrate with HubSpot?", None),
        ("we use HubSpot and Marketo", None),
        ("we're HubSpot users", None),
        ("I work at Acme", None),
    ],
)
def test_working_for_a_named_competitor_is_recognised(text: str, rival: str | None) -> None:
    assert named_competitor(text, RIVALS) == rival
    facts = extract_facts(text, today=date(2026, 12, 7), competitors=RIVALS)
    assert (facts.disqualifier == "competitor") is (rival is not None)
    if rival:
        assert facts.company == rival


def test_a_competitor_named_in_reply_to_the_company_question_disqualifies() -> None:
    facts = replace(extract_facts("ok", today=date(2026, 12, 7)), company="hubspot")
    assert facts_to_profile(facts)["disqualified"] == "competitor"  # the default list


@pytest.mark.parametrize(
    ("text", "customer"),
    [
        ("hi i already have an account with you and my salesforce sync stopped working", True),
        ("bonjour, on est deja clients chez vous depuis 1 an", True),
        ("we are existing customers, how do I add a user?", True),
        ("je suis déjà client", True),
        # someone else's customers, or their own
        ("we are already customers of HubSpot", False),
        ("on est deja clients de Salesforce", False),
        ("we have 300 customers", False),
        ("existing customer data is messy", False),
    ],
)
def test_an_existing_customer_is_no_lead(text: str, customer: bool) -> None:
    assert (extract_disqualifier(text) == "customer") is customer
