"""Rule-based extractors: budgets, timelines, company size, email (FR + EN), hard negatives."""

from __future__ import annotations

from datetime import date

import pytest

from nlu.extract import (
    Budget,
    extract_budget,
    extract_company_size,
    extract_email,
    extract_timeline,
)

TODAY = date(2026, 11, 23)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Notre budget est de 50k€ par an", Budget(50_000, 50_000, "EUR", "year")),
        ("entre 20 000 et 40 000 €", Budget(20_000, 40_000, "EUR", None)),
        ("£10k-£15k", Budget(10_000, 15_000, "GBP", None)),
        ("we can spend $2,500 per month", Budget(2_500, 2_500, "USD", "month")),
        ("budget: 1,5 million euros", Budget(1_500_000, 1_500_000, "EUR", None)),
        ("budget around 30k", Budget(30_000, 30_000, None, None)),
        ("on peut mettre 8 000 euros en une fois", Budget(8_000, 8_000, "EUR", "one_off")),
        ("we have 40 000 EUR set aside, 12 people", Budget(40_000, 40_000, "EUR", None)),
        ("Our ARR is $3M and we could spend $20k a year", Budget(20_000, 20_000, "USD", "year")),
        ("CTO at Acme, 200 people, budget 50k", Budget(50_000, 50_000, None, None)),
        # per quarter or over several years: stored per year
        ("budget is 5-10k per quarter", Budget(20_000, 40_000, None, "year")),
        ("2 000 € par trimestre", Budget(8_000, 8_000, "EUR", "year")),
        ("40 000 euros sur 2 ans", Budget(20_000, 20_000, "EUR", "year")),
        # slang for dollars
        ("budget is maybe 10k bucks", Budget(10_000, 10_000, "USD", None)),
        # the currency named apart from the amount (found in the widget); two named: neither
        ("we have maybe 60k budget, eur", Budget(60_000, 60_000, "EUR", None)),
        ("budget around 40k, usd or eur whatever", Budget(40_000, 40_000, None, None)),
        # words that are something else too, another amount's currency, another clause's
        ("on vend des livres, budget 10k", Budget(10_000, 10_000, None, None)),
        ("pour être francs, budget 20k max", Budget(20_000, 20_000, None, None)),
        ("budget: 20k. salesforce quoted us CHF 30000", Budget(20_000, 20_000, None, None)),
        ("budget 5k, our clients pay in dollars", Budget(5_000, 5_000, None, None)),
    ],
)
def test_budgets_are_extracted(text: str, expected: Budget) -> None:
    assert extract_budget(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "our revenue is 5M€",
        "notre chiffre d'affaires est de 12 millions d'euros",
        "on a levé 3 M€ l'an dernier",
        "we are 200 people",
        "in 2023 we spent nothing on this",
        "we grew 30% last year",
        "hello",
    ],
)
def test_revenue_funding_headcounts_and_years_are_not_budgets(text: str) -> None:
    assert extract_budget(text) is None


@pytest.mark.parametrize(
    ("text", "months"),
    [
        ("we need it in 3 months", 3.0),
        ("d'ici six mois", 6.0),
        ("next week", 0.2),
        ("ASAP please", 0.0),
        ("dès que possible", 0.0),
        ("need it by March", 3.2),
        ("d'ici mars", 3.2),
        ("Q1 next year", 1.3),
        ("T2 2027", 4.2),
        ("avant la fin du trimestre", 1.3),
        ("l'année prochaine", 7.3),
        ("l'année prochaine, genre mars", 3.2),  # the month named beside it
        ("in March next year", 3.2),
        ("we may start next year", 7.3),  # "may" the verb, not the month
        ("next year, probably around may", 5.2),
        ("within two weeks", 0.5),
    ],
)
def test_timelines_become_months_from_today(text: str, months: float) -> None:
    timeline = extract_timeline(text, today=TODAY)
    assert timeline is not None
    assert timeline.months == months


