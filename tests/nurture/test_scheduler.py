"""The scheduler on a real database (SQLite; PostgreSQL too when one answers), with the clock
given: enrolment by a trigger, a step after its wait, through the outbox on Telegram or in the
web conversation; a reply or an opt-out stops; quiet hours delay; two schedulers racing send
a step once; erasure leaves nothing."""

from __future__ import annotations

import asyncio
import os
import uuid
from collections.abc import AsyncIterator, Iterator
from datetime import UTC, datetime, time, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import func, select
from sqlalchemy.engine import make_url
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.db.migrate import upgrade
from bot.db.models import (
    Conversation,
    Direction,
    Handoff,
    Identity,
    Lead,
    LeadEvent,
    Message,
    MessageStatus,
    OutboxMessage,
)
from bot.db.nurture_models import NurtureEnrolment, NurtureSend
from bot.db.session import create_engine, create_sessionmaker
from bot.engine.trackers import EngineTrackers
from bot.leads.privacy import erase_lead
from bot.nurture.planner import Policy
from bot.nurture.scenarios import load_scenarios
from bot.nurture.scheduler import NurtureConfig, NurtureScheduler
from bot.nurture.stats import nurture_stats
from bot.nurture.store import record_opt_out
from bot.settings import Settings

SCENARIO = """
trigger: {event: whitepaper_download, properties: {asset: guide}}
steps:
  - wait: 60s
  - content: {en: en/case-study-northwind, fr: fr/etude-de-cas-maison-lenoir}
    text: {en: "Here is how a team did it:", fr: "Voici comment une équipe l'a fait :"}
  - wait: 60s
  - message: {en: "Shall we talk?", fr: "On en parle ?"}
"""
START = datetime(2026, 12, 7, 10, 0, tzinfo=UTC)  # 11:00 in Paris, a Monday
NO_QUIET = Policy(quiet_start=time(0), quiet_end=time(0), cap=5)
DOCS = {
    "en/case-study-northwind": ("Northwind", "https://orbitly.example/northwind"),
    "fr/etude-de-cas-maison-lenoir": ("Maison Lenoir", "https://orbitly.example/fr/lenoir"),
}


class Clock:
    def __init__(self) -> None:
        self.now = START

    def __call__(self) -> datetime:
        return self.now

    def tick(self, seconds: float) -> datetime:
        self.now += timedelta(seconds=seconds)
        return self.now


POSTGRES = os.environ.get("TEST_POSTGRES_URL", "postgresql://postgres@127.0.0.1:5432/test")


@pytest.fixture(params=["sqlite", "postgresql"])
def database_url(request: pytest.FixtureRequest, settings: Settings) -> Iterator[str]:
    """The test's SQLite database, or a fresh PostgreSQL one when one answers."""
    if request.param == "sqlite":
        yield settings.database_url
        return
    psycopg = pytest.importorskip("psycopg")
    try:
        admin = psycopg.connect(POSTGRES, autocommit=True, connect_timeout=3)
    except psycopg.OperationalError as exc:
        pytest.skip(f"no PostgreSQL at {POSTGRES}: {exc}")
    name = f"prospect_nurture_{os.getpid()}_{uuid.uuid4().hex[:8]}"
    with admin:
        admin.execute(f'CREATE DATABASE "{name}"')
    try:
        url = make_url(POSTGRES).set(drivername="postgresql+psycopg", database=name)
        rendered = url.render_as_string(hide_password=False)
        upgrade(rendered)
        yield rendered
    finally:
        with psycopg.connect(POSTGRES, autocommit=True) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture
async def sessions(database_url: str) -> AsyncIterator[async_sessionmaker[AsyncSession]]:
    engine = create_engine(database_url)
    yield create_sessionmaker(engine)
    await engine.dispose()


def scheduler(
    sessions: async_sessionmaker[AsyncSession],
    tmp_path: Path,
    clock: Clock,
    policy: Policy = NO_QUIET,
) -> NurtureScheduler:
    folder = tmp_path / "scenarios"
    folder.mkdir(exist_ok=True)
    (folder / "guide.yml").write_text(SCENARIO)
    config = NurtureConfig(
        scenarios=load_scenarios(folder),
        policy=policy,
        default_zone=ZoneInfo("Europe/Paris"),
        push_channels={"telegram"},
        scan_every=timedelta(0),
    )
    return NurtureScheduler(sessions, config, documents=DOCS.get, clock=clock)


