"""The leads list's query string: odd numbers are no filter and no error."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from bot.console.lead_list import LeadFilter
from tests.console.conftest import USERS, sign_in


@pytest.mark.parametrize(
    ("asked", "page"),
    [("inf", 1), ("nan", 1), ("-inf", 1), ("1e309", 1), ("-3", 1), ("2.5", 1), ("x", 1),
     ("3", 3), ("99999999999", 1), ("1000000", 1_000_000), ("٣", 1)],
)  # fmt: skip
def test_the_page_is_a_finite_whole_number_clamped(asked: str, page: int) -> None:
    assert LeadFilter.parse({"page": asked}).page == page


def test_a_non_finite_score_is_no_filter() -> None:
    found = LeadFilter.parse({"score_min": "nan", "score_max": "inf"})
    assert found.score_min is None and found.score_max is None


def test_the_list_answers_an_infinite_page_without_an_error(console: TestClient) -> None:
    sign_in(console, USERS["sdr"])
    for query in ("page=inf", "page=nan", "page=-inf", "score_min=nan&page=1e400"):
        assert console.get(f"/console/leads?{query}").status_code == 200
