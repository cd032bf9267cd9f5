"""The .ics invitation of a meeting booked in the chat: `GET /meetings/{token}.ics`. The
token (secrets.token_urlsafe, 24 bytes) is the only key: unguessable, given to the prospect
in the chat, and it grants nothing but this file. Unknown, cancelled, or meetings off: 404."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, HTTPException, Path, Response
from sqlalchemy import select

from bot.api.deps import ServicesDep, SessionDep
from bot.db.meeting_models import Meeting

router = APIRouter(tags=["meetings"])
Token = Annotated[str, Path(min_length=16, max_length=64, pattern=r"^[A-Za-z0-9_-]+$")]


@router.get(
    "/meetings/{token}.ics",
    response_class=Response,
    responses={200: {"content": {"text/calendar": {}}, "description": "the invitation"}},
)
async def invitation(token: Token, session: SessionDep, services: ServicesDep) -> Response:
    """The meeting's iCalendar invitation (METHOD:REQUEST), to add to a calendar."""
    meeting = await session.scalar(select(Meeting).where(Meeting.token == token))
    desk = services.meetings
    if meeting is None or meeting.status == "cancelled" or desk is None:
        raise HTTPException(status_code=404, detail="no such meeting")
    return Response(
        content=desk.booker.invitation(meeting),
        media_type="text/calendar",
        headers={
            "Content-Disposition": 'attachment; filename="demo.ics"',
            "Cache-Control": "no-store",
            "X-Content-Type-Options": "nosniff",
        },
    )
