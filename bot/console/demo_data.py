"""`prospect demo-data`: a database full of made-up leads, so the console can be tried and
measured without traffic.

Each prospect (`demo_people.draw_story`) says things and does things over time; what they
say goes through the real extractor (`nlu.extract`) into their profile, and the real
scoring rules score each step, so score history, stages and the SDR-ready moment are the
ones the app would have recorded. After the handoff, the rep's verdict is drawn from a
known model (`true_p_yes`): P(yes | score at handoff) = 1 / (1 + exp(-(score - 85) / 8)),
P(no) = 5%, else maybe; claim delays are log-normal (median 25 minutes); after a yes, sales
closes within 1-60 days, won with P_WON (40%), else lost.
"""

from __future__ import annotations

import math
import random
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import insert
from sqlalchemy.ext.asyncio import AsyncSession

from actions.profile import facts_to_profile
from bot.console.demo_people import Story, draw_story
from bot.console.demo_questions import questions_of
from bot.db.models import (
    Consent,
    ContentQuestion,
    Conversation,
    Handoff,
    Identity,
    Lead,
    LeadEvent,
    Message,
    Outcome,
    ScoreChange,
)
from bot.handoffs.service import VERDICT_STAGES
from bot.leads.outcomes import STAGE_AFTER
from bot.leads.scoring import PROFILE_FIELDS
from nlu.extract import extract_facts
from scoring.rules import ScoringRules
from scoring.score import Event, Profile, Score, compute_score, event_signals, profile_signals
from scoring.score import stage_for as score_stage

REPS = [("U01", "Alice Rep"), ("U02", "Bruno Rep"), ("U03", "Chen Rep")]
BATCH = 500
P_WON = 0.4  # a yes becomes a customer this often (the rest are lost)


def true_p_yes(score: float) -> float:
    """The demo's known truth: how likely a rep says yes to a lead handed off at `score`."""
    return 1.0 / (1.0 + math.exp(-(score - 85.0) / 8.0))


@dataclass
class Built:
    """One story as rows, before the ids the database gives them are known."""

    story: Story
    lead: dict[str, Any]
    changes: list[dict[str, Any]] = field(default_factory=list)
    handoff: dict[str, Any] | None = None
    outcome: dict[str, Any] | None = None


def _score(profile: dict[str, Any], events: list[Event], at: datetime, r: ScoringRules) -> Score:
    p = Profile(**{k: v for k, v in profile.items() if k in PROFILE_FIELDS})
    return compute_score(profile_signals(p, r, at=at) + event_signals(events, r), now=at, rules=r)


def _moments(story: Story, now: datetime) -> list[tuple[datetime, str, str]]:
    said = [(at, "said", text) for at, who, text in story.messages if who == "prospect"]
    story.events = [(min(at, now), kind) for at, kind in story.events]
    done = [(at, "event", kind) for at, kind in story.events]
    return sorted(said + done)


def _handoff(rng: random.Random, at: datetime, score: float, now: datetime) -> dict[str, Any]:
    rep_id, rep = rng.choice(REPS)
    claimed = at + timedelta(minutes=rng.lognormvariate(math.log(25), 1.3))
    row: dict[str, Any] = {"reason": "sdr_ready", "status": "open", "created_at": at}
    if claimed > now:
        return row
    row.update(status="claimed", claimed_by=rep_id, claimed_by_name=rep, claimed_at=claimed)
    decided = claimed + timedelta(hours=rng.uniform(0.5, 40))
    if decided <= now:
        draw = rng.random()
        verdict = "no" if draw < 0.05 else "yes" if draw < 0.05 + true_p_yes(score) else "maybe"
        row.update(verdict=verdict, verdict_by=rep_id, verdict_at=decided)
    return row


def _outcome(
    rng: random.Random, handoff: dict[str, Any], profile: dict[str, Any], now: datetime
) -> dict[str, Any] | None:
    """After a yes, sales closes within 1-60 days: won with P_WON, else lost."""
    closed = handoff["verdict_at"] + timedelta(days=rng.uniform(1, 60))
    if handoff["verdict"] != "yes" or closed > now:
        return None
    won = rng.random() < P_WON
    amount = float(profile.get("budget_max") or rng.choice([6000, 12000, 24000, 48000]))
    return {
        "outcome": "won" if won else "lost",
        "amount": amount if won else None,
        "currency": "EUR" if won else None,
        "closed_on": closed.date(),
        "source": "demo",
        "recorded_at": closed,
    }


