"""The nurture planner, pure: given a scenario, where a lead is in it, what is known about the
lead and the clock, which step is due and when. No I/O; the scheduler (bot/nurture/
scheduler.py) reads the state, asks here, and writes the outcome.

- A sequence stops when the prospect replied, opted out, can be reached on no channel,
  became SDR-ready (or a rep's: qualified, customer, disqualified, nurturing), or a rep
  claimed the lead or gave a verdict.
- A step never goes out in the quiet hours of the prospect's time zone: it waits for their
  end. Nor more than `cap` steps in `cap_window`, across scenarios: it waits for the oldest
  to leave the window.
- A question for a BANT fact the lead has given meanwhile is skipped.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from bot.nurture.scenarios import FACTS, Conditions, Scenario

UTC_ZONE = ZoneInfo("UTC")
# Stages at which a sequence stops: ready for sales, or in a rep's hands.
STOP_STAGES = {"sdr_ready", "qualified", "customer", "disqualified", "nurturing"}
# How far a lead has come; a stage not here (disqualified, nurturing) is not "higher".
STAGE_RANK = {"visitor": 0, "lead": 1, "mql": 2, "sdr_ready": 3, "qualified": 4, "customer": 5}


@dataclass(frozen=True)
class Policy:
    """Quiet hours (local times in the prospect's zone; the end may be the next morning) and
    the frequency cap."""

    quiet_start: time = time(21, 0)
    quiet_end: time = time(8, 0)
    cap: int = 2
    cap_window: timedelta = timedelta(days=7)


@dataclass(frozen=True)
class LeadView:
    """What the planner knows of a lead when a step comes due."""

    stage: str
    score: float = 0.0
    profile: Mapping[str, Any] = field(default_factory=dict)
    time_zone: ZoneInfo = UTC_ZONE
    opted_out: bool = False
    reachable: bool = True
    replied: bool = False  # wrote to us since the sequence began
    claimed: bool = False  # a rep claimed a handoff of this lead
    verdict: bool = False  # a rep gave a verdict on it
    recent_sends: tuple[datetime, ...] = ()  # nurture steps sent to it, any scenario


@dataclass(frozen=True)
class Decision:
    """`stop` (with `reason`), `wait` (until `at`), `skip` (the step is moot: go on) or
    `send` (step `step` now)."""

    action: str
    step: int = 0
    at: datetime | None = None
    reason: str | None = None


def stop_reason(lead: LeadView) -> str | None:
    if lead.opted_out:
        return "opted_out"
    if lead.replied:
        return "replied"
    if lead.stage in STOP_STAGES:
        return "sdr_ready" if lead.stage == "sdr_ready" else "stage"
    if lead.verdict:
        return "verdict"
    if lead.claimed:
        return "claimed"
    if not lead.reachable:
        return "unreachable"
    return None


def known(profile: Mapping[str, Any], fact: str) -> bool:
    return profile.get(FACTS[fact]) not in (None, "")


def matches(conditions: Conditions, lead: LeadView) -> bool:
    """Whether a lead may enter a scenario with these conditions."""
    if conditions.stages and lead.stage not in conditions.stages:
        return False
    if conditions.score_min is not None and lead.score < conditions.score_min:
        return False
    if conditions.score_max is not None and lead.score > conditions.score_max:
        return False
    if any(lead.profile.get(k) != v for k, v in conditions.profile.items()):
        return False
    return not any(known(lead.profile, fact) for fact in conditions.missing)


def next_step(scenario: Scenario, start: int, at: datetime) -> tuple[int | None, datetime]:
    """From step `start` (at `at`): the first step that says something, and when it is due
    after the waits before it; None when the scenario has no more."""
    due = at
    for index in range(start, len(scenario.steps)):
        step = scenario.steps[index]
        if step.kind != "wait":
            return index, due
        due += step.wait
    return None, due


def _local(moment: datetime, zone: ZoneInfo, clock: time) -> datetime:
    """`clock` on the local day of `moment`, as a UTC instant."""
    day = moment.astimezone(zone).date()
    return datetime.combine(day, clock, tzinfo=zone).astimezone(UTC)


def after_quiet_hours(moment: datetime, zone: ZoneInfo, policy: Policy) -> datetime:
    """`moment`, or the end of the quiet hours it falls in (in `zone`)."""
    start, end = policy.quiet_start, policy.quiet_end
    if start == end:
        return moment
    local = moment.astimezone(zone).time()
    if start < end:  # quiet within one day (e.g. 12:00-14:00)
        quiet = start <= local < end
        return _local(moment, zone, end) if quiet else moment
    if local >= start:  # in the evening: quiet until tomorrow morning
        return _local(moment + timedelta(days=1), zone, end)
    if local < end:  # in the small hours: until this morning
        return _local(moment, zone, end)
    return moment


def capped_until(recent: Sequence[datetime], now: datetime, policy: Policy) -> datetime | None:
    """When another step may go, if `cap` steps already went in the window; else None."""
    inside = sorted(s for s in recent if now - s < policy.cap_window)
    if len(inside) < policy.cap:
        return None
    return inside[len(inside) - policy.cap] + policy.cap_window


def plan(
    scenario: Scenario, step: int, due_at: datetime, lead: LeadView, now: datetime, policy: Policy
) -> Decision:
    """What to do with an enrolment at step `step`, due at `due_at`, at `now`."""
    if (reason := stop_reason(lead)) is not None:
        return Decision("stop", step, reason=reason)
    index, _ = next_step(scenario, step, due_at)
    if index is None:
        return Decision("stop", step, reason="done")
    if now < due_at:
        return Decision("wait", index, at=due_at)
    current = scenario.steps[index]
    if current.kind == "question" and current.fact and known(lead.profile, current.fact):
        return Decision("skip", index, reason=f"{current.fact} known")
    later = capped_until(lead.recent_sends, now, policy)
    if later is not None:
        return Decision("wait", index, at=after_quiet_hours(later, lead.time_zone, policy))
    allowed = after_quiet_hours(now, lead.time_zone, policy)
    if allowed > now:
        return Decision("wait", index, at=allowed)
    return Decision("send", index)


@dataclass(frozen=True)
class Planned:
    step: int
    at: datetime
    note: str = ""


def simulate(
    scenario: Scenario, lead: LeadView, start: datetime, policy: Policy, *, limit: int = 50
) -> tuple[list[Planned], str]:
    """What the scenario would send to `lead` from `start` if nothing else happened (no reply,
    no change of stage): each step and when, and why it ends."""
    out: list[Planned] = []
    sent = list(lead.recent_sends)
    index, due = next_step(scenario, 0, start)
    now = start
    while index is not None and len(out) < limit:
        now = max(now, due)
        view = LeadView(**{**lead.__dict__, "recent_sends": tuple(sent)})
        decision = plan(scenario, index, due, view, now, policy)
        if decision.action == "stop":
            return out, decision.reason or "stop"
        if decision.action == "wait":
            assert decision.at is not None
            now = decision.at
            continue
        if decision.action == "send":
            out.append(Planned(decision.step, now))
            sent.append(now)
        else:
            out.append(Planned(decision.step, now, note=decision.reason or "skipped"))
        index, due = next_step(scenario, decision.step + 1, now)
    return out, "done"
