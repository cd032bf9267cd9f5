"""Applies the pure scoring core (`scoring`) to stored leads: the I/O edge of scoring."""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Iterable
from dataclasses import fields, replace
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import func, insert, select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.calibration.threshold import ThresholdOverride
from bot.db.models import Identity, Lead, LeadEvent, ScoreChange
from scoring import (
    Event,
    Profile,
    Score,
    ScoringRules,
    compute_score,
    event_signals,
    profile_signals,
    stage_for,
)

# Stages set by people (the SDR's verdict, a sale): scoring never moves a lead out of them.
MANUAL_STAGES = {"qualified", "customer", "disqualified", "nurturing"}
PROFILE_FIELDS = {f.name for f in fields(Profile)}


def aware(moment: datetime) -> datetime:
    """SQLite hands back naive datetimes; everything we store is UTC."""
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=UTC)


def identified(email: str | None, channels: Iterable[str], *, phone: object = None) -> bool:
    """Known rather than anonymous: gave an email or a number to be called on, or came from
    a named channel."""
    return email is not None or bool(phone) or any(channel != "web" for channel in channels)


def disqualified(lead: Lead) -> bool:
    """The prospect said they will never buy (student, competitor, investor, job seeker)."""
    return bool((lead.profile or {}).get("disqualified"))


SdrReadyHook = Callable[[AsyncSession, Lead], Awaitable[object]]


class LeadScorer:
    def __init__(
        self,
        rules: ScoringRules,
        *,
        on_sdr_ready: SdrReadyHook | None = None,
        on_rescored: SdrReadyHook | None = None,
        threshold: ThresholdOverride | None = None,
    ) -> None:
        self._rules = self._effective = rules
        self._on_sdr_ready = on_sdr_ready
        self._on_rescored = on_rescored  # after every rescore, in its transaction (webhooks)
        # The SDR-ready threshold applied at run time (calibration), read from the database.
        self.threshold = threshold

    @property
    def rules(self) -> ScoringRules:
        """The scoring rules, with the SDR-ready threshold in force as last read."""
        if self.threshold is None:
            return self._rules
        if self._effective.sdr_ready_threshold != self.threshold.value:
            self._effective = replace(self._rules, sdr_ready_threshold=self.threshold.value)
        return self._effective

    @property
    def configured_rules(self) -> ScoringRules:
        """The rules as configured (SCORING_RULES, SDR_READY_THRESHOLD), nothing applied."""
        return self._rules

    async def refresh(self, session: AsyncSession) -> ScoringRules:
        """The rules with the threshold in force, read again if this worker's copy is older
        than THRESHOLD_CACHE_SECONDS."""
        if self.threshold is not None:
            await self.threshold.refresh(session)
        return self.rules

    def score(self, lead: Lead, events: list[LeadEvent], *, now: datetime) -> Score:
        profile = Profile(**{k: v for k, v in (lead.profile or {}).items() if k in PROFILE_FIELDS})
        signals = profile_signals(profile, self.rules, at=aware(lead.updated_at))
        signals += event_signals(
            [Event(e.type, aware(e.occurred_at), f"event:{e.source}") for e in events], self.rules
        )
        return compute_score(signals, now=now, rules=self.rules)

    async def rescore(
        self, session: AsyncSession, lead: Lead, *, now: datetime, source: str = "rescore"
    ) -> Score:
        """Recompute a lead's score from all its facts and events; update its stage and
        append what changed to its score history."""
        # Callers flush what these reads must see (a new event, a merge); the lead's own
        # pending changes wait, so they and the new score are written in one UPDATE.
        with session.no_autoflush:
            await self.refresh(session)
            events = list(
                await session.scalars(select(LeadEvent).where(LeadEvent.lead_id == lead.id))
            )
            channels = await session.scalars(
                select(Identity.channel).where(Identity.lead_id == lead.id).distinct()
            )
            known = identified(lead.email, channels, phone=(lead.profile or {}).get("phone"))
            score = self.score(lead, events, now=now)
            await self._record_changes(session, lead, score, now=now, source=source)
        lead.score_fit, lead.score_pain, lead.score_total = score.fit, score.pain, score.total
        lead.scored_at = now
        if lead.stage not in MANUAL_STAGES:
            before = lead.stage
            lead.stage = stage_for(
                score, identified=known, rules=self.rules, disqualified=disqualified(lead)
            )
            if lead.stage == "sdr_ready" and before != "sdr_ready" and self._on_sdr_ready:
                await self._on_sdr_ready(session, lead)  # the handoff, in this transaction
        if self._on_rescored:
            await self._on_rescored(session, lead)
        return score

    @staticmethod
    async def _record_changes(
        session: AsyncSession, lead: Lead, score: Score, *, now: datetime, source: str
    ) -> None:
        raw: dict[str, tuple[str, float]] = {}
        for s in score.breakdown:
            kind, points = raw.get(s.signal.name, (s.signal.kind, 0.0))
            raw[s.signal.name] = (kind, points + s.signal.points)
        rows = await session.execute(
            select(ScoreChange.signal, ScoreChange.kind, func.sum(ScoreChange.points))
            .where(ScoreChange.lead_id == lead.id)
            .group_by(ScoreChange.signal, ScoreChange.kind)
        )
        before = {signal: (kind, float(total)) for signal, kind, total in rows}
        changes = []
        for signal in sorted(set(raw) | set(before)):
            kind, new = raw.get(signal, (before.get(signal, ("fit", 0.0))[0], 0.0))
            delta = round(new - before.get(signal, (kind, 0.0))[1], 4)
            if delta:
                changes.append(
                    {
                        "lead_id": lead.id,
                        "signal": signal,
                        "kind": kind,
                        "points": delta,
                        "source": source[:64],
                        "at": now,
                    }
                )
        if changes:  # one INSERT for all of them
            await session.execute(insert(ScoreChange), changes)

    def is_sdr_ready(self, total: float, lead: Lead | None = None) -> bool:
        """At or above the threshold, and not a lead who said they will never buy."""
        return total >= self.rules.sdr_ready_threshold and not (lead and disqualified(lead))


def score_view(score: Score) -> dict[str, Any]:
    return {
        "fit": score.fit,
        "pain": score.pain,
        "total": round(score.total, 2),
        "breakdown": [
            {
                "signal": s.signal.name,
                "kind": s.signal.kind,
                "points": s.points,
                "source": s.signal.source,
                "at": s.signal.at.isoformat(),
            }
            for s in score.breakdown
        ],
    }
