"""Facts said the way people say them in chat: a budget given as an amount per period
("we have maybe 300 a month for this"), a title given as what the speaker runs ("I run
growth there"), a company "called" something, a correction that repeats the period."""

from __future__ import annotations

from datetime import date

import pytest

from nlu.extract import (
    Budget,
    extract_budget,
    extract_company,
    extract_company_size,
    extract_job_title,
    extract_phone,
    extract_timeline,
)
from nlu.extract.need import extract_need
from nlu.extract.take_backs import corrected_number
from nlu.extract.use_cases import use_case_of


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("we have maybe 300 a month for this", Budget(300, 300, None, "month")),
        ("we've got 1200 per year for it", Budget(1200, 1200, None, "year")),
        ("we could do 800 per month", Budget(800, 800, None, "month")),
        ("on a 500 par mois pour ça", Budget(500, 500, None, "month")),
    ],
)
def test_an_amount_per_period_they_have_for_it_is_a_budget(text: str, expected: Budget) -> None:
    assert extract_budget(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "we pay 300 a month for HubSpot",
        "we already have a licence at 300 a month",
        "we have 300 leads a month",
        "our revenue is 300k a month and we have growth",
        "on a 40 nouveaux clients par mois",
        "we have 3 people",
    ],
)
def test_what_they_pay_elsewhere_or_count_is_not_a_budget(text: str) -> None:
    assert extract_budget(text) is None


def test_a_correction_may_repeat_the_period() -> None:
    assert corrected_number("sorry 3000 a month, not 300", 300) == 3000
    assert corrected_number("pardon, 15k par mois pas 10k", 10_000) == 15_000


@pytest.mark.parametrize(
    ("text", "title", "role"),
    [
        ("I run growth there", "head of growth", "decision_maker"),
        ("I lead sales", "head of sales", "decision_maker"),
        ("I'm in charge of marketing ops", "head of marketing ops", "decision_maker"),
        ("I own marketing ops", "head of marketing ops", "decision_maker"),
        ("I manage marketing", "marketing manager", "influencer"),
        ("je gère le marketing", "responsable marketing", "influencer"),
        ("je m'occupe des ventes", "responsable ventes", "influencer"),
        ("I'm in charge of demand gen btw", "head of demand gen", "decision_maker"),
    ],
)
def test_the_area_the_speaker_runs_stands_for_a_title(text: str, title: str, role: str) -> None:
    job = extract_job_title(text)
    assert job is not None
    assert (job.title, job.role) == (title, role)


@pytest.mark.parametrize(
    "text",
    ["I manage 5 people", "I run data pipelines", "my boss runs sales", "we lead the market"],
)
def test_running_something_else_is_not_a_title(text: str) -> None:
    assert extract_job_title(text) is None


@pytest.mark.parametrize(
    ("text", "company"),
    [
        ("cool. we're a small agency, ~35 ppl, called Fox & Wren Studio", "Fox & Wren Studio"),
        ("une petite agence qui s'appelle Renard & Fils", "Renard & Fils"),
        ("a startup named Brightwave, 20 people", "Brightwave"),
        ("la boite s'appelle Bati Ouest", "Bati Ouest"),
        ("le nom de la boîte c'est Bati Ouest", "Bati Ouest"),
        ("the company name is Kestrel Freight", "Kestrel Freight"),
        ("the company is called kestrel", "kestrel"),
        ("our company is called acme", "acme"),
    ],
)
def test_a_company_called_something_is_named(text: str, company: str) -> None:
    assert extract_company(text) == company


@pytest.mark.parametrize(
    ("text", "company"),
    [
        ("je suis gérante de l'agence Lumen, on est 9", "Lumen"),
        ("DG du cabinet Morvan", "Morvan"),
        ("I'm head of growth at the studio Fox & Wren", "Fox & Wren"),
        ("gérante de l'agence web", None),  # a kind of agency, no name
        ("I'm CEO of the company", None),
    ],
)
def test_the_kind_of_business_before_a_name_is_not_the_name(text: str, company: str | None) -> None:
    assert extract_company(text) == company


@pytest.mark.parametrize(
    "text", ["our company is growing fast", "the company is big", "the business is growing fast"]
)
def test_what_the_company_is_like_is_no_name(text: str) -> None:
    assert extract_company(text) is None


def test_calling_someone_is_not_a_company() -> None:
    assert extract_company("I called HubSpot support yesterday") is None


@pytest.mark.parametrize(
    ("text", "months"),
    [("no rush, sometime in the summer", 6.5), ("maybe in the fall", 9.5)],
)
def test_a_vague_season_to_come_is_a_timeline(text: str, months: float) -> None:
    timeline = extract_timeline(text, today=date(2026, 12, 5))
    assert timeline is not None and timeline.months == months