@pytest.mark.parametrize(
    "text", ["in 2023 we tried another tool", "en 2019 on avait un CRM", "we have 3 offices"]
)
def test_past_years_and_other_numbers_are_not_timelines(text: str) -> None:
    assert extract_timeline(text, today=TODAY) is None


@pytest.mark.parametrize(
    ("text", "size"),
    [
        ("we are 200 people", 200),
        ("une équipe de 45 personnes", 45),
        ("about 1,200 employees", 1200),
        ("nous sommes 30 salariés", 30),
        ("headcount of 80", 80),
        ("twelve people in sales", 12),
        ("actually we're 400 people now", 400),
        # Typed as people type: a doubled letter, no accents.
        ("on est une boite de menuiserie, une vingtaine de sallariés", 20),
        ("45 employes", 45),
        ("une quinzaine de salaries", 15),
        # The kind of business, then its size.
        ("on est une agence de 12", 12),
        ("we're a small shop of 6", 6),
        ("une PME de 45", 45),
        ("team of 2000", 2000),
        # Chat shorthand.
        ("on est 150 pers", 150),
        ("150 emps", 150),
        ("on est 150 ds la boite", 150),
        # A firm whose staff is its trade.
        ("we are Brightwave Consulting, 35 consultants", 35),
        ("on est un cabinet de 12 avocats", 12),
        ("agence de recrutement 15 personnes", 15),  # a recruiting firm's own size
        ("we use 200 agents in our call center", 200),
        ("cool. were a recruitment agency, about 60 recruiters", 60),  # found in the widget
        ("on est un cabinet de 8 architectes", 8),
    ],
)
def test_company_sizes_are_extracted(text: str, size: int) -> None:
    assert extract_company_size(text) == size


@pytest.mark.parametrize(
    "text",
    [
        "we have 3 offices",
        "we serve 5000 customers",
        "présents dans 12 pays",
        "founded 15 years ago",
        "our budget is 50k",
        "une agence de 12 ans",
        "la structure de 2025",
        "une startup de 6 mois",
        # who it is for: attendees or users, not the company
        "the demo would be for 5 people on our side btw",
        "la démo ce serait pour 4 personnes de notre côté",
        # people taken on or worked with
        "we hired 2 consultants last year",
        "on travaille avec 3 consultants",
        "on recrute 5 commerciaux",
        "we hired like 3 consultants",
        "we hired 3 recruiters last month",
    ],
)
def test_offices_customers_countries_and_years_are_not_company_sizes(text: str) -> None:
    assert extract_company_size(text) is None


@pytest.mark.parametrize(
    ("text", "address", "kind"),
    [
        ("my email is Jane.Doe@Acme.io.", "jane.doe@acme.io", "business"),
        ("écrivez-moi à paul@orange.fr", "paul@orange.fr", "personal"),
        ("bob@gmail.com", "bob@gmail.com", "personal"),
        ("reach me at ceo@startup.co.uk", "ceo@startup.co.uk", "business"),
    ],
)
def test_emails_are_extracted_with_their_kind(text: str, address: str, kind: str) -> None:
    fact = extract_email(text)
    assert fact is not None
    assert (fact.address, fact.kind) == (address, kind)


def test_no_email_is_none() -> None:
    assert extract_email("contact me @ noon") is None


@pytest.mark.parametrize(
    ("text", "months"),
    [
        ("pas presse, peut etre l annee prochaine", 6.9),  # no accent, no apostrophe
        ("d ici la fin de l annee", 0.9),
        ("cette annee", 0.9),
    ],
)
def test_a_french_timeline_typed_without_accents(text: str, months: float) -> None:
    from nlu.extract.facts import extract_facts

    facts = extract_facts(text, today=date(2026, 12, 6), language="fr")
    assert facts.timeline is not None and facts.timeline.months == months


