"""Found in an unscripted French conversation: a take-back ("non attendez plutot 12000")
replaces the fact just given; a question behind an "ok" ("ok et ca coute cmb ?") is a
question, not a yes; a glossary word in another inflection ("hébergés") is the same word."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions.content import ACKNOWLEDGE, RESUME, THANK, ActionAcknowledge
from actions.facts import ActionExtractFacts, read_message
from nlu.content.analysis import terms
from nlu.content.search import Answer
from nlu.extract.answers import asks_question
from nlu.extract.take_backs import correction

TODAY = date(2026, 12, 5)
HELD = {"min": 8000.0, "max": 8000.0, "currency": None, "period": "year"}


class Leads:
    def __init__(self) -> None:
        self.updates: list[Any] = []

    async def record(self, lead_id: int, update: Any) -> Any:
        self.updates.append(update)


def after_budget(text: str, intent: str, requested: str = "email") -> Tracker:
    """The form asks for the email just after the previous message gave the budget."""
    return Tracker(
        sender_id="c-1",
        slots={"language": "fr", "requested_slot": requested, "budget_held": HELD},
        latest_message={"text": text, "intent": {"name": intent}, "metadata": {"lead_id": 3}},
        events=[
            {"event": "user", "text": "budjet autour de 8000 par an"},
            {"event": "slot", "name": "budget", "value": "8,000"},
            {"event": "slot", "name": "budget_held", "value": HELD},
            {"event": "action", "name": "action_ask_email"},
            {"event": "user", "text": text},
        ],
        paused=False,
        followup_action=None,
        active_loop={"name": "qualification_form"},
        latest_action_name="action_listen",
    )


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("non attendez plutot 12000", 12_000),
        ("non attendez, plutôt 12000", 12_000),
        ("en fait 9000", 9_000),
        ("pardon, 10 000", 10_000),
        ("sorry I meant 15k", 15_000),
        ("make that 12k", 12_000),
        ("rather 20000", 20_000),
    ],
)
async def test_a_take_back_replaces_the_budget_just_given(text: str, value: int) -> None:
    leads = Leads()
    action = ActionExtractFacts(leads)  # type: ignore[arg-type]
    out = await action.run(CollectingDispatcher(), after_budget(text, "deny"), {})
    (update,) = leads.updates
    assert update.profile["budget"] == {
        "min": value,
        "max": value,
        "currency": None,
        "period": "year",  # kept from the budget it corrects
    }
    slots = {e["name"]: e["value"] for e in out if e["event"] == "slot"}
    assert "email" not in slots  # not a refusal of the question waiting
    assert "question_misses" not in slots  # nor a miss


def budget_then_timeline(text: str) -> Tracker:
    """The budget two messages ago, the timeline in the previous one (found in the widget)."""
    tracker = after_budget(text, "inform")
    tracker.events[-1:-1] = [
        {"event": "user", "text": "pour la rentrée"},
        {"event": "slot", "name": "timeline", "value": "pour la rentrée"},
        {"event": "action", "name": "action_ask_email"},
    ]
    return tracker


async def test_a_take_back_reaches_the_budget_given_one_message_earlier() -> None:
    leads = Leads()
    action = ActionExtractFacts(leads)  # type: ignore[arg-type]
    out = await action.run(
        CollectingDispatcher(), budget_then_timeline("oups en fait plutot 6000"), {}
    )
    (update,) = leads.updates
    assert update.profile["budget"]["max"] == 6_000
    assert "timeline_months" not in update.profile
    slots = {e["name"]: e["value"] for e in out if e["event"] == "slot"}
    assert "question_misses" not in slots


async def test_a_take_back_fitting_the_latest_message_corrects_it() -> None:
    leads = Leads()
    action = ActionExtractFacts(leads)  # type: ignore[arg-type]
    await action.run(CollectingDispatcher(), budget_then_timeline("en fait plutôt dans 3 mois"), {})
    (update,) = leads.updates
    assert update.profile["timeline_months"] == 3
    assert "budget" not in update.profile


@pytest.mark.parametrize("text", ["non", "no thanks", "non 12000", "euh 12000"])
def test_a_no_alone_takes_nothing_back(text: str) -> None:
    assert correction(text, frozenset({"budget"}), today=TODAY) is None


@pytest.mark.parametrize(
    ("text", "size"),
    [("nan 85 en fait", 85), ("no, 85 actually", 85), ("85 plutôt", 85)],
)
def test_a_value_closed_by_a_take_back_replaces_the_one_just_given(text: str, size: int) -> None:
    assert correction(text, frozenset({"company_size"}), today=TODAY) == {"company_size": size}


@pytest.mark.parametrize(
    "text",
    [
        "we are 85 actually and growing",
        "c'est bien en fait",
        "25 seats actually",  # seats, not the headcount
        "combien pour 50 users en fait ?",
        "on est pas 85 en fait",
        "pas avant 2027 en fait",
    ],
)
def test_a_sentence_ending_in_a_take_back_word_takes_nothing_back(text: str) -> None:
    assert correction(text, frozenset({"company_size"}), today=TODAY) is None


def test_a_take_back_that_could_correct_two_facts_corrects_neither() -> None:
    both = frozenset({"budget", "company_size"})
    assert correction("sorry I meant 300", both, today=TODAY) is None
    size = correction("sorry I meant 300", frozenset({"company_size"}), today=TODAY)
    assert size == {"company_size": 300}


async def test_a_take_back_with_nothing_given_before_is_read_as_usual() -> None:
    reading = await read_message("en fait 9000", "fr", requested=None, intent="inform")
    assert not reading.corrected


@pytest.mark.parametrize(
    "text",
    [
        "ok et ca coute cmb ?",
        "ok et ça coûte combien",
        "oui mais vous êtes hébergés où ?",
        "ok, and do you integrate with HubSpot?",
        "yes, how long does setup take",
    ],
)
def test_a_question_behind_an_ok_is_a_question(text: str) -> None:
    assert asks_question(text)


@pytest.mark.parametrize(
    "text",
    ["oui", "ok ?", "yes please", "oui merci", "c'est ça ?", "ok why?", "oui, 200 personnes"],
)
def test_a_bare_yes_is_not_a_question(text: str) -> None:
    assert not asks_question(text)


class Content:
    threshold = 0.5

    def __init__(self) -> None:
        self.asked: list[str] = []

    def ask(self, question: str, language: str | None = None) -> Any:
        self.asked.append(question)
        return Answer(answered=False, answer="")

    def ask_each(self, question: str, language: str | None = None) -> list[Any]:
        return [self.ask(question, language=language)]


@pytest.mark.parametrize("name", [ACKNOWLEDGE, RESUME])
async def test_a_question_classified_as_a_yes_is_looked_up(name: str) -> None:
    content = Content()
    dispatcher = CollectingDispatcher()
    t = after_budget("ok et ca coute cmb ?", "affirm")
    await ActionAcknowledge(name, content).run(dispatcher, t, {})  # type: ignore[arg-type]
    assert content.asked == ["ok et ca coute cmb ?"]
    bare = CollectingDispatcher()
    await ActionAcknowledge(name, content).run(bare, after_budget("ok", "affirm"), {})  # type: ignore[arg-type]
    assert content.asked == ["ok et ca coute cmb ?"]
    said = [m.get("response") for m in bare.messages]
    assert said == (["utter_affirm_ack"] if name == ACKNOWLEDGE else [])


async def test_a_thanks_that_asks_is_answered_and_a_bare_one_welcomed() -> None:
    """'merci ! et vous gérez le RGPD ?' got 'Avec plaisir ! Autre chose ?' (a widget
    conversation): the question is looked up; a bare thanks gets the welcome."""
    content = Content()
    t = after_budget("merci ! et vous gérez le RGPD ?", "thank")
    asking = CollectingDispatcher()
    await ActionAcknowledge(THANK, content).run(asking, t, {})  # type: ignore[arg-type]
    assert content.asked == ["merci ! et vous gérez le RGPD ?"]
    assert "utter_you_are_welcome" not in [m.get("response") for m in asking.messages]
    bare = CollectingDispatcher()
    await ActionAcknowledge(THANK, content).run(bare, after_budget("merci !", "thank"), {})  # type: ignore[arg-type]
    assert [m.get("response") for m in bare.messages] == ["utter_you_are_welcome"]


async def test_a_question_is_not_consent() -> None:
    asked = await read_message(
        "oui mais vous êtes hébergés où ?", "fr", requested="contact_consent", intent="affirm"
    )
    assert asked.consent is None
    yes = await read_message("oui", "fr", requested="contact_consent", intent="affirm")
    assert yes.consent is True


def test_a_glossary_word_in_another_inflection_is_the_same_term() -> None:
    assert terms("vous etes hébergés où ?") == terms("hébergement") == ["host"]
    assert terms("les entreprises") == terms("l'entreprise")
    assert terms("ça coûte cmb ?") == terms("ça coûte combien ?")
    # Only gender and number: an English word is not a French verb's other form.
    assert terms("resilient") != terms("résilier")


@pytest.mark.parametrize(
    ("text", "budget", "size"),
    [
        ("budget maybe 15-20k a year, make that 25k tops", 25_000, None),
        ("we are 40 people, actually 45 if you count interns", None, 45),
        ("actually sorry 150 not 120", 150_000, None),  # names what it corrects
    ],
)
async def test_a_take_back_in_the_same_message_replaces_what_it_gave(
    text: str, budget: int | None, size: int | None
) -> None:
    held = {"max": 120_000, "currency": "EUR", "period": "year"}
    reading = await read_message(text, "en", requested=None, intent="inform", budget=held)
    assert (reading.facts.budget.max if reading.facts.budget else None) == budget
    assert reading.facts.company_size == size
    if budget:
        assert reading.facts.budget and reading.facts.budget.period == "year"


def test_found_in_the_english_conversations() -> None:
    from nlu.extract.timeline import extract_timeline

    timeline = extract_timeline("probably q2 next year", today=TODAY)  # lower-case quarter
    assert timeline is not None and timeline.text == "q2 next year"
    assert terms("whats ur pricing like?") == terms("pricing")


async def test_an_apology_opening_a_sentence_takes_nothing_back() -> None:
    text = (
        "Hi, sorry, my French colleague handed this over to me. I'm the COO at Lindgren "
        "Freight, we're about 350 people"
    )
    reading = await read_message(text, "en", requested=None, intent="inform")
    assert reading.facts.company_size == 350


@pytest.mark.parametrize(
    ("text", "size"),
    [
        ("on est une 30aine chez Atelier Corvin", 30),  # found in the French conversation
        ("on est une trentaine chez Atelier Corvin", 30),
        ("une 20aine de salariés", 20),
        ("we're 40 at Acme", 40),
    ],
)
def test_a_size_typed_as_in_a_chat(text: str, size: int) -> None:
    from nlu.extract.company_size import extract_company_size

    assert extract_company_size(text) == size


class NotAnswering(Content):
    def ask(self, question: str, language: str | None = None) -> Any:
        self.asked.append(question)
        return Answer(answered=False, answer="")

    def ask_each(self, question: str, language: str | None = None) -> list[Any]:
        return [self.ask(question, language=language)]


@pytest.mark.parametrize(
    ("text", "said"),
    [
        # A question sentence beside facts: said unanswered rather than dropped.
        ("on perd des leads sans relance. vous etes hébergés en france ?", True),
        # A question mistaken for facts, alone: only a confident answer is given.
        ("Are you ISO 27001 or SOC 2 certified?", False),
    ],
)
async def test_a_question_beside_facts_is_never_dropped(text: str, said: bool) -> None:
    from actions.answer_first import AnswerFirst

    ask, answer = Recorder("action_ask_timeline"), Recorder("action_answer_content")
    action = AnswerFirst(ask, NotAnswering(), answer)  # type: ignore[arg-type]
    await action.run(CollectingDispatcher(), started_by(text, "state_need"), {})
    assert answer.ran == (["action_answer_content"] if said else [])


class Answering(Content):
    def ask(self, question: str, language: str | None = None) -> Any:
        self.asked.append(question)
        return Answer(answered=True, answer="x", document=object())  # type: ignore[arg-type]

    def ask_each(self, question: str, language: str | None = None) -> list[Any]:
        return [self.ask(question, language=language)]


class Recorder:
    def __init__(self, name: str) -> None:
        self.ran: list[str] = []
        self._name = name

    def name(self) -> str:
        return self._name

    async def run(self, dispatcher: Any, tracker: Tracker, domain: Any) -> list[Any]:
        self.ran.append(self._name)
        return []


def started_by(text: str, intent: str, *after: dict[str, Any]) -> Tracker:
    return Tracker(
        sender_id="c-2",
        slots={"language": "en"},
        latest_message={"text": text, "intent": {"name": intent}, "metadata": {}},
        events=[{"event": "user", "text": text}, *after],
        paused=False,
        followup_action=None,
        active_loop={"name": "qualification_form"},
        latest_action_name="qualification_form",
    )


@pytest.mark.parametrize(
    ("tracker", "answered"),
    [
        (started_by("Are you ISO 27001 or SOC 2 certified?", "inform"), True),
        (started_by("et les données peuvent être effacées sur demande ?", "state_need"), True),
        (started_by("we need better lead scoring", "state_need"), False),  # no question
        (  # answered by its rule
            started_by(
                "Are you ISO certified?",
                "ask_content",
                {"event": "action", "name": "action_answer_content"},
            ),
            False,
        ),
        (  # its facts kept the form going: answered here
            started_by(
                "Head of RevOps at Kestrel Freight. is there SSO?",
                "ask_content",
                {"event": "slot", "name": "job_title", "value": "Head of RevOps"},
            ),
            True,
        ),
        (  # facts and a question: the facts are stored, the question answered
            started_by(
                "VP Sales at Northwind Logistics GmbH, 2000 employees. are you ISO certified?",
                "inform",
                {"event": "slot", "name": "company_size", "value": 2000},
            ),
            True,
        ),
        (  # facts only
            started_by(
                "we're 200 people, budget 20k",
                "inform",
                {"event": "slot", "name": "company_size", "value": 200},
            ),
            False,
        ),
        (  # already answered
            started_by(
                "Are you ISO certified?",
                "inform",
                {"event": "action", "name": "action_answer_content"},
            ),
            False,
        ),
    ],
)
async def test_a_question_taken_for_facts_is_answered_before_the_forms_question(
    tracker: Tracker, answered: bool
) -> None:
    from actions.answer_first import AnswerFirst

    ask, answer = Recorder("action_ask_need"), Recorder("action_answer_content")
    content = Answering()
    action = AnswerFirst(ask, content, answer)  # type: ignore[arg-type]
    assert action.name() == "action_ask_need"
    await action.run(CollectingDispatcher(), tracker, {})
    assert answer.ran == (["action_answer_content"] if answered else [])
    assert not any("Northwind" in q for q in content.asked)  # searched without the facts
    assert ask.ran == ["action_ask_need"]


@pytest.mark.parametrize("intent", ["inform", "ask_content"])
async def test_the_forms_question_never_sends_the_form_back_to_itself(intent: str) -> None:
    """'budget ? aucune idée franchement' while the timeline question waits: the content
    action, run before the question, would go back to the form for a message that carried
    a fact; from inside the form that asked the question again and again (Rasa's circuit
    breaker stopped it after 10)."""
    from actions.answer_first import AnswerFirst
    from actions.content import ActionAnswerContent
    from bot.settings import PROJECT_ROOT
    from nlu.content.search import ContentSearch

    content = ContentSearch(PROJECT_ROOT / "bot" / "content" / "library", embedder=None)
    ask = Recorder("action_ask_timeline")
    action = AnswerFirst(ask, content, ActionAnswerContent(content))  # type: ignore[arg-type]
    said = "budget ? aucune idée franchement"
    tracker = started_by(said, intent, {"event": "slot", "name": "budget", "value": "declined"})
    events = await action.run(CollectingDispatcher(), tracker, {})
    assert ask.ran == ["action_ask_timeline"]
    assert all(e.get("event") != "followup" for e in events)


async def test_a_new_budget_without_a_currency_is_in_the_conversations_currency() -> None:
    """'budget is like 500 usd/month', then 'actually budget could go to 800/mo': dollars
    (it was stored in the default currency, euros, and said so)."""
    said = "actually budget could go to 800/mo"
    held = {"min": 500.0, "max": 500.0, "currency": "USD", "period": "month"}
    reading = await read_message(said, "en", requested="email", intent="inform", budget=held)
    assert reading.facts.budget is not None
    assert (reading.facts.budget.max, reading.facts.budget.currency) == (800, "USD")
    none_held = await read_message(said, "en", requested="email", intent="inform", budget=None)
    assert none_held.facts.budget is not None and none_held.facts.budget.currency is None


@pytest.mark.parametrize(
    ("text", "asks"),
    [
        ("budget? like 200 a month i guess", False),  # the topic echoed, then the answer
        ("budget ? aucune idée franchement", False),
        ("budget? no idea. do you have a free plan?", True),  # and a question of its own
        ("do you support SSO?", True),
    ],
)
def test_a_question_of_its_own_is_not_the_topic_echoed(text: str, asks: bool) -> None:
    from nlu.extract.answers import asks_something

    assert asks_something(text) is asks


@pytest.mark.parametrize(
    ("text", "held", "size"),
    [
        ("we are like 40 ppl, sorry 14 not 40", None, 14),  # its own number put right
        ("we are 40 ppl, sorry i mean 14", None, 14),
        ("we are 40 ppl, sorry 14 not 40", 100, 14),  # not the one held
        ("oops, 300 not 30", 30, 300),
    ],
)
def test_a_size_put_right_in_the_same_message_is_the_size(
    text: str, held: int | None, size: int
) -> None:
    from actions.corrections import corrected
    from nlu.extract.facts import extract_facts

    today = date(2026, 12, 6)
    facts = extract_facts(text, today=today)
    assert corrected(facts, text, size=held, budget=None, today=today).company_size == size


@pytest.mark.parametrize("text", ["prix c est pas un souci", "one sec", "pas un mot de plus"])
def test_an_article_is_no_headcount(text: str) -> None:
    from nlu.extract.answers import answer_for

    assert answer_for("company_size", text, today=date(2026, 12, 6)) is None


@pytest.mark.parametrize(("text", "size"), [("un", 1), ("une seule personne", 1), ("one guy", 1)])
def test_one_alone_or_before_a_person_is_a_headcount(text: str, size: int) -> None:
    from nlu.extract.answers import answer_for

    assert answer_for("company_size", text, today=date(2026, 12, 6)) == {"company_size": size}


def test_only_the_slots_a_message_changed_count_as_given() -> None:
    """The form sets every slot it holds again each turn: "ah et c'est pour 15 utilisateurs"
    had 'given' the size, and "pardon 25 utilisateurs pas 15" corrected the size."""
    from actions.corrections import given_recently

    tracker = after_budget("pardon 25 utilisateurs pas 15", "inform")
    tracker.events[-1:-1] = [
        {"event": "user", "text": "ah et c est pour 15 utilisateurs"},
        {"event": "slot", "name": "seats", "value": 15},
        {"event": "slot", "name": "budget", "value": "8,000"},  # set again, unchanged
    ]
    assert given_recently(tracker) == (frozenset(), frozenset({"budget"}))


async def test_a_count_of_users_corrects_the_seats_not_the_size() -> None:
    leads = Leads()
    tracker = after_budget("pardon 25 utilisateurs pas 15", "inform")
    tracker.slots |= {"company_size": 150, "seats": 15}
    await ActionExtractFacts(leads).run(CollectingDispatcher(), tracker, {})  # type: ignore[arg-type]
    (update,) = leads.updates
    assert update.profile["seats"] == 25 and "company_size" not in update.profile


@pytest.mark.parametrize(
    "text", ["je veux dire directeur commercial pardon", "sorry I mean head of sales"]
)
def test_a_job_title_just_given_is_taken_back(text: str) -> None:
    found = correction(text, frozenset({"job_title"}), today=TODAY)
    assert found is not None and found["job"].title in ("directeur commercial", "head of sales")
    assert correction(text, frozenset({"budget"}), today=TODAY) is None


@pytest.mark.parametrize(
    ("text", "period"),
    [("budget 2000 par mois", "month"), ("budget is 2000 per year", "year")],
)
def test_a_year_shaped_amount_with_its_period_is_a_budget(text: str, period: str) -> None:
    from nlu.extract.budget import extract_budget

    budget = extract_budget(text)
    assert budget is not None and (budget.max, budget.period) == (2000, period)
    assert extract_budget("budget for 2027") is None


def test_found_in_round_four() -> None:
    """'on est 35 dans la boite... non 53 en fait' kept 35; 'enfin 800 par an pardon' after
    '800 par mois' was not read; 'livres blancs' (white papers) named pounds sterling."""
    from nlu.extract.budget import currency_named
    from nlu.extract.take_backs import correction_within

    size = correction_within(
        "on est 35 dans la boite... non 53 en fait", frozenset({"company_size"}), today=TODAY
    )
    assert size == {"company_size": 53}
    budget = correction("enfin 800 par an pardon", frozenset({"budget"}), today=TODAY)
    assert budget is not None and (budget["budget"].max, budget["budget"].period) == (800, "year")
    text = "on veut automatiser le suivi des prospects qui ont telecharge nos livres blancs"
    assert currency_named(text) is None
    assert currency_named("en livres sterling") == "GBP"


def test_a_take_back_shaped_as_money_corrects_the_budget() -> None:
    """'I'm Julia, marketing lead at Parcelo, 25 people, budget 300/month' / 'oops,
    250/month': the size and the budget were both just given, and neither was corrected."""
    given = frozenset({"budget", "company_size"})
    found = correction("oops, 250/month", given, today=TODAY)
    assert found is not None and found["budget"].max == 250
    assert correction("oops, 250", given, today=TODAY) is None  # either: asked about
    assert correction("oops, 250 people", given, today=TODAY) == {"company_size": 250}


