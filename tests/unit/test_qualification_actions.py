"""action_extract_facts and the form's actions, run by rasa-sdk with a fake lead store."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions import ActionExplainQuestion, ActionExtractFacts, ActionQualificationDone, LeadStatus
from actions.consent import email_question
from actions.profile import DECLINED, FactUpdate
from nlu.extract.answers import answer_for


class FakeLeads:
    def __init__(self, *, sdr_ready: bool = False, anonymous: bool = False) -> None:
        self.updates: list[tuple[int, FactUpdate]] = []
        self.events: list[tuple[int, str, str]] = []
        self.sdr_ready = sdr_ready
        # An anonymous visitor stays a visitor whatever the score (not handed over).
        self.stage = "visitor" if anonymous else "sdr_ready" if sdr_ready else "lead"

    async def record(self, lead_id: int, update: FactUpdate) -> LeadStatus:
        self.updates.append((lead_id, update))
        return LeadStatus(stage=self.stage, score=0, sdr_ready=self.sdr_ready)

    async def record_event(
        self, lead_id: int, type: str, properties: dict[str, Any], *, idempotency_key: str
    ) -> LeadStatus:
        self.events.append((lead_id, type, idempotency_key))
        return LeadStatus(stage=self.stage, score=0, sdr_ready=self.sdr_ready)

    async def status(self, lead_id: int) -> LeadStatus | None:
        return LeadStatus(stage=self.stage, score=0, sdr_ready=self.sdr_ready)


def tracker(
    text: str, *, intent: str = "inform", requested: str | None = None, **slots: Any
) -> Tracker:
    return Tracker(
        sender_id="conversation-1",
        slots={"language": "en", "requested_slot": requested, **slots},
        latest_message={
            "text": text,
            "intent": {"name": intent, "confidence": 0.9},
            "metadata": {"lead_id": 7, "language": slots.get("language", "en")},
        },
        events=[],
        paused=False,
        followup_action=None,
        active_loop={"name": "qualification_form"} if requested else {},
        latest_action_name="action_listen",
    )


async def run(action: Any, t: Tracker) -> tuple[dict[str, Any], CollectingDispatcher]:
    dispatcher = CollectingDispatcher()
    events = await action.run(dispatcher, t, {})
    return {e["name"]: e["value"] for e in events if e["event"] == "slot"}, dispatcher


async def test_one_message_fills_several_slots_and_is_stored() -> None:
    leads = FakeLeads()
    slots, _ = await run(
        ActionExtractFacts(leads),
        tracker("CTO at Acme, 200 people, budget 50k, need it by March", requested="need"),
    )
    assert {k: slots[k] for k in ("job_title", "company", "company_size", "budget")} == {
        "job_title": "CTO",
        "company": "Acme",
        "company_size": 200,
        "budget": "50,000",
    }
    assert "need" not in slots  # a deadline, not the problem
    ((lead_id, update),) = leads.updates
    assert lead_id == 7 and update.profile["role"] == "decision_maker"


async def test_a_bare_reply_answers_the_question_asked() -> None:
    slots, _ = await run(
        ActionExtractFacts(FakeLeads()), tracker("about 250", requested="company_size")
    )
    assert slots["company_size"] == 250


async def test_a_number_inside_an_email_is_not_a_headcount() -> None:
    slots, _ = await run(
        ActionExtractFacts(FakeLeads()), tracker("bob1987@gmail.com", requested="company_size")
    )
    assert "company_size" not in slots and slots["email"] == "bob1987@gmail.com"


@pytest.mark.parametrize("intent", ["decline_to_answer", "deny"])
async def test_declining_fills_the_slot_so_it_is_never_asked_again(intent: str) -> None:
    leads = FakeLeads()
    slots, _ = await run(
        ActionExtractFacts(leads), tracker("I'd rather not say", intent=intent, requested="budget")
    )
    assert slots["budget"] == DECLINED
    assert leads.updates[0][1].declined == ("budget",)


@pytest.mark.parametrize(
    ("text", "held", "declined"),
    [
        ("budget? no idea yet tbh", {}, "budget"),  # named: the budget, not the need asked
        ("pour le délai, je ne sais pas encore", {}, "timeline"),
        ("budget? no idea", {"budget": "5,000 EUR"}, "need"),  # held: the question asked
        ("no idea about budget or timeline yet", {}, "need"),  # two named: the one asked
    ],
)
async def test_a_decline_that_names_its_question_declines_that_one(
    text: str, held: dict[str, Any], declined: str
) -> None:
    leads = FakeLeads()
    said = tracker(text, intent="deny", requested="need", **held)
    slots, _ = await run(ActionExtractFacts(leads), said)
    assert slots.get(declined) == DECLINED
    update = leads.updates[0][1]  # "not yet": undecided, the others refused
    assert update.declined + update.undecided == (declined,)


@pytest.mark.parametrize(
    ("text", "intent", "declined"),
    [
        ("no budget set yet, depends on price", "ask_content", "budget"),
        ("pas encore de budget, ça dépend du prix", "withdraw_request", "budget"),
        ("we havent set a budget", "nlu_fallback", "budget"),
        ("no deadline really", "inform", "timeline"),
        ("budget ? aucune idée franchement", "nlu_fallback", "budget"),  # the topic echoed
        ("budget? no idea. do you have a free plan?", "ask_content", "budget"),  # and asks
    ],
)
async def test_an_answer_not_decided_yet_is_not_asked_again_whatever_the_intent(
    text: str, intent: str, declined: str
) -> None:
    leads = FakeLeads()
    slots, _ = await run(ActionExtractFacts(leads), tracker(text, intent=intent, requested="need"))
    assert slots.get(declined) == DECLINED
    update = leads.updates[0][1]  # stored as not decided yet, not as a refusal
    assert update.undecided == (declined,) and update.declined == ()


@pytest.mark.parametrize(
    "text",
    [
        "is there no minimum budget?",
        "our budget is 20k, no more",
        "we have a budget",
        "budget is not a problem",
        "pas de souci pour le budget",
        "le budget n'est pas un souci",
    ],
)
async def test_a_question_or_an_answer_is_not_undecided(text: str) -> None:
    slots, _ = await run(ActionExtractFacts(FakeLeads()), tracker(text, intent="inform"))
    assert slots.get("budget") != DECLINED


async def test_a_digression_fills_nothing_so_the_form_steps_aside() -> None:
    leads = FakeLeads()
    slots, _ = await run(
        ActionExtractFacts(leads), tracker("why do you ask?", intent="ask_why", requested="company")
    )
    assert slots == {} and leads.updates == []


async def test_an_email_given_to_the_email_question_is_kept_on_that_questions_wording() -> None:
    """The question states the purpose and links the privacy notice (issue 15, item 6): the
    prospect who answers it asked to be contacted about their project."""
    leads = FakeLeads()
    slots, _ = await run(ActionExtractFacts(leads), tracker("jane@acme.io", requested="email"))
    assert slots["email"] == "jane@acme.io" and slots["contact_consent"] is True
    update = leads.updates[-1][1]
    assert (update.email, update.email_kind, update.consent) == ("jane@acme.io", "business", True)
    assert update.consent_wording == email_question("en")


async def test_a_volunteered_email_is_stored_only_after_consent() -> None:
    leads = FakeLeads()
    slots, _ = await run(
        ActionExtractFacts(leads), tracker("write to jane@acme.io", requested="company")
    )
    assert slots["email"] == "jane@acme.io"
    assert all(u.email is None for _, u in leads.updates)

    slots, _ = await run(
        ActionExtractFacts(leads),
        tracker("yes", intent="affirm", requested="contact_consent", email="jane@acme.io"),
    )
    assert slots["contact_consent"] is True
    update = leads.updates[-1][1]
    assert (update.email, update.email_kind, update.consent) == ("jane@acme.io", "business", True)
    assert update.consent_wording is not None and "jane@acme.io" in update.consent_wording


async def test_refused_consent_keeps_no_address() -> None:
    leads = FakeLeads()
    await run(
        ActionExtractFacts(leads),
        tracker("no", intent="deny", requested="contact_consent", email="jane@acme.io"),
    )
    update = leads.updates[-1][1]
    assert (update.email, update.consent) == (None, False)


async def test_why_do_you_ask_explains_the_question_waiting() -> None:
    _, dispatcher = await run(
        ActionExplainQuestion(), tracker("why?", intent="ask_why", requested="budget")
    )
    assert dispatcher.messages[0]["response"] == "utter_why_budget"


async def test_why_do_you_want_my_email_explains_the_email_whatever_waits() -> None:
    said = tracker("why do you want my email?", intent="ask_why", requested="timeline")
    _, dispatcher = await run(ActionExplainQuestion(), said)
    assert dispatcher.messages[0]["response"] == "utter_why_email"


async def test_why_after_the_number_was_asked_explains_the_call_back() -> None:
    """ "pourquoi ?" after "which number can they reach you on?" had the generic reason."""
    said = tracker("pourquoi ?", intent="ask_why", language="fr")
    said.events = [{"event": "bot", "metadata": {"utter_action": "utter_human_handoff_number"}}]
    _, dispatcher = await run(ActionExplainQuestion(), said)
    assert dispatcher.messages[0]["response"] == "utter_why_phone"


async def test_a_job_seeker_asking_for_a_person_is_not_handed_to_sales() -> None:
    from actions import ActionRequestHuman

    said = tracker("are you hiring? I'd love to join your sales team", disqualified="job_seeker")
    _, dispatcher = await run(ActionRequestHuman(), said)
    assert [m["response"] for m in dispatcher.messages] == ["utter_job_seeker_thanks"]


@pytest.mark.parametrize(
    ("hot", "anonymous", "response"),
    [
        (True, False, "utter_qualified_sdr_ready"),
        (False, False, "utter_qualified_thanks"),
        # A match who gave no address on the website is not handed over: nobody is
        # promised, a person is offered in the chat ("a person from our sales team will
        # contact you very soon" was said, and no handoff was open).
        (True, True, "utter_qualified_match_anonymous"),
    ],
)
async def test_the_closing_message_depends_on_the_lead(
    hot: bool, anonymous: bool, response: str
) -> None:
    leads = FakeLeads(sdr_ready=hot, anonymous=anonymous)
    _, dispatcher = await run(ActionQualificationDone(leads), tracker("ok"))
    assert dispatcher.messages[0]["response"] == response


@pytest.mark.parametrize(
    ("slot", "text", "expected"),
    [
        ("company_size", "just me", 1),
        ("company_size", "environ 1 200", 1200),
        ("company", "it's Brightwave", "Brightwave"),
        ("company", "c est Menuiseries Lefort", "Menuiseries Lefort"),
        ("timeline", "March", 3.2),
        ("timeline", "6 mois", 6.0),
    ],
)
def test_short_replies_read_as_answers(slot: str, text: str, expected: object) -> None:
    answer = answer_for(slot, text, today=date(2026, 11, 24))
    assert answer is not None
    value = next(iter(answer.values()))
    assert getattr(value, "months", value) == expected


def test_a_question_is_not_an_answer() -> None:
    assert answer_for("need", "what does it cost?", today=date(2026, 11, 24)) is None


async def test_a_phone_number_waits_for_consent_like_an_email() -> None:
    leads = FakeLeads()
    slots, _ = await run(
        ActionExtractFacts(leads), tracker("my number is +33 6 12 34 56 78", requested="email")
    )
    assert slots["phone"] == "+33612345678"
    assert all(u.phone is None for _, u in leads.updates)
    await run(
        ActionExtractFacts(leads),
        tracker("oui", intent="affirm", requested="contact_consent", phone="+33612345678"),
    )
    update = leads.updates[-1][1]
    assert (update.phone, update.consent) == ("+33612345678", True)
    assert update.consent_wording is not None and "+33612345678" in update.consent_wording


async def test_asking_to_be_called_on_a_number_is_the_basis_for_keeping_it() -> None:
    from actions import ActionRequestHuman

    leads = FakeLeads()
    said = "call me please +33 6 12 34 56 78"
    slots, _ = await run(ActionExtractFacts(leads), tracker(said, intent="request_human"))
    assert (slots["phone"], slots["contact_consent"]) == ("+33612345678", True)
    update = leads.updates[-1][1]
    assert (update.phone, update.consent) == ("+33612345678", True)
    assert update.consent_wording is not None and said in update.consent_wording
    assert update.email is None
    _, dispatcher = await run(
        ActionRequestHuman(),
        tracker(said, intent="request_human", phone="+33612345678", contact_consent=True),
    )
    assert dispatcher.messages[0]["response"] == "utter_human_handoff_call"
    _, dispatcher = await run(ActionRequestHuman(), tracker("a person please"))
    assert dispatcher.messages[0]["response"] == "utter_human_handoff"
    _, dispatcher = await run(ActionRequestHuman(), tracker("can you call me?"))
    assert dispatcher.messages[0]["response"] == "utter_human_handoff_number"


async def test_a_call_request_does_not_cover_an_address_held_without_consent() -> None:
    leads = FakeLeads()
    slots, _ = await run(
        ActionExtractFacts(leads),
        tracker("call me at 555-123-4567", intent="request_human", email="jane@acme.io"),
    )
    assert slots["phone"] == "5551234567" and "contact_consent" not in slots
    assert all(u.phone is None and u.email is None for _, u in leads.updates)


async def test_declining_the_email_skips_the_consent_question() -> None:
    slots, _ = await run(
        ActionExtractFacts(FakeLeads()),
        tracker("rather not", intent="decline_to_answer", requested="email"),
    )
    assert slots["email"] == DECLINED
    assert slots["contact_consent"] == "not_needed"


def test_just_me_answers_the_company_question_as_self_employed() -> None:
    assert answer_for("company", "just me", today=date(2026, 11, 24)) == {
        "company": "(self-employed)",
        "company_size": 1,
    }


@pytest.mark.parametrize(
    ("intent", "acted", "steps_aside"),
    [
        ("request_demo", False, True),  # "je veux une démo, au fait on est 14"
        ("request_human", False, True),
        ("inform", False, False),  # an answer: the form goes on
        ("request_demo", True, False),  # back from the demo's action: the form goes on
    ],
)
async def test_the_form_steps_aside_for_a_buying_signal_that_also_gives_facts(
    intent: str, acted: bool, steps_aside: bool
) -> None:
    from actions.qualification import ValidateQualificationForm

    t = tracker("je veux une démo, au fait on est 14", intent=intent, requested="company")
    t.events = [
        {"event": "user", "text": "je veux une démo, au fait on est 14"},
        {"event": "slot", "name": "company_size", "value": 14},
        *([{"event": "action", "name": "action_buying_signal"}] if acted else []),
    ]
    domain = {"forms": {"qualification_form": {"required_slots": ["company", "company_size"]}}}
    events = await ValidateQualificationForm().run(CollectingDispatcher(), t, domain)
    rejected = [e for e in events if e.get("event") == "action_execution_rejected"]
    assert bool(rejected) is steps_aside


async def test_a_number_given_right_after_asking_to_be_called_is_kept_on_that_request() -> None:
    leads = FakeLeads()
    asked = tracker("au 06 12 34 56 78, plutôt l'après-midi", language="fr")
    asked.events = [
        {
            "event": "user",
            "text": "Bonjour, pouvez-vous me rappeler ?",
            "parse_data": {"intent": {"name": "request_human"}},
        },
        {"event": "action", "name": "action_request_human"},
        {"event": "user", "text": "au 06 12 34 56 78, plutôt l'après-midi"},
    ]
    slots, _ = await run(ActionExtractFacts(leads), asked)
    assert (slots["phone"], slots["contact_consent"]) == ("0612345678", True)
    update = leads.updates[-1][1]
    assert update.phone == "0612345678" and "rappelé" in (update.consent_wording or "")
    assert slots["fact_noted"] == {
        "field": "phone_to_call_at",
        "value": "0612345678",
        "when": "plutôt l'après-midi",  # when to call, said back (nlu/extract/call_time.py)
    }
    from actions.noted import acknowledgement

    said = acknowledgement(slots["fact_noted"], "fr")
    assert said == (
        "C'est noté : j'ai demandé à notre équipe de vous appeler au 0612345678, "
        "plutôt l'après-midi."
    )
    # After "talk to a person" (no call asked for), the number waits for the consent question.
    asked.events[0] = {**asked.events[0], "text": "je veux parler à quelqu'un"}
    leads = FakeLeads()
    slots, _ = await run(ActionExtractFacts(leads), asked)
    assert "contact_consent" not in slots and all(u.phone is None for _, u in leads.updates)


async def test_a_consent_is_not_lost_to_an_undecided_budget() -> None:
    said = tracker(
        "oui ok, pas encore de budget par contre",
        intent="affirm",
        requested="contact_consent",
        email="jane@acme.io",
    )
    slots, _ = await run(ActionExtractFacts(FakeLeads()), said)
    assert slots["contact_consent"] is True


async def test_markup_is_never_a_need_even_when_the_classifier_says_it_states_one() -> None:
    leads = FakeLeads()
    said = tracker("<img src=x onerror=alert(1)> our leads go nowhere", intent="state_need")
    slots, _ = await run(ActionExtractFacts(leads), said)
    assert "need" not in slots and leads.updates == []
    said = tracker("<b>we</b> keep losing leads", intent="state_need", requested="need")
    slots, _ = await run(ActionExtractFacts(FakeLeads()), said)
    assert slots["need"] == "we keep losing leads"  # the words, not the tags


async def test_the_company_question_offers_a_business_addresss_domain_and_yes_keeps_it() -> None:
    from actions.questions import ActionAskQuestion

    held = {"email": "sam.ortiz@kestrelfreight.com", "contact_consent": True}
    _, dispatcher = await run(ActionAskQuestion("company"), tracker("", **held))
    (asked,) = dispatcher.messages
    assert asked["text"] == "Which company are you with? Is it kestrelfreight.com?"
    assert asked["buttons"][0] == {"title": "Yes, kestrelfreight.com", "payload": "/affirm"}
    leads = FakeLeads()
    slots, _ = await run(
        ActionExtractFacts(leads), tracker("yep", intent="affirm", requested="company", **held)
    )
    assert slots["company"] == "kestrelfreight.com"
    assert leads.updates[0][1].profile["company"] == "kestrelfreight.com"
    # A name said instead is the company; a personal address offers nothing.
    slots, _ = await run(
        ActionExtractFacts(FakeLeads()),
        tracker("no, Kestrel Freight Ltd", intent="deny", requested="company", **held),
    )
    assert slots["company"] == "Kestrel Freight Ltd"
    _, dispatcher = await run(ActionAskQuestion("company"), tracker("", email="sam@gmail.com"))
    assert dispatcher.messages[0]["text"] == "Which company are you with?"


@pytest.mark.parametrize(
    ("text", "intent", "company"),
    [
        ("/affirm", "affirm", "kestrelfreight.com"),  # the "Yes, kestrelfreight.com" button
        ("yes, Kestrel Freight", "affirm", "Kestrel Freight"),
        ("no, Acme Logistics", "deny", "Acme Logistics"),
        ("No, Acme Logistics", "inform", "Acme Logistics"),
    ],
)
async def test_a_yes_or_a_no_to_the_offered_domain(text: str, intent: str, company: str) -> None:
    held = {"email": "sam.ortiz@kestrelfreight.com", "contact_consent": True}
    said = tracker(text, intent=intent, requested="company", **held)
    slots, _ = await run(ActionExtractFacts(FakeLeads()), said)
    assert slots["company"] == company


async def test_a_bare_no_to_the_offered_domain_is_no_refusal_and_is_asked_again_plainly() -> None:
    from actions.questions import ASKED, ActionAskQuestion

    held = {"email": "sam.ortiz@kestrelfreight.com", "contact_consent": True}
    said = tracker("no", intent="deny", requested="company", **held)
    slots, _ = await run(ActionExtractFacts(FakeLeads()), said)
    assert slots.get("company") != DECLINED
    again = tracker("", **held, **{ASKED: {"company": 1}})
    _, dispatcher = await run(ActionAskQuestion("company"), again)
    assert "kestrelfreight.com" not in dispatcher.messages[0]["text"]


async def test_the_company_asked_before_the_form_ended_is_still_answered() -> None:
    """'Dans quelle entreprise ?', then 'vous pouvez m'appeler lundi ?' (the form ends for the
    handoff), then 'Immo Gaudin': the company (it was 'not understood')."""
    from actions.questions import ASKED

    said = tracker("Immo Gaudin", intent="inform", **{ASKED: {"company": 1}})
    slots, _ = await run(ActionExtractFacts(FakeLeads()), said)
    assert slots["company"] == "Immo Gaudin"
    slots, _ = await run(ActionExtractFacts(FakeLeads()), tracker("Immo Gaudin", intent="inform"))
    assert "company" not in slots  # never asked: a name out of nowhere is not taken


async def test_leave_to_ask_in_the_middle_of_the_form_waits_for_the_question() -> None:
    """'j'ai une petite question' while the form waits: 'go ahead' once (here, or already
    said by the content action), and not the form's next question right after it."""
    from actions.questions import ActionAskQuestion

    said = tracker("j'ai une petite question", intent="inform", requested="budget", language="fr")
    _, dispatcher = await run(ActionAskQuestion("budget"), said)
    assert [m["text"] for m in dispatcher.messages] == [
        "Bien sûr, je vous écoute : quelle est votre question ?"
    ]
    said.events = [
        {"event": "user", "text": "j'ai une petite question"},
        {"event": "action", "name": "action_answer_content"},
    ]
    _, dispatcher = await run(ActionAskQuestion("budget"), said)
    assert dispatcher.messages == []  # the content action said it: nothing more


