"""Liveness and readiness."""

from __future__ import annotations

from fastapi import APIRouter, Request

from bot.api.schemas.service import HealthOut
from bot.services import services_of

router = APIRouter(tags=["health"])


@router.get("/health", summary="The app is up; says whether the engine answers")
async def health(request: Request) -> HealthOut:
    engine_ready = await services_of(request.app.state).engine.is_ready()
    return HealthOut(
        status="ok",
        engine="up" if engine_ready else "down",
        channels=services_of(request.app.state).channel_names,
    )
