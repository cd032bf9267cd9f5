"""The calibration report (`GET /api/calibration`, `prospect calibrate --json`)."""

from __future__ import annotations

from typing import Literal

from pydantic import Field

from bot.api.schemas.base import IsoTime, Number, Out


class RateOut(Out):
    hits: int
    n: int
    rate: float | None = Field(description="hits / n; null without a sample")
    ci95: list[float] = Field(description="95% Wilson interval [low, high]")
    small_sample: bool = Field(description="n is under the minimum sample (CALIBRATION_MIN_SAMPLE)")


class TargetOut(Out):
    low: float
    high: float


class WouldChangeOut(Out):
    handoffs_not_made: int = Field(description="past handoffs under the recommended threshold")
    yes_verdicts_among_them: int
    won_among_them: int


class BandOut(Out):
    band: str = Field(examples=["70-79"])
    yes: RateOut = Field(description="P(yes verdict) of the band's handoffs with a verdict")
    won: RateOut = Field(description="P(won) of the band's handoffs")


class LiftOut(Out):
    signal: str
    n: int
    lift: float = Field(description="P(yes | the signal) / P(yes)")


class ThresholdChangeOut(Out):
    action: Literal["apply", "undo"]
    before: Number = Field(description="the threshold in force before the change")
    after: Number = Field(description="and after it")
    by: str
    at: IsoTime
    undone: bool


class CalibrationOut(Out):
    threshold: Number = Field(description="the SDR-ready threshold in force")
    configured_threshold: Number = Field(description="SCORING_RULES or SDR_READY_THRESHOLD")
    handed_off: int
    target: TargetOut = Field(description="share of SDR-ready leads that should buy")
    min_sample: int
    small_sample: bool = Field(
        description="fewer handoffs than min_sample: figures only, no recommended threshold"
    )
    bought: RateOut = Field(description="handoffs with a won outcome")
    verdict_yes: RateOut
    verdict_no: RateOut
    no_alert_level: float
    no_alert: bool = Field(description="the share of no verdicts is above no_alert_level")
    recommended_threshold: Number | None = Field(
        description="the lowest threshold meeting the target; null when none does or the "
        "sample is under min_sample"
    )
    would_change: WouldChangeOut | None
    reliability: list[BandOut]
    lift: list[LiftOut]
    changes: list[ThresholdChangeOut] = Field(description="applied and undone, newest first")
