"""FastAPI dependencies shared by the routers."""

from __future__ import annotations

import secrets
from collections.abc import AsyncIterator
from typing import Annotated

from fastapi import Depends, HTTPException, Request, status
from sqlalchemy.ext.asyncio import AsyncSession

from bot.conversations.service import ConversationService
from bot.leads.scoring import LeadScorer
from bot.settings import Settings


def get_settings_dep(request: Request) -> Settings:
    settings: Settings = request.app.state.settings
    return settings


async def get_session(request: Request) -> AsyncIterator[AsyncSession]:
    async with request.app.state.sessions() as session:
        yield session


def get_conversations(request: Request) -> ConversationService:
    service: ConversationService = request.app.state.conversations
    return service


def get_scorer(request: Request) -> LeadScorer:
    scorer: LeadScorer = request.app.state.scorer
    return scorer


SettingsDep = Annotated[Settings, Depends(get_settings_dep)]
ScorerDep = Annotated[LeadScorer, Depends(get_scorer)]
SessionDep = Annotated[AsyncSession, Depends(get_session)]
ConversationsDep = Annotated[ConversationService, Depends(get_conversations)]


def is_admin(request: Request) -> bool:
    expected: str = request.app.state.admin_token
    scheme, _, token = request.headers.get("authorization", "").partition(" ")
    return (
        bool(expected)  # never "no token" matching "no token"
        and scheme.lower() == "bearer"
        and secrets.compare_digest(token.strip(), expected)
    )


def require_admin(request: Request) -> None:
    if not is_admin(request):
        raise HTTPException(
            status_code=status.HTTP_401_UNAUTHORIZED,
            detail="admin API: send 'Authorization: Bearer <ADMIN_TOKEN>'",
            headers={"WWW-Authenticate": "Bearer"},
        )


AdminDep = Depends(require_admin)
