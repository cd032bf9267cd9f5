"""A company named in lower case after "my company is": a name when its word is rare."""

import pytest

from nlu.extract.company import extract_company


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("my company is acme, we sell forklifts", "acme"),
        ("our company is kestrel freight and we ship pallets", "kestrel freight"),
        ("notre boite c est lumen", "lumen"),
        ("my company is Acme", "Acme"),
    ],
)
def test_a_rare_word_after_my_company_is_names_it(text: str, name: str) -> None:
    assert extract_company(text) == name


@pytest.mark.parametrize(
    "text",
    [
        "our company is growing fast",
        "my company is bootstrapped",
        "our company is quite small",
        "the company is a fintech",
        "our company is saas",
        "my company is in lyon",
        "notre boîte est petite",
        # found in review
        "notre agence est certifiée",
        "notre startup est incubée",
        "our firm is midsize",
        "my company is gdpr compliant",
        "our company is smb",
        "my company is pre-ipo",
        "my company is ooo till monday",
    ],
)
def test_a_description_after_my_company_is_names_nothing(text: str) -> None:
    assert extract_company(text) is None
