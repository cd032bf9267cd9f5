"""Handoff latency: from the prospect's message that makes a lead hot to the card arriving
at the (fake) Slack Web API, p50/p95/max.

Starts the whole assistant (`prospect run`: engine + app) with Slack pointed at a local fake
Web API, plays qualification conversations in French and English until one makes its lead
SDR-ready, and times that message against the arrival of its card. Which message did it is
read from the admin API after each reply (a handoff exists for the lead): the dialogue decides
(today the e-mail with its consent), not the script. The same run prints the chat reply time
of that message for scale.

    .venv/bin/python benchmarks/handoff_latency.py [--leads 20] [--profile production]

`--profile production`: PostgreSQL (a fresh database on TEST_POSTGRES_URL, dropped after)
and Redis (BENCH_REDIS_URL, default db 9 of 127.0.0.1:6379) with two app workers.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmarks.chat_latency import pct, running_assistant, visitor_session  # noqa: E402
from tests.fakes.slack_api import FakeSlack  # noqa: E402

ADMIN = "bench-handoff-admin-token-0123456789"
POSTGRES = os.environ.get("TEST_POSTGRES_URL", "postgresql://postgres@127.0.0.1:5432/test")
REDIS = os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/9")
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


@contextmanager
def profile_env(profile: str) -> Iterator[dict[str, str]]:
    """The environment of the profile: nothing for embedded; for production a database of
    its own (dropped after), Redis and two app workers."""
    if profile != "production":
        yield {}
        return
    import psycopg
    import redis
    import sqlalchemy as sa

    name = f"prospect_bench_{os.getpid()}_{int(time.time())}"
    with psycopg.connect(POSTGRES, autocommit=True) as admin:
        admin.execute(f'CREATE DATABASE "{name}"')
    redis.Redis.from_url(REDIS).flushdb()
    url = sa.engine.make_url(POSTGRES).set(drivername="postgresql+psycopg", database=name)
    try:
        yield {
            "DATABASE_URL": url.render_as_string(hide_password=False),
            "REDIS_URL": REDIS,
            "APP_WORKERS": "2",
        }
    finally:
        with psycopg.connect(POSTGRES, autocommit=True) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def handed_over(client: httpx.Client, app: str, lead_id: int | None) -> bool:
    if lead_id is None:
        return False
    rows = client.get(
        f"{app}/api/handoffs", params={"limit": 500}, headers={"Authorization": f"Bearer {ADMIN}"}
    ).json()
    return any(row["lead_id"] == lead_id for row in rows)


def play_lead(
    client: httpx.Client, app: str, slack: FakeSlack, i: int
) -> tuple[float | None, float | None]:
    """One conversation until its lead is handed over: (message to card ms or None if the
    card never came, that message's reply ms); (None, None) if the lead never got hot."""
    lang = "en" if i % 2 == 0 else "fr"
    sender = f"bench-hot-{i}"
    visitor = visitor_session(client.post(f"{app}/api/chat/session"))
    for text in [t.format(i=i) for t in SCRIPTS[lang]]:
        before = len(slack.posted(thread=False))
        t0 = time.perf_counter()
        answer = client.post(
            f"{app}/api/chat", json={"sender": sender, "text": text}, headers=visitor
        )
        reply = (time.perf_counter() - t0) * 1000
        if not handed_over(client, app, answer.json().get("lead_id")):
            continue
        try:
            slack.wait_for(lambda b=before: len(slack.posted(thread=False)) > b, 10)
        except AssertionError:
            return None, reply
        card = slack.posted(thread=False)[before]
        return (float(str(card["received_at"])) - t0) * 1000, reply
    return None, None


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--leads", type=int, default=20, help="hot leads (half per language)")
    parser.add_argument(
        "--profile",
        choices=("embedded", "production"),
        default=os.environ.get("PROSPECT_TEST_PROFILE", "embedded"),
    )
    args = parser.parse_args()
    slack_env = {
        "SLACK_BOT_TOKEN": "xoxb-bench",
        "SLACK_SIGNING_SECRET": "bench",
        "SLACK_HANDOFF_CHANNEL": "CBENCH",
        "ADMIN_TOKEN": ADMIN,
    }
    to_card: list[float] = []
    reply: list[float] = []
    missing = not_hot = 0
    with (
        profile_env(args.profile) as stores,
        FakeSlack() as slack,
        running_assistant(ROOT, **slack_env, **stores, SLACK_API_URL=slack.url) as (_r, app, _e),
        httpx.Client(timeout=30) as client,
    ):
        for i in range(args.leads):
            card_ms, reply_ms = play_lead(client, app, slack, i)
            if reply_ms is None:
                not_hot += 1
                continue
            reply.append(reply_ms)
            if card_ms is None:
                missing += 1
            else:
                to_card.append(card_ms)
    print(json.dumps(summary(args.profile, args.leads, to_card, reply, missing, not_hot), indent=2))
    return 0 if missing == 0 and not_hot == 0 else 1


def summary(
    profile: str, leads: int, to_card: list[float], reply: list[float], missing: int, not_hot: int
) -> dict[str, object]:
    return {
        "profile": profile,
        "leads": leads,
        "not_hot": not_hot,
        "cards_missing": missing,
        "message_to_card_p50_ms": round(statistics.median(to_card), 1) if to_card else None,
        "message_to_card_p95_ms": round(pct(to_card, 95), 1) if to_card else None,
        "message_to_card_max_ms": round(max(to_card), 1) if to_card else None,
        "hot_message_reply_p50_ms": round(statistics.median(reply), 1) if reply else None,
        "hot_message_reply_p95_ms": round(pct(reply, 95), 1) if reply else None,
    }


if __name__ == "__main__":
    sys.exit(main())