async def test_an_address_given_in_a_request_to_be_contacted_is_kept_on_that_request() -> None:
    from actions import ActionRequestHuman

    leads = FakeLeads()
    said = "you can contact me at sam@vectorhr.com"
    slots, _ = await run(ActionExtractFacts(leads), tracker(said, intent="request_human"))
    assert (slots["email"], slots["contact_consent"]) == ("sam@vectorhr.com", True)
    update = leads.updates[-1][1]
    assert (update.email, update.consent) == ("sam@vectorhr.com", True)
    assert update.consent_wording is not None and said in update.consent_wording
    assert "contacted" in update.consent_wording
    _, dispatcher = await run(ActionRequestHuman(), tracker(said, intent="request_human"))
    assert dispatcher.messages[0]["response"] == "utter_human_handoff"  # nothing set this turn


@pytest.mark.parametrize(
    "said",
    [
        "plus besoin de me contacter, jean@acme.fr",
        "arrêtez de me contacter sur jean@acme.fr svp",
        "it is not ok to contact me at sam@x.com",
        "qui va me contacter ? jean@acme.fr",
        "pouvez-vous me joindre la brochure ? jean@acme.fr",
    ],
)
async def test_an_address_said_with_a_refusal_or_a_question_is_no_request_to_be_contacted(
    said: str,
) -> None:
    slots, _ = await run(ActionExtractFacts(FakeLeads()), tracker(said, intent="inform"))
    assert slots.get("contact_consent") is not True


