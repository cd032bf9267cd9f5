"""The app's services, built once per process and handed to the routes and the channels.

`Services` is the one typed container of what the app runs on: routes reach it through
`bot.api.deps.ServicesDep`, channel plugins receive it in their lifespan. `running_services`
builds it from the settings, starts what runs in the background (the outbox relay, the live
hub's Redis listener) and stops everything in reverse order.

It is the composition root: it imports the layers of `bot` (never the HTTP layer, which
reads it), and no domain module imports it.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import AsyncIterator, Awaitable, Callable, Sequence
from contextlib import AbstractAsyncContextManager, AsyncExitStack, asynccontextmanager
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import TypeVar

import httpx
from rasa_sdk.executor import ActionExecutor
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker
from starlette.datastructures import State

from actions import create_executor
from bot.access.sign_in_guard import SignInGuard
from bot.access.visitor_auth import VisitorAuth
from bot.access.widget_guard import WidgetGuard
from bot.calibration.threshold import ThresholdOverride
from bot.conversations.backlog import EngineBacklog
from bot.conversations.live import LiveHub, publish_on_commit
from bot.conversations.live_redis import RedisLiveHub
from bot.conversations.service import ConversationService
from bot.crm.hubspot_queue import enable as enable_hubspot
from bot.db.models import Lead
from bot.db.session import create_engine, create_sessionmaker
from bot.engine.client import EngineClient
from bot.engine.process import ENGINE_ACTIONS
from bot.engine.trackers import EngineTrackers
from bot.errors import ConfigurationError
from bot.handoffs.service import HandoffTimers, check_timers, open_handoff
from bot.leads.facts import LeadFactStore
from bot.leads.page_rules import PageRules
from bot.leads.privacy import purge_anonymous
from bot.leads.scoring import LeadScorer
from bot.meetings.wiring import MeetingDesk, meeting_desk, meeting_engine
from bot.nurture.opt_out import stop_command
from bot.nurture.scheduler import NurtureConfig, NurtureScheduler, document_lookup
from bot.outbox import OutboxRelay, wake_relay_on_commit
from bot.settings import Settings
from bot.webhooks.events import PREFIX as WEBHOOKS
from bot.webhooks.events import configure as configure_webhooks
from bot.webhooks.events import lead_changed, lead_sdr_ready, webhook_config
from bot.webhooks.sender import WebhookSender
from nlu.content.search import ContentSearch
from nlu.ner import OrgFinder, org_finder, preload
from scoring.rules import ScoringRules

log = logging.getLogger(__name__)
RETENTION_CHECK_EVERY = timedelta(hours=1)
T = TypeVar("T")


@dataclass
class Services:
    """Everything a route or a channel needs, typed. One instance per app process."""

    settings: Settings
    admin_token: str
    engine_action_token: str  # what the engine sends to /webhook (derived from SECRET_KEY)
    db: AsyncEngine
    sessions: async_sessionmaker[AsyncSession]
    engine: EngineClient
    trackers: EngineTrackers
    scorer: LeadScorer
    content: ContentSearch
    page_rules: PageRules
    guard: WidgetGuard
    sign_in_guard: SignInGuard  # the console's sign-in throttles
    visitor_auth: VisitorAuth
    outbox: OutboxRelay
    live: LiveHub
    lead_facts: LeadFactStore
    action_executor: ActionExecutor
    fr_orgs: OrgFinder | None
    conversations: ConversationService
    channel_names: list[str]
    # What a channel started and its routes read (a Telegram application, a Slack request
    # handler), by channel name; read back with `channel()`, which checks the type.
    channels: dict[str, object] = field(default_factory=dict)
    meetings: MeetingDesk | None = None  # MEETINGS_FILE set (bot/meetings/)
    nurture: NurtureScheduler | None = None  # bot/nurture/, a job of the relay's loop

    def channel(self, name: str, kind: type[T]) -> T | None:
        """The object channel `name` stored, if it is running and of type `kind`."""
        found = self.channels.get(name)
        return found if isinstance(found, kind) else None


def services_of(state: State) -> Services:
    """The services of a started app (`request.app.state`)."""
    services = getattr(state, "services", None)
    if not isinstance(services, Services):
        raise RuntimeError("the app has not started: its services are built in its lifespan")
    return services


async def _hand_over_sdr_ready(session: AsyncSession, lead: Lead) -> None:
    await open_handoff(session, lead, reason="sdr_ready")
    await lead_sdr_ready(session, lead)  # the CRM's webhooks, if any


def retention_job(
    sessions: async_sessionmaker[AsyncSession], trackers: EngineTrackers, keep: timedelta
) -> Callable[[datetime], Awaitable[None]]:
    """Erase anonymous leads idle longer than `keep`, checked once an hour."""
    last: list[datetime] = []

    async def job(now: datetime) -> None:
        if last and now - last[0] < RETENTION_CHECK_EVERY:
            return
        last[:] = [now]
        await purge_anonymous(sessions, trackers, idle_since=now - keep)

    return job


def timers_job(
    sessions: async_sessionmaker[AsyncSession], timers: HandoffTimers
) -> Callable[[datetime], Awaitable[None]]:
    """Claim reminders and verdict escalations, checked on every pass of the relay."""

    async def job(now: datetime) -> None:
        async with sessions() as session, session.begin():
            await check_timers(session, timers, now)

    return job


def _relay(settings: Settings, sessions: async_sessionmaker[AsyncSession]) -> OutboxRelay:
    relay = OutboxRelay(
        sessions,
        poll_seconds=settings.outbox_poll_seconds,
        lease=timedelta(seconds=settings.outbox_lease_seconds),
        max_backoff=timedelta(seconds=settings.outbox_max_backoff_seconds),
    )
    timers = HandoffTimers(
        claim_reminder=timedelta(minutes=settings.slack_claim_reminder_minutes),
        verdict_sla=timedelta(hours=settings.handoff_verdict_sla_hours),
    )
    relay.every_pass(timers_job(sessions, timers))
    return relay


def _backlog(settings: Settings, services: Services) -> EngineBacklog:
    """Messages the engine could not answer, replayed when it is back."""
    return EngineBacklog(
        sessions=services.sessions,
        conversations=services.conversations,
        handoff_after=timedelta(minutes=settings.engine_backlog_handoff_minutes),
        budget=timedelta(
            seconds=max(0.0, settings.outbox_lease_seconds - 2 * settings.engine_timeout)
        ),
    )


def _conversations(
    settings: Settings, sessions: async_sessionmaker[AsyncSession], engine: EngineClient
) -> ConversationService:
    return ConversationService(
        sessions=sessions, engine=engine, default_language=settings.default_language
    )


def build_services(
    settings: Settings,
    *,
    rules: ScoringRules,
    page_rules: PageRules,
    library: ContentSearch,
    channel_names: list[str],
    engine_transport: httpx.AsyncBaseTransport | None = None,
) -> Services:
    """The services, wired but not started (`running_services` starts them)."""
    db = create_engine(settings.database_url)
    sessions = create_sessionmaker(db)
    engine = EngineClient(
        base_url=settings.rasa_url, timeout=settings.engine_timeout, transport=engine_transport
    )
    applied = ThresholdOverride(  # calibration's threshold, shared through the database
        rules.sdr_ready_threshold,
        floor=rules.mql_threshold,
        ttl=settings.threshold_cache_seconds,
    )
    scorer = LeadScorer(
        rules, on_sdr_ready=_hand_over_sdr_ready, on_rescored=lead_changed, threshold=applied
    )
    facts = LeadFactStore(sessions=sessions, scorer=scorer)
    trackers = EngineTrackers(settings.engine_tracker_url)
    relay = _relay(settings, sessions)
    if settings.retention_days_anonymous:
        keep = timedelta(days=settings.retention_days_anonymous)
        relay.every_pass(retention_job(sessions, trackers, keep))
    preload(settings.spacy_fr_model)
    meetings = meeting_desk(settings, sessions, link_base=settings.link_base)
    services = Services(
        settings=settings,
        admin_token=settings.resolved_admin_token(),
        engine_action_token=settings.derived_secret(ENGINE_ACTIONS),
        db=db,
        sessions=sessions,
        engine=engine,
        trackers=trackers,
        scorer=scorer,
        content=library,
        page_rules=page_rules,
        guard=WidgetGuard(settings),
        sign_in_guard=SignInGuard(settings),
        visitor_auth=VisitorAuth.from_settings(settings),
        outbox=relay,
        live=RedisLiveHub(settings.redis_url) if settings.redis_url else LiveHub(),
        lead_facts=facts,
        action_executor=create_executor(facts, library, meetings),
        fr_orgs=org_finder(settings.spacy_fr_model),
        conversations=_conversations(settings, sessions, meeting_engine(engine, meetings)),
        channel_names=channel_names,
        meetings=meetings,
    )
    relay.register("engine", _backlog(settings, services))
    _webhooks(settings, sessions, relay)
    _hubspot(settings, sessions, relay)
    return services


def add_nurture(services: Services, config: NurtureConfig | None) -> None:
    """Nurturing (docs/nurture.md): "stop" in any wording answered first, and the
    scheduler run on every pass of the relay (before `running_services` starts it)."""
    services.conversations.answer_first(stop_command)
    if config is None or not services.settings.nurture_enabled:
        return
    library = services.content
    services.nurture = NurtureScheduler(
        services.sessions, config, documents=document_lookup(lambda: library.documents)
    )
    services.outbox.every_pass(services.nurture)


def _hubspot(
    settings: Settings, sessions: async_sessionmaker[AsyncSession], relay: OutboxRelay
) -> None:
    """HubSpot (docs/crm.md): contacts, notes and deals through the outbox."""
    token = settings.hubspot_token.get_secret_value()
    enable_hubspot(sessions, bool(token))
    if not token:
        return
    from hubspot import HubSpot  # only when used: the client imports a lot

    from bot.crm.hubspot import HubSpotSender

    client = HubSpot(access_token=token, host=settings.hubspot_api_url.rstrip("/"))
    sender = HubSpotSender(
        client=client,
        sessions=sessions,
        link_base=settings.link_base,
        pipeline=settings.hubspot_pipeline,
        deal_stage=settings.hubspot_deal_stage,
        timeout=settings.webhook_timeout_seconds,
    )
    relay.register("hubspot", sender)


def _webhooks(
    settings: Settings, sessions: async_sessionmaker[AsyncSession], relay: OutboxRelay
) -> None:
    """Outbound webhooks (docs/crm.md): events written by every session, sent by the relay."""
    try:
        config = webhook_config(
            settings.webhook_urls,
            settings.webhook_events,
            link_base=settings.link_base,
            update_delay_seconds=settings.webhook_update_delay_seconds,
        )
    except ValueError as exc:
        raise ConfigurationError(f"WEBHOOK_EVENTS: {exc}") from exc
    configure_webhooks(sessions, config)
    if config is not None:
        sender = WebhookSender(
            secret=settings.webhook_secret.get_secret_value(),
            urls=config.urls,
            timeout=settings.webhook_timeout_seconds,
        )
        relay.register(WEBHOOKS, sender, max_attempts=settings.webhook_max_attempts)


ChannelLifespan = Callable[["Services"], AbstractAsyncContextManager[None]]


@asynccontextmanager
async def running_services(
    services: Services, channels: Sequence[ChannelLifespan] = ()
) -> AsyncIterator[Services]:
    """Start the live hub, the channels, then the outbox relay (every sender registered by
    then); stop them in reverse order and close the clients."""
    async with AsyncExitStack() as stack:
        stack.push_async_callback(services.db.dispose)
        stack.push_async_callback(services.trackers.aclose)
        stack.push_async_callback(services.engine.aclose)
        if isinstance(services.live, RedisLiveHub):  # several workers: notices through Redis
            await services.live.start()
            stack.push_async_callback(services.live.stop)
        stack.callback(publish_on_commit(services.sessions, services.live))
        stack.callback(wake_relay_on_commit(services.sessions, services.outbox))
        for channel in channels:
            await stack.enter_async_context(channel(services))
        relay = services.outbox
        task = asyncio.create_task(relay.run_forever(), name="outbox-relay")
        stack.push_async_callback(relay.release)
        stack.push_async_callback(relay.stop, task)
        yield services
