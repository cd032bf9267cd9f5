"""A CRM's webhook endpoint on 127.0.0.1, for the outbound webhook tests.

A stdlib HTTP server that records every request (headers and raw body) and checks its
signature with its own few lines of HMAC (the receiver's side as docs/crm.md shows it, not
the app's code). It can answer with an error status (`failing`), or be `down()`: its port
closed, so a connection is refused, until `up()` opens the same port again.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import threading
import time
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any


@dataclass(frozen=True)
class Received:
    headers: dict[str, str]
    body: bytes
    status: int  # what the receiver answered
    signature_ok: bool

    @property
    def event(self) -> dict[str, Any]:
        parsed: dict[str, Any] = json.loads(self.body)
        return parsed


def valid_signature(secret: str, header: str, body: bytes, tolerance: int = 300) -> bool:
    parts = dict(p.split("=", 1) for p in header.split(",") if "=" in p)
    timestamp = parts.get("t", "")
    if not timestamp.isdigit() or abs(time.time() - int(timestamp)) > tolerance:
        return False
    expected = hmac.new(secret.encode(), timestamp.encode() + b"." + body, hashlib.sha256)
    return hmac.compare_digest(expected.hexdigest(), parts.get("v1", ""))


class WebhookReceiver:
    def __init__(self, secret: str) -> None:
        self.secret = secret
        self.received: list[Received] = []
        self.failing: int | None = None  # e.g. 500, or 429 with `retry_after`
        self.retry_after: str | None = None
        self._lock = threading.Lock()
        self._server: ThreadingHTTPServer | None = None
        self._thread: threading.Thread | None = None
        self.port = 0
        self.up()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}/hooks/prospect"

    def _handler(self) -> type[BaseHTTPRequestHandler]:
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args: Any) -> None:
                pass

            def do_POST(self) -> None:
                body = self.rfile.read(int(self.headers.get("content-length") or 0))
                headers = {k.lower(): v for k, v in self.headers.items()}
                ok = valid_signature(receiver.secret, headers.get("x-webhook-signature", ""), body)
                with receiver._lock:
                    status = receiver.failing or (200 if ok else 400)
                    receiver.received.append(Received(headers, body, status, ok))
                self.send_response(status)
                if receiver.retry_after is not None and receiver.failing:
                    self.send_header("Retry-After", receiver.retry_after)
                self.send_header("content-length", "0")
                self.end_headers()

        return Handler

    def up(self) -> None:
        """Listen (again, on the same port once it had one)."""
        self._server = ThreadingHTTPServer(("127.0.0.1", self.port), self._handler())
        self.port = self._server.server_address[1]
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)
        self._thread.start()

    def down(self) -> None:
        """Close the port: connections are refused."""
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()
            self._server = None

    def __enter__(self) -> WebhookReceiver:
        return self

    def __exit__(self, *exc: object) -> None:
        self.down()

    def events(self, type: str | None = None, *, accepted: bool = True) -> list[dict[str, Any]]:
        """The events received (only those answered with a 2xx, unless `accepted=False`)."""
        with self._lock:
            return [
                r.event
                for r in self.received
                if (not accepted or 200 <= r.status < 300)
                and (type is None or r.event["type"] == type)
            ]

    def requests(self) -> list[Received]:
        with self._lock:
            return list(self.received)

    def wait_for(self, predicate: Any, timeout: float = 15.0) -> None:
        deadline = time.monotonic() + timeout
        while not predicate():
            if time.monotonic() > deadline:
                raise AssertionError(f"timed out; received {[r.event for r in self.requests()]}")
            time.sleep(0.02)
