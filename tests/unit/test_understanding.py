"""Understanding replies as prospects write them (issue 15): nothing from markup or mashing,
facts in the shapes people use, corrections, a question asked twice at most, and an email
given in answer to the email question kept on that question's wording."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from rasa_sdk import Tracker

from actions.consent import email_question
from actions.facts import MISSES, missed_question, read_message
from actions.profile import NOT_NEEDED, SKIPPED
from actions.qualification import ValidateQualificationForm
from actions.questions import ASKED
from nlu.extract import extract_facts
from nlu.extract.answers import answer_for
from nlu.extract.budget import extract_budget
from nlu.extract.company import extract_company
from nlu.extract.company_size import extract_company_size
from nlu.extract.noise import is_noise
from nlu.extract.take_backs import corrected_number
from nlu.extract.timeline import extract_timeline

TODAY = date(2026, 12, 3)


@pytest.mark.parametrize(
    "text",
    [
        "<img src=x onerror=alert(1)>",
        "asdfgh",
        "qsdfghjk",
        "!!!",
        "🙂",
        "<b onclick=x()>we are 50</b>",
        "<script>alert(1)</script> we are 50 people",
    ],
)
def test_markup_and_mashing_yield_no_fact(text: str) -> None:
    assert is_noise(text)
    assert extract_facts(text, today=TODAY, language="en").is_empty


def test_bare_formatting_tags_are_read_as_the_words_they_wrap_and_never_stored() -> None:
    facts = extract_facts("<b>we</b> need better lead scoring, we are 50", today=TODAY)
    assert facts.company_size == 50
    assert facts.need is not None and facts.need.text.startswith("we need better lead scoring")


@pytest.mark.parametrize("text", ["ok", "80", "sam@x.com", "Harbor & Finch", "xkcd", "hmm"])
def test_short_real_replies_are_not_noise(text: str) -> None:
    assert not is_noise(text)


@pytest.mark.parametrize(
    ("text", "size"),
    [
        ("We're an 80-person logistics company", 80),
        ("~35 ppl", 35),
        ("a dozen of us", 12),
        ("une cinquantaine de salariés", 50),
        ("une quinzaine d'employés", 15),
        ("a 50-strong team", 50),
        ("oops, we're 70 now", 70),
        ("on est 85 maintenant", 85),
    ],
)
def test_company_sizes_as_people_write_them(text: str, size: int) -> None:
    assert extract_company_size(text) == size


@pytest.mark.parametrize(
    ("text", "months"),
    [
        ("we'd want it live before end of Q1", 3.9),
        ("end of Q4", 1.0),
        ("pour la fin du premier trimestre", 3.9),
        ("Timeline: 3 months", 3.0),
        ("in 2 monts", 2.0),
        ("d ici 3 mois", 3.0),
        ("On veut démarrer début 2027", 1.4),
        ("mi-2027", 6.4),
        ("avant l'été si possible", 6.6),
        ("à la rentrée", 8.9),
        ("6 months from now", 6.0),
        ("c'est pour dans 2-3 mois", 2.5),  # a range: its middle
        ("within 3 to 6 months", 4.5),
        ("entre 2 et 3 mois", 2.5),
        ("between 2 and 3 months", 2.5),
        ("dans 2/3 mois", 2.5),
    ],
)
def test_timelines_from_the_reference_date(text: str, months: float) -> None:
    found = extract_timeline(text, today=TODAY)
    assert found is not None and found.months == months


@pytest.mark.parametrize(
    "text", ["le projet a été lancé en 2024", "in the spring we raised a round", "début 2025"]
)
def test_dates_that_are_not_deadlines(text: str) -> None:
    assert extract_timeline(text, today=TODAY) is None


def test_budgets_without_a_cue_or_with_swiss_francs() -> None:
    yearly = extract_budget("around 20-25k a year")
    assert yearly is not None and (yearly.min, yearly.max, yearly.period) == (20e3, 25e3, "year")
    chf = extract_budget("CHF 30'000 par année")
    assert chf is not None and (chf.max, chf.currency, chf.period) == (30e3, "CHF", "year")
    typo = extract_budget("budjet around 15k per yr")
    assert typo is not None and (typo.max, typo.period) == (15e3, "year")
    assert extract_budget("our ARR is 2M a year") is None


@pytest.mark.parametrize(
    ("text", "company"),
    [
        ("Caldera Robotics, 150 employees", "Caldera Robotics"),
        ("VP Sales, Quillon Software, about 900 employees", "Quillon Software"),
        ("I'm the managing director of Thistle & Crane", "Thistle & Crane"),
        ("it's Tallis & Rowe", "Tallis & Rowe"),
        ("do you support SAML SSO with Okta?", None),
    ],
)
def test_company_names_in_context(text: str, company: str | None) -> None:
    assert extract_company(text) == company


@pytest.mark.parametrize(
    ("reply", "company"),
    [
        ("Fernhill Analytics", "Fernhill Analytics"),
        ("La Poste", "La Poste"),
        ("compny is Bramblecote", "Bramblecote"),
        ("sometime in the spring", None),
        ("in charge of marketing", None),
        ("not sure", None),
        ("yep", None),  # a yes, not a company called Yep
        ("acme robotics", "acme robotics"),  # typed in lower case, to the company question
        ("harbor & finch", "harbor & finch"),
        ("ask my boss", None),
        ("45 people", None),
        ("3M", "3M"),
        ("une pme", None),  # what kind of business, not its name
        ("small agency", None),
        ("nope", None),
        ("exactement", None),
        ("correct", None),
    ],
)
def test_a_bare_reply_is_a_company_only_when_it_has_a_names_shape(
    reply: str, company: str | None
) -> None:
    answer = answer_for("company", reply, today=TODAY)
    assert (answer or {}).get("company") == company


def test_a_bare_correction_replaces_the_number_it_names() -> None:
    assert corrected_number("oops, 300 not 30", 30) == 300
    assert corrected_number("actually sorry 150 not 120", 120_000) == 150_000
    assert corrected_number("300 not 30", 50) is None


def tracker(requested: str | None = None, **slots: Any) -> Tracker:
    return Tracker(
        sender_id="conversation-1",
        slots={"language": "en", "requested_slot": requested, **slots},
        latest_message={"text": "x", "intent": {"name": "inform"}, "metadata": {}},
        events=[],
        paused=False,
        followup_action=None,
        active_loop={"name": "qualification_form"} if requested else {},
        latest_action_name="action_listen",
    )


def test_a_question_answered_twice_with_something_else_is_skipped() -> None:
    first = missed_question(tracker("need"), "need", "inform", {})
    assert first == {MISSES: {"need": 1}}
    second = missed_question(tracker("need", **first), "need", "inform", {})
    assert second[MISSES] == {"need": 2} and second["need"] == SKIPPED
    # A digression (a content question, "why do you ask?") is answered, not counted.
    assert missed_question(tracker("need"), "need", "ask_content", {}) == {}
    # A skipped email leaves nothing to agree to.
    email = missed_question(tracker("email", **{MISSES: {"email": 1}}), "email", "inform", {})
    assert email["contact_consent"] == NOT_NEEDED


def test_a_question_asked_three_times_is_skipped_after_any_reply_that_does_not_answer() -> None:
    """Whatever came between (other facts, corrections), a fourth time is never asked; a
    digression is answered and the question waits, unasked (actions/questions.py)."""
    thrice = {ASKED: {"need": 3}}
    correction = missed_question(tracker("need", **thrice), "need", "inform", {}, counts=False)
    assert correction["need"] == SKIPPED
    assert missed_question(tracker("need", **thrice), "need", "ask_content", {}) == {}  # waits
    assert missed_question(tracker("need", **thrice), "need", "inform", {"need": "x"}) == {}
    twice = {ASKED: {"need": 2}}  # before: a correction is no miss
    assert missed_question(tracker("need", **twice), "need", "inform", {}, counts=False) == {}


async def test_an_email_given_to_the_email_question_is_kept_on_its_wording() -> None:
    reading = await read_message(
        "sam.ortiz@kestrelfreight.com",
        "en",
        requested="email",
        intent="inform",
        form="qualification_form",
    )
    assert reading.consent is True and reading.consent_wording == email_question("en")
    assert "privacy" in email_question("en") and "confidentialité" in email_question("fr")


async def test_a_need_is_what_the_classifier_says_is_one() -> None:
    quote = await read_message(
        "je voudrais un devis pour 25 utilisateurs", "fr", requested="need", intent="request_quote"
    )
    assert quote.facts.need is None
    bare = await read_message("around 20-25k a year", "en", requested="need", intent="inform")
    assert bare.facts.need is None and bare.facts.budget is not None


async def test_a_volunteered_address_is_confirmed_at_once() -> None:
    form = ValidateQualificationForm()
    order = ["need", "job_title", "email", "contact_consent"]
    held = tracker("need", email="jane@acme.io")
    assert (await form.required_slots(order, None, held, {}))[0] == "contact_consent"  # type: ignore[arg-type]
    assert await form.required_slots(order, None, tracker("need"), {}) == order  # type: ignore[arg-type]


async def test_stop_asking_me_questions_ends_the_questions() -> None:
    """ "arrete de me poser des questions stp, je veux juste les prix" got the next
    question; now the form asks nothing more (but the consent an address needs)."""
    form = ValidateQualificationForm()
    order = ["need", "job_title", "email", "contact_consent"]
    assert await form.required_slots(order, None, tracker("need", questions_stopped=True), {}) == []  # type: ignore[arg-type]
    held = tracker("need", questions_stopped=True, email="jane@acme.io")
    assert await form.required_slots(order, None, held, {}) == ["contact_consent"]  # type: ignore[arg-type]


def test_a_need_typed_without_accents_is_a_need() -> None:
    from nlu.extract.need import extract_need

    need = extract_need("on galere a relancer les prospects apres les salons")
    assert need is not None and need.text.startswith("on galere")


class Leads:
    def __init__(self) -> None:
        self.updates: list[Any] = []

    async def record(self, lead_id: int, update: Any) -> Any:
        self.updates.append(update)


@pytest.mark.parametrize(
    ("text", "intent", "after"),
    [
        ("no, please don't contact me", "deny", None),
        ("ne me contactez pas", "deny", None),
        ("no", "deny", "action_qualification_done"),
    ],
)
async def test_a_prospect_can_take_back_the_address_they_gave(
    text: str, intent: str, after: str | None
) -> None:
    from rasa_sdk.executor import CollectingDispatcher

    from actions.facts import ActionExtractFacts

    events = [{"event": "action", "name": after}] if after else []
    t = Tracker(
        sender_id="conversation-1",
        slots={"language": "en", "email": "elena@korvane.io", "contact_consent": True},
        latest_message={
            "text": text,
            "intent": {"name": intent},
            "metadata": {"lead_id": 7, "language": "en"},
        },
        events=[*events, {"event": "action", "name": "action_listen"}],
        paused=False,
        followup_action=None,
        active_loop={},
        latest_action_name="action_listen",
    )
    leads = Leads()
    out = await ActionExtractFacts(leads).run(CollectingDispatcher(), t, {})  # type: ignore[arg-type]
    slots = {e["name"]: e["value"] for e in out if e["event"] == "slot"}
    assert slots["email"] is None and slots["contact_consent"] is False
    (update,) = leads.updates
    assert update.withdraw_contact and update.consent is False and update.email is None
    assert slots["contact_refused"] == "deleted"  # the reply says the address is deleted


@pytest.mark.parametrize(
    ("text", "slots", "refused", "reply"),
    [
        ("please dont contact me", {}, "nothing_kept", "utter_contact_refused"),
        ("arrêtez de me contacter svp", {}, "nothing_kept", "utter_contact_refused"),
        ("no need to call me", {}, "nothing_kept", "utter_contact_refused"),
        (
            "please don't contact me",
            {"email": "elena@korvane.io", "contact_consent": True},
            "deleted",
            "utter_contact_deleted",
        ),
    ],
)
async def test_a_refusal_to_be_contacted_is_said_back_and_opens_no_handoff(
    text: str, slots: dict[str, Any], refused: str, reply: str
) -> None:
    """Read as a request for a person ("contact me"), it was answered "a person from our
    team will join you here" and opened a handoff."""
    from rasa_sdk.executor import CollectingDispatcher

    from actions.facts import ActionExtractFacts
    from actions.handoff import ActionRequestHuman
    from actions.never_mind import ActionAcknowledgeNo

    t = tracker(None, **slots)
    t.latest_message = {
        "text": text,
        "intent": {"name": "request_human"},
        "metadata": {"lead_id": 7, "language": "en"},
    }
    out = await ActionExtractFacts(Leads()).run(CollectingDispatcher(), t, {})  # type: ignore[arg-type]
    set_now = {e["name"]: e["value"] for e in out if e["event"] == "slot"}
    assert set_now["contact_refused"] == refused
    t.slots.update(set_now)

    class Handoffs:
        asked = 0

        async def request_handoff(self, lead_id: int) -> None:
            self.asked += 1

    handoffs = Handoffs()
    for action in (ActionRequestHuman(handoffs), ActionAcknowledgeNo()):  # type: ignore[arg-type]
        dispatcher = CollectingDispatcher()
        await action.run(dispatcher, t, {})
        assert [m["response"] for m in dispatcher.messages] == [reply]
    assert handoffs.asked == 0