@pytest.mark.parametrize(
    ("said", "intent"),
    [
        ("can I get a demo? sam@vectorhr.com", "request_demo"),
        (
            "We are a 40 person agency, I would like a demo, my email is jo@rivage.fr",
            "request_demo",
        ),
        ("bonjour, je voudrais un devis pour 12 utilisateurs, marc@lefort.fr", "request_quote"),
    ],
)
async def test_an_address_given_with_a_demo_or_quote_request_is_kept_on_that_request(
    said: str, intent: str
) -> None:
    """It was held for a consent question that never came outside the form: lost."""
    leads = FakeLeads()
    slots, _ = await run(ActionExtractFacts(leads), tracker(said, intent=intent))
    assert slots["contact_consent"] is True
    update = leads.updates[-1][1]
    assert update.email is not None and update.consent_wording is not None
    assert said in update.consent_wording


async def test_an_address_given_with_a_request_and_a_refusal_to_be_written_to_is_not_kept() -> None:
    said = "I'd like a demo but please don't email me, sam@vectorhr.com"
    slots, _ = await run(ActionExtractFacts(FakeLeads()), tracker(said, intent="request_demo"))
    assert slots.get("contact_consent") is not True


@pytest.mark.parametrize(
    ("text", "declined", "undecided"),
    [
        ("no thanks i wont give my email", ("email",), ()),
        ("je ne donne pas mon email", ("email",), ()),
        ("no budget set yet, depends on price", (), ("budget",)),
        ("je ne sais pas encore pour le délai", (), ("timeline",)),
        ("pas de date pour l'instant", (), ("timeline",)),
        ("no launch date for now", (), ("timeline",)),
        ("je préfère ne pas donner le nom de la boîte", ("company",), ()),
    ],
)
async def test_a_refusal_is_declined_and_a_not_yet_is_undecided(
    text: str, declined: tuple[str, ...], undecided: tuple[str, ...]
) -> None:
    leads = FakeLeads()
    await run(ActionExtractFacts(leads), tracker(text, intent="inform", requested="need"))
    update = leads.updates[0][1]
    assert (update.declined, update.undecided) == (declined, undecided)


