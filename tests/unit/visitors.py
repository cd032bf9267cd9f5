"""Visitor tokens for tests: the header a widget sends for a visitor id of the test's choosing
(the server signs ids it issued; a test names its visitors to keep assertions readable)."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from fastapi.testclient import TestClient
from starlette.testclient import WebSocketTestSession

from bot.access.visitor_auth import VisitorAuth
from bot.api.visitor import TOKEN_HEADER
from bot.services import services_of


def token(client: TestClient, visitor: str) -> str:
    state = services_of(getattr(client, "app_state", None) or client.app.state)  # type: ignore[attr-defined]
    settings = state.settings
    return VisitorAuth.from_settings(settings).tokens.token_for(visitor)


def as_visitor(client: TestClient, visitor: str) -> dict[str, str]:
    """Headers of the visitor's requests: `X-Visitor-Token`."""
    return {TOKEN_HEADER: token(client, visitor)}


@contextmanager
def visitor_socket(
    client: TestClient, visitor: str, after: int = 0, **kwargs: Any
) -> Iterator[WebSocketTestSession]:
    """The widget's socket for `visitor`: connected, and authenticated by its first frame."""
    with client.websocket_connect("/api/chat/socket", **kwargs) as ws:
        ws.send_json({"type": "auth", "token": token(client, visitor), "after": after})
        yield ws
