"""python-telegram-bot handlers: thin adapters from Telegram updates to the conversation
service. Replies never go out from here: they are stored and sent by the outbox."""

from __future__ import annotations

import hashlib
import logging
import re
from dataclasses import dataclass
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker
from telegram import Update
from telegram.error import TelegramError
from telegram.ext import (
    Application,
    CallbackQueryHandler,
    CommandHandler,
    ContextTypes,
    MessageHandler,
    filters,
)

from actions.profile import FactUpdate
from bot.access.visitor_auth import LINK_PREFIX, LinkCodes
from bot.conversations.messages import Button, InboundMessage, OutboundMessage
from bot.conversations.service import ConversationService
from bot.db.models import (
    Consent,
    Conversation,
    Identity,
    Lead,
    Message,
    MessageStatus,
    row_id,
    utcnow,
)
from bot.db.once import first_time
from bot.leads.facts import LeadFactStore
from bot.leads.identities import identity_for
from bot.leads.merge import merge_leads
from bot.leads.scoring import LeadScorer
from bot.nurture.store import record_opt_out
from channels.telegram.texts import telegram_language, text

log = logging.getLogger(__name__)

CHANNEL = "telegram"
WEB_VISITOR = LINK_PREFIX  # /start w-<link code>: the same person as that website visitor
CAMPAIGN = "c-"  # /start c-<campaign>: where they came from
PAYLOAD = re.compile(r"^[A-Za-z0-9_-]{1,64}$")
LANGUAGES = {"fr": "Français", "en": "English"}


@dataclass(frozen=True)
class Services:
    conversations: ConversationService
    sessions: async_sessionmaker[AsyncSession]
    scorer: LeadScorer
    facts: LeadFactStore
    links: LinkCodes


def services(context: ContextTypes.DEFAULT_TYPE) -> Services:
    found: Services = context.application.bot_data["services"]
    return found


def inbound(
    update: Update, body: str, *, engine_text: str | None = None, **metadata: Any
) -> InboundMessage:
    chat, user = update.effective_chat, update.effective_user
    assert chat is not None
    meta: dict[str, Any] = {"telegram": {"update_id": update.update_id}, **metadata}
    if user is not None:
        meta["telegram"].update(user_id=user.id, username=user.username, name=user.full_name)
        if language := telegram_language(user.language_code):
            meta["language"] = language  # the first guess; what they write decides
    return InboundMessage(
        channel=CHANNEL,
        external_id=str(chat.id),
        text=body,
        metadata=meta,
        engine_text=engine_text,
        delivery_id=f"telegram:update:{update.update_id}",
    )


def say(key: str) -> Any:
    return lambda language: [OutboundMessage(text=text(key, language))]


