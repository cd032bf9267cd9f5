"""The app's side of `actions.ports.LeadFacts`: facts learnt in conversation, stored on the
lead and rescored in one transaction. An unknown lead is a `LeadNotFound` (bot/errors.py):
this layer knows nothing of HTTP."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from actions.ports import AskedQuestion, LeadStatus
from actions.profile import FactUpdate
from bot.db.models import Consent, Lead, utcnow
from bot.errors import LeadNotFound
from bot.handoffs.service import (
    WITHDRAWN,
    contact_changed,
    contact_refused,
    note_signal,
    open_handoff,
)
from bot.leads.events import NewEvent, record_event
from bot.leads.merge import (
    BY_EMAIL,
    lead_with_email,
    merge_leads,
    merged_by_email,
    resolve_lead,
    unproven_facts,
)
from bot.leads.questions import record_question
from bot.leads.scoring import LeadScorer, disqualified

SALES_REQUEST_EVENT = "demo_request"
# The profile keys that answer each question of the form (its slot's name).
ANSWERED_BY = {
    "need": ("need",),
    "job_title": ("job_title", "role"),
    "company": ("company",),
    "company_size": ("company_size",),
    "timeline": ("timeline_months", "timeline_text"),
    "budget": ("budget",),
}


def with_unanswered(profile: dict[str, Any], update: FactUpdate) -> dict[str, Any]:
    """`profile` with the questions the prospect declined or has not decided yet
    (`declined`, `undecided`), less those the update answers: "no deadline yet", then
    "within 6 months" is a timeline, neither declined nor undecided any more."""
    out = dict(profile)
    for key, new in (("declined", update.declined), ("undecided", update.undecided)):
        kept = {
            slot
            for slot in set(out.get(key, [])) | set(new)
            if not any(k in update.profile for k in ANSWERED_BY.get(slot, ()))
        }
        if kept:
            out[key] = sorted(kept)
        else:
            out.pop(key, None)
    return out


async def _with_facts(
    session: AsyncSession, lead: Lead, lead_id: int, claimed: dict[str, Any]
) -> dict[str, Any]:
    """The lead's profile with `claimed`: later statements correct earlier ones, unless the
    conversation only typed the lead's email (merged into it: bot/leads/merge.py)."""
    profile = dict(lead.profile or {})
    if lead.id != lead_id and await merged_by_email(session, lead_id):
        return unproven_facts(profile, claimed)
    return profile | claimed


def _with_contact(lead: Lead, profile: dict[str, Any], update: FactUpdate) -> dict[str, Any]:
    """The address (on the lead) and number (in `profile`) as `update` leaves them. Contact
    details arrive here only with the prospect's consent (see actions)."""
    profile = dict(profile)
    if update.withdraw_contact:  # they no longer want to be contacted
        lead.email = None
        profile.pop("email_kind", None)
        profile.pop("phone", None)
    if update.email and update.email_kind:
        lead.email = update.email
        profile["email_kind"] = update.email_kind
    if update.withdraw_phone:  # "email me instead": the number is not kept
        profile.pop("phone", None)
        profile.pop("call_when", None)
    if update.phone:
        profile["phone"] = update.phone
    return profile


