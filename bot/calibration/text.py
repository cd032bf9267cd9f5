"""The calibration report for a terminal (`prospect calibrate`; `--json` prints the data)."""

from __future__ import annotations

from typing import Any


def percent(rate: dict[str, Any]) -> str:
    """`14.1 %  [10.6-18.5 %]  n = 312` (small sample said), or `-` without a sample."""
    if not rate["n"]:
        return "-"
    low, high = rate["ci95"]
    small = "  small sample" if rate["small_sample"] else ""
    interval = f"[{100 * low:.1f}-{100 * high:.1f} %]"
    return f"{100 * rate['rate']:5.1f} %  {interval:<15} n = {rate['n']}{small}"


def _headline(s: dict[str, Any]) -> list[str]:
    target = f"{100 * s['target']['low']:g}-{100 * s['target']['high']:g} %"
    alert = "  ALERT: too many no, the scoring needs adjusting" if s["no_alert"] else ""
    lines = [
        f"SDR-ready threshold in force: {s['threshold']:g} (configured: "
        f"{s['configured_threshold']:g})",
        f"Handed off as SDR-ready: {s['handed_off']}",
        "",
        f"  Bought (outcome won)  {percent(s['bought'])}   target {target}",
        f"  Verdict yes           {percent(s['verdict_yes'])}",
        f"  Verdict no            {percent(s['verdict_no'])}   alert above "
        f"{100 * s['no_alert_level']:g} %{alert}",
        "",
    ]
    if s["recommended_threshold"] is not None:
        w = s["would_change"]
        lines.append(
            f"Recommended threshold: {s['recommended_threshold']:g} (the lowest at which the "
            f"leads handed off at or above it bought at least {100 * s['target']['low']:g} %)"
        )
        lines.append(
            f"  on past leads: {w['handoffs_not_made']} handoffs not made, "
            f"{w['yes_verdicts_among_them']} yes verdicts and {w['won_among_them']} sales "
            "among them"
        )
    elif s["small_sample"]:
        lines.append(
            f"No recommended threshold: {s['handed_off']} handoffs, under the minimum sample "
            f"({s['min_sample']}). The figures above are shown, but are too few to judge by."
        )
    else:
        lines.append("No recommended threshold: none reaches the target on these leads.")
    return lines


def report_text(s: dict[str, Any]) -> str:
    """The whole report, as `summary()` (bot/calibration/summary.py) made it."""
    lines = _headline(s)
    lines += ["", "Score at handoff against verdicts and sales (95 % intervals):"]
    for row in s["reliability"]:
        lines.append(f"  {row['band']:>7}  P(yes) {percent(row['yes'])}")
        lines.append(f"  {'':>7}  P(won) {percent(row['won'])}")
    if not s["reliability"]:
        lines.append("  no handoff yet")
    lines += ["", "Lift per signal (P(yes | signal) / P(yes)):"]
    for row in s["lift"]:
        lines.append(f"  {row['signal']:<28} {row['lift']:5.2f}  n = {row['n']}")
    if not s["lift"]:
        lines.append("  none yet")
    lines += ["", "Threshold changes (prospect calibrate --apply [--threshold X] / --undo):"]
    for c in s["changes"]:
        undone = "  (undone)" if c["undone"] else ""
        verb = "applied" if c["action"] == "apply" else "undo   "
        lines.append(
            f"  {c['at'][:16].replace('T', ' ')} UTC  {verb} {c['before']:g} -> {c['after']:g}"
            f"  by {c['by']}{undone}"
        )
    if not s["changes"]:
        lines.append("  none: the configured threshold is in force")
    return "\n".join(lines)