def test_one_teams_size_in_brackets_is_not_the_company() -> None:
    from nlu.extract.company_size import extract_company_size

    text = "un outil pour mon equipe marketing (8 personnes) dans une ETI de 900 salaries"
    assert extract_company_size(text) == 900


def test_a_take_back_that_fits_two_facts_corrects_the_one_its_value_is_near() -> None:
    """ "on est 40, je suis dg, budget 500 par mois" then "en fait plutot 800": the budget
    (had "pas compris"); no held values, or values as near: nothing is guessed."""
    from datetime import date

    both = frozenset({"company_size", "budget"})
    today = date(2026, 12, 7)
    held = {"company_size": 40.0, "budget": 500.0}
    taken = correction("en fait plutot 800", both, today=today, held=held)
    assert taken is not None and taken["budget"].max == 800
    size = correction("en fait plutot 45", both, today=today, held=held)
    assert size == {"company_size": 45}
    assert correction("en fait plutot 800", both, today=today) is None
    near = {"company_size": 600.0, "budget": 500.0}
    assert correction("en fait plutot 800", both, today=today, held=near) is None


@pytest.mark.parametrize(
    ("text", "size"),
    [
        # found in a French conversation: the size said three messages earlier, its value
        # named as it is taken back
        ("oups pas une quinzaine, plutot une vingtaine", 20),
        ("sorry, not 15, more like 20 people", 20),
        ("we are not 50, but 500", 500),
    ],
)
async def test_the_value_taken_back_named_first_corrects_it_whenever_it_was_given(
    text: str, size: int
) -> None:
    held = {15: 15, 20: 15, 500: 50}[size]
    reading = await read_message(text, "en", requested="need", intent="inform", size=held)
    assert reading.facts.company_size == size