@pytest.mark.parametrize(
    ("text", "period"), [("budget 50k / an environ", "year"), ("budget 2k / mois", "month")]
)
def test_a_period_after_a_spaced_slash(text: str, period: str) -> None:
    budget = extract_budget(text)
    assert budget is not None and budget.period == period


def test_a_business_offering_for_people_is_no_seats() -> None:
    from nlu.extract.seats import extract_seats

    assert extract_seats("we offer coaching for 300 reps every year, we are 12 people") is None


@pytest.mark.parametrize(
    ("text", "months"),
    [
        ("fin mars", 3.8),  # the end of the month, not its start
        ("end of March", 3.8),
        ("fin decembre", 0.8),
        ("mi-mars", 3.2),
        ("a la rentree", 8.8),  # typed without accents
        ("debut fevrier", 1.8),
        ("ds 3 mois", 3.0),
        ("idéalement janvier", 0.8),
        ("courant avril", 4.2),  # sometime in April: its middle
        ("dans le courant d'avril", 4.2),
        ("avant noel", 0.6),  # this year's, on 7 December
        ("avant les fêtes", 0.6),
        ("we need it by christmas", 0.6),
    ],
)
def test_french_timelines_as_typed_in_a_chat(text: str, months: float) -> None:
    from nlu.extract.facts import extract_facts

    facts = extract_facts(text, today=date(2026, 12, 7), language="fr")
    assert facts.timeline is not None and facts.timeline.months == months


@pytest.mark.parametrize(
    ("text", "low", "high", "period"),
    [
        ("entre 3 et 4000 euros", 3000, 4000, None),  # the thousands said once
        ("on est 25, budget 1 500 €/mois", 1500, 1500, "month"),
        ("5000€/an", 5000, 5000, "year"),
    ],
)
def test_french_budgets_as_typed_in_a_chat(
    text: str, low: float, high: float, period: str | None
) -> None:
    budget = extract_budget(text)
    assert budget is not None and (budget.min, budget.max, budget.period) == (low, high, period)


@pytest.mark.parametrize(
    ("text", "title"),
    [
        ("je suis trésorier de l asso", "trésorier"),
        ("expert-comptable", "expert-comptable"),
        ("conducteur de travaux", "conducteur de travaux"),
        ("resp. marketing", "resp. marketing"),
        ("coordinatrice bénévole", "coordinatrice bénévole"),
        ("office manager", "office manager"),  # not "officer manager"
    ],
)
def test_titles_of_small_businesses_and_associations(text: str, title: str) -> None:
    from nlu.extract.answers import answer_for

    answer = answer_for("job_title", text, today=date(2026, 12, 7))
    assert answer is not None and answer["job"].title == title


def test_a_first_name_or_a_season_is_no_company() -> None:
    from nlu.extract.answers import answer_for
    from nlu.extract.facts import extract_facts

    said = "moi c est Karim, gerant de l agence immo Horizon Immobilier a Nantes"
    assert extract_facts(said, today=date(2026, 12, 7), language="fr").company != "Karim"
    assert answer_for("company", "la rentree", today=date(2026, 12, 7)) is None


@pytest.mark.parametrize(
    ("text", "months", "need"),
    [
        ("our leads go cold, we need it early next year", 1.3, "our leads go cold"),
        ("probably not before 2028", 12.8, None),
        ("We have around EUR 40,000 budgeted for this year.", None, None),  # the budget's year
        ("we want to be live in Q2", 3.8, None),  # a deadline, not a need
    ],
)
def test_deadlines_said_with_other_things(
    text: str, months: float | None, need: str | None
) -> None:
    from nlu.extract.facts import extract_facts

    facts = extract_facts(text, today=date(2026, 12, 7), language="en")
    assert (facts.timeline.months if facts.timeline else None) == months
    assert (facts.need.text if facts.need else None) == need