@pytest.mark.parametrize("requested", ["company_size", "budget", "email"])
async def test_the_decline_button_declines_the_question_asked(requested: str) -> None:
    """The button's payload has no words: it was taken for noise ("markup is nobody's
    refusal"), and the question came back at once."""
    leads = FakeLeads()
    said = tracker("/decline_to_answer", intent="decline_to_answer", requested=requested)
    slots, _ = await run(ActionExtractFacts(leads), said)
    assert slots[requested] == DECLINED
    assert leads.updates[0][1].declined == (requested,)


@pytest.mark.parametrize(
    ("text", "need", "months"),
    [
        (
            "Our inbound leads sit untouched for days in the CRM. Could we book a demo?",
            "Our inbound leads sit untouched for days in the CRM.",
            None,
        ),
        (  # February is their deadline; next week is the demo's
            "Hi, Anna Schulz here, Head of Marketing at Novalis Pharma Services, 220 people. "
            "Our inbound leads sit untouched for days in the CRM. Budget approx 25k per year, "
            "we want to go live in February. Could we book a demo next week?",
            "Our inbound leads sit untouched for days in the CRM.",
            "in February",
        ),
        ("can we book a demo next week?", None, None),
        ("I want a demo", None, None),
    ],
)
async def test_a_demo_request_keeps_the_problem_and_deadline_said_beside_it(
    text: str, need: str | None, months: str | None
) -> None:
    """With the demo request, the need and the deadline of the same message were lost."""
    leads = FakeLeads()
    slots, _ = await run(ActionExtractFacts(leads), tracker(text, intent="request_demo"))
    assert slots.get("need") == need
    assert slots.get("timeline") == months


