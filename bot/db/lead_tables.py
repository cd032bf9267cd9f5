"""The tables a lead owns, listed once: merging, exporting and erasing a lead all read them here.

A row belongs to a lead in one of two ways (`Owner`): it names the lead (`lead_id`), or it
belongs to one of the lead's conversations (`conversation_id`). The `leads` table itself
holds the lead and its tombstones (leads merged into it, `merged_into_id`): merge, export and
erasure treat it apart. tests/unit/test_lead_tables.py fails when a table that references a
lead, or any row a lead owns, is missing here: a table missed in one place would leak through
a merge or an erasure.

    leads ── merged_into_id ──> leads                 (tombstones of merged leads)
      │
      ├── identities, conversations, lead_events, score_changes, consents, handoffs,
      │   outcomes, content_questions, meetings, nurture_enrolments, nurture_sends,
      │   nurture_opt_outs, outbox                    (Owner.LEAD: `lead_id`)
      │
      └── conversations ── messages, meeting_offers    (Owner.CONVERSATION: `conversation_id`)
"""

from __future__ import annotations

import enum
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Table

from bot.db.meeting_models import Meeting, MeetingOffer
from bot.db.models import (
    Base,
    Consent,
    ContentQuestion,
    Conversation,
    Handoff,
    Identity,
    Lead,
    LeadEvent,
    Message,
    OutboxMessage,
    Outcome,
    ScoreChange,
)
from bot.db.nurture_models import NurtureEnrolment, NurtureOptOut, NurtureSend


class Owner(enum.StrEnum):
    LEAD = "lead"  # a `lead_id` column: moves to the survivor when leads merge
    CONVERSATION = "conversation"  # a `conversation_id` column: follows its conversation


@dataclass(frozen=True)
class LeadTable:
    key: str  # its name in an export and in an erasure's counts
    model: type[Base]
    owner: Owner
    # Erased before every other table: the outbox rows name the lead to the relay, which
    # must see them gone (or their Slack message's ts seen here) before anything else goes.
    erased_first: bool = False

    @property
    def table(self) -> Table:
        table: Table = self.model.__table__  # type: ignore[assignment]
        return table

    @property
    def owner_column(self) -> Any:
        """The column naming the owner: `lead_id` or `conversation_id`."""
        name = "lead_id" if self.owner is Owner.LEAD else "conversation_id"
        return getattr(self.model, name)


# In the order an export lists them.
LEAD_TABLES: tuple[LeadTable, ...] = (
    LeadTable("identities", Identity, Owner.LEAD),
    LeadTable("conversations", Conversation, Owner.LEAD),
    LeadTable("messages", Message, Owner.CONVERSATION),
    LeadTable("events", LeadEvent, Owner.LEAD),
    LeadTable("score_history", ScoreChange, Owner.LEAD),
    LeadTable("consents", Consent, Owner.LEAD),
    LeadTable("handoffs", Handoff, Owner.LEAD),
    LeadTable("outcomes", Outcome, Owner.LEAD),
    LeadTable("content_questions", ContentQuestion, Owner.LEAD),
    LeadTable("meetings", Meeting, Owner.LEAD),
    LeadTable("meeting_offers", MeetingOffer, Owner.CONVERSATION),
    LeadTable("nurture_enrolments", NurtureEnrolment, Owner.LEAD),
    LeadTable("nurture_sends", NurtureSend, Owner.LEAD),
    LeadTable("nurture_opt_outs", NurtureOptOut, Owner.LEAD),
    LeadTable("outbox", OutboxMessage, Owner.LEAD, erased_first=True),
)
LEADS: Table = Lead.__table__  # type: ignore[assignment]


def owned_by_lead() -> list[LeadTable]:
    """The tables with a `lead_id`: a merge moves their rows to the survivor."""
    return [t for t in LEAD_TABLES if t.owner is Owner.LEAD]


def erasure_order() -> list[LeadTable]:
    """The tables in the order an erasure deletes from them: those `erased_first`, then
    every row before the rows it references (the reverse of the schema's dependency order)."""
    rank = {table: i for i, table in enumerate(Base.metadata.sorted_tables)}
    return sorted(LEAD_TABLES, key=lambda t: (not t.erased_first, -rank[t.table]))


def covered_tables() -> set[str]:
    """The names of every table a lead's rows live in: `leads` and the registry's."""
    return {LEADS.name} | {t.table.name for t in LEAD_TABLES}
