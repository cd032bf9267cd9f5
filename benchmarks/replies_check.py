"""Before `make bench` measures anything: do ours and the fair baseline answer the same
conversations with the same replies? One English and one French conversation (the load's
own scripts), each through a new visitor on both, message by message: the reply language
the gateway reports, every reply's text and its buttons. `rasa init`'s reference is played
too, for the record (it has no action server and no language slot logic of its own, so
it differs; that is what it is).
"""

from __future__ import annotations

from typing import Any

import httpx

from benchmarks.chat_latency import visitor_session

Reply = tuple[str, tuple[tuple[str, str], ...]]  # text, buttons (title, payload)


def _replies(messages: list[dict[str, Any]]) -> list[Reply]:
    return [
        (
            str(m.get("text") or ""),
            tuple((str(b.get("title")), str(b.get("payload"))) for b in m.get("buttons") or []),
        )
        for m in messages
    ]


def play(url: str, script: list[str], *, gateway: bool, sender: str) -> list[Any]:
    """Each message's answer: (language, replies) through the gateway, the replies alone
    through a bare REST channel."""
    answers: list[Any] = []
    with httpx.Client(timeout=60) as client:
        headers = visitor_session(client.post(f"{url}/api/chat/session")) if gateway else {}
        for text in script:
            if gateway:
                response = client.post(
                    f"{url}/api/chat", headers=headers, json={"sender": sender, "text": text}
                )
                response.raise_for_status()
                body = response.json()
                answers.append((body["language"], _replies(body["messages"])))
            else:
                response = client.post(
                    f"{url}/webhooks/rest/webhook", json={"sender": sender, "message": text}
                )
                response.raise_for_status()
                answers.append(_replies(response.json()))
    return answers


def check(urls: dict[str, str], conversations: dict[str, list[str]], stamp: str) -> dict[str, Any]:
    """Play every conversation on ours, the fair baseline and the reference; count the
    messages whose answers are identical to ours. Prints the check and the first
    difference; `same` is True when the fair baseline matched every message."""
    counts = {"stock": 0, "init": 0}
    first_difference: dict[str, Any] = {}
    total = 0
    for language, script in conversations.items():
        sender = f"check-{stamp}-{language}"
        ours = play(urls["ours"], script, gateway=True, sender=sender)
        stock = play(urls["stock"], script, gateway=True, sender=sender)
        init = play(urls["init"], script, gateway=False, sender=sender)
        for i, text in enumerate(script):
            total += 1
            counts["stock"] += ours[i] == stock[i]
            counts["init"] += ours[i][1] == init[i]
            if ours[i] != stock[i] and not first_difference:
                first_difference = {"message": text, "ours": ours[i], "stock": stock[i]}
    result = {
        "messages": total,
        "same_as_ours": counts,
        "languages": sorted(conversations),
        "same": counts["stock"] == total,
        "first_difference": first_difference,
    }
    verdict = "PASS" if result["same"] else "FAIL"
    print(
        f"replies check ({', '.join(sorted(conversations))}): the fair baseline gave the same "
        f"language and replies as ours for {counts['stock']}/{total} messages: {verdict}; "
        f"rasa init reference: {counts['init']}/{total} the same replies",
        flush=True,
    )
    if first_difference:
        print(f"  first difference: {first_difference}", flush=True)
    return result
