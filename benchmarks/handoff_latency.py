"""Handoff latency: from the prospect's message that makes a lead hot to the card arriving
at the (fake) Slack Web API, p50/p95.

Starts the whole assistant (`prospect run`: engine + app) with Slack pointed at a local fake
Web API, plays qualification conversations in French and English whose last message (the
consent that identifies the lead) makes it SDR-ready, and times that message against the
arrival of its card. The same run prints the chat reply time of that message for scale.

    .venv/bin/python benchmarks/handoff_latency.py [--leads 20]
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmarks.chat_latency import pct, running_assistant, visitor_session  # noqa: E402
from tests.fakes.slack_api import FakeSlack  # noqa: E402

SCRIPTS = {
    "en": [
        "We waste hours every week qualifying leads by hand",
        "CTO at Acme{i}, 200 people, budget 50k per year, need it in 2 months",
        "lead{i}@acme{i}.io",
        "yes",
    ],
    "fr": [
        "Nous cherchons à automatiser nos relances par email",
        "Je suis directrice marketing chez Verdane{i}, 150 salariés, budget 40k€ par an, "
        "d'ici deux mois",
        "contact{i}@verdane{i}.fr",
        "oui",
    ],
}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--leads", type=int, default=20, help="hot leads (half per language)")
    args = parser.parse_args()
    slack_env = {
        "SLACK_BOT_TOKEN": "xoxb-bench",
        "SLACK_SIGNING_SECRET": "bench",
        "SLACK_HANDOFF_CHANNEL": "CBENCH",
    }
    with (
        FakeSlack() as slack,
        running_assistant(ROOT, **slack_env, SLACK_API_URL=slack.url) as (
            _run,
            app,
            _engine,
        ),
    ):
        to_card: list[float] = []
        reply: list[float] = []
        missing = 0
        with httpx.Client(timeout=30) as client:
            for i in range(args.leads):
                lang = "en" if i % 2 == 0 else "fr"
                sender = f"bench-hot-{i}"
                *warmup, hot = [t.format(i=i) for t in SCRIPTS[lang]]
                visitor = visitor_session(client.post(f"{app}/api/chat/session"))
                for text in warmup:
                    client.post(
                        f"{app}/api/chat", json={"sender": sender, "text": text}, headers=visitor
                    )
                before = len(slack.posted(thread=False))
                t0 = time.perf_counter()
                client.post(
                    f"{app}/api/chat", json={"sender": sender, "text": hot}, headers=visitor
                )
                reply.append((time.perf_counter() - t0) * 1000)
                try:
                    slack.wait_for(lambda b=before: len(slack.posted(thread=False)) > b, 10)
                except AssertionError:
                    missing += 1
                    continue
                card = slack.posted(thread=False)[-1]
                to_card.append((float(str(card["received_at"])) - t0) * 1000)
    result = {
        "hot_leads": args.leads,
        "cards_missing": missing,
        "message_to_card_p50_ms": round(statistics.median(to_card), 1),
        "message_to_card_p95_ms": round(pct(to_card, 95), 1),
        "hot_message_reply_p50_ms": round(statistics.median(reply), 1),
        "hot_message_reply_p95_ms": round(pct(reply, 95), 1),
    }
    print(json.dumps(result, indent=2))
    return 0 if missing == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