async def test_a_plain_no_is_acknowledged_plainly() -> None:
    from rasa_sdk.executor import CollectingDispatcher

    from actions.never_mind import ActionAcknowledgeNo

    dispatcher = CollectingDispatcher()
    await ActionAcknowledgeNo().run(dispatcher, tracker(None, contact_refused=None), {})
    assert [m["response"] for m in dispatcher.messages] == ["utter_deny_ack"]


async def test_a_plain_no_elsewhere_takes_nothing_back() -> None:
    from actions.withdrawal import withdraws_contact

    t = tracker(None, email="elena@korvane.io", contact_consent=True)
    assert not withdraws_contact(t, "no", "deny")


def test_the_lead_store_forgets_the_address_and_records_the_refusal(
    settings: Any,
) -> None:
    from fastapi.testclient import TestClient

    from actions.facts import withdrawal
    from actions.profile import FactUpdate
    from bot.app import create_app
    from bot.services import services_of
    from channels.web import plugin as web
    from tests.conftest import ADMIN_TOKEN
    from tests.unit.fake_engine import FakeEngine
    from tests.unit.visitors import as_visitor

    engine = FakeEngine(lambda p: [{"text": "ok"}])
    with TestClient(create_app(settings, [web], engine_transport=engine.transport)) as client:
        lead_id = client.post(
            "/api/chat", json={"text": "hi"}, headers=as_visitor(client, "v-withdraw")
        ).json()["lead_id"]
        facts = services_of(client.app.state).lead_facts  # type: ignore[attr-defined]
        kept = FactUpdate(
            email="elena@korvane.io", email_kind="business", consent=True, consent_wording="q"
        )
        client.portal.call(facts.record, lead_id, kept)  # type: ignore[union-attr]
        client.portal.call(facts.record, lead_id, withdrawal("en"))  # type: ignore[union-attr]
        lead = client.get(
            f"/api/leads/{lead_id}", headers={"Authorization": f"Bearer {ADMIN_TOKEN}"}
        ).json()
    assert lead["email"] is None and "email_kind" not in lead["profile"]
    assert [c["granted"] for c in lead["consents"]] == [True, False]