@pytest.mark.parametrize(
    ("text", "company"),
    [
        (
            "Bonjour, je suis DAF du cabinet comptable Fiducia Conseil (35 collaborateurs)",
            "Fiducia Conseil",
        ),
        (
            "moi c est Karim, gerant de l agence immo Horizon Immobilier a Nantes",
            "Horizon Immobilier",
        ),
        ("DG du cabinet Morvan", "Morvan"),
        ("je suis au cabinet d'avocats Lefort & Associés", "Lefort & Associés"),
        ("je bosse à l'agence de comm Rivage", "Rivage"),
        ("je travaille dans une boite de transport, Kestrel", "Kestrel"),
        ("on est une agence (Pixel & Plume, 18 personnes)", "Pixel & Plume"),
        # found in the widget: "person" said the sentence was about the company
        (
            "ok. we're a 120 person freight forwarder, Harbor & Finch Logistics",
            "Harbor & Finch Logistics",
        ),
    ],
)
def test_the_company_after_its_kind_of_business(text: str, company: str) -> None:
    from nlu.extract.facts import extract_facts

    assert extract_facts(text, today=date(2026, 12, 7), language="fr").company == company


@pytest.mark.parametrize(
    "text",
    ["je travaille dans une agence de Lyon", "je suis au cabinet depuis 2019", "merry christmas"],
)
def test_a_place_a_date_or_a_greeting_is_no_company_and_no_deadline(text: str) -> None:
    from nlu.extract.facts import extract_facts

    facts = extract_facts(text, today=date(2026, 12, 7), language="auto")
    assert (facts.company, facts.timeline) == (None, None)


@pytest.mark.parametrize(
    ("text", "title", "seniority"),
    [
        ("I'm a Growth Marketer at Lumen", "Growth Marketer", "individual"),
        ("product marketer here", "product marketer", "individual"),
        ("ops mgr at a 30 person co", "ops mgr", "manager"),
        ("marketing mngr", "marketing mngr", "manager"),
        ("Head of Mktg", "Head of Mktg", "director"),
        ("VP mktg", "VP mktg", "director"),
        ("Dir. of Demand Gen", "Dir. of Demand Gen", "director"),
    ],
)
def test_titles_as_typed_in_a_chat(text: str, title: str, seniority: str) -> None:
    from nlu.extract.facts import extract_facts

    job = extract_facts(text, today=date(2026, 12, 7), language="en").job
    assert job is not None and (job.title, job.seniority) == (title, seniority)


@pytest.mark.parametrize(
    ("text", "company"),
    [
        ("actually Im not the CMO, Im her assistant", None),  # was company "Im her assistant"
        ("oh and its USD", None),  # was company "USD"
        ("Mgr, Marketing Ops", None),  # was company "Mgr"
        ("nom de la boite : Kaliop Data", "Kaliop Data"),
        ("CMO at Viridian Systems", "Viridian Systems"),
    ],
)
def test_a_currency_an_abbreviated_title_or_a_sentence_is_no_company(
    text: str, company: str | None
) -> None:
    from nlu.extract.facts import extract_facts

    assert extract_facts(text, today=date(2026, 12, 7), language="auto").company == company


@pytest.mark.parametrize(
    ("slot", "text", "expected"),
    [
        ("company", "sophie martin, gerante", None),  # her name and title, not the company
        ("company", "Dir. of Demand Gen", None),
        ("company", "kaliop data", {"company": "kaliop data"}),
        ("company", "Menuiseries Lefort", {"company": "Menuiseries Lefort"}),
        ("need", "mon mail c est p.dubreuil@atelier-dubreuil.fr si besoin", None),
        ("need", "mon tel 07 11 22 33 44 et mail nathalie@rivage.fr", None),
    ],
)
def test_the_answer_to_a_question_is_only_what_it_asked_for(
    slot: str, text: str, expected: dict[str, str] | None
) -> None:
    from nlu.extract.answers import answer_for

    assert answer_for(slot, text, today=date(2026, 12, 7)) == expected


def test_a_title_after_jsuis_is_the_speakers() -> None:
    from nlu.extract.facts import extract_facts

    job = extract_facts(
        "jsuis fondateur d une startup saas, on est 30", today=date(2026, 12, 7), language="fr"
    ).job
    assert job is not None and job.title == "fondateur"


