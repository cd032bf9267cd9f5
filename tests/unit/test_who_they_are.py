"""Who the prospect is, read apart from the rest: a title put right in the next message
("oups je voulais dire directeur commercial, pas DAF") is the speaker's and no "no" to the
question pending; a need is the problem, without the title and company said before it."""

from __future__ import annotations

import pytest

from nlu.extract.company import extract_company
from nlu.extract.job_title import extract_job_title
from nlu.extract.need import about_the_problem, extract_need


@pytest.mark.parametrize(
    ("text", "title"),
    [
        ("oups je voulais dire directeur commercial, pas DAF", "directeur commercial"),
        ("sorry I meant head of sales, not CFO", "head of sales"),
        ("I mean the CEO will decide", None),  # someone else's title
        ("I meant our sales manager will join the demo", None),
        ("i meant CTO", "CTO"),
    ],
)
def test_a_title_put_right_is_the_speakers(text: str, title: str | None) -> None:
    job = extract_job_title(text)
    assert (job.title if job else None) == title


@pytest.mark.parametrize(
    ("text", "title"),
    [
        (
            "ok. moi c'est Claire, cheffe de projet marketing chez Hôtels Berthier",
            "cheffe de projet marketing",
        ),
        ("je suis chef de projet", "chef de projet"),
    ],
)
def test_a_title_in_the_feminine_is_a_title(text: str, title: str) -> None:
    job = extract_job_title(text)
    assert job is not None and job.title == title


@pytest.mark.parametrize(
    ("text", "need"),
    [
        (
            "perso je suis DAF chez Transports Gauthier et on a du mal a suivre les demandes",
            "on a du mal a suivre les demandes",
        ),
        (
            "We're an 80-person logistics company and our SDRs can't keep up with inbound chats",
            "our SDRs can't keep up with inbound chats",
        ),
        (  # a headcount's clause may say the trade too
            "on est une PME de 60 personnes dans le BTP, je cherche un outil pr qualifier les "
            "demandes de devis qui arrivent sur le site",
            "je cherche un outil pr qualifier les demandes de devis qui arrivent sur le site",
        ),
        # no fact about who they are before it: kept whole
        (
            "our sales team spends too much time on bad leads, and marketing does not care",
            "our sales team spends too much time on bad leads, and marketing does not care",
        ),
    ],
)
def test_the_need_is_the_problem_without_who_they_are(text: str, need: str) -> None:
    found = extract_need(text)
    assert found is not None and found.text == need


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        (
            "As the CEO I have zero visibility on which leads convert, and my team wastes hours",
            "As the CEO I have zero visibility on which leads convert, and my team wastes hours",
        ),  # a long clause says more than who they are
        (
            "perso je suis DAF chez Transports Gauthier, et on a du mal a suivre les demandes",
            "on a du mal a suivre les demandes",  # ", et" is one break
        ),
        (  # what kind of company they are, typed fast, then their size
            "cool. were a recruiting agency, about 25 ppl, and our recruiters waste hours "
            "chasing candidates who never reply",
            "our recruiters waste hours chasing candidates who never reply",
        ),
        ("on est une agence web et on perd des leads", "on perd des leads"),
        (  # every fact first, then the problem
            "slt, je suis responsable commerciale chez Verdi Conseil, on est 40, budjet 8000 "
            "euros par an, on voudrait un outil d'ici 3 mois pour arreter de perdre des leads",
            "on voudrait un outil d'ici 3 mois pour arreter de perdre des leads",
        ),
    ],
)
def test_only_a_short_who_they_are_clause_is_left_out(text: str, problem: str) -> None:
    assert about_the_problem(text) == problem


@pytest.mark.parametrize(
    ("text", "title"),
    [
        ("on est un cabinet d'expertise comptable de 35 salariés", None),  # the firm's trade
        ("on vend un logiciel comptable", None),
        ("je suis comptable chez Fiducial", "comptable"),
        ("je suis associée, cabinet Morel & Fils", "associée"),  # a partner: decides
        ("I'm the customer service manager at Acme", "manager"),  # English: noun, then title
        ("hi, service manager at Kestrel here", "manager"),
    ],
)
def test_a_title_word_that_qualifies_a_noun_is_no_ones_title(text: str, title: str | None) -> None:
    job = extract_job_title(text)
    assert (job.title if job else None) == title