async def test_a_bare_budget_correction_keeps_the_period_and_currency() -> None:
    held = {"min": 120_000.0, "max": 120_000.0, "currency": "EUR", "period": "year"}
    reading = await read_message(
        "actually sorry 150 not 120", "en", requested=None, intent="deny", budget=held
    )
    budget = reading.facts.budget
    assert budget is not None
    assert (budget.max, budget.currency, budget.period) == (150_000, "EUR", "year")
    fr = await read_message(
        "pardon, 15k pas 10k", "fr", requested=None, intent="inform", budget={"max": 10_000}
    )
    assert fr.facts.budget is not None and fr.facts.budget.max == 15_000


def test_a_size_after_we_are_with_an_approximate_numeral() -> None:
    assert extract_company_size("on est une cinquantaine") == 50
    assert extract_company_size("je suis head of growth chez Kanopee, on est genre 40") == 40


@pytest.mark.parametrize(
    ("text", "title"),
    [
        ("ok, chargé de marketing", "chargé de marketing"),
        ("Me: marketing director.", "marketing director"),
        ("Company: Norrland Outfitters, 500 staff. Me: marketing director.", "marketing director"),
        ("I'm the head of revenue operations at Kestrel Freight", "head of revenue operations"),
    ],
)
def test_titles_after_a_reply_opener(text: str, title: str) -> None:
    from nlu.extract.job_title import extract_job_title

    found = extract_job_title(text)
    assert found is not None and found.title == title


