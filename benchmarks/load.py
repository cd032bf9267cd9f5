"""`make bench`: our stack against the same assistant built the stock way, under load, in
the same run.

(a) ours: `prospect run` (app + engine), every message through POST /api/chat: channel,
    engine, custom actions called inside the app, scoring, database, reply.
(b) the fair baseline (benchmarks/stock_rasa.py): the same model and domain served by stock
    `rasa run` with Rasa's own SQLTrackerStore (SQLite file), the same actions served by
    rasa-sdk's action server, the same gateway in front: the same API, the same replies
    (checked first: benchmarks/replies_check.py).
(c) reference, for what it is: our training data trained with `rasa init`'s default
    config.yml, served by `rasa run` on its REST channel, no action server, no gateway, an
    in-memory tracker store (benchmarks/plain_rasa.py). Its custom actions all fail and it
    answers French prospects in English: it does less work than either of the others.

An asyncio load generator plays scripted multi-turn qualification conversations in French and
English (each sender waits for its reply before the next message) at 1, 20 and 100
concurrent conversations. The three targets alternate, round after round (the order
rotates), so the machine's noise hits all of them. Printed: throughput (messages/s),
latency p50/p95/p99, errors, CPU milliseconds per message of every process, the peak
resident memory of every process, and the ratios ours/fair baseline and ours/reference.
Results go to benchmarks/results/load-<time>.json and a PNG chart.

    .venv/bin/python -m benchmarks.load [--levels 1,20,100] [--rounds 4] [--quick]

The reference model is trained once (several minutes: DIET, TED) and cached by a
fingerprint of its inputs under benchmarks/results/plain-rasa/.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import sys
import time
from contextlib import ExitStack
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import httpx

from benchmarks.chat_latency import pct, rss_mb, running_assistant, tree, visitor_session
from benchmarks.load_chart import LABELS, chart
from benchmarks.plain_rasa import plain_model, running_plain_rasa
from benchmarks.replies_check import check
from benchmarks.stock_rasa import running_stock
from bot.conversations.replies import engine_unavailable
from bot.engine.model import RasaProject, model_path

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "benchmarks" / "results"
TARGETS = ("ours", "stock", "init")
GATEWAY = ("ours", "stock")  # the targets that answer POST /api/chat
# Every simulated prospect comes from 127.0.0.1: lift the per-address limit (the
# per-visitor one stays, and no scripted visitor comes near it). The gateway waits for the
# engine as long as the load generator waits for the gateway (ENGINE_TIMEOUT is 10 s by
# default, after which it answers a holding notice and replays the message later: that
# would time a notice, not an answer).
UNLIMITED = {
    "RATE_LIMIT_IP_PER_MINUTE": "1000000",
    "RATE_LIMIT_IP_BURST": "1000000",
    "ENGINE_TIMEOUT": "110",
}
NOTICES = {engine_unavailable(language) for language in ("en", "fr")}

CONVERSATIONS = {
    "en": [
        "Hello",
        "We waste hours every week qualifying leads by hand",
        "I'm the head of marketing at Brightwave, we are 250 people",
        "Our budget is around 40k per year",
        "We would like to start within 3 months",
        "Do you integrate with Salesforce?",
        "Thanks, that's all for now",
    ],
    "fr": [
        "Bonjour",
        "Nos commerciaux perdent trop de temps à qualifier les leads",
        "Je suis directrice marketing chez Maison Lenoir, 120 salariés",
        "Nous avons un budget de 30 000 euros par an",
        "Nous voulons démarrer d'ici six mois",
        "Est-ce que vos données sont hébergées en Europe ?",
        "Merci, bonne journée",
    ],
}


@dataclass
class Run:
    target: str
    level: int
    latencies_ms: list[float] = field(default_factory=list)
    errors: int = 0  # no answer, not HTTP 200, or the gateway's "engine unavailable" notice
    empty: int = 0  # answered 200 with no reply at all (the reference's failed actions)
    seconds: float = 0.0

    @property
    def messages(self) -> int:
        return len(self.latencies_ms)


# ---------- load ----------


async def converse(
    client: httpx.AsyncClient, target: str, url: str, sender: str, script: list[str], run: Run
) -> None:
    gateway = target in GATEWAY
    headers: dict[str, str] = {}
    if gateway:  # a new visitor's session, before the timed messages
        try:
            headers = visitor_session(await client.post(f"{url}/api/chat/session"))
        except (httpx.HTTPError, ValueError, KeyError):
            run.errors += len(script)
            return
    for text in script:
        if gateway:
            request = client.post(
                f"{url}/api/chat", headers=headers, json={"sender": sender, "text": text}
            )
        else:
            request = client.post(
                f"{url}/webhooks/rest/webhook", json={"sender": sender, "message": text}
            )
        started = time.perf_counter()
        replied = False
        try:
            response = await request
            replies = response.json()["messages"] if gateway else response.json()
            # the gateway's holding notice when the engine did not answer is no answer
            ok = response.status_code == 200 and not any(r.get("text") in NOTICES for r in replies)
            replied = ok and bool(replies)
        except (httpx.HTTPError, ValueError, KeyError, TypeError):
            ok = False
        run.latencies_ms.append((time.perf_counter() - started) * 1000)
        run.errors += not ok
        run.empty += ok and not replied


async def load(target: str, url: str, level: int, conversations: int, tag: str) -> Run:
    run = Run(target, level)
    queue: asyncio.Queue[int] = asyncio.Queue()
    for i in range(conversations):
        queue.put_nowait(i)
    limits = httpx.Limits(max_connections=level + 5, max_keepalive_connections=level + 5)
    async with httpx.AsyncClient(timeout=120, limits=limits) as client:

        async def worker() -> None:
            while not queue.empty():
                i = queue.get_nowait()
                language = "fr" if i % 2 else "en"
                sender = f"bench-{tag}-{target}-{level}-{i}"
                await converse(client, target, url, sender, CONVERSATIONS[language], run)

        started = time.perf_counter()
        await asyncio.gather(*(worker() for _ in range(level)))
        run.seconds = time.perf_counter() - started
    return run


def cpu_seconds(pid: int) -> float:
    """User + system CPU time of a process and its children so far."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    ticks = sum(int(x) for x in fields[11:15])  # utime, stime, cutime, cstime
    return ticks / os.sysconf("SC_CLK_TCK")