class LeadFactStore:
    def __init__(self, *, sessions: async_sessionmaker[AsyncSession], scorer: LeadScorer) -> None:
        self._sessions = sessions
        self._scorer = scorer

    async def record(self, lead_id: int, update: FactUpdate) -> LeadStatus:
        now = utcnow()
        async with self._sessions() as session, session.begin():
            lead = await resolve_lead(session, lead_id)
            if lead is None:
                raise LeadNotFound(lead_id)
            before = lead.stage
            profile = await _with_facts(session, lead, lead_id, update.profile)
            profile = with_unanswered(profile, update)
            if update.consent is not None:
                session.add(
                    Consent(
                        lead_id=lead.id,
                        purpose="contact",
                        granted=update.consent,
                        wording=update.consent_wording or "",
                        language=update.language,
                        at=now,
                    )
                )
            profile = _with_contact(lead, profile, update)
            if update.phone or "call_when" in update.profile or update.withdraw_phone:
                phone, when = profile.get("phone") or "", profile.get("call_when") or ""
                await contact_changed(session, lead, phone=phone, when=when)
            lead.profile = profile
            lead.updated_at = now
            if update.refused_contact:  # the rep who has the lead is told
                await contact_refused(session, lead)
            known = (
                await lead_with_email(session, lead.email, besides=lead.id) if lead.email else None
            )
            if known is not None:  # the same person, met before: one lead, not two
                before = known.stage
                lead = await merge_leads(
                    session,
                    survivor=known,
                    absorbed=lead,
                    scorer=self._scorer,
                    now=now,
                    reason=BY_EMAIL,
                    proven=False,
                )
            else:
                await self._scorer.rescore(session, lead, now=now, source=update.source)
            return LeadStatus(
                stage=lead.stage,
                score=lead.score_total,
                sdr_ready=self._scorer.is_sdr_ready(lead.score_total, lead),
                became_sdr_ready=before != "sdr_ready" and lead.stage == "sdr_ready",
            )

    async def record_event(
        self, lead_id: int, type: str, properties: dict[str, Any], *, idempotency_key: str
    ) -> LeadStatus:
        async with self._sessions() as session, session.begin():
            before = await resolve_lead(session, lead_id)
            stage_before = before.stage if before else None
            event = NewEvent(
                type=type,
                lead_id=before.id if before else lead_id,
                properties=properties,
                idempotency_key=idempotency_key,
            )
            _, lead, _ = await record_event(session, self._scorer, event, source="chat")
            return self._status_after(lead, stage_before)

    async def record_question(self, lead_id: int, question: AskedQuestion) -> None:
        """A content question looked up (actions.ports.QuestionLog): bot/leads/questions.py."""
        await record_question(self._sessions, lead_id, question)

    async def request_handoff(self, lead_id: int) -> bool:
        async with self._sessions() as session, session.begin():
            lead = await resolve_lead(session, lead_id)
            if lead is None:
                return False
            return await open_handoff(session, lead, reason="requested") is not None

    async def buying_signal(
        self, lead_id: int, signal: str, *, idempotency_key: str
    ) -> LeadStatus | None:
        """The handoff first (with the signal as its reason), then the `demo_request` event
        (a demo, a meeting or a quote: one scoring indicator, DOMAIN.md): a lead the
        event makes SDR-ready is then not handed over a second time as `sdr_ready`. A lead
        already handed over gets the signal as a note in its card's thread instead. A lead
        who said they will never buy (profile `disqualified`) is not handed over: the event
        is still recorded (it keeps being scored)."""
        async with self._sessions() as session, session.begin():
            lead = await resolve_lead(session, lead_id)
            if lead is None:
                return None
            stage_before = lead.stage
            if disqualified(lead):
                pass  # a student, competitor, investor or job seeker: not for sales
            elif await open_handoff(session, lead, reason=signal) is None:
                await note_signal(session, lead, signal)  # the rep already has the lead
            event = NewEvent(  # one indicator for every sales request (10-15 in all)
                type=SALES_REQUEST_EVENT,
                lead_id=lead.id,
                properties={"source": "chat", "signal": signal},
                idempotency_key=idempotency_key,
            )
            _, lead, _ = await record_event(session, self._scorer, event, source="chat")
            return self._status_after(lead, stage_before)

    async def withdraw_signal(self, lead_id: int, signal: str) -> bool:
        async with self._sessions() as session, session.begin():
            lead = await resolve_lead(session, lead_id)
            if lead is None:
                return False
            handoff = await note_signal(session, lead, f"{signal}_withdrawn")
            if handoff is not None and handoff.reason == signal and handoff.claimed_by is None:
                handoff.status = WITHDRAWN  # "no I just want the price": nobody to follow up
            return handoff is not None

    def _status_after(self, lead: Lead, stage_before: str | None) -> LeadStatus:
        return LeadStatus(
            stage=lead.stage,
            score=lead.score_total,
            sdr_ready=self._scorer.is_sdr_ready(lead.score_total, lead),
            became_sdr_ready=stage_before != "sdr_ready" and lead.stage == "sdr_ready",
            disqualified=disqualified(lead),
        )

    async def status(self, lead_id: int) -> LeadStatus | None:
        async with self._sessions() as session:
            lead = await resolve_lead(session, lead_id)
            if lead is None:
                return None
            return LeadStatus(
                stage=lead.stage,
                score=lead.score_total,
                sdr_ready=self._scorer.is_sdr_ready(lead.score_total, lead),
            )


async def clear_disqualified(
    session: AsyncSession, lead: Lead, scorer: LeadScorer, *, now: datetime
) -> bool:
    """Forget that the lead said it will never buy (a mistake, or a stranger who typed its
    email before that could no longer disqualify it) and rescore it. False: nothing to clear."""
    profile = dict(lead.profile or {})
    if profile.pop("disqualified", None) is None:
        return False
    lead.profile, lead.updated_at = profile, now
    await scorer.rescore(session, lead, now=now, source="console:requalify")
    return True
