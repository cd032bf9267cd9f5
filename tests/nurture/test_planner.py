"""The nurture planner, pure, with the clock given: waits, quiet hours in the prospect's
zone (DST included), the frequency cap, skipped questions, every stop."""

from datetime import UTC, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest

from bot.nurture.planner import (
    LeadView,
    Policy,
    after_quiet_hours,
    capped_until,
    matches,
    next_step,
    plan,
    simulate,
)
from bot.nurture.scenarios import Conditions, Scenario, Step, Trigger

PARIS = ZoneInfo("Europe/Paris")
TEXT = {"en": "hi", "fr": "salut"}
POLICY = Policy(quiet_start=time(21), quiet_end=time(8), cap=2, cap_window=timedelta(days=7))


def scenario(*steps: Step) -> Scenario:
    return Scenario("s", "s.yml", Trigger("event", "whitepaper_download"), tuple(steps))


def wait(**kw: float) -> Step:
    return Step("wait", wait=timedelta(**kw))


SAY = Step("message", texts=TEXT)
ASK = Step("question", texts=TEXT, fact="timeline")
GUIDE = scenario(wait(days=3), SAY, wait(days=4), SAY)
LEAD = LeadView(stage="lead", time_zone=PARIS)
NOON = datetime(2026, 12, 7, 11, 0, tzinfo=UTC)  # a Monday, 12:00 in Paris


def test_the_waits_before_a_step_add_up_to_its_due_time() -> None:
    assert next_step(GUIDE, 0, NOON) == (1, NOON + timedelta(days=3))
    assert next_step(GUIDE, 2, NOON) == (3, NOON + timedelta(days=4))
    assert next_step(GUIDE, 4, NOON) == (None, NOON)


def test_a_step_not_yet_due_waits_and_a_due_one_is_sent() -> None:
    due = NOON + timedelta(days=3)
    assert plan(GUIDE, 1, due, LEAD, NOON, POLICY).action == "wait"
    assert plan(GUIDE, 1, due, LEAD, NOON, POLICY).at == due
    assert plan(GUIDE, 1, due, LEAD, due, POLICY).action == "send"


def test_a_step_due_in_the_quiet_hours_waits_for_their_end_in_the_prospects_zone() -> None:
    late = datetime(2026, 12, 7, 21, 30, tzinfo=UTC)  # 22:30 in Paris
    decision = plan(GUIDE, 1, late, LEAD, late, POLICY)
    assert decision.action == "wait"
    assert decision.at == datetime(2026, 12, 8, 7, 0, tzinfo=UTC)  # 08:00 in Paris
    assert plan(GUIDE, 1, late, LEAD, decision.at, POLICY).action == "send"
    # The same instant is 16:30 in New York: not quiet there.
    new_york = LeadView(stage="lead", time_zone=ZoneInfo("America/New_York"))
    assert plan(GUIDE, 1, late, new_york, late, POLICY).action == "send"


def test_quiet_hours_in_the_small_hours_end_the_same_morning_and_follow_dst() -> None:
    small = datetime(2026, 3, 29, 0, 30, tzinfo=UTC)  # 01:30 in Paris, the night clocks go on
    assert after_quiet_hours(small, PARIS, POLICY) == datetime(2026, 3, 29, 6, 0, tzinfo=UTC)
    day = datetime(2026, 3, 29, 9, 0, tzinfo=UTC)
    assert after_quiet_hours(day, PARIS, POLICY) == day
    lunch = Policy(quiet_start=time(12), quiet_end=time(14))
    at = datetime(2026, 12, 7, 12, 15, tzinfo=UTC)  # 13:15 in Paris
    assert after_quiet_hours(at, PARIS, lunch) == datetime(2026, 12, 7, 13, 0, tzinfo=UTC)
    assert after_quiet_hours(at, PARIS, Policy(quiet_start=time(0), quiet_end=time(0))) == at


