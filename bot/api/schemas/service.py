"""The service's own routes: `/health` and the engine's custom-action endpoint."""

from __future__ import annotations

from typing import Any, Literal

from bot.api.schemas.base import Out


class HealthOut(Out):
    status: Literal["ok"]
    engine: Literal["up", "down"]
    channels: list[str]


class ActionNameOut(Out):
    name: str


class ActionResultOut(Out):
    """rasa-sdk's answer to an action call: the events to apply and the bot's responses,
    in the engine's own (open) formats."""

    events: list[dict[str, Any]]
    responses: list[dict[str, Any]]