def build(story: Story, rules: ScoringRules, rng: random.Random, now: datetime) -> Built:
    profile: dict[str, Any] = {"first_name": story.first_name, "last_name": story.last_name}
    events: list[Event] = []
    before: dict[str, float] = {}
    built = Built(story, {})
    for at, kind, what in _moments(story, now):
        if kind == "said":
            facts = extract_facts(
                what, today=at.date(), language="fr" if story.language == "fr" else "en"
            )
            profile.update(facts_to_profile(facts))
            if story.email and story.email in what:
                free = not story.email.endswith(".example")
                profile["email_kind"] = "personal" if free else "business"
        else:
            events.append(Event(what, at, "event:demo"))
        score = _score(profile, events, at, rules)
        points: dict[str, tuple[str, float]] = {}
        for s in score.breakdown:
            kind_, total = points.get(s.signal.name, (s.signal.kind, 0.0))
            points[s.signal.name] = (kind_, total + s.points)
        for name, (kind_, total) in points.items():
            if delta := round(total - before.get(name, 0.0), 4):
                built.changes.append(
                    {
                        "signal": name,
                        "kind": kind_,
                        "points": delta,
                        "source": "chat" if kind == "said" else f"event:{what}",
                        "at": at,
                    }
                )
                before[name] = total
        ready = score.total >= rules.sdr_ready_threshold and story.email is not None
        if ready and built.handoff is None:
            built.handoff = _handoff(rng, at, score.total, now)
    final = _score(profile, events, now, rules)
    stage: str = score_stage(
        final, identified=story.email is not None or story.channel != "web", rules=rules
    )
    if built.handoff and built.handoff.get("verdict"):
        stage = VERDICT_STAGES[built.handoff["verdict"]]
        built.outcome = _outcome(rng, built.handoff, profile, now)
        if built.outcome:
            stage = STAGE_AFTER[built.outcome["outcome"]]
    last = story.messages[-1][0]
    built.lead = {
        "created_at": story.started,
        "updated_at": last,
        "language": story.language,
        "stage": stage,
        "email": story.email,
        "profile": profile,
        "score_fit": final.fit,
        "score_pain": final.pain,
        "score_total": final.total,
        "scored_at": now,
    }
    return built


async def _write(session: AsyncSession, batch: list[Built], seed: int) -> None:
    lead_ids = list(
        await session.scalars(
            insert(Lead).returning(Lead.id, sort_by_parameter_order=True), [b.lead for b in batch]
        )
    )
    identities = [
        {
            "channel": b.story.channel,
            "lead_id": lead_id,
            "external_id": f"demo-{seed}-{b.story.index}",
            "created_at": b.story.started,
        }
        for b, lead_id in zip(batch, lead_ids, strict=True)
    ]
    identity_ids = list(
        await session.scalars(
            insert(Identity).returning(Identity.id, sort_by_parameter_order=True), identities
        )
    )
    conversations = [
        {
            "lead_id": lead_id,
            "identity_id": identity_id,
            "channel": b.story.channel,
            "mode": "human" if b.handoff and b.handoff.get("claimed_at") else "bot",
            "language": b.story.language,
            "started_at": b.story.started,
            "last_message_at": b.story.messages[-1][0],
        }
        for b, lead_id, identity_id in zip(batch, lead_ids, identity_ids, strict=True)
    ]
    conversation_ids = list(
        await session.scalars(
            insert(Conversation).returning(Conversation.id, sort_by_parameter_order=True),
            conversations,
        )
    )
    rows: dict[type, list[dict[str, Any]]] = {
        Message: [],
        LeadEvent: [],
        ScoreChange: [],
        Handoff: [],
        Consent: [],
        Outcome: [],
        ContentQuestion: [],
    }
    for b, lead_id, conversation_id in zip(batch, lead_ids, conversation_ids, strict=True):
        _rows_of(b, lead_id, conversation_id, rows)
    for model, values in rows.items():
        if values:
            await session.execute(insert(model), values)


def _rows_of(
    b: Built, lead_id: int, conversation_id: int, rows: dict[type, list[dict[str, Any]]]
) -> None:
    s = b.story
    for at, author, text in s.messages:
        rows[Message].append(
            {
                "conversation_id": conversation_id,
                "text": text,
                "author": author,
                "direction": "inbound" if author == "prospect" else "outbound",
                "status": "answered" if author == "prospect" else "sent",
                "language": s.language,
                "created_at": at,
                "data": {},
            }
        )
    for at, kind in s.events:
        rows[LeadEvent].append(
            {
                "lead_id": lead_id,
                "type": kind,
                "properties": {},
                "occurred_at": at,
                "received_at": at,
                "source": "demo",
            }
        )
    rows[ScoreChange] += [{**c, "lead_id": lead_id} for c in b.changes]
    if b.handoff:
        rows[Handoff].append({**b.handoff, "lead_id": lead_id, "conversation_id": conversation_id})
    if b.outcome:
        rows[Outcome].append({**b.outcome, "lead_id": lead_id})
    rows[ContentQuestion] += questions_of(s, lead_id, conversation_id)
    if s.email:
        wording = (
            "J'accepte d'être recontacté." if s.language == "fr" else "I agree to be contacted."
        )
        rows[Consent].append(
            {
                "lead_id": lead_id,
                "purpose": "contact",
                "granted": True,
                "wording": wording,
                "language": s.language,
                "at": s.messages[-1][0],
            }
        )


async def fill(
    session: AsyncSession,
    *,
    leads: int,
    seed: int,
    rules: ScoringRules,
    now: datetime,
    days: int = 90,
) -> int:
    """Add `leads` made-up leads (seeded); the caller commits. Returns how many."""
    rng = random.Random(seed)
    batch: list[Built] = []
    for index in range(leads):
        batch.append(build(draw_story(rng, index, now=now, days=days), rules, rng, now))
        if len(batch) == BATCH:
            await _write(session, batch, seed)
            batch = []
    if batch:
        await _write(session, batch, seed)
    return leads
