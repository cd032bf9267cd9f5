"""Fit + pain scoring with the default rules: examples, rule validation, invariants."""

from __future__ import annotations

import copy
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import given
from hypothesis import strategies as st

from scoring import (
    DEFAULT_RULES_PATH,
    Event,
    Profile,
    ScoringRulesError,
    Signal,
    compute_score,
    event_signals,
    load_rules,
    parse_rules,
    profile_signals,
    stage_for,
)

RULES = load_rules()
NOW = datetime(2026, 11, 23, 12, 0, tzinfo=UTC)
RAW = yaml.safe_load(DEFAULT_RULES_PATH.read_text())


def score_of(profile: Profile, events: list[Event] = []) -> Any:  # noqa: B006
    signals = profile_signals(profile, RULES, at=NOW) + event_signals(events, RULES)
    return compute_score(signals, now=NOW, rules=RULES)


def test_a_hot_lead_is_sdr_ready() -> None:
    hot = Profile(
        email_kind="business",
        role="decision_maker",
        company_size=200,
        country="FR",
        budget_max=50_000,
        budget_currency="EUR",
        need="our reps lose leads between tools",
        timeline_months=2,
    )
    score = score_of(hot, [Event("pricing_page_view", NOW - timedelta(days=1))])
    assert score.fit == 10 + 20 + 15 + 5 + 15
    assert score.pain == pytest.approx(10 + 15 + 3 * 0.5 ** (1 / 30), abs=0.01)
    assert stage_for(score, identified=True, rules=RULES) == "sdr_ready"


def test_a_cold_lead_is_not() -> None:
    cold = Profile(email_kind="personal", role="end_user", company_size=1)
    score = score_of(cold, [Event("page_view", NOW), Event("email_open", NOW)])
    assert score.total == 3
    assert stage_for(score, identified=True, rules=RULES) == "lead"


def test_an_anonymous_visitor_stays_a_visitor_whatever_the_score() -> None:
    score = score_of(Profile(), [Event("demo_request", NOW), Event("product_signup", NOW)])
    assert stage_for(score, identified=False, rules=RULES) == "visitor"


def test_trivial_and_unknown_events_score_nothing() -> None:
    events = [Event(t, NOW) for t in ("page_view", "link_click", "email_open", "made_up")]
    assert event_signals(events, RULES) == []


def test_repeats_beyond_max_count_score_nothing() -> None:
    visits = [Event("pricing_page_view", NOW - timedelta(hours=h)) for h in range(10)]
    assert len(event_signals(visits, RULES)) == 3


def test_behaviour_decays_but_profile_does_not() -> None:
    month_ago = NOW - timedelta(days=30)
    signals = [
        Signal("webinar_signup", "pain", 6, "event", month_ago, decays=True),
        Signal("role:decision_maker", "fit", 20, "profile", month_ago),
    ]
    score = compute_score(signals, now=NOW, rules=RULES)
    assert (score.fit, score.pain) == (20, 3)


def test_budget_in_another_currency_is_converted_before_banding() -> None:
    usd = score_of(Profile(budget_max=12_000, budget_currency="USD"))  # 11 040 EUR
    gbp = score_of(Profile(budget_max=9_000, budget_currency="GBP"))  # 10 530 EUR
    assert usd.fit == gbp.fit == 10


def test_the_breakdown_explains_every_point() -> None:
    score = score_of(Profile(email_kind="business", need="x"), [Event("demo_request", NOW)])
    assert sum(s.points for s in score.breakdown) == score.total
    assert {s.signal.name for s in score.breakdown} == {
        "email:business",
        "need_stated",
        "demo_request",
    }


def test_the_default_rules_keep_to_10_to_15_indicators() -> None:
    assert 10 <= RULES.indicator_count <= 15


def broken(path: list[str], value: Any) -> dict[str, Any]:
    data = copy.deepcopy(RAW)
    node = data
    for key in path[:-1]:
        node = node[key]
    node[path[-1]] = value
    return data


