"""Messages as the conversation service takes and gives them, and as they are stored.

`InboundMessage` is what every channel adapter hands over; `OutboundMessage` a reply (text,
buttons, a custom payload) whether it comes from the engine or from a stored row;
`ChatResult` what the service answers the adapter.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from bot.db.models import Author, Conversation, Direction, Message


@dataclass(frozen=True)
class InboundMessage:
    """A prospect's message as every channel adapter hands it over."""

    channel: str
    external_id: str
    text: str
    metadata: dict[str, Any] = field(default_factory=dict)
    # What the engine is told when it differs from what is stored (a command, a button).
    engine_text: str | None = None
    # The channel's id for this delivery (a Telegram update id): a redelivery is ignored.
    delivery_id: str | None = None


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
    duplicate: bool = False


def inbound_row(
    conversation: Conversation, inbound: InboundMessage, language: str, status: str
) -> Message:
    """The prospect's message as it is stored, before anything else happens."""
    return Message(
        conversation_id=conversation.id,
        direction=Direction.INBOUND,
        author=Author.PROSPECT,
        text=inbound.text,
        data={"metadata": inbound.metadata} if inbound.metadata else {},
        language=language,
        status=status,
    )


def outbound_from_row(message: Message) -> OutboundMessage:
    return OutboundMessage(
        text=message.text,
        buttons=[
            Button(title=str(b.get("title", "")), payload=str(b.get("payload", "")))
            for b in message.data.get("buttons") or []
        ],
        custom=message.data.get("custom"),
    )


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
