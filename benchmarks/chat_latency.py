"""Per-message latency through /api/chat, against the engine's own REST channel, in one run.

Starts the whole assistant with `prospect run` on free ports, plays short scripted
conversations in French and English one message at a time, alternating between
(a) our full path: POST /api/chat (store, engine, custom action, store replies) and
(b) the same engine's REST channel directly (no app, no database),
then prints p50/p95 for both, the ratio, and the resident memory of each process.

    .venv/bin/python benchmarks/chat_latency.py [--rounds 20]

The machine is shared and noisy: read the ratio, not the absolute times.
"""

from __future__ import annotations

import argparse
import json
import os
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parent.parent

SCRIPTS = {
    "fr": [
        "Bonjour",
        "qu'est-ce que vous savez faire ?",
        "non merci",
        "merci beaucoup",
        "au revoir",
    ],
    "en": ["hello there", "what can you do?", "no thanks", "thanks a lot", "bye"],
}


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
        return port


def rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return 0.0


def tree(pid: int) -> list[int]:
    out = subprocess.run(["ps", "-o", "pid=", "--ppid", str(pid)], capture_output=True, text=True)
    kids = [int(p) for p in out.stdout.split()]
    return kids + [g for k in kids for g in tree(k)]


# Every simulated visitor comes from 127.0.0.1: no limit on new visitor sessions.
NEW_VISITORS_UNLIMITED = {
    "RATE_LIMIT_SESSION_PER_MINUTE": "1000000",
    "RATE_LIMIT_SESSION_BURST": "1000000",
}


def visitor_session(response: httpx.Response) -> dict[str, str]:
    """The headers of a new visitor from `POST /api/chat/session`'s answer; none from a
    checkout older than visitor tokens (404: it reads `sender` from the body, which newer
    ones ignore), so `make bench-ab` can still compare against it."""
    if response.status_code == 404:
        return {}
    response.raise_for_status()
    return {"X-Visitor-Token": response.json()["token"]}


@contextmanager
def running_assistant(
    root: Path = ROOT, **env_extra: str
) -> Iterator[tuple[subprocess.Popen[bytes], str, str]]:
    """`prospect run` of the checkout at `root` on free ports with its own data folder, once
    the engine answers; stopped with Ctrl-C on exit. Yields the process and the app's and
    engine's URLs."""
    app_port, engine_port = free_port(), free_port()
    data = Path(tempfile.mkdtemp(prefix="bench-"))
    env = {name: value for name, value in os.environ.items() if name != "DATABASE_URL"}
    env.update(  # a DATABASE_URL of the caller's (env_extra) is kept: the production profile
        DATA_DIR=str(data),
        APP_PORT=str(app_port),
        ENGINE_PORT=str(engine_port),
        ENVIRONMENT="test",
        **{**NEW_VISITORS_UNLIMITED, **env_extra},
    )
    log = (data / "run.log").open("wb")
    cmd = [sys.executable, "-m", "bot.cli", "run"]
    run = subprocess.Popen(cmd, cwd=root, env=env, stdout=log, stderr=subprocess.STDOUT)
    app = f"http://127.0.0.1:{app_port}"
    try:
        deadline = time.monotonic() + 300
        while True:
            try:
                if httpx.get(f"{app}/health", timeout=2).json()["engine"] == "up":
                    break
            except (httpx.HTTPError, ValueError, KeyError):
                pass
            if run.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError(
                    "the assistant did not start:\n" + (data / "run.log").read_text()[-3000:]
                )
            time.sleep(0.25)
        yield run, app, f"http://127.0.0.1:{engine_port}"
    finally:
        run.send_signal(signal.SIGINT)
        run.wait(timeout=60)


def pct(values: list[float], q: float) -> float:
    values = sorted(values)
    return values[min(len(values) - 1, round(q / 100 * (len(values) - 1)))]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rounds", type=int, default=20, help="conversations per language")
    parser.add_argument("--json", type=Path, help="also write the results to this file")
    args = parser.parse_args()

    started = time.monotonic()
    with running_assistant() as (run, app, engine):
        ready_s = time.monotonic() - started
        ours: list[float] = []
        plain: list[float] = []
        errors = 0
        with httpx.Client(timeout=30) as client:
            visitors: dict[str, dict[str, str]] = {}
            for i in range(args.rounds):
                for lang, script in SCRIPTS.items():
                    for text in script:
                        for target in ("ours", "plain"):
                            sender = f"bench-{target}-{lang}-{i}"
                            headers: dict[str, str] = {}
                            if target == "ours":
                                url, body = f"{app}/api/chat", {"sender": sender, "text": text}
                                if sender not in visitors:  # a new visitor, not timed
                                    new = client.post(f"{app}/api/chat/session")
                                    visitors[sender] = visitor_session(new)
                                headers = visitors[sender]
                            else:
                                url = f"{engine}/webhooks/rest/webhook"
                                body = {"sender": sender, "message": text}
                            t0 = time.perf_counter()
                            r = client.post(url, json=body, headers=headers)
                            ms = (time.perf_counter() - t0) * 1000
                            errors += r.status_code != 200
                            (ours if target == "ours" else plain).append(ms)
        processes = {"prospect run (supervisor)": run.pid}
        for pid in tree(run.pid):
            cmd = Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ").decode()
            processes["engine (rasa run)" if "rasa" in cmd else f"app ({pid})"] = pid
        memory = {name: round(rss_mb(pid)) for name, pid in processes.items()}
        result = {
            "messages_each": len(ours),
            "errors": errors,
            "ready_s": round(ready_s, 1),
            "ours_p50_ms": round(statistics.median(ours), 1),
            "ours_p95_ms": round(pct(ours, 95), 1),
            "plain_engine_p50_ms": round(statistics.median(plain), 1),
            "plain_engine_p95_ms": round(pct(plain, 95), 1),
            "ratio_p50_ours_over_plain": round(
                statistics.median(ours) / statistics.median(plain), 2
            ),
            "rss_mb": memory,
            "rss_total_mb": sum(memory.values()),
        }
        print(json.dumps(result, indent=2))
        if args.json:
            args.json.write_text(json.dumps(result, indent=2))
        return 0 if errors == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