async def test_yes_you_can_email_me_to_the_consent_question_is_a_yes() -> None:
    """Read as a request for a person ("email me"), it kept no consent and lost the address."""
    leads = FakeLeads()
    said = tracker(
        "yes you can email me",
        intent="request_human",
        requested="contact_consent",
        email="priya.n@lumahealth.io",
    )
    slots, _ = await run(ActionExtractFacts(leads), said)
    assert slots["contact_consent"] is True
    update = leads.updates[0][1]
    assert (update.email, update.consent) == ("priya.n@lumahealth.io", True)


@pytest.mark.parametrize(
    ("said", "asks"),
    [
        ("hello, can you just email me some info? dan.okafor@greenmill-foods.co.uk", True),
        ("pourriez-vous m envoyer des infos par mail ? jean@acme.fr", True),
        ("can you not email me", False),
        ("qui va me contacter ?", False),
    ],
)
def test_asking_to_be_written_to_is_asking_to_be_contacted(said: str, asks: bool) -> None:
    from actions.reading import asks_to_be_contacted

    assert asks_to_be_contacted(said) is asks


@pytest.mark.parametrize(
    ("text", "requested", "refused"),
    [
        ("no thanks, I don't want anyone to reach out", "need", ()),
        ("je ne souhaite pas être démarché", "need", ()),
        ("merci de supprimer mes coordonnées", "budget", ()),
    ],
)
async def test_a_refusal_to_be_contacted_is_not_the_pending_questions_no(
    text: str, requested: str, refused: tuple[str, ...]
) -> None:
    """It was stored as a refusal of the question waiting (declined need), the address kept."""
    leads = FakeLeads()
    said = tracker(text, intent="deny", requested=requested)
    slots, _ = await run(ActionExtractFacts(leads), said)
    assert slots.get("contact_refused") == "nothing_kept"
    assert all(u.declined == refused for _, u in leads.updates)


