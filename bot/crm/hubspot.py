"""Delivers the outbox's `hubspot.*` rows with HubSpot's official client (hubspot-api-client,
synchronous: each call runs in a thread).

hubspot.contact  the lead as a contact, upserted by email (created or updated), its company
                 found by name or created and associated, and a note with the score and a
                 summary of the conversation, associated with both
hubspot.deal     the contact again (upsert: the row stands alone), then a deal in
                 HUBSPOT_PIPELINE at HUBSPOT_DEAL_STAGE, found by name first (a retry after
                 a lost answer does not create a second one), associated with both

A 429 is retried after its Retry-After (`RetryLater`); any other failure (a 500, a refused
connection) with the relay's backoff. A lead without an email is skipped (HubSpot keys
contacts by email).
"""

from __future__ import annotations

import asyncio
import html
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from hubspot import HubSpot
from hubspot.crm.companies import Filter, FilterGroup, PublicObjectSearchRequest
from hubspot.crm.companies import SimplePublicObjectInputForCreate as CompanyIn
from hubspot.crm.contacts import (
    BatchInputSimplePublicObjectBatchInputUpsert,
    SimplePublicObjectBatchInputUpsert,
)
from hubspot.crm.deals import AssociationSpec, PublicAssociationsForObject, PublicObjectId
from hubspot.crm.deals import SimplePublicObjectInputForCreate as DealIn
from hubspot.crm.objects.notes import AssociationSpec as NoteSpec
from hubspot.crm.objects.notes import PublicAssociationsForObject as NoteLink
from hubspot.crm.objects.notes import PublicObjectId as NoteTarget
from hubspot.crm.objects.notes import SimplePublicObjectInputForCreate as NoteIn
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.db.models import Conversation, Lead, Message, OutboxMessage
from bot.errors import RetryLater

# HubSpot's own association types (HUBSPOT_DEFINED).
NOTE_TO_CONTACT, NOTE_TO_COMPANY = 202, 190
DEAL_TO_CONTACT, DEAL_TO_COMPANY = 3, 5
TRANSCRIPT_LINES = 12


@dataclass(frozen=True)
class LeadFacts:
    id: int
    email: str | None
    profile: dict[str, Any]
    score: tuple[float, float, float]  # fit, pain, total
    stage: str
    transcript: list[str]


def contact_properties(lead: LeadFacts) -> dict[str, str]:
    profile = lead.profile
    props = {
        "email": lead.email or "",
        "jobtitle": profile.get("job_title"),
        "company": profile.get("company"),
    }
    props["phone"] = profile.get("phone")
    return {k: str(v) for k, v in props.items() if v}


def note_body(lead: LeadFacts, console_url: str) -> str:
    """The note: score, the facts sales asks for, and the conversation's last lines."""
    fit, pain, total = lead.score
    facts = {k: lead.profile.get(k) for k in ("need", "use_case", "timeline_text", "budget")}
    lines = [
        f"<b>Prospect assistant</b>: score {total:.1f} (fit {fit:.1f}, pain {pain:.1f}), "
        f'stage {lead.stage}. <a href="{html.escape(console_url)}">Lead page</a>'
    ]
    lines += [f"{k}: {html.escape(str(v))}" for k, v in facts.items() if v]
    lines += ["<i>Conversation (last lines)</i>"] + [html.escape(t) for t in lead.transcript]
    return "<br>".join(lines)


def retry_after(exc: Exception) -> float | None:
    if getattr(exc, "status", None) != 429:
        return None
    headers = {k.lower(): v for k, v in (getattr(exc, "headers", None) or {}).items()}
    try:
        return max(1.0, float(headers.get("retry-after", 10)))
    except ValueError:
        return 10.0


