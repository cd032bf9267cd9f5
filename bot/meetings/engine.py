"""The prospect's reply to offered slots is read before the engine: `MeetingAwareEngine`
wraps the engine client the conversation service talks to, answers what the meeting desk
answers, and hands every other message to the engine unchanged."""

from __future__ import annotations

from typing import Any

from bot.engine.client import EngineClient
from bot.meetings.flow import MeetingDesk, conversation_of


class MeetingAwareEngine(EngineClient):
    """An `EngineClient` whose `send` asks the desk first; the rest is the engine's."""

    def __init__(self, engine: EngineClient, desk: MeetingDesk) -> None:
        # No super().__init__: every call is the wrapped client's, `send` after the desk.
        self._engine = engine
        self._desk = desk

    @property
    def timeout(self) -> float:
        return self._engine.timeout

    async def is_ready(self) -> bool:
        return await self._engine.is_ready()

    async def send(
        self, *, sender: str, text: str, metadata: dict[str, Any] | None = None
    ) -> list[dict[str, Any]]:
        meta = metadata or {}
        conversation_id, lead_id = conversation_of(sender), meta.get("lead_id")
        if conversation_id is not None and isinstance(lead_id, int):
            language = str(meta.get("language") or "en")
            answer = await self._desk.reply(conversation_id, lead_id, text, language)
            if answer is not None:
                return [{"text": answer}]
        return await self._engine.send(sender=sender, text=text, metadata=metadata)

    async def aclose(self) -> None:
        await self._engine.aclose()