@pytest.mark.parametrize("text", ["not decided yet", "pas encore decide", "no idea yet"])
async def test_not_decided_yet_as_the_answer_is_undecided(text: str) -> None:
    leads = FakeLeads()
    await run(ActionExtractFacts(leads), tracker(text, intent="deny", requested="timeline"))
    assert leads.updates[0][1].undecided == ("timeline",)


async def test_when_to_call_is_not_the_projects_deadline() -> None:
    """ "on peut caler un call next week ?" stored a deadline of 0.2 months (+15 pain)."""
    leads = FakeLeads()
    said = tracker("on peut caler un call next week ?", intent="request_human")
    slots, _ = await run(ActionExtractFacts(leads), said)
    assert slots.get("timeline") is None
    assert all("timeline_months" not in u.profile for _, u in leads.updates)


async def test_a_call_asked_for_with_a_number_is_the_basis_whatever_the_intent() -> None:
    """ "pls call me at 0612345678 about pricing for 10 users" (a quote request): the
    number was dropped and the reply said a person would answer here."""
    leads = FakeLeads()
    said = "pls call me at 0612345678 about pricing for 10 users"
    slots, _ = await run(ActionExtractFacts(leads), tracker(said, intent="request_quote"))
    assert (slots["phone"], slots["contact_consent"]) == ("0612345678", True)


