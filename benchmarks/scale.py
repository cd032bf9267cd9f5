"""`make bench-scale`: how far one machine goes on the production profile, and how many idle
widget connections one app process holds.

1. Workers: `prospect run` on the production profile (a fresh PostgreSQL database on
   TEST_POSTGRES_URL, dropped after; Redis db 9 of 127.0.0.1:6379, flushed) with 1, 2 and
   4 app workers and 1 and 2 engine workers. For each, `make bench`'s conversations at
   rising concurrency (one round, 2 conversations per simulated prospect) until the p95
   passes 2 s: throughput, p50/p95, errors, CPU per message of all its processes, peak
   resident memory.
2. Idle widget connections: the embedded profile (one app worker); N visitors each open the
   widget's socket (`GET /api/chat/socket`, first frame the auth frame) and hold it idle.
   Counted: sockets open and still open after a pause, and the app's resident memory per
   connection (its growth divided by the sockets held).

    .venv/bin/python -m benchmarks.scale [--configs 1x1,2x1,4x1,1x2,2x2,4x2]
        [--levels 10,25,50,100,200] [--sockets 10000]

Results go to benchmarks/results/scale-<time>.json.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import resource
import sys
import time
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import httpx
import websockets

from benchmarks.chat_latency import rss_mb, running_assistant, tree
from benchmarks.handoff_latency import profile_env
from benchmarks.load import RESULTS, ROOT, UNLIMITED, cpu_seconds, load, summarise

P95_LIMIT_MS = 2000.0


def processes(pid: int) -> list[int]:
    return [pid, *tree(pid)]


def one_config(app_workers: int, engine_workers: int, levels: list[int]) -> dict[str, Any]:
    """One production configuration at rising concurrency, until the p95 passes 2 s."""
    rows: dict[str, Any] = {}
    with profile_env("production") as env:
        env = {**env, **UNLIMITED}
        env.update(APP_WORKERS=str(app_workers), ENGINE_WORKERS=str(engine_workers))
        with running_assistant(ROOT, **env) as (run, url, _):
            pids = processes(run.pid)
            asyncio.run(load("ours", url, 10, 10, "warm"))  # every worker's first messages
            peak = 0.0
            for level in levels:
                before = sum(cpu_seconds(p) for p in pids)
                result = asyncio.run(load("ours", url, level, 2 * level, f"s{level}"))
                cpu = sum(cpu_seconds(p) for p in pids) - before
                peak = max(peak, sum(rss_mb(p) for p in pids))
                row = summarise([result])
                row["cpu_ms_per_message"] = round(1000 * cpu / max(1, row["messages"]), 1)
                rows[str(level)] = row
                print(f"  {app_workers} app x {engine_workers} engine, {level}: {row}", flush=True)
                if row["p95_ms"] > P95_LIMIT_MS:
                    break
    over = [int(level) for level, row in rows.items() if row["p95_ms"] > P95_LIMIT_MS]
    return {
        "app_workers": app_workers,
        "engine_workers": engine_workers,
        "levels": rows,
        "p95_over_2s_at": over[0] if over else None,
        "best_throughput_msg_s": max(r["throughput_msg_s"] for r in rows.values()),
        "rss_peak_mb": round(peak),
    }


async def hold_sockets(url: str, count: int, app_pids: list[int]) -> dict[str, Any]:
    """`count` visitors, each with the widget's socket open and idle."""
    limits = httpx.Limits(max_connections=50)
    async with httpx.AsyncClient(timeout=60, limits=limits) as client:
        gate = asyncio.Semaphore(50)

        async def token() -> str:
            async with gate:
                response = await client.post(f"{url}/api/chat/session")
                response.raise_for_status()
                return str(response.json()["token"])

        tokens = await asyncio.gather(*(token() for _ in range(count)))
    before = sum(rss_mb(p) for p in app_pids)
    socket_url = url.replace("http://", "ws://") + "/api/chat/socket"
    opened: list[Any] = []
    failed = 0
    started = time.perf_counter()
    for i in range(0, count, 200):  # in batches: a burst of 10,000 handshakes is not idle
        batch = await asyncio.gather(
            *(_open(socket_url, t) for t in tokens[i : i + 200]), return_exceptions=True
        )
        opened += [s for s in batch if not isinstance(s, BaseException)]
        failed += sum(isinstance(s, BaseException) for s in batch)
    open_seconds = time.perf_counter() - started
    await asyncio.sleep(10)  # idle: the server's side settles
    alive = sum(s.state.name == "OPEN" for s in opened)
    after = sum(rss_mb(p) for p in app_pids)
    await asyncio.gather(*(s.close() for s in opened), return_exceptions=True)
    return {
        "asked": count,
        "opened": len(opened),
        "failed": failed,
        "open_after_10_s": alive,
        "seconds_to_open": round(open_seconds, 1),
        "app_rss_before_mb": round(before),
        "app_rss_after_mb": round(after),
        "kb_per_connection": round(1024 * (after - before) / max(1, alive), 1),
    }


async def _open(url: str, token: str) -> Any:
    socket = await websockets.connect(url, ping_interval=None, open_timeout=60, max_size=2**20)
    await socket.send(json.dumps({"type": "auth", "token": token}))
    return socket


def idle_sockets(count: int) -> dict[str, Any]:
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    wanted = min(hard, max(soft, count + 1000))
    resource.setrlimit(resource.RLIMIT_NOFILE, (wanted, hard))  # the app inherits it too
    env = {**UNLIMITED, "RATE_LIMIT_VISITOR_PER_MINUTE": "1000000"}
    with running_assistant(ROOT, **env) as (run, url, _):
        app_pids = [
            p for p in tree(run.pid) if b"rasa" not in Path(f"/proc/{p}/cmdline").read_bytes()
        ]
        result = asyncio.run(hold_sockets(url, count, app_pids))
    result["fd_limit"] = wanted
    print(f"idle widget connections: {result}", flush=True)
    return result


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--configs", default="1x1,2x1,4x1,1x2,2x2,4x2", help="app x engine")
    parser.add_argument("--levels", default="10,25,50,100,200", help="concurrent conversations")
    parser.add_argument("--sockets", type=int, default=10000, help="idle widget connections")
    args = parser.parse_args()
    stamp = datetime.now(UTC).strftime("%Y%m%d-%H%M%S")
    levels = [int(x) for x in args.levels.split(",")]
    results: dict[str, Any] = {"started": stamp, "configs": [], "sockets": None}
    if args.sockets:
        results["sockets"] = idle_sockets(args.sockets)
    for config in filter(None, args.configs.split(",")):
        app_workers, engine_workers = (int(x) for x in config.split("x"))
        print(f"production profile, {app_workers} app x {engine_workers} engine ...", flush=True)
        results["configs"].append(one_config(app_workers, engine_workers, levels))
    RESULTS.mkdir(parents=True, exist_ok=True)
    out = RESULTS / f"scale-{stamp}.json"
    out.write_text(json.dumps(results, indent=2))
    for c in results["configs"]:
        print(
            f"{c['app_workers']} app x {c['engine_workers']} engine: best "
            f"{c['best_throughput_msg_s']} msg/s, p95 over 2 s at "
            f"{c['p95_over_2s_at'] or 'more than ' + str(levels[-1])} concurrent, "
            f"{c['rss_peak_mb']} MB"
        )
    print(f"results: {out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
