"""The website channel: the widget (`/widget.js`), its live socket and HTTP chat API, and the
demo company's site."""

from bot.plugins import ChannelPlugin
from channels.web.chat import router
from channels.web.site import router as assets
from channels.web.site import site_router
from channels.web.socket import router as socket

plugin = ChannelPlugin(name="web", routers=[router, socket, assets, site_router()])

__all__ = ["plugin", "router"]
