"""Messages the engine could not answer when they arrived, answered when it is back.

A message that reaches the app while the engine is starting, down or too slow is stored
with status `engine_unavailable`, and the prospect is told "I'll reply here as soon as I
can" (bot/conversations/replies.py). Then:

- One outbox row per conversation with waiting messages (kind `engine.replay`, dedupe key
  `engine-replay-<conversation id>` while it is pending) replays them to the engine, oldest
  first, when it is back. The relay leases the row (one worker at a time, taken over after
  a crash), and retries every few seconds while the engine is away.
- Each message is answered once: its status moves from `engine_unavailable` to `answered`
  in the transaction that stores the replies, and only if it had not moved already.
- The replies are delivered like any other: pushed on Telegram (outbox), live to the widget
  (its socket reads new messages when the conversation changes), and in the history.
- A new message on a conversation with waiting messages queues behind them, so the engine
  reads the prospect's messages in the order they were written (`ConversationService`).
- If the engine stays away longer than ENGINE_BACKLOG_HANDOFF_MINUTES, a handoff to a sales
  rep is opened (reason `engine_down`, a Slack card) and only then is the prospect told that
  a person will follow up. The replay still answers when the engine is back, unless a rep
  has taken the conversation over: then the waiting messages go to the rep's thread.
"""

from __future__ import annotations

import logging
import time
from datetime import timedelta
from typing import Any, Protocol

from sqlalchemy import Select, select, update
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.conversations import replies
from bot.db.models import (
    Conversation,
    Direction,
    Lead,
    Message,
    MessageStatus,
    OutboxMessage,
    utcnow,
)
from bot.errors import EngineUnavailable, NotReady
from bot.handoffs.service import active_handoff, open_handoff, relay_prospect_message
from bot.leads.scoring import aware
from bot.outbox import DIRTY, enqueue

log = logging.getLogger(__name__)

KIND = "engine.replay"
HANDOFF_REASON = "engine_down"
RETRY_SECONDS = 2.0  # how often a waiting conversation asks whether the engine is back
# After a failure, the next conversations in the same relay pass don't ask again (a hung
# engine would otherwise cost its timeout once per conversation).
DOWN_WINDOW = 0.5
WAITING = MessageStatus.ENGINE_UNAVAILABLE


def live_key(conversation_id: int) -> str:
    """The dedupe key of the conversation's pending replay row: at most one at a time."""
    return f"engine-replay-{conversation_id}"


def waiting(conversation_id: int) -> Select[Message]:
    """The conversation's messages waiting for the engine, oldest first."""
    return (
        select(Message)
        .where(
            Message.conversation_id == conversation_id,
            Message.direction == Direction.INBOUND,
            Message.status == WAITING,
        )
        .order_by(Message.id)
    )


async def has_backlog(session: AsyncSession, conversation_id: int) -> bool:
    found = await session.scalar(waiting(conversation_id).with_only_columns(Message.id).limit(1))
    return found is not None


def hold(message: Message, engine_text: str | None) -> None:
    """Mark a stored inbound message as waiting for the engine, with what the engine must be
    told when it differs from the stored text (a button's payload, a command)."""
    message.status = WAITING
    if engine_text is not None:
        message.data = {**message.data, "engine_text": engine_text}


async def queue_replay(session: AsyncSession, conversation: Conversation) -> None:
    """In the caller's transaction: the conversation's replay row exists and is due now."""
    row = await enqueue(
        session,
        KIND,
        {"conversation_id": conversation.id},
        dedupe_key=live_key(conversation.id),
        lead_id=conversation.lead_id,
    )
    if row is None:  # already queued: try again now rather than at its next retry
        await session.execute(
            update(OutboxMessage)
            .where(
                OutboxMessage.dedupe_key == live_key(conversation.id),
                OutboxMessage.status == "pending",
            )
            .values(next_attempt_at=utcnow())
        )
        session.info[DIRTY] = True  # wake the relay on commit


class Replayer(Protocol):
    """What the backlog needs of the conversation service (`ConversationService` is one):
    this module is imported by the service, so it names no class of it."""

    async def replay(self, conversation: Conversation, message: Message) -> bool:
        """Ask the engine about a waiting message; store and deliver its replies."""
        ...

    async def add_system_reply(
        self, session: AsyncSession, conversation: Conversation, text: str, *, language: str
    ) -> None:
        """In the caller's transaction: a message from the app itself, stored and delivered."""
        ...


