"""Meetings wired into the app (bot/services.py): the desk when MEETINGS_FILE is set, and
the engine client the conversation service talks to, which asks the desk first."""

from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.engine.client import EngineClient
from bot.meetings.booking import Booker
from bot.meetings.config import load_meetings_config
from bot.meetings.engine import MeetingAwareEngine
from bot.meetings.flow import MeetingDesk
from bot.meetings.settings import MeetingsSettings

__all__ = ["MeetingDesk", "meeting_desk", "meeting_engine"]


def meeting_desk(
    settings: MeetingsSettings, sessions: async_sessionmaker[AsyncSession], *, link_base: str
) -> MeetingDesk | None:
    """The desk, or None without a meetings file. A bad file stops the start
    (`MeetingsConfigError` names the file and the field)."""
    if settings.meetings_file is None:
        return None
    config = load_meetings_config(settings.meetings_file)
    return MeetingDesk(Booker(config=config, sessions=sessions), sessions, link_base=link_base)


def meeting_engine(engine: EngineClient, desk: MeetingDesk | None) -> EngineClient:
    return engine if desk is None else MeetingAwareEngine(engine, desk)
