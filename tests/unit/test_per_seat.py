"""What N users cost, worked out from the library's own pricing text."""

from __future__ import annotations

from bot.settings import PROJECT_ROOT
from nlu.content.per_seat import plan_prices, seat_prices

LIBRARY = PROJECT_ROOT / "bot" / "content" / "library"
EN = (LIBRARY / "en" / "pricing.md").read_text()
FR = (LIBRARY / "fr" / "tarifs.md").read_text()


def test_the_per_user_prices_are_read_from_the_page_and_a_plan_on_quote_is_left_out() -> None:
    assert [(p.plan, p.amount, p.currency, p.period) for p in plan_prices(EN)] == [
        ("Starter", 49.0, "€", "month"),
        ("Growth", 99.0, "€", "month"),
    ]
    assert [p.plan for p in plan_prices(FR)] == ["Starter", "Growth"]


def test_what_the_users_cost_on_the_plan_named_or_on_each() -> None:
    assert seat_prices(EN, 25, "en", "whats ur pricing for 25 users on growth") == (
        "For 25 users, at list prices: Growth €2,475 per month."
    )
    assert seat_prices(FR, 10, "fr", "cest combien pr 10 users") == (
        "Pour 10 utilisateurs, au prix catalogue : Starter 490 € par mois, Growth 990 € par mois."
    )


def test_other_wordings_periods_and_no_price_per_user() -> None:
    text = "The **Team** plan is $12.50 per seat a year. **Pro** costs €1,200 per user per year."
    assert seat_prices(text, 4, "en") == (
        "For 4 users, at list prices: Team $50 per year, Pro €4,800 per year."
    )
    assert seat_prices("Enterprise is priced on a quote.", 10, "en") is None
    assert seat_prices(EN, 0, "en") is None


def test_a_plan_priced_on_a_quote_named_gets_no_other_plans_prices() -> None:
    """ "a quote for 120 seats enterprise, we need sso" had Starter's and Growth's totals."""
    assert seat_prices(EN, 120, "en", "hi need a quote for 120 seats enterprise") is None
