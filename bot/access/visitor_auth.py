"""Who a website visitor is: a secret the server issued, never an id the browser made up.

`POST /api/chat/session` gives a browser a random visitor id and a token, the id signed
with a key derived from SECRET_KEY (HMAC-SHA256). Every visitor request carries the token
(`X-Visitor-Token`, or the WebSocket's first frame); the id alone proves nothing, so it may
appear in logs, the admin API or a Slack card without handing out the conversation.

A Telegram deep link (`t.me/<bot>?start=<code>`) links a chat to a web visitor only with a
link code the server gave that visitor: signed, bound to their identity, valid for minutes.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
import secrets
import struct
import time

from bot.settings import Settings

TOKEN_VERSION = "v1"
VISITOR_ID_BYTES = 16  # 128 random bits, 22 characters
MAX_VISITOR_ID = 255  # identities.external_id is a String(255)
LINK_PREFIX = "w-"  # Telegram's /start payload: at most 64 of [A-Za-z0-9_-]
LINK_TTL_SECONDS = 15 * 60
_LINK_BODY = struct.Struct(">QI")  # identity id, expiry (Unix seconds)
_LINK_MAC_BYTES = 16


def _b64(raw: bytes) -> str:
    return base64.urlsafe_b64encode(raw).rstrip(b"=").decode()


def _unb64(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


class VisitorTokens:
    """Visitor ids and their tokens: `v1.<visitor id>.<HMAC of the id>`."""

    def __init__(self, key: str) -> None:
        self._key = key.encode()

    def new_visitor(self) -> tuple[str, str]:
        """A fresh random visitor id and its token."""
        visitor = secrets.token_urlsafe(VISITOR_ID_BYTES)
        return visitor, self.token_for(visitor)

    def token_for(self, visitor: str) -> str:
        if not visitor or len(visitor) > MAX_VISITOR_ID:
            raise ValueError(f"a visitor id is 1-{MAX_VISITOR_ID} characters")
        return f"{TOKEN_VERSION}.{visitor}.{self._mac(visitor)}"

    def visitor_of(self, token: str | None) -> str | None:
        """The visitor a token was issued to, or None for a missing, forged or altered one
        (compared in constant time)."""
        if not token or len(token) > 512:
            return None
        version, _, rest = token.partition(".")
        visitor, _, mac = rest.rpartition(".")
        if version != TOKEN_VERSION or not visitor or len(visitor) > MAX_VISITOR_ID:
            return None
        if not hmac.compare_digest(mac.encode(), self._mac(visitor).encode()):
            return None
        return visitor

    def _mac(self, visitor: str) -> str:
        digest = hmac.new(self._key, f"visitor:{visitor}".encode(), hashlib.sha256).digest()
        return _b64(digest)


class LinkCodes:
    """Telegram deep-link codes: `w-` + base64url(identity id, expiry, truncated HMAC), 40
    characters of [A-Za-z0-9_-]; only the server can make one, for one web identity, and it
    stops working after `ttl` seconds."""

    def __init__(self, key: str, ttl: int = LINK_TTL_SECONDS) -> None:
        self._key = key.encode()
        self.ttl = ttl

    def code_for(self, identity_id: int, *, now: float | None = None) -> str:
        expires = int(now if now is not None else time.time()) + self.ttl
        body = _LINK_BODY.pack(identity_id, expires)
        return LINK_PREFIX + _b64(body + self._mac(body))

    def identity_of(self, code: str, *, now: float | None = None) -> int | None:
        """The web identity a code links to, or None if it is forged, altered or expired."""
        if not code.startswith(LINK_PREFIX) or len(code) > 64:
            return None
        try:
            raw = _unb64(code[len(LINK_PREFIX) :])
        except (binascii.Error, ValueError):
            return None
        if len(raw) != _LINK_BODY.size + _LINK_MAC_BYTES:
            return None
        body, mac = raw[: _LINK_BODY.size], raw[_LINK_BODY.size :]
        if not hmac.compare_digest(mac, self._mac(body)):
            return None
        identity_id, expires = _LINK_BODY.unpack(body)
        if expires < (now if now is not None else time.time()):
            return None
        return int(identity_id)

    def _mac(self, body: bytes) -> bytes:
        return hmac.new(self._key, b"telegram-link:" + body, hashlib.sha256).digest()[
            :_LINK_MAC_BYTES
        ]


class VisitorAuth:
    """Both, keyed from the server's signing key (a separate derived key for each)."""

    def __init__(self, token_key: str, link_key: str) -> None:
        self.tokens = VisitorTokens(token_key)
        self.links = LinkCodes(link_key)

    @classmethod
    def from_settings(cls, settings: Settings) -> VisitorAuth:
        return cls(
            settings.derived_secret("visitor-token"), settings.derived_secret("telegram-link")
        )