@pytest.mark.parametrize(
    ("text", "said"),
    [
        ("not before september", "not before september"),
        ("pas avant la rentree", "pas avant la rentree"),
    ],
)
def test_a_timeline_said_with_not_before_keeps_its_not(text: str, said: str) -> None:
    """It was "before september": the meaning flipped on the lead's page."""
    timeline = extract_timeline(text, today=date(2026, 12, 7))
    assert timeline is not None and timeline.text == said


@pytest.mark.parametrize(
    ("text", "title", "seniority"),
    [
        ("dir marketing", "dir marketing", "director"),
        ("je suis co-gerant", "co-gerant", "c_level"),
        ("je suis DPO", "DPO", "manager"),
    ],
)
def test_french_titles_as_typed_in_a_chat(text: str, title: str, seniority: str) -> None:
    from nlu.extract.facts import extract_facts

    job = extract_facts(text, today=date(2026, 12, 7), language="fr").job
    assert job is not None and (job.title, job.seniority) == (title, seniority)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("budget is 30k per year, paid quarterly", Budget(30_000, 30_000, None, "year")),
        ("budget de 1000€ par mois, engagement sur 2 ans", Budget(1_000, 1_000, "EUR", "month")),
        ("we've been using hubspot for 2 years, budget 10k", Budget(10_000, 10_000, None, None)),
    ],
)
def test_a_quarter_or_years_said_elsewhere_leave_the_amount_alone(
    text: str, expected: Budget
) -> None:
    assert extract_budget(text) == expected


@pytest.mark.parametrize(
    ("text", "company", "size"),
    [
        ("I work at Just Eat", "Just Eat", None),
        ("je travaille chez ID Logistics", "ID Logistics", None),
        ("HR manager for 1200 employees across Europe", None, 1200),
        ("Je suis DRH pour 450 collaborateurs", None, 450),
    ],
)
def test_real_names_and_headcounts_said_with_for_are_kept(
    text: str, company: str | None, size: int | None
) -> None:
    from nlu.extract.facts import extract_facts

    facts = extract_facts(text, today=date(2026, 12, 7), language="auto")
    assert (facts.company, facts.company_size) == (company, size)


@pytest.mark.parametrize(
    "text",
    ["our shop closes for the holidays", "our peak is during december", "not by christmas"],
)
def test_holidays_and_busy_months_are_no_deadline(text: str) -> None:
    assert extract_timeline(text, today=date(2026, 12, 7)) is None


