"""The leads list (with its CSV), a lead's page, and its GDPR export and erasure."""

from __future__ import annotations

import json
from typing import Annotated

from fastapi import APIRouter, Depends
from fastapi.responses import Response, StreamingResponse

from bot.console.lead_list import (
    CHANNELS,
    SORTS,
    STAGES,
    VERDICTS,
    LeadFilter,
    csv_lines,
    lead_page,
)
from bot.console.lead_page import lead_view, load_lead, when
from bot.console.roles import Permission
from bot.console.web import FormDep, Reader, SignedInDep, allowed
from bot.db.models import Lead, row_id, utcnow
from bot.engine.trackers import TrackerStoreUnavailable
from bot.leads.facts import clear_disqualified
from bot.leads.privacy import erase_lead, export_lead, forget_old_copies

router = APIRouter(prefix="/console/leads", include_in_schema=False)
GdprDep = Annotated[Reader, Depends(allowed(Permission.GDPR))]
ListExportDep = Annotated[Reader, Depends(allowed(Permission.EXPORT_LIST))]


@router.get("")
async def leads(reader: SignedInDep) -> Response:
    f = LeadFilter.parse(reader.request.query_params)
    threshold = reader.services.scorer.rules.sdr_ready_threshold
    async with reader.services.sessions() as session:
        page = await lead_page(session, f, threshold=threshold)
    return reader.render(
        "leads.html",
        f=f,
        page=page,
        stages=STAGES,
        channels=CHANNELS,
        verdicts=VERDICTS,
        sorts=list(SORTS),
        when=when,
        notice=row_id(reader.request.query_params.get("erased", "")),
    )


@router.get(".csv")
async def leads_csv(reader: ListExportDep) -> Response:
    f = LeadFilter.parse(reader.request.query_params)
    threshold = reader.services.scorer.rules.sdr_ready_threshold

    async def body():  # type: ignore[no-untyped-def]
        async with reader.services.sessions() as session:
            async for chunk in csv_lines(session, f, threshold=threshold):
                yield chunk

    response = StreamingResponse(body(), media_type="text/csv; charset=utf-8")
    response.headers["Content-Disposition"] = 'attachment; filename="leads.csv"'
    return reader.finish(response)


def _lead_id(text: str) -> int | None:
    return row_id(text)  # None for anything that is not an id (never a 500)


def _missing(reader: Reader, lead_id: str) -> Response:
    return reader.render("missing.html", status_code=404, lead_id=lead_id)


@router.get("/{lead_id}")
async def lead(lead_id: str, reader: SignedInDep) -> Response:
    services = reader.services
    async with services.sessions() as session:
        found = await load_lead(session, _lead_id(lead_id) or 0)
        if found is None:
            return _missing(reader, lead_id)
        if found.merged_into_id is not None:
            return reader.redirect(f"/console/leads/{found.merged_into_id}")
        view = await lead_view(session, found, services.scorer, services.fr_orgs)
    return reader.render("lead.html", view=view, when=when)


@router.get("/{lead_id}/export")
async def export(lead_id: str, reader: GdprDep) -> Response:
    async with reader.services.sessions() as session:
        try:
            data = await export_lead(session, _lead_id(lead_id) or 0, reader.services.trackers)
        except TrackerStoreUnavailable:
            return reader.render("unavailable.html", status_code=503)
    if data is None:
        return _missing(reader, lead_id)
    body = json.dumps(data, ensure_ascii=False, indent=2, default=str)
    response = Response(body, media_type="application/json")
    response.headers["Content-Disposition"] = f'attachment; filename="lead-{lead_id}.json"'
    return reader.finish(response)


@router.get("/{lead_id}/erase")
async def erase_page(lead_id: str, reader: GdprDep) -> Response:
    async with reader.services.sessions() as session:
        found = await load_lead(session, _lead_id(lead_id) or 0)
    if found is None:
        return _missing(reader, lead_id)
    return reader.render("erase.html", lead=found)


@router.post("/{lead_id}/erase")
async def erase(lead_id: str, reader: GdprDep, form: FormDep) -> Response:
    async with reader.services.sessions() as session:
        try:
            async with session.begin():
                erased = await erase_lead(session, _lead_id(lead_id) or 0, reader.services.trackers)
        except TrackerStoreUnavailable:
            return reader.render("unavailable.html", status_code=503)
        if erased is None:
            return _missing(reader, lead_id)
        await forget_old_copies(session)
    return reader.redirect(f"/console/leads?erased={_lead_id(lead_id)}")


@router.post("/{lead_id}/requalify")
async def requalify(lead_id: str, reader: GdprDep, form: FormDep) -> Response:
    """Clear a lead's disqualification (admins: the same right as erasing it)."""
    found = _lead_id(lead_id) or 0
    async with reader.services.sessions() as session, session.begin():
        lead = await session.get(Lead, found)
        if lead is None or lead.merged_into_id is not None:
            return _missing(reader, lead_id)
        await clear_disqualified(session, lead, reader.services.scorer, now=utcnow())
    return reader.redirect(f"/console/leads/{found}")