class EngineBacklog:
    """The outbox sender for `engine.replay` rows: replays one conversation's waiting
    messages in order. Registered with the relay under the prefix "engine"."""

    def __init__(
        self,
        *,
        sessions: async_sessionmaker[AsyncSession],
        conversations: Replayer,
        handoff_after: timedelta,
        budget: timedelta,
    ) -> None:
        self._sessions = sessions
        self._conversations = conversations
        self._handoff_after = handoff_after
        # Stop starting new messages after this long, well within the row's lease, so no
        # other worker takes the row over while this one is still replaying it.
        self._budget = budget.total_seconds()
        self._down_until = 0.0  # the engine failed moments ago: don't ask it again yet

    async def __call__(self, row: OutboxMessage) -> dict[str, Any]:
        conversation_id = int(row.payload["conversation_id"])
        if row.dedupe_key != live_key(conversation_id):
            return {"replayed": 0}  # closed before a crash; a newer row carries on
        started, replayed = time.monotonic(), 0
        while True:
            async with self._sessions() as session:
                conversation = await session.get(Conversation, conversation_id)
                message = await session.scalar(waiting(conversation_id).limit(1))
            if conversation is None:
                return {"replayed": replayed, "conversation": "erased"}
            if message is None:
                if await self._close(row, conversation_id):
                    return {"replayed": replayed}
                continue
            if replayed and time.monotonic() - started > self._budget:
                raise NotReady(f"conversation {conversation_id}: more to replay", seconds=0)
            if conversation.mode == "human" and await self._to_rep(conversation, message):
                replayed += 1
                continue
            wait = self._down_until - time.monotonic()
            try:
                if wait > 0:  # down moments ago: don't pay its timeout again
                    raise EngineUnavailable("the engine was unavailable moments ago")
                await self._conversations.replay(conversation, message)
            except EngineUnavailable as exc:
                if wait <= 0:
                    self._down_until = time.monotonic() + DOWN_WINDOW
                await self._hand_over_if_overdue(row, conversation, message)
                retry = wait if wait > 0 else RETRY_SECONDS
                raise NotReady(f"waiting for the engine: {exc}", seconds=retry) from exc
            replayed += 1

    async def _close(self, row: OutboxMessage, conversation_id: int) -> bool:
        """Nothing left: free the conversation's live key, unless a message arrived."""
        async with self._sessions() as session, session.begin():
            if await has_backlog(session, conversation_id):
                return False
            await session.execute(
                update(OutboxMessage)
                .where(OutboxMessage.id == row.id)
                .values(dedupe_key=f"{live_key(conversation_id)}-done-{row.id}")
            )
        # A message queued while this row was closing saw the row still live and added no
        # new one: it is caught here (it committed before the key was freed, so it shows).
        async with self._sessions() as session, session.begin():
            conversation = await session.get(Conversation, conversation_id)
            if conversation is not None and await has_backlog(session, conversation_id):
                await queue_replay(session, conversation)
        return True

    async def _to_rep(self, conversation: Conversation, message: Message) -> bool:
        """A rep has taken the conversation over: the waiting message goes to their thread."""
        async with self._sessions() as session, session.begin():
            stored = await session.get_one(Message, message.id)
            current = await session.get_one(Conversation, conversation.id)
            if stored.status != WAITING:
                return True
            if not await relay_prospect_message(session, current, stored):
                return False
            stored.status = MessageStatus.RELAYED
        return True

    async def _hand_over_if_overdue(
        self, row: OutboxMessage, conversation: Conversation, oldest: Message
    ) -> None:
        """The engine has been away too long for this prospect: a person follows up."""
        if row.payload.get("handed_over"):
            return
        if utcnow() - aware(oldest.created_at) < self._handoff_after:
            return
        payload = {**row.payload, "handed_over": True}
        async with self._sessions() as session, session.begin():
            lead = await session.get(Lead, conversation.lead_id)
            current = await session.get(Conversation, conversation.id)
            if lead is None or current is None:
                return
            opened = await open_handoff(
                session, lead, reason=HANDOFF_REASON, conversation_id=current.id
            )
            if opened is None and await active_handoff(session, lead.id) is None:
                return
            language = oldest.language or current.language or "en"
            await self._conversations.add_system_reply(
                session, current, replies.engine_handed_over(language), language=language
            )
            await session.execute(
                update(OutboxMessage).where(OutboxMessage.id == row.id).values(payload=payload)
            )
        row.payload = payload
        log.warning(
            "engine unavailable for %s since %s: conversation %s handed to a person",
            self._handoff_after,
            oldest.created_at,
            conversation.id,
        )
