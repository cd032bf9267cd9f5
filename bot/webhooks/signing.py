"""Signing a webhook the way Stripe does, and checking such a signature.

The header is `X-Webhook-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256>`, the HMAC keyed
with WEBHOOK_SECRET over `"<t>.<raw body>"`. `t` is the time of the attempt (a retry is
signed again, with its own time), so a receiver can refuse old or replayed requests by
checking that `t` is recent; the event's `id` stays the same on every attempt.
"""

from __future__ import annotations

import hashlib
import hmac
import time

HEADER = "X-Webhook-Signature"
DEFAULT_TOLERANCE_SECONDS = 300


def signature(secret: str, body: bytes, timestamp: int) -> str:
    """The hex HMAC-SHA256 of `"<timestamp>.<body>"`."""
    signed = str(timestamp).encode() + b"." + body
    return hmac.new(secret.encode(), signed, hashlib.sha256).hexdigest()


def signature_header(secret: str, body: bytes, timestamp: int | None = None) -> str:
    """The value of the signature header for `body`, signed now (or at `timestamp`)."""
    t = int(time.time()) if timestamp is None else timestamp
    return f"t={t},v1={signature(secret, body, t)}"


def verify(
    secret: str,
    header: str,
    body: bytes,
    *,
    tolerance: int = DEFAULT_TOLERANCE_SECONDS,
    now: float | None = None,
) -> bool:
    """Whether `header` signs `body` with `secret`, at a `t` within `tolerance` seconds of
    now. Any `v1` may match (several are sent while a secret is being rotated)."""
    timestamp: int | None = None
    candidates: list[str] = []
    for part in header.split(","):
        key, _, value = part.strip().partition("=")
        if key == "t" and value.isdigit():
            timestamp = int(value)
        elif key == "v1":
            candidates.append(value)
    if timestamp is None or not candidates:
        return False
    if abs((time.time() if now is None else now) - timestamp) > tolerance:
        return False
    expected = signature(secret, body, timestamp)
    return any(hmac.compare_digest(expected, c) for c in candidates)
