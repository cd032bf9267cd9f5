"""A terminal chat against the running app's `/api/chat`, for trying the bot without a browser."""

from __future__ import annotations

import getpass
import sys
from typing import Any

import httpx

HELP = "Type a message; a number picks a button; /quit leaves."


def _render(messages: list[dict[str, Any]]) -> list[dict[str, Any]]:
    buttons: list[dict[str, Any]] = []
    for message in messages:
        if message.get("text"):
            print(f"bot> {message['text']}")
        for button in message.get("buttons") or []:
            buttons.append(button)
            print(f"     [{len(buttons)}] {button['title']}")
    return buttons


def run_chat(*, url: str, sender: str | None, language: str | None) -> int:
    sender = sender or f"terminal-{getpass.getuser()}"
    print(f"Chatting with {url} as '{sender}'. {HELP}")
    buttons: list[dict[str, Any]] = []
    metadata: dict[str, Any] = {"language": language} if language else {}
    with httpx.Client(base_url=url, timeout=30.0) as client:
        while True:
            try:
                text = input("you> ").strip()
            except (EOFError, KeyboardInterrupt):
                print()
                return 0
            if not text:
                continue
            if text in ("/quit", "/exit"):
                return 0
            if text.isdigit() and 1 <= int(text) <= len(buttons):
                text = buttons[int(text) - 1]["payload"]
            try:
                response = client.post(
                    "/api/chat", json={"sender": sender, "text": text, "metadata": metadata}
                )
            except httpx.HTTPError as exc:
                print(
                    f"error: cannot reach the assistant at {url} ({exc}). Is `make run` running?",
                    file=sys.stderr,
                )
                return 1
            if response.status_code != 200:
                print(f"error: {response.status_code} {response.text}", file=sys.stderr)
                continue
            buttons = _render(response.json()["messages"])
