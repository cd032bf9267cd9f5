"""Where and how a step reaches the prospect: on Telegram when they started the bot and can be
reached (an outbox `telegram.send` row, written with the message), else in their website
conversation, where the widget shows it, with its unread badge, when they come back (GET
/api/chat/history; live over the socket if they are on the site)."""

from __future__ import annotations

from collections.abc import Callable, Collection

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.conversations.live import mark_changed
from bot.db.models import Author, Conversation, Direction, Identity, Message, MessageStatus
from bot.nurture.scenarios import Step
from bot.outbox import enqueue_delivery

# Title and link of a library document, by id; None when the library no longer has it.
DocumentLookup = Callable[[str], tuple[str, str] | None]
# Channels in the order a step tries them: pushed first, then shown on return.
PREFERENCE = ("telegram", "web")


async def reachable_conversation(
    session: AsyncSession, lead_id: int, push_channels: Collection[str]
) -> Conversation | None:
    """The lead's conversation a step goes to: Telegram if the bot runs and the person has
    not blocked it, else the website's; None if there is none (or they opted out there)."""
    rows = (
        await session.execute(
            select(Conversation, Identity)
            .join(Identity, Conversation.identity_id == Identity.id)
            .where(
                Conversation.lead_id == lead_id,
                Identity.unreachable_at.is_(None),
                Identity.opted_out_at.is_(None),
            )
            .order_by(Conversation.last_message_at.desc())
        )
    ).all()
    for channel in PREFERENCE:
        if channel != "web" and channel not in push_channels:
            continue
        for conversation, identity in rows:
            if identity.channel == channel:
                return conversation
    return None


def step_text(step: Step, language: str, documents: DocumentLookup) -> str:
    """What the step says in `language`; a content step adds the document's title and link."""
    text = step.text(language)
    if step.kind != "content":
        return text
    doc_id = step.documents.get(language) or step.documents["en"]
    found = documents(doc_id)
    if found is None:
        return text
    title, url = found
    return f"{text}\n{title}: {url}"


async def deliver(
    session: AsyncSession,
    conversation: Conversation,
    text: str,
    *,
    language: str,
    about: dict[str, object],
) -> Message:
    """Store the step in the conversation and, on a pushed channel, queue its delivery, in
    the caller's transaction."""
    message = Message(
        conversation_id=conversation.id,
        direction=Direction.OUTBOUND,
        author=Author.BOT,
        text=text,
        data={"nurture": about},
        language=language,
        status=MessageStatus.SENT,
    )
    session.add(message)
    await session.flush()
    mark_changed(session, conversation.id)
    if conversation.channel != "web":
        await enqueue_delivery(
            session,
            channel=conversation.channel,
            message_id=message.id,
            lead_id=conversation.lead_id,
        )
    return message
