"""The Slack channel: hot leads handed to sales reps, with claim, verdict and live takeover.

Without SLACK_BOT_TOKEN the rest of the product works: handoffs are recorded (admin API)
and their cards wait in the outbox until a token is set. HTTP mode: Slack posts to
`/slack/events` (signed requests only). Socket Mode when SLACK_APP_TOKEN is set.
"""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import APIRouter, Request, Response, status
from fastapi.responses import JSONResponse
from slack_bolt.adapter.fastapi.async_handler import AsyncSlackRequestHandler
from slack_sdk.web.async_client import AsyncWebClient

from bot.errors import ConfigurationError
from bot.plugins import ChannelPlugin
from bot.services import Services, services_of
from channels.slack.listeners import build_slack_app
from channels.slack.sender import SlackSender, undo_erased

log = logging.getLogger(__name__)
router = APIRouter(tags=["slack"])
CHANNEL = "slack"


@router.post("/slack/events", summary="Slack Events API and interactivity (signed by Slack)")
async def slack_events(request: Request) -> Response:
    handler = services_of(request.app.state).channel(CHANNEL, AsyncSlackRequestHandler)
    if handler is None:
        return JSONResponse(
            {"error": "Slack is not configured: set SLACK_BOT_TOKEN and SLACK_SIGNING_SECRET"},
            status.HTTP_503_SERVICE_UNAVAILABLE,
        )
    return await handler.handle(request)


@asynccontextmanager
async def lifespan(services: Services) -> AsyncIterator[None]:
    settings = services.settings
    token = settings.slack_bot_token.get_secret_value()
    if not token:
        log.info("Slack: no SLACK_BOT_TOKEN; handoffs are recorded and wait in the outbox")
        yield
        return
    if not settings.slack_handoff_channel:
        raise ConfigurationError(
            "SLACK_HANDOFF_CHANNEL must name the channel for handoff cards (its id, e.g. "
            "C0123456789) when SLACK_BOT_TOKEN is set"
        )
    client = AsyncWebClient(token=token, base_url=settings.slack_api_url)
    services.outbox.register(
        CHANNEL,
        SlackSender(
            client=client,
            channel=settings.slack_handoff_channel,
            sessions=services.sessions,
            scorer=services.scorer,
            link_base=settings.link_base,
        ),
        undo=undo_erased,
    )
    secret = settings.slack_signing_secret.get_secret_value()
    app_token = settings.slack_app_token.get_secret_value()
    bolt = build_slack_app(
        sessions=services.sessions,
        client=client,
        signing_secret=secret,
        handoff_channel=settings.slack_handoff_channel,
    )
    if secret:
        services.channels[CHANNEL] = AsyncSlackRequestHandler(bolt)
    socket = None
    if app_token:
        from slack_bolt.adapter.socket_mode.async_handler import AsyncSocketModeHandler

        socket = AsyncSocketModeHandler(bolt, app_token)
        await socket.connect_async()
        log.info("Slack: connected in Socket Mode")
    elif not secret:
        log.warning(
            "Slack: no SLACK_SIGNING_SECRET nor SLACK_APP_TOKEN; cards are sent but "
            "buttons and thread replies can't reach the app"
        )
    try:
        yield
    finally:
        services.channels.pop(CHANNEL, None)
        if socket is not None:
            await socket.close_async()


plugin = ChannelPlugin(name=CHANNEL, routers=[router], lifespan=lifespan)

__all__ = ["plugin", "router"]