async def on_text(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    assert update.message is not None and update.message.text is not None
    await services(context).conversations.handle(inbound(update, update.message.text))


async def on_unknown_command(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """ "/pricing" and the like: read as words (a leading / would mean an intent to Rasa)."""
    assert update.message is not None and update.message.text is not None
    body = update.message.text
    await services(context).conversations.handle(
        inbound(update, body, engine_text=body.lstrip("/").replace("_", " ") or "help")
    )


async def on_start(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """/start, perhaps from a deep link: t.me/<bot>?start=<link code> (`w-…`, from
    POST /api/chat/link-code) or c-<campaign>."""
    assert update.effective_chat is not None
    payload = context.args[0] if context.args else ""
    found = services(context)
    if payload and PAYLOAD.match(payload):
        async with found.sessions() as session, session.begin():
            identity = await identity_for(session, CHANNEL, str(update.effective_chat.id))
            identity.opted_out_at = None
            if payload.startswith(WEB_VISITOR):
                await _merge_with_web_visitor(session, found, identity, payload)
            elif payload.startswith(CAMPAIGN):
                lead = await session.get_one(Lead, identity.lead_id)
                lead.profile = {**(lead.profile or {}), "campaign": payload[len(CAMPAIGN) :]}
    body = f"/start {payload}".strip()
    await found.conversations.handle(inbound(update, body, engine_text="/greet"))


def used_link_key(code: str) -> str:
    """How a used link code is remembered: by a digest, not the code itself."""
    return "telegram-link:" + hashlib.sha256(code.encode()).hexdigest()


async def _merge_with_web_visitor(
    session: AsyncSession, found: Services, identity: Identity, code: str
) -> None:
    """Only a link code the server gave a web visitor links, once; a raw visitor id, a
    forged, altered, expired or already used code links nothing (the chat simply starts)."""
    web_id = found.links.identity_of(code)
    web = await session.get(Identity, web_id) if web_id is not None else None
    if web is None or web.channel != "web":
        log.info("Telegram /start with a link code that is not valid (forged or expired)")
        return
    if web.lead_id == identity.lead_id:
        return
    if not await first_time(session, [used_link_key(code)]):
        log.info("Telegram /start with a link code already used: nothing linked")
        return
    survivor = await session.get_one(Lead, web.lead_id)
    absorbed = await session.get_one(Lead, identity.lead_id)
    await merge_leads(
        session,
        survivor=survivor,
        absorbed=absorbed,
        scorer=found.scorer,
        now=utcnow(),
        reason="telegram_deep_link",
    )


async def on_help(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    await services(context).conversations.handle(
        inbound(update, "/help", engine_text="/bot_capabilities")
    )


async def on_stop(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    async def opt_out(session: AsyncSession, conversation: Conversation) -> None:
        # As "stop" in words (bot/nurture/opt_out.py): recorded, every identity of the lead
        # opted out, its sequences stopped, and counted in the nurture statistics.
        now = utcnow()
        await record_opt_out(
            session, lead_id=conversation.lead_id, wording="/stop", channel="telegram", now=now
        )
        language = conversation.language or "en"
        session.add(
            Consent(
                lead_id=conversation.lead_id,
                purpose="proactive_messages",
                granted=False,
                wording=text("stopped", language),
                language=language,
                at=now,
            )
        )

    await services(context).conversations.answer_directly(
        inbound(update, "/stop"),
        say("stopped"),
        status=MessageStatus.COMMAND,
        before_reply=opt_out,
    )


async def on_language(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    choice = (context.args[0].lower() if context.args else "")[:2]
    body = f"/language {choice}".strip()
    if choice in LANGUAGES:
        await set_language(update, context, body, choice)
        return

    def ask(language: str) -> list[OutboundMessage]:
        buttons = [Button(title=name, payload=f"lang:{code}") for code, name in LANGUAGES.items()]
        return [OutboundMessage(text=text("language_ask", language), buttons=buttons)]

    await services(context).conversations.answer_directly(
        inbound(update, body), ask, status=MessageStatus.COMMAND
    )


async def set_language(
    update: Update, context: ContextTypes.DEFAULT_TYPE, body: str, language: str
) -> None:
    await services(context).conversations.answer_directly(
        inbound(update, body),
        say("language_set"),
        status=MessageStatus.COMMAND,
        language=language,
    )


async def on_contact_command(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    def ask(language: str) -> list[OutboundMessage]:
        label = text("contact_button", language)
        return [
            OutboundMessage(
                text=text("contact_ask", language), custom={"telegram": {"request_contact": label}}
            )
        ]

    await services(context).conversations.answer_directly(
        inbound(update, "/contact"), ask, status=MessageStatus.COMMAND
    )


async def on_contact(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """A contact shared with Telegram's button: the prospect's own number, given for the
    purpose the button's message stated (that wording is the consent record)."""
    assert update.message is not None and update.message.contact is not None
    contact, user = update.message.contact, update.effective_user
    found = services(context)
    if user is None or contact.user_id != user.id:
        await found.conversations.answer_directly(
            inbound(update, "[contact]"), say("contact_not_yours"), status=MessageStatus.COMMAND
        )
        return
    digits = re.sub(r"[^\d+]", "", contact.phone_number)
    phone = digits if digits.startswith("+") else f"+{digits}"
    result = await found.conversations.answer_directly(
        inbound(update, "[phone number shared]"),
        say("contact_thanks"),
        status=MessageStatus.COMMAND,
    )
    if not result.duplicate:
        await found.facts.record(
            result.lead_id,
            FactUpdate(
                phone=phone,
                consent=True,
                language=result.language,
                source="telegram",
                consent_wording=text("contact_ask", result.language),
            ),
        )


async def on_button(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    query = update.callback_query
    assert query is not None and update.effective_chat is not None
    try:
        await query.answer()  # stops the button's spinner; nothing to keep if it fails
    except TelegramError as exc:
        log.info("answerCallbackQuery failed: %s", exc)
    button = await _pressed(services(context).sessions, update.effective_chat.id, query.data)
    if button is None:
        await services(context).conversations.answer_directly(
            inbound(update, "[expired button]"), say("stale_button"), status=MessageStatus.COMMAND
        )
        return
    if button.payload.startswith("lang:") and button.payload[5:] in LANGUAGES:
        await set_language(update, context, f"/language {button.payload[5:]}", button.payload[5:])
        return
    await services(context).conversations.handle(
        inbound(update, button.payload, button_title=button.title)
    )


async def _pressed(
    sessions: async_sessionmaker[AsyncSession], chat_id: int, data: str | None
) -> Button | None:
    """The button behind callback data `b:<message id>:<index>`, if it is this chat's."""
    match = re.fullmatch(r"b:(\d{1,10}):(\d{1,2})", data or "")  # any client can send any data
    message_id = row_id(match.group(1)) if match else None
    if match is None or message_id is None:
        return None
    async with sessions() as session:
        message = await session.get(Message, message_id)
        if message is None:
            return None
        conversation = await session.get_one(Conversation, message.conversation_id)
        identity = await session.get_one(Identity, conversation.identity_id)
    buttons = message.data.get("buttons") or []
    index = int(match.group(2))
    if identity.channel != CHANNEL or identity.external_id != str(chat_id) or index >= len(buttons):
        return None
    return Button(title=str(buttons[index]["title"]), payload=str(buttons[index]["payload"]))


def describe(update: Update) -> tuple[str, dict[str, Any]]:
    """What a non-text message was, as stored text and metadata."""
    message = update.message
    assert message is not None
    for kind in (
        "photo",
        "sticker",
        "voice",
        "video",
        "video_note",
        "audio",
        "document",
        "animation",
        "location",
        "venue",
        "poll",
        "dice",
    ):
        value = getattr(message, kind, None)
        if value:
            extra: dict[str, Any] = {"kind": kind}
            item = value[-1] if isinstance(value, tuple) else value
            if file_id := getattr(item, "file_id", None):
                extra["file_id"] = file_id
            if kind == "sticker" and getattr(item, "emoji", None):
                extra["emoji"] = item.emoji
            caption = f": {message.caption}" if message.caption else ""
            return f"[{kind.replace('_', ' ')}{caption}]", extra
    return "[unsupported message]", {"kind": "other"}


async def on_unsupported(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    body, extra = describe(update)
    await services(context).conversations.answer_directly(
        inbound(update, body, telegram_content=extra), say("unsupported")
    )


async def on_edited(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    edited = update.edited_message
    assert edited is not None
    body = f"[edited] {edited.text or edited.caption or ''}".strip()
    await services(context).conversations.answer_directly(
        inbound(update, body, edited_message_id=edited.message_id), say("edited")
    )


async def on_error(update: object, context: ContextTypes.DEFAULT_TYPE) -> None:
    log.error(
        "Telegram update %s failed", getattr(update, "update_id", "?"), exc_info=context.error
    )


def add_handlers(application: Application[Any, Any, Any, Any, Any, Any]) -> None:
    private = filters.ChatType.PRIVATE
    application.add_handler(CommandHandler("start", on_start, filters=private))
    application.add_handler(CommandHandler("help", on_help, filters=private))
    application.add_handler(CommandHandler("stop", on_stop, filters=private))
    application.add_handler(CommandHandler("language", on_language, filters=private))
    application.add_handler(CommandHandler("contact", on_contact_command, filters=private))
    application.add_handler(CallbackQueryHandler(on_button))
    application.add_handler(MessageHandler(private & filters.CONTACT, on_contact))
    application.add_handler(MessageHandler(private & filters.UpdateType.EDITED_MESSAGE, on_edited))
    application.add_handler(
        MessageHandler(
            private & filters.UpdateType.MESSAGE & filters.TEXT & ~filters.COMMAND, on_text
        )
    )
    application.add_handler(
        MessageHandler(private & filters.UpdateType.MESSAGE & filters.COMMAND, on_unknown_command)
    )
    application.add_handler(
        MessageHandler(private & filters.UpdateType.MESSAGE & ~filters.TEXT, on_unsupported)
    )
    application.add_error_handler(on_error)
