"""What nurturing achieves, per scenario and step: the steps sent, the replies and opt-outs
they drew (a prospect message, or a "stop", after the step and before the scenario's next
one), and the leads at a higher stage now than when the step went out. Counted by the
database for replies and opt-outs; the stages are compared here."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy import and_, exists, func, or_, select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.db.models import Author, Conversation, Direction, Lead, Message, MessageStatus
from bot.db.nurture_models import NurtureEnrolment, NurtureOptOut, NurtureSend
from bot.nurture.planner import STAGE_RANK


@dataclass
class StepStats:
    step: int
    kind: str
    sends: int = 0
    replies: int = 0
    opt_outs: int = 0
    moved_up: int = 0  # leads at a higher stage now than when the step was sent


@dataclass
class ScenarioStats:
    scenario: str
    enrolled: int = 0
    active: int = 0
    done: int = 0
    stopped: dict[str, int] = field(default_factory=dict)  # by reason
    steps: list[StepStats] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


def _within(column: Any) -> Any:
    """`column` after the step was sent and, if the scenario sent another, before that."""
    return and_(
        column > NurtureSend.sent_at,
        or_(NurtureSend.until.is_(None), column <= NurtureSend.until),
    )


def _replied() -> Any:
    return exists().where(
        Message.conversation_id == Conversation.id,
        Conversation.lead_id == NurtureSend.lead_id,
        Message.direction == Direction.INBOUND,
        Message.author == Author.PROSPECT,
        Message.status != MessageStatus.COMMAND,
        _within(Message.created_at),
    )


def _opted_out() -> Any:
    return exists().where(NurtureOptOut.lead_id == NurtureSend.lead_id, _within(NurtureOptOut.at))


def _period(column: Any, since: datetime | None, until: datetime | None) -> list[Any]:
    return [
        *([] if since is None else [column >= since]),
        *([] if until is None else [column < until]),
    ]


def higher(now: str, before: str) -> bool:
    return STAGE_RANK.get(now, -1) > STAGE_RANK.get(before, 99)


async def nurture_stats(
    session: AsyncSession,
    *,
    scenarios: list[str],
    since: datetime | None = None,
    until: datetime | None = None,
) -> list[ScenarioStats]:
    """Every configured scenario (and any other with rows), its enrolments and its steps,
    for the enrolments begun and the steps sent from `since` until before `until`."""
    found = {name: ScenarioStats(name) for name in scenarios}
    when = _period(NurtureEnrolment.created_at, since, until)
    rows = await session.execute(
        select(
            NurtureEnrolment.scenario,
            NurtureEnrolment.status,
            NurtureEnrolment.stop_reason,
            func.count(),
        )
        .where(*when)
        .group_by(NurtureEnrolment.scenario, NurtureEnrolment.status, NurtureEnrolment.stop_reason)
    )
    for name, status, reason, count in rows:
        stats = found.setdefault(name, ScenarioStats(name))
        stats.enrolled += count
        if status == "stopped":
            stats.stopped[reason or "?"] = stats.stopped.get(reason or "?", 0) + count
        elif status in ("active", "done"):
            setattr(stats, status, getattr(stats, status) + count)
    sent_when = _period(NurtureSend.sent_at, since, until)
    sends = await session.execute(
        select(
            NurtureSend.scenario,
            NurtureSend.step,
            NurtureSend.kind,
            NurtureSend.stage_before,
            Lead.stage,
            _replied(),
            _opted_out(),
        )
        .join(Lead, Lead.id == NurtureSend.lead_id)
        .where(*sent_when)
    )
    steps: dict[tuple[str, int], StepStats] = {}
    for name, step, kind, before, now, replied, opted in sends:
        one = steps.setdefault((name, step), StepStats(step, kind))
        one.sends += 1
        one.replies += bool(replied)
        one.opt_outs += bool(opted)
        one.moved_up += higher(now, before)
    for (name, _), one in sorted(steps.items()):
        found.setdefault(name, ScenarioStats(name)).steps.append(one)
    return list(found.values())
