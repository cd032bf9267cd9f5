"""The widget's HTTP API: `POST /api/chat/session` (a visitor id and its token),
`POST /api/chat` (one prospect message in, the bot's replies out), `GET /api/chat/history`,
`POST /api/chat/link-code` (Telegram). Every call but the first needs the visitor's token."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, HTTPException, Query, Request, status
from pydantic import BaseModel, Field, field_validator
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.access.visitor_auth import MAX_VISITOR_ID
from bot.api.deps import ConversationsDep, SessionDep, SettingsDep, is_admin
from bot.api.guard import GuardDep, OriginDep, client_ip
from bot.api.limits import Metadata, StorableStr
from bot.api.visitor import VisitorDep, visitor_auth
from bot.conversations.messages import InboundMessage
from bot.db.models import MAX_ROW_ID, Conversation, Identity, Message
from bot.leads.identities import identity_for
from bot.settings import Settings

router = APIRouter(prefix="/api", tags=["web"])


class SessionRequest(BaseModel):
    visitor: StorableStr | None = Field(
        default=None,
        min_length=1,
        max_length=MAX_VISITOR_ID,
        description="admin token only: the visitor id to issue a token for (a backend tying "
        "the widget to its own user id); otherwise the server draws a random one",
    )


class SessionOut(BaseModel):
    visitor: str = Field(description="the visitor id: not a secret, not a credential")
    token: str = Field(description="send as the X-Visitor-Token header; keep it private")


class LinkCodeOut(BaseModel):
    code: str = Field(description="the payload of t.me/<bot>?start=<code>")
    expires_in: int = Field(description="seconds")


class ChatRequest(BaseModel):
    """The visitor is the one the `X-Visitor-Token` header names; a `sender` in the body is
    ignored (old widgets sent one; it was never proof of anything)."""

    text: StorableStr = Field(description="What the prospect typed, or a button's payload")
    metadata: Metadata = Field(default_factory=dict)

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
    nurture: bool = Field(
        default=False, description="a follow-up the assistant sent on its own (docs/nurture.md)"
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
        nurture="nurture" in message.data,
        created_at=message.created_at.isoformat(),
    )


async def visitor_conversation(session: AsyncSession, visitor: str) -> Conversation | None:
    """The web visitor's current conversation, if they have talked yet."""
    conversation: Conversation | None = await session.scalar(
        select(Conversation)
        .join(Identity, Conversation.identity_id == Identity.id)
        .where(Identity.channel == "web", Identity.external_id == visitor)
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


@router.post(
    "/chat/session",
    summary="A new visitor: a random visitor id and the token that proves it",
    dependencies=[OriginDep],
)
async def new_session(
    request: Request, guard: GuardDep, body: SessionRequest | None = None
) -> SessionOut:
    """What a widget calls once, on a visitor's first visit (or when its token is refused),
    and keeps in the browser. Rate limited per address (RATE_LIMIT_SESSION_*)."""
    tokens = visitor_auth(request).tokens
    if body is not None and body.visitor is not None:
        if not is_admin(request):
            raise HTTPException(
                status.HTTP_403_FORBIDDEN,
                "naming the visitor id needs 'Authorization: Bearer <ADMIN_TOKEN>'; "
                "send no body to get a new random visitor",
            )
        return SessionOut(visitor=body.visitor, token=tokens.token_for(body.visitor))
    if not is_admin(request):
        guard.check_new_session(ip=client_ip(request))
    visitor, token = tokens.new_visitor()
    return SessionOut(visitor=visitor, token=token)


@router.post(
    "/chat/link-code",
    summary="A short-lived code that links a Telegram chat to this visitor",
    dependencies=[OriginDep],
)
async def link_code(
    visitor: VisitorDep, request: Request, session: SessionDep, guard: GuardDep
) -> LinkCodeOut:
    """For a “Continue on Telegram” link: `https://t.me/<bot>?start=<code>`. The code is
    signed, names this visitor's identity, and expires (docs/telegram.md)."""
    guard.check_rate(visitor=visitor, ip=client_ip(request))
    async with session.begin():
        identity = await identity_for(session, "web", visitor)
    links = visitor_auth(request).links
    return LinkCodeOut(code=links.code_for(identity.id), expires_in=links.ttl)


@router.get(
    "/chat/history",
    summary="A visitor's conversation, or what is new since `after`",
    dependencies=[OriginDep],
)
async def history(
    visitor: VisitorDep,
    session: SessionDep,
    after: Annotated[int, Query(ge=0, le=MAX_ROW_ID)] = 0,
    limit: Annotated[int, Query(ge=1, le=500)] = 200,
) -> list[HistoryMessage]:
    """Messages of the token's visitor's conversation with an id above `after`, oldest
    first: how a returning visitor sees their history, and how the widget without a socket
    polls for a rep's replies."""
    conversation = await visitor_conversation(session, visitor)
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
    visitor: VisitorDep,
    request: Request,
    settings: SettingsDep,
    conversations: ConversationsDep,
    guard: GuardDep,
) -> ChatResponse:
    check_length(body.text, settings)
    guard.check_rate(visitor=visitor, ip=client_ip(request))
    result = await conversations.handle(
        InboundMessage(channel="web", external_id=visitor, text=body.text, metadata=body.metadata)
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
