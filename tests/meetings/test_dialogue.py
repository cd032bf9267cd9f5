"""The pure reading of a reply to offered slots, in English and French."""

from __future__ import annotations

from datetime import datetime

import pytest

from bot.meetings.dialogue import (
    Later,
    Pick,
    Stop,
    asks_to_cancel,
    asks_to_move,
    find_email,
    read_reply,
    zone_named,
)
from bot.meetings.texts import slot_label, slot_list
from tests.meetings.conftest import PARIS

NOW = datetime(2026, 12, 7, 8, tzinfo=PARIS)  # Monday 08:00
MON_9 = datetime(2026, 12, 7, 9, tzinfo=PARIS)
MON_10 = datetime(2026, 12, 7, 10, tzinfo=PARIS)
TUE_10 = datetime(2026, 12, 8, 10, tzinfo=PARIS)
OFFERED = [MON_9, MON_10, TUE_10]
THU_NOON = datetime(2026, 12, 10, 12, tzinfo=PARIS)


@pytest.mark.parametrize(
    ("text", "chosen"),
    [
        ("1", MON_9),
        ("2", MON_10),
        ("ok 2 then", MON_10),
        ("#3", TUE_10),
        ("the second", MON_10),
        ("the last one", TUE_10),
        ("Tuesday 10:00", TUE_10),
        ("tuesdya at 10am", TUE_10),  # a typo in the day
        ("Monday 9:00 works", MON_9),
        ("I'm free at 9", MON_9),
        ("la deuxième", MON_10),
        ("le premier svp", MON_9),
        ("mardi 10h", TUE_10),
        ("Mardi à 10h00", TUE_10),
        ("lundi 9h c'est parfait", MON_9),
    ],
)
def test_a_choice_picks_an_offered_slot(text: str, chosen: datetime) -> None:
    assert read_reply(text, OFFERED, NOW) == Pick(chosen)


@pytest.mark.parametrize(
    ("text", "not_before"),
    [
        ("none of these, maybe Thursday afternoon?", THU_NOON),
        ("Thursday afternoon would be better", THU_NOON),
        ("hmm none of those work for me, maybe thursday afternon?", THU_NOON),  # typo
        ("plutot jeudi apres midi", THU_NOON),
        ("plutôt jeudi après-midi", THU_NOON),
        ("aucun ne me va, jeudi aprem ?", THU_NOON),
        ("next week?", datetime(2026, 12, 14, tzinfo=PARIS)),
        ("la semaine prochaine", datetime(2026, 12, 14, tzinfo=PARIS)),
        ("demain 14h", datetime(2026, 12, 8, 14, tzinfo=PARIS)),
        ("Wednesday at 3pm?", datetime(2026, 12, 9, 15, tzinfo=PARIS)),
        ("none of these work", datetime(2026, 12, 8, 10, 1, tzinfo=PARIS)),
        ("aucun ne me convient", datetime(2026, 12, 8, 10, 1, tzinfo=PARIS)),
        ("another day maybe?", datetime(2026, 12, 8, 10, 1, tzinfo=PARIS)),
        ("un autre créneau ?", datetime(2026, 12, 8, 10, 1, tzinfo=PARIS)),
    ],
)
def test_another_time_proposes_again_from_then(text: str, not_before: datetime) -> None:
    assert read_reply(text, OFFERED, NOW) == Later(not_before)


@pytest.mark.parametrize(
    "text", ["no thanks", "never mind", "Non merci", "laissez tomber", "annuler"]
)
def test_no_meeting_after_all(text: str) -> None:
    assert read_reply(text, OFFERED, NOW) == Stop()


@pytest.mark.parametrize(
    "text",
    [
        "how much does it cost?",
        "do you integrate with Salesforce?",
        "4",
        "c'est quoi le prix ?",
        "can't you integrate with HubSpot instead?",
        "I'm busy reading your docs, is there an API?",
    ],
)
def test_anything_else_is_left_to_the_engine(text: str) -> None:
    assert read_reply(text, OFFERED, NOW) is None


def test_cancel_and_move_a_booked_meeting() -> None:
    assert asks_to_cancel("cancel my demo") and asks_to_cancel("Annuler le rendez-vous svp")
    assert not asks_to_cancel("can we move it to Friday?")
    assert asks_to_move("can we move it to Friday?", NOW) == datetime(2026, 12, 11, tzinfo=PARIS)
    assert asks_to_move("on peut décaler le rdv à vendredi 14h ?", NOW) == datetime(
        2026, 12, 11, 14, tzinfo=PARIS
    )
    assert asks_to_move("could we reschedule the demo?", NOW) == NOW
    assert asks_to_move("what does it cost?", NOW) is None
    # long, no "demo" in it, but "it" and a day named (said to it through the widget)
    assert asks_to_move("can we move it to next monday morning instead", NOW) is not None
    assert asks_to_move("can I change my plan next monday?", NOW) is None
    assert asks_to_cancel("cancel it") and asks_to_cancel("annuler")


@pytest.mark.parametrize(
    "text",
    [
        "can I cancel my subscription anytime if it does not work for us?",
        "est-ce que je peux annuler l'abonnement quand je veux ou faut-il un préavis ?",
        "can we change the plan later when the team grows bigger?",
        "est-ce que je peux changer la formule en cours d'année sans frais ?",
    ],
)
def test_questions_about_cancelling_a_plan_leave_the_meeting_alone(text: str) -> None:
    assert not asks_to_cancel(text) and asks_to_move(text, NOW) is None


def test_emails_zones_and_labels() -> None:
    assert find_email("sure: pat.lee+demo@acme.co.uk thanks") == "pat.lee+demo@acme.co.uk"
    assert find_email("my email is pat at acme") is None
    assert zone_named("America/New_York") is not None
    assert zone_named("../../etc/passwd") is None and zone_named("Mars/Olympus") is None
    assert zone_named(42) is None
    assert slot_label(TUE_10, "fr") == "mardi 8 décembre, 10h00"
    assert slot_label(TUE_10, "en") == "Tuesday 8 December, 10:00"
    assert (
        slot_list([MON_9, TUE_10], "en")
        == "1. Monday 7 December, 09:00\n2. Tuesday 8 December, 10:00"
    )
