"""How long the console's pages take on made-up data: `prospect demo-data --leads N` into a
fresh database, `prospect serve`, then each page asked 20 times by one signed-in client
(median and 95th percentile, server time plus the local HTTP round trip).

    .venv/bin/python -m tests.console.page_times --leads 2000

`--keep DIR` generates into DIR the first time and reuses it afterwards (migrated to the
current schema), so a change is timed before and after on the same data.
"""

from __future__ import annotations

import argparse
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import httpx

from bot.settings import PROJECT_ROOT
from tests.assistant import base_env, free_port

PASSWORD = "correct horse battery staple"


def _run(env: dict[str, str], *args: str, stdin: str = "") -> str:
    done = subprocess.run(
        [sys.executable, "-m", "bot.cli", *args], env=env, input=stdin.encode(),
        cwd=PROJECT_ROOT, capture_output=True, check=True,
    )  # fmt: skip
    return done.stdout.decode()


def _signed_in(url: str) -> httpx.Client:
    client = httpx.Client(base_url=url, timeout=60)
    page = client.get("/console/sign-in").text
    csrf = re.search(r'name="csrf" value="([^"]+)"', page).group(1)  # type: ignore[union-attr]
    form = {"csrf": csrf, "email": "ada@example.com", "password": PASSWORD}
    assert client.post("/console/sign-in", data=form).status_code == 303
    return client


def _time(client: httpx.Client, path: str, n: int = 20) -> tuple[float, float]:
    times = []
    for _ in range(n):
        started = time.perf_counter()
        assert client.get(path).status_code == 200, path
        times.append((time.perf_counter() - started) * 1000)
    times.sort()
    return statistics.median(times), times[int(0.95 * (n - 1))]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--leads", type=int, default=2000)
    parser.add_argument("--keep", type=Path, help="generate into DIR once, then reuse it")
    args = parser.parse_args()
    data = args.keep or Path(tempfile.mkdtemp(prefix="console-times-"))
    reuse = args.keep is not None and (data / "users-added").exists()
    env = base_env(data, free_port(), free_port())
    env["RASA_URL"] = "http://127.0.0.1:9"
    if not reuse:
        print(_run(env, "demo-data", "--leads", str(args.leads), "--seed", "7").strip())
        _run(env, "users", "add", "ada@example.com", "--role", "admin", "--password-stdin",
             stdin=PASSWORD + "\n")  # fmt: skip
        (data / "users-added").touch()
    server = subprocess.Popen(
        [sys.executable, "-m", "bot.cli", "serve"], env=env, cwd=PROJECT_ROOT,
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    url = f"http://127.0.0.1:{env['APP_PORT']}"
    try:
        for _ in range(120):
            try:
                httpx.get(f"{url}/health", timeout=2)
                break
            except httpx.HTTPError:
                time.sleep(0.5)
        client = _signed_in(url)
        middle = args.leads // 2
        pages = {
            "leads list, first page (by score)": "/console/leads",
            "leads list, filtered (SDR-ready, fr, score 50-200)": "/console/leads?sdr_ready=yes"
            "&language=fr&score_min=50&score_max=200",
            "leads list, sorted by date, page 20": "/console/leads?sort=created&page=20",
            f"lead page (#{middle})": f"/console/leads/{middle}",
            "conversations going on now (JSON)": "/console/conversations.json",
            "analytics (the last 90 days, by week)": "/console/analytics",
            "calibration": "/console/calibration",
        }
        print(f"{args.leads} leads, SQLite, one app worker; median / p95 of 20 requests:")
        for name, path in pages.items():
            median, p95 = _time(client, path)
            print(f"  {name:55} {median:7.1f} ms / {p95:7.1f} ms")
        started = time.perf_counter()
        size = len(client.get("/console/leads.csv").content)
        took = (time.perf_counter() - started) * 1000
        print(f"  {'CSV export of every lead':55} {took:7.1f} ms ({size // 1024} KB)")
    finally:
        server.terminate()
        server.wait(timeout=30)
        if args.keep is None:
            shutil.rmtree(data, ignore_errors=True)


if __name__ == "__main__":
    main()
