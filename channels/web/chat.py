"""`POST /api/chat`: one prospect message in, the bot's replies out."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, HTTPException, Query, Request, status
from pydantic import BaseModel, Field, field_validator
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.api.deps import ConversationsDep, SessionDep, SettingsDep
from bot.api.guard import GuardDep, OriginDep, client_ip
from bot.api.limits import Metadata, StorableStr
from bot.conversation import InboundMessage
from bot.db.models import Conversation, Identity, Message
from bot.settings import Settings

router = APIRouter(prefix="/api", tags=["web"])


class ChatRequest(BaseModel):
    sender: StorableStr = Field(
        min_length=1, max_length=255, description="The visitor id the browser keeps"
    )
    text: StorableStr = Field(description="What the prospect typed, or a button's payload")
    metadata: Metadata = Field(default_factory=dict)

    @field_validator("sender")
    @classmethod
    def _sender_not_blank(cls, value: str) -> str:
        value = value.strip()
        if not value:
            raise ValueError("sender must not be blank")
        return value

    @field_validator("text")
    @classmethod
    def _text_not_blank(cls, value: str) -> str:
        value = value.strip()
        if not value:
            raise ValueError("text must not be empty")
        return value


class ButtonOut(BaseModel):
    title: str
    payload: str


class MessageOut(BaseModel):
    text: str
    buttons: list[ButtonOut] = []
    custom: dict[str, Any] | None = None


class ChatResponse(BaseModel):
    conversation_id: int
    lead_id: int
    language: str
    messages: list[MessageOut]


class HistoryMessage(BaseModel):
    id: int
    direction: str
    author: str = Field(description="prospect | bot | rep | system")
    author_name: str | None
    text: str
    buttons: list[ButtonOut] = []
    client_id: str | None = Field(
        default=None, description="the id the widget gave its own message, echoed back"
    )
    created_at: str


def history_view(message: Message) -> HistoryMessage:
    metadata = message.data.get("metadata") or {}
    client_id = metadata.get("client_id")
    shown = metadata.get("button_title")  # a quick reply: stored as its payload, shown as clicked
    return HistoryMessage(
        id=message.id,
        direction=message.direction,
        author=message.author,
        author_name=message.author_name,
        text=shown if isinstance(shown, str) and shown else message.text,
        buttons=[ButtonOut(**b) for b in message.data.get("buttons", [])],
        client_id=client_id if isinstance(client_id, str) else None,
        created_at=message.created_at.isoformat(),
    )


async def visitor_conversation(session: AsyncSession, sender: str) -> Conversation | None:
    """The web visitor's current conversation, if they have talked yet."""
    conversation: Conversation | None = await session.scalar(
        select(Conversation)
        .join(Identity, Conversation.identity_id == Identity.id)
        .where(Identity.channel == "web", Identity.external_id == sender.strip())
        .order_by(Conversation.id.desc())
        .limit(1)
    )
    return conversation


async def messages_after(
    session: AsyncSession, conversation_id: int, after: int, limit: int = 200
) -> list[HistoryMessage]:
    rows = await session.scalars(
        select(Message)
        .where(Message.conversation_id == conversation_id, Message.id > after)
        .order_by(Message.id)
        .limit(limit)
    )
    return [history_view(m) for m in rows]


@router.get(
    "/chat/history",
    summary="A visitor's conversation, or what is new since `after`",
    dependencies=[OriginDep],
)
async def history(
    sender: Annotated[str, Query(min_length=1, max_length=255)],
    session: SessionDep,
    after: Annotated[int, Query(ge=0)] = 0,
    limit: Annotated[int, Query(ge=1, le=500)] = 200,
) -> list[HistoryMessage]:
    """Messages of the visitor's conversation with an id above `after`, oldest first: how a
    returning visitor sees their history, and how the widget without a socket polls for a
    rep's replies."""
    conversation = await visitor_conversation(session, sender)
    if conversation is None:
        return []
    return await messages_after(session, conversation.id, after, limit)


def check_length(text: str, settings: Settings) -> None:
    if len(text) > settings.max_message_chars:
        raise HTTPException(
            status.HTTP_413_CONTENT_TOO_LARGE,
            detail=(
                f"text is {len(text)} characters long; the limit is {settings.max_message_chars}"
            ),
        )


@router.post(
    "/chat",
    summary="Send a prospect's message and get the bot's replies",
    dependencies=[OriginDep],
)
async def chat(
    body: ChatRequest,
    request: Request,
    settings: SettingsDep,
    conversations: ConversationsDep,
    guard: GuardDep,
) -> ChatResponse:
    check_length(body.text, settings)
    guard.check_rate(visitor=body.sender, ip=client_ip(request))
    result = await conversations.handle(
        InboundMessage(
            channel="web", external_id=body.sender, text=body.text, metadata=body.metadata
        )
    )
    return ChatResponse(
        conversation_id=result.conversation_id,
        lead_id=result.lead_id,
        language=result.language,
        messages=[
            MessageOut(
                text=m.text,
                buttons=[ButtonOut(title=b.title, payload=b.payload) for b in m.buttons],
                custom=m.custom,
            )
            for m in result.messages
        ],
    )
