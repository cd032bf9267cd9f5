"""The FastAPI application: one process for the channels, the actions endpoint and the admin API."""

from __future__ import annotations

import asyncio
import json
import logging
from collections.abc import AsyncIterator, Awaitable, Callable, Sequence
from contextlib import AsyncExitStack, asynccontextmanager
from datetime import datetime, timedelta
from typing import Any

import httpx
from fastapi import FastAPI, Request, status
from fastapi.dependencies.models import Dependant
from fastapi.exceptions import RequestValidationError
from fastapi.middleware.cors import CORSMiddleware
from fastapi.openapi.utils import get_openapi
from fastapi.responses import JSONResponse
from fastapi.routing import APIRoute
from sqlalchemy.exc import InterfaceError, OperationalError
from sqlalchemy.ext.asyncio import AsyncSession

from bot.access.visitor_auth import VisitorAuth
from bot.api import actions, content, events, handoffs, health, leads, nlu
from bot.api.deps import require_admin
from bot.api.errors import install_error_statuses
from bot.api.guard import WidgetGuard
from bot.api.limits import BodySizeLimit
from bot.api.visitor import TOKEN_HEADER
from bot.conversations.backlog import EngineBacklog
from bot.conversations.live import LiveHub, publish_on_commit
from bot.conversations.live_redis import RedisLiveHub
from bot.conversations.service import ConversationService
from bot.db.models import Lead
from bot.db.session import create_engine, create_sessionmaker
from bot.engine.client import EngineClient
from bot.engine.trackers import EngineTrackers
from bot.handoffs.service import HandoffTimers, check_timers, open_handoff
from bot.leads.facts import LeadFactStore
from bot.leads.privacy import purge_anonymous
from bot.leads.scoring import LeadScorer
from bot.outbox import OutboxRelay, wake_relay_on_commit
from bot.plugins import ChannelPlugin, discover_channels
from bot.settings import Settings, get_settings
from nlu.ner import org_finder, preload

log = logging.getLogger(__name__)
RETENTION_CHECK_EVERY = timedelta(hours=1)


def _describe(error: dict[str, Any]) -> str:
    where = ".".join(str(p) for p in error.get("loc", ()) if p != "body")
    return f"{where}: {error.get('msg', 'invalid')}" if where else str(error.get("msg"))


def _is_json(raw: bytes) -> bool:
    try:
        json.loads(raw)
    except ValueError:
        return False
    return True


async def _validation_error(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, RequestValidationError)
    errors = list(exc.errors())
    raw = await request.body()
    if any(e.get("type") == "json_invalid" for e in errors) or (raw and not _is_json(raw)):
        return JSONResponse(
            {"error": "request body is not valid JSON"}, status.HTTP_400_BAD_REQUEST
        )
    return JSONResponse(
        {"error": "; ".join(_describe(e) for e in errors)},
        status.HTTP_422_UNPROCESSABLE_CONTENT,
    )


async def _database_unavailable(request: Request, exc: Exception) -> JSONResponse:
    """The database is down or restarting: a clear, retryable answer, never a 500 page.
    Whatever the request was writing is rolled back with its transaction."""
    log.warning("database unavailable for %s %s: %s", request.method, request.url.path, exc)
    return JSONResponse(
        {"error": "the service is briefly unavailable (database); please try again"},
        status.HTTP_503_SERVICE_UNAVAILABLE,
        headers={"Retry-After": "5"},
    )


async def _too_deep(request: Request, exc: Exception) -> JSONResponse:
    return JSONResponse({"error": "the JSON is nested too deeply"}, status.HTTP_400_BAD_REQUEST)


async def _hand_over_sdr_ready(session: AsyncSession, lead: Lead) -> None:
    await open_handoff(session, lead, reason="sdr_ready")


def retention_job(app: FastAPI, keep: timedelta) -> Callable[[datetime], Awaitable[None]]:
    """Erase anonymous leads idle longer than `keep`, checked once an hour."""
    last: list[datetime] = []

    async def job(now: datetime) -> None:
        if last and now - last[0] < RETENTION_CHECK_EVERY:
            return
        last[:] = [now]
        await purge_anonymous(app.state.sessions, app.state.trackers, idle_since=now - keep)

    return job


ERROR_SCHEMA = {
    "title": "Error",
    "type": "object",
    "description": "What went wrong, for a person: `error` (validation, bad JSON) or `detail`.",
    "properties": {"error": {"type": "string"}, "detail": {}},
}
ERRORS = {
    "400": "The body is not valid JSON",
    "401": "The credentials are missing or wrong (admin token, or the visitor's token)",
    "403": "The page's origin is not allowed (ALLOWED_ORIGINS)",
    "404": "Not found",
    "413": "Too large (MAX_MESSAGE_CHARS, MAX_EVENTS_PER_BATCH)",
    "422": "The request is not valid: `error` says which field and why",
    "429": "Rate limited: try again after `Retry-After` seconds",
    "503": "Briefly unavailable (the database is restarting): try again after `Retry-After`",
}


def _needs_admin(dependant: Dependant) -> bool:
    return any(d.call is require_admin or _needs_admin(d) for d in dependant.dependencies)


def admin_operations(app: FastAPI) -> set[tuple[str, str]]:
    """(path, METHOD) of every operation behind the admin token."""
    return {
        (route.path, method)
        for route in app.routes
        if isinstance(route, APIRoute) and _needs_admin(route.dependant)
        for method in route.methods or ()
    }


