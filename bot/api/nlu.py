"""`POST /api/nlu/extract`: the facts one text carries, as `prospect extract` prints them.
A tool for the team (admin token), not for prospects."""

from __future__ import annotations

import asyncio
from datetime import date
from typing import Literal

from fastapi import APIRouter, HTTPException, Request, status
from pydantic import BaseModel, Field

from bot.api.deps import AdminDep, SettingsDep
from bot.api.limits import StorableStr
from bot.api.schemas.tools import FactsOut
from bot.services import services_of
from nlu.extract import extract_facts

router = APIRouter(prefix="/api/nlu", tags=["nlu"], dependencies=[AdminDep])


class ExtractRequest(BaseModel):
    text: StorableStr = Field(min_length=1, description="A prospect's message")
    lang: Literal["fr", "en", "auto"] = "auto"
    today: date | None = Field(default=None, description="Reference date for timelines")


@router.post("/extract", summary="Extract BANT and profile facts from one text")
async def extract(body: ExtractRequest, request: Request, settings: SettingsDep) -> FactsOut:
    if len(body.text) > settings.max_message_chars:
        raise HTTPException(
            status.HTTP_413_CONTENT_TOO_LARGE,
            f"text is {len(body.text)} characters long; the limit is {settings.max_message_chars}",
        )
    # CPU-bound: off the event loop, so other requests are served meanwhile.
    facts = await asyncio.to_thread(
        extract_facts,
        body.text,
        today=body.today or date.today(),
        language=body.lang,
        fr_orgs=services_of(request.app.state).fr_orgs,
    )
    return FactsOut.model_validate(facts.as_dict())