async def test_a_problem_sentence_among_facts_is_the_need_when_the_classifier_leans_to_it() -> None:
    said = "hi! Im CEO of Lumen Analytics, 150 ppl, software. leads from our site go cold"
    leaning = await read_message(said, "en", requested=None, intent="inform", need_confidence=0.43)
    need = leaning.facts.need
    assert need is not None and need.text == "leads from our site go cold"
    assert leaning.facts.company == "Lumen Analytics" and leaning.facts.company_size == 150
    sure = await read_message(said, "en", requested=None, intent="inform", need_confidence=0.05)
    assert sure.facts.need is None  # the classifier sees facts only
    facts_only = "Im CEO of Lumen Analytics. We are 150 people. Budget 30k a year."
    assert (
        await read_message(facts_only, "en", requested=None, intent="inform", need_confidence=0.4)
    ).facts.need is None


@pytest.mark.parametrize(
    ("text", "refused"),
    [
        ("en fait non, pas de mail, appelez moi plutot au 06 12 34 56 78", True),
        ("no email please, call me on 0612345678", True),
        ("not by email, call me at 0612345678", True),
        ("you can call me instead on 06 12 34 56 78", False),
    ],
)
async def test_the_address_refused_for_a_call_is_not_kept(text: str, refused: bool) -> None:
    """'mon email c est paul.martin@…' then, to the consent question, 'en fait non, pas de
    mail, appelez moi plutot au 06…': the address had been kept with consent."""
    from actions.fact_update import fact_update, reply_slots

    reading = await read_message(
        text, "fr", requested="contact_consent", intent="inform", held_slots=frozenset({"email"})
    )
    assert reading.consent is True and reading.email_refused is refused
    t = tracker("contact_consent", email="paul.martin@acme-industrie.fr")
    update = fact_update(t, reading, {}, "fr")
    assert update.phone == "0612345678"
    assert (update.email is None) is refused
    assert ("email" in reply_slots(t, reading, {})) is refused


def test_a_deadline_said_as_a_wish_is_no_answer_to_the_need_question() -> None:
    """ "on veut signer avant fin juin" was stored as the need after the third ask."""
    from datetime import date

    from nlu.extract.answers import answer_for

    assert answer_for("need", "on veut signer avant fin juin", today=date(2026, 12, 7)) is None
    kept = answer_for("need", "we need to fix lead routing before q2", today=date(2026, 12, 7))
    assert kept is not None
