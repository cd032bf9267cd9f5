"""Nurturing's settings (a part of `bot.settings.Settings`, which inherits them). Documented in
docs/configuration.md and docs/nurture.md."""

from __future__ import annotations

from pathlib import Path

from pydantic import Field
from pydantic_settings import BaseSettings

SHIPPED_SCENARIOS = Path(__file__).resolve().parent.parent.parent / "nurture"


class NurtureSettings(BaseSettings):
    nurture_enabled: bool = Field(
        default=True, description="nurture: run the scenarios (enrol leads and send steps)"
    )
    nurture_dir: Path = Field(
        default=SHIPPED_SCENARIOS, description="nurture: the folder of scenario files (*.yml)"
    )
    nurture_time_zone: str = Field(
        default="Europe/Paris",
        description="nurture: the zone of a prospect whose own the lead store does not know",
    )
    nurture_quiet_hours: str = Field(
        default="21:00-08:00",
        description="nurture: no step goes out in these local hours of the prospect (HH:MM-HH:MM)",
    )
    nurture_cap: int = Field(
        default=2, ge=1, description="nurture: at most this many steps to a lead in the window"
    )
    nurture_cap_days: float = Field(default=7, gt=0, description="nurture: the cap's window")
    nurture_scan_seconds: float = Field(
        default=60, gt=0, description="nurture: how often leads are checked against the triggers"
    )
    nurture_lookback_days: float = Field(
        default=14, gt=0, description="nurture: triggers older than this enrol nobody"
    )