async def a_lead(
    sessions: async_sessionmaker[AsyncSession], channel: str = "telegram", **event: object
) -> tuple[int, int]:
    """A lead on `channel` who downloaded the guide: (lead id, conversation id)."""
    async with sessions() as session, session.begin():
        lead = Lead(stage="lead", language="fr")
        session.add(lead)
        await session.flush()
        identity = Identity(channel=channel, external_id=f"{channel}-{lead.id}", lead_id=lead.id)
        session.add(identity)
        await session.flush()
        conversation = Conversation(
            lead_id=lead.id, identity_id=identity.id, channel=channel, language="fr"
        )
        session.add(conversation)
        session.add(
            LeadEvent(
                lead_id=lead.id,
                type="whitepaper_download",
                properties={"asset": "guide", **event},
                occurred_at=START,
                received_at=START,
            )
        )
        await session.flush()
        return lead.id, conversation.id


async def steps_sent(sessions: async_sessionmaker[AsyncSession], conversation_id: int) -> list[str]:
    async with sessions() as session:
        rows = await session.scalars(
            select(Message.text)
            .where(Message.conversation_id == conversation_id, Message.author == "bot")
            .order_by(Message.id)
        )
        return list(rows)


async def enrolment(sessions: async_sessionmaker[AsyncSession], lead_id: int) -> NurtureEnrolment:
    async with sessions() as session:
        query = select(NurtureEnrolment).where(NurtureEnrolment.lead_id == lead_id)
        return (await session.scalars(query)).one()


async def test_a_download_brings_the_case_study_after_the_wait_then_the_offer(
    sessions: async_sessionmaker[AsyncSession], tmp_path: Path
) -> None:
    clock = Clock()
    run = scheduler(sessions, tmp_path, clock)
    lead_id, conversation = await a_lead(sessions)
    await run(clock.now)
    assert (await enrolment(sessions, lead_id)).due_at.replace(tzinfo=UTC) == START + timedelta(
        seconds=60
    )
    await run(clock.tick(59))
    assert await steps_sent(sessions, conversation) == []
    await run(clock.tick(1))
    assert await steps_sent(sessions, conversation) == [
        "Voici comment une équipe l'a fait :\nMaison Lenoir: https://orbitly.example/fr/lenoir"
    ]
    await run(clock.tick(60))
    assert (await steps_sent(sessions, conversation))[1:] == ["On en parle ?"]
    await run(clock.tick(600))
    assert len(await steps_sent(sessions, conversation)) == 2
    assert (await enrolment(sessions, lead_id)).status == "done"
    async with sessions() as session:
        kinds = list(await session.scalars(select(OutboxMessage.kind).order_by(OutboxMessage.id)))
        stats = await nurture_stats(session, scenarios=["guide"])
    assert kinds == ["telegram.send", "telegram.send"]  # pushed through the outbox
    steps = [(s.step, s.kind, s.sends) for s in stats[0].steps]
    assert steps == [(1, "content", 1), (3, "message", 1)]
    assert stats[0].done == 1


async def test_an_event_without_the_scenarios_properties_enrols_nobody(
    sessions: async_sessionmaker[AsyncSession], tmp_path: Path
) -> None:
    clock = Clock()
    lead_id, _ = await a_lead(sessions, asset="another")
    async with sessions() as session, session.begin():
        event = await session.scalar(select(LeadEvent).where(LeadEvent.lead_id == lead_id))
        assert event is not None
        event.properties = {"asset": "another"}
    await scheduler(sessions, tmp_path, clock)(clock.now)
    async with sessions() as session:
        assert await session.scalar(select(func.count()).select_from(NurtureEnrolment)) == 0


async def test_on_the_website_the_step_waits_in_the_conversation_without_an_outbox_row(
    sessions: async_sessionmaker[AsyncSession], tmp_path: Path
) -> None:
    clock = Clock()
    run = scheduler(sessions, tmp_path, clock)
    _, conversation = await a_lead(sessions, channel="web")
    await run(clock.now)
    await run(clock.tick(60))
    async with sessions() as session:
        message = (
            await session.scalars(select(Message).where(Message.conversation_id == conversation))
        ).one()
        assert await session.scalar(select(func.count()).select_from(OutboxMessage)) == 0
    assert message.data["nurture"]["scenario"] == "guide"


async def test_a_reply_stops_the_sequence_and_counts_for_the_step(
    sessions: async_sessionmaker[AsyncSession], tmp_path: Path
) -> None:
    clock = Clock()
    run = scheduler(sessions, tmp_path, clock)
    lead_id, conversation = await a_lead(sessions)
    await run(clock.now)
    await run(clock.tick(60))
    async with sessions() as session, session.begin():
        session.add(
            Message(
                conversation_id=conversation,
                direction=Direction.INBOUND,
                author="prospect",
                text="Intéressant, merci",
                status=MessageStatus.ANSWERED,
                created_at=clock.tick(5),
            )
        )
    await run(clock.tick(60))
    assert len(await steps_sent(sessions, conversation)) == 1
    found = await enrolment(sessions, lead_id)
    assert (found.status, found.stop_reason) == ("stopped", "replied")
    async with sessions() as session:
        stats = await nurture_stats(session, scenarios=["guide"])
    assert (stats[0].steps[0].replies, stats[0].stopped) == (1, {"replied": 1})


