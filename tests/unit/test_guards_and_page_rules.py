"""Pure parts of the widget's server side: token buckets and page rules."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from bot.access.rate_limit import RateLimiter
from bot.leads.page_rules import PageRulesError, load_page_rules, parse_rules


class Clock:
    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


def test_a_bucket_allows_its_burst_then_refills_at_its_rate() -> None:
    clock = Clock()
    limiter = RateLimiter(per_minute=60, burst=3, clock=clock)
    assert [limiter.hit("a") for _ in range(3)] == [0, 0, 0]
    assert limiter.hit("a") == pytest.approx(1.0)  # one token a second
    assert limiter.hit("b") == 0  # keys are independent
    clock.now = 1.0
    assert limiter.hit("a") == 0
    clock.now = 100.0
    assert [limiter.hit("a") for _ in range(4)][:3] == [0, 0, 0]  # refills to the burst only


def test_the_limiter_forgets_the_idlest_keys_beyond_its_size() -> None:
    limiter = RateLimiter(per_minute=1, burst=1, clock=Clock(), max_keys=2)
    limiter.hit("a"), limiter.hit("b"), limiter.hit("c")
    assert limiter.hit("a") == 0  # "a" was forgotten: a fresh bucket
    assert limiter.hit("c") > 0


def test_the_default_page_rules_classify_pages() -> None:
    rules = load_page_rules()
    assert rules.classify("/pricing") == "pricing_page_view"
    assert rules.classify("/PRICING/?utm_source=x") == "pricing_page_view"
    assert rules.classify("/fr/tarifs") == "pricing_page_view"
    assert rules.classify("/faq") == "knowledge_base_view"
    assert rules.classify("/blog/pricing-psychology") == "page_view"
    assert rules.classify("/") == "page_view"
    assert rules.classify("/pricing/enterprise") == "pricing_page_view"
    assert rules.classify("/fr/blog/tarifs") == "page_view"


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"pages": "nope"}, "list under 'pages'"),
        ({"pages": [{"path": "pricing", "event": "x"}]}, "pages[0].path"),
        ({"pages": [{"path": "/p", "event": "Bad Type"}]}, "pages[0].event"),
    ],
)
def test_bad_page_rules_name_the_field(data: object, message: str) -> None:
    with pytest.raises(PageRulesError, match=re.escape(message)):
        parse_rules(data, "rules.yml")


def test_an_unreadable_page_rules_file_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(PageRulesError, match="cannot read"):
        load_page_rules(tmp_path / "missing.yml")
    bad = tmp_path / "bad.yml"
    bad.write_text("pages: [")
    with pytest.raises(PageRulesError, match="not valid YAML"):
        load_page_rules(bad)