async def test_an_approximate_count_answers_the_size_question() -> None:
    for text, size in (("une vingtaine", 20), ("a dozen", 12), ("about a dozen of us", 12)):
        reading = await read_message(text, "fr", requested="company_size", intent="inform")
        assert reading.facts.company_size == size


@pytest.mark.parametrize(
    "text",
    ["actually, not all of them, 12 will use it", "en fait pas besoin, on a deja 3 outils"],
)
async def test_a_take_back_of_something_else_corrects_no_size(text: str) -> None:
    given = (frozenset({"company_size"}),)  # the size was the latest message's fact
    reading = await read_message(
        text, "en", requested="need", intent="inform", size=40, given=given
    )
    assert reading.facts.company_size is None and not reading.corrected


@pytest.mark.parametrize(
    ("said", "answered"),
    [
        ("when would we need it? hmm end of next quarter", False),  # our question, answered
        ("when would we need it? not sure tbh", True),  # not answered: their question stands
        ("when can you start? end of next quarter for us", True),  # asks us
    ],
)
async def test_our_question_asked_back_and_answered_is_no_question_for_the_library(
    said: str, answered: bool
) -> None:
    """Found in a chat: "when would we need it? hmm end of next quarter" got "I don't have
    a reliable answer to that in our documentation" before the next question."""
    from actions.answer_first import AnswerFirst

    ask, answer = Recorder("action_ask_budget"), Recorder("action_answer_content")
    filled = [{"event": "slot", "name": "timeline", "value": "end of next quarter"}]
    tracker = started_by(said, "inform", *(filled if "end of" in said else []))
    tracker.events.insert(0, {"event": "slot", "name": "requested_slot", "value": "timeline"})
    action = AnswerFirst(ask, NotAnswering(), answer)  # type: ignore[arg-type]
    await action.run(CollectingDispatcher(), tracker, {})
    assert answer.ran == (["action_answer_content"] if answered else [])


async def test_a_question_the_fallback_answered_is_not_answered_again() -> None:
    """Found in review: the fallback answers a question the form could not file, then the
    form asks its question; the question's wrapper answered it a second time."""
    from actions.answer_first import AnswerFirst

    ask, answer = Recorder("action_ask_need"), Recorder("action_answer_content")
    tracker = started_by(
        "et c'est combien ?", "state_need", {"event": "action", "name": "action_default_fallback"}
    )
    await AnswerFirst(ask, Answering(), answer).run(CollectingDispatcher(), tracker, {})  # type: ignore[arg-type]
    assert answer.ran == [] and ask.ran == ["action_ask_need"]
