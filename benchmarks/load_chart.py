"""The chart of `make bench` (benchmarks/load.py): latency p50/p95 and throughput against
concurrency, one colour per target, as a PNG."""

from __future__ import annotations

from pathlib import Path
from typing import Any

LABELS = {
    "ours": "ours",
    "stock": "fair baseline (stock Rasa, same assistant)",
    "init": "reference (rasa init config, no actions)",
}


def chart(results: dict[str, Any], path: Path) -> None:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    levels = [int(level) for level in results["levels"]]
    fig, (left, right) = plt.subplots(1, 2, figsize=(11, 4.4))
    styles = {"ours": ("o-", "tab:blue"), "stock": ("s-", "tab:orange"), "init": ("^:", "grey")}
    for target, (style, color) in styles.items():
        rows = [results["levels"][str(level)][target] for level in levels]
        label = LABELS[target].split(" (")[0]
        p50, p95 = [r["p50_ms"] for r in rows], [r["p95_ms"] for r in rows]
        left.plot(levels, p50, style, color=color, label=f"{label} p50")
        left.plot(levels, p95, style, color=color, alpha=0.4, label=f"{label} p95")
        throughput = [r["throughput_msg_s"] for r in rows]
        right.plot(levels, throughput, style, color=color, label=LABELS[target])
    left.set(
        xscale="log",
        yscale="log",
        xlabel="concurrent conversations",
        ylabel="latency (ms)",
        title="Latency",
    )
    right.set(
        xscale="log", xlabel="concurrent conversations", ylabel="messages / s", title="Throughput"
    )
    for axis in (left, right):
        axis.grid(True, alpha=0.3)
        axis.legend(fontsize=7)
    fig.suptitle("Ours vs the same assistant on stock Rasa (fair baseline), same machine, same run")
    fig.tight_layout()
    fig.savefig(path, dpi=110)
