"""The conversation service: the path every prospect message takes, whatever the channel.

inbound message -> Identity -> Lead -> Conversation -> stored Message (committed)
  -> engine -> bot replies stored -> returned to the channel adapter.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker
from sqlalchemy.orm import joinedload

from bot.conversations import replies
from bot.conversations.backlog import has_backlog, hold, queue_replay
from bot.conversations.live import mark_changed
from bot.conversations.messages import (
    ChatResult,
    InboundMessage,
    OutboundMessage,
    inbound_row,
    outbound_from_row,
)
from bot.db.models import (
    Author,
    Conversation,
    Direction,
    Message,
    MessageStatus,
    utcnow,
)
from bot.db.once import first_time
from bot.engine.client import EngineClient
from bot.errors import EngineUnavailable
from bot.handoffs.service import relay_prospect_message
from bot.leads.identities import identity_for
from bot.outbox import enqueue_delivery
from nlu.extract.noise import is_gibberish
from nlu.language import requested_language, resolve_language

log = logging.getLogger(__name__)
REPLAY_POLL_SECONDS = 0.05
REPLAY_WAIT_SECONDS = 3.0  # at least, for a message queued behind others to be answered
BeforeReply = Callable[[AsyncSession, Conversation], Awaitable[None]]


def engine_metadata(channel: str, language: str, lead_id: int | None, text: str) -> dict[str, Any]:
    """What the engine reads beside the text: the channel, the language, the lead, and
    whether the message is noise (keyboard mashing, markup; not an emoji alone:
    engine_runtime/intent_cues.py then classifies it as no intent, and the prospect is
    asked to rephrase)."""
    return {
        "channel": channel,
        "language": language,
        "lead_id": lead_id,
        "noise": is_gibberish(text),
    }


@dataclass(frozen=True)
class DirectAnswer:
    """How the app answers a message itself, before the engine ("stop", bot/nurture/)."""

    reply: Callable[[str], list[OutboundMessage]]
    language: str | None = None
    before_reply: BeforeReply | None = None


Command = Callable[[InboundMessage], DirectAnswer | None]


class ConversationService:
    """Stores every message before anything can fail, then asks the engine."""

    def __init__(
        self,
        *,
        sessions: async_sessionmaker[AsyncSession],
        engine: EngineClient,
        default_language: str = "en",
    ) -> None:
        self._sessions = sessions
        self._engine = engine
        self._default_language = default_language
        self._outbox_channels: set[str] = set()
        self._commands: list[Command] = []

    def answer_first(self, command: Command) -> None:
        """`command(message)` is asked about every prospect message first: a DirectAnswer
        answers it (stored and delivered as a command), None lets the engine answer."""
        self._commands.append(command)

    def deliver_through_outbox(self, channel: str) -> None:
        """Replies on `channel` are pushed (Telegram), not returned to a waiting caller (web):
        each is enqueued as a `<channel>.send` outbox row with the message that stores it."""
        self._outbox_channels.add(channel)

    async def _already_delivered(self, session: AsyncSession, delivery_id: str | None) -> bool:
        return delivery_id is not None and not await first_time(session, [delivery_id])

    async def _store_replies(
        self,
        session: AsyncSession,
        conversation: Conversation,
        outgoing: list[OutboundMessage],
        *,
        author: str,
        language: str,
        reply_to: int | None = None,
    ) -> None:
        about = {} if reply_to is None else {"reply_to": reply_to}
        rows = [
            Message(
                conversation_id=conversation.id,
                direction=Direction.OUTBOUND,
                author=author,
                text=out.text,
                data={**out.data(), **about},
                language=language,
                status=MessageStatus.SENT,
            )
            for out in outgoing
        ]
        session.add_all(rows)
        mark_changed(session, conversation.id)
        if conversation.channel in self._outbox_channels and rows:
            await session.flush()
            for row in rows:
                await enqueue_delivery(
                    session,
                    channel=conversation.channel,
                    message_id=row.id,
                    lead_id=conversation.lead_id,
                )

    async def answer_directly(
        self,
        inbound: InboundMessage,
        reply: Callable[[str], list[OutboundMessage]],
        *,
        status: str = MessageStatus.UNSUPPORTED,
        language: str | None = None,
        before_reply: Callable[[AsyncSession, Conversation], Awaitable[None]] | None = None,
    ) -> ChatResult:
        """A message the channel answers itself, without the engine (a photo, an edit, a
        command): stored like any other, with `reply(language)` stored and delivered.
        `language` sets the conversation's language; `before_reply` runs in the same
        transaction (to record what the command changes)."""
        async with self._sessions() as session, session.begin():
            if await self._already_delivered(session, inbound.delivery_id):
                return ChatResult(0, 0, self._default_language, [], duplicate=True)
            conversation = await self._conversation_for(session, inbound)
            if language is not None:
                conversation.language = conversation.lead.language = language
            hint = inbound.metadata.get("language")
            chosen = conversation.language or hint or self._default_language
            conversation.last_message_at = utcnow()
            session.add(inbound_row(conversation, inbound, chosen, status))
            if before_reply is not None:
                await before_reply(session, conversation)
            outgoing = reply(chosen)
            await self._store_replies(
                session, conversation, outgoing, author=Author.SYSTEM, language=chosen
            )
            return ChatResult(conversation.id, conversation.lead_id, chosen, outgoing)

    async def handle(self, inbound: InboundMessage) -> ChatResult:
        """Store the prospect's message (committed before anything can fail), then have it
        answered: by the engine, by a rep during a takeover, or later if the engine waits."""
        for command in self._commands:
            if (direct := command(inbound)) is not None:
                return await self.answer_directly(
                    inbound,
                    direct.reply,
                    status=MessageStatus.COMMAND,
                    language=direct.language,
                    before_reply=direct.before_reply,
                )
        async with self._sessions() as session:
            async with session.begin():
                if await self._already_delivered(session, inbound.delivery_id):
                    return ChatResult(0, 0, self._default_language, [], duplicate=True)
                conversation, stored = await self._store_inbound(session, inbound)
            # Committed: the prospect's message is safe whatever happens next.
            language = stored.language or self._default_language
            if conversation.mode == "human" and stored.status == MessageStatus.RELAYED:
                return ChatResult(conversation.id, conversation.lead_id, language, [])
            if stored.status == MessageStatus.ENGINE_UNAVAILABLE:
                return await self._behind_backlog(conversation, stored, language)
            status, outgoing = await self._ask_engine(conversation, inbound, language)
            async with session.begin():
                stored.status = status
                session.add(stored)
                mark_changed(session, conversation.id)
                if status == MessageStatus.ENGINE_UNAVAILABLE:  # answered when it is back
                    hold(stored, inbound.engine_text)
                    await queue_replay(session, conversation)
                author = Author.BOT if status == MessageStatus.ANSWERED else Author.SYSTEM
                await self._store_replies(
                    session, conversation, outgoing, author=author, language=language
                )
            return ChatResult(
                conversation_id=conversation.id,
                lead_id=conversation.lead_id,
                language=language,
                messages=outgoing,
            )

    async def _store_inbound(
        self, session: AsyncSession, inbound: InboundMessage
    ) -> tuple[Conversation, Message]:
        """In the caller's transaction: the message stored in its conversation, relayed to
        the rep during a takeover, or queued behind earlier messages waiting for the engine."""
        conversation = await self._conversation_for(session, inbound)
        text = inbound.text if inbound.engine_text is None else ""
        language = resolve_language(
            text,
            current=conversation.language,
            hint=inbound.metadata.get("language"),
            default=self._default_language,
            asked_before=conversation.language_asked,
        )
        if requested_language(text):  # holds from now on, whatever they write in
            conversation.language_asked = True
        conversation.language = language
        conversation.lead.language = language
        conversation.last_message_at = utcnow()
        stored = inbound_row(conversation, inbound, language, MessageStatus.RECEIVED)
        session.add(stored)
        mark_changed(session, conversation.id)
        if conversation.mode == "human":
            # A rep has taken over: the message goes to their Slack thread.
            await session.flush()
            relayed = await relay_prospect_message(session, conversation, stored)
            stored.status = MessageStatus.RELAYED if relayed else stored.status
        if stored.status == MessageStatus.RECEIVED and await has_backlog(session, conversation.id):
            # Earlier messages wait for the engine: this one queues behind them, so the
            # engine reads the prospect's messages in order (bot/conversations/backlog.py).
            hold(stored, inbound.engine_text)
            await queue_replay(session, conversation)
        return conversation, stored

    async def _ask_engine(
        self, conversation: Conversation, inbound: InboundMessage, language: str
    ) -> tuple[str, list[OutboundMessage]]:
        """The engine's replies (ANSWERED), or the polite notice (ENGINE_UNAVAILABLE)."""
        try:
            raw = await self._engine.send(
                sender=conversation.engine_sender_id,
                text=inbound.engine_text or inbound.text,
                metadata=engine_metadata(
                    inbound.channel,
                    language,
                    conversation.lead_id,
                    inbound.engine_text or inbound.text,
                ),
            )
        except EngineUnavailable as exc:
            log.warning("engine unavailable for conversation %s: %s", conversation.id, exc)
            notice = OutboundMessage(text=replies.engine_unavailable(language))
            return MessageStatus.ENGINE_UNAVAILABLE, [notice]
        return MessageStatus.ANSWERED, [OutboundMessage.from_engine(r) for r in raw]

    async def replay(self, conversation: Conversation, message: Message) -> bool:
        """Ask the engine about a message it could not answer when it arrived, and store and
        deliver its replies (bot/conversations/backlog.py). Raises `EngineUnavailable`. False if the
        message was answered meanwhile (its replies are then not stored twice)."""
        language = message.language or conversation.language or self._default_language
        raw = await self._engine.send(
            sender=conversation.engine_sender_id,
            text=str(message.data.get("engine_text") or message.text),
            metadata=engine_metadata(
                conversation.channel,
                language,
                conversation.lead_id,
                str(message.data.get("engine_text") or message.text),
            ),
        )
        outgoing = [OutboundMessage.from_engine(r) for r in raw]
        async with self._sessions() as session, session.begin():
            answered = await session.execute(
                update(Message)
                .where(Message.id == message.id, Message.status == MessageStatus.ENGINE_UNAVAILABLE)
                .values(status=MessageStatus.ANSWERED)
            )
            if answered.rowcount != 1:  # type: ignore[attr-defined]
                return False
            current = await session.get_one(Conversation, conversation.id)
            await self._store_replies(
                session,
                current,
                outgoing,
                author=Author.BOT,
                language=language,
                reply_to=message.id,
            )
        return True

    async def add_system_reply(
        self, session: AsyncSession, conversation: Conversation, text: str, *, language: str
    ) -> None:
        """In the caller's transaction: a message from the app itself, stored and delivered."""
        await self._store_replies(
            session,
            conversation,
            [OutboundMessage(text=text)],
            author=Author.SYSTEM,
            language=language,
        )

    async def _behind_backlog(
        self, conversation: Conversation, stored: Message, language: str
    ) -> ChatResult:
        """`stored` queued behind messages waiting for the engine: if the engine is up, wait
        for the replay to answer it (in order); otherwise say it will be answered later."""
        if await self._engine.is_ready():
            deadline = time.monotonic() + max(2 * self._engine.timeout, REPLAY_WAIT_SECONDS)
            while time.monotonic() < deadline:
                answered = await self._replies_to(stored.id)
                if answered is not None:
                    return ChatResult(conversation.id, conversation.lead_id, language, answered)
                await asyncio.sleep(REPLAY_POLL_SECONDS)
        notice = replies.engine_unavailable(language)
        async with self._sessions() as session, session.begin():
            current = await session.get_one(Conversation, conversation.id)
            await self.add_system_reply(session, current, notice, language=language)
        return ChatResult(
            conversation.id, conversation.lead_id, language, [OutboundMessage(text=notice)]
        )

    async def _replies_to(self, message_id: int) -> list[OutboundMessage] | None:
        """The replies stored for a replayed message; None while it still waits."""
        async with self._sessions() as session:
            message = await session.get_one(Message, message_id)
            if message.status == MessageStatus.ENGINE_UNAVAILABLE:
                return None
            rows = await session.scalars(
                select(Message)
                .where(
                    Message.conversation_id == message.conversation_id,
                    Message.id > message_id,
                    Message.direction == Direction.OUTBOUND,
                )
                .order_by(Message.id)
            )
            return [outbound_from_row(m) for m in rows if m.data.get("reply_to") == message_id]

    async def _conversation_for(
        self, session: AsyncSession, inbound: InboundMessage
    ) -> Conversation:
        """The identity's conversation, created on first contact. Race-safe: concurrent first
        messages (several workers, one visitor) insert under a unique index on
        `identity_id`; the losers' inserts fail in a savepoint and they read the winner's."""
        identity = await identity_for(session, inbound.channel, inbound.external_id)
        identity.unreachable_at = None  # they wrote to us: they can be answered again
        query = (
            select(Conversation)
            .where(Conversation.identity_id == identity.id)
            .options(joinedload(Conversation.lead))  # one query, not two
        )
        conversation = await session.scalar(query)
        if conversation is not None:
            return conversation
        try:
            async with session.begin_nested():
                conversation = Conversation(
                    lead_id=identity.lead_id, identity_id=identity.id, channel=inbound.channel
                )
                session.add(conversation)
                await session.flush()
        except IntegrityError:
            conversation = await session.scalar(query)  # another request created it first
            if conversation is None:
                raise
            return conversation
        await session.refresh(conversation, ["lead"])
        return conversation
