"""The Telegram channel: prospects talk to the same assistant through a Telegram bot.

python-telegram-bot's `Application` runs inside the app. Long polling when
TELEGRAM_BOT_TOKEN is set and TELEGRAM_WEBHOOK_URL is not (works from a laptop); otherwise
Telegram posts to `/telegram/webhook` with a secret token header. Replies and a rep's
messages go out through the outbox (`telegram.send` rows). Without a token the channel is
off and the rest of the product works. Setup: docs/telegram.md.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import secrets
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass
from typing import Any

# Opt in now to PTB's coming durations as timedelta (RetryAfter.retry_after); the sender
# reads both forms.
os.environ.setdefault("PTB_TIMEDELTA", "1")

from fastapi import APIRouter, Request, Response, status
from fastapi.responses import JSONResponse
from telegram import BotCommand, Update
from telegram.error import TelegramError
from telegram.ext import Application, ApplicationBuilder

from bot.plugins import ChannelPlugin
from bot.services import Services as AppServices
from bot.services import services_of
from bot.settings import Settings
from channels.telegram.handlers import CHANNEL, Services, add_handlers
from channels.telegram.ordering import PerChatUpdateProcessor
from channels.telegram.sender import TelegramSender
from channels.telegram.texts import COMMANDS

log = logging.getLogger(__name__)
router = APIRouter(tags=["telegram"])
TelegramApp = Application[Any, Any, Any, Any, Any, Any]
SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token"
MAX_UPDATE_BYTES = 1_000_000


def webhook_secret(settings: Settings) -> str:
    """TELEGRAM_WEBHOOK_SECRET, or one derived from the bot token (1-256 of A-Z a-z 0-9 _ -)."""
    explicit = settings.telegram_webhook_secret.get_secret_value()
    if explicit:
        return explicit
    token = settings.telegram_bot_token.get_secret_value()
    return hashlib.sha256(f"prospect-webhook:{token}".encode()).hexdigest()


@router.post(
    "/telegram/webhook",
    summary="Telegram Bot API updates (webhook mode)",
    response_class=Response,
    responses={200: {"description": "the update is stored and handled (an empty body)"}},
)
async def telegram_webhook(request: Request) -> Response:
    running = services_of(request.app.state).channel(CHANNEL, RunningTelegram)
    if running is None or running.webhook_secret is None:
        return JSONResponse(
            {
                "error": "Telegram webhook mode is off: set TELEGRAM_BOT_TOKEN and "
                "TELEGRAM_WEBHOOK_URL"
            },
            status.HTTP_404_NOT_FOUND,
        )
    application, expected = running.application, running.webhook_secret
    given = request.headers.get(SECRET_HEADER, "")
    if not secrets.compare_digest(given.encode(), expected.encode()):
        return JSONResponse({"error": "wrong or missing secret token"}, status.HTTP_403_FORBIDDEN)
    raw = await request.body()
    if len(raw) > MAX_UPDATE_BYTES:
        return JSONResponse({"error": "update too large"}, status.HTTP_413_CONTENT_TOO_LARGE)
    try:
        data = json.loads(raw)
        update = Update.de_json(data, application.bot)
    except (ValueError, TypeError, KeyError) as exc:
        return JSONResponse({"error": f"not a Telegram update: {exc}"}, status.HTTP_400_BAD_REQUEST)
    # Handled before answering: once Telegram has its 200 the update is ours to keep, and
    # the prospect's message is stored by then. One chat's updates run in order.
    await application.update_processor.process_update(update, application.process_update(update))
    return Response(status_code=status.HTTP_200_OK)


def build_application(
    settings: Settings, *, webhook: bool
) -> Application[Any, Any, Any, Any, Any, Any]:
    base = settings.telegram_api_url.rstrip("/")
    builder = (
        ApplicationBuilder()
        .token(settings.telegram_bot_token.get_secret_value())
        .base_url(f"{base}/bot")
        .base_file_url(f"{base}/file/bot")
        .concurrent_updates(PerChatUpdateProcessor(32))
    )
    if webhook:
        builder = builder.updater(None)
    return builder.build()


@dataclass(frozen=True)
class RunningTelegram:
    """The running bot, for the webhook route; `webhook_secret` is None when polling."""

    application: TelegramApp
    webhook_secret: str | None


@asynccontextmanager
async def lifespan(services: AppServices) -> AsyncIterator[None]:
    settings = services.settings
    if not settings.telegram_bot_token.get_secret_value():
        log.info("Telegram: no TELEGRAM_BOT_TOKEN; the channel is off")
        yield
        return
    webhook = bool(settings.telegram_webhook_url)
    application = build_application(settings, webhook=webhook)
    application.bot_data["services"] = Services(
        conversations=services.conversations,
        sessions=services.sessions,
        scorer=services.scorer,
        facts=services.lead_facts,
        links=services.visitor_auth.links,
    )
    add_handlers(application)
    services.conversations.deliver_through_outbox(CHANNEL)
    await application.initialize()
    services.outbox.register(
        CHANNEL, TelegramSender(bot=application.bot, sessions=services.sessions)
    )
    await _set_commands(application)
    await application.start()
    secret = None
    if webhook:
        secret = webhook_secret(settings)
        await application.bot.set_webhook(
            url=settings.telegram_webhook_url,
            secret_token=secret,
            allowed_updates=Update.ALL_TYPES,
        )
        log.info("Telegram: webhook mode at %s", settings.telegram_webhook_url)
    else:
        assert application.updater is not None
        await application.updater.start_polling(allowed_updates=Update.ALL_TYPES, timeout=10)
        log.info("Telegram: long polling as @%s", application.bot.username)
    services.channels[CHANNEL] = RunningTelegram(application, secret)
    try:
        yield
    finally:
        services.channels.pop(CHANNEL, None)
        if application.updater is not None and application.updater.running:
            await application.updater.stop()
        await application.stop()
        await application.shutdown()


async def _set_commands(application: TelegramApp) -> None:
    """The command menu, in English and French; the app works without it."""
    try:
        for language, commands in COMMANDS.items():
            await application.bot.set_my_commands(
                [BotCommand(name, about) for name, about in commands],
                language_code=None if language == "en" else language,
            )
    except TelegramError as exc:
        log.warning("Telegram: could not set the command menu: %s", exc)


plugin = ChannelPlugin(name="telegram", routers=[router], lifespan=lifespan)

__all__ = ["plugin", "router"]
