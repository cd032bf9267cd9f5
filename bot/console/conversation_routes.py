"""The conversations going on now: the page, and the JSON it polls."""

from __future__ import annotations

from datetime import timedelta

from fastapi import APIRouter
from fastapi.responses import JSONResponse, Response

from bot.console.live import live_conversations
from bot.console.web import SignedInDep
from bot.db.models import utcnow

router = APIRouter(prefix="/console/conversations", include_in_schema=False)


async def _rows(reader: SignedInDep) -> list[dict[str, object]]:
    window = timedelta(minutes=reader.services.settings.console_live_minutes)
    async with reader.services.sessions() as session:
        return await live_conversations(session, now=utcnow(), window=window)


@router.get("")
async def conversations(reader: SignedInDep) -> Response:
    minutes = int(reader.services.settings.console_live_minutes)
    return reader.render("conversations.html", rows=await _rows(reader), minutes=minutes)


@router.get(".json")
async def conversations_json(reader: SignedInDep) -> Response:
    return reader.finish(JSONResponse({"conversations": await _rows(reader)}))
