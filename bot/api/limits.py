"""Input the app refuses before it reaches a handler: bodies over a size limit (413), and
strings that no database can store (NUL characters, lone surrogates)."""

from __future__ import annotations

import json
from typing import Annotated, Any

from annotated_types import Ge, Le
from fastapi import HTTPException
from pydantic import AfterValidator
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from bot.db.models import MAX_ROW_ID

MAX_METADATA_BYTES = 8_192
MAX_METADATA_DEPTH = 6


def storable(value: str) -> str:
    """Text PostgreSQL and SQLite can both keep: no NUL, no lone UTF-16 surrogates."""
    if "\x00" in value:
        raise ValueError("must not contain NUL characters")
    try:
        value.encode("utf-8")
    except UnicodeEncodeError as exc:
        raise ValueError("is not valid Unicode (a lone surrogate)") from exc
    return value


StorableStr = Annotated[str, AfterValidator(storable)]


def _depth(value: Any, level: int = 0) -> int:
    if isinstance(value, dict):
        return max([_depth(v, level + 1) for v in value.values()] or [level + 1])
    if isinstance(value, list):
        return max([_depth(v, level + 1) for v in value] or [level + 1])
    return level


def small_metadata(value: dict[str, Any]) -> dict[str, Any]:
    if _depth(value) > MAX_METADATA_DEPTH:
        raise ValueError(f"is nested more than {MAX_METADATA_DEPTH} levels deep")
    try:
        encoded = json.dumps(value, ensure_ascii=False).encode("utf-8")
    except UnicodeEncodeError as exc:
        raise ValueError("is not valid Unicode (a lone surrogate)") from exc
    if b"\\u0000" in encoded or b"\x00" in encoded:
        raise ValueError("must not contain NUL characters")
    if len(encoded) > MAX_METADATA_BYTES:
        raise ValueError(f"is over {MAX_METADATA_BYTES} bytes")
    return value


Metadata = Annotated[dict[str, Any], AfterValidator(small_metadata)]


class BodySizeLimit:
    """ASGI middleware: 413 for a request body over `max_bytes`, by its Content-Length or
    while it streams in, before the app reads it all into memory."""

    def __init__(self, app: ASGIApp, max_bytes: int) -> None:
        self.app = app
        self.max_bytes = max_bytes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        headers = dict(scope.get("headers") or [])
        length = headers.get(b"content-length")
        if length is not None and length.isdigit() and int(length) > self.max_bytes:
            await self._refuse(send)
            return
        seen = 0

        async def limited() -> Message:
            nonlocal seen
            message = await receive()
            if message["type"] == "http.request":
                seen += len(message.get("body", b""))
                if seen > self.max_bytes:
                    raise BodyTooLarge(self.max_bytes)
            return message

        try:
            await self.app(scope, limited, send)
        except BodyTooLarge:
            await self._refuse(send)

    async def _refuse(self, send: Send) -> None:
        body = json.dumps({"error": f"request body over {self.max_bytes} bytes"}).encode()
        await send(
            {
                "type": "http.response.start",
                "status": 413,
                "headers": [
                    (b"content-type", b"application/json"),
                    (b"content-length", str(len(body)).encode()),
                ],
            }
        )
        await send({"type": "http.response.body", "body": body})


class BodyTooLarge(HTTPException):
    """An HTTPException, so FastAPI's body parsing lets it through as the 413 it is."""

    def __init__(self, max_bytes: int) -> None:
        super().__init__(413, f"request body over {max_bytes} bytes")


# An id outside 1..MAX_ROW_ID (bot/db/models.py) names no row: refused as a 422, published
# in the OpenAPI schema, before it reaches the database, where it overflows (a 500).
RowId = Annotated[int, Ge(1), Le(MAX_ROW_ID)]
