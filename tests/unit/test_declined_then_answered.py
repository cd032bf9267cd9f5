"""A question declined, then answered after all: the lead's profile keeps the answer and no
longer lists the question as declined (the console showed both)."""

from __future__ import annotations

import pytest

from actions.profile import FactUpdate
from bot.leads.facts import still_declined
from nlu.extract.job_title import extract_job_title


@pytest.mark.parametrize(
    ("before", "update", "after"),
    [
        (["company_size"], FactUpdate(profile={"company_size": 50}), []),
        (["timeline", "budget"], FactUpdate(profile={"timeline_text": "la rentrée"}), ["budget"]),
        (["email"], FactUpdate(email="sam@kestrel.com", email_kind="business"), []),
        ([], FactUpdate(declined=("budget",)), ["budget"]),
        (
            ["need"],
            FactUpdate(profile={"company": "Acme"}, declined=("budget",)),
            ["budget", "need"],
        ),
    ],
)
def test_an_answer_clears_its_decline(
    before: list[str], update: FactUpdate, after: list[str]
) -> None:
    assert still_declined(before, update) == after


@pytest.mark.parametrize(
    ("text", "title"),
    [
        ("oups je voulais dire directeur commercial, pas DAF", "directeur commercial"),
        ("sorry I meant head of sales, not CFO", "head of sales"),
        ("I mean the CEO will decide", None),  # someone else's title
    ],
)
def test_a_title_put_right_is_the_speakers(text: str, title: str | None) -> None:
    job = extract_job_title(text)
    assert (job.title if job else None) == title
