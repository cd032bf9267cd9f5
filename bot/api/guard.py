"""The widget guard (bot/access/widget_guard.py) as FastAPI dependencies."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Request

from bot.access.widget_guard import WidgetGuard
from bot.api.deps import ServicesDep


def get_guard(services: ServicesDep) -> WidgetGuard:
    return services.guard


def check_origin(request: Request, guard: Annotated[WidgetGuard, Depends(get_guard)]) -> None:
    guard.check_origin(request.headers, request.url)


GuardDep = Annotated[WidgetGuard, Depends(get_guard)]
OriginDep = Depends(check_origin)


def client_ip(request: Request) -> str | None:
    return request.client.host if request.client else None
