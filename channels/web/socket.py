"""The widget's live connection: `GET /api/chat/socket` (nothing in the URL).

The first frame proves who the visitor is, within VISITOR_SOCKET_AUTH_SECONDS (5), else the
socket is closed with 1008 (policy violation) and a reason:
  {"type": "auth", "token": str, "after"?: int}   the token from POST /api/chat/session;
      `after`: the last message id the widget has (0..the id column's maximum)
Then, client → server frames (JSON text):
  {"type": "message", "text": str, "metadata": {...}}   a prospect's message
  {"type": "ping"}                                       keeps proxies from closing it
Server → client frames:
  {"type": "messages", "messages": [HistoryMessage...]}  new messages of the conversation,
      the prospect's own included (with the `client_id` the widget gave them), the bot's
      replies and a rep's messages during a takeover, oldest first, each sent once
  {"type": "typing"}                                      the assistant is working on a reply
  {"type": "error", "error": str, "retry_after"?: int}    the message was refused; the socket
      stays open

The socket only notifies: every message is in the database first, so a client that missed
something catches up with `after` when it reconnects (or through `GET /api/chat/history`).
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
from typing import Any

from fastapi import APIRouter, HTTPException, WebSocket, WebSocketDisconnect, status

from bot.access.visitor_auth import VisitorAuth
from bot.api.limits import small_metadata, storable
from bot.conversations.messages import InboundMessage
from bot.db.models import MAX_ROW_ID
from bot.errors import RateLimited
from bot.services import services_of
from channels.errors import Refused
from channels.web.chat import check_length, messages_after, visitor_conversation

log = logging.getLogger(__name__)
router = APIRouter(tags=["web"])

MAX_FRAME = 64 * 1024


def authenticate(raw: str, auth: VisitorAuth) -> tuple[str, int]:
    """(visitor, after) from the first frame, or Refused with a reason under 123 bytes."""
    try:
        frame = json.loads(raw) if len(raw) <= MAX_FRAME else None
    except (ValueError, RecursionError):
        frame = None
    if not isinstance(frame, dict) or frame.get("type") != "auth":
        raise Refused('the first frame must be {"type": "auth", "token": ...}')
    token = frame.get("token")
    visitor = auth.tokens.visitor_of(token) if isinstance(token, str) else None
    if visitor is None:
        raise Refused("visitor token missing or not valid: POST /api/chat/session for one")
    after = frame.get("after", 0)
    if type(after) is not int or not 0 <= after <= MAX_ROW_ID:
        raise Refused(f"after must be an integer from 0 to {MAX_ROW_ID}")
    return visitor, after


class _Session:
    """One open socket: what it has sent, and the conversation it watches."""

    def __init__(self, websocket: WebSocket, sender: str, after: int) -> None:
        services = services_of(websocket.app.state)
        self.ws = websocket
        self.sender = sender
        self.cursor = after
        self.sessions = services.sessions
        self.hub = services.live
        self.guard = services.guard
        self.settings = services.settings
        self.conversations = services.conversations
        self.conversation_id: int | None = None
        self.changed = asyncio.Event()  # set by the hub when the conversation has news
        self._lock = asyncio.Lock()

    def watch(self, conversation_id: int) -> None:
        if self.conversation_id == conversation_id:
            return
        self.unwatch()
        self.conversation_id = conversation_id
        self.hub.watch(conversation_id, self.changed)

    def unwatch(self) -> None:
        if self.conversation_id is not None:
            self.hub.unwatch(self.conversation_id, self.changed)

    async def push_new(self) -> None:
        """Send every message above the cursor (one sender at a time, so each goes once)."""
        async with self._lock:
            async with self.sessions() as session:
                if self.conversation_id is None:
                    conversation = await visitor_conversation(session, self.sender)
                    if conversation is None:
                        return
                    self.watch(conversation.id)
                assert self.conversation_id is not None
                new = await messages_after(session, self.conversation_id, self.cursor)
            if new:
                self.cursor = new[-1].id
                await self.ws.send_json(
                    {"type": "messages", "messages": [m.model_dump() for m in new]}
                )

    async def send_error(self, error: str, retry_after: int | None = None) -> None:
        frame: dict[str, Any] = {"type": "error", "error": error}
        if retry_after is not None:
            frame["retry_after"] = retry_after
        await self.ws.send_json(frame)

    async def handle_frame(self, raw: str) -> None:
        if len(raw) > MAX_FRAME:
            await self.send_error(f"frame over {MAX_FRAME} bytes")
            return
        try:
            frame = json.loads(raw)
        except (ValueError, RecursionError):
            await self.send_error("frames are JSON objects")
            return
        if not isinstance(frame, dict) or frame.get("type") not in {"message", "ping"}:
            await self.send_error('expected {"type": "message", "text": ...}')
            return
        if frame["type"] == "ping":
            return
        text, metadata = frame.get("text"), frame.get("metadata") or {}
        if not isinstance(text, str) or not text.strip() or not isinstance(metadata, dict):
            await self.send_error("text must be a non-empty string, metadata an object")
            return
        try:
            storable(text)
            small_metadata(metadata)
        except ValueError as exc:
            await self.send_error(f"text or metadata {exc}")
            return
        try:
            check_length(text.strip(), self.settings)
            client = self.ws.client
            self.guard.check_rate(visitor=self.sender, ip=client.host if client else None)
        except RateLimited as exc:
            await self.send_error(str(exc), retry_after=exc.seconds)
            return
        except HTTPException as exc:
            await self.send_error(str(exc.detail))
            return
        await self.ws.send_json({"type": "typing"})
        try:
            result = await self.conversations.handle(
                InboundMessage(
                    channel="web", external_id=self.sender, text=text.strip(), metadata=metadata
                )
            )
        except Exception:
            log.exception("widget message from %s could not be handled", self.sender)
            await self.send_error("the message could not be handled; please try again")
            return
        self.watch(result.conversation_id)
        await self.push_new()


async def _pusher(live: _Session) -> None:
    while True:
        await live.changed.wait()
        live.changed.clear()
        await live.push_new()


@router.websocket("/api/chat/socket")
async def chat_socket(websocket: WebSocket) -> None:
    services = services_of(websocket.app.state)
    guard = services.guard
    if not guard.origin_allowed(websocket.headers, websocket.url):
        await websocket.close(status.WS_1008_POLICY_VIOLATION, "origin not allowed")
        return
    client = websocket.client
    try:
        guard.check_rate(visitor=None, ip=client.host if client else None)
    except RateLimited:
        await websocket.close(status.WS_1013_TRY_AGAIN_LATER, "too many connections")
        return
    await websocket.accept()
    timeout = services.settings.visitor_socket_auth_seconds
    try:
        async with asyncio.timeout(timeout):  # not wait_for: on 3.11 it can swallow a cancel
            raw = await websocket.receive_text()
        sender, after = authenticate(raw, services.visitor_auth)
    except TimeoutError:
        await websocket.close(status.WS_1008_POLICY_VIOLATION, f"no auth frame in {timeout:g} s")
        return
    except Refused as exc:
        await websocket.close(status.WS_1008_POLICY_VIOLATION, str(exc))
        return
    except (WebSocketDisconnect, KeyError):  # gone, or a binary first frame
        with contextlib.suppress(Exception):
            await websocket.close(status.WS_1008_POLICY_VIOLATION, "the first frame is text")
        return
    live = _Session(websocket, sender, after)
    pusher = asyncio.create_task(_pusher(live), name=f"widget-push-{sender[:16]}")
    try:
        await live.push_new()  # what happened while the visitor was away
        while True:
            await live.handle_frame(await websocket.receive_text())
    except WebSocketDisconnect:
        pass
    finally:
        pusher.cancel()
        with contextlib.suppress(asyncio.CancelledError, Exception):
            await pusher
        live.unwatch()
