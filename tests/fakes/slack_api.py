"""A local fake of Slack's Web API for the real slack_sdk client (`SLACK_API_URL`).

Like slack-bolt's own tests: a stdlib HTTP server on 127.0.0.1 that records every call and
answers what our app uses (auth.test, chat.postMessage, chat.update, chat.delete,
conversations.history, users.info). It can be made to fail: HTTP 500s, or 429s with
Retry-After, for the outage tests.
"""

from __future__ import annotations

import json
import threading
import time
from collections import Counter
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, urlparse


class FakeSlack:
    def __init__(self) -> None:
        self.calls: list[tuple[str, dict[str, Any]]] = []
        self.messages: list[dict[str, Any]] = []  # what chat.postMessage created
        self.failing: int | None = None  # HTTP status to answer with, e.g. 500 or 429
        self.retry_after = 1
        self.refused: Counter[str] = Counter()
        self._lock = threading.Lock()
        self._ts = 1_700_000_000.0
        fake = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args: Any) -> None:
                pass

            def _params(self) -> dict[str, Any]:
                query = {k: v[0] for k, v in parse_qs(urlparse(self.path).query).items()}
                length = int(self.headers.get("content-length") or 0)
                raw = self.rfile.read(length).decode() if length else ""
                if raw and "json" in (self.headers.get("content-type") or ""):
                    query.update(json.loads(raw))
                elif raw:
                    query.update({k: v[0] for k, v in parse_qs(raw).items()})
                return query

            def _answer(self, status: int, body: dict[str, Any], headers: dict[str, str]) -> None:
                data = json.dumps(body).encode()
                self.send_response(status)
                self.send_header("content-type", "application/json")
                self.send_header("content-length", str(len(data)))
                for k, v in headers.items():
                    self.send_header(k, v)
                self.end_headers()
                self.wfile.write(data)

            def do_GET(self) -> None:
                self.do_POST()

            def do_POST(self) -> None:
                method = urlparse(self.path).path.rsplit("/", 1)[-1]
                params = self._params()
                status, body, headers = fake.handle(method, params)
                self._answer(status, body, headers)

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/api/"
        self._thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def __enter__(self) -> FakeSlack:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.server.shutdown()
        self.server.server_close()

    def handle(
        self, method: str, params: dict[str, Any]
    ) -> tuple[int, dict[str, Any], dict[str, str]]:
        with self._lock:
            if self.failing is not None and method != "auth.test":
                self.refused[method] += 1
                if self.failing == 429:
                    return (
                        429,
                        {"ok": False, "error": "ratelimited"},
                        {"Retry-After": str(self.retry_after)},
                    )
                return self.failing, {"ok": False, "error": "internal_error"}, {}
            self.calls.append((method, params))
            if method == "auth.test":
                return 200, {"ok": True, "user_id": "UBOT", "bot_id": "BBOT", "team_id": "T1"}, {}
            if method == "chat.postMessage":
                self._ts += 1
                message = {**params, "ts": f"{self._ts:.6f}", "received_at": time.perf_counter()}
                self.messages.append(message)
                return 200, {"ok": True, "channel": params.get("channel"), "ts": message["ts"]}, {}
            if method == "chat.delete":
                before = len(self.messages)
                self.messages = [m for m in self.messages if m.get("ts") != params.get("ts")]
                if len(self.messages) == before:
                    return 200, {"ok": False, "error": "message_not_found"}, {}
                return (
                    200,
                    {"ok": True, "channel": params.get("channel"), "ts": params.get("ts")},
                    {},
                )
            if method == "chat.update":
                return (
                    200,
                    {"ok": True, "channel": params.get("channel"), "ts": params.get("ts")},
                    {},
                )
            if method == "conversations.history":
                found = [
                    m
                    for m in self.messages
                    if m.get("channel") == params.get("channel") and not m.get("thread_ts")
                ]
                if str(params.get("include_all_metadata")).lower() not in ("1", "true"):
                    found = [{k: v for k, v in m.items() if k != "metadata"} for m in found]
                return 200, {"ok": True, "messages": found[::-1]}, {}
            if method == "users.info":
                user = params.get("user")
                return (
                    200,
                    {
                        "ok": True,
                        "user": {
                            "id": user,
                            "profile": {"display_name": f"rep-{user}", "real_name": f"Rep {user}"},
                        },
                    },
                    {},
                )
            return 200, {"ok": False, "error": "unknown_method"}, {}

    def count(self, method: str) -> int:
        with self._lock:
            return sum(1 for m, _ in self.calls if m == method)

    def posted(self, *, thread: bool | None = None) -> list[dict[str, Any]]:
        with self._lock:
            return [
                m for m in self.messages if thread is None or bool(m.get("thread_ts")) == thread
            ]

    def wait_for(self, predicate: Any, timeout: float = 10.0) -> None:
        """Block until `predicate()` holds (the relay works in the app's own thread)."""
        deadline = time.monotonic() + timeout
        while not predicate():
            if time.monotonic() > deadline:
                raise AssertionError(f"timed out; calls so far: {[m for m, _ in self.calls]}")
            time.sleep(0.02)
