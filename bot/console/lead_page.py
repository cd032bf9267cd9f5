"""Everything the lead page shows, read in one place: the lead with its relations, where
each profile fact came from, the score over time, the transcript across channels and the
handoffs with their timings.

Where a fact came from: the data model stores a lead's profile, not the message each fact
was learnt from. The page runs the same extractor the conversation ran (`nlu.extract`) over
the prospect's messages and shows, for each fact, the latest message that yields it (an
email or a phone number: the latest message that contains it). A fact set otherwise (an
event from the team's backend, a merge) shows none.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any, Literal

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import selectinload

from actions.profile import facts_to_profile
from bot.db.models import Conversation, Handoff, Lead, Message, Outcome, utcnow
from bot.leads.scoring import LeadScorer, aware
from nlu.extract import extract_facts
from nlu.ner import OrgFinder
from scoring.score import Score

MAX_MESSAGES_SCANNED = 300
HIDDEN_FACTS = {"declined", "budget_max", "budget_currency", "timeline_months", "seniority"}


@dataclass(frozen=True)
class Fact:
    name: str
    value: str
    message: Message | None


@dataclass(frozen=True)
class Line:
    """One message of the transcript, with the channel of its conversation."""

    message: Message
    channel: str


@dataclass(frozen=True)
class HandoffRow:
    handoff: Handoff
    to_claim: str  # "12 min", "" while unclaimed
    to_verdict: str


@dataclass(frozen=True)
class LeadView:
    lead: Lead
    score: Score
    sdr_ready: bool
    threshold: float
    facts: list[Fact]
    history: list[dict[str, Any]]  # the chart's points: at, fit, pain, total
    transcript: list[Line]
    handoffs: list[HandoffRow]
    outcomes: list[Outcome]


def duration(seconds: float | None) -> str:
    if seconds is None:
        return ""
    if seconds < 3600:
        return f"{max(0, round(seconds / 60))} min"
    if seconds < 48 * 3600:
        return f"{seconds / 3600:.1f} h"
    return f"{seconds / 86400:.1f} d"


def _show(value: Any) -> str:
    if isinstance(value, dict):
        return ", ".join(f"{k}: {v}" for k, v in value.items() if v is not None)
    if isinstance(value, list | tuple):
        return ", ".join(str(v) for v in value)
    return str(value)


def _language(code: str | None) -> Literal["fr", "en", "auto"]:
    return "fr" if code == "fr" else "en" if code == "en" else "auto"


def fact_sources(lead: Lead, messages: list[Message], fr_orgs: OrgFinder | None) -> list[Fact]:
    """Each profile fact (and the email) with the latest prospect message it came from."""
    said = [m for m in messages if m.author == "prospect" and m.text][-MAX_MESSAGES_SCANNED:]
    found: dict[str, Message] = {}
    for message in said:  # oldest first: a later message that says it again wins
        day = aware(message.created_at).date() if message.created_at else date.today()
        facts = extract_facts(
            message.text, today=day, language=_language(message.language), fr_orgs=fr_orgs
        )
        for key in facts_to_profile(facts):
            found[key] = message
        for key, value in (("email", lead.email), ("phone", (lead.profile or {}).get("phone"))):
            if value and str(value).lower() in message.text.lower():
                found[key] = message
    profile = dict(lead.profile or {})
    if lead.email:
        profile = {"email": lead.email, **profile}
    return [
        Fact(name, _show(value), found.get(name))
        for name, value in profile.items()
        if name not in HIDDEN_FACTS and value not in (None, "", [], {})
    ]


def score_history(lead: Lead) -> list[dict[str, Any]]:
    """The score after each recorded change (score_history), oldest first."""
    fit = pain = 0.0
    points: list[dict[str, Any]] = []
    for change in sorted(lead.score_changes, key=lambda c: (aware(c.at), c.id)):
        if change.kind == "fit":
            fit += change.points
        else:
            pain += change.points
        at = aware(change.at).isoformat(timespec="seconds")
        point = {
            "at": at,
            "fit": round(fit, 2),
            "pain": round(pain, 2),
            "total": round(fit + pain, 2),
        }
        if points and points[-1]["at"] == at:
            points[-1] = point  # one point per moment: the changes of one rescore add up
        else:
            points.append(point)
    return points


def _handoff_row(h: Handoff) -> HandoffRow:
    created = aware(h.created_at)
    claimed = aware(h.claimed_at) if h.claimed_at else None
    verdict = aware(h.verdict_at) if h.verdict_at else None
    return HandoffRow(
        h,
        duration((claimed - created).total_seconds() if claimed else None),
        duration((verdict - (claimed or created)).total_seconds() if verdict else None),
    )


async def load_lead(session: AsyncSession, lead_id: int) -> Lead | None:
    return await session.scalar(
        select(Lead)
        .where(Lead.id == lead_id)
        .options(
            selectinload(Lead.identities),
            selectinload(Lead.events),
            selectinload(Lead.score_changes),
            selectinload(Lead.consents),
            selectinload(Lead.conversations).selectinload(Conversation.messages),
        )
    )


async def lead_view(
    session: AsyncSession, lead: Lead, scorer: LeadScorer, fr_orgs: OrgFinder | None
) -> LeadView:
    handoffs = await session.scalars(
        select(Handoff).where(Handoff.lead_id == lead.id).order_by(Handoff.id)
    )
    outcomes = await session.scalars(
        select(Outcome).where(Outcome.lead_id == lead.id).order_by(Outcome.id)
    )
    score = scorer.score(lead, list(lead.events), now=utcnow())
    lines = sorted(
        (Line(m, c.channel) for c in lead.conversations for m in c.messages),
        key=lambda line: (aware(line.message.created_at), line.message.id),
    )
    return LeadView(
        lead=lead,
        score=score,
        sdr_ready=scorer.is_sdr_ready(score.total),
        threshold=scorer.rules.sdr_ready_threshold,
        facts=fact_sources(lead, [line.message for line in lines], fr_orgs),
        history=score_history(lead),
        transcript=lines,
        handoffs=[_handoff_row(h) for h in handoffs],
        outcomes=list(outcomes),
    )


def when(moment: datetime | None) -> str:
    """A time as the pages show it: UTC, to the minute."""
    return aware(moment).strftime("%Y-%m-%d %H:%M") if moment else ""
