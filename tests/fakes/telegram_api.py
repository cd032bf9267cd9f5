"""A local fake of Telegram's Bot API for the real python-telegram-bot client
(`TELEGRAM_API_URL`).

A stdlib HTTP server on 127.0.0.1 answering `/bot<token>/<method>`: getMe, getUpdates (from
a queue the test fills, long-polled briefly), setWebhook, deleteWebhook, getWebhookInfo,
sendMessage, answerCallbackQuery, setMyCommands, close. `sendMessage` can be made to answer
429 (flood control, with retry_after) a number of times, or 403 for a chat that blocked the
bot. Every call is recorded.
"""

from __future__ import annotations

import itertools
import json
import threading
import time
import urllib.request
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, urlparse

BOT_ID = 777000111


def _value(raw: str) -> Any:
    """python-telegram-bot form-encodes parameters, JSON-encoding the structured ones."""
    try:
        return json.loads(raw)
    except ValueError:
        return raw


class FakeTelegram:
    def __init__(self, token: str = "123456:TEST-token") -> None:
        self.token = token
        self.calls: list[tuple[str, dict[str, Any]]] = []
        self.sent: list[dict[str, Any]] = []  # sendMessage calls that succeeded
        self.updates: list[dict[str, Any]] = []  # what getUpdates hands out
        self.webhook: dict[str, Any] = {}
        self.flood: int = 0  # answer this many sendMessage calls with 429
        self.retry_after = 1
        self.blocked: set[int] = set()  # chats that blocked the bot (403)
        self._lock = threading.Lock()
        self._ids = itertools.count(1)
        self._update_ids = itertools.count(5000)
        fake = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args: Any) -> None:
                pass

            def do_POST(self) -> None:
                parts = urlparse(self.path).path.strip("/").split("/")
                if len(parts) != 2 or parts[0] != f"bot{fake.token}":
                    self._answer(404, {"ok": False, "error_code": 404, "description": "Not Found"})
                    return
                length = int(self.headers.get("content-length") or 0)
                raw = self.rfile.read(length).decode() if length else ""
                if "json" in (self.headers.get("content-type") or ""):
                    params = json.loads(raw or "{}")
                else:
                    params = {k: _value(v[0]) for k, v in parse_qs(raw).items()}
                status, body = fake.handle(parts[1], params)
                self._answer(status, body)

            do_GET = do_POST

            def _answer(self, status: int, body: dict[str, Any]) -> None:
                data = json.dumps(body).encode()
                self.send_response(status)
                self.send_header("content-type", "application/json")
                self.send_header("content-length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        self._thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def __enter__(self) -> FakeTelegram:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.server.shutdown()
        self.server.server_close()

    # ---- what the bot calls ----

    def handle(self, method: str, params: dict[str, Any]) -> tuple[int, dict[str, Any]]:
        if method == "getUpdates":
            return self._get_updates(params)
        with self._lock:
            self.calls.append((method, params))
            if method == "getMe":
                return 200, ok(
                    {
                        "id": BOT_ID,
                        "is_bot": True,
                        "first_name": "Orbitly",
                        "username": "orbitly_test_bot",
                        "can_join_groups": False,
                        "can_read_all_group_messages": False,
                        "supports_inline_queries": False,
                    }
                )
            if method == "sendMessage":
                return self._send_message(params)
            if method == "setWebhook":
                self.webhook = dict(params)
                return 200, ok(True)
            if method == "deleteWebhook":
                self.webhook = {}
                return 200, ok(True)
            if method == "getWebhookInfo":
                return 200, ok(
                    {
                        "url": self.webhook.get("url", ""),
                        "has_custom_certificate": False,
                        "pending_update_count": 0,
                    }
                )
            if method in {
                "answerCallbackQuery",
                "setMyCommands",
                "close",
                "logOut",
                "editMessageReplyMarkup",
            }:
                return 200, ok(True)
            return 400, {"ok": False, "error_code": 400, "description": f"unknown {method}"}

    def _send_message(self, params: dict[str, Any]) -> tuple[int, dict[str, Any]]:
        chat_id = int(params["chat_id"])
        if chat_id in self.blocked:
            return 403, {
                "ok": False,
                "error_code": 403,
                "description": "Forbidden: bot was blocked by the user",
            }
        if self.flood > 0:
            self.flood -= 1
            return 429, {
                "ok": False,
                "error_code": 429,
                "description": f"Too Many Requests: retry after {self.retry_after}",
                "parameters": {"retry_after": self.retry_after},
            }
        message = {
            "message_id": next(self._ids),
            "date": int(time.time()),
            "chat": {"id": chat_id, "type": "private"},
            "text": params.get("text", ""),
            "from": {"id": BOT_ID, "is_bot": True, "first_name": "Orbitly"},
        }
        self.sent.append({**params, "chat_id": chat_id})
        return 200, ok(message)

    def _get_updates(self, params: dict[str, Any]) -> tuple[int, dict[str, Any]]:
        offset = int(params.get("offset") or 0)
        deadline = time.monotonic() + min(float(params.get("timeout") or 0), 0.3)
        while True:
            with self._lock:
                self.updates = [u for u in self.updates if u["update_id"] >= offset]
                if self.updates or time.monotonic() >= deadline:
                    return 200, ok(list(self.updates))
            time.sleep(0.02)

    # ---- what tests use ----

    def queue(self, update: dict[str, Any]) -> dict[str, Any]:
        """Deliver an update as Telegram would: to the webhook when one is set (with its
        secret token, retried like Telegram on an error), else through getUpdates."""
        with self._lock:
            webhook = dict(self.webhook)
            if not webhook.get("url"):
                self.updates.append(update)
                return update
        headers = {"Content-Type": "application/json"}
        if webhook.get("secret_token"):
            headers["X-Telegram-Bot-Api-Secret-Token"] = str(webhook["secret_token"])
        threading.Thread(
            target=self._post, args=(webhook["url"], update, headers), daemon=True
        ).start()
        return update

    def _post(self, url: str, update: dict[str, Any], headers: dict[str, str]) -> None:
        body = json.dumps(update).encode()
        for _ in range(10):
            request = urllib.request.Request(url, data=body, headers=headers, method="POST")
            try:
                with urllib.request.urlopen(request, timeout=60) as response:
                    if response.status == 200:
                        return
            except OSError:
                pass
            time.sleep(0.5)

    def new_update_id(self) -> int:
        return next(self._update_ids)

    def count(self, method: str) -> int:
        with self._lock:
            return sum(1 for m, _ in self.calls if m == method)

    def messages_to(self, chat_id: int) -> list[dict[str, Any]]:
        with self._lock:
            return [m for m in self.sent if m["chat_id"] == chat_id]

    def wait_for(self, predicate: Any, timeout: float = 10.0) -> None:
        deadline = time.monotonic() + timeout
        while not predicate():
            if time.monotonic() > deadline:
                raise AssertionError(f"timed out; calls so far: {[m for m, _ in self.calls][-20:]}")
            time.sleep(0.02)


def ok(result: Any) -> dict[str, Any]:
    return {"ok": True, "result": result}


def user(user_id: int, language: str = "en", first_name: str = "Ana") -> dict[str, Any]:
    return {"id": user_id, "is_bot": False, "first_name": first_name, "language_code": language}


def message_update(
    update_id: int,
    chat_id: int,
    text: str | None = None,
    *,
    language: str = "en",
    message_id: int = 1,
    **extra: Any,
) -> dict[str, Any]:
    message: dict[str, Any] = {
        "message_id": message_id,
        "date": int(time.time()),
        "chat": {"id": chat_id, "type": "private", "first_name": "Ana"},
        "from": user(chat_id, language),
        **extra,
    }
    if text is not None:
        message["text"] = text
        if text.startswith("/"):
            command = text.split()[0]
            message["entities"] = [{"type": "bot_command", "offset": 0, "length": len(command)}]
    return {"update_id": update_id, "message": message}


def callback_update(
    update_id: int, chat_id: int, data: str, *, language: str = "en"
) -> dict[str, Any]:
    return {
        "update_id": update_id,
        "callback_query": {
            "id": f"cb{update_id}",
            "from": user(chat_id, language),
            "chat_instance": "ci",
            "data": data,
            "message": {
                "message_id": 99,
                "date": int(time.time()),
                "chat": {"id": chat_id, "type": "private"},
                "text": "buttons",
                "from": {"id": BOT_ID, "is_bot": True, "first_name": "Orbitly"},
            },
        },
    }
