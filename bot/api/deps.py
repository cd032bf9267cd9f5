"""FastAPI dependencies shared by the routers."""

from __future__ import annotations

import secrets
from collections.abc import AsyncIterator
from typing import Annotated

from fastapi import Depends, HTTPException, Request, status
from sqlalchemy.ext.asyncio import AsyncSession

from bot.conversations.service import ConversationService
from bot.leads.scoring import LeadScorer
from bot.services import Services, services_of
from bot.settings import Settings


def get_services(request: Request) -> Services:
    return services_of(request.app.state)


ServicesDep = Annotated[Services, Depends(get_services)]


def get_settings_dep(services: ServicesDep) -> Settings:
    return services.settings


async def get_session(services: ServicesDep) -> AsyncIterator[AsyncSession]:
    async with services.sessions() as session:
        yield session


def get_conversations(services: ServicesDep) -> ConversationService:
    return services.conversations


def get_scorer(services: ServicesDep) -> LeadScorer:
    return services.scorer


SettingsDep = Annotated[Settings, Depends(get_settings_dep)]
ScorerDep = Annotated[LeadScorer, Depends(get_scorer)]
SessionDep = Annotated[AsyncSession, Depends(get_session)]
ConversationsDep = Annotated[ConversationService, Depends(get_conversations)]


def bearer_matches(request: Request, expected: str) -> bool:
    """The request carries `Authorization: Bearer <expected>` (compared in constant time);
    never true when nothing is expected."""
    scheme, _, token = request.headers.get("authorization", "").partition(" ")
    return (
        bool(expected)  # never "no token" matching "no token"
        and scheme.lower() == "bearer"
        and secrets.compare_digest(token.strip().encode(), expected.encode())
    )


def is_admin(request: Request) -> bool:
    return bearer_matches(request, services_of(request.app.state).admin_token)


def require_admin(request: Request) -> None:
    if not is_admin(request):
        raise HTTPException(
            status_code=status.HTTP_401_UNAUTHORIZED,
            detail="admin API: send 'Authorization: Bearer <ADMIN_TOKEN>'",
            headers={"WWW-Authenticate": "Bearer"},
        )


AdminDep = Depends(require_admin)
