"""How channels plug into the app without `bot` importing them.

A channel package exposes a `ChannelPlugin` and declares it in the
`prospect.channels` entry-point group (see pyproject.toml).
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from importlib.metadata import entry_points

from fastapi import APIRouter

from bot.services import ChannelLifespan

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class ChannelPlugin:
    """A channel: its HTTP routes, and what it starts and stops with the app (a bot client,
    a poller, an outbox sender), given the app's services."""

    name: str
    routers: list[APIRouter] = field(default_factory=list)
    lifespan: ChannelLifespan | None = None


def discover_channels() -> list[ChannelPlugin]:
    plugins: list[ChannelPlugin] = []
    for ep in entry_points(group="prospect.channels"):
        plugin = ep.load()
        if not isinstance(plugin, ChannelPlugin):
            raise TypeError(f"entry point {ep.name!r} is not a ChannelPlugin: {plugin!r}")
        plugins.append(plugin)
    return sorted(plugins, key=lambda p: p.name)
