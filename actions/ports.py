"""What the actions need from the app, as interfaces: the app (`bot`) implements them and
hands them to the actions, so `actions` never imports `bot`."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Protocol

from actions.profile import FactUpdate


@dataclass(frozen=True)
class LeadStatus:
    stage: str
    score: float
    sdr_ready: bool
    became_sdr_ready: bool = False
    disqualified: bool = False  # said they will never buy: not handed to sales


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

    async def status(self, lead_id: int) -> LeadStatus | None:
        """The lead's current stage and score, or None for an unknown lead."""
        ...