@pytest.mark.parametrize(
    "title", ["directrice commerciale", "ingénieure commerciale", "présidente"]
)
def test_a_feminine_title_is_not_respelt_to_the_masculine(title: str) -> None:
    job = extract_job_title(f"je suis {title}")
    assert job is not None and job.title == title


def test_a_partner_names_her_firm_after_her_title() -> None:
    assert extract_company("je suis associée, cabinet Morel & Fils") == "Morel & Fils"
    job = extract_job_title("Associé chez Morel & Fils")
    assert job is not None and job.role == "decision_maker"


@pytest.mark.parametrize(
    ("text", "need"),
    [
        (
            "on est un cabinet d'expertise comptable de 35 salariés, et on rate des demandes "
            "de devis qui arrivent le soir",
            "on rate des demandes de devis qui arrivent le soir",
        ),
        ("on loupe plein de leads le week-end", "on loupe plein de leads le week-end"),
        (
            "on est debordes par les demandes entrantes",
            "on est debordes par les demandes entrantes",
        ),
    ],
)
def test_french_ways_of_saying_leads_are_missed_are_needs(text: str, need: str) -> None:
    found = extract_need(text)
    assert found is not None and found.text == need


@pytest.mark.parametrize(
    "text",
    [
        "hi, sam.ortiz@kestrelfreight.com here, we need a way to qualify inbound chats",
        "hello, we need a way to qualify inbound chats",
    ],
)
def test_an_address_or_a_greeting_is_no_part_of_the_need(text: str) -> None:
    found = extract_need(text)
    assert found is not None and found.text == "we need a way to qualify inbound chats"
    assert about_the_problem(text) == "we need a way to qualify inbound chats"


@pytest.mark.parametrize(
    "text",
    [
        "on rate jamais une demande",
        "on oublie pas que c'est un test",
        "on oublie le budget pour l'instant",
    ],
)
def test_a_negated_miss_is_no_need(text: str) -> None:
    assert extract_need(text) is None


def test_a_phone_number_is_no_part_of_the_need() -> None:
    found = extract_need("we need better lead scoring, you can reach me at 06 12 34 56 78")
    assert found is not None and "06" not in found.text


@pytest.mark.parametrize(
    "text",
    [
        "our company's CRM is a mess and leads get lost",
        "notre boîte est en pleine croissance, on a besoin de mieux relancer",
        "notre société est basée à Lyon et on perd des leads",
    ],
)
def test_what_is_said_of_the_company_is_not_its_name(text: str) -> None:
    assert extract_company(text) is None


@pytest.mark.parametrize(
    ("text", "title"),
    [
        ("Bonjour, je dirige une agence immobilière (12 personnes)", "dirigeant"),
        ("j'ai monté ma boîte il y a 3 ans", "dirigeant"),
        ("I run a small agency", "owner"),
        ("I manage the company blog", None),
        ("je gère la boîte mail de l'équipe", None),
        ("my boss runs the company", None),
    ],
)
def test_running_the_company_is_a_title(text: str, title: str | None) -> None:
    job = extract_job_title(text)
    assert (job.title if job else None) == title
    if title:
        assert job is not None and job.role == "decision_maker"


@pytest.mark.parametrize(
    ("text", "title"),
    [
        ("sorry not cmo, vp marketing", "vp marketing"),
        ("pas DAF, directeur commercial", "directeur commercial"),
        ("not sure, maybe a manager", None),
    ],
)
def test_the_title_after_one_taken_back_is_the_speakers(text: str, title: str | None) -> None:
    job = extract_job_title(text)
    assert (job.title if job else None) == title


@pytest.mark.parametrize(
    ("text", "title", "role"),
    [
        ("je suis le gerant", "gerant", "decision_maker"),
        ("je suis gerante d une boutique en ligne B2B", "gerante", "decision_maker"),
        ("je suis associee", "associee", "decision_maker"),
        ("je suis directeur general", "directeur general", "decision_maker"),
    ],
)
def test_a_french_title_typed_without_accents_is_a_title(text: str, title: str, role: str) -> None:
    job = extract_job_title(text)
    assert job is not None and (job.title, job.role) == (title, role)