async def test_another_way_to_be_contacted_is_no_refusal_and_no_need() -> None:
    leads = FakeLeads()
    said = "actually dont call me, email is better: leo@vantapoint.io"
    slots, _ = await run(ActionExtractFacts(leads), tracker(said, intent="inform"))
    assert slots.get("contact_refused") is None
    assert (slots["email"], slots["contact_consent"]) == ("leo@vantapoint.io", True)
    assert all("need" not in u.profile for _, u in leads.updates)


@pytest.mark.parametrize(
    "said",
    [
        "does Orbitly support the right to be forgotten?",
        "will you delete my data after the trial?",
        "our support team handles too many questions",
    ],
)
async def test_a_question_about_privacy_or_a_statement_refuses_and_stops_nothing(said: str) -> None:
    slots, _ = await run(ActionExtractFacts(FakeLeads()), tracker(said, intent="ask_content"))
    assert slots.get("contact_refused") is None and not slots.get("questions_stopped")


async def test_a_number_given_without_asking_for_a_call_waits_for_consent() -> None:
    said = "mon téléphone : 06 12 34 56 78"
    slots, _ = await run(ActionExtractFacts(FakeLeads()), tracker(said, intent="inform"))
    assert slots.get("contact_consent") is not True


async def test_a_need_about_calling_leads_is_kept_beside_an_address() -> None:
    leads = FakeLeads()
    said = "Our SDRs take 2 days to call back inbound leads, we lose deals. jo@acme.io"
    await run(ActionExtractFacts(leads), tracker(said, intent="state_need"))
    assert any("need" in u.profile for _, u in leads.updates)


async def test_another_address_given_to_the_consent_question_is_asked_about_not_refused() -> None:
    """ "no, use lucas@northbrew.com instead" recorded a refusal: neither address was kept."""
    leads = FakeLeads()
    said = tracker(
        "no, use lucas@northbrew.com instead",
        intent="deny",
        requested="contact_consent",
        email="lucas.martin@gmail.com",
    )
    slots, _ = await run(ActionExtractFacts(leads), said)
    assert slots["email"] == "lucas@northbrew.com"
    assert slots.get("contact_consent") is None
    assert all(u.consent is None for _, u in leads.updates)


async def test_what_the_first_reading_noted_stays_when_the_form_reads_the_message_again() -> None:
    # The form reads the message again when it starts; by then the facts are held, and the
    # "Noted: Brightwave Consulting, 35 people." had been cleared before it was said.
    text = "we are Brightwave Consulting, 35 consultants"
    first, _ = await run(ActionExtractFacts(FakeLeads()), tracker(text))
    noted = first["fact_noted"]
    assert noted == {
        "field": "volunteered",
        "value": [["company", "Brightwave Consulting"], ["company_size", 35]],
    }
    again = tracker(text, company="Brightwave Consulting", company_size=35, fact_noted=noted)
    again.events = [
        {"event": "user", "text": text},
        {"event": "slot", "name": "fact_noted", "value": noted},
    ]
    second, _ = await run(ActionExtractFacts(FakeLeads()), again)
    assert second.get("fact_noted", noted) == noted  # kept (no event, or the same value)


async def test_email_me_instead_keeps_the_address_and_sets_the_number_aside() -> None:
    # Found talking to it: "hmm can i call u instead? 06…", then "actually email me instead,
    # sam@…": the number stayed on the lead, and the rep would have called.
    leads = FakeLeads()
    said = "actually email me instead, sam@acme-forklifts.com"
    slots, _ = await run(
        ActionExtractFacts(leads),
        tracker(said, phone="0612345678", contact_consent=True, requested="company"),
    )
    assert slots["email"] == "sam@acme-forklifts.com" and slots["phone"] is None
    update = leads.updates[-1][1]
    assert (update.email, update.phone, update.withdraw_phone) == (
        "sam@acme-forklifts.com",
        None,
        True,
    )
    # An address given alongside, with no preference, sets nothing aside.
    leads = FakeLeads()
    await run(
        ActionExtractFacts(leads),
        tracker("you can email me at sam@acme-forklifts.com", phone="0612345678"),
    )
    assert not leads.updates[-1][1].withdraw_phone


