"""A terminal chat against the running app's `/api/chat`, for trying the bot without a browser."""

from __future__ import annotations

import sys
from typing import Any

import httpx

from bot.errors import SessionRefused

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


def open_session(client: httpx.Client, sender: str | None, admin_token: str | None) -> str:
    """A visitor token: for a new random visitor, or, with the admin token, for the visitor
    id `sender` (the same conversation on every run)."""
    if sender:
        response = client.post(
            "/api/chat/session",
            json={"visitor": sender},
            headers={"Authorization": f"Bearer {admin_token or ''}"},
        )
    else:
        response = client.post("/api/chat/session")
    if response.status_code != 200:
        hint = " (--sender needs this server's ADMIN_TOKEN)" if sender else ""
        raise SessionRefused(f"{response.status_code} {response.text}{hint}")
    token: str = response.json()["token"]
    print(f"Chatting with {client.base_url} as visitor '{response.json()['visitor']}'. {HELP}")
    return token


def run_chat(
    *, url: str, sender: str | None, language: str | None, admin_token: str | None = None
) -> int:
    buttons: list[dict[str, Any]] = []
    metadata: dict[str, Any] = {"language": language} if language else {}
    with httpx.Client(base_url=url, timeout=30.0) as client:
        try:
            token = open_session(client, sender, admin_token)
        except httpx.HTTPError as exc:
            print(
                f"error: cannot reach the assistant at {url} ({exc}). Is `make run` running?",
                file=sys.stderr,
            )
            return 1
        except SessionRefused as exc:
            print(f"error: no visitor session: {exc}", file=sys.stderr)
            return 1
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
                    "/api/chat",
                    json={"text": text, "metadata": metadata},
                    headers={"X-Visitor-Token": token},
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
