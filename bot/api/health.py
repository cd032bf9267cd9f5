"""Liveness and readiness."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request

router = APIRouter(tags=["health"])


@router.get("/health", summary="The app is up; says whether the engine answers")
async def health(request: Request) -> dict[str, Any]:
    engine_ready = await request.app.state.engine.is_ready()
    return {
        "status": "ok",
        "engine": "up" if engine_ready else "down",
        "channels": request.app.state.channel_names,
    }
