"""The nurture scheduler: a job of the outbox relay's loop (started by the app's lifespan),
run on each of its passes. Every NURTURE_SCAN_SECONDS it enrols the leads the scenarios'
triggers find; on every pass it runs the steps that are due.

Safe with several workers and restarts: a due enrolment is taken with SELECT ... FOR UPDATE
SKIP LOCKED on PostgreSQL, and on either database advanced by a conditional UPDATE (its step
as read) in the one transaction that stores the message and its outbox row. A step is thus
sent once: a worker that loses the race, or a crash before the commit, sends nothing, and
the step is still due for the next pass.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Collection, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import select, update
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.db.models import Lead
from bot.db.nurture_models import NurtureEnrolment, NurtureSend
from bot.leads.scoring import aware
from bot.nurture.delivery import DocumentLookup, deliver, reachable_conversation, step_text
from bot.nurture.planner import Decision, Policy, next_step, plan
from bot.nurture.scenarios import Scenario
from bot.nurture.store import enrol, lead_view, triggered

log = logging.getLogger(__name__)
Clock = Callable[[], datetime]
BATCH = 50


@dataclass(frozen=True)
class NurtureConfig:
    scenarios: Sequence[Scenario]
    policy: Policy
    default_zone: ZoneInfo
    push_channels: Collection[str]  # channels that push a step (Telegram when it runs)
    scan_every: timedelta = timedelta(seconds=60)
    lookback: timedelta = timedelta(days=14)
    default_language: str = "en"


class NurtureScheduler:
    """`await scheduler(now)` is one pass; `clock` replaces the relay's time (tests)."""

    def __init__(
        self,
        sessions: async_sessionmaker[AsyncSession],
        config: NurtureConfig,
        *,
        documents: DocumentLookup,
        clock: Clock | None = None,
    ) -> None:
        self._sessions = sessions
        self._config = config
        self._documents = documents
        self._clock = clock
        self._scanned: datetime | None = None
        self._by_name = {s.name: s for s in config.scenarios}

    @property
    def scenarios(self) -> Sequence[Scenario]:
        return self._config.scenarios

    async def __call__(self, now: datetime) -> None:
        now = self._clock() if self._clock is not None else now
        if self._scanned is None or now - self._scanned >= self._config.scan_every:
            self._scanned = now
            await self.enrol_due(now)
        await self.run_due(now)

    async def enrol_due(self, now: datetime) -> int:
        """Enrol the leads the triggers find; returns how many."""
        count = 0
        for scenario in self._config.scenarios:
            async with self._sessions() as session, session.begin():
                found = await triggered(session, scenario, now=now, lookback=self._config.lookback)
                for lead, trigger in found:
                    count += await enrol(session, scenario, lead, trigger, now=now) is not None
        return count

    async def run_due(self, now: datetime) -> int:
        """Run every due step once; returns how many were sent."""
        async with self._sessions() as session:
            due = list(
                await session.scalars(
                    select(NurtureEnrolment.id)
                    .where(NurtureEnrolment.status == "active", NurtureEnrolment.due_at <= now)
                    .order_by(NurtureEnrolment.due_at)
                    .limit(BATCH)
                )
            )
        sent = 0
        for enrolment_id in due:
            try:
                sent += await self.advance(enrolment_id, now) == "send"
            except Exception:  # one lead's failure must not stop the others'
                log.exception("nurture: enrolment %s failed", enrolment_id)
        return sent

    async def advance(self, enrolment_id: int, now: datetime) -> str:
        """Take one due enrolment and do what the planner says, in one transaction; returns
        the action, or "" when another worker has it or it is no longer due."""
        try:
            return await self._advance(enrolment_id, now)
        except StepTaken:
            return ""

    async def _advance(self, enrolment_id: int, now: datetime) -> str:
        async with self._sessions() as session, session.begin():
            enrolment = await session.scalar(
                select(NurtureEnrolment)
                .where(
                    NurtureEnrolment.id == enrolment_id,
                    NurtureEnrolment.status == "active",
                    NurtureEnrolment.due_at <= now,
                )
                .with_for_update(skip_locked=True)
            )
            if enrolment is None:
                return ""
            scenario = self._by_name.get(enrolment.scenario)
            lead = await session.get(Lead, enrolment.lead_id)
            if scenario is None or lead is None:
                await self._set(session, enrolment, now, status="stopped", reason="no scenario")
                return "stop"
            decision = await self._decide(session, enrolment, scenario, lead, now)
            action = await self._apply(session, enrolment, scenario, decision, now)  # the CAS
            if action == "send":
                await self._send(session, enrolment.id, scenario, lead, decision.step, now)
            return action

    async def _decide(
        self,
        session: AsyncSession,
        enrolment: NurtureEnrolment,
        scenario: Scenario,
        lead: Lead,
        now: datetime,
    ) -> Decision:
        channels = self._config.push_channels
        reachable = await reachable_conversation(session, lead.id, channels) is not None
        view = await lead_view(
            session,
            lead,
            since=aware(enrolment.created_at),
            now=now,
            default_zone=self._config.default_zone,
            cap_window=self._config.policy.cap_window,
            reachable=reachable,
        )
        due = aware(enrolment.due_at)
        return plan(scenario, enrolment.step, due, view, now, self._config.policy)

    async def _apply(
        self,
        session: AsyncSession,
        enrolment: NurtureEnrolment,
        scenario: Scenario,
        decision: Decision,
        now: datetime,
    ) -> str:
        if decision.action == "stop":
            status = "done" if decision.reason == "done" else "stopped"
            await self._set(session, enrolment, now, status=status, reason=decision.reason)
        elif decision.action == "wait":
            assert decision.at is not None
            await self._set(session, enrolment, now, due_at=decision.at, step=decision.step)
        else:  # sent or skipped: on to the next step
            index, due = next_step(scenario, decision.step + 1, now)
            if index is None:
                await self._set(session, enrolment, now, status="done", reason="done")
            else:
                await self._set(session, enrolment, now, step=index, due_at=due)
        return decision.action

    async def _set(
        self,
        session: AsyncSession,
        enrolment: NurtureEnrolment,
        now: datetime,
        **values: object,
    ) -> None:
        """Change the enrolment if it is still at the step this worker read (the CAS that
        makes a step run once on SQLite, where FOR UPDATE is not available)."""
        if "reason" in values:
            values["stop_reason"] = values.pop("reason")
        result = await session.execute(
            update(NurtureEnrolment)
            .where(
                NurtureEnrolment.id == enrolment.id,
                NurtureEnrolment.step == enrolment.step,
                NurtureEnrolment.status == "active",
            )
            .values(updated_at=now, **values)
            .execution_options(synchronize_session=False)
        )
        if result.rowcount != 1:  # type: ignore[attr-defined]
            raise StepTaken(enrolment.id)

    async def _send(
        self,
        session: AsyncSession,
        enrolment_id: int,
        scenario: Scenario,
        lead: Lead,
        index: int,
        now: datetime,
    ) -> None:
        conversation = await reachable_conversation(session, lead.id, self._config.push_channels)
        if conversation is None:  # checked by the planner in this transaction
            raise StepTaken(enrolment_id)
        step = scenario.steps[index]
        language = conversation.language or lead.language or self._config.default_language
        text = step_text(step, language, self._documents)
        about = {"scenario": scenario.name, "step": index, "enrolment": enrolment_id}
        message = await deliver(session, conversation, text, language=language, about=about)
        await session.execute(
            update(NurtureSend)
            .where(NurtureSend.enrolment_id == enrolment_id, NurtureSend.until.is_(None))
            .values(until=now)
        )
        session.add(
            NurtureSend(
                enrolment_id=enrolment_id,
                lead_id=lead.id,
                scenario=scenario.name,
                step=index,
                kind=step.kind,
                channel=conversation.channel,
                message_id=message.id,
                stage_before=lead.stage,
                sent_at=now,
            )
        )


class StepTaken(Exception):
    """Another worker advanced this enrolment meanwhile: this transaction is rolled back."""


def document_lookup(documents: Callable[[], Mapping[str, object]]) -> DocumentLookup:
    """Title and link of a library document, read from the library as it is now."""

    def lookup(doc_id: str) -> tuple[str, str] | None:
        found = documents().get(doc_id)
        title, url = getattr(found, "title", None), getattr(found, "url", None)
        return (title, url) if isinstance(title, str) and isinstance(url, str) else None

    return lookup