def memory(pids: dict[str, int]) -> dict[str, float]:
    return {name: round(rss_mb(pid)) for name, pid in pids.items()}


def summarise(runs: list[Run]) -> dict[str, Any]:
    latencies = [ms for r in runs for ms in r.latencies_ms]
    seconds = sum(r.seconds for r in runs)
    return {
        "messages": len(latencies),
        "errors": sum(r.errors for r in runs),
        "no_reply": sum(r.empty for r in runs),
        "throughput_msg_s": round(len(latencies) / seconds, 1) if seconds else 0.0,
        "p50_ms": round(pct(latencies, 50), 1),
        "p95_ms": round(pct(latencies, 95), 1),
        "p99_ms": round(pct(latencies, 99), 1),
    }


@dataclass
class Targets:
    """The targets, running: their URLs, the processes to measure by name (prefixed with
    their target), and the peak resident memory of each process so far."""

    urls: dict[str, str]
    pids: dict[str, int]
    peak: dict[str, float] = field(default_factory=dict)


def measured_pids(ours_pid: int, stock: dict[str, int], init_pid: int) -> dict[str, int]:
    """`prospect run` and the app and engine it started, the fair baseline's processes and
    the reference's `rasa run`, by name."""
    pids = {"ours: prospect run": ours_pid}
    for pid in tree(ours_pid):
        cmd = Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ").decode()
        pids[f"ours: {'engine' if 'rasa' in cmd else 'app'} ({pid})"] = pid
    for name, pid in stock.items():
        pids[f"stock: {name}"] = pid
        for child in tree(pid):
            pids[f"stock: {name} child ({child})"] = child
    pids["init: rasa run"] = init_pid
    return pids


def play_level(
    targets: Targets, level: int, conversations: int, rounds: int, stamp: str
) -> tuple[dict[str, list[Run]], dict[str, float]]:
    """The targets alternated over `rounds` at one level of concurrency (the order rotates
    each round): the runs of each, and the CPU seconds each process spent on its target's
    runs. Updates the peaks."""
    runs: dict[str, list[Run]] = {target: [] for target in TARGETS}
    cpu: dict[str, float] = {}
    pids, peak = targets.pids, targets.peak
    for round_ in range(rounds):
        shift = round_ % len(TARGETS)
        for target in TARGETS[shift:] + TARGETS[:shift]:
            tag = f"{stamp}-{round_}"
            before = {name: cpu_seconds(pid) for name, pid in pids.items()}
            runs[target].append(
                asyncio.run(load(target, targets.urls[target], level, conversations, tag))
            )
            for name, pid in pids.items():
                if name.startswith(f"{target}:"):
                    cpu[name] = cpu.get(name, 0) + cpu_seconds(pid) - before[name]
            for name, mb in memory(pids).items():
                peak[name] = max(peak.get(name, 0), mb)
    return runs, cpu


