"""A title put right in the next message ("oups je voulais dire directeur commercial, pas
DAF") is the speaker's: it is no "no" to the question pending."""

from __future__ import annotations

import pytest

from nlu.extract.job_title import extract_job_title


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
