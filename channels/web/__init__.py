"""The website channel: the synchronous chat API (`POST /api/chat`)."""

from bot.plugins import ChannelPlugin
from channels.web.chat import router

plugin = ChannelPlugin(name="web", routers=[router])

__all__ = ["plugin", "router"]
