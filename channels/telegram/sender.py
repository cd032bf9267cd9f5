"""The outbox sender for `telegram.send` rows: one stored message to its Telegram chat.

- The bot's buttons become an inline keyboard whose callback data points at the stored
  message and the button's index (Telegram allows 64 bytes; payloads can be longer).
- Texts over 4,096 characters go as several messages; the pieces already sent are recorded,
  so a retry after a failure halfway sends only the rest.
- 429 flood control (`RetryAfter`) → the outbox waits as long as Telegram says.
- A chat that blocked the bot (`Forbidden`) is marked unreachable and the row is closed, not
  retried forever; the prospect writing again makes them reachable.
"""

from __future__ import annotations

import logging
import warnings
from datetime import timedelta
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker
from telegram import (
    Bot,
    InlineKeyboardButton,
    InlineKeyboardMarkup,
    KeyboardButton,
    ReplyKeyboardMarkup,
)
from telegram.error import BadRequest, Forbidden, RetryAfter
from telegram.warnings import PTBDeprecationWarning

from bot.db.models import Author, Conversation, Identity, Message, OutboxMessage, utcnow
from bot.errors import RetryLater
from channels.telegram.texts import split_text

log = logging.getLogger(__name__)

SENT_PIECES = "telegram_pieces_sent"


def keyboard(message: Message) -> InlineKeyboardMarkup | ReplyKeyboardMarkup | None:
    custom = (message.data.get("custom") or {}).get("telegram") or {}
    if custom.get("request_contact"):  # Telegram's own "share my number" button
        return ReplyKeyboardMarkup(
            [[KeyboardButton(str(custom["request_contact"]), request_contact=True)]],
            one_time_keyboard=True,
            resize_keyboard=True,
        )
    buttons = message.data.get("buttons") or []
    if not buttons:
        return None
    return InlineKeyboardMarkup(
        [
            [
                InlineKeyboardButton(
                    str(b.get("title", ""))[:64], callback_data=f"b:{message.id}:{i}"
                )
            ]
            for i, b in enumerate(buttons)
        ]
    )


def retry_seconds(exc: RetryAfter) -> float:
    """`retry_after` is an int in PTB 22 and becomes a timedelta later: accept both."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", PTBDeprecationWarning)
        value = exc.retry_after
    return float(value.total_seconds() if isinstance(value, timedelta) else value)


def shown_text(message: Message) -> str:
    if message.author == Author.REP and message.author_name:
        return f"{message.author_name}: {message.text}"
    return message.text or " "


class TelegramSender:
    def __init__(self, *, bot: Bot, sessions: async_sessionmaker[AsyncSession]) -> None:
        self._bot = bot
        self._sessions = sessions

    async def __call__(self, row: OutboxMessage) -> dict[str, Any]:
        if row.kind != "telegram.send":
            raise ValueError(f"unknown Telegram outbox kind {row.kind!r}")
        async with self._sessions() as session:
            message = await session.get(Message, row.payload["message_id"])
            if message is None:
                return {"skipped": "message deleted"}
            conversation = await session.get_one(Conversation, message.conversation_id)
            identity = await session.get_one(Identity, conversation.identity_id)
        if identity.unreachable_at is not None:
            return {"skipped": "unreachable"}
        chat_id = int(identity.external_id)
        pieces = split_text(shown_text(message))
        done = int(message.data.get(SENT_PIECES, 0))
        markup = keyboard(message)
        ids = []
        for index in range(done, len(pieces)):
            last = index == len(pieces) - 1
            try:
                sent = await self._bot.send_message(
                    chat_id=chat_id, text=pieces[index], reply_markup=markup if last else None
                )
            except RetryAfter as exc:
                raise RetryLater(
                    retry_seconds(exc), f"Telegram flood control: {exc.message}"
                ) from exc
            except Forbidden as exc:
                await self._mark_unreachable(identity.id, str(exc.message))
                return {"skipped": "unreachable", "reason": exc.message}
            except BadRequest as exc:
                if "chat not found" in exc.message.lower():
                    await self._mark_unreachable(identity.id, exc.message)
                    return {"skipped": "unreachable", "reason": exc.message}
                raise
            ids.append(sent.message_id)
            if len(pieces) > 1 and not last:
                await self._record_progress(message.id, index + 1)
        return {"chat_id": chat_id, "message_ids": ids, "pieces": len(pieces)}

    async def _record_progress(self, message_id: int, pieces: int) -> None:
        async with self._sessions() as session, session.begin():
            message = await session.get_one(Message, message_id)
            message.data = {**message.data, SENT_PIECES: pieces}

    async def _mark_unreachable(self, identity_id: int, reason: str) -> None:
        log.info("telegram identity %s is unreachable: %s", identity_id, reason)
        async with self._sessions() as session, session.begin():
            identity = await session.get_one(Identity, identity_id)
            identity.unreachable_at = utcnow()