async def test_an_opt_out_stops_every_sequence_and_every_channel(
    sessions: async_sessionmaker[AsyncSession], tmp_path: Path
) -> None:
    clock = Clock()
    run = scheduler(sessions, tmp_path, clock)
    lead_id, conversation = await a_lead(sessions)
    await run(clock.now)
    async with sessions() as session, session.begin():
        await record_opt_out(
            session, lead_id=lead_id, wording="arrête", channel="web", now=clock.tick(1)
        )
    await run(clock.tick(120))
    assert await steps_sent(sessions, conversation) == []
    assert (await enrolment(sessions, lead_id)).stop_reason == "opted_out"
    async with sessions() as session:
        identities = list(await session.scalars(select(Identity.opted_out_at)))
    assert identities and all(at is not None for at in identities)


async def test_quiet_hours_in_the_prospects_zone_delay_the_step_to_the_morning(
    sessions: async_sessionmaker[AsyncSession], tmp_path: Path
) -> None:
    clock = Clock()
    clock.now = datetime(2026, 12, 7, 21, 0, tzinfo=UTC)  # 06:00 in Tokyo, 22:00 in Paris
    quiet = Policy(quiet_start=time(21), quiet_end=time(8), cap=5)
    run = scheduler(sessions, tmp_path, clock, quiet)
    lead_id, conversation = await a_lead(sessions, time_zone="Asia/Tokyo")
    async with sessions() as session, session.begin():  # the trigger is recent
        await session.execute(
            LeadEvent.__table__.update().values(received_at=clock.now)  # type: ignore[attr-defined]
        )
    await run(clock.now)
    await run(clock.tick(60))
    assert await steps_sent(sessions, conversation) == []
    morning = datetime(2026, 12, 7, 23, 0, tzinfo=UTC)  # 08:00 in Tokyo
    assert (await enrolment(sessions, lead_id)).due_at.replace(tzinfo=UTC) == morning
    clock.now = morning
    await run(clock.now)
    assert len(await steps_sent(sessions, conversation)) == 1


async def test_two_schedulers_racing_send_each_step_once(
    sessions: async_sessionmaker[AsyncSession], tmp_path: Path
) -> None:
    clock = Clock()
    first, second = scheduler(sessions, tmp_path, clock), scheduler(sessions, tmp_path, clock)
    leads = [await a_lead(sessions) for _ in range(5)]
    await asyncio.gather(first(clock.now), second(clock.now))
    clock.tick(60)
    await asyncio.gather(first(clock.now), second(clock.now), first(clock.now))
    async with sessions() as session:
        sends = await session.scalar(select(func.count()).select_from(NurtureSend))
        enrolments = await session.scalar(select(func.count()).select_from(NurtureEnrolment))
    assert (sends, enrolments) == (5, 5)
    assert [len(await steps_sent(sessions, c)) for _, c in leads] == [1] * 5


async def test_erasing_the_lead_removes_its_enrolments_and_pending_steps(
    sessions: async_sessionmaker[AsyncSession], tmp_path: Path, settings: Settings
) -> None:
    clock = Clock()
    run = scheduler(sessions, tmp_path, clock)
    lead_id, _ = await a_lead(sessions)
    await run(clock.now)
    await run(clock.tick(60))
    trackers = EngineTrackers(settings.engine_tracker_url)
    try:
        async with sessions() as session, session.begin():
            erased = await erase_lead(session, lead_id, trackers)
    finally:
        await trackers.aclose()
    assert erased is not None
    assert (erased.rows["nurture_enrolments"], erased.rows["nurture_sends"]) == (1, 1)
    async with sessions() as session:
        for table in (NurtureEnrolment, NurtureSend, OutboxMessage):
            assert await session.scalar(select(func.count()).select_from(table)) == 0
    await run(clock.tick(600))  # nothing left to send


async def test_telegrams_own_stop_and_a_reps_claim_stop_the_sequence_too(
    sessions: async_sessionmaker[AsyncSession], tmp_path: Path
) -> None:
    clock = Clock()
    run = scheduler(sessions, tmp_path, clock)
    stopped, _ = await a_lead(sessions)
    claimed, _ = await a_lead(sessions)
    await run(clock.now)
    async with sessions() as session, session.begin():
        identity = await session.scalar(select(Identity).where(Identity.lead_id == stopped))
        assert identity is not None
        identity.opted_out_at = clock.now  # /stop in the Telegram chat
        session.add(
            Handoff(lead_id=claimed, reason="sdr_ready", status="claimed", claimed_at=clock.now)
        )
    await run(clock.tick(60))
    assert (await enrolment(sessions, stopped)).stop_reason == "opted_out"
    assert (await enrolment(sessions, claimed)).stop_reason == "claimed"
    async with sessions() as session:
        assert await session.scalar(select(func.count()).select_from(NurtureSend)) == 0