def test_the_cap_holds_a_step_until_the_oldest_send_leaves_the_window() -> None:
    sent = (NOON - timedelta(days=6), NOON - timedelta(days=1))
    assert capped_until(sent, NOON, POLICY) == NOON + timedelta(days=1)
    assert capped_until(sent[1:], NOON, POLICY) is None
    capped = LeadView(stage="lead", time_zone=PARIS, recent_sends=sent)
    decision = plan(GUIDE, 1, NOON, capped, NOON, POLICY)
    assert (decision.action, decision.at) == ("wait", NOON + timedelta(days=1))


def test_a_cap_that_ends_in_the_night_waits_for_the_morning() -> None:
    sent = (NOON - timedelta(days=7) + timedelta(hours=11), NOON)  # frees at 22:00 in Paris
    capped = LeadView(stage="lead", time_zone=PARIS, recent_sends=sent)
    decision = plan(GUIDE, 1, NOON, capped, NOON + timedelta(minutes=1), POLICY)
    assert decision.at == datetime(2026, 12, 8, 7, 0, tzinfo=UTC)


@pytest.mark.parametrize(
    ("change", "reason"),
    [
        ({"replied": True}, "replied"),
        ({"opted_out": True}, "opted_out"),
        ({"stage": "sdr_ready"}, "sdr_ready"),
        ({"stage": "qualified"}, "stage"),
        ({"stage": "disqualified"}, "stage"),
        ({"claimed": True}, "claimed"),
        ({"verdict": True}, "verdict"),
        ({"reachable": False}, "unreachable"),
    ],
)
def test_a_sequence_stops(change: dict[str, object], reason: str) -> None:
    lead = LeadView(**{**LEAD.__dict__, **change})
    decision = plan(GUIDE, 1, NOON, lead, NOON, POLICY)
    assert (decision.action, decision.reason) == ("stop", reason)


def test_an_opt_out_wins_over_everything_else() -> None:
    lead = LeadView(stage="sdr_ready", opted_out=True, replied=True)
    assert plan(GUIDE, 1, NOON, lead, NOON, POLICY).reason == "opted_out"


def test_a_question_for_a_fact_given_meanwhile_is_skipped() -> None:
    asks = scenario(ASK)
    assert plan(asks, 0, NOON, LEAD, NOON, POLICY).action == "send"
    told = LeadView(stage="lead", profile={"timeline_months": 3})
    decision = plan(asks, 0, NOON, told, NOON, POLICY)
    assert (decision.action, decision.reason) == ("skip", "timeline known")


def test_a_finished_scenario_stops_as_done() -> None:
    assert plan(GUIDE, 4, NOON, LEAD, NOON, POLICY).reason == "done"


def test_conditions_on_stage_score_profile_and_missing_facts() -> None:
    mql = LeadView(stage="mql", score=55, profile={"role": "decision_maker"})
    assert matches(Conditions(), mql)
    assert matches(Conditions(stages=("mql",), score_min=40, score_max=69), mql)
    assert not matches(Conditions(stages=("lead",)), mql)
    assert not matches(Conditions(score_min=60), mql)
    assert not matches(Conditions(score_max=50), mql)
    assert matches(Conditions(profile={"role": "decision_maker"}), mql)
    assert not matches(Conditions(profile={"role": "influencer"}), mql)
    assert matches(Conditions(missing=("timeline",)), mql)
    assert not matches(Conditions(missing=("authority",)), mql)


def test_simulate_lists_each_step_and_when_with_quiet_hours_and_the_cap() -> None:
    three = scenario(SAY, wait(hours=1), SAY, wait(hours=1), SAY)
    evening = datetime(2026, 12, 7, 19, 30, tzinfo=UTC)  # 20:30 in Paris
    planned, end = simulate(three, LEAD, evening, POLICY)
    assert [p.at for p in planned] == [
        evening,
        datetime(2026, 12, 8, 7, 0, tzinfo=UTC),  # 21:30 is quiet: 08:00
        evening + timedelta(days=7),  # the third waits for the first to leave the window
    ]
    assert end == "done"


def test_simulate_stops_where_the_sequence_would() -> None:
    planned, end = simulate(GUIDE, LeadView(stage="sdr_ready"), NOON, POLICY)
    assert (planned, end) == ([], "sdr_ready")
