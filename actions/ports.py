"""What the actions need from the app, as interfaces: the app (`bot`) implements them and
hands them to the actions, so `actions` never imports `bot`."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Protocol, runtime_checkable

from actions.profile import FactUpdate


@dataclass(frozen=True)
class LeadStatus:
    stage: str
    score: float
    sdr_ready: bool
    became_sdr_ready: bool = False
    disqualified: bool = False  # said they will never buy: not handed to sales


@dataclass(frozen=True)
class AskedQuestion:
    """A question looked up in the content library, and what the library made of it."""

    text: str  # the prospect's words
    language: str
    answered: bool
    confidence: float
    document_id: str | None  # the top source, answered or not
    channel: str | None = None
    conversation: str | None = None  # the engine's sender id (`conversation-<id>`)


class LeadFacts(Protocol):
    async def record(self, lead_id: int, update: FactUpdate) -> LeadStatus:
        """Store what was learnt (profile facts, declines, consent) and rescore."""
        ...

    async def record_event(
        self, lead_id: int, type: str, properties: dict[str, Any], *, idempotency_key: str
    ) -> LeadStatus:
        """Record a behavioural event (e.g. whitepaper_download) and rescore; a repeated
        key records nothing new."""
        ...

    async def request_handoff(self, lead_id: int) -> bool:
        """The prospect asked for a person: hand the lead over (False if already handed)."""
        ...

    async def buying_signal(
        self, lead_id: int, signal: str, *, idempotency_key: str
    ) -> LeadStatus | None:
        """A buying signal (`demo_request`, `quote_request`): a handoff with that reason,
        unless one is active (then a note to the rep), and the `demo_request` event
        (rescored). None for an unknown lead."""
        ...

    async def withdraw_signal(self, lead_id: int, signal: str) -> bool:
        """The prospect takes a demo or quote request back: a note to the rep of the active
        handoff (True); False without one. The event and the handoff stay (the rep decides)."""
        ...

    async def status(self, lead_id: int) -> LeadStatus | None:
        """The lead's current stage and score, or None for an unknown lead."""
        ...


@runtime_checkable
class QuestionLog(Protocol):
    """Where the content questions asked are kept (the console's analytics); the app's
    `LeadFacts` is one. Recording is best effort: it never stops an answer."""

    async def record_question(self, lead_id: int, question: AskedQuestion) -> None: ...


class MeetingDesk(Protocol):
    """Meetings booked in the chat (the app's bot/meetings/flow.py)."""

    async def offer(self, lead_id: int, sender_id: str, language: str) -> str | None:
        """Free slots to offer, as the text to say (the prospect's reply is read by the app
        before the engine); None when meetings cannot be offered in this conversation."""
        ...
