"""A prospect who says stop, in their own words on any channel: answered by the app itself,
not the engine, with a confirmation in their language; the opt-out is recorded with its
time, wording and channel, every identity of the lead is opted out and its sequences stop."""

from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncSession

from bot.conversations.messages import InboundMessage, OutboundMessage
from bot.conversations.service import DirectAnswer
from bot.db.models import Consent, Conversation, utcnow
from bot.nurture.stop_words import stop_request
from bot.nurture.store import record_opt_out

CONFIRM = {
    "en": "Understood: we will not send you any more messages. If you write to us, we will "
    "still answer.",
    "fr": "C'est noté : nous ne vous enverrons plus de messages. Si vous nous écrivez, nous "
    "vous répondrons toujours.",
}


def confirmation(language: str) -> list[OutboundMessage]:
    return [OutboundMessage(text=CONFIRM.get(language, CONFIRM["en"]))]


def stop_command(inbound: InboundMessage) -> DirectAnswer | None:
    """The direct answer to a message that asks for no more messages; None for any other
    (a button's payload or a command is never one)."""
    if inbound.engine_text is not None:
        return None
    asked, language = stop_request(inbound.text)
    if not asked:
        return None

    async def opt_out(session: AsyncSession, conversation: Conversation) -> None:
        now = utcnow()
        await record_opt_out(
            session,
            lead_id=conversation.lead_id,
            wording=inbound.text,
            channel=inbound.channel,
            now=now,
        )
        chosen = conversation.language or language or "en"
        session.add(
            Consent(
                lead_id=conversation.lead_id,
                purpose="proactive_messages",
                granted=False,
                wording=CONFIRM.get(chosen, CONFIRM["en"]),
                language=chosen,
                at=now,
            )
        )

    return DirectAnswer(reply=confirmation, language=language, before_reply=opt_out)
