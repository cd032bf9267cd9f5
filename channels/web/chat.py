"""`POST /api/chat`: one prospect message in, the bot's replies out."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, HTTPException, Query, status
from pydantic import BaseModel, Field, field_validator
from sqlalchemy import select

from bot.api.deps import ConversationsDep, SessionDep, SettingsDep
from bot.conversation import InboundMessage
from bot.db.models import Conversation, Identity, Message

router = APIRouter(prefix="/api", tags=["web"])


class ChatRequest(BaseModel):
    sender: str = Field(
        min_length=1, max_length=255, description="The visitor id the browser keeps"
    )
    text: str = Field(description="What the prospect typed, or a button's payload")
    metadata: dict[str, Any] = Field(default_factory=dict)

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
    author: str
    author_name: str | None
    text: str
    buttons: list[ButtonOut] = []
    created_at: str


@router.get("/chat/history", summary="A visitor's conversation, or what is new since `after`")
async def history(
    sender: Annotated[str, Query(min_length=1, max_length=255)],
    session: SessionDep,
    after: Annotated[int, Query(ge=0)] = 0,
    limit: Annotated[int, Query(ge=1, le=500)] = 200,
) -> list[HistoryMessage]:
    """Messages of the visitor's conversation with an id above `after`, oldest first: how a
    returning visitor sees their history, and how a rep's replies reach the page."""
    conversation = await session.scalar(
        select(Conversation)
        .join(Identity, Conversation.identity_id == Identity.id)
        .where(Identity.channel == "web", Identity.external_id == sender.strip())
        .order_by(Conversation.id.desc())
        .limit(1)
    )
    if conversation is None:
        return []
    rows = await session.scalars(
        select(Message)
        .where(Message.conversation_id == conversation.id, Message.id > after)
        .order_by(Message.id)
        .limit(limit)
    )
    return [
        HistoryMessage(
            id=m.id,
            direction=m.direction,
            author=m.author,
            author_name=m.author_name,
            text=m.text,
            buttons=[ButtonOut(**b) for b in m.data.get("buttons", [])],
            created_at=m.created_at.isoformat(),
        )
        for m in rows
    ]


@router.post("/chat", summary="Send a prospect's message and get the bot's replies")
async def chat(
    body: ChatRequest, settings: SettingsDep, conversations: ConversationsDep
) -> ChatResponse:
    if len(body.text) > settings.max_message_chars:
        raise HTTPException(
            status.HTTP_413_CONTENT_TOO_LARGE,
            detail=(
                f"text is {len(body.text)} characters long; "
                f"the limit is {settings.max_message_chars}"
            ),
        )
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
