"""Delivers the outbox's `slack.*` rows with the real slack_sdk client.

slack.card    post the handoff card, once: if an earlier attempt reached Slack but crashed
              before we stored its timestamp, the card is found by its message metadata
              and adopted instead of posted again
slack.update  redraw the card (claimed, verdict, returned)
slack.thread  a message in the card's thread (a prospect's words, a reminder, a note)
slack.delete  delete a message the app posted (the card and its thread replies of an
              erased lead, bot/leads/privacy.py)

Every row that posts a message keeps its `ts` and channel in the outbox row's result: that
is how an erasure finds them all. A message posted while its lead was being erased is
deleted again (`undo_erased`, the relay's `undo`).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from slack_sdk.errors import SlackApiError
from slack_sdk.web.async_client import AsyncWebClient
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.db.models import Conversation, Handoff, Lead, LeadEvent, Message, OutboxMessage, utcnow
from bot.errors import NotReady, RetryLater
from bot.leads.privacy import slack_delete_row
from bot.leads.scoring import LeadScorer, aware
from channels.slack.card import CardData, build_blocks, headline
from channels.slack.notes import note_text, prospect_text

METADATA_EVENT = "prospect_handoff"
WHO = {"prospect": "Prospect", "bot": "Bot", "system": "System", "rep": "Rep"}


def budget_text(budget: dict[str, Any] | None) -> str | None:
    if not budget:
        return None
    low, high = budget["min"], budget["max"]
    amount = f"{low:,.0f}" if low == high else f"{low:,.0f}-{high:,.0f}"
    period = {"month": "per month", "year": "per year", "one_off": "one-off"}.get(
        budget.get("period") or "", ""
    )
    return " ".join(x for x in (amount, budget.get("currency") or "", period) if x)


@dataclass
class SlackSender:
    client: AsyncWebClient
    channel: str
    sessions: async_sessionmaker[AsyncSession]
    scorer: LeadScorer
    link_base: str

    async def __call__(self, row: OutboxMessage) -> dict[str, Any]:
        try:
            if row.kind == "slack.card":
                return await self._post_card(int(row.payload["handoff_id"]))
            if row.kind == "slack.update":
                return await self._update_card(int(row.payload["handoff_id"]))
            if row.kind == "slack.thread":
                return await self._thread(row.payload)
            if row.kind == "slack.delete":  # a card about an erased lead
                return await self._delete(row.payload)
        except SlackApiError as exc:
            if exc.response.status_code == 429:
                headers = {k.lower(): v for k, v in (exc.response.headers or {}).items()}
                raise RetryLater(float(headers.get("retry-after", 1)), "Slack 429") from exc
            raise
        raise ValueError(f"unknown Slack outbox kind {row.kind!r}")

    async def _delete(self, payload: dict[str, Any]) -> dict[str, Any]:
        try:
            await self.client.chat_delete(channel=payload["channel"], ts=payload["ts"])
        except SlackApiError as exc:
            if exc.response.get("error") in {"message_not_found", "channel_not_found"}:
                return {"deleted": False, "reason": exc.response.get("error")}
            raise
        return {"deleted": True}

    async def card_data(self, session: AsyncSession, handoff: Handoff) -> CardData:
        lead = await session.get_one(Lead, handoff.lead_id)
        profile = lead.profile or {}
        events = list(await session.scalars(select(LeadEvent).where(LeadEvent.lead_id == lead.id)))
        score = self.scorer.score(lead, events, now=utcnow())
        messages: list[Message] = []
        channel = "web"
        if handoff.conversation_id is not None:
            conversation = await session.get(Conversation, handoff.conversation_id)
            channel = conversation.channel if conversation else channel
            rows = await session.scalars(
                select(Message)
                .where(Message.conversation_id == handoff.conversation_id)
                .order_by(Message.id.desc())
                .limit(6)
            )
            messages = list(rows)[::-1]
        return CardData(
            handoff_id=handoff.id,
            lead_id=lead.id,
            reason=handoff.reason,
            status=handoff.status,
            channel=channel,
            lead_url=f"{self.link_base}/console/leads/{lead.id}",
            email=lead.email,
            phone=profile.get("phone"),
            call_when=profile.get("call_when"),
            job_title=profile.get("job_title"),
            role=profile.get("role"),
            company=profile.get("company"),
            company_size=profile.get("company_size"),
            seats=profile.get("seats"),
            budget=budget_text(profile.get("budget")),
            need=profile.get("need"),
            use_case=profile.get("use_case"),
            timeline=profile.get("timeline_text"),
            score=score.total,
            fit=score.fit,
            pain=score.pain,
            top_signals=[(s.signal.name, s.points) for s in score.breakdown[:3]],
            transcript=[(m.author_name or WHO.get(m.author, m.author), m.text) for m in messages],
            claimed_by=handoff.claimed_by,
            verdict=handoff.verdict,
        )

    async def _post_card(self, handoff_id: int) -> dict[str, Any]:
        async with self.sessions() as session:
            handoff = await session.get_one(Handoff, handoff_id)
            if handoff.slack_ts:
                return {"ts": handoff.slack_ts, "adopted": True}
            card = await self.card_data(session, handoff)
            created = aware(handoff.created_at)
        ts = await self._find_posted(handoff_id, since=created.timestamp() - 60)
        if ts is None:
            response = await self.client.chat_postMessage(
                channel=self.channel,
                text=headline(card),
                blocks=build_blocks(card),
                metadata={
                    "event_type": METADATA_EVENT,
                    "event_payload": {"handoff_id": handoff_id},
                },
                unfurl_links=False,
            )
            ts = str(response["ts"])
            channel = str(response.get("channel") or self.channel)
        else:
            channel = self.channel
        async with self.sessions() as session, session.begin():
            stored = await session.get(Handoff, handoff_id)
            if stored is not None:
                stored.slack_ts, stored.slack_channel = ts, channel
        # Erased meanwhile: the result still names the card, so the relay deletes it.
        return {"ts": ts, "channel": channel}

    async def _find_posted(self, handoff_id: int, *, since: float) -> str | None:
        """The card's ts if an earlier attempt posted it (crash before we stored it)."""
        response = await self.client.conversations_history(
            channel=self.channel, oldest=f"{since:.6f}", include_all_metadata=True, limit=200
        )
        for message in response.get("messages") or []:
            metadata = message.get("metadata") or {}
            payload = metadata.get("event_payload") or {}
            if (
                metadata.get("event_type") == METADATA_EVENT
                and payload.get("handoff_id") == handoff_id
            ):
                return str(message["ts"])
        return None

    async def _update_card(self, handoff_id: int) -> dict[str, Any]:
        async with self.sessions() as session:
            handoff = await session.get_one(Handoff, handoff_id)
            if not handoff.slack_ts:
                raise NotReady(f"handoff {handoff_id}: the card is not posted yet")
            card = await self.card_data(session, handoff)
            ts, channel = handoff.slack_ts, handoff.slack_channel or self.channel
        await self.client.chat_update(
            channel=channel, ts=ts, text=headline(card), blocks=build_blocks(card)
        )
        return {"ts": ts}

    async def _thread(self, payload: dict[str, Any]) -> dict[str, Any]:
        async with self.sessions() as session:
            handoff = await session.get_one(Handoff, int(payload["handoff_id"]))
            if not handoff.slack_ts:
                raise NotReady(f"handoff {handoff.id}: the card is not posted yet")
            text = note_text(payload)
            if "message_id" in payload:
                message = await session.get(Message, int(payload["message_id"]))
                if message is None:  # erased meanwhile (privacy): nothing left to relay
                    return {"skipped": "message erased"}
                text = prospect_text(message.text)
            ts, channel = handoff.slack_ts, handoff.slack_channel or self.channel
        response = await self.client.chat_postMessage(
            channel=channel, thread_ts=ts, text=text, unfurl_links=False
        )
        return {"ts": str(response["ts"]), "channel": str(response.get("channel") or channel)}


def undo_erased(
    row: OutboxMessage, result: dict[str, Any]
) -> list[tuple[str, dict[str, Any], str]]:
    """The relay's undo for a `slack.*` row erased while it was sent: a message it posted
    (a card, a thread reply) is deleted."""
    if row.kind not in ("slack.card", "slack.thread"):
        return []
    ts, channel = result.get("ts"), result.get("channel")
    if not ts or not channel:
        return []
    return [slack_delete_row(str(channel), str(ts))]
