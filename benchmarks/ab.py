"""A/B: this checkout against an earlier commit, side by side under the same load.

Both versions run at once (`prospect run` each, own data folder, own ports); the load
generator of `make bench` plays the same scripted conversations against them, alternating
round after round, so the machine's noise hits both. Printed per version: throughput,
latency p50/p95, errors, and the CPU per message of all its processes. This is how each
optimisation in docs/benchmark.md was measured against the commit before it.

    .venv/bin/python -m benchmarks.ab REV [--level 20] [--rounds 4]

REV is checked out in a temporary git worktree that borrows this checkout's environments
(.venv, .venv-rasa); `prospect run` trains its model there if its data differ.
"""

from __future__ import annotations

import argparse
import asyncio
import subprocess
import tempfile
from contextlib import ExitStack
from pathlib import Path

from benchmarks.chat_latency import running_assistant, tree
from benchmarks.load import ROOT, cpu_seconds, load, summarise

UNLIMITED = {"RATE_LIMIT_IP_PER_MINUTE": "1000000", "RATE_LIMIT_IP_BURST": "1000000"}


def worktree(rev: str, stack: ExitStack) -> Path:
    folder = Path(tempfile.mkdtemp(prefix="ab-base-")) / "checkout"
    subprocess.run(
        ["git", "worktree", "add", "--detach", str(folder), rev],
        cwd=ROOT,
        check=True,
        capture_output=True,
    )
    stack.callback(
        subprocess.run,
        ["git", "worktree", "remove", "--force", str(folder)],
        cwd=ROOT,
        capture_output=True,
    )
    for venv in (".venv", ".venv-rasa"):
        (folder / venv).symlink_to(ROOT / venv)
    return folder


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("rev", help="the commit to compare this checkout with")
    parser.add_argument("--level", type=int, default=20, help="concurrent conversations")
    parser.add_argument("--rounds", type=int, default=4, help="alternations of the two")
    args = parser.parse_args()
    with ExitStack() as stack:
        roots = {args.rev: worktree(args.rev, stack), "this checkout": ROOT}
        urls, pids = {}, {}
        for name, root in roots.items():
            print(f"starting {name} ({root}) ...", flush=True)
            proc, url, _ = stack.enter_context(running_assistant(root, **UNLIMITED))
            urls[name], pids[name] = url, [proc.pid, *tree(proc.pid)]
        for name in roots:  # warm-up, not counted
            asyncio.run(load("ours", urls[name], args.level, 10, "warm"))
        runs: dict[str, list] = {name: [] for name in roots}
        cpu = dict.fromkeys(roots, 0.0)
        for round_ in range(args.rounds):
            order = list(roots) if round_ % 2 == 0 else list(reversed(roots))
            for name in order:
                before = sum(cpu_seconds(pid) for pid in pids[name])
                run = load("ours", urls[name], args.level, args.level, f"ab{round_}")
                runs[name].append(asyncio.run(run))
                cpu[name] += sum(cpu_seconds(pid) for pid in pids[name]) - before
        for name in roots:
            s = summarise(runs[name])
            print(
                f"{name:>14}: {s['throughput_msg_s']} msg/s, p50 {s['p50_ms']} ms, "
                f"p95 {s['p95_ms']} ms, errors {s['errors']}, "
                f"CPU {1000 * cpu[name] / max(1, s['messages']):.1f} ms/message"
            )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