@pytest.mark.parametrize(
    ("path", "value", "message"),
    [
        (["version"], 2, "version: expected 1"),
        (["decay", "half_life_days"], 0, "decay.half_life_days: must be greater than 0"),
        (["fit", "role", "ceo"], 5, "fit.role: unknown key(s) ['ceo']"),
        (["fit", "email", "business"], "ten", "fit.email.business: expected a number"),
        (["fit", "company_size"], [], "fit.company_size: expected a non-empty list"),
        (["pain", "events", "demo_request"], {"points": 5, "max_count": 0}, "max_count"),
        (["stages", "sdr_ready_threshold"], 10, "must be at least stages.mql_threshold"),
        (["trivial_events"], ["demo_request"], "also score in pain.events"),
    ],
)
def test_bad_rules_are_refused_naming_the_file_and_field(
    path: list[str], value: Any, message: str
) -> None:
    with pytest.raises(ScoringRulesError, match=r"^my-rules\.yml: ") as error:
        parse_rules(broken(path, value), "my-rules.yml")
    assert message in str(error.value)


def test_an_unreadable_rules_file_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(ScoringRulesError, match="cannot read the scoring rules"):
        load_rules(tmp_path / "missing.yml")
    bad = tmp_path / "bad.yml"
    bad.write_text("fit: [unclosed")
    with pytest.raises(ScoringRulesError, match="not valid YAML"):
        load_rules(bad)


# -- invariants ----------------------------------------------------------------

event_types = st.sampled_from(sorted(RULES.events) + sorted(RULES.trivial_events) + ["other"])
events_strategy = st.lists(
    st.builds(
        Event,
        type=event_types,
        at=st.integers(min_value=0, max_value=400).map(lambda d: NOW - timedelta(days=d)),
    ),
    max_size=30,
)
signals_strategy = st.lists(
    st.builds(
        Signal,
        name=st.text(min_size=1, max_size=8),
        kind=st.sampled_from(["fit", "pain"]),
        points=st.floats(min_value=0, max_value=100),
        source=st.just("test"),
        at=st.integers(min_value=0, max_value=1000).map(lambda d: NOW - timedelta(days=d)),
        decays=st.booleans(),
    ),
    max_size=20,
)


@given(signals_strategy, st.floats(min_value=0.01, max_value=100), st.booleans())
def test_adding_a_positive_signal_never_lowers_the_score(
    signals: list[Signal], points: float, decays: bool
) -> None:
    before = compute_score(signals, now=NOW, rules=RULES).total
    extra = Signal("extra", "pain", points, "test", NOW - timedelta(days=3), decays=decays)
    after = compute_score([*signals, extra], now=NOW, rules=RULES).total
    assert after >= before - 0.01  # rounding to 2 decimals


@given(signals_strategy, st.integers(min_value=0, max_value=3650))
def test_decay_never_makes_a_score_negative(signals: list[Signal], days_later: int) -> None:
    score = compute_score(signals, now=NOW + timedelta(days=days_later), rules=RULES)
    assert score.fit >= 0 and score.pain >= 0


@given(events_strategy, st.randoms())
def test_replaying_the_same_events_in_any_order_gives_the_same_score(
    events: list[Event], rng: Any
) -> None:
    shuffled = list(events)
    rng.shuffle(shuffled)
    first = compute_score(event_signals(events, RULES), now=NOW, rules=RULES)
    again = compute_score(event_signals(shuffled, RULES), now=NOW, rules=RULES)
    assert (first.fit, first.pain) == (again.fit, again.pain)


def test_a_number_to_be_called_on_identifies_a_web_visitor() -> None:
    """A director with a budget who left only a phone number stayed a 'visitor'."""
    from bot.leads.scoring import identified

    assert not identified(None, ["web"])
    assert identified(None, ["web"], phone="+447700900123")
    assert identified("a@b.co", ["web"]) and identified(None, ["telegram"])