def test_a_season_in_the_past_is_still_not_one() -> None:
    assert extract_timeline("in the summer we raised money", today=date(2026, 12, 5)) is None


def test_leads_that_go_cold_for_want_of_follow_up_are_a_nurturing_need() -> None:
    text = "honestly the problem is our leads go cold b/c nobody follows up fast enough"
    assert use_case_of(text) == "nurturing"


@pytest.mark.parametrize(
    ("text", "use_case"),
    [
        (
            "we get 300 leads a month and we pay 200 a month for X, but nobody scores them",
            "lead_scoring",
        ),
        ("personne ne relance les leads", "nurturing"),
    ],
)
def test_a_job_nobody_does_is_a_need(text: str, use_case: str) -> None:
    need = extract_need(text)
    assert need is not None and need.use_case == use_case


@pytest.mark.parametrize("text", ["nobody told me", "is there nobody who knows?"])
def test_nobody_alone_is_not_a_need(text: str) -> None:
    assert extract_need(text) is None


@pytest.mark.parametrize(
    ("text", "size"),
    [
        ("on est environ 200 dans le groupe, mais l'équipe marketing c'est 6 personnes", 200),
        ("our sales team is 8 people", None),  # one department, not the company
        ("je gère une équipe commerciale de 8 personnes", None),
        ("the marketing team has 4 people, we are 90 overall", 90),
        ("une équipe de 45 personnes", 45),  # the company's team
        ("we are a team of 12", 12),
        ("I lead the marketing team at a 50-person agency", 50),
        ("our sales team is 8 people but we're 120 overall", 120),
        ("on est 6 dans l'équipe marketing", None),
        ("we're 3 in the marketing team", None),
    ],
)
def test_one_departments_team_is_not_the_company(text: str, size: int | None) -> None:
    assert extract_company_size(text) == size


@pytest.mark.parametrize(
    ("text", "phone"),
    [
        ("can we do a call thursday? 07700 900123", "07700900123"),  # a UK mobile
        ("020 7946 0958", "02079460958"),
        ("budget 0100 000", None),
        ("call 0123 456", None),  # too short for a number
        ("SIREN 012345678", None),  # a company number
        ("tracking 012345678901", None),
    ],
)
def test_national_numbers_in_groups_of_three_to_six(text: str, phone: str | None) -> None:
    assert extract_phone(text) == phone


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("budget 20k, we pay 500 USD for HubSpot today", Budget(20_000, 20_000, None, None)),
        ("budget 20k, we pay 500 USD a month for HubSpot", Budget(20_000, 20_000, None, None)),
        ("on paie déjà 300 € par mois pour hubspot, budget 5k", Budget(5000, 5000, None, None)),
        ("budget 5k par an, on paie déjà 300 € par mois", Budget(5000, 5000, None, "year")),
        ("we're currently paying about $400/mo for intercom", None),
    ],
)
def test_what_they_pay_today_is_neither_the_budget_nor_its_period(
    text: str, expected: Budget | None
) -> None:
    assert extract_budget(text) == expected


def test_what_they_could_pay_is_still_a_budget() -> None:
    assert extract_budget("we can pay 2000 EUR") == Budget(2000, 2000, "EUR", None)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # found in review: a range paid today, its period said otherwise, "actuellement"
        ("budget 20k, we pay 300-500 USD for HubSpot", Budget(20_000, 20_000, None, None)),
        (
            "we pay 300 monthly for hubspot, budget 10k annually",
            Budget(10_000, 10_000, None, "year"),
        ),
        (
            "we pay $50 per user per month for hubspot, budget 10k a year",
            Budget(10_000, 10_000, None, "year"),
        ),
        (
            "nous payons 300 € HT/mois pour pipedrive, budget 5000 par an",
            Budget(5000, 5000, None, "year"),
        ),
        ("budget 10k, nous payons actuellement 500 €", Budget(10_000, 10_000, None, None)),
        # a ceiling they would pay answers the budget question
        ("budget: we pay 2k/month max", Budget(2000, 2000, None, "month")),
        ("budget on paie 300 par mois max", Budget(300, 300, None, "month")),
        ("budget we pay €300/mo tops", Budget(300, 300, "EUR", "month")),
    ],
)
def test_what_they_pay_today_against_a_budget_or_a_ceiling(
    text: str, expected: Budget | None
) -> None:
    assert extract_budget(text) == expected


def test_what_they_pay_today_typed_without_accents() -> None:
    """Found in a French chat: 'on paie deja 200 par mois pour hubspot' was the budget."""
    said = "budget on paie deja 200 par mois pour hubspot, on pourrait mettre 500 par mois en plus"
    assert extract_budget(said) == Budget(500, 500, None, "month")
