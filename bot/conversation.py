"""The conversation service: the path every prospect message takes, whatever the channel.

inbound message -> Identity -> Lead -> Conversation -> stored Message (committed)
  -> engine -> bot replies stored -> returned to the channel adapter.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot import replies
from bot.db.models import (
    Author,
    Conversation,
    Direction,
    Message,
    MessageStatus,
    utcnow,
)
from bot.engine.client import EngineClient
from bot.errors import EngineUnavailable
from bot.handoff import relay_prospect_message
from bot.identities import identity_for
from bot.live import mark_changed
from nlu.language import resolve_language

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class InboundMessage:
    """A prospect's message as every channel adapter hands it over."""

    channel: str
    external_id: str
    text: str
    metadata: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class Button:
    title: str
    payload: str


@dataclass(frozen=True)
class OutboundMessage:
    text: str
    buttons: list[Button] = field(default_factory=list)
    custom: dict[str, Any] | None = None

    @classmethod
    def from_engine(cls, reply: dict[str, Any]) -> OutboundMessage:
        buttons = [
            Button(title=str(b.get("title", "")), payload=str(b.get("payload", "")))
            for b in reply.get("buttons") or []
            if isinstance(b, dict)
        ]
        custom = reply.get("custom")
        if custom is None and reply.get("image"):
            custom = {"image": reply["image"]}
        return cls(text=str(reply.get("text") or ""), buttons=buttons, custom=custom)

    def data(self) -> dict[str, Any]:
        out: dict[str, Any] = {}
        if self.buttons:
            out["buttons"] = [{"title": b.title, "payload": b.payload} for b in self.buttons]
        if self.custom is not None:
            out["custom"] = self.custom
        return out


@dataclass(frozen=True)
class ChatResult:
    conversation_id: int
    lead_id: int
    language: str
    messages: list[OutboundMessage]


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

    async def handle(self, inbound: InboundMessage) -> ChatResult:
        async with self._sessions() as session:
            async with session.begin():
                conversation = await self._conversation_for(session, inbound)
                language = resolve_language(
                    inbound.text,
                    current=conversation.language,
                    hint=inbound.metadata.get("language"),
                    default=self._default_language,
                )
                conversation.language = language
                conversation.lead.language = language
                conversation.last_message_at = utcnow()
                stored = Message(
                    conversation_id=conversation.id,
                    direction=Direction.INBOUND,
                    author=Author.PROSPECT,
                    text=inbound.text,
                    data={"metadata": inbound.metadata} if inbound.metadata else {},
                    language=language,
                    status=MessageStatus.RECEIVED,
                )
                session.add(stored)
                mark_changed(session, conversation.id)
                if conversation.mode == "human":
                    # A rep has taken over: the message goes to their Slack thread.
                    await session.flush()
                    relayed = await relay_prospect_message(session, conversation, stored)
                    stored.status = MessageStatus.RELAYED if relayed else stored.status
            # Committed: the prospect's message is safe whatever happens next.
            if conversation.mode == "human" and stored.status == MessageStatus.RELAYED:
                return ChatResult(conversation.id, conversation.lead_id, language, [])

            status = MessageStatus.ANSWERED
            try:
                raw = await self._engine.send(
                    sender=conversation.engine_sender_id,
                    text=inbound.text,
                    metadata={
                        "channel": inbound.channel,
                        "language": language,
                        "lead_id": conversation.lead_id,
                    },
                )
                outgoing = [OutboundMessage.from_engine(r) for r in raw]
            except EngineUnavailable as exc:
                log.warning("engine unavailable for conversation %s: %s", conversation.id, exc)
                status = MessageStatus.ENGINE_UNAVAILABLE
                outgoing = [OutboundMessage(text=replies.engine_unavailable(language))]

            async with session.begin():
                stored.status = status
                session.add(stored)
                mark_changed(session, conversation.id)
                author = Author.BOT if status == MessageStatus.ANSWERED else Author.SYSTEM
                for out in outgoing:
                    session.add(
                        Message(
                            conversation_id=conversation.id,
                            direction=Direction.OUTBOUND,
                            author=author,
                            text=out.text,
                            data=out.data(),
                            language=language,
                            status=MessageStatus.SENT,
                        )
                    )
            return ChatResult(
                conversation_id=conversation.id,
                lead_id=conversation.lead_id,
                language=language,
                messages=outgoing,
            )

    async def _conversation_for(
        self, session: AsyncSession, inbound: InboundMessage
    ) -> Conversation:
        identity = await identity_for(session, inbound.channel, inbound.external_id)
        conversation = await session.scalar(
            select(Conversation)
            .where(Conversation.identity_id == identity.id)
            .order_by(Conversation.id.desc())
            .limit(1)
        )
        if conversation is None:
            conversation = Conversation(
                lead_id=identity.lead_id, identity_id=identity.id, channel=inbound.channel
            )
            session.add(conversation)
            await session.flush()
        await session.refresh(conversation, ["lead"])
        return conversation


def message_view(message: Message) -> dict[str, Any]:
    """A stored message as the admin API shows it."""
    created: datetime = message.created_at
    return {
        "id": message.id,
        "direction": message.direction,
        "author": message.author,
        "author_name": message.author_name,
        "text": message.text,
        "buttons": message.data.get("buttons", []),
        "custom": message.data.get("custom"),
        "language": message.language,
        "status": message.status,
        "created_at": created.isoformat(),
    }
