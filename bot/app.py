"""The FastAPI application: one process for the channels, the actions endpoint and the admin API.

`create_app` assembles the routes; the services they run on are built and started in its
lifespan (`bot.services`) and reach routes and channels typed (`bot.api.deps.ServicesDep`).
"""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator, Sequence
from contextlib import asynccontextmanager

import httpx
from fastapi import FastAPI
from fastapi.middleware.cors import CORSMiddleware

from bot.api import (
    actions,
    calibration,
    content,
    events,
    handoffs,
    health,
    leads,
    meetings,
    nlu,
    nurture,
    outcomes,
    webhooks,
)
from bot.api.errors import install_error_handlers
from bot.api.limits import BodySizeLimit
from bot.api.openapi import document_errors
from bot.api.visitor import TOKEN_HEADER
from bot.console.web import install_console
from bot.nurture.config import nurture_config
from bot.plugins import ChannelPlugin, discover_channels
from bot.services import add_nurture, build_services, running_services
from bot.settings import Settings, get_settings

log = logging.getLogger(__name__)
# The app's own routes, before the channels' (bot/api/).
ROUTERS = [
    r.router
    for r in (
        health,
        actions,
        leads,
        outcomes,
        calibration,
        events,
        nlu,
        content,
        handoffs,
        webhooks,
        meetings,
        nurture,
    )
]


def create_app(
    settings: Settings | None = None,
    channels: Sequence[ChannelPlugin] | None = None,
    *,
    engine_transport: httpx.AsyncBaseTransport | None = None,
) -> FastAPI:
    """Build the app. Channels default to those installed under `prospect.channels`;
    `engine_transport` replaces the HTTP transport to the engine (tests)."""
    settings = settings or get_settings()
    plugins = list(channels) if channels is not None else discover_channels()

    rules = settings.load_scoring_rules()  # fail at start, with a clear message
    page_rules = settings.load_page_rules()
    library = settings.content_search()
    for error in library.errors:
        log.warning("content library: %s (skipped; the other documents are loaded)", error)
    nurturing = nurture_config(  # the scenario files, checked now: a bad one stops the start
        settings,
        library.documents,
        push_channels=["telegram"] if settings.telegram_bot_token.get_secret_value() else [],
        default_language=settings.default_language,
    )

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        services = build_services(
            settings,
            rules=rules,
            page_rules=page_rules,
            library=library,
            channel_names=[p.name for p in plugins],
            engine_transport=engine_transport,
        )
        add_nurture(services, nurturing)
        app.state.services = services
        channels = [plugin.lifespan for plugin in plugins if plugin.lifespan is not None]
        async with running_services(services, channels):
            yield

    app = FastAPI(
        title="Prospect assistant",
        summary="Conversational B2B prospect engagement: chat, qualification, scoring, handoff.",
        version="0.1.0",
        lifespan=lifespan,
        # Off in production unless API_DOCS=true: the schema maps every route for an attacker.
        docs_url="/docs" if settings.docs_enabled else None,
        redoc_url="/redoc" if settings.docs_enabled else None,
        openapi_url="/openapi.json" if settings.docs_enabled else None,
    )
    app.openapi = document_errors(app)  # type: ignore[method-assign]
    install_error_handlers(app)
    _add_middleware(app, settings)
    for router in ROUTERS:
        app.include_router(router)
    install_console(app)  # the team's pages at /console/ (bot/console/)
    for plugin in plugins:
        for router in plugin.routers:
            app.include_router(router)
    return app


def _add_middleware(app: FastAPI, settings: Settings) -> None:
    app.add_middleware(BodySizeLimit, max_bytes=settings.max_body_bytes)
    if settings.origins:  # pages on other sites embedding the widget
        app.add_middleware(
            CORSMiddleware,
            allow_origins=["*"] if "*" in settings.origins else sorted(settings.origins),
            allow_methods=["GET", "POST"],
            allow_headers=["Content-Type", TOKEN_HEADER],
            max_age=600,
        )