@pytest.mark.parametrize(
    "said",
    [
        "please call me, no calls before 2pm though: 0612345678, jo@acme.fr",
        "une démo svp, ne m appelez pas avant 14h : 0612345678, jo@acme.fr",
        "pas de mail plutôt un appel au 0612345678, jo@acme.fr",
    ],
)
async def test_a_number_given_with_the_address_is_never_set_aside(said: str) -> None:
    leads = FakeLeads()
    await run(ActionExtractFacts(leads), tracker(said, intent="request_human"))
    assert not leads.updates[-1][1].withdraw_phone


@pytest.mark.parametrize(
    ("said", "language", "line"),
    [
        (
            "pas de budget fixe, on verra selon le prix",
            "fr",
            "C'est noté : pas encore de budget fixé.",
        ),
        ("no budget set yet tbh", "en", "Noted: no budget set yet."),
    ],
)
async def test_an_undecided_budget_given_for_another_question_is_said_back(
    said: str, language: str, line: str
) -> None:
    # Found in a French chat: asked for the company, "pas de budget fixe" got the company
    # question again, with no sign it was heard.
    from actions.noted import volunteered_line

    slots, _ = await run(
        ActionExtractFacts(FakeLeads()), tracker(said, requested="company", language=language)
    )
    assert slots["budget"] == DECLINED  # not asked later
    assert volunteered_line(slots["fact_noted"], language) == line
    # Asked for the budget, the answer is not said back.
    slots, _ = await run(
        ActionExtractFacts(FakeLeads()), tracker(said, requested="budget", language=language)
    )
    assert slots["budget"] == DECLINED and not slots.get("fact_noted")


async def test_users_given_for_another_question_are_said_back() -> None:
    # Found in the widget: "pour 10 utilisateurs" when asked the role got the role question
    # again, with no sign the 10 users were heard.
    from actions.noted import volunteered_line

    slots, _ = await run(
        ActionExtractFacts(FakeLeads()),
        tracker("pour 10 utilisateurs", requested="job_title", language="fr"),
    )
    assert slots["seats"] == 10
    assert volunteered_line(slots["fact_noted"], "fr") == "C'est noté : 10 utilisateurs."


async def test_users_named_in_a_quote_request_are_not_said_back_twice() -> None:
    slots, _ = await run(
        ActionExtractFacts(FakeLeads()),
        tracker("whats the price for like 20 seats", intent="request_quote", requested="need"),
    )
    assert slots["seats"] == 20 and not slots.get("fact_noted")


async def test_a_problem_said_after_a_vague_one_is_added_to_it() -> None:
    # Found in the widget: "Hi - I'm looking at options for our sales team" was taken as the
    # need; "we're 150 people, mostly field sales. leads from our website sit in a shared
    # inbox for days" (state_need at 0.87) was then lost.
    leads = FakeLeads()
    said = (
        "we're 150 people, mostly field sales. "
        "leads from our website sit in a shared inbox for days"
    )
    t = tracker(said, intent="state_need", requested="job_title")
    t.slots["need"] = "I'm looking at options for our sales team"
    t.latest_message["intent"]["confidence"] = 0.87
    t.latest_message["intent_ranking"] = [{"name": "state_need", "confidence": 0.87}]
    slots, _ = await run(ActionExtractFacts(leads), t)
    assert slots["need"] == (
        "I'm looking at options for our sales team; "
        "leads from our website sit in a shared inbox for days"
    )
    # The same problem again adds nothing.
    t = tracker("leads from our website sit in a shared inbox for days", intent="state_need")
    t.slots["need"] = slots["need"]
    t.latest_message["intent_ranking"] = [{"name": "state_need", "confidence": 0.9}]
    again, _ = await run(ActionExtractFacts(FakeLeads()), t)
    assert again.get("need", slots["need"]) == slots["need"]


@pytest.mark.parametrize(
    ("said", "need"),
    [
        # taken back: replaces (found in review)
        (
            "no that's wrong, the problem is reporting, our dashboards are useless",
            "no that's wrong, the problem is reporting, our dashboards are useless",
        ),
        (
            "en fait notre vrai problème c'est le reporting, nos tableaux de bord sont inutiles",
            "en fait notre vrai problème c'est le reporting, nos tableaux de bord sont inutiles",
        ),
        # a repeat adds nothing
        ("like I said, leads from our website sit in a shared inbox", None),
    ],
)
async def test_a_problem_taken_back_replaces_and_a_repeat_adds_nothing(
    said: str, need: str | None
) -> None:
    held = "leads from our website sit in a shared inbox for days"
    t = tracker(said, intent="state_need", requested="job_title")
    t.slots["need"] = held
    t.latest_message["intent_ranking"] = [{"name": "state_need", "confidence": 0.9}]
    slots, _ = await run(ActionExtractFacts(FakeLeads()), t)
    assert slots.get("need", held) == (need or held)