def document_errors(app: FastAPI) -> Callable[[], dict[str, Any]]:
    """The OpenAPI document, with the errors every /api operation can answer, in the shape
    they have (FastAPI documents a 422 body this app does not send)."""

    def openapi() -> dict[str, Any]:
        if app.openapi_schema:
            return app.openapi_schema
        schema = get_openapi(
            title=app.title, version=app.version, summary=app.summary, routes=app.routes
        )
        schema.setdefault("components", {}).setdefault("schemas", {})["Error"] = ERROR_SCHEMA
        error = {
            "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}
        }
        schema["components"]["securitySchemes"] = {
            "adminToken": {"type": "http", "scheme": "bearer", "description": "ADMIN_TOKEN"}
        }
        team_only = admin_operations(app)
        for path, operations in schema.get("paths", {}).items():
            for method, operation in operations.items():
                if (path, method.upper()) in team_only:
                    operation["security"] = [{"adminToken": []}]
            if not path.startswith("/api/"):
                continue
            for operation in operations.values():
                responses = operation.setdefault("responses", {})
                for code, description in ERRORS.items():
                    responses[code] = {"description": description, **error}
        schema["components"]["schemas"].pop("HTTPValidationError", None)
        schema["components"]["schemas"].pop("ValidationError", None)
        app.openapi_schema = schema
        return schema

    return openapi


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

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        db = create_engine(settings.database_url)
        engine = EngineClient(
            base_url=settings.rasa_url,
            timeout=settings.engine_timeout,
            transport=engine_transport,
        )
        app.state.settings = settings
        app.state.admin_token = settings.resolved_admin_token()
        app.state.db = db
        app.state.sessions = create_sessionmaker(db)
        app.state.engine = engine
        app.state.channel_names = [p.name for p in plugins]
        app.state.scorer = LeadScorer(rules, on_sdr_ready=_hand_over_sdr_ready)
        app.state.content = library
        app.state.page_rules = page_rules
        app.state.guard = WidgetGuard(settings)
        app.state.visitor_auth = VisitorAuth.from_settings(settings)
        app.state.trackers = EngineTrackers(settings.engine_tracker_url)
        relay = OutboxRelay(
            app.state.sessions,
            poll_seconds=settings.outbox_poll_seconds,
            lease=timedelta(seconds=settings.outbox_lease_seconds),
            max_backoff=timedelta(seconds=settings.outbox_max_backoff_seconds),
        )
        app.state.outbox = relay
        stop_waking = wake_relay_on_commit(app.state.sessions, relay)
        live = RedisLiveHub(settings.redis_url) if settings.redis_url else LiveHub()
        if isinstance(live, RedisLiveHub):  # several workers: notifications go through Redis
            await live.start()
        app.state.live = live
        stop_publishing = publish_on_commit(app.state.sessions, app.state.live)
        timers = HandoffTimers(
            claim_reminder=timedelta(minutes=settings.slack_claim_reminder_minutes),
            verdict_sla=timedelta(hours=settings.handoff_verdict_sla_hours),
        )

        async def watch_handoffs(now: datetime) -> None:
            async with app.state.sessions() as session, session.begin():
                await check_timers(session, timers, now)

        relay.every_pass(watch_handoffs)
        if settings.retention_days_anonymous:
            relay.every_pass(retention_job(app, timedelta(days=settings.retention_days_anonymous)))
        app.state.lead_facts = LeadFactStore(sessions=app.state.sessions, scorer=app.state.scorer)
        app.state.action_executor = actions.create_executor(app.state.lead_facts, library)
        preload(settings.spacy_fr_model)
        app.state.fr_orgs = org_finder(settings.spacy_fr_model)
        app.state.conversations = ConversationService(
            sessions=app.state.sessions,
            engine=engine,
            default_language=settings.default_language,
        )
        relay.register(  # messages the engine could not answer, replayed when it is back
            "engine",
            EngineBacklog(
                sessions=app.state.sessions,
                conversations=app.state.conversations,
                handoff_after=timedelta(minutes=settings.engine_backlog_handoff_minutes),
                budget=timedelta(
                    seconds=max(0.0, settings.outbox_lease_seconds - 2 * settings.engine_timeout)
                ),
            ),
        )
        async with AsyncExitStack() as stack:
            for plugin in plugins:
                if plugin.lifespan is not None:
                    await stack.enter_async_context(plugin.lifespan(app))
            relay_task = asyncio.create_task(relay.run_forever(), name="outbox-relay")
            try:
                yield
            finally:
                await relay.stop(relay_task)
                await relay.release()
                stop_waking()
                stop_publishing()
                if isinstance(live, RedisLiveHub):
                    await live.stop()
        await engine.aclose()
        await app.state.trackers.aclose()
        await db.dispose()

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
    app.add_exception_handler(RequestValidationError, _validation_error)
    app.openapi = document_errors(app)  # type: ignore[method-assign]
    app.add_exception_handler(RecursionError, _too_deep)
    app.add_exception_handler(OperationalError, _database_unavailable)
    app.add_exception_handler(InterfaceError, _database_unavailable)
    app.add_exception_handler(ConnectionError, _database_unavailable)
    install_error_statuses(app)
    app.add_middleware(BodySizeLimit, max_bytes=settings.max_body_bytes)
    if settings.origins:  # pages on other sites embedding the widget
        app.add_middleware(
            CORSMiddleware,
            allow_origins=["*"] if "*" in settings.origins else sorted(settings.origins),
            allow_methods=["GET", "POST"],
            allow_headers=["Content-Type", TOKEN_HEADER],
            max_age=600,
        )
    app.include_router(health.router)
    app.include_router(actions.router)
    app.include_router(leads.router)
    app.include_router(events.router)
    app.include_router(nlu.router)
    app.include_router(content.router)
    app.include_router(handoffs.router)
    for plugin in plugins:
        for router in plugin.routers:
            app.include_router(router)
    return app
