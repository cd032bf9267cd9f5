"""`POST /api/content/search`: an answer from the company's library, as `prospect ask` prints it.
A tool for the team (admin token); prospects ask through the conversation."""

from __future__ import annotations

from typing import Literal

from fastapi import APIRouter, HTTPException, Request, status
from pydantic import BaseModel, Field

from bot.api.deps import AdminDep, SettingsDep
from bot.api.limits import StorableStr
from bot.api.schemas.tools import AnswerOut
from bot.services import services_of
from nlu.content.search import ContentSearch

router = APIRouter(prefix="/api/content", tags=["content"], dependencies=[AdminDep])


class SearchRequest(BaseModel):
    question: StorableStr = Field(min_length=1, description="A prospect's question")
    lang: Literal["fr", "en", "auto"] = "auto"


@router.post("/search", summary="Answer a question from the content library, with sources")
async def search(body: SearchRequest, request: Request, settings: SettingsDep) -> AnswerOut:
    if len(body.question) > settings.max_message_chars:
        raise HTTPException(
            status.HTTP_413_CONTENT_TOO_LARGE,
            f"question is {len(body.question)} characters long; "
            f"the limit is {settings.max_message_chars}",
        )
    content: ContentSearch = services_of(request.app.state).content
    language = None if body.lang == "auto" else body.lang
    return AnswerOut.model_validate(content.ask(body.question, language=language).as_dict())