def plan(level: int, rounds: int, *, quick: bool = False) -> tuple[int, int]:
    """(rounds, conversations per round) for one level. Each target plays 4 conversations
    per simulated prospect (at least 12, at most 100) over the rounds, long enough that a
    burst of noise on this shared machine does not decide a level; but a round never has
    fewer conversations than prospects (else the level is not reached), so 100 concurrent
    conversations are one round of 100 each (the fair baseline takes minutes per round)."""
    total = max(12, min(level * (1 if quick else 4), 100))
    rounds = max(1, min(rounds, total // level))
    return rounds, max(level, -(-total // rounds))


def ratio(a: float, b: float) -> float:
    return round(a / max(b, 1e-9), 2)


def level_row(runs: dict[str, list[Run]], cpu: dict[str, float]) -> dict[str, Any]:
    """One level's results: each target's summary, the ratios of ours to the fair baseline
    and to the reference, and the CPU milliseconds per message of every process and of
    each target in all."""
    row: dict[str, Any] = {target: summarise(r) for target, r in runs.items()}
    for other in ("stock", "init"):
        row[f"ratio_throughput_ours_over_{other}"] = ratio(
            row["ours"]["throughput_msg_s"], row[other]["throughput_msg_s"]
        )
        row[f"ratio_p95_ours_over_{other}"] = ratio(row["ours"]["p95_ms"], row[other]["p95_ms"])
    messages = {t: max(1, sum(r.messages for r in rs)) for t, rs in runs.items()}
    row["cpu_ms_per_message"] = {
        name: round(1000 * seconds / messages[name.split(":")[0]], 1)
        for name, seconds in cpu.items()
    }
    row["cpu_ms_per_message_total"] = {
        target: round(
            sum(v for k, v in row["cpu_ms_per_message"].items() if k.startswith(f"{target}:")), 1
        )
        for target in TARGETS
    }
    return row


def print_level(level: int, row: dict[str, Any]) -> None:
    """One level's rows, as soon as they are measured."""
    lines = [f"{level:>4} concurrent:"]
    for target in TARGETS:
        s = row[target]
        lines.append(
            f"  {LABELS[target]}: {s['throughput_msg_s']} msg/s, p50/p95/p99 "
            f"{s['p50_ms']}/{s['p95_ms']}/{s['p99_ms']} ms, errors {s['errors']}, no reply "
            f"{s['no_reply']}/{s['messages']}, CPU {row['cpu_ms_per_message_total'][target]} "
            "ms/message"
        )
    lines.append(f"  CPU ms/message by process: {row['cpu_ms_per_message']}")
    lines.append(
        f"  fair baseline: throughput x{row['ratio_throughput_ours_over_stock']:.2f} "
        f"at {level} concurrent, p95 x{row['ratio_p95_ours_over_stock']:.2f}"
    )
    lines.append(
        f"  reference (rasa init): throughput x{row['ratio_throughput_ours_over_init']:.2f}, "
        f"p95 x{row['ratio_p95_ours_over_init']:.2f}"
    )
    print("\n".join(lines), flush=True)


def save_results(results: dict[str, Any], peak: dict[str, float], stamp: str) -> None:
    """Add the peak memory to `results`, write them as JSON and a PNG chart under
    benchmarks/results/, and print the memory and where they went."""
    results["rss_peak_mb"] = peak
    results["rss_total_mb"] = {
        target: sum(mb for name, mb in peak.items() if name.startswith(f"{target}:"))
        for target in TARGETS
    }
    RESULTS.mkdir(parents=True, exist_ok=True)
    out = RESULTS / f"load-{stamp}.json"
    out.write_text(json.dumps(results, indent=2))
    png = out.with_suffix(".png")
    chart(results, png)
    print(json.dumps({k: results[k] for k in ("rss_peak_mb", "rss_total_mb")}, indent=2))
    summary = [
        f"fair baseline: throughput x{row['ratio_throughput_ours_over_stock']:.2f} at {level} "
        f"concurrent (p95 x{row['ratio_p95_ours_over_stock']:.2f})"
        for level, row in results["levels"].items()
    ]
    print("\n".join(summary))
    print(f"results: {out}\nchart:   {png}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--levels", default="1,20,100", help="concurrent conversations")
    parser.add_argument("--rounds", type=int, default=3, help="alternations of the targets")
    parser.add_argument("--quick", action="store_true", help="small levels, to try the script")
    args = parser.parse_args()
    levels = [1, 4] if args.quick else [int(x) for x in args.levels.split(",")]

    reference = plain_model()
    ours_model = model_path(RasaProject(ROOT), ROOT / "models")
    if not ours_model.exists():
        raise SystemExit(f"no trained model {ours_model}: run `prospect train` first")
    stamp = datetime.now(UTC).strftime("%Y%m%d-%H%M%S")
    results: dict[str, Any] = {"started": stamp, "levels": {}, "rounds": args.rounds}
    with ExitStack() as stack:
        ours_process, ours_url, _ = stack.enter_context(running_assistant(ROOT, **UNLIMITED))
        stock, stock_url = stack.enter_context(running_stock(ours_model, **UNLIMITED))
        init_process, init_url = stack.enter_context(running_plain_rasa(reference))
        targets = Targets(
            urls={"ours": ours_url, "stock": stock_url, "init": init_url},
            pids=measured_pids(
                ours_process.pid, {n: p.pid for n, p in stock.items()}, init_process.pid
            ),
        )
        results["replies_check"] = check(targets.urls, CONVERSATIONS, stamp)
        for level in levels:
            rounds, conversations = plan(level, args.rounds, quick=args.quick)
            runs, cpu = play_level(targets, level, conversations, rounds, stamp)
            row = level_row(runs, cpu)
            results["levels"][str(level)] = row
            print_level(level, row)
    save_results(results, targets.peak, stamp)
    errors = sum(
        row[t]["errors"] + row[t]["no_reply"] for row in results["levels"].values() for t in GATEWAY
    )
    return 0 if errors == 0 and results["replies_check"]["same"] else 1


if __name__ == "__main__":
    sys.exit(main())