@pytest.mark.parametrize(
    ("text", "field", "value"),
    [
        # found in unscripted conversations (round 3): another vendor's quote names neither
        # the company nor a budget; a title ends before "chez"; "DG" is no company
        ("ah et pr info j ai deja un devis de chez Plezi a 600 euros par mois", "company", None),
        ("ah et pr info j ai deja un devis de chez Plezi a 600 euros par mois", "budget", None),
        ("fyi we already got a quote from Marketo for 900 a month", "budget", None),
        ("merci je travaille chez Acme", "company", "Acme"),
        ("Je suis chargee de marketing chez Kiloutou", "job_title", "chargee de marketing"),
        ("c est le DG du client qui signera, pas moi", "company", None),
        # round 5: a competitor's quote, "quid", "i own it" (not IT), "i own the company"
        ("le fournisseur concurrent nous a fait un devis a 2000 euros par mois", "budget", None),
        ("our current vendor charges 900 a month", "budget", None),
        (
            "i own it, budget maybe 300 quid a month",
            "budget",
            {"min": 300.0, "max": 300.0, "currency": "GBP", "period": "month"},
        ),
        ("we are a 12 person bakery supplier, i own it", "job_title", "owner"),
        ("i own the company, 15 employees", "job_title", "owner"),
        ("i run IT at acme", "job_title", "head of it"),
        ("im cmo at payflow, 400 people", "company", "payflow"),
        ("i'm head of growth at fleetwise, ~120 employees", "company", "fleetwise"),
        ("im head of sales at the moment", "company", None),
        ("im head of revops at kestrel freight", "company", "kestrel freight"),
        ("im vp sales at acme corp and we have 300 people", "company", "acme corp"),
        ("marketing manager at a startup", "company", None),
        ("je veux etre rappele", "need", None),
        ("sorry, im actually the cto, not ceo", "job_title", "cto"),
        ("i booked a demo yesterday but actually cancel it", "timeline", None),
        ("c est pour hier", "timeline", {"months": 0.0, "text": "pour hier"}),
        ("on veut signer avant fin juin", "need", None),
        ("we want to sign before end of june", "need", None),
        ("we needed it yesterday", "timeline", {"months": 0.0, "text": "needed it yesterday"}),
        (
            "on est 50 utilisateurs, pas 50 salaries hein, la boite fait 800 personnes",
            "company_size",
            800,
        ),
        ("je suis plutot directeur commercial, pas DG", "job_title", "directeur commercial"),
        (
            "je suis directrice commerciale chez transalp, on veut automatiser le nurturing, "
            "budget 3000 eur/mois, d ici 3 mois",
            "need",
            {"text": "on veut automatiser le nurturing", "use_case": "nurturing"},
        ),
        ("i'd like a call back", "need", None),
    ],
)
def test_found_in_round_three(text: str, field: str, value: object) -> None:
    from datetime import date

    from nlu.extract import extract_facts

    assert extract_facts(text, today=date(2026, 12, 7)).as_dict()[field] == value


def test_a_sentence_of_small_words_is_no_company_name() -> None:
    from datetime import date

    from nlu.extract.answers import answer_for

    assert answer_for("company", "par an bien sur", today=date(2026, 12, 7)) is None
    assert answer_for("company", "acme robotics", today=date(2026, 12, 7)) == {
        "company": "acme robotics"
    }


@pytest.mark.parametrize(
    "text",
    [
        "can you do a demo next tuesday? my email is rafa@tilecloud.io and my cell is "
        "+34 612 345 678",
        "tu peux m organiser une demo jeudi aprem ? mon tel 06 54 32 19 87 et mon mail "
        "l.morel@brevia.io",
    ],
)
def test_words_around_contact_details_are_no_problem(text: str) -> None:
    """'my email is and my cell is' had been stored as the need."""
    from nlu.extract.problem import problem_sentence

    assert problem_sentence(text, today=date(2026, 12, 7)) == ""


@pytest.mark.parametrize(
    ("text", "role"),
    [
        # found in unscripted conversations (round 4): who decides, said as people say it
        ("ok and who decides on our side is our VP marketing, not me", "influencer"),
        ("me and my boss decide together, shes the cmo", "influencer"),
        ("mon associe gere le budget, moi je fais la short list", "influencer"),
        ("je suis RSSI, je ne decide pas mais je dois valider", "influencer"),
        ("the CFO decides", "influencer"),
        ("im head of rev ops", "decision_maker"),
        ("our CEO is great", None),
    ],
)
def test_who_decides(text: str, role: str | None) -> None:
    from nlu.extract import extract_facts

    assert extract_facts(text, today=date(2026, 12, 7)).as_dict()["role"] == role


def test_the_trades_a_firm_serves_are_not_its_headcount() -> None:
    assert extract_company_size("we do b2b saas for dentists, we sell to 500 dentists") is None


@pytest.mark.parametrize(
    "text",
    [
        "our platform serves 2000 brokers",
        "we sell to 500 brokers",
        "nous accompagnons 150 conseillers",
        "we target 1000 architects in france",
        "our clients are 40 brokers",
        "we have 3 advisors on our board",
    ],
)
def test_people_served_are_not_the_headcount(text: str) -> None:
    assert extract_company_size(text) is None  # found in review
