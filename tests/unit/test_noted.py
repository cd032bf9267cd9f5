"""A fact the prospect changes is said back before the next question (actions/noted.py)."""

from __future__ import annotations

from actions.noted import acknowledgement, changed_fact, volunteered
from actions.profile import DECLINED, SKIPPED


def test_a_changed_size_is_said_back_in_the_prospects_language() -> None:
    noted = changed_fact({"company_size": 45}, {"company_size": 60, "job_title": "COO"})
    assert noted == {"field": "company_size", "value": 60, "previous": 45}
    assert acknowledgement(noted, "en") == "Noted: 60 people, not 45."
    assert acknowledgement(noted, "fr") == "C'est noté : 60 personnes, et non 45."


def test_budget_and_timeline_changes_are_said_back() -> None:
    budget = changed_fact({"budget": "8,000 EUR"}, {"budget": "12,000 EUR"})
    assert acknowledgement(budget or {}, "en") == "Noted: a budget of 12,000 EUR, not 8,000 EUR."
    # Grouped as French writes numbers (found in the widget: "un budget de 6,000 EUR").
    assert (
        acknowledgement(budget or {}, "fr")
        == "C'est noté : un budget de 12\u202f000 EUR, et non 8\u202f000 EUR."
    )
    timeline = changed_fact({"timeline": "before summer"}, {"timeline": "september"})
    assert acknowledgement(timeline or {}, "fr") == "C'est noté : september (et non before summer)."


def test_a_first_value_or_the_same_value_is_no_change() -> None:
    assert changed_fact({}, {"company_size": 60}) is None
    assert changed_fact({"company_size": 60}, {"company_size": 60}) is None
    assert changed_fact({"company_size": DECLINED}, {"company_size": 60}) is None
    assert changed_fact({"budget": SKIPPED}, {"budget": "5,000 EUR"}) is None
    assert changed_fact({"company_size": 60}, {}) is None


def test_large_numbers_are_grouped_per_language() -> None:
    noted = {"field": "company_size", "value": 1200, "previous": 120}
    assert acknowledgement(noted, "en") == "Noted: 1,200 people, not 120."
    assert acknowledgement(noted, "fr") == "C'est noté : 1\u202f200 personnes, et non 120."
    assert acknowledgement({"field": "email", "value": "a@b.c"}, "en") is None


def test_a_changed_number_of_seats_is_said_back() -> None:
    noted = changed_fact({"seats": 8}, {"seats": 10})
    assert noted is not None
    assert acknowledgement(noted, "fr") == "C'est noté : 10 utilisateurs, et non 8."


def test_a_currency_named_after_a_budget_noted_in_the_default_says_both() -> None:
    """ "Noted: a budget of 2,000 GBP, not 2,000" read as if nothing changed."""
    from actions.noted import acknowledgement

    said = acknowledgement({"field": "budget", "value": "2,000 GBP", "previous": "2,000"}, "en")
    assert said == "Noted: a budget of 2,000 GBP, not 2,000 EUR."


def test_a_title_put_right_is_said_back() -> None:
    from actions.noted import acknowledgement, changed_fact

    noted = changed_fact({"job_title": "ceo"}, {"job_title": "cto"})
    assert noted is not None and acknowledgement(noted, "en") == "Noted: cto, not ceo."
    upper = {"field": "job_title", "value": "CTO", "previous": "ceo"}  # no currency here
    assert acknowledgement(upper, "en") == "Noted: CTO, not ceo."


def test_facts_given_beyond_the_question_asked_are_said_back() -> None:
    # "we are Brightwave Consulting, 35 consultants" when no question waits, or the problem
    noted = volunteered({}, {"company": "Brightwave Consulting", "company_size": 35}, "need")
    assert acknowledgement(noted or {}, "en") == "Noted: Brightwave Consulting, 35 people."
    assert acknowledgement(noted or {}, "fr") == "C'est noté : Brightwave Consulting, 35 personnes."
    # the role asked, the deadline given too
    noted = volunteered({}, {"job_title": "managing partner", "timeline": "end of Q1"}, "job_title")
    assert acknowledgement(noted or {}, "en") == "Noted: managing partner, end of Q1."


def test_the_answer_to_the_question_asked_alone_or_a_fact_held_is_not_said_back() -> None:
    assert volunteered({}, {"job_title": "CTO"}, "job_title") is None
    assert volunteered({"company": "Acme"}, {"company": "Acme"}, None) is None
    assert volunteered({"company_size": DECLINED}, {}, None) is None


def test_a_budget_without_currency_is_said_in_the_default_one_with_the_rest() -> None:
    # one line, not "Noted: CTO, Acme." then "Noted, in euros (…)."
    noted = volunteered({}, {"job_title": "CTO", "budget": "50,000"}, "need")
    assert noted is not None and noted["currency_noted"] is True
    assert acknowledgement(noted, "en") == (
        "Noted: CTO, a budget of 50,000 EUR (tell me if it's another currency)."
    )
    noted = volunteered({}, {"budget": "10,000 USD"}, "timeline")
    assert acknowledgement(noted or {}, "en") == "Noted: a budget of 10,000 USD."


def test_an_address_kept_to_write_to_is_said_back() -> None:
    new = {"email": "jo@brightwave.io", "contact_consent": True}
    assert acknowledgement(volunteered({}, new, "timeline") or {}, "en") == (
        "Noted: we'll write to you at jo@brightwave.io."
    )
    assert volunteered({}, {"email": "jo@brightwave.io"}, "timeline") is None  # asked first
    assert volunteered({}, new, "email") is None  # the answer to the email question


def test_a_budgets_period_is_said_with_it() -> None:
    # "budget? like 200 a month max" was said back as "a budget of 200 EUR"
    new = {"budget": "200", "budget_held": {"min": 200, "max": 200, "period": "month"}}
    noted = volunteered({}, new, "company")
    assert acknowledgement(noted or {}, "en") == (
        "Noted: a budget of 200 EUR per month (tell me if it's another currency)."
    )
    new = {"budget": "8,000 EUR", "budget_held": {"period": "year"}, "timeline": "avant l'été"}
    assert acknowledgement(volunteered({}, new, "need") or {}, "fr") == (
        "C'est noté : avant l'été, un budget de 8\u202f000 EUR par an."
    )
