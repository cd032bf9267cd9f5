"""Meetings' settings (a part of `bot.settings.Settings`, which inherits them). Documented in
docs/configuration.md and docs/meetings.md."""

from __future__ import annotations

from pathlib import Path

from pydantic import Field
from pydantic_settings import BaseSettings


class MeetingsSettings(BaseSettings):
    meetings_file: Path | None = Field(
        default=None,
        description="meetings: the meetings file (reps, calendars, working hours); unset: "
        "demo requests are handed to a person without slots (docs/meetings.md)",
    )