@pytest.mark.parametrize(
    "text",
    [
        "Bonjour, question rapide : est-ce que l assistant de chat parle anglais ?",
        "est-ce que l'assistant parle anglais ?",
    ],
)
def test_the_product_named_by_a_title_word_is_no_ones_title(text: str) -> None:
    assert extract_job_title(text) is None


@pytest.mark.parametrize(
    "text",
    [
        "we want to start next month",
        "we want to start in Q3",
        "on voudrait lancer ca d ici 3 mois",
        "we need to get started before summer",
    ],
)
def test_when_to_begin_is_no_need(text: str) -> None:
    assert extract_need(text) is None


def test_a_need_with_a_start_date_is_still_a_need() -> None:
    need = extract_need("we want to start scoring our leads next month")
    assert need is not None and need.use_case == "lead_scoring"


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        (
            "bon on est une agence immo a Lyon, 12 agents, et on rate plein de demandes le soir",
            "on rate plein de demandes le soir",
        ),
        (
            "hi, we are a dental clinic group, patients keep messaging us after hours",
            "patients keep messaging us after hours",
        ),
    ],
)
def test_who_they_are_after_a_filler_word_is_left_out_of_the_need(text: str, problem: str) -> None:
    assert about_the_problem(text) == problem


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        (
            "we sell pumps, ~60 ppl. our sales guys waste half their day on tire kickers",
            "our sales guys waste half their day on tire kickers",
        ),
        (
            "Je suis DAF chez Gauthier. On a du mal a suivre les demandes",
            "On a du mal a suivre les demandes",
        ),
        (
            "We need lead scoring. Our reps waste time.",
            "We need lead scoring. Our reps waste time.",
        ),
    ],
)
def test_a_sentence_that_only_says_who_they_are_is_left_out_of_the_need(
    text: str, problem: str
) -> None:
    assert about_the_problem(text) == problem


@pytest.mark.parametrize(
    ("text", "company"),
    [
        ("we re a 40 ppl saas co called Zenko, our sales team ignores most leads", "Zenko"),
        ("on est une startup de 12 personnes, ca s'appelle Payzo", "Payzo"),
    ],
)
def test_a_company_named_in_passing(text: str, company: str) -> None:
    assert extract_company(text) == company


@pytest.mark.parametrize("text", ["je suis dg", "je suis cro"])
def test_a_chief_typed_in_lower_case(text: str) -> None:
    job = extract_job_title(text)
    assert job is not None and job.role == "decision_maker"


def test_help_with_a_subject_is_a_need_and_help_alone_is_none() -> None:
    need = extract_need("hi, we need help with lead scoring")
    assert need is not None and need.use_case == "lead_scoring"
    assert extract_need("I need help") is None


@pytest.mark.parametrize(
    "text",
    [
        "Hi, I am Sarah, head of sales at Brightwave, 40 people. Looking forward to hearing back",
        "je suis DAF chez Gauthier, 200 salariés. Merci d avance pour votre retour rapide",
        "CTO at Zenko, 30 ppl. A colleague told me about you at a conference",
    ],
)
def test_a_pleasantry_after_facts_is_no_problem(text: str) -> None:
    from datetime import date

    from nlu.extract.problem import problem_sentence

    assert problem_sentence(text, today=date(2026, 12, 7)) == ""


def test_a_first_sentence_with_a_problem_after_and_is_kept() -> None:
    text = "I am the CEO and our reps waste hours on bad leads. we want it fixed before summer"
    assert about_the_problem(text).startswith("our reps waste hours on bad leads")


def test_a_question_is_no_company_name() -> None:
    assert extract_company("ça s'appelle comment votre outil ?") is None


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        (
            "on est une PME de 45 salariés dans la menuiserie, nos commerciaux perdent les "
            "leads du site",
            "nos commerciaux perdent les leads du site",
        ),
        ("we're 80 people, our reps lose leads from the website", "our reps lose leads"),
        ("Acme, 40 people. our sales team keeps losing inbound leads", "our sales team keeps"),
    ],
)
def test_what_the_team_loses_is_the_problem(text: str, problem: str) -> None:
    from datetime import date

    from nlu.extract.problem import problem_sentence

    assert problem_sentence(text, today=date(2026, 12, 7)).startswith(problem)
