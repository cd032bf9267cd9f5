"""An outcome: what sales closed with a lead."""

from __future__ import annotations

import datetime as dt
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from bot.api.schemas.base import Out


class OutcomeIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    outcome: Literal["won", "lost"]
    amount: float | None = Field(default=None, ge=0, le=1e12, description="the deal's value")
    currency: str | None = Field(default=None, pattern="^[A-Za-z]{3}$", examples=["EUR"])
    date: dt.date | None = Field(default=None, description="when it closed; default: today")


class OutcomeOut(Out):
    id: int
    lead_id: int = Field(description="the lead it was recorded on (a merged lead's survivor)")
    outcome: Literal["won", "lost"]
    amount: float | None
    currency: str | None
    date: str = Field(description="ISO 8601 date")
    stage: str = Field(description="the lead's stage now: customer when won, nurturing when lost")
