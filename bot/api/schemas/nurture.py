"""Nurturing's admin views: the stats per scenario and step, and a lead's enrolments."""

from __future__ import annotations

from pydantic import Field

from bot.api.schemas.base import IsoTime, Out


class StepStatsOut(Out):
    step: int = Field(description="the step's index in the scenario's steps")
    kind: str = Field(examples=["message", "content", "question"])
    sends: int
    replies: int = Field(description="sends followed by a prospect message before the next step")
    opt_outs: int = Field(description="sends followed by a 'stop' before the next step")
    moved_up: int = Field(description="sends whose lead is at a higher stage now than then")


class ScenarioStatsOut(Out):
    scenario: str
    enrolled: int
    active: int
    done: int
    stopped: dict[str, int] = Field(description="by reason: replied, opted_out, sdr_ready, ...")
    steps: list[StepStatsOut]


class NurtureStatsOut(Out):
    since: IsoTime | None
    scenarios: list[ScenarioStatsOut]


class EnrolmentOut(Out):
    id: int
    lead_id: int
    scenario: str
    trigger: str
    step: int = Field(description="the next step to run (an index into the scenario's steps)")
    due_at: IsoTime
    status: str = Field(examples=["active", "done", "stopped"])
    stop_reason: str | None
    created_at: IsoTime
