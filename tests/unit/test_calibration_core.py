"""The calibration's pure core (scoring/calibration.py): the levels come from a Policy (the
CALIBRATION_* settings), a sample under the minimum shows its figures but recommends nothing."""

from __future__ import annotations

import pytest

from bot.errors import ConfigurationError
from bot.settings import Settings
from scoring.calibration import Case, Policy, report


def cases(n: int, *, no_every: int = 0) -> list[Case]:
    """`n` handoffs scored 60-99; one in four at 85 or more bought."""
    out = []
    for i in range(n):
        score = 60 + i % 40
        verdict = "no" if no_every and i % no_every == 0 else "yes" if score >= 85 else "maybe"
        out.append(
            Case(
                float(score),
                frozenset({"demo"} if score >= 85 else ()),
                verdict,
                score >= 85 and i % 4 == 0,
            )
        )
    return out


def test_under_the_minimum_sample_the_figures_show_but_nothing_is_recommended() -> None:
    few = report(cases(29), 70)
    assert few.too_small and few.recommended is None and few.changes == {}
    assert few.handed == 29 and few.won.n == 29 and few.won.small
    enough = report(cases(29), 70, Policy(min_sample=20))
    assert not enough.too_small and not enough.won.small


def test_the_recommendation_aims_at_the_policys_target() -> None:
    many = cases(400)
    low = report(many, 70, Policy(target_low=0.05)).recommended
    high = report(many, 70, Policy(target_low=0.2)).recommended
    assert low is not None and high is not None and low < high


def test_the_no_alert_level_is_the_policys() -> None:
    some_no = cases(200, no_every=12)  # 8 % of no verdicts
    assert report(some_no, 70).no_alert
    assert not report(some_no, 70, Policy(no_alert=0.10)).no_alert


def test_the_settings_make_the_policy() -> None:
    settings = Settings(
        calibration_target_low=0.2, calibration_target_high=0.3, calibration_no_alert=0.1,
        calibration_min_sample=50, _env_file=None,  # type: ignore[call-arg]
    )  # fmt: skip
    assert settings.calibration_policy() == Policy(0.2, 0.3, 0.1, 50)
    assert Settings(_env_file=None).calibration_policy() == Policy()  # type: ignore[call-arg]
    with pytest.raises(ConfigurationError, match="CALIBRATION_TARGET_LOW"):
        Settings(calibration_target_low=0.3, calibration_target_high=0.2, _env_file=None)  # type: ignore[call-arg]