@dataclass
class HubSpotSender:
    client: HubSpot
    sessions: async_sessionmaker[AsyncSession]
    link_base: str
    pipeline: str
    deal_stage: str
    timeout: float = 10.0

    @property
    def _limits(self) -> dict[str, Any]:
        """Every call's timeout: a call that hangs must end before the row's lease does."""
        return {"_request_timeout": self.timeout}

    async def __call__(self, row: OutboxMessage) -> dict[str, Any]:
        lead = await self._facts(int(row.payload["lead_id"]))
        if lead is None or not lead.email:
            return {"skipped": "no lead or no email"}
        try:
            if row.kind == "hubspot.contact":
                return await asyncio.to_thread(self._contact_and_note, lead)
            if row.kind == "hubspot.deal":
                return await asyncio.to_thread(self._deal, lead)
        except Exception as exc:
            wait = retry_after(exc)
            if wait is not None:
                raise RetryLater(wait, "HubSpot 429") from exc
            raise
        raise ValueError(f"unknown HubSpot outbox kind {row.kind!r}")

    async def _facts(self, lead_id: int) -> LeadFacts | None:
        async with self.sessions() as session:
            lead = await session.get(Lead, lead_id)
            if lead is None:
                return None
            messages = await session.scalars(
                select(Message)
                .join(Conversation, Conversation.id == Message.conversation_id)
                .where(Conversation.lead_id == lead_id)
                .order_by(Message.id.desc())
                .limit(TRANSCRIPT_LINES)
            )
            transcript = [f"{m.author}: {m.text}" for m in reversed(list(messages))]
            return LeadFacts(
                id=lead.id,
                email=lead.email,
                profile=dict(lead.profile or {}),
                score=(lead.score_fit, lead.score_pain, lead.score_total),
                stage=lead.stage,
                transcript=transcript,
            )

    def _upsert_contact(self, lead: LeadFacts) -> str:
        batch = BatchInputSimplePublicObjectBatchInputUpsert(
            inputs=[
                SimplePublicObjectBatchInputUpsert(
                    id_property="email", id=lead.email, properties=contact_properties(lead)
                )
            ]
        )
        answer = self.client.crm.contacts.batch_api.upsert(
            batch_input_simple_public_object_batch_input_upsert=batch, **self._limits
        )
        return str(answer.results[0].id)

    def _company(self, contact_id: str, lead: LeadFacts) -> str | None:
        name = lead.profile.get("company")
        if not name:
            return None
        companies = self.client.crm.companies
        search = PublicObjectSearchRequest(
            filter_groups=[
                FilterGroup(filters=[Filter(property_name="name", operator="EQ", value=str(name))])
            ],
            limit=1,
        )
        found = companies.search_api.do_search(
            public_object_search_request=search, **self._limits
        ).results
        if found:
            company_id = str(found[0].id)
        else:
            created = companies.basic_api.create(
                simple_public_object_input_for_create=CompanyIn(properties={"name": str(name)}),
                **self._limits,
            )
            company_id = str(created.id)
        self.client.crm.associations.v4.basic_api.create_default(
            from_object_type="contacts",
            from_object_id=contact_id,
            to_object_type="companies",
            to_object_id=company_id,
            **self._limits,
        )
        return company_id

    def _contact_and_note(self, lead: LeadFacts) -> dict[str, Any]:
        contact_id = self._upsert_contact(lead)
        company_id = self._company(contact_id, lead)
        links = [(contact_id, NOTE_TO_CONTACT)] + (
            [(company_id, NOTE_TO_COMPANY)] if company_id else []
        )
        note = NoteIn(
            properties={
                "hs_note_body": note_body(lead, f"{self.link_base}/console/leads/{lead.id}"),
                "hs_timestamp": datetime.now(UTC).isoformat(),
            },
            associations=[
                NoteLink(
                    to=NoteTarget(id=target),
                    types=[
                        NoteSpec(association_category="HUBSPOT_DEFINED", association_type_id=kind)
                    ],
                )
                for target, kind in links
            ],
        )
        created = self.client.crm.objects.notes.basic_api.create(
            simple_public_object_input_for_create=note
        )
        return {"contact_id": contact_id, "company_id": company_id, "note_id": str(created.id)}

    def _deal(self, lead: LeadFacts) -> dict[str, Any]:
        contact_id = self._upsert_contact(lead)
        company_id = self._company(contact_id, lead)
        name = f"{lead.profile.get('company') or lead.email} (lead {lead.id})"
        deals = self.client.crm.deals
        search = PublicObjectSearchRequest(
            filter_groups=[
                FilterGroup(filters=[Filter(property_name="dealname", operator="EQ", value=name)])
            ],
            limit=1,
        )
        found = deals.search_api.do_search(
            public_object_search_request=search, **self._limits
        ).results
        if found:
            return {"contact_id": contact_id, "deal_id": str(found[0].id), "existing": True}
        links = [(contact_id, DEAL_TO_CONTACT)] + (
            [(company_id, DEAL_TO_COMPANY)] if company_id else []
        )
        properties = {"dealname": name, "pipeline": self.pipeline, "dealstage": self.deal_stage}
        budget = lead.profile.get("budget_max")
        if budget:
            properties["amount"] = str(budget)
        deal = DealIn(
            properties=properties,
            associations=[
                PublicAssociationsForObject(
                    to=PublicObjectId(id=target),
                    types=[
                        AssociationSpec(
                            association_category="HUBSPOT_DEFINED", association_type_id=kind
                        )
                    ],
                )
                for target, kind in links
            ],
        )
        created = deals.basic_api.create(simple_public_object_input_for_create=deal, **self._limits)
        return {"contact_id": contact_id, "company_id": company_id, "deal_id": str(created.id)}
